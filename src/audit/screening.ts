// Screening with its audit record: the query, who, when, the list versions the index was built
// from, every result with its score and reasons, and which hits a false-positive decision for
// this customer suppressed. Suppressed hits stay in the record and in the response (flagged),
// so nothing is hidden from an auditor; they just do not count as matches.
// A query's input is kept whole up to a few KB; a larger one (up to 20 names of 300 characters
// each, ×100 queries a request, from anyone allowed to screen) is kept as a preview and the sha256
// of the whole, so one request cannot write a ~1 MB record of its own input (issue 14, row 4).
// A result's explanation quotes the query (its words, its countries, its dates), once per result:
// it is cut at AUDIT_EXPLANATION_CHARS, far above any real one (the longest on OFAC's list: ~350).
import { createHash } from 'node:crypto';
import type { MatchQuery } from '../match/features.js';
import type { MatchResult, SearchOptions } from '../match/index.js';
import type { Screener, ScreeningResult } from '../screen/screen.js';
import type { ScreensQueries } from '../screen/offloaded.js';
import type { Store } from '../store/types.js';
import { versionDate } from '../store/sql-store.js';
import { suppressions, type Suppression } from './decisions.js';
import { appendAudit, type AuditInput } from './log.js';

export interface AuditContext {
  actor: string;
  /** 'cli', 'api', 'batch', 'monitor'. */
  source: string;
  anchorFile?: string | null;
  /** Screens the queries (matcher threads); default: the screener itself, in process. */
  matcher?: ScreensQueries;
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
  /** What the request narrowed the screening to (lists left out, topics, changed_since, excluded ids…), kept in the record. */
  filters?: Record<string, unknown>;
}

/** The most of a result's explanation an audit record keeps (then '…'). */
export const AUDIT_EXPLANATION_CHARS = 600;

const cut = (text: string, chars: number) => (text.length > chars ? `${text.slice(0, chars)}…` : text);

const resultForAudit = (r: MatchResult, suppressed: Suppression | undefined) => ({
  entityId: r.entity.id,
  caption: r.entity.caption,
  dataset: r.entity.dataset,
  score: Number(r.score.toFixed(4)),
  match: r.match,
  matchedName: r.matchedName,
  explanation: cut(r.features.map((f) => `${f.feature}: ${f.detail}`).join('; '), AUDIT_EXPLANATION_CHARS),
  ...(suppressed ? { suppressed: true, suppressedBy: suppressed.auditSeq } : {}),
});

/** A query's input (key, customer, query as JSON) up to this many characters is kept whole. */
export const AUDIT_INPUT_INLINE = 2048;
const PREVIEW = { names: 5, nameChars: 100, values: 5, valueChars: 40, idChars: 256 };

const cutAll = (values: string[] | undefined, count: number, chars: number) => values?.slice(0, count).map((v) => cut(v, chars));

/**
 * What the audit record keeps of a query's input: all of it when small (every real query), else
 * the first names and values cut short, with `input.sha256` over JSON.stringify({ key, customer,
 * query }) of the whole, so the full input can still be matched against the record.
 */
export function inputForAudit(key: string, customer: string | null, query: MatchQuery) {
  const whole = JSON.stringify({ key, customer, query });
  if (whole.length <= AUDIT_INPUT_INLINE) return { key, customer, query };
  return {
    key: cut(key, PREVIEW.idChars),
    customer: customer === null ? null : cut(customer, PREVIEW.idChars),
    query: {
      schema: query.schema,
      names: cutAll(query.names, PREVIEW.names, PREVIEW.nameChars)!,
      birthDates: cutAll(query.birthDates, PREVIEW.values, PREVIEW.valueChars),
      countries: cutAll(query.countries, PREVIEW.values, PREVIEW.valueChars),
      identifiers: cutAll(query.identifiers, PREVIEW.values, PREVIEW.valueChars),
      ...(query.gender === undefined ? {} : { gender: query.gender === null ? null : cut(query.gender, PREVIEW.valueChars) }),
    },
    input: { sha256: createHash('sha256').update(whole).digest('hex'), chars: whole.length, names: query.names.length, preview: true },
  };
}

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
    const outcome = await (context.matcher ?? screener).screen(q.query, q.options);
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
        ...inputForAudit(q.key, q.customer ?? null, q.query),
        threshold: outcome.threshold,
        ...(q.filters ? { filters: q.filters } : {}),
        results: outcome.results.map((r) => resultForAudit(r, suppressed.get(r.entity.id))),
      })),
    },
  };
  const [written] = await appendAudit(store.sql, [record], context.anchorFile);
  return outcomes.map(({ q, outcome, suppressed }) => ({ ...outcome, customer: q.customer ?? null, auditSeq: written!.seq, suppressed }));
}
