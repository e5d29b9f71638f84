// The review queue: proposed pairs with both records side by side and the matcher's reasons;
// decisions by keyboard (s same, n not same, u unsure, j/k to move) or by the buttons.
import { useCallback, useEffect, useState } from 'react';
import { judgePair, reviewQueue, type QueueCounts, type QueueItem, type Side } from './api';

function Record({ side }: { side: Side }) {
  return (
    <div className="record">
      <h3>
        <a href={`#/entity/${encodeURIComponent(side.id)}`}>{side.caption}</a>
      </h3>
      <p className="meta">
        {side.schema} · {side.dataset} · {side.id}
      </p>
      <dl>
        {Object.entries(side.properties).map(([prop, values]) => (
          <div key={prop}>
            <dt>{prop}</dt>
            <dd>{values.join('; ')}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export function ReviewPage() {
  const [items, setItems] = useState<QueueItem[]>([]);
  const [counts, setCounts] = useState<QueueCounts | null>(null);
  const [at, setAt] = useState(0);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(() => {
    reviewQueue()
      .then((r) => {
        setItems(r.items);
        setCounts(r.counts);
        setAt(0);
      })
      .catch((e: Error) => setMessage(e.message));
  }, []);
  useEffect(load, [load]);

  const decide = useCallback(
    (judgement: 'same' | 'not_same' | 'unsure') => {
      const item = items[at];
      if (!item) return;
      judgePair(item.left.id, item.right.id, judgement)
        .then(() => {
          setMessage(`${item.left.caption} / ${item.right.caption}: ${judgement.replace('_', ' ')}`);
          load();
        })
        .catch((e: Error) => setMessage(e.message));
    },
    [items, at, load],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      if (e.key === 's') decide('same');
      else if (e.key === 'n') decide('not_same');
      else if (e.key === 'u') decide('unsure');
      else if (e.key === 'j') setAt((i) => Math.min(i + 1, items.length - 1));
      else if (e.key === 'k') setAt((i) => Math.max(i - 1, 0));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [decide, items.length]);

  const item = items[at];
  return (
    <section>
      <h1>Review proposed pairs</h1>
      {counts ? (
        <p className="counts" aria-label="queue counts">
          {counts.open} open · {counts.decided} decided · {counts.autoMerged} auto-merged
        </p>
      ) : null}
      {message ? <p className="message" role="status">{message}</p> : null}
      {item ? (
        <article className="pair" aria-label="pair under review">
          <p>
            Pair {at + 1} of {items.length} · score {item.score.toFixed(3)}
            {item.strong ? ` · shares ${item.strong}` : ''}
          </p>
          <div className="side-by-side">
            <Record side={item.left} />
            <Record side={item.right} />
          </div>
          <ul className="why">
            {item.features.map((f) => (
              <li key={f.feature}>
                {f.feature}: {f.detail}
              </li>
            ))}
          </ul>
          <div className="decisions">
            <button type="button" onClick={() => decide('same')}>
              Same (s)
            </button>
            <button type="button" onClick={() => decide('not_same')}>
              Not same (n)
            </button>
            <button type="button" onClick={() => decide('unsure')}>
              Unsure (u)
            </button>
            <button type="button" onClick={() => setAt((i) => Math.min(i + 1, items.length - 1))}>
              Next (j)
            </button>
          </div>
        </article>
      ) : (
        <p>Nothing to review. Run `sanctrace xref` to propose pairs.</p>
      )}
    </section>
  );
}
