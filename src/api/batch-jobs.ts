// Batch screening jobs over HTTP: a CSV is uploaded, screened in the background against the
// server's index in slices (so the server keeps answering), its progress polled, its results
// downloaded as CSV or JSON, or the job cancelled. Rows and columns are read as by the CLI's
// screen-batch, so the same file gives the same errors with the same line numbers.
//
// Nothing of a job is held in memory but its counters: the upload is streamed to disk (with a
// size cap), read twice as a stream (once to check every row, once to screen), and each row's
// result is appended to a results file. A job's state lives beside it (job.json), so a restart
// resumes running jobs where their results end. A job belongs to the key that started it: only
// that key (or an admin) sees its progress and results or cancels it.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { csvText } from '../text/csv.js';
import { batchRows, resolveColumns } from '../screen/batch-input.js';
import { RESULT_COLUMNS, resultCells, toRowResult, type RowResult } from '../screen/batch.js';
import { principalOf, roleAtLeast } from '../access/principal.js';
import { appendAudit } from '../audit/log.js';
import { versionsWithDates } from '../audit/screening.js';
import { BadRequest, NotFound } from './beyond.js';
import type { ApiContext } from './server.js';

/** What one job, and one key, may ask of the server. */
export const BATCH_LIMITS = {
  uploadBytes: 50 * 1024 * 1024,
  /** SANCTRACE_BATCH_MAX_ROWS: the admin's setting (default a million). */
  rowsPerJob: Number(process.env.SANCTRACE_BATCH_MAX_ROWS ?? '') || 1_000_000,
  runningJobsPerOwner: 2,
} as const;

interface JobState {
  id: string;
  owner: string;
  status: 'running' | 'done' | 'cancelled' | 'failed';
  total: number;
  done: number;
  matches: number;
  error: string | null;
  header: string[];
  versions: Record<string, number>;
  options: { nameColumn?: string; schema: string; threshold?: number };
  inputSha256: string;
  createdAt: string;
  seconds: number | null;
}

/** One line of results.jsonl: what the CSV and JSON downloads are written from. */
interface ResultLine {
  line: number;
  name: string;
  fields: string[];
  result: RowResult | null;
}

const SLICE = 200;

// Column names that hold the customer's own id (compared lower-cased).
const CUSTOMER_COLUMNS = ['customer_id', 'customer', 'customer_key', 'customer_number', 'client_id', 'client', 'account_id', 'account', 'key', 'id', 'ref', 'reference'];

/**
 * Which upload column is the customer id, for the UI's results table: one named so, else the
 * first column when screening reads nothing from it (as `portfolio import` takes the first
 * column as the member key); -1 when there is none.
 */
export function customerColumn(header: string[], nameColumn: string | undefined): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  const named = CUSTOMER_COLUMNS.map((c) => lower.indexOf(c)).find((i) => i >= 0);
  if (named !== undefined) return named;
  const read = Object.values(resolveColumns(header, { name: nameColumn }, 'upload.csv'));
  return header.length > 1 && !read.includes(0) ? 0 : -1;
}

class TooLarge extends Error {
  readonly statusCode = 413;
}
class TooMany extends Error {
  readonly statusCode = 429;
}

const paths = (dir: string) => ({ upload: join(dir, 'upload.csv'), state: join(dir, 'job.json'), results: join(dir, 'results.jsonl') });

function saveState(dir: string, job: JobState): void {
  // Written aside then renamed: a crash never leaves half a job.json.
  const { state } = paths(dir);
  writeFileSync(`${state}.tmp`, JSON.stringify(job), { mode: 0o600 });
  renameSync(`${state}.tmp`, state);
}

async function* resultLines(file: string): AsyncGenerator<ResultLine> {
  if (!existsSync(file)) return;
  for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) if (text) yield JSON.parse(text) as ResultLine;
}

/** Complete result lines on disk; a line cut by a crash is dropped, so the job resumes from the row after the last whole one. Read as a stream: a million-row result never sits in memory. */
async function wholeResultLines(file: string): Promise<number> {
  if (!existsSync(file)) return 0;
  let lines = 0;
  let bytes = 0;
  let wholeBytes = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== 10) continue;
      lines++;
      wholeBytes = bytes + i + 1;
    }
    bytes += chunk.length;
  }
  if (wholeBytes < bytes) truncateSync(file, wholeBytes);
  return lines;
}

/** The request body streamed to a file, refused past the cap; resolves with its sha256. */
function streamToFile(body: Readable, file: string, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const out = createWriteStream(file, { mode: 0o600 });
    let bytes = 0;
    body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) {
        // The rest is read and dropped (not written), so the 413 reaches the client; the
        // server's request timeout ends a body that never stops.
        if (!out.destroyed) {
          out.destroy();
          reject(new TooLarge(`upload over the limit of ${limit} bytes per job`));
        }
        return;
      }
      hash.update(chunk);
      out.write(chunk);
    });
    out.on('error', reject);
    body.on('error', reject);
    body.on('end', () => {
      if (!out.destroyed) out.end(() => resolve(hash.digest('hex')));
    });
  });
}

export function batchJobs(app: FastifyInstance, ctx: ApiContext): void {
  const screener = ctx.screener;
  const root = ctx.jobsDir ?? mkdtempSync(join(tmpdir(), 'sanctrace-jobs-'));
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const jobs = new Map<string, JobState>();
  const dirOf = (id: string) => join(root, id);
  const view = (j: JobState) => ({ id: j.id, owner: j.owner, status: j.status, total: j.total, done: j.done, matches: j.matches, error: j.error, seconds: j.seconds, versions: j.versions, created_at: j.createdAt });

  // The upload arrives as a stream: it goes to disk, never into a string.
  app.addContentTypeParser(['text/csv', 'text/plain', 'application/octet-stream'], (_req, payload, done) => done(null, payload));

  /** One audit record per finished job: who, the upload's sha256, counts, list versions, and every matching row. */
  async function recordBatch(job: JobState): Promise<void> {
    const hits = [];
    for await (const r of resultLines(paths(dirOf(job.id)).results)) {
      if (r.result?.match) hits.push({ line: r.line, name: r.name, entityId: r.result.entityId, dataset: r.result.dataset, score: Number(r.result.score.toFixed(4)) });
    }
    await appendAudit(
      ctx.store.sql,
      [{ actor: job.owner, kind: 'batch', payload: { source: 'api', job: job.id, input: `upload sha256 ${job.inputSha256}`, rows: job.total, matches: job.matches, versions: await versionsWithDates(ctx.store, job.versions), hits } }],
      ctx.auditAnchor,
    );
  }

  /** Screen the job's rows from where its results end, a slice at a time, yielding to other requests between slices. */
  async function run(job: JobState): Promise<void> {
    const dir = dirOf(job.id);
    const files = paths(dir);
    const rows = batchRows(files.upload, { name: job.options.nameColumn }, job.options.schema, job.done);
    let slice: string[] = [];
    let lastSaved = performance.now();
    const started = performance.now() - (job.seconds ?? 0) * 1000;
    try {
      for await (const item of rows) {
        if (job.status !== 'running') return saveState(dir, job);
        if ('header' in item) continue;
        // On the matcher threads when the server has them: a job never holds the event loop.
        const result = item.name ? toRowResult((await (ctx.matcher ?? screener).screen({ schema: item.schema, names: [item.name], countries: item.countries, birthDates: item.birthDates, identifiers: item.identifiers }, { limit: 1, threshold: job.options.threshold })).results[0]) : null;
        if (result?.match) job.matches++;
        slice.push(JSON.stringify({ line: item.line, name: item.name, fields: item.fields, result } satisfies ResultLine));
        if (slice.length >= SLICE) {
          await appendFile(files.results, `${slice.join('\n')}\n`);
          job.done += slice.length;
          slice = [];
          if (performance.now() - lastSaved > 1000) {
            saveState(dir, job);
            lastSaved = performance.now();
          }
          await new Promise((r) => setImmediate(r));
        }
      }
      if (slice.length) await appendFile(files.results, `${slice.join('\n')}\n`);
      job.done += slice.length;
      job.seconds = (performance.now() - started) / 1000;
      await recordBatch(job);
      job.status = 'done';
    } catch (err) {
      job.status = 'failed';
      job.error = (err as Error).message;
    }
    saveState(dir, job);
  }

  // Jobs of an earlier run of the server: finished ones are listed again, running ones resume.
  for (const id of readdirSync(root)) {
    const { state, results } = paths(dirOf(id));
    if (!existsSync(state)) continue;
    const job = JSON.parse(readFileSync(state, 'utf8')) as JobState;
    jobs.set(job.id, job);
    if (job.status === 'running') {
      job.matches = 0;
      setImmediate(() => void (async () => {
        job.done = await wholeResultLines(results);
        for await (const r of resultLines(results)) if (r.result?.match) job.matches++;
        await run(job);
      })());
    }
  }

  /** A job its caller may see: its owner's, or any for an admin. Someone else's is a 404 to them, not a 403 (its id says nothing). */
  const find = (req: FastifyRequest, id: string) => {
    const job = jobs.get(id);
    const who = principalOf(req);
    if (!job || (job.owner !== who.actor && !roleAtLeast(who.role, 'admin'))) throw new NotFound(`no batch job '${id}'`);
    return job;
  };

  app.post<{ Body: Readable; Querystring: { name_column?: string; schema?: string; threshold?: number } }>(
    '/screen/batch',
    {
      // Checked by Fastify from content-length; a body without one is counted as it streams.
      bodyLimit: BATCH_LIMITS.uploadBytes,
      schema: {
        summary: `Start a batch screening job from an uploaded CSV (text/csv body; up to ${BATCH_LIMITS.uploadBytes} bytes and ${BATCH_LIMITS.rowsPerJob} rows, ${BATCH_LIMITS.runningJobsPerOwner} running jobs per key)`,
        querystring: { type: 'object', properties: { name_column: { type: 'string', maxLength: 200 }, schema: { type: 'string', maxLength: 40 }, threshold: { type: 'number', minimum: 0, maximum: 1 } } },
      },
    },
    async (req, reply) => {
      const owner = principalOf(req).actor;
      const running = [...jobs.values()].filter((j) => j.owner === owner && j.status === 'running').length;
      if (running >= BATCH_LIMITS.runningJobsPerOwner) throw new TooMany(`${owner} has ${running} batch jobs running, the most one key may run at once; wait for one to finish or cancel it`);
      if (!req.body || typeof (req.body as Readable).pipe !== 'function') throw new BadRequest('upload a CSV with a header row as the request body (content-type text/csv)');
      const id = randomUUID();
      const dir = dirOf(id);
      mkdirSync(dir, { mode: 0o700 });
      const files = paths(dir);
      const job: JobState = { id, owner, status: 'running', total: 0, done: 0, matches: 0, error: null, header: [], versions: Object.fromEntries(screener.index.versions), options: { nameColumn: req.query.name_column, schema: req.query.schema ?? 'LegalEntity', threshold: req.query.threshold }, inputSha256: '', createdAt: new Date().toISOString(), seconds: null };
      try {
        job.inputSha256 = await streamToFile(req.body, files.upload, BATCH_LIMITS.uploadBytes);
        if (statSync(files.upload).size === 0) throw new BadRequest('upload a CSV with a header row as the request body (content-type text/csv)');
        // Every row is checked first, as a stream: a bad file is a 400 naming its line, not a failed job.
        for await (const item of batchRows(files.upload, { name: job.options.nameColumn }, job.options.schema)) {
          if ('header' in item) job.header = item.header;
          else if (++job.total > BATCH_LIMITS.rowsPerJob) throw new TooLarge(`more than ${BATCH_LIMITS.rowsPerJob} rows, the limit per job: split the file`);
        }
      } catch (err) {
        rmSync(dir, { recursive: true, force: true });
        if (err instanceof TooLarge || err instanceof BadRequest) throw err;
        throw new BadRequest((err as Error).message.replace(files.upload, 'upload.csv'));
      }
      saveState(dir, job);
      jobs.set(id, job);
      setImmediate(() => void run(job));
      void reply.status(202);
      return view(job);
    },
  );

  app.get('/screen/batch', { schema: { summary: "The caller's batch jobs (an admin sees all)" } }, async (req) => {
    const who = principalOf(req);
    return { jobs: [...jobs.values()].filter((j) => j.owner === who.actor || roleAtLeast(who.role, 'admin')).map(view) };
  });

  app.get<{ Params: { id: string } }>('/screen/batch/:id', { schema: { summary: 'Progress of a batch job (its owner or an admin)' } }, async (req) => view(find(req, req.params.id)));

  app.get<{ Params: { id: string }; Querystring: { format?: 'csv' | 'json' } }>(
    '/screen/batch/:id/results',
    { schema: { summary: 'Results of a batch job, as CSV (default) or JSON (its owner or an admin)', querystring: { type: 'object', properties: { format: { type: 'string', enum: ['csv', 'json'] } } } } },
    async (req, reply) => {
      const job = find(req, req.params.id);
      if (job.status !== 'done') throw new BadRequest(`job ${job.id} is ${job.status} (${job.done}/${job.total})`);
      const lines = resultLines(paths(dirOf(job.id)).results);
      const json = req.query.format === 'json';
      // Streamed out as read: a million-row result never sits in memory.
      async function* body(): AsyncGenerator<string> {
        if (json) {
          const customer = customerColumn(job.header, job.options.nameColumn);
          yield `${JSON.stringify({ ...view(job), customer_column: job.header[customer] ?? null }).slice(0, -1)},"rows":[`;
          let first = true;
          for await (const r of lines) {
            yield `${first ? '' : ','}${JSON.stringify({ line: r.line, name: r.name, customer: r.fields[customer] ?? null, result: r.result })}`;
            first = false;
          }
          yield ']}';
        } else {
          yield csvText([[...job.header, ...RESULT_COLUMNS]]);
          for await (const r of lines) yield csvText([resultCells(r, r.result, job.versions)]);
        }
      }
      if (json) void reply.header('content-type', 'application/json; charset=utf-8');
      else void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="screened-${job.id.slice(0, 8)}.csv"`);
      return reply.send(Readable.from(body()));
    },
  );

  app.delete<{ Params: { id: string } }>('/screen/batch/:id', { schema: { summary: 'Cancel a batch job (its owner or an admin)' } }, async (req) => {
    const job = find(req, req.params.id);
    if (job.status === 'running') {
      job.status = 'cancelled';
      saveState(dirOf(job.id), job);
    }
    return view(job);
  });
}
