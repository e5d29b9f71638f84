// The audit trail: append-only records, each hashing the one before (a chain), so that editing
// or deleting any record breaks the chain at that record. Deleting the newest records leaves a
// shorter chain that is still whole, so the head (seq and hash) is also written to an anchor
// file outside the database after every append; `verify` compares the chain with the anchor.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SqlDb } from '../store/sql.js';

export const GENESIS = '0'.repeat(64);

export type AuditKind = 'screening' | 'batch' | 'decision';

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

interface AuditRow {
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
 * Append records in one transaction (all or none) and move the anchor to the new head. Two
 * writers racing for the same seq: the primary key refuses the second, which retries.
 */
export async function appendAudit(db: SqlDb, inputs: AuditInput[], anchorFile?: string | null): Promise<AuditRecord[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      const written = await db.transaction(async (tx) => {
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

function writeAnchor(file: string, head: AuditHead): void {
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
  problems: AuditProblem[];
}

/** Walk the whole chain: every record's hash, every link to the previous one, no gap, and the anchor. */
export async function verifyAudit(db: SqlDb, anchorFile?: string | null): Promise<Verification> {
  const problems: AuditProblem[] = [];
  let previous: AuditHead = { seq: 0, hash: GENESIS };
  let records = 0;
  for await (const row of db.iterate<AuditRow>('SELECT seq, at, actor, kind, payload, prev_hash, hash FROM audit_log ORDER BY seq')) {
    const seq = Number(row.seq);
    records++;
    if (seq !== previous.seq + 1) problems.push({ seq, reason: `records ${previous.seq + 1}–${seq - 1} are missing (deleted)` });
    else if (row.prev_hash !== previous.hash) problems.push({ seq, reason: 'does not link to the record before it (a record before it was replaced)' });
    if (recordHash(seq, row.at, row.actor, row.kind, row.payload, row.prev_hash) !== row.hash) problems.push({ seq, reason: 'content does not match its hash (edited)' });
    previous = { seq, hash: row.hash };
  }
  const head = records ? previous : null;
  const anchor = anchorFile ? readAnchor(anchorFile) : null;
  // A missing anchor is a failure: deleting it with the newest records would otherwise verify clean.
  if (anchorFile && !anchor && head) problems.push({ seq: head.seq, reason: `the anchor ${anchorFile} is missing: the newest records cannot be checked against it (restore it, or keep it on another disk)` });
  if (anchor) {
    if (!head || head.seq < anchor.seq) problems.push({ seq: (head?.seq ?? 0) + 1, reason: `the anchor says the log reached record ${anchor.seq}; records after ${head?.seq ?? 0} are missing (deleted)` });
    else {
      const anchored = await db.all<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = ?', [anchor.seq]);
      if (anchored[0]?.hash !== anchor.hash) problems.push({ seq: anchor.seq, reason: 'differs from the anchored head (rewritten)' });
    }
  }
  return { ok: problems.length === 0, records, head, anchor, anchorFile: anchorFile ?? null, problems };
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
