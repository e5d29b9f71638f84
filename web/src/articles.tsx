// Articles: the list, and one article's cleaned text with every party mention highlighted and
// linked, the extracted designations and relations beside it, the removed furniture on demand.
import { useEffect, useState, type ReactNode } from 'react';
import { article, articles, type Article, type ArticleSummary } from './api';

export function ArticlesPage() {
  const [list, setList] = useState<ArticleSummary[]>([]);
  useEffect(() => {
    articles().then(setList).catch(() => setList([]));
  }, []);
  return (
    <section>
      <h1>Articles</h1>
      <ul className="articles">
        {list.map((a) => (
          <li key={a.id}>
            <a href={`#/article/${a.id}`}>{a.title ?? a.id}</a> <span className="meta">{a.published ?? ''} {a.source}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Line({ a, line }: { a: Article; line: Article['lines'][number] }) {
  const end = line.start + line.text.length;
  const marks = a.entities
    .flatMap((e) => e.mentions.map((m) => ({ ...m, entity: e })))
    .filter((m) => m.start >= line.start && m.end <= end)
    .sort((x, y) => x.start - y.start);
  const parts: ReactNode[] = [];
  let at = line.start;
  for (const m of marks) {
    if (m.start < at) continue;
    parts.push(a.text.slice(at, m.start));
    const target = m.entity.link ? `#/entity/${encodeURIComponent(m.entity.link.entityId)}` : undefined;
    parts.push(
      <a key={m.start} className={`mention ${m.entity.link ? 'linked' : 'new'}`} href={target} title={m.entity.link ? `${m.entity.link.caption} (${m.entity.link.score.toFixed(2)}: ${m.entity.link.reason})` : `${m.entity.name}: not in the lists`}>
        {a.text.slice(m.start, m.end)}
      </a>,
    );
    at = m.end;
  }
  parts.push(a.text.slice(at, end));
  return <p>{parts}</p>;
}

export function ArticlePage({ id }: { id: string }) {
  const [a, setA] = useState<Article | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [furniture, setFurniture] = useState(false);
  useEffect(() => {
    article(id).then(setA).catch((e: Error) => setError(e.message));
  }, [id]);
  if (error) return <p className="error">{error}</p>;
  if (!a) return <p>Loading…</p>;
  const party = (n: number | null) => a.entities.find((e) => e.id === n);
  const removed = a.lines.filter((l) => l.furniture && l.text.trim());
  return (
    <article className="article">
      <div className="text">
        <h1>{a.title ?? a.id}</h1>
        <p className="meta">
          {a.publication.date ? `published ${a.publication.date} · ` : ''}
          {a.source}
        </p>
        {a.lines.filter((l) => !l.furniture && l.text.trim()).map((l) => (
          <Line key={l.index} a={a} line={l} />
        ))}
        <button type="button" onClick={() => setFurniture(!furniture)} aria-expanded={furniture}>
          {furniture ? 'Hide' : 'Show'} removed page furniture ({removed.length} lines)
        </button>
        {furniture ? (
          <ul className="furniture">
            {removed.map((l) => (
              <li key={l.index}>
                {l.text.trim()} <span className="meta">({l.furniture})</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <aside>
        <h2>Designations</h2>
        <ul className="designations">
          {a.designations.map((d, i) => {
            const link = party(d.entity)?.link;
            return (
              <li key={i}>
                <b>{d.action === 'other' ? 'history' : d.action}</b> {link ? <a href={`#/entity/${encodeURIComponent(link.entityId)}`}>{d.target.text}</a> : d.target.text} by {d.authority}
                {d.date ? ` on ${d.date}` : ''}
                {d.country ? ` [${d.country}]` : ''}
                {d.reason ? <div className="meta">reason: {d.reason}</div> : null}
              </li>
            );
          })}
        </ul>
        <h2>Relations</h2>
        <ul>
          {a.relations.map((r, i) => (
            <li key={i} title={r.evidence.text}>
              {r.subject} <b>{r.predicate.replace('_', ' ')}</b> {r.object}
            </li>
          ))}
        </ul>
      </aside>
    </article>
  );
}
