// Cross-reference: every screenable entity in the latest list versions is matched against the
// others with the screening matcher (names, birth dates, countries, identifiers), and entities
// that share a strong identifier or republish one another are paired too. Pairs from different
// lists above the review threshold become candidates; those that agree on a strong identifier
// (with names that do not contradict it) or score above the high threshold are merged
// automatically, one merge per resulting group, so each can be undone on its own.
import type { FeatureResult } from '../match/features.js';
import { analyzeQuery, scoreCandidate, weightsWith, type MatchQuery } from '../match/features.js';
import type { MatchEntity } from '../match/entity.js';
import { isPersonSchema } from '../match/entity.js';
import { isA } from '../model/ftm.js';
import { Screener } from '../screen/screen.js';
import type { Store } from '../store/types.js';
import { canonicalIdOf, groupsInForce, rebuildCanonical } from './canonical.js';
import { judgementsInForce, orderPair, type JudgementRecord } from './judgements.js';
import { candidateStates, type CandidateState } from './queue.js';

const asSame = (p: { left: string; right: string }) => ({ left: p.left, right: p.right, judgement: 'same' }) as JudgementRecord;

export const DEFAULT_HIGH = 0.95;
export const DEFAULT_REVIEW = 0.8;
// An identifier value shared by more entities than this is a placeholder or a shared address, not an identity.
const MAX_SHARED_IDENTIFIER = 4;
const NAMES_PER_QUERY = 4;

export interface XrefOptions {
  high?: number;
  review?: number;
  /** Only entities of these lists. */
  datasets?: string[];
  /**
   * Query only the entities of these lists against all the others (e.g. a list just imported):
   * every pair involving them is still found, in a fraction of the time.
   */
  queryFrom?: string[];
  /** Score without identifiers and do not pair by them (for measuring the scorer alone). */
  withoutIdentifiers?: boolean;
  /** Do not write candidates or merges (the bench). */
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface XrefPair {
  left: string;
  right: string;
  score: number;
  /** Why the pair is strong: the identifier value both carry, or 'republication'. */
  strong: string | null;
  features: FeatureResult[];
  /** Strong enough to merge without review. */
  auto: boolean;
  /** After the run: in one party, judged (not same / unsure) or open for review (unset on a dry run). */
  state?: CandidateState;
}

export interface XrefSummary {
  runId: number | null;
  entities: number;
  /** Candidate pairs this run found (they replace the previous run's). */
  candidates: number;
  /** Pairs this run merged (new automatic 'same' judgements). */
  autoMerged: number;
  /** Automatic 'same' judgements in force after this run, all runs together (the queue's "auto-merged"). */
  autoMergedTotal: number;
  /** Candidate pairs open for review after this run: the review queue's "open" (GET /xref/queue). */
  openForReview: number;
  /** Of `openForReview`, the pairs that were not candidates before this run. */
  newForReview: number;
  /** The same as `openForReview` (kept for existing readers). */
  queued: number;
  /** Candidate pairs in one party after this run, by this run's merges or earlier judgements. */
  merged: number;
  /** Candidate pairs with a judgement in force that keeps them apart (not same, unsure). */
  decided: number;
  /** Automatic merges left to review because they would join parties judged 'not same'. */
  blocked: number;
  seconds: number;
  pairs: XrefPair[];
}

function queryOf(entity: MatchEntity, withIdentifiers: boolean): MatchQuery {
  const names = entity.names.filter((n) => n.kind === 'name' || n.kind === 'alias').map((n) => n.text);
  return {
    schema: entity.schema,
    names: [...new Set(names)].slice(0, NAMES_PER_QUERY),
    birthDates: entity.birthDates,
    countries: [...entity.countries],
    identifiers: withIdentifiers ? [...entity.identifiers] : [],
  };
}

/** Person with person, organisation-like with organisation-like: never a person with a company. */
function compatible(a: MatchEntity, b: MatchEntity): boolean {
  if (isPersonSchema(a.schema) !== isPersonSchema(b.schema)) return false;
  return isA(a.schema, b.schema) || isA(b.schema, a.schema) || (!isPersonSchema(a.schema) && a.schema !== 'Vessel' && b.schema !== 'Vessel');
}

/** Pairs of entities from different lists that carry the same rare identifier value. */
export function identifierPairs(entities: MatchEntity[]): Map<string, string> {
  const byValue = new Map<string, number[]>();
  entities.forEach((e, i) => {
    for (const id of e.identifiers) {
      const list = byValue.get(id) ?? [];
      list.push(i);
      byValue.set(id, list);
    }
  });
  const pairs = new Map<string, string>();
  for (const [value, members] of byValue) {
    if (members.length < 2 || members.length > MAX_SHARED_IDENTIFIER) continue;
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const a = entities[members[i]!]!;
        const b = entities[members[j]!]!;
        if (a.dataset === b.dataset) continue;
        pairs.set(orderPair(a.id, b.id).join('\u0000'), value);
      }
    }
  }
  return pairs;
}

export async function xref(store: Store, options: XrefOptions = {}): Promise<XrefSummary> {
  const started = performance.now();
  const high = options.high ?? DEFAULT_HIGH;
  const review = options.review ?? DEFAULT_REVIEW;
  const withIds = !options.withoutIdentifiers;
  const weights = weightsWith(withIds ? {} : { identifierMatch: 0 });
  const screener = await Screener.open(store, options.datasets);
  const entities = screener.index.entities;
  const byId = new Map(entities.map((e) => [e.id, e]));
  const strong = withIds ? identifierPairs(entities) : new Map<string, string>();
  if (withIds) for (const e of entities) for (const other of e.republishedAs) if (byId.has(other)) strong.set(orderPair(e.id, other).join('\u0000'), 'republication');

  const pairs = new Map<string, XrefPair>();
  const consider = (a: MatchEntity, b: MatchEntity, score: number, features: FeatureResult[]) => {
    if (a.id === b.id || a.dataset === b.dataset || !compatible(a, b)) return;
    const key = orderPair(a.id, b.id).join('\u0000');
    const known = pairs.get(key);
    if (known && known.score >= score) return;
    const [left, right] = orderPair(a.id, b.id);
    const strongValue = strong.get(key) ?? null;
    // A shared identifier merges only when the names do not contradict it.
    const auto = (strongValue !== null && score >= review) || strongValue === 'republication' || score >= high;
    pairs.set(key, { left, right, score, strong: strongValue, features, auto });
  };
  // A compilation's copy of a record (the CSL's copy of an OFAC entry) has the same names as
  // the record: it is paired with it directly and found by the other lists' queries, so it is
  // not queried itself (a fifth of the work on the bundled lists).
  const copies = new Set(entities.flatMap((e) => e.republishedAs));
  for (const [i, entity] of entities.entries()) {
    const query = queryOf(entity, withIds);
    if (query.names.length && !copies.has(entity.id) && (!options.queryFrom || options.queryFrom.includes(entity.dataset))) {
      for (const r of screener.index.search(query, { threshold: review, limit: 10, weights: withIds ? {} : { identifierMatch: 0 } })) {
        if (r.score >= review) consider(entity, r.entity, r.score, r.features);
      }
    }
    if (i % 500 === 0) options.onProgress?.(i, entities.length);
    // Give a server running xref in the background a turn to answer requests.
    if (i % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  // Strong pairs the name search did not bring: scored directly, kept when names do not contradict.
  for (const [key, value] of strong) {
    if (pairs.has(key)) continue;
    const [leftId, rightId] = key.split('\u0000') as [string, string];
    const a = byId.get(leftId)!;
    const b = byId.get(rightId)!;
    const scored = scoreCandidate(analyzeQuery(queryOf(a, withIds)), b, weights);
    if (scored.score >= review || value === 'republication') consider(a, b, scored.score, scored.features);
  }
  options.onProgress?.(entities.length, entities.length);

  const list = [...pairs.values()].sort((a, b) => b.score - a.score || (a.left < b.left ? -1 : 1));
  const summary: XrefSummary = { runId: null, entities: entities.length, candidates: list.length, autoMerged: 0, autoMergedTotal: 0, openForReview: 0, newForReview: 0, queued: 0, merged: 0, decided: 0, blocked: 0, seconds: 0, pairs: list };
  if (!options.dryRun) await writeRun(store, list, { high, review, datasets: options.datasets ?? null, queryFrom: options.queryFrom ?? null }, summary);
  else {
    // Nothing written: what the run would do on a store without judgements.
    summary.autoMerged = summary.merged = list.filter((p) => p.auto).length;
    summary.queued = summary.openForReview = summary.newForReview = list.length - summary.autoMerged;
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

async function writeRun(store: Store, pairs: XrefPair[], params: Record<string, unknown>, summary: XrefSummary): Promise<void> {
  const db = store.sql;
  const now = new Date().toISOString();
  await db.run('INSERT INTO xref_runs (started_at, params) VALUES (?, ?)', [now, JSON.stringify(params)]);
  const [run] = await db.all<{ id: number }>('SELECT MAX(id) AS id FROM xref_runs');
  const runId = Number(run!.id);
  summary.runId = runId;
  const decided = new Set((await judgementsInForce(db)).map((j) => `${j.left}\u0000${j.right}`));
  const before = new Set((await db.all<{ left_id: string; right_id: string }>('SELECT left_id, right_id FROM xref_candidates')).map((r) => `${r.left_id}\u0000${r.right_id}`));
  await db.transaction(async (tx) => {
    // Candidates are replaced by this run's; pairs already judged keep their judgement.
    await tx.run('DELETE FROM xref_candidates');
    for (let i = 0; i < pairs.length; i += 100) {
      const chunk = pairs.slice(i, i + 100);
      await tx.run(
        `INSERT INTO xref_candidates (left_id, right_id, score, strong, explanation, run_id) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((p) => [p.left, p.right, p.score, p.strong, JSON.stringify(p.features), runId]),
      );
    }
  });
  // Auto-merges: grouped first, so that one party is one merge (undone as one). A pair whose
  // groups hold two entities judged 'not same' is left to the review queue.
  const inForce = await judgementsInForce(db);
  const notSame = inForce.filter((j) => j.judgement === 'not_same');
  const auto = pairs.filter((p) => p.auto && !decided.has(`${p.left}\u0000${p.right}`));
  const accepted: XrefPair[] = [];
  const sameSoFar = inForce.filter((j) => j.judgement === 'same');
  for (const p of auto) {
    if (notSame.length) {
      const groups = groupsInForce([...sameSoFar, ...accepted.map(asSame), asSame(p)]);
      const members = new Set(groups.get(p.left) ?? []);
      if (notSame.some((j) => members.has(j.left) && members.has(j.right))) {
        summary.blocked++;
        continue;
      }
    }
    accepted.push(p);
  }
  const groups = groupsInForce([...sameSoFar, ...accepted.map(asSame)]);
  await db.transaction(async (tx) => {
    for (const p of accepted) {
      const mergeId = `auto-${runId}-${canonicalIdOf(groups.get(p.left)!)}`;
      const comment = p.strong ? `shares ${p.strong === 'republication' ? 'the record it republishes' : `identifier ${p.strong}`}, score ${p.score.toFixed(3)}` : `score ${p.score.toFixed(3)}`;
      await tx.run("INSERT INTO judgements (left_id, right_id, judgement, origin, actor, created_at, comment, merge_id) VALUES (?, ?, 'same', 'auto', 'xref', ?, ?, ?)", [p.left, p.right, now, comment, mergeId]);
    }
    await rebuildCanonical(tx);
  });
  summary.autoMerged = accepted.length;
  // The rest counted as the review queue counts them (src/resolve/queue.ts): one definition.
  const { rows, counts } = await candidateStates(db);
  const states = new Map(rows.map((r) => [`${r.left_id}\u0000${r.right_id}`, r.state]));
  for (const p of pairs) p.state = states.get(`${p.left}\u0000${p.right}`);
  summary.autoMergedTotal = counts.autoMerged;
  summary.openForReview = summary.queued = counts.open;
  summary.newForReview = rows.filter((r) => r.state === 'open' && !before.has(`${r.left_id}\u0000${r.right_id}`)).length;
  summary.merged = rows.filter((r) => r.state === 'merged').length;
  summary.decided = rows.filter((r) => r.state === 'decided').length;
  await db.run('UPDATE xref_runs SET finished_at = ?, stats = ? WHERE id = ?', [new Date().toISOString(), JSON.stringify({ entities: summary.entities, candidates: summary.candidates, autoMerged: summary.autoMerged, autoMergedTotal: summary.autoMergedTotal, openForReview: summary.openForReview, newForReview: summary.newForReview, blocked: summary.blocked }), runId]);
}
