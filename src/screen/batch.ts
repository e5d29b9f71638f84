// Batch screening: a CSV of names in, the same rows out with the best hit, its score, list,
// programmes and explanation. Worker threads (one per core) each hold an index; rows go out in
// chunks and come back in input order. An interrupted run resumes after the rows already written.
import { closeSync, createReadStream, createWriteStream, existsSync, ftruncateSync, openSync, readSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from './worker-thread.js';
import { csvText } from '../text/csv.js';
import { DEFAULT_THRESHOLD } from '../match/features.js';
import type { MatchResult } from '../match/index.js';
import { batchRows, type BatchRow, type ColumnMap } from './batch-input.js';

export interface WorkerSetup {
  store: string;
  threshold: number;
}

export interface RowResult {
  score: number;
  match: boolean;
  entityId: string;
  caption: string;
  matchedName: string;
  dataset: string;
  programs: string;
  explanation: string;
}

export interface ChunkRequest {
  id: number;
  rows: Pick<BatchRow, 'name' | 'schema' | 'countries' | 'birthDates' | 'identifiers'>[];
}

export interface ChunkResult {
  id: number;
  results: (RowResult | null)[];
  versions: Record<string, number>;
}

export interface BatchOptions {
  input: string;
  output: string;
  store: string;
  columns?: Partial<ColumnMap>;
  schema?: string;
  threshold?: number;
  workers?: number;
  resume?: boolean;
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface BatchSummary {
  rows: number;
  skipped: number;
  matches: number;
  seconds: number;
  /** Of `seconds`, the time the workers took to build their indexes before the first row. */
  startupSeconds: number;
  versions: Record<string, number>;
}

export const RESULT_COLUMNS = ['sanctrace_score', 'sanctrace_match', 'matched_entity', 'matched_name', 'matched_caption', 'list', 'programs', 'explanation', 'list_versions'];

/** One output row: the input fields, then the best hit's columns and the list versions used. */
export function resultCells(row: Pick<BatchRow, 'fields' | 'name'>, r: RowResult | null, versions: Record<string, number>): string[] {
  const versionText = Object.entries(versions).map(([d, v]) => `${d}:${v}`).join(' ');
  return [...row.fields, r ? r.score.toFixed(3) : '', r ? String(r.match) : 'false', r?.entityId ?? '', r?.matchedName ?? '', r?.caption ?? '', r?.dataset ?? '', r?.programs ?? '', r?.explanation ?? (row.name ? '' : 'no name in this row'), versionText];
}

/** The best hit of one row as the batch output reports it. */
export function toRowResult(top: MatchResult | undefined): RowResult | null {
  if (!top) return null;
  return {
    score: top.score,
    match: top.match,
    entityId: top.entity.id,
    caption: top.entity.caption,
    matchedName: top.matchedName ?? '',
    dataset: top.entity.dataset,
    programs: top.entity.programs.join('; '),
    explanation: top.features.map((f) => `${f.feature}: ${f.detail}`).join(' | '),
  };
}

/**
 * Rows an interrupted run wrote: complete CSV records after the header. A record cut off by
 * the interruption is removed from the file first, so it is screened again, not lost.
 */
/**
 * Rows of a results file a cut-off run left, after cutting it back to its last complete row.
 * A row ends at a line break outside quotes: a cut inside a quoted multi-line field (an
 * explanation, an address) is cut back to the row before it. Read in chunks, in constant memory.
 */
function rowsAlreadyWritten(output: string): number {
  const fd = openSync(output, 'r+');
  try {
    const chunk = Buffer.alloc(1 << 16);
    let inQuotes = false;
    let rows = 0;
    let lastRowEnd = 0;
    let offset = 0;
    for (let n = readSync(fd, chunk, 0, chunk.length, offset); n > 0; n = readSync(fd, chunk, 0, chunk.length, offset)) {
      for (let k = 0; k < n; k++) {
        const byte = chunk[k];
        // A doubled quote inside a quoted field toggles twice: the state is right after both.
        if (byte === 34) inQuotes = !inQuotes;
        else if (byte === 10 && !inQuotes) {
          rows++;
          lastRowEnd = offset + k + 1;
        }
      }
      offset += n;
    }
    if (lastRowEnd !== offset) ftruncateSync(fd, lastRowEnd);
    return Math.max(0, rows - 1);
  } finally {
    closeSync(fd);
  }
}

async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file)) for (const byte of chunk as Buffer) if (byte === 10) lines++;
  return lines;
}

function startBatchWorker(setup: WorkerSetup): Promise<Worker> {
  const worker = startWorker('batch-worker', setup);
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });
}

export async function screenBatch(options: BatchOptions): Promise<BatchSummary> {
  const started = performance.now();
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const chunkSize = options.chunkSize ?? 250;
  const resume = options.resume === true && existsSync(options.output);
  const skip = resume ? rowsAlreadyWritten(options.output) : 0;
  const total = Math.max(0, (await countLines(options.input)) - 1);
  const rows = batchRows(options.input, options.columns ?? {}, options.schema ?? 'LegalEntity', skip);
  const first = await rows.next();
  const header = !first.done && 'header' in first.value ? first.value.header : [];
  const out = createWriteStream(options.output, { flags: resume ? 'a' : 'w' });
  if (!resume) out.write(csvText([[...header, ...RESULT_COLUMNS]]));

  // The first worker reads the index file, or builds and writes it when there is none; the
  // others then read it (a fraction of a second each) instead of each building its own.
  const count = Math.max(1, options.workers ?? cpus().length);
  const firstWorker = await startBatchWorker({ store: options.store, threshold });
  const workers = [firstWorker, ...(await Promise.all(Array.from({ length: count - 1 }, () => startBatchWorker({ store: options.store, threshold }))))];
  const startupSeconds = (performance.now() - started) / 1000;
  const pending = new Map<number, { rows: BatchRow[]; result?: ChunkResult }>();
  let nextToWrite = 0;
  let nextId = 0;
  let done = skip;
  let matches = 0;
  let versions: Record<string, number> = {};
  const idle: Worker[] = [...workers];
  const waiting: (() => void)[] = [];

  const flush = () => {
    while (pending.get(nextToWrite)?.result) {
      const { rows: chunkRows, result } = pending.get(nextToWrite)!;
      versions = result!.versions;
      const lines = chunkRows.map((row, k) => {
        const r = result!.results[k];
        if (r?.match) matches++;
        return resultCells(row, r, versions);
      });
      out.write(csvText(lines));
      pending.delete(nextToWrite);
      nextToWrite++;
      done += chunkRows.length;
      options.onProgress?.(done, total);
    }
  };

  const dispatch = async (chunk: BatchRow[]) => {
    while (idle.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    const worker = idle.pop()!;
    const id = nextId++;
    pending.set(id, { rows: chunk });
    worker.once('message', (result: ChunkResult) => {
      pending.get(id)!.result = result;
      flush();
      idle.push(worker);
      waiting.shift()?.();
    });
    worker.postMessage({ id, rows: chunk.map(({ name, schema, countries, birthDates, identifiers }) => ({ name, schema, countries, birthDates, identifiers })) } satisfies ChunkRequest);
  };

  try {
    let chunk: BatchRow[] = [];
    for await (const item of rows) {
      if ('header' in item) continue;
      chunk.push(item);
      if (chunk.length >= chunkSize) {
        await dispatch(chunk);
        chunk = [];
      }
    }
    if (chunk.length) await dispatch(chunk);
    while (pending.size > 0) await new Promise<void>((resolve) => setTimeout(resolve, 5));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  return { rows: done - skip, skipped: skip, matches, seconds: (performance.now() - started) / 1000, startupSeconds, versions };
}
