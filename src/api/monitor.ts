// Monitoring over HTTP: portfolios and their members, and the alerts re-screening raised.
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../access/principal.js';
import type { MatchQuery } from '../match/features.js';
import { acknowledgeAlert, latestCaptions, listAlerts, type Alert } from '../monitor/alerts.js';
import { addMembers, createPortfolio, getPortfolio, listPortfolios, membersOf } from '../monitor/portfolio.js';
import { BadRequest, NotFound } from './beyond.js';
import type { ApiContext } from './server.js';

const asBadRequest = (err: Error) => {
  throw /^no (portfolio|alert)/u.test(err.message) ? new NotFound(err.message) : new BadRequest(err.message);
};

export function monitorRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const db = ctx.store.sql;
  // Each alert with its party's name (caption) for the UI's Hit column: 'removed' alerts and
  // alerts stored before names were recorded hold only the entity id in their detail.
  const named = async (alerts: Alert[]) => {
    const names = await latestCaptions(db, alerts.map((a) => a.entityId));
    return alerts.map((a) => ({ ...a, caption: names.get(a.entityId) ?? a.detail.caption }));
  };
  app.get('/portfolios', { config: { access: 'analyst' }, schema: { summary: 'Monitored portfolios with member counts' } }, async () => ({ portfolios: await listPortfolios(db) }));

  app.post<{ Body: { name: string; threshold?: number; webhook?: string } }>(
    '/portfolios',
    {
      config: { access: 'analyst' },
      schema: { summary: 'Create a portfolio', body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, threshold: { type: 'number' }, webhook: { type: 'string' } } } },
    },
    async (req, reply) => {
      const { webhookSecret } = await createPortfolio(db, { name: req.body.name, threshold: req.body.threshold ?? null, webhook: req.body.webhook ?? null }).catch(asBadRequest);
      void reply.status(201);
      // The webhook's signing secret is shown here once, like an API key.
      return { ...(await getPortfolio(db, req.body.name)), ...(webhookSecret ? { webhook_secret: webhookSecret } : {}) };
    },
  );

  app.get<{ Params: { name: string } }>('/portfolios/:name', { config: { access: 'analyst' }, schema: { summary: 'A portfolio and its members' } }, async (req) => ({
    portfolio: await getPortfolio(db, req.params.name).catch(asBadRequest),
    members: await membersOf(db, req.params.name),
  }));

  app.post<{ Params: { name: string }; Body: { members: { key: string; schema?: string; names: string[]; countries?: string[]; birthDates?: string[]; identifiers?: string[] }[] } }>(
    '/portfolios/:name/members',
    {
      config: { access: 'analyst' },
      schema: {
        summary: 'Add or replace members (each under the customer’s own key)',
        body: {
          type: 'object',
          required: ['members'],
          properties: { members: { type: 'array', items: { type: 'object', required: ['key', 'names'], properties: { key: { type: 'string' }, schema: { type: 'string' }, names: { type: 'array', items: { type: 'string' } }, countries: { type: 'array', items: { type: 'string' } }, birthDates: { type: 'array', items: { type: 'string' } }, identifiers: { type: 'array', items: { type: 'string' } } } } } },
        },
      },
    },
    async (req) => {
      const members = req.body.members.map((m) => ({ key: m.key, query: { schema: m.schema ?? 'LegalEntity', names: m.names, countries: m.countries ?? [], birthDates: m.birthDates ?? [], identifiers: m.identifiers ?? [] } satisfies MatchQuery }));
      return { added: await addMembers(db, req.params.name, members).catch(asBadRequest) };
    },
  );

  app.get<{ Querystring: { portfolio?: string; since?: string; unacknowledged?: boolean } }>(
    '/alerts',
    { config: { access: 'analyst' }, schema: { summary: 'Alerts raised by monitoring, newest first', querystring: { type: 'object', properties: { portfolio: { type: 'string' }, since: { type: 'string' }, unacknowledged: { type: 'boolean' } } } } },
    async (req) => ({ alerts: await named(await listAlerts(db, req.query)) }),
  );

  app.post<{ Params: { id: string } }>('/alerts/:id/ack', { config: { access: 'analyst' }, schema: { summary: 'Acknowledge an alert' } }, async (req) => {
    await acknowledgeAlert(db, Number(req.params.id), principalOf(req).actor).catch(asBadRequest);
    return (await named(await listAlerts(db, { ids: [Number(req.params.id)] })))[0];
  });
}
