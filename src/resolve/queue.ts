// The review queue: xref candidates that no judgement in force decides, best first, with both
// records side by side and the matcher's explanation; and the counts analysts track.
import type { FeatureResult } from '../match/features.js';
import type { SqlDb } from '../store/sql.js';
import type { Store, StoredEntity } from '../store/types.js';
import { judgementsInForce } from './judgements.js';

export interface SideBySide {
  id: string;
  schema: string;
  caption: string;
  dataset: string;
  /** prop → values, for the properties that tell parties apart. */
  properties: Record<string, string[]>;
}

export interface QueueItem {
  left: SideBySide;
  right: SideBySide;
  score: number;
  strong: string | null;
  features: FeatureResult[];
}

export interface QueueCounts {
  /** Candidate pairs waiting for review. */
  open: number;
  /** Analysts' judgements in force. */
  decided: number;
  /** Automatic 'same' judgements in force (all runs). */
  autoMerged: number;
}

const SHOWN = ['name', 'alias', 'weakAlias', 'previousName', 'birthDate', 'birthPlace', 'nationality', 'country', 'jurisdiction', 'registrationNumber', 'idNumber', 'passportNumber', 'taxNumber', 'imoNumber', 'address', 'incorporationDate', 'notes'];

function side(entity: StoredEntity | null, id: string): SideBySide {
  const properties: Record<string, string[]> = {};
  for (const s of entity?.statements ?? []) {
    if (!SHOWN.includes(s.prop)) continue;
    const list = (properties[s.prop] ??= []);
    if (!list.includes(s.value)) list.push(s.value);
  }
  return { id, schema: entity?.schema ?? '?', caption: entity?.caption ?? id, dataset: entity?.dataset ?? id.split('-')[0]!, properties };
}

export type CandidateState = 'open' | 'merged' | 'decided';

export interface CandidateRow {
  left_id: string;
  right_id: string;
  score: number;
  strong: string | null;
  explanation: string;
  state: CandidateState;
}

/**
 * Every xref candidate and where it stands now: 'merged' (both in one party, through any
 * judgements), 'decided' (a judgement in force on the pair that does not join them: not same,
 * unsure) or 'open' (neither: the review queue). The queue and xref's summary both count from
 * here, so they give the same figures.
 */
export async function candidateStates(db: SqlDb): Promise<{ rows: CandidateRow[]; counts: QueueCounts }> {
  const inForce = await judgementsInForce(db);
  const decided = new Set(inForce.map((j) => `${j.left}\u0000${j.right}`));
  const autoMerged = inForce.filter((j) => j.origin === 'auto' && j.judgement === 'same').length;
  const canonical = new Map((await db.all<{ entity_id: string; canonical_id: string }>('SELECT entity_id, canonical_id FROM canonical_members')).map((r) => [r.entity_id, r.canonical_id]));
  const rows = await db.all<Omit<CandidateRow, 'state'>>('SELECT left_id, right_id, score, strong, explanation FROM xref_candidates ORDER BY score DESC, left_id, right_id');
  const stated = rows.map((r): CandidateRow => {
    const together = canonical.has(r.left_id) && canonical.get(r.left_id) === canonical.get(r.right_id);
    return { ...r, state: together ? 'merged' : decided.has(`${r.left_id}\u0000${r.right_id}`) ? 'decided' : 'open' };
  });
  return { rows: stated, counts: { open: stated.filter((r) => r.state === 'open').length, decided: inForce.filter((j) => j.origin === 'analyst').length, autoMerged } };
}

export async function reviewQueue(store: Store, options: { limit?: number; offset?: number } = {}): Promise<{ items: QueueItem[]; counts: QueueCounts }> {
  const { rows, counts } = await candidateStates(store.sql);
  // Open: neither judged nor already in one party through other judgements.
  const open = rows.filter((r) => r.state === 'open');
  const offset = options.offset ?? 0;
  const page = open.slice(offset, offset + (options.limit ?? 20));
  const items: QueueItem[] = [];
  for (const r of page) {
    items.push({ left: side(await store.getEntity(r.left_id), r.left_id), right: side(await store.getEntity(r.right_id), r.right_id), score: Number(r.score), strong: r.strong, features: JSON.parse(r.explanation) as FeatureResult[] });
  }
  return { items, counts };
}
