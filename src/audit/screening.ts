// Screening with its audit record: the query, who, when, the list versions the index was built
// from, every result with its score and reasons, and which hits a false-positive decision for
// this customer suppressed. Suppressed hits stay in the record and in the response (flagged),
// so nothing is hidden from an auditor; they just do not count as matches.
import type { MatchQuery } from '../match/features.js';
import type { MatchResult, SearchOptions } from '../match/index.js';
import type { Screener, ScreeningResult } from '../screen/screen.js';
import type { Store } from '../store/types.js';
import { versionDate } from '../store/sql-store.js';
import { suppressions, type Suppression } from './decisions.js';
import { appendAudit, type AuditInput } from './log.js';

export interface AuditContext {
  actor: string;
  /** 'cli', 'api', 'batch', 'monitor'. */
  source: string;
  anchorFile?: string | null;
}

export interface AuditedResult extends ScreeningResult {
  customer: string | null;
  auditSeq: number;
  suppressed: Map<string, Suppression>;
}

export interface AuditedQuery {
  key: string;
  query: MatchQuery;
  customer?: string | null;
  options?: SearchOptions;
}

const resultForAudit = (r: MatchResult, suppressed: Suppression | undefined) => ({
  entityId: r.entity.id,
  caption: r.entity.caption,
  dataset: r.entity.dataset,
  score: Number(r.score.toFixed(4)),
  match: r.match,
  matchedName: r.matchedName,
  explanation: r.features.map((f) => `${f.feature}: ${f.detail}`).join('; '),
  ...(suppressed ? { suppressed: true, suppressedBy: suppressed.auditSeq } : {}),
});

// A version's date never changes once written: read once per process, not once per screening.
const versionDates = new WeakMap<Store, Map<number, string>>();

export async function versionsWithDates(store: Store, versions: Record<string, number>): Promise<Record<string, { id: number; date: string }>> {
  let known = versionDates.get(store);
  if (!known) versionDates.set(store, (known = new Map()));
  const out: Record<string, { id: number; date: string }> = {};
  for (const [dataset, id] of Object.entries(versions)) {
    let date = known.get(id);
    if (date === undefined) {
      const v = await store.getVersion(id);
      date = v ? versionDate(v) : '?';
      if (v) known.set(id, date);
    }
    out[dataset] = { id, date };
  }
  return out;
}

/** Screen several queries (one API request, or one CLI call) and write one audit record for them. */
export async function screenAudited(store: Store, screener: Screener, queries: AuditedQuery[], context: AuditContext): Promise<AuditedResult[]> {
  const outcomes = [];
  // A judgement made elsewhere (the CLI, another replica) joins parties: one result per party.
  await screener.syncCanonical(store);
  for (const q of queries) {
    const outcome = screener.screen(q.query, q.options);
    const suppressed = await suppressions(store.sql, q.customer ?? '', outcome.results.map((r) => r.entity.id));
    outcomes.push({ q, outcome, suppressed });
  }
  const versions = outcomes[0] ? await versionsWithDates(store, outcomes[0].outcome.versions) : {};
  const record: AuditInput = {
    actor: context.actor,
    kind: 'screening',
    payload: {
      source: context.source,
      versions,
      queries: outcomes.map(({ q, outcome, suppressed }) => ({
        key: q.key,
        customer: q.customer ?? null,
        query: q.query,
        threshold: outcome.threshold,
        results: outcome.results.map((r) => resultForAudit(r, suppressed.get(r.entity.id))),
      })),
    },
  };
  const [written] = await appendAudit(store.sql, [record], context.anchorFile);
  return outcomes.map(({ q, outcome, suppressed }) => ({ ...outcome, customer: q.customer ?? null, auditSeq: written!.seq, suppressed }));
}
