// The audit trail over HTTP: analysts record decisions on hits, read and verify the trail, and
// export it for a regulator. All of it needs an analyst key: the trail names customers.
import type { FastifyInstance } from 'fastify';
import { principalOf, roleAtLeast } from '../access/principal.js';
import { decideHit, parseDecision } from '../audit/decisions.js';
import { auditCsv, auditHtml, screeningCsv, screeningHtml } from '../audit/export.js';
import { listAudit, verifyAudit, type AuditFilter } from '../audit/log.js';
import { BadRequest, NotFound } from './beyond.js';
import type { ApiContext } from './server.js';

const filterSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['screening', 'batch', 'decision', 'prune'] },
    actor: { type: 'string' },
    customer: { type: 'string' },
    from: { type: 'string', description: 'ISO time, inclusive' },
    to: { type: 'string', description: 'ISO time, exclusive' },
    limit: { type: 'integer', minimum: 1, maximum: 10000 },
    after: { type: 'integer', minimum: 0, description: 'records after this seq (paging)' },
  },
} as const;

type FilterQuery = { kind?: string; actor?: string; customer?: string; from?: string; to?: string; limit?: number; after?: number };
const toFilter = (q: FilterQuery): AuditFilter => ({ kind: q.kind, actor: q.actor, customer: q.customer, from: q.from, to: q.to, limit: q.limit, afterSeq: q.after });

export function auditRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: { customer: string; entity_id: string; decision: string; comment?: string; screening_seq?: number } }>(
    '/screening/decisions',
    {
      config: { access: 'analyst' },
      schema: {
        summary: "An analyst's decision on a hit for a customer (true_match, false_positive, needs_escalation)",
        body: {
          type: 'object',
          required: ['customer', 'entity_id', 'decision'],
          properties: { customer: { type: 'string', minLength: 1 }, entity_id: { type: 'string', minLength: 1 }, decision: { type: 'string' }, comment: { type: 'string' }, screening_seq: { type: 'integer' } },
        },
      },
    },
    async (req, reply) => {
      let decision;
      try {
        decision = parseDecision(req.body.decision);
      } catch (err) {
        throw new BadRequest((err as Error).message);
      }
      const record = await decideHit(ctx.store.sql, { customer: req.body.customer, entityId: req.body.entity_id, decision, comment: req.body.comment ?? null, actor: principalOf(req).actor, screeningSeq: req.body.screening_seq ?? null }, ctx.auditAnchor).catch((err: Error) => {
        throw new BadRequest(err.message);
      });
      void reply.status(201);
      return record;
    },
  );

  app.get<{ Querystring: FilterQuery }>('/audit', { config: { access: 'analyst' }, schema: { summary: 'Audit records (screenings, batch jobs, decisions), oldest first', querystring: filterSchema } }, async (req) => ({
    records: await listAudit(ctx.store.sql, { limit: 200, ...toFilter(req.query) }),
  }));

  app.get('/audit/verify', { config: { access: 'analyst' }, schema: { summary: 'Walk the hash chain and compare its head with the anchor' } }, async () => verifyAudit(ctx.store.sql, ctx.auditAnchor));

  app.get<{ Querystring: FilterQuery & { format?: string } }>(
    '/audit/export',
    { config: { access: 'analyst' }, schema: { summary: 'The audit trail as CSV, JSON or a printable HTML report', querystring: { ...filterSchema, properties: { ...filterSchema.properties, format: { type: 'string', enum: ['csv', 'json', 'html'] } } } } },
    async (req, reply) => {
      const records = await listAudit(ctx.store.sql, toFilter(req.query));
      const format = req.query.format ?? 'csv';
      if (format === 'json') return reply.type('application/json').send(JSON.stringify({ records }));
      if (format === 'html') return reply.type('text/html; charset=utf-8').send(auditHtml(records, await verifyAudit(ctx.store.sql, ctx.auditAnchor)));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="sanctrace-audit.csv"').send(auditCsv(records));
    },
  );

  // One screening of record as CSV or a printable page. Whoever ran it may export it (a screener
  // exports their own screening), an analyst any: other records stay behind the analyst role, and
  // anonymous screenings are not exportable (anyone could read them by counting seqs).
  app.get<{ Params: { seq: number }; Querystring: { format?: string } }>(
    '/audit/screenings/:seq/report',
    {
      config: { access: 'screener' },
      schema: {
        summary: 'One screening of record as CSV or a printable HTML report, rebuilt from its audit record (its own screener, or an analyst)',
        params: { type: 'object', required: ['seq'], properties: { seq: { type: 'integer', minimum: 1 } } },
        querystring: { type: 'object', properties: { format: { type: 'string', enum: ['csv', 'html'] } } },
      },
    },
    async (req, reply) => {
      const [record] = await listAudit(ctx.store.sql, { afterSeq: req.params.seq - 1, limit: 1 });
      if (!record || record.seq !== req.params.seq || record.kind !== 'screening') throw new NotFound(`no screening record #${req.params.seq}`);
      const principal = principalOf(req);
      if (!roleAtLeast(principal.role, 'analyst') && principal.actor !== record.actor) return reply.status(403).send({ detail: `screening #${record.seq} was run by someone else: only its screener or an analyst may export it` });
      if (req.query.format === 'html') return reply.type('text/html; charset=utf-8').send(screeningHtml(record));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="sanctrace-screening-${record.seq}.csv"`).send(screeningCsv(record));
    },
  );
}
