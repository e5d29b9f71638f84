// Audit retention (issue 14): the audit log only grows, so old records are exported to an archive
// file and deleted, without the chain losing its proof. In one transaction: the part to prune is
// verified (a broken chain is never archived as if whole), written as JSON Lines exactly as stored
// (a temp file, fsynced, moved into place without overwriting anything), deleted, and a checkpoint
// row records the seq and hash of the last pruned record with the archive's sha256. A 'prune'
// record in the chain says the same, so a checkpoint row forged to hide a deletion is caught.
// `verifyAudit` then starts from the newest checkpoint; `verifyArchive` re-verifies an archive's
// own chain and that it ends where the checkpoint says: archive(s) + live table = the whole chain.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, existsSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { SqlDb } from '../store/sql.js';
import {
  appendWithin,
  auditCheckpoints,
  auditHead,
  GENESIS,
  latestCheckpoint,
  recordHash,
  writeAnchor,
  type AuditCheckpoint,
  type AuditHead,
  type AuditProblem,
  type AuditRecord,
  type AuditRow,
  type PrunePayload,
} from './log.js';

export interface PruneOptions {
  /** Records written before this ISO date or time are pruned (a date alone: midnight UTC). */
  before: string;
  /** The archive to write (JSON Lines); refused when it exists. */
  archiveFile: string;
  /** The anchor to move to the 'prune' record (the new head). */
  anchorFile?: string | null;
  /** Who prunes, as written in the 'prune' record. */
  actor?: string;
}

export interface PruneOutcome {
  /** Records archived and deleted; 0: none before that date (besides the newest), nothing written. */
  records: number;
  firstSeq: number | null;
  throughSeq: number | null;
  archiveFile: string | null;
  archiveSha256: string | null;
  checkpoint: AuditCheckpoint | null;
  /** The record that puts the prune itself in the chain. */
  pruneRecord: AuditRecord | null;
}

/** A prune refused before anything was deleted (a broken chain, an existing archive, a bad date). */
export class PruneRefused extends Error {}

/** Rows read per query while archiving: records can be large, so never the whole table at once. */
const PAGE = 100;

/** The cut-off as stored times are written (ISO, UTC, milliseconds), so text comparison is time order. */
export function pruneCutoff(before: string): string {
  const time = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/u.test(before.trim()) ? Date.parse(before.trim()) : Number.NaN;
  if (Number.isNaN(time)) throw new PruneRefused(`--before ${before}: not an ISO date or time (e.g. 2024-01-01 or 2024-01-01T00:00:00Z)`);
  return new Date(time).toISOString();
}

/** A record as its archive line: the columns exactly as stored, the payload as the stored text. */
const archiveLine = (r: AuditRow): string => `${JSON.stringify({ seq: Number(r.seq), at: r.at, actor: r.actor, kind: r.kind, payload: r.payload, prev_hash: r.prev_hash, hash: r.hash } satisfies AuditRow)}\n`;

function writeAll(fd: number, data: Buffer): void {
  for (let offset = 0; offset < data.length; ) offset += writeSync(fd, data, offset);
}

/** Move the finished temp file to its name, never over an existing file (a hard link refuses). */
function placeArchive(tmp: string, file: string): void {
  try {
    linkSync(tmp, file);
    unlinkSync(tmp);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new PruneRefused(`the archive ${file} exists already: an archive is never overwritten, choose a new file`);
    // A file system without hard links: check, then rename.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw err;
    if (existsSync(file)) throw new PruneRefused(`the archive ${file} exists already: an archive is never overwritten, choose a new file`);
    renameSync(tmp, file);
  }
  // The rename itself is durable once the folder is synced.
  try {
    const dir = openSync(dirname(file), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Some platforms cannot fsync a folder; the file's own data is synced already.
  }
}

const nothingPruned = (): PruneOutcome => ({ records: 0, firstSeq: null, throughSeq: null, archiveFile: null, archiveSha256: null, checkpoint: null, pruneRecord: null });

/**
 * Export every record written before `before` to `archiveFile`, then delete them, leaving a
 * checkpoint and a 'prune' record. The pruned part is the oldest records up to the first one
 * written at or after `before` (a contiguous run, so the chain left starts right after the
 * checkpoint), never the newest record. All in one transaction: if anything fails, nothing is
 * deleted and no archive is left behind.
 */
export async function exportAndPruneAudit(db: SqlDb, options: PruneOptions): Promise<PruneOutcome> {
  const before = pruneCutoff(options.before);
  const archiveFile = options.archiveFile;
  if (existsSync(archiveFile)) throw new PruneRefused(`the archive ${archiveFile} exists already: an archive is never overwritten, choose a new file`);
  const tmp = `${archiveFile}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  let placed = false;
  let committing = false;
  try {
    const outcome = await db.transaction(async (tx): Promise<PruneOutcome> => {
      const checkpoint = await latestCheckpoint(tx);
      const start: AuditHead = checkpoint ? { seq: checkpoint.prunedThroughSeq, hash: checkpoint.prunedThroughHash } : { seq: 0, hash: GENESIS };
      const head = await auditHead(tx);
      if (!head) return nothingPruned();
      const kept = await tx.all<{ seq: number | null }>('SELECT MIN(seq) AS seq FROM audit_log WHERE at >= ?', [before]);
      const firstKept = kept[0]?.seq === null || kept[0]?.seq === undefined ? null : Number(kept[0].seq);
      // The head stays: the chain left must have a record to link to the checkpoint.
      const through = Math.min(head.seq - 1, firstKept === null ? head.seq - 1 : firstKept - 1);
      if (through <= start.seq) return nothingPruned();

      const refuse = (seq: number, reason: string) =>
        new PruneRefused(`record ${seq}: ${reason}; nothing was pruned (run \`sanctrace audit verify\`; a broken chain is never archived as if whole)`);
      // Written aside, owner-only like the store: the records name customers.
      let fd: number;
      try {
        fd = openSync(tmp, 'wx', 0o600);
      } catch (err) {
        throw new PruneRefused(`cannot write the archive ${archiveFile}: ${(err as Error).message}; nothing was pruned`);
      }
      const sha = createHash('sha256');
      let previous = start;
      let count = 0;
      try {
        while (previous.seq < through) {
          const rows = await tx.all<AuditRow>('SELECT seq, at, actor, kind, payload, prev_hash, hash FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?', [previous.seq, through, PAGE]);
          if (rows.length === 0) break;
          for (const row of rows) {
            const seq = Number(row.seq);
            if (seq !== previous.seq + 1) throw refuse(seq, `records ${previous.seq + 1}–${seq - 1} are missing (deleted)`);
            if (row.prev_hash !== previous.hash) throw refuse(seq, previous.seq === start.seq && checkpoint ? `does not link to the checkpoint (pruned through record ${start.seq})` : 'does not link to the record before it');
            if (recordHash(seq, row.at, row.actor, row.kind, row.payload, row.prev_hash) !== row.hash) throw refuse(seq, 'content does not match its hash (edited)');
            const line = Buffer.from(archiveLine(row), 'utf8');
            writeAll(fd, line);
            sha.update(line);
            previous = { seq, hash: row.hash };
            count++;
          }
        }
        if (previous.seq !== through) throw refuse(previous.seq + 1, `records ${previous.seq + 1}–${through} are missing (deleted)`);
        // The first record kept must link to the last one pruned: the checkpoint vouches for that link.
        const next = await tx.all<{ prev_hash: string }>('SELECT prev_hash FROM audit_log WHERE seq = ?', [through + 1]);
        if (next[0]?.prev_hash !== previous.hash) throw refuse(through + 1, next[0] ? 'does not link to the record before it' : 'is missing (deleted)');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      placeArchive(tmp, archiveFile);
      placed = true;
      const archiveSha256 = sha.digest('hex');

      await tx.run('DELETE FROM audit_log WHERE seq <= ?', [through]);
      const prunedAt = new Date().toISOString();
      const archiveName = basename(archiveFile);
      const inserted = await tx.all<{ id: number }>(
        'INSERT INTO audit_checkpoints (pruned_through_seq, pruned_through_hash, pruned_at, archive_sha256, archive_name, records) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
        [through, previous.hash, prunedAt, archiveSha256, archiveName, count],
      );
      const payload: PrunePayload = { before, firstSeq: start.seq + 1, throughSeq: through, throughHash: previous.hash, records: count, archive: archiveName, archiveSha256 };
      const [pruneRecord] = await appendWithin(tx, [{ actor: options.actor ?? 'system', kind: 'prune', payload }]);
      committing = true;
      return {
        records: count,
        firstSeq: start.seq + 1,
        throughSeq: through,
        archiveFile,
        archiveSha256,
        checkpoint: { id: Number(inserted[0]!.id), prunedThroughSeq: through, prunedThroughHash: previous.hash, prunedAt, archiveSha256, archiveName, records: count, follows: start },
        pruneRecord: pruneRecord!,
      };
    });
    if (options.anchorFile && outcome.pruneRecord) writeAnchor(options.anchorFile, { seq: outcome.pruneRecord.seq, hash: outcome.pruneRecord.hash });
    return outcome;
  } catch (err) {
    if (existsSync(tmp)) unlinkSync(tmp);
    // Rolled back: the archive would only copy records still in the table, so it goes. A failed
    // COMMIT may still have committed: then the archive is the only copy, so it stays.
    if (placed && !committing) unlinkSync(archiveFile);
    else if (placed) (err as Error).message += ` (the commit failed after the archive ${archiveFile} was written: it is kept; run \`sanctrace audit verify --archive ${archiveFile}\` to see whether the records were pruned)`;
    throw err;
  }
}

export interface ArchiveVerification {
  ok: boolean;
  archiveFile: string;
  sha256: string | null;
  records: number;
  first: AuditHead | null;
  last: AuditHead | null;
  /** What the first record links to (the previous checkpoint or the genesis). */
  follows: AuditHead | null;
  checkpoint: AuditCheckpoint | null;
  problems: AuditProblem[];
}

export async function fileSha256(file: string): Promise<string> {
  const sha = createHash('sha256');
  for await (const chunk of createReadStream(file)) sha.update(chunk as Buffer);
  return sha.digest('hex');
}

const isLine = (x: unknown): x is AuditRow => {
  const r = x as Record<string, unknown> | null;
  return !!r && Number.isInteger(r.seq) && ['at', 'actor', 'kind', 'payload', 'prev_hash', 'hash'].every((k) => typeof r[k] === 'string');
};

/**
 * Re-verify an exported archive: every record's hash, every link, no gap, the start (the genesis
 * for an archive from seq 1), and, given its checkpoint, that the archive is the file the prune
 * wrote (sha256) and ends at the checkpoint's record with the checkpoint's count.
 */
export async function verifyArchive(archiveFile: string, checkpoint?: AuditCheckpoint | null): Promise<ArchiveVerification> {
  const problems: AuditProblem[] = [];
  const result = (sha256: string | null, records: number, first: AuditHead | null, last: AuditHead | null, follows: AuditHead | null): ArchiveVerification => ({
    ok: problems.length === 0,
    archiveFile,
    sha256,
    records,
    first,
    last,
    follows,
    checkpoint: checkpoint ?? null,
    problems,
  });
  if (!existsSync(archiveFile)) {
    problems.push({ seq: checkpoint?.follows.seq ?? 0, reason: `the archive ${archiveFile} is missing` });
    return result(null, 0, null, null, null);
  }
  const sha256 = await fileSha256(archiveFile);
  let previous: AuditHead | null = null;
  let first: AuditHead | null = null;
  let follows: AuditHead | null = null;
  let records = 0;
  let lineNo = 0;
  const lines = createInterface({ input: createReadStream(archiveFile, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const text of lines) {
    lineNo++;
    if (text.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch {
      row = null;
    }
    if (!isLine(row)) {
      problems.push({ seq: (previous?.seq ?? 0) + 1, reason: `line ${lineNo} is not an audit record` });
      continue;
    }
    const seq = row.seq;
    records++;
    if (!previous) {
      first = { seq, hash: row.hash };
      follows = { seq: seq - 1, hash: row.prev_hash };
      const expected = checkpoint ? checkpoint.follows : seq === 1 ? { seq: 0, hash: GENESIS } : null;
      if (expected && seq !== expected.seq + 1) problems.push({ seq, reason: `the archive should start at record ${expected.seq + 1}` });
      else if (expected && row.prev_hash !== expected.hash) problems.push({ seq, reason: expected.seq === 0 ? 'does not link to the genesis' : `does not link to the previous checkpoint (record ${expected.seq})` });
    } else if (seq !== previous.seq + 1) problems.push({ seq, reason: `records ${previous.seq + 1}–${seq - 1} are missing (deleted)` });
    else if (row.prev_hash !== previous.hash) problems.push({ seq, reason: 'does not link to the record before it (a record before it was replaced)' });
    if (recordHash(seq, row.at, row.actor, row.kind, row.payload, row.prev_hash) !== row.hash) problems.push({ seq, reason: 'content does not match its hash (edited)' });
    previous = { seq, hash: row.hash };
  }
  if (records === 0) problems.push({ seq: checkpoint?.follows.seq ?? 0, reason: 'the archive holds no record' });
  if (checkpoint) {
    const at = checkpoint.prunedThroughSeq;
    if (sha256 !== checkpoint.archiveSha256) problems.push({ seq: at, reason: `the archive's sha256 ${sha256} is not the checkpoint's ${checkpoint.archiveSha256} (the file was changed)` });
    if (previous && (previous.seq !== at || previous.hash !== checkpoint.prunedThroughHash)) problems.push({ seq: previous.seq, reason: `the archive ends at record ${previous.seq}, the checkpoint at record ${at} ${checkpoint.prunedThroughHash.slice(0, 16)}…` });
    if (records !== checkpoint.records) problems.push({ seq: at, reason: `the archive holds ${records} records, the checkpoint says ${checkpoint.records}` });
  }
  return result(sha256, records, first, previous, follows);
}

/** The checkpoint of the prune that wrote this archive: by its name, or else by its sha256. */
export async function checkpointFor(db: SqlDb, archiveFile: string): Promise<AuditCheckpoint | null> {
  const checkpoints = await auditCheckpoints(db);
  const named = checkpoints.filter((c) => c.archiveName === basename(archiveFile));
  if (named.length) return named.at(-1)!;
  if (!existsSync(archiveFile)) return null;
  const sha256 = await fileSha256(archiveFile);
  return checkpoints.find((c) => c.archiveSha256 === sha256) ?? null;
}
