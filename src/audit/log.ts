// The audit trail: append-only records, each hashing the one before (a chain), so that editing
// or deleting any record breaks the chain at that record. Deleting the newest records leaves a
// shorter chain that is still whole, so the head (seq and hash) is also written to an anchor
// file outside the database after every append; `verify` compares the chain with the anchor.
// Old records may be exported to an archive and pruned (src/audit/retention.ts): each prune leaves
// a checkpoint (the seq and hash of the last pruned record), and `verify` then starts from the
// newest checkpoint instead of the genesis, so the live table stays verifiable on its own.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SqlDb } from '../store/sql.js';

export const GENESIS = '0'.repeat(64);

/** 'prune': old records were exported to an archive and deleted (src/audit/retention.ts). */
export type AuditKind = 'screening' | 'batch' | 'decision' | 'prune';

export interface AuditInput {
  actor: string;
  kind: AuditKind;
  payload: unknown;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  kind: AuditKind;
  payload: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

/** The hash of a record: over exactly what is stored, so re-serialising can never change it. */
export function recordHash(seq: number, at: string, actor: string, kind: string, payload: string, prevHash: string): string {
  return createHash('sha256').update(JSON.stringify([seq, at, actor, kind, payload, prevHash])).digest('hex');
}

const toRecord = (r: AuditRow): AuditRecord => ({ seq: Number(r.seq), at: r.at, actor: r.actor, kind: r.kind as AuditKind, payload: JSON.parse(r.payload) as unknown, prevHash: r.prev_hash, hash: r.hash });

export async function auditHead(db: SqlDb): Promise<AuditHead | null> {
  const rows = await db.all<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null;
}

/**
 * Append records inside the caller's transaction `tx`, after the current head (or the newest
 * checkpoint when every record before it was pruned: never the case, the head is always kept).
 * The caller moves the anchor once it has committed.
 */
export async function appendWithin(tx: SqlDb, inputs: AuditInput[]): Promise<AuditRecord[]> {
  let head = await auditHead(tx);
  const out: AuditRecord[] = [];
  for (const input of inputs) {
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS;
    const at = new Date().toISOString();
    const payload = JSON.stringify(input.payload);
    const hash = recordHash(seq, at, input.actor, input.kind, payload, prevHash);
    await tx.run('INSERT INTO audit_log (seq, at, actor, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)', [seq, at, input.actor, input.kind, payload, prevHash, hash]);
    out.push({ seq, at, actor: input.actor, kind: input.kind, payload: input.payload, prevHash, hash });
    head = { seq, hash };
  }
  return out;
}

// The advisory lock key that serialises audit appends on PostgreSQL ('audit' as a number).
const AUDIT_LOCK = 0x6175646974;

/**
 * Append records in one transaction (all or none) and move the anchor to the new head. Two
 * writers racing for the same seq: the primary key refuses the second, which retries.
 */
export async function appendAudit(db: SqlDb, inputs: AuditInput[], anchorFile?: string | null): Promise<AuditRecord[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      const written = await db.transaction(async (tx) => {
        // Replicas on one PostgreSQL server append one at a time: the chain's next seq and hash
        // depend on its head, so concurrent appends would otherwise clash and retry in a storm.
        if (tx.dialect === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(CAST(? AS bigint))', [AUDIT_LOCK]);
        return appendWithin(tx, inputs);
      });
      const last = written[written.length - 1];
      if (anchorFile && last) writeAnchor(anchorFile, { seq: last.seq, hash: last.hash });
      return written;
    } catch (err) {
      const clash = /unique|duplicate key|constraint/iu.test((err as Error).message);
      if (!clash || attempt >= 5) throw err;
    }
  }
}

export function writeAnchor(file: string, head: AuditHead): void {
  // Written aside then renamed, so a crash never leaves a half-written anchor.
  const current = readAnchor(file);
  if (current && current.seq > head.seq) return;
  // Owner-only, like the store it vouches for.
  writeFileSync(`${file}.tmp`, JSON.stringify(head), { mode: 0o600 });
  chmodSync(`${file}.tmp`, 0o600);
  renameSync(`${file}.tmp`, file);
}

export function readAnchor(file: string): AuditHead | null {
  if (!existsSync(file)) return null;
  const data = JSON.parse(readFileSync(file, 'utf8')) as AuditHead;
  return { seq: Number(data.seq), hash: String(data.hash) };
}

/** What a prune left behind: the last pruned record, and the archive that holds the pruned ones. */
export interface AuditCheckpoint {
  id: number;
  prunedThroughSeq: number;
  prunedThroughHash: string;
  prunedAt: string;
  archiveSha256: string;
  archiveName: string;
  records: number;
  /** Where the archived records start: the previous checkpoint, or the genesis (seq 0). */
  follows: AuditHead;
}

interface CheckpointRow {
  id: number;
  pruned_through_seq: number;
  pruned_through_hash: string;
  pruned_at: string;
  archive_sha256: string;
  archive_name: string;
  records: number;
}

/** Every checkpoint, oldest first, each with the one it follows. */
export async function auditCheckpoints(db: SqlDb): Promise<AuditCheckpoint[]> {
  const rows = await db.all<CheckpointRow>('SELECT id, pruned_through_seq, pruned_through_hash, pruned_at, archive_sha256, archive_name, records FROM audit_checkpoints ORDER BY pruned_through_seq, id');
  let follows: AuditHead = { seq: 0, hash: GENESIS };
  return rows.map((r) => {
    const checkpoint: AuditCheckpoint = {
      id: Number(r.id),
      prunedThroughSeq: Number(r.pruned_through_seq),
      prunedThroughHash: r.pruned_through_hash,
      prunedAt: r.pruned_at,
      archiveSha256: r.archive_sha256,
      archiveName: r.archive_name,
      records: Number(r.records),
      follows,
    };
    follows = { seq: checkpoint.prunedThroughSeq, hash: checkpoint.prunedThroughHash };
    return checkpoint;
  });
}

export async function latestCheckpoint(db: SqlDb): Promise<AuditCheckpoint | null> {
  return (await auditCheckpoints(db)).at(-1) ?? null;
}

/** What a 'prune' record says (src/audit/retention.ts). */
export interface PrunePayload {
  before: string;
  firstSeq: number;
  throughSeq: number;
  throughHash: string;
  records: number;
  archive: string;
  archiveSha256: string;
}

export interface AuditProblem {
  seq: number;
  reason: string;
}

export interface Verification {
  ok: boolean;
  records: number;
  head: AuditHead | null;
  anchor: AuditHead | null;
  /** Where the anchor was looked for (keep it off the store's disk: README, audit trail). */
  anchorFile: string | null;
  /** The newest prune's checkpoint the walk started from (null: from the genesis). */
  checkpoint: AuditCheckpoint | null;
  problems: AuditProblem[];
}

/**
 * Walk the chain: every record's hash, every link to the previous one, no gap, and the anchor.
 * From the genesis, or, once records were pruned, from the newest checkpoint: the first record
 * left must follow it (seq and hash), and a 'prune' record in the chain must vouch for it, so a
 * checkpoint row written to hide deleted records is found too.
 */
export async function verifyAudit(db: SqlDb, anchorFile?: string | null): Promise<Verification> {
  const problems: AuditProblem[] = [];
  const checkpoint = await latestCheckpoint(db);
  const start: AuditHead = checkpoint ? { seq: checkpoint.prunedThroughSeq, hash: checkpoint.prunedThroughHash } : { seq: 0, hash: GENESIS };
  if (checkpoint) {
    const stale = await db.all<{ n: number; low: number }>('SELECT COUNT(*) AS n, MIN(seq) AS low FROM audit_log WHERE seq <= ?', [start.seq]);
    const n = Number(stale[0]?.n ?? 0);
    if (n > 0) problems.push({ seq: Number(stale[0]!.low), reason: `${n} records at or before the checkpoint (pruned through record ${start.seq}) are still in the table` });
  }
  let previous = start;
  let records = 0;
  let vouched = false;
  for await (const row of db.iterate<AuditRow>('SELECT seq, at, actor, kind, payload, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq', [start.seq])) {
    const seq = Number(row.seq);
    records++;
    if (seq !== previous.seq + 1) {
      const after = records === 1 && checkpoint ? ` (the checkpoint says records through ${start.seq} were pruned)` : '';
      problems.push({ seq, reason: `records ${previous.seq + 1}–${seq - 1} are missing (deleted)${after}` });
    } else if (row.prev_hash !== previous.hash) {
      problems.push({ seq, reason: records === 1 && checkpoint ? `does not link to the checkpoint (pruned through record ${start.seq})` : 'does not link to the record before it (a record before it was replaced)' });
    }
    if (recordHash(seq, row.at, row.actor, row.kind, row.payload, row.prev_hash) !== row.hash) problems.push({ seq, reason: 'content does not match its hash (edited)' });
    if (checkpoint && row.kind === 'prune' && !vouched) vouched = vouches(row.payload, checkpoint);
    previous = { seq, hash: row.hash };
  }
  if (checkpoint && records === 0) problems.push({ seq: start.seq + 1, reason: `records after the checkpoint (pruned through record ${start.seq}) are missing: a prune always keeps the newest record and adds its own` });
  else if (checkpoint && !vouched) problems.push({ seq: start.seq, reason: `no 'prune' record in the chain vouches for the checkpoint (pruned through record ${start.seq}, archive ${checkpoint.archiveName}): it was not written by a prune` });
  const head = records ? previous : null;
  const anchor = anchorFile ? readAnchor(anchorFile) : null;
  // A missing anchor is a failure: deleting it with the newest records would otherwise verify clean.
  if (anchorFile && !anchor && head) problems.push({ seq: head.seq, reason: `the anchor ${anchorFile} is missing: the newest records cannot be checked against it (restore it, or keep it on another disk)` });
  if (anchor) {
    if (!head || head.seq < anchor.seq) problems.push({ seq: (head?.seq ?? 0) + 1, reason: `the anchor says the log reached record ${anchor.seq}; records after ${head?.seq ?? 0} are missing (deleted)` });
    else {
      // An anchor left behind by appends that did not move it may point into the pruned part.
      if (anchor.seq < start.seq) problems.push({ seq: anchor.seq, reason: `the anchor points to record ${anchor.seq}, pruned since: the anchor was not moved by the newer records` });
      else {
        const anchored = checkpoint && anchor.seq === start.seq ? [{ hash: start.hash }] : await db.all<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = ?', [anchor.seq]);
        if (anchored[0]?.hash !== anchor.hash) problems.push({ seq: anchor.seq, reason: 'differs from the anchored head (rewritten)' });
      }
    }
  }
  return { ok: problems.length === 0, records, head, anchor, anchorFile: anchorFile ?? null, checkpoint, problems };
}

function vouches(payload: string, checkpoint: AuditCheckpoint): boolean {
  try {
    const p = JSON.parse(payload) as Partial<PrunePayload>;
    return p.throughSeq === checkpoint.prunedThroughSeq && p.throughHash === checkpoint.prunedThroughHash && p.archiveSha256 === checkpoint.archiveSha256 && p.records === checkpoint.records;
  } catch {
    return false;
  }
}

export interface AuditFilter {
  kind?: string;
  actor?: string;
  from?: string;
  to?: string;
  customer?: string;
  limit?: number;
  afterSeq?: number;
}

export async function listAudit(db: SqlDb, filter: AuditFilter = {}): Promise<AuditRecord[]> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const conditions: [string, string | number | undefined][] = [
    ['kind = ?', filter.kind],
    ['actor = ?', filter.actor],
    ['at >= ?', filter.from],
    ['at < ?', filter.to],
    ['seq > ?', filter.afterSeq],
  ];
  for (const [condition, value] of conditions) {
    if (value === undefined || value === '') continue;
    where.push(condition);
    params.push(value);
  }
  const sql = `SELECT seq, at, actor, kind, payload, prev_hash, hash FROM audit_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq${filter.limit ? ` LIMIT ${Math.floor(filter.limit)}` : ''}`;
  const records = (await db.all<AuditRow>(sql, params)).map(toRecord);
  return filter.customer ? records.filter((r) => customersOf(r).includes(filter.customer!)) : records;
}

/** The customers a record is about: a decision's, or those of a screening's queries. */
export function customersOf(record: AuditRecord): string[] {
  const payload = record.payload as { customer?: string | null; queries?: { customer?: string | null }[] };
  return [payload.customer, ...(payload.queries ?? []).map((q) => q.customer)].filter((c): c is string => typeof c === 'string' && c !== '');
}
