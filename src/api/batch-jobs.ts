// Batch screening jobs over HTTP: a CSV is uploaded, screened in the background against the
// server's index in slices (so the server keeps answering), its progress polled, its results
// downloaded as CSV or JSON, or the job cancelled. Rows and columns are read as by the CLI's
// screen-batch, so the same file gives the same errors with the same line numbers.
import { createHash } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvText } from '../text/csv.js';
import type { FastifyInstance } from 'fastify';
import { batchRows, type BatchRow } from '../screen/batch-input.js';
import { RESULT_COLUMNS, resultCells, toRowResult, type RowResult } from '../screen/batch.js';
import { principalOf } from '../access/principal.js';
import { appendAudit } from '../audit/log.js';
import { versionsWithDates } from '../audit/screening.js';
import { BadRequest, NotFound } from './beyond.js';
import type { ApiContext } from './server.js';

interface Job {
  id: string;
  status: 'running' | 'done' | 'cancelled' | 'failed';
  total: number;
  done: number;
  matches: number;
  error: string | null;
  header: string[];
  rows: { row: BatchRow; result: RowResult | null }[];
  versions: Record<string, number>;
  started: number;
  seconds: number | null;
}

const SLICE = 200;

/**
 * One audit record per finished job: who, the upload's sha256, counts, the list versions, and
 * every matching row (line, name, entity, score). Rows without a hit are covered by the counts
 * and the input hash, which keeps a million-row job's record small.
 */
async function recordBatch(ctx: ApiContext, job: Job, audit: { actor: string; input: string }): Promise<void> {
  const hits = job.rows.filter((r) => r.result?.match).map((r) => ({ line: r.row.line, name: r.row.name, entityId: r.result!.entityId, dataset: r.result!.dataset, score: Number(r.result!.score.toFixed(4)) }));
  await appendAudit(
    ctx.store.sql,
    [{ actor: audit.actor, kind: 'batch', payload: { source: 'api', job: job.id, input: `upload sha256 ${audit.input}`, rows: job.total, matches: job.matches, versions: await versionsWithDates(ctx.store, job.versions), hits } }],
    ctx.auditAnchor,
  );
}
const MAX_UPLOAD = 50 * 1024 * 1024;

export function batchJobs(app: FastifyInstance, ctx: ApiContext): void {
  const screener = ctx.screener;
  const jobs = new Map<string, Job>();
  const view = (j: Job) => ({ id: j.id, status: j.status, total: j.total, done: j.done, matches: j.matches, error: j.error, seconds: j.seconds, versions: j.versions });

  app.addContentTypeParser(['text/csv', 'text/plain', 'application/octet-stream'], { parseAs: 'string', bodyLimit: MAX_UPLOAD }, (_req, body, done) => done(null, body));

  app.post<{ Body: string; Querystring: { name_column?: string; schema?: string; threshold?: number } }>(
    '/screen/batch',
    {
      bodyLimit: MAX_UPLOAD,
      schema: {
        summary: 'Start a batch screening job from an uploaded CSV (text/csv body)',
        querystring: { type: 'object', properties: { name_column: { type: 'string' }, schema: { type: 'string' }, threshold: { type: 'number', minimum: 0, maximum: 1 } } },
      },
    },
    async (req, reply) => {
      if (typeof req.body !== 'string' || !req.body.trim()) throw new BadRequest('upload a CSV with a header row as the request body (content-type text/csv)');
      const dir = mkdtempSync(join(tmpdir(), 'sanctrace-job-'));
      const file = join(dir, 'upload.csv');
      writeFileSync(file, req.body);
      const job: Job = { id: randomUUID(), status: 'running', total: 0, done: 0, matches: 0, error: null, header: [], rows: [], versions: Object.fromEntries(screener.index.versions), started: performance.now(), seconds: null };
      // Read (and check) every row first: a bad file is a 400 naming its line, not a failed job.
      try {
        for await (const item of batchRows(file, { name: req.query.name_column }, req.query.schema ?? 'LegalEntity')) {
          if ('header' in item) job.header = item.header;
          else job.rows.push({ row: item, result: null });
        }
      } catch (err) {
        throw new BadRequest((err as Error).message.replace(file, 'upload.csv'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      job.total = job.rows.length;
      const audit = { actor: principalOf(req).actor, input: createHash('sha256').update(req.body).digest('hex') };
      jobs.set(job.id, job);
      const threshold = req.query.threshold;
      const step = () => {
        if (job.status !== 'running') return;
        const end = Math.min(job.done + SLICE, job.total);
        for (; job.done < end; job.done++) {
          const { row } = job.rows[job.done];
          if (!row.name) continue;
          const top = screener.screen({ schema: row.schema, names: [row.name], countries: row.countries, birthDates: row.birthDates, identifiers: row.identifiers }, { limit: 1, threshold }).results[0];
          job.rows[job.done].result = toRowResult(top);
          if (top?.match) job.matches++;
        }
        if (job.done >= job.total) {
          job.status = 'done';
          job.seconds = (performance.now() - job.started) / 1000;
          void recordBatch(ctx, job, audit).catch((err: Error) => ((job.status = 'failed'), (job.error = `the audit record could not be written: ${err.message}`)));
        } else setImmediate(step);
      };
      setImmediate(step);
      void reply.status(202);
      return view(job);
    },
  );

  const find = (id: string) => {
    const job = jobs.get(id);
    if (!job) throw new NotFound(`no batch job '${id}'`);
    return job;
  };

  app.get<{ Params: { id: string } }>('/screen/batch/:id', { schema: { summary: 'Progress of a batch job' } }, async (req) => view(find(req.params.id)));

  app.get<{ Params: { id: string }; Querystring: { format?: 'csv' | 'json' } }>(
    '/screen/batch/:id/results',
    { schema: { summary: 'Results of a batch job, as CSV (default) or JSON', querystring: { type: 'object', properties: { format: { type: 'string', enum: ['csv', 'json'] } } } } },
    async (req, reply) => {
      const job = find(req.params.id);
      if (job.status !== 'done') throw new BadRequest(`job ${job.id} is ${job.status} (${job.done}/${job.total})`);
      if (req.query.format === 'json') return { ...view(job), rows: job.rows.map(({ row, result }) => ({ line: row.line, name: row.name, result })) };
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="screened-${job.id.slice(0, 8)}.csv"`);
      return csvText([[...job.header, ...RESULT_COLUMNS], ...job.rows.map(({ row, result }) => resultCells(row, result, job.versions))]);
    },
  );

  app.delete<{ Params: { id: string } }>('/screen/batch/:id', { schema: { summary: 'Cancel a batch job' } }, async (req) => {
    const job = find(req.params.id);
    if (job.status === 'running') job.status = 'cancelled';
    return view(job);
  });
}
