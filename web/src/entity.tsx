// Entity profile: names grouped by script, identifiers and addresses, the timeline of sanctions
// per authority (list versions and news reports), and the network of relations, expandable
// node by node. Every fact links to its source.
import { useEffect, useState } from 'react';
import { entity, network, timeline, type Edge, type Entity, type TimelineEntry } from './api';

function scriptOf(text: string): string {
  if (/\p{Script=Cyrillic}/u.test(text)) return 'Cyrillic';
  if (/\p{Script=Han}/u.test(text)) return 'Chinese';
  if (/\p{Script=Arabic}/u.test(text)) return 'Arabic';
  if (/\p{Script=Greek}/u.test(text)) return 'Greek';
  if (/\p{Script=Hangul}/u.test(text)) return 'Korean';
  return 'Latin';
}

const NAME_PROPS = ['name', 'alias', 'weakAlias', 'previousName'];
const ID_PROPS = ['registrationNumber', 'idNumber', 'passportNumber', 'taxNumber', 'innCode', 'ogrnCode', 'imoNumber', 'leiCode', 'swiftBic'];

function Network({ root, caption }: { root: string; caption: string }) {
  const [edges, setEdges] = useState<Edge[]>([]);
  const [expanded, setExpanded] = useState<string[]>([root]);
  useEffect(() => {
    Promise.all(expanded.map((id) => network(id).catch(() => [] as Edge[]))).then((lists) => {
      const seen = new Set<string>();
      setEdges(lists.flat().filter((e) => !seen.has(`${e.subject.id}|${e.predicate}|${e.object.id}`) && seen.add(`${e.subject.id}|${e.predicate}|${e.object.id}`)));
    });
  }, [expanded]);
  const nodes = [...new Map([[root, caption], ...edges.flatMap((e) => [[e.subject.id, e.subject.name] as const, [e.object.id, e.object.name] as const])]).entries()];
  const width = 640;
  const height = 360;
  const place = (i: number) => (i === 0 ? { x: width / 2, y: height / 2 } : { x: width / 2 + 240 * Math.cos((2 * Math.PI * i) / (nodes.length - 1)), y: height / 2 + 140 * Math.sin((2 * Math.PI * i) / (nodes.length - 1)) });
  const at = new Map(nodes.map(([id], i) => [id, place(i)]));
  const listed = (id: string) => !id.startsWith('article-');
  return (
    <div>
      <svg className="network" viewBox={`0 0 ${width} ${height}`} role="img" aria-label="network of relations">
        {edges.map((e, i) => {
          const a = at.get(e.subject.id)!;
          const b = at.get(e.object.id)!;
          return (
            <g key={i}>
              <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} />
              <text x={(a.x + b.x) / 2} y={(a.y + b.y) / 2 - 4} className="edge-label">
                {e.predicate}
              </text>
            </g>
          );
        })}
        {nodes.map(([id, name]) => {
          const p = at.get(id)!;
          return (
            <g key={id} className={listed(id) ? 'node listed' : 'node'} onClick={() => listed(id) && !expanded.includes(id) && setExpanded([...expanded, id])}>
              <circle cx={p.x} cy={p.y} r={id === root ? 10 : 7} />
              <text x={p.x + 12} y={p.y + 4}>
                {name}
              </text>
            </g>
          );
        })}
      </svg>
      <ul className="edges">
        {edges.map((e, i) => (
          <li key={i}>
            {e.subject.name} <b>{e.predicate.replace('_', ' ')}</b> {e.object.name}{' '}
            {e.source.kind === 'news' ? (
              <a href={`#/article/${e.source.articleId}`} title={e.source.evidence}>
                “{e.source.evidence}”
              </a>
            ) : (
              <span className="meta">({e.source.dataset})</span>
            )}
            {listed(e.object.id) && e.object.id !== root ? (
              <button type="button" onClick={() => setExpanded([...new Set([...expanded, e.object.id])])}>
                expand
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function EntityPage({ id }: { id: string }) {
  const [data, setData] = useState<Entity | null>(null);
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    entity(id).then(setData).catch((e: Error) => setError(e.message));
    timeline(id).then(setEntries).catch(() => setEntries([]));
  }, [id]);
  if (error) return <p className="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  const names = NAME_PROPS.flatMap((p) => (data.properties[p] ?? []).map((n) => ({ n, p })));
  const byScript = new Map<string, { n: string; p: string }[]>();
  for (const name of names) byScript.set(scriptOf(name.n), [...(byScript.get(scriptOf(name.n)) ?? []), name]);
  return (
    <article className="profile">
      <h1>{data.caption}</h1>
      <p className="meta">
        {data.schema} · {data.datasets.join(', ')} · {data.id}
      </p>
      <h2>Names</h2>
      {[...byScript.entries()].map(([script, list]) => (
        <p key={script}>
          <b>{script}:</b>{' '}
          {list.map(({ n, p }) => (
            <span key={n} className={`name ${p}`} title={p}>
              {n}
            </span>
          ))}
        </p>
      ))}
      {ID_PROPS.some((p) => data.properties[p]) ? (
        <>
          <h2>Identifiers</h2>
          <ul>{ID_PROPS.flatMap((p) => (data.properties[p] ?? []).map((v) => <li key={p + v}>{`${p}: ${v}`}</li>))}</ul>
        </>
      ) : null}
      {data.properties.address ? (
        <>
          <h2>Addresses</h2>
          <ul>{data.properties.address.map((a) => <li key={a}>{a}</li>)}</ul>
        </>
      ) : null}
      <h2>Timeline</h2>
      <ol className="timeline">
        {entries.map((e, i) => (
          <li key={i} className={e.source.kind}>
            <span className="date">{e.date ?? 'undated'}</span> <b>{e.authority}</b> {e.action}
            {e.program ? ` (${e.program})` : ''}
            {e.reason ? ` — ${e.reason}` : ''}{' '}
            {e.source.kind === 'list' ? (
              <span className="meta">
                list {e.source.dataset}, version of {e.source.versionDate}
              </span>
            ) : (
              <a href={`#/article/${e.source.articleId}`}>reported: “{e.source.evidence}”</a>
            )}
          </li>
        ))}
      </ol>
      <h2>Network</h2>
      <Network root={data.id} caption={data.caption} />
    </article>
  );
}
