// Lists: every list with its versions and dates, and what changed between two versions: the
// parties added and removed, and for each changed party its fields before → after. The version
// table counts records (every party, and each of its listing records and links, is one FtM
// entity); the diff counts parties first and then the same records, so the two can be compared.
import { useEffect, useState } from 'react';
import { catalog, detailedDiff, versions, type Counts, type DetailedDiff, type DiffRecord, type Version } from './api';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function breakdown(d: DetailedDiff, side: keyof Counts): string {
  const parts = [plural(d.counts.parties[side], 'party', 'parties'), plural(d.counts.listings[side], 'listing record', 'listing records'), plural(d.counts.links[side], 'link', 'links')].filter((p) => !p.startsWith('0 '));
  return `${d.counts.records[side]} ${side}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** The changed parties with the changes of their listing records and links folded in under them. */
function changedParties(d: DetailedDiff) {
  const parties = d.changed.filter((c) => c.kind === 'party').map((c) => ({ ...c, related: [] as DetailedDiff['changed'] }));
  const others: DetailedDiff['changed'] = [];
  for (const c of d.changed.filter((x) => x.kind !== 'party')) {
    const owner = parties.find((p) => c.about?.some((a) => a.id === p.id));
    if (owner) owner.related.push(c);
    else others.push(c);
  }
  return { parties, others };
}

function Fields({ fields, prefix }: { fields: DetailedDiff['changed'][number]['fields']; prefix?: string }) {
  return (
    <>
      {fields.map((f) => (
        <tr key={`${prefix ?? ''}${f.prop}`} data-field={f.prop}>
          <th scope="row">{prefix ? `${prefix}: ${f.label}` : f.label}</th>
          <td className="before">{f.before.length ? f.before.join('; ') : '—'}</td>
          <td className="arrow">→</td>
          <td className="after">{f.after.length ? f.after.join('; ') : '—'}</td>
        </tr>
      ))}
    </>
  );
}

const aboutText = (r: DiffRecord) => (r.about?.length ? r.about.map((a) => a.caption).join(' ↔ ') : r.id);

export function ListsPage() {
  const [lists, setLists] = useState<{ name: string; title: string }[]>([]);
  const [name, setName] = useState('');
  const [all, setAll] = useState<Version[]>([]);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [changes, setChanges] = useState<DetailedDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    catalog().then(setLists).catch((e: Error) => setError(e.message));
  }, []);
  useEffect(() => {
    if (!name) return;
    setChanges(null);
    versions(name).then((v) => {
      setAll(v);
      setFrom(v.at(-2)?.id ?? null);
      setTo(v.at(-1)?.id ?? null);
    });
  }, [name]);
  const compare = () => {
    if (from !== null && to !== null) detailedDiff(name, from, to).then(setChanges).catch((e: Error) => setError(e.message));
  };
  const date = (id: number | null) => all.find((v) => v.id === id)?.date ?? '';
  const adjacent = from !== null && to !== null && all.findIndex((v) => v.id === to) - all.findIndex((v) => v.id === from) === 1;
  const changed = changes ? changedParties(changes) : null;
  return (
    <section>
      <h1>Lists</h1>
      {error ? <p className="error">{error}</p> : null}
      <label>
        List{' '}
        <select aria-label="list" value={name} onChange={(e) => setName(e.target.value)}>
          <option value="">choose a list</option>
          {lists.map((l) => (
            <option key={l.name} value={l.name}>
              {l.title} ({l.name})
            </option>
          ))}
        </select>
      </label>
      {all.length ? (
        <>
          <table className="versions">
            <thead>
              <tr>
                <th>version</th>
                <th>date</th>
                <th>records</th>
                <th>records added</th>
                <th>records changed</th>
                <th>records removed</th>
              </tr>
            </thead>
            <tbody>
              {all.map((v) => (
                <tr key={v.id}>
                  <td>{v.id}</td>
                  <td>{v.date}</td>
                  <td>{v.entityCount}</td>
                  <td>{v.added}</td>
                  <td>{v.changed}</td>
                  <td>{v.removed}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="meta versions-note">
            Records, compared with the version before: every party on the list is one record, and so is each of its listing (sanction) records and each link between two parties. Show changes counts the parties one screens against first, then these records.
          </p>
        </>
      ) : null}
      {all.length > 1 ? (
        <p>
          Compare{' '}
          <select aria-label="from" value={from ?? ''} onChange={(e) => setFrom(Number(e.target.value))}>
            {all.map((v) => (
              <option key={v.id} value={v.id}>
                {v.date}
              </option>
            ))}
          </select>{' '}
          with{' '}
          <select aria-label="to" value={to ?? ''} onChange={(e) => setTo(Number(e.target.value))}>
            {all.map((v) => (
              <option key={v.id} value={v.id}>
                {v.date}
              </option>
            ))}
          </select>{' '}
          <button type="button" onClick={compare}>
            Show changes
          </button>
        </p>
      ) : null}
      {changes && changed ? (
        <div className="diff">
          <h2>
            {changes.counts.parties.added} parties added, {changes.counts.parties.removed} removed, {changed.parties.length} changed
          </h2>
          <p className="diff-counts">
            In records, as the version table counts them: {breakdown(changes, 'added')}; {breakdown(changes, 'removed')}; {breakdown(changes, 'changed')}.
            {adjacent ? ` These are the ${date(to)} row of the table.` : ` The table compares each version with the one before it; this compares ${date(from)} with ${date(to)}.`}
          </p>
          <details open>
            <summary>added ({changes.counts.parties.added} parties)</summary>
            <ul>
              {changes.added
                .filter((e) => e.kind === 'party')
                .slice(0, 200)
                .map((e) => (
                  <li key={e.id}>
                    <a href={`#/entity/${encodeURIComponent(e.id)}`}>{e.caption}</a> <span className="meta">{e.schema}</span>
                    {changes.programs[e.id]?.length ? <span className="meta"> · listed under {changes.programs[e.id]!.join(', ')}</span> : null}
                  </li>
                ))}
            </ul>
          </details>
          <details open={changes.counts.parties.removed > 0}>
            <summary>removed ({changes.counts.parties.removed} parties)</summary>
            <ul>
              {changes.removed
                .filter((e) => e.kind === 'party')
                .slice(0, 200)
                .map((e) => (
                  <li key={e.id}>
                    {e.caption} <span className="meta">{e.schema} · {e.id}</span>
                    {changes.programs[e.id]?.length ? <span className="meta"> · was listed under {changes.programs[e.id]!.join(', ')}</span> : null}
                  </li>
                ))}
            </ul>
          </details>
          <details open>
            <summary>changed ({changed.parties.length} parties)</summary>
            <ul className="changed">
              {changed.parties.slice(0, 200).map((c) => (
                <li key={c.id} data-entity={c.id}>
                  <a href={`#/entity/${encodeURIComponent(c.id)}`}>{c.caption}</a> <span className="meta">{c.schema}</span>
                  <table className="fields">
                    <thead>
                      <tr>
                        <th>field</th>
                        <th>before ({date(from)})</th>
                        <th />
                        <th>after ({date(to)})</th>
                      </tr>
                    </thead>
                    <tbody>
                      <Fields fields={c.fields} />
                      {c.related.map((r) => (
                        <Fields key={r.id} fields={r.fields} prefix={r.kind === 'listing' ? 'Listing' : 'Link'} />
                      ))}
                    </tbody>
                  </table>
                </li>
              ))}
            </ul>
          </details>
          <details>
            <summary>listing records and links ({changes.counts.listings.added + changes.counts.links.added} added, {changes.counts.listings.removed + changes.counts.links.removed} removed, {changed.others.length} changed on their own)</summary>
            <ul className="records">
              {(['added', 'removed'] as const).flatMap((side) =>
                changes[side]
                  .filter((r) => r.kind !== 'party')
                  .slice(0, 200)
                  .map((r) => (
                    <li key={`${side}${r.id}`}>
                      {side}: {r.kind === 'listing' ? 'listing' : r.schema} {r.caption} <span className="meta">of {aboutText(r)}</span>
                    </li>
                  )),
              )}
              {changed.others.slice(0, 200).map((r) => (
                <li key={`changed${r.id}`}>
                  changed: {r.kind === 'listing' ? 'listing' : r.schema} {r.caption} <span className="meta">of {aboutText(r)}</span>
                  <table className="fields">
                    <tbody>
                      <Fields fields={r.fields} />
                    </tbody>
                  </table>
                </li>
              ))}
            </ul>
          </details>
        </div>
      ) : null}
    </section>
  );
}
