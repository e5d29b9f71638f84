// Screen / search: results as you type, each with its score bar and the matcher's explanation.
import { useEffect, useState } from 'react';
import { decide, screen, type Hit } from './api';

const FEATURE_LABELS: Record<string, string> = { name: 'Name', identifier: 'Identifier', legal_form: 'Legal form', birth_date: 'Birth date', country: 'Country', schema: 'Type' };

export function ScreenPage() {
  const [name, setName] = useState('');
  const [schema, setSchema] = useState('LegalEntity');
  const [country, setCountry] = useState('');
  const [dob, setDob] = useState('');
  const [authority, setAuthority] = useState('');
  const [customer, setCustomer] = useState('');
  const [decided, setDecided] = useState<string | null>(null);
  const [hits, setHits] = useState<Hit[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (name.trim().length < 2) {
      setHits([]);
      return;
    }
    // Results as you type, without a request per keystroke.
    const timer = setTimeout(() => {
      screen(name, schema, country, dob, authority, customer)
        .then((r) => {
          setHits(r);
          setError(null);
        })
        .catch((e: Error) => setError(e.message));
    }, 200);
    return () => clearTimeout(timer);
  }, [name, schema, country, dob, authority, customer, decided]);

  return (
    <section>
      <h1>Screen a name</h1>
      <form className="query" onSubmit={(e) => e.preventDefault()}>
        <label>
          Name <input aria-label="name" autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="MZKT, Alexander Lukashenko, Минский завод…" />
        </label>
        <label>
          Type{' '}
          <select aria-label="type" value={schema} onChange={(e) => setSchema(e.target.value)}>
            {['LegalEntity', 'Person', 'Company', 'Organization', 'Vessel'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Country <input aria-label="country" size={4} value={country} onChange={(e) => setCountry(e.target.value)} placeholder="by" />
        </label>
        <label>
          Birth date <input aria-label="birth date" size={10} value={dob} onChange={(e) => setDob(e.target.value)} placeholder="1954-08-30" />
        </label>
        <label>
          List{' '}
          <select aria-label="list" value={authority} onChange={(e) => setAuthority(e.target.value)}>
            <option value="">all lists</option>
            <option value="us_">US</option>
            <option value="eu_">EU</option>
            <option value="gb_">UK</option>
            <option value="un_">UN</option>
            <option value="ca_">Canada</option>
          </select>
        </label>
        <label>
          Customer <input aria-label="customer" size={10} value={customer} onChange={(e) => setCustomer(e.target.value)} placeholder="your id" />
        </label>
      </form>
      {error ? <p className="error">{error}</p> : null}
      {decided ? <p role="status">{decided}</p> : null}
      <ol className="hits">
        {hits.map((hit) => (
          <li key={hit.id} className={hit.match ? 'hit match' : 'hit'}>
            <div className="score" aria-label={`score ${hit.score.toFixed(2)}`}>
              <div className="bar" style={{ width: `${Math.round(hit.score * 100)}%` }} />
              <span>{hit.score.toFixed(2)}</span>
            </div>
            <div>
              <a href={`#/entity/${encodeURIComponent(hit.id)}`} className="caption">
                {hit.caption}
              </a>{' '}
              <span className="meta">
                {hit.schema} · {hit.datasets.join(', ')} {hit.match ? '· MATCH' : ''}
                {hit.suppressed ? ` · SUPPRESSED: false positive for ${customer} (${hit.suppressed.decided_by})` : ''}
              </span>
              {customer ? (
                <span className="decide">
                  {(['true_match', 'false_positive', 'needs_escalation'] as const).map((d) => (
                    <button
                      key={d}
                      type="button"
                      onClick={() =>
                        void decide(customer, hit.id, d, '')
                          .then((r) => setDecided(`${hit.caption} for ${customer}: ${d.replace('_', ' ')} (audit record ${r.auditSeq})`))
                          .catch((e: Error) => setError(e.message))
                      }
                    >
                      {d === 'true_match' ? 'True match' : d === 'false_positive' ? 'False positive' : 'Escalate'}
                    </button>
                  ))}
                </span>
              ) : null}
              <ul className="why">
                {Object.entries(hit.explanations).map(([feature, detail]) => (
                  <li key={feature}>
                    <b>{FEATURE_LABELS[feature] ?? feature}:</b> {detail}
                  </li>
                ))}
              </ul>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
