// Screening a name. Typing previews candidates through /search (scored by name only, never
// recorded); Enter or "Screen" creates exactly one screening of record through /match, whose
// audit id the page names and exports (CSV and a printable report, both rebuilt by the server
// from the audit record). Hits are split at the threshold the server applies, weaker ones are
// folded away, and a score of 0.00 (no resemblance at all) is never shown.
import { Fragment, useEffect, useState, type ReactNode } from 'react';
import { catalog, decideOn, matchThreshold, previewSearch, screeningReport, screenOfRecord, type Listing, type PreviewHit, type ScreenedHit, type Screening, type ScreenQuery } from './api';
import { useApiKey } from './keybox';
import './screen.css';

const FEATURE_LABELS: Record<string, string> = { name: 'Name', identifier: 'Identifier', legal_form: 'Legal form', birth_date: 'Birth date', country: 'Country', schema: 'Type' };
// The authorities the list filter offers, by the prefix of their lists' names.
const AUTHORITIES: [string, string][] = [
  ['us_', 'US'],
  ['eu_', 'EU'],
  ['gb_', 'UK'],
  ['un_', 'UN'],
  ['ca_', 'Canada'],
];
const COUNTRY_PROPS = ['country', 'nationality', 'citizenship', 'jurisdiction'];
/** Below this a score reads 0.00: no resemblance, never shown. */
const MIN_SHOWN = 0.01;
// Preview requests wait for a pause in typing.
const PREVIEW_DELAY_MS = 250;

/** Cut, not rounded, to two decimals: a 0.697 must not read as the threshold 0.70 (the server's reports do the same). */
const scoreText = (score: number) => (Math.floor(score * 100 + 1e-9) / 100).toFixed(2);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
function countryName(code: string): string {
  try {
    return `${regionNames.of(code.toUpperCase()) ?? code} (${code})`;
  } catch {
    // Not a region code Intl knows (e.g. 'suhh' for the USSR): the code itself.
    return code;
  }
}

type Recorded = Screening & { query: ScreenQuery };

export function ScreenPage() {
  const [name, setName] = useState('');
  const [schema, setSchema] = useState('LegalEntity');
  const [country, setCountry] = useState('');
  const [dob, setDob] = useState('');
  const [authority, setAuthority] = useState('');
  const [customer, setCustomer] = useState('');
  const [lists, setLists] = useState<string[]>([]);
  const [defaultThreshold, setDefaultThreshold] = useState<number | null>(null);
  const [preview, setPreview] = useState<{ name: string; hits: PreviewHit[] } | null>(null);
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const [busy, setBusy] = useState(false);
  const [decided, setDecided] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    matchThreshold()
      .then(setDefaultThreshold)
      .catch((e: Error) => setError(e.message));
    catalog()
      .then((d) => setLists(d.map((l) => l.name)))
      .catch((e: Error) => setError(e.message));
  }, []);

  const datasets = authority ? lists.filter((l) => l.startsWith(authority)) : [];
  const query: ScreenQuery = { name: name.trim(), schema, country: country.trim(), dob: dob.trim(), customer: customer.trim(), datasets };
  // An authority with no list loaded here: screening "all lists" instead would be wrong.
  const noList = authority !== '' && datasets.length === 0;
  const scopeKey = datasets.join(',');

  // The preview: by name (and type and lists) only, through /search, which writes no audit record.
  useEffect(() => {
    if (query.name.length < 2 || noList) {
      setPreview(null);
      return;
    }
    const timer = setTimeout(() => {
      previewSearch(query)
        .then((hits) => {
          setPreview({ name: query.name, hits });
          setError(null);
        })
        .catch((e: Error) => setError(e.message));
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
    // `query` is rebuilt on every render: the effect depends on what the preview reads of it.
  }, [query.name, schema, scopeKey, noList]);

  // Any change to the query leaves the screening of record behind: its results are for the query it recorded.
  const edit = (set: (v: string) => void) => (v: string) => {
    set(v);
    setRecorded(null);
    setDecided(null);
  };

  const submit = () => {
    if (!query.name || busy || noList) return;
    setBusy(true);
    setDecided(null);
    screenOfRecord(query)
      .then((s) => {
        setRecorded({ ...s, query });
        setError(null);
      })
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };

  return (
    <section className="screen">
      <h1>Screen a name</h1>
      <form
        className="query"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label>
          Name <input aria-label="name" autoFocus value={name} onChange={(e) => edit(setName)(e.target.value)} placeholder="MZKT, Alexander Lukashenko, Минский завод…" />
        </label>
        <label>
          Type{' '}
          <select aria-label="type" value={schema} onChange={(e) => edit(setSchema)(e.target.value)}>
            {['LegalEntity', 'Person', 'Company', 'Organization', 'Vessel'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Country <input aria-label="country" size={4} value={country} onChange={(e) => edit(setCountry)(e.target.value)} placeholder="by" />
        </label>
        <label>
          Birth date <input aria-label="birth date" size={10} value={dob} onChange={(e) => edit(setDob)(e.target.value)} placeholder="1954-08-30" />
        </label>
        <label>
          List{' '}
          <select aria-label="list" value={authority} onChange={(e) => edit(setAuthority)(e.target.value)}>
            <option value="">all lists</option>
            {AUTHORITIES.map(([prefix, label]) => (
              <option key={prefix} value={prefix}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Customer <input aria-label="customer" size={10} value={customer} onChange={(e) => edit(setCustomer)(e.target.value)} placeholder="your id" />
        </label>
        <button type="submit" className="screen-button" disabled={!query.name || busy || noList}>
          {busy ? 'Screening…' : 'Screen'}
        </button>
      </form>
      {noList ? <p className="error">No {AUTHORITIES.find(([p]) => p === authority)?.[1]} list is loaded on this server.</p> : null}
      {error ? <p className="error">{error}</p> : null}
      {recorded ? (
        <RecordedScreening recorded={recorded} decided={decided} onDecided={setDecided} onError={setError} key={recorded.auditSeq ?? 'none'} />
      ) : preview && query.name.length >= 2 ? (
        // The last preview stays up while the next one is on its way (marked stale), so the list does not flicker.
        <div className={preview.name === query.name ? 'preview-results' : 'preview-results stale'} data-for={preview.name}>
          <PreviewResults hits={preview.hits} threshold={defaultThreshold} key={`${preview.name}|${scopeKey}`} />
        </div>
      ) : null}
    </section>
  );
}

function PreviewResults({ hits, threshold }: { hits: PreviewHit[]; threshold: number | null }) {
  return (
    <>
      <p className="mode preview" role="note">
        <strong>Preview</strong> by name only, not recorded{threshold === null ? '' : ` · threshold ${threshold.toFixed(2)}`}. Press Enter or <em>Screen</em> to create the screening of record.
      </p>
      {threshold === null ? null : (
        <Hits hits={hits} threshold={threshold} none={`No preview hit above ${threshold.toFixed(2)}`}>
          {(hit) => (
            <>
              <a href={`#/entity/${encodeURIComponent(hit.id)}`} className="caption">
                {hit.caption}
              </a>{' '}
              <span className="meta">
                {hit.schema} · {hit.datasets.join(', ')}
              </span>
            </>
          )}
        </Hits>
      )}
    </>
  );
}

function RecordedScreening({ recorded, decided, onDecided, onError }: { recorded: Recorded; decided: string | null; onDecided: (text: string) => void; onError: (text: string) => void }) {
  const [key] = useApiKey();
  const { auditSeq: seq, threshold, query } = recorded;
  const t = threshold.toFixed(2);
  const passed = recorded.hits.filter((h) => h.score >= threshold && !h.suppressed);
  const exportAs = (format: 'csv' | 'html') => {
    if (seq === null) return;
    // The window opens on the click itself (a pop-up opened after an await may be blocked), then gets the report.
    const win = format === 'html' ? window.open('', '_blank') : null;
    screeningReport(seq, format)
      .then((blob) => {
        const url = URL.createObjectURL(blob);
        if (win) win.location.href = url;
        else {
          const link = document.createElement('a');
          link.href = url;
          link.download = `sanctrace-screening-${seq}.csv`;
          link.click();
        }
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      })
      .catch((e: Error) => {
        win?.close();
        onError(`export of screening #${seq}: ${e.message}`);
      });
  };
  return (
    <>
      <div className="of-record" role="status">
        <p>
          <strong>{seq === null ? 'Screening not recorded (no list in scope)' : `Screening of record #${seq}`}</strong> · “{query.name}” as {query.schema}
          {query.country ? ` · country ${query.country}` : ''}
          {query.dob ? ` · born ${query.dob}` : ''}
          {query.customer ? ` · customer ${query.customer}` : ''} · <span className="threshold">threshold {t}</span>
        </p>
        <p className="versions">
          Screened against:{' '}
          {Object.entries(recorded.listVersions).map(([list, v], i) => (
            <span key={list} className="version" data-list={list}>
              {i ? ', ' : ''}
              {list} version {v.id} of {v.date}
            </span>
          ))}
        </p>
        {seq === null ? null : (
          <p className="exports">
            <button type="button" onClick={() => exportAs('csv')}>
              Download CSV
            </button>
            <button type="button" onClick={() => exportAs('html')}>
              Printable report
            </button>
            {key ? null : <span className="meta"> Exporting needs the API key it was screened with, or an analyst&apos;s.</span>}
          </p>
        )}
      </div>
      {decided ? <p role="status">{decided}</p> : null}
      {passed.length === 0 ? <p className="no-match">No match above {t}</p> : null}
      <Hits hits={recorded.hits} threshold={threshold} none={null}>
        {(hit, strong) => (
          <>
            <a href={`#/entity/${encodeURIComponent(hit.id)}`} className="caption">
              {hit.caption}
            </a>{' '}
            <span className="meta">
              {hit.schema} · {hit.datasets.join(', ')} {hit.match ? '· MATCH' : strong ? '' : '· below threshold'}
              {hit.suppressed ? ` · SUPPRESSED: false positive for ${query.customer} (${hit.suppressed.decided_by})` : ''}
            </span>
            {query.customer && seq !== null ? (
              <span className="decide">
                {(['true_match', 'false_positive', 'needs_escalation'] as const).map((d) => (
                  <button
                    key={d}
                    type="button"
                    onClick={() =>
                      void decideOn(query.customer, hit.id, d, seq)
                        .then((r) => onDecided(`${hit.caption} for ${query.customer}: ${d.replace('_', ' ')} (audit record ${r.auditSeq}, on screening #${seq})`))
                        .catch((e: Error) => onError(e.message))
                    }
                  >
                    {d === 'true_match' ? 'True match' : d === 'false_positive' ? 'False positive' : 'Escalate'}
                  </button>
                ))}
              </span>
            ) : null}
            <Listings hit={hit} />
            <ul className="why">
              {Object.entries(hit.explanations).map(([feature, detail]) => (
                <li key={feature}>
                  <b>{FEATURE_LABELS[feature] ?? feature}:</b> {detail}
                </li>
              ))}
            </ul>
          </>
        )}
      </Hits>
    </>
  );
}

/** Parts separated by " · " in the text itself (so it reads the same copied or printed). */
function dotted(parts: ReactNode[]): ReactNode[] {
  return parts.filter((p) => p !== null).flatMap((p, i) => (i ? [' · ', <Fragment key={i}>{p}</Fragment>] : [<Fragment key={i}>{p}</Fragment>]));
}

/** The hit's listings as its Sanction records state them, and its country as the lists state it. */
function Listings({ hit }: { hit: ScreenedHit }) {
  const countries = [...new Set(COUNTRY_PROPS.flatMap((p) => hit.properties[p] ?? []))];
  const listings: Listing[] = hit.sanctions ?? [];
  return (
    <div className="listing-facts">
      <ul className="listings">
        {listings.map((s) => (
          <li key={s.id} data-dataset={s.dataset}>
            {dotted([
              <span className="authority">{s.authority ?? s.dataset}</span>,
              <span className="programme">programme {s.programs.length ? s.programs.join(', ') : 'not stated'}</span>,
              s.listing_date ? (
                <span className="listed">listed {s.listing_date}</span>
              ) : (
                // OFAC's SDN file, for one, gives no listing date: say so, with when this server first had the listing.
                <span className="listed unstated">listing date not given by the list{s.first_seen ? `; first seen in its version of ${s.first_seen}` : ''}</span>
              ),
              s.countries.length ? <span className="country">{s.countries.map(countryName).join(', ')}</span> : null,
              <span className="list">{s.dataset}</span>,
            ])}
          </li>
        ))}
        {listings.length === 0 ? <li className="unstated">no Sanction record on the lists</li> : null}
      </ul>
      <div className="countries">Country: {countries.length ? countries.map(countryName).join(', ') : <span className="unstated">not stated by the lists</span>}</div>
    </div>
  );
}

/**
 * Hits split at the threshold: those at or above it shown, the weaker behind a toggle, those that
 * read 0.00 left out. `none` is said when nothing reaches the threshold (null: the caller says it).
 */
function Hits<T extends { id: string; score: number; match?: boolean }>({ hits, threshold, none, children }: { hits: T[]; threshold: number; none: string | null; children: (hit: T, strong: boolean) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const shown = hits.filter((h) => h.score >= MIN_SHOWN);
  const strong = shown.filter((h) => h.score >= threshold);
  const weak = shown.filter((h) => h.score < threshold);
  const item = (hit: T, isStrong: boolean) => (
    <li key={hit.id} className={hit.match && isStrong ? 'hit match' : isStrong ? 'hit strong' : 'hit weak'}>
      <div className="score" aria-label={`score ${scoreText(hit.score)}`}>
        <div className="bar" style={{ width: `${Math.round(hit.score * 100)}%` }} />
        <div className="mark" style={{ left: `${threshold * 100}%` }} title={`threshold ${threshold.toFixed(2)}`} />
        <span>{scoreText(hit.score)}</span>
      </div>
      <div>{children(hit, isStrong)}</div>
    </li>
  );
  return (
    <>
      {strong.length === 0 && none ? <p className="no-match">{none}</p> : null}
      {strong.length ? <ol className="hits">{strong.map((h) => item(h, true))}</ol> : null}
      {weak.length ? (
        <>
          <button type="button" className="weaker" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? `Hide ${weak.length} weaker hit${weak.length === 1 ? '' : 's'}` : `Show ${weak.length} weaker hit${weak.length === 1 ? '' : 's'}`} (under {threshold.toFixed(2)})
          </button>
          {open ? <ol className="hits weaker-hits">{weak.map((h) => item(h, false))}</ol> : null}
        </>
      ) : null}
    </>
  );
}
