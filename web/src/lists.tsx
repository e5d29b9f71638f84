// Lists: every list with its versions and dates, and what changed between two versions.
import { useEffect, useState } from 'react';
import { catalog, diff, versions, type Diff, type Version } from './api';

export function ListsPage() {
  const [lists, setLists] = useState<{ name: string; title: string }[]>([]);
  const [name, setName] = useState('');
  const [all, setAll] = useState<Version[]>([]);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [changes, setChanges] = useState<Diff | null>(null);
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
    if (from !== null && to !== null) diff(name, from, to).then(setChanges).catch((e: Error) => setError(e.message));
  };
  const parties = (items: Diff['added']) => items.filter((i) => i.schema !== 'Sanction' && !i.schema.endsWith('Link'));
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
        <table className="versions">
          <thead>
            <tr>
              <th>version</th>
              <th>date</th>
              <th>entities</th>
              <th>added</th>
              <th>changed</th>
              <th>removed</th>
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
      {changes ? (
        <div className="diff">
          <h2>
            {parties(changes.added).length} added, {parties(changes.removed).length} removed, {parties(changes.changed).length} changed
          </h2>
          {(['added', 'removed', 'changed'] as const).map((side) => (
            <details key={side} open={side === 'added'}>
              <summary>{side}</summary>
              <ul>
                {parties(changes[side])
                  .slice(0, 200)
                  .map((e) => (
                    <li key={e.id}>
                      <a href={`#/entity/${encodeURIComponent(e.id)}`}>{e.caption}</a> <span className="meta">{e.schema}</span>
                    </li>
                  ))}
              </ul>
            </details>
          ))}
        </div>
      ) : null}
    </section>
  );
}
