// Judgements on pairs of source entities (same / not same / unsure), by whom and when. Rows are
// never rewritten: undoing a merge marks its judgements retracted (who, when), redoing it adds
// them again. The judgement in force for a pair is its newest one that is not retracted. The
// grouping into canonical entities (src/resolve/canonical.ts) is rebuilt from them after every
// change, in the same transaction.
import { randomUUID } from 'node:crypto';
import type { SqlDb } from '../store/sql.js';
import { rebuildCanonical, groupsInForce } from './canonical.js';

export const JUDGEMENTS = ['same', 'not_same', 'unsure'] as const;
export type Judgement = (typeof JUDGEMENTS)[number];

export function parseJudgement(text: string): Judgement {
  const j = text.toLowerCase().replace(/[-\s]/gu, '_');
  if (!(JUDGEMENTS as readonly string[]).includes(j)) throw new Error(`unknown judgement '${text}' (same, not-same, unsure)`);
  return j as Judgement;
}

export interface JudgementRecord {
  id: number;
  left: string;
  right: string;
  judgement: Judgement;
  origin: 'auto' | 'analyst';
  actor: string;
  createdAt: string;
  comment: string | null;
  mergeId: string | null;
  retractedAt: string | null;
  retractedBy: string | null;
}

interface JudgementRow {
  id: number;
  left_id: string;
  right_id: string;
  judgement: string;
  origin: string;
  actor: string;
  created_at: string;
  comment: string | null;
  merge_id: string | null;
  retracted_at: string | null;
  retracted_by: string | null;
}

const toRecord = (r: JudgementRow): JudgementRecord => ({
  id: Number(r.id),
  left: r.left_id,
  right: r.right_id,
  judgement: r.judgement as Judgement,
  origin: r.origin as 'auto' | 'analyst',
  actor: r.actor,
  createdAt: r.created_at,
  comment: r.comment,
  mergeId: r.merge_id,
  retractedAt: r.retracted_at,
  retractedBy: r.retracted_by,
});

/** A pair in a fixed order, so (a, b) and (b, a) are one pair. */
export const orderPair = (a: string, b: string): [string, string] => (a < b ? [a, b] : [b, a]);

export class MergeBlocked extends Error {}

export interface JudgeOptions {
  actor: string;
  origin?: 'auto' | 'analyst';
  comment?: string | null;
  mergeId?: string | null;
}

/** The judgements in force: per pair, the newest one not retracted. */
export async function judgementsInForce(db: SqlDb): Promise<JudgementRecord[]> {
  const rows = await db.all<JudgementRow>('SELECT * FROM judgements WHERE retracted_at IS NULL ORDER BY id');
  const byPair = new Map<string, JudgementRecord>();
  for (const row of rows) byPair.set(`${row.left_id}\u0000${row.right_id}`, toRecord(row));
  return [...byPair.values()];
}

/**
 * Record judgements in one transaction. A 'same' that would put into one group two entities
 * judged 'not same' (directly, or through any chain of 'same') is refused, naming the pair.
 */
export async function judge(db: SqlDb, pairs: { left: string; right: string; judgement: Judgement }[], options: JudgeOptions): Promise<JudgementRecord[]> {
  return db.transaction(async (tx) => {
    const written: JudgementRecord[] = [];
    for (const p of pairs) {
      if (p.left === p.right) throw new Error(`a pair needs two different entities (got ${p.left} twice)`);
      const [left, right] = orderPair(p.left, p.right);
      if (p.judgement === 'same') await assertMergeable(tx, left, right);
      const now = new Date().toISOString();
      await tx.run('INSERT INTO judgements (left_id, right_id, judgement, origin, actor, created_at, comment, merge_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        left,
        right,
        p.judgement,
        options.origin ?? 'analyst',
        options.actor,
        now,
        options.comment ?? null,
        options.mergeId ?? null,
      ]);
      const [row] = await tx.all<JudgementRow>('SELECT * FROM judgements WHERE id = (SELECT MAX(id) FROM judgements)');
      written.push(toRecord(row!));
    }
    await rebuildCanonical(tx);
    return written;
  });
}

async function assertMergeable(db: SqlDb, left: string, right: string): Promise<void> {
  const inForce = await judgementsInForce(db);
  const groups = groupsInForce(inForce);
  const members = new Set([...(groups.get(left) ?? [left]), ...(groups.get(right) ?? [right])]);
  for (const j of inForce) {
    if (j.judgement === 'not_same' && members.has(j.left) && members.has(j.right)) {
      throw new MergeBlocked(`${left} and ${right} cannot be merged: ${j.left} and ${j.right} were judged not the same by ${j.actor} on ${j.createdAt.slice(0, 10)}`);
    }
  }
}

/** Merge several entities into one party (one merge id, so it can be undone as one). */
export async function merge(db: SqlDb, ids: string[], options: JudgeOptions): Promise<{ mergeId: string; judgements: JudgementRecord[] }> {
  if (new Set(ids).size < 2) throw new Error('a merge needs at least two different entities');
  const mergeId = options.mergeId ?? `merge-${randomUUID().slice(0, 8)}`;
  const pairs = ids.slice(1).map((id) => ({ left: ids[0]!, right: id, judgement: 'same' as const }));
  return { mergeId, judgements: await judge(db, pairs, { ...options, mergeId }) };
}

export interface MergeSummary {
  mergeId: string;
  origin: string;
  actor: string;
  createdAt: string;
  entities: string[];
  inForce: boolean;
}

export async function listMerges(db: SqlDb): Promise<MergeSummary[]> {
  const rows = await db.all<JudgementRow>("SELECT * FROM judgements WHERE merge_id IS NOT NULL AND judgement = 'same' ORDER BY id");
  const merges = new Map<string, MergeSummary>();
  for (const row of rows) {
    const m = merges.get(row.merge_id!) ?? { mergeId: row.merge_id!, origin: row.origin, actor: row.actor, createdAt: row.created_at, entities: [], inForce: false };
    for (const id of [row.left_id, row.right_id]) if (!m.entities.includes(id)) m.entities.push(id);
    if (!row.retracted_at) m.inForce = true;
    merges.set(row.merge_id!, m);
  }
  return [...merges.values()];
}

/** Undo a merge: its judgements in force are retracted (kept, with who and when). */
export async function undoMerge(db: SqlDb, mergeId: string, actor: string): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.all<{ id: number }>('SELECT id FROM judgements WHERE merge_id = ? AND retracted_at IS NULL', [mergeId]);
    if (rows.length === 0) throw new Error(`no merge '${mergeId}' in force`);
    await tx.run('UPDATE judgements SET retracted_at = ?, retracted_by = ? WHERE merge_id = ? AND retracted_at IS NULL', [new Date().toISOString(), actor, mergeId]);
    await rebuildCanonical(tx);
    return rows.length;
  });
}

/** Redo an undone merge: its pairs are judged 'same' again under the same merge id (refused if a 'not same' now blocks it). */
export async function redoMerge(db: SqlDb, mergeId: string, actor: string): Promise<JudgementRecord[]> {
  const rows = await db.all<JudgementRow>("SELECT * FROM judgements WHERE merge_id = ? AND judgement = 'same' ORDER BY id", [mergeId]);
  if (rows.length === 0) throw new Error(`no merge '${mergeId}'`);
  if (rows.some((r) => !r.retracted_at)) throw new Error(`merge '${mergeId}' is in force: undo it first`);
  const pairs = new Map(rows.map((r) => [`${r.left_id}\u0000${r.right_id}`, { left: r.left_id, right: r.right_id, judgement: 'same' as const }]));
  return judge(db, [...pairs.values()], { actor, origin: 'analyst', mergeId, comment: `redo of ${mergeId}` });
}

export async function judgementsAbout(db: SqlDb, ids: string[]): Promise<JudgementRecord[]> {
  if (ids.length === 0) return [];
  const marks = ids.map(() => '?').join(', ');
  const rows = await db.all<JudgementRow>(`SELECT * FROM judgements WHERE left_id IN (${marks}) OR right_id IN (${marks}) ORDER BY id`, [...ids, ...ids]);
  return rows.map(toRecord);
}
