// Articles: the list (title, publication date, where each came from), and one article's
// cleaned text with every party mention highlighted and linked, the extracted designations and
// relations beside it, the removed furniture on demand.
import { useEffect, useState, type ReactNode } from 'react';
import { articleDetail, articleListings, facts, reviewFact, type Article, type ArticleDetail, type ArticleListing, type Fact, type SourceInfo } from './api';

/** Where an article came from, readable: the site (linked), the uploaded file's name, the API. */
function Source({ info }: { info: SourceInfo }) {
  return info.url ? (
    <a className="source" href={info.url} rel="noreferrer noopener" target="_blank" title={info.url}>
      {info.label}
    </a>
  ) : (
    <span className="source">{info.label}</span>
  );
}

const publishedText = (published: string | null) => (published ? `published ${published}` : 'no publication date stated');

export function ArticlesPage() {
  const [list, setList] = useState<ArticleListing[]>([]);
  useEffect(() => {
    articleListings().then(setList).catch(() => setList([]));
  }, []);
  return (
    <section>
      <h1>Articles</h1>
      <ul className="articles">
        {list.map((a) => (
          <li key={a.id} data-article={a.id}>
            <a href={`#/article/${a.id}`}>{a.title ?? `untitled (${a.id})`}</a>{' '}
            <span className="meta">
              <span className="published">{publishedText(a.published)}</span> · <Source info={a.sourceInfo} /> · stored {a.ingestedAt.slice(0, 10)}
            </span>
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

/** An extracted fact's confidence and review: Accept / Reject (analyst key), then who and when. */
function Review({ fact, confidence, onDecide }: { fact: Fact | undefined; confidence: number | undefined; onDecide: (decision: 'accepted' | 'rejected') => void }) {
  const review = fact?.review ?? null;
  return (
    <div className="review meta">
      {confidence !== undefined ? `confidence ${confidence.toFixed(2)} · ` : ''}
      {review ? (
        <span className={`review-${review.decision}`}>
          {review.decision === 'accepted' ? 'Accepted' : 'Rejected'} by {review.actor} at {review.decidedAt.slice(0, 16).replace('T', ' ')}
        </span>
      ) : (
        'unreviewed'
      )}{' '}
      <button type="button" onClick={() => onDecide('accepted')} disabled={review?.decision === 'accepted'}>
        Accept
      </button>{' '}
      <button type="button" onClick={() => onDecide('rejected')} disabled={review?.decision === 'rejected'}>
        Reject
      </button>
    </div>
  );
}

export function ArticlePage({ id }: { id: string }) {
  const [a, setA] = useState<ArticleDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [furniture, setFurniture] = useState(false);
  const [reviews, setReviews] = useState<Record<string, Fact>>({});
  const [reviewError, setReviewError] = useState<string | null>(null);
  useEffect(() => {
    articleDetail(id).then(setA).catch((e: Error) => setError(e.message));
    facts(id)
      .then((list) => setReviews(Object.fromEntries(list.map((f) => [f.id, f]))))
      .catch(() => setReviews({}));
  }, [id]);
  const decide = (factId: string, decision: 'accepted' | 'rejected') => {
    setReviewError(null);
    reviewFact(id, factId, decision)
      .then((review) => setReviews((r) => ({ ...r, [factId]: { ...(r[factId] ?? { id: factId, kind: 'designation', summary: '', confidence: null }), review } })))
      .catch((e: Error) => setReviewError(e.message));
  };
  if (error) return <p className="error">{error}</p>;
  if (!a) return <p>Loading…</p>;
  const party = (n: number | null) => a.entities.find((e) => e.id === n);
  const removed = a.lines.filter((l) => l.furniture && l.text.trim());
  return (
    <article className="article">
      <div className="text">
        <h1>{a.title ?? `untitled (${a.id})`}</h1>
        <p className="meta article-meta">
          <span className="published">{publishedText(a.published ?? a.publication.date)}</span> · <Source info={a.sourceInfo} /> · stored {a.ingestedAt.slice(0, 10)}
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
        {reviewError ? <p className="error">{reviewError}</p> : null}
        <ul className="designations">
          {a.designations.map((d, i) => {
            const link = party(d.entity)?.link;
            const factId = `${a.id}-sanction-${i + 1}`;
            return (
              <li key={i} data-fact={factId}>
                <b>{d.action === 'other' ? 'history' : d.action}</b> {link ? <a href={`#/entity/${encodeURIComponent(link.entityId)}`}>{d.target.text}</a> : d.target.text} by {d.authority}
                {d.date ? ` on ${d.date}` : ''}
                {d.country ? ` [${d.country}]` : ''}
                {d.reason ? <div className="meta">reason: {d.reason}</div> : null}
                <Review fact={reviews[factId]} confidence={d.confidence} onDecide={(decision) => decide(factId, decision)} />
              </li>
            );
          })}
        </ul>
        <h2>Relations</h2>
        <ul>
          {a.relations.map((r, i) => {
            const factId = `${a.id}-relation-${i + 1}`;
            return (
              <li key={i} title={r.evidence.text} data-fact={factId}>
                {r.subject} <b>{r.predicate.replace('_', ' ')}</b> {r.object}
                <Review fact={reviews[factId]} confidence={r.confidence} onDecide={(decision) => decide(factId, decision)} />
              </li>
            );
          })}
        </ul>
      </aside>
    </article>
  );
}
