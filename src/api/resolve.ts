// Resolution over HTTP: the review queue with both records side by side, judgements, undo and
// redo of merges, and the sources of a party. Every change reloads the matcher's grouping, so
// screening shows the new party at once.
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../access/principal.js';
import { sourcesOf } from '../resolve/canonical.js';
import { judge, listMerges, parseJudgement, redoMerge, undoMerge } from '../resolve/judgements.js';
import { reviewQueue } from '../resolve/queue.js';
import { BadRequest, NotFound } from './beyond.js';
import type { ApiContext } from './server.js';

export function resolveRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const refresh = () => ctx.screener.reloadCanonical(ctx.store);
  const asHttp = (err: Error): never => {
    if (/^no merge/u.test(err.message)) throw new NotFound(err.message);
    throw new BadRequest(err.message);
  };

  app.get<{ Querystring: { limit?: number; offset?: number } }>(
    '/xref/queue',
    { schema: { summary: 'Proposed pairs to review, best first, both records side by side with the explanation; counts of open, decided and auto-merged pairs', querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 200 }, offset: { type: 'integer', minimum: 0 } } } } },
    async (req) => reviewQueue(ctx.store, { limit: req.query.limit ?? 20, offset: req.query.offset ?? 0 }),
  );

  app.post<{ Body: { left: string; right: string; judgement: string; comment?: string } }>(
    '/xref/judgements',
    {
      config: { access: 'analyst' },
      schema: { summary: 'Judge a pair: same, not_same or unsure', body: { type: 'object', required: ['left', 'right', 'judgement'], properties: { left: { type: 'string' }, right: { type: 'string' }, judgement: { type: 'string' }, comment: { type: 'string' } } } },
    },
    async (req, reply) => {
      let judgement;
      try {
        judgement = parseJudgement(req.body.judgement);
      } catch (err) {
        throw new BadRequest((err as Error).message);
      }
      for (const id of [req.body.left, req.body.right]) if (!(await ctx.store.getEntity(id))) throw new NotFound(`no entity '${id}'`);
      // A 'same' that a 'not same' blocks is a 400 naming the blocking pair.
      const [record] = await judge(ctx.store.sql, [{ left: req.body.left, right: req.body.right, judgement }], { actor: principalOf(req).actor, comment: req.body.comment ?? null }).catch(asHttp);
      await refresh();
      void reply.status(201);
      return record;
    },
  );

  app.get('/xref/merges', { schema: { summary: 'Merges with their ids, automatic and by analysts' } }, async () => ({ merges: await listMerges(ctx.store.sql) }));

  for (const action of ['undo', 'redo'] as const) {
    app.post<{ Params: { id: string } }>(`/xref/merges/:id/${action}`, { config: { access: 'analyst' }, schema: { summary: `${action === 'undo' ? 'Undo' : 'Redo'} a merge` } }, async (req) => {
      const actor = principalOf(req).actor;
      await (action === 'undo' ? undoMerge(ctx.store.sql, req.params.id, actor) : redoMerge(ctx.store.sql, req.params.id, actor)).catch(asHttp);
      await refresh();
      return { mergeId: req.params.id, action };
    });
  }

  app.get<{ Params: { id: string } }>('/entities/:id/sources', { schema: { summary: 'The party an entity belongs to and all its source entities' } }, async (req) => {
    if (!(await ctx.store.getEntity(req.params.id))) throw new NotFound(`no entity '${req.params.id}'`);
    return sourcesOf(ctx.store.sql, req.params.id);
  });
}
