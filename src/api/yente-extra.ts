// The rest of yente v5's surface that screening clients use: the scope filters of /match and
// /search (include/exclude lists, exclude_schema, topics, changed_since, exclude_entity_ids),
// /algorithms, the OpenRefine reconciliation service (v0.2, as yente serves it at
// /reconcile/{dataset}: manifest, queries, suggest), /entities/{id}/adjacent, /readyz and
// /updatez. Reconciliation queries are screenings: audited like /match.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalOf } from '../access/principal.js';
import { screenAudited, versionsWithDates, type AuditedResult } from '../audit/screening.js';
import { DEFAULT_THRESHOLD, WEIGHTS } from '../match/features.js';
import type { SearchOptions } from '../match/index.js';
import { BudgetExceeded, jsonDepthExceeds, QUERY_LIMITS, REQUEST_BUDGET_MS } from '../match/limits.js';
import { isSchema, model } from '../model/ftm.js';
import { sourcesOf } from '../resolve/canonical.js';
import { OFFICIAL_SOURCES } from '../sources/registry.js';
import { BadRequest, NotFound } from './beyond.js';
import { adjacentResponse, entityProperties, partyResponse, redirectMerged } from './entities.js';
import { extendEntities, extendManifest, proposedProperties } from './reconcile-extend.js';
import { ALGORITHMS, datasetsFor, toMatchQuery, type ApiContext } from './server.js';

/** yente's timestamp pattern for changed_since: a date, optionally with hours, minutes, seconds. */
export const TS_PATTERN = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}(:\\d{2}(:\\d{2})?)?)?$';

/** How many values each filter may hold, and how long each may be. */
export const SCOPE_LIMITS = { datasets: 50, schemata: 50, topics: 20, excludeIds: 50, nameLength: 100, idLength: 200 } as const;

const repeatable = (description: string, maxItems: number, maxLength: number) => ({ type: 'array', maxItems, items: { type: 'string', minLength: 1, maxLength }, description }) as const;

/** The filters /match, /search and /reconcile share, as querystring schema properties (repeatable parameters). */
export const SCOPE_QUERYSTRING = {
  include_dataset: repeatable('Only results from these lists or collections (repeatable; within the dataset of the path)', SCOPE_LIMITS.datasets, SCOPE_LIMITS.nameLength),
  exclude_dataset: repeatable('Leave out these lists or collections (repeatable)', SCOPE_LIMITS.datasets, SCOPE_LIMITS.nameLength),
  exclude_schema: repeatable('Leave out entities of exactly these schemata (repeatable; as in yente, descendants are kept: Company is not LegalEntity)', SCOPE_LIMITS.schemata, SCOPE_LIMITS.nameLength),
  topics: repeatable('Only entities with one of these FtM topics (repeatable: sanction, role.pep, crime…)', SCOPE_LIMITS.topics, SCOPE_LIMITS.nameLength),
  changed_since: { type: 'string', pattern: TS_PATTERN, maxLength: 19, description: 'Only entities changed after this date or time (YYYY-MM-DD[THH[:MM[:SS]]]): the last_change of an entity is when the newest of its values first appeared' },
} as const;

/** /match's filters: the shared ones and exclude_entity_ids. */
export const MATCH_SCOPE_QUERYSTRING = {
  ...SCOPE_QUERYSTRING,
  exclude_entity_ids: repeatable('Leave out these entities (repeatable, e.g. false positives decided on): any source id of a merged party leaves out the party', SCOPE_LIMITS.excludeIds, SCOPE_LIMITS.idLength),
} as const;

export interface ScopeQuery {
  include_dataset?: string[];
  exclude_dataset?: string[];
  exclude_schema?: string[];
  topics?: string[];
  changed_since?: string;
  exclude_entity_ids?: string[];
}

export interface Scope {
  /** The lists screened: the path's dataset, within include_dataset, without exclude_dataset. */
  datasets: string[];
  options: Pick<SearchOptions, 'excludeSchemata' | 'topics' | 'changedSince' | 'excludeIds'>;
  /** What the request asked for, for the audit record; none when it narrowed nothing. */
  filters?: Record<string, unknown>;
}

const TOPICS = model.getType('topic').values;

/** A changed_since value as 'YYYY-MM-DDTHH:MM:SS', or a 400 when it is no real date. */
function fullTimestamp(value: string): string {
  const [date, time = ''] = value.split('T');
  const parts = time ? time.split(':') : [];
  const full = `${date}T${[parts[0] ?? '00', parts[1] ?? '00', parts[2] ?? '00'].join(':')}`;
  const parsed = new Date(`${full}Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 19) !== full) throw new BadRequest(`changed_since: '${value}' is not a real date or time`);
  return full;
}

/** The lists one dataset or collection name stands for; a 400 naming the field when it is none. */
function listsOf(ctx: ApiContext, field: string, name: string): string[] {
  try {
    return datasetsFor(ctx, name);
  } catch (err) {
    throw new BadRequest(`${field}: ${(err as Error).message}`);
  }
}

/** The request's filters as matcher options; 400 naming the field for an unknown list, schema or topic. */
export async function scopeOf(ctx: ApiContext, dataset: string, q: ScopeQuery): Promise<Scope> {
  let datasets = datasetsFor(ctx, dataset);
  const filters: Record<string, unknown> = {};
  if (q.include_dataset?.length) {
    const included = new Set(q.include_dataset.flatMap((name) => listsOf(ctx, 'include_dataset', name)));
    datasets = datasets.filter((d) => included.has(d));
    filters.include_dataset = q.include_dataset;
  }
  if (q.exclude_dataset?.length) {
    const excluded = new Set(q.exclude_dataset.flatMap((name) => listsOf(ctx, 'exclude_dataset', name)));
    datasets = datasets.filter((d) => !excluded.has(d));
    filters.exclude_dataset = q.exclude_dataset;
  }
  if (filters.include_dataset || filters.exclude_dataset) filters.datasets = datasets;
  const options: Scope['options'] = {};
  if (q.exclude_schema?.length) {
    const unknown = q.exclude_schema.find((s) => !isSchema(s));
    if (unknown !== undefined) throw new BadRequest(`exclude_schema: unknown schema '${unknown}'`);
    options.excludeSchemata = filters.exclude_schema = q.exclude_schema;
  }
  if (q.topics?.length) {
    const unknown = q.topics.find((t) => !TOPICS.has(t));
    if (unknown !== undefined) throw new BadRequest(`topics: unknown topic '${unknown}' (FtM topics: sanction, sanction.linked, role.pep, crime, debarment…)`);
    options.topics = filters.topics = q.topics;
  }
  if (q.changed_since !== undefined) {
    options.changedSince = fullTimestamp(q.changed_since);
    filters.changed_since = q.changed_since;
  }
  if (q.exclude_entity_ids?.length) {
    // Any source of a merged party leaves out the whole party, as in yente (ids or referents).
    const ids = new Set<string>();
    for (const id of q.exclude_entity_ids) for (const member of (await sourcesOf(ctx.store.sql, id)).members) ids.add(member);
    options.excludeIds = [...ids];
    filters.exclude_entity_ids = q.exclude_entity_ids;
  }
  return { datasets, options, filters: Object.keys(filters).length ? filters : undefined };
}

// ---- response shapes ----

const errorSchema = { type: 'object', required: ['detail'], properties: { detail: { type: 'string' } } } as const;
const statusSchema = { type: 'object', required: ['status'], properties: { status: { type: 'string' } } } as const;
const anyObject = { type: 'object', additionalProperties: true } as const;
const freebaseType = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' }, description: { type: ['string', 'null'] } } } as const;
const freebaseEntity = { type: 'object', required: ['id', 'name', 'type'], properties: { id: { type: 'string' }, name: { type: 'string' }, description: { type: ['string', 'null'] }, type: { type: 'array', items: freebaseType } } } as const;
const freebaseScored = { ...freebaseEntity, required: [...freebaseEntity.required, 'score', 'match'], properties: { ...freebaseEntity.properties, score: { type: 'number' }, match: { type: 'boolean' } } } as const;
const suggestResponse = (item: object) => ({ type: 'object', required: ['code', 'status', 'prefix', 'result'], properties: { code: { type: 'string' }, status: { type: 'string' }, prefix: { type: 'string' }, result: { type: 'array', items: item } } }) as const;
const featureDoc = { type: 'object', properties: { description: { type: ['string', 'null'] }, coefficient: { type: 'number' }, url: { type: ['string', 'null'] } } } as const;
const adjacentPage = { type: 'object', required: ['results', 'total', 'limit', 'offset'], properties: { results: { type: 'array', items: { anyOf: [{ type: 'string' }, anyObject] } }, total: { type: 'object', properties: { value: { type: 'integer' }, relation: { type: 'string' } } }, limit: { type: 'integer' }, offset: { type: 'integer' } } } as const;

// ---- reconciliation (OpenRefine Reconciliation Service API v0.2) ----

const RECONCILE_LIMITS = { queries: 100, limit: 100, properties: 50, keyLength: 200, typeLength: 100, types: 10 } as const;

const reconValue = { anyOf: [{ type: 'string', maxLength: QUERY_LIMITS.valueLength }, { type: 'number' }, { type: 'array', maxItems: QUERY_LIMITS.valuesPerProperty, items: { anyOf: [{ type: 'string', maxLength: QUERY_LIMITS.valueLength }, { type: 'number' }] } }] } as const;

/** One reconciliation query: {query, type, limit, properties: [{pid, v}]} (other fields, e.g. type_strict, are ignored). */
const reconQuerySchema = {
  type: 'object',
  properties: {
    query: { type: 'string', minLength: 1, maxLength: QUERY_LIMITS.nameLength, description: 'the name to reconcile' },
    type: { anyOf: [{ type: 'string', maxLength: RECONCILE_LIMITS.typeLength }, { type: 'array', maxItems: RECONCILE_LIMITS.types, items: { type: 'string', maxLength: RECONCILE_LIMITS.typeLength } }], description: 'FtM schema (Person, Company…; default Thing); of a list, the first' },
    limit: { type: 'integer', minimum: 1, maximum: RECONCILE_LIMITS.limit, description: 'results for this query (default 5)' },
    properties: {
      type: 'array',
      maxItems: RECONCILE_LIMITS.properties,
      items: { type: 'object', required: ['pid', 'v'], properties: { pid: { type: 'string', minLength: 1, maxLength: RECONCILE_LIMITS.typeLength, description: "an FtM property: 'birthDate' or 'Person:birthDate'" }, v: reconValue } },
    },
  },
} as const;

const reconBatchSchema = {
  type: 'object',
  minProperties: 1,
  maxProperties: RECONCILE_LIMITS.queries,
  propertyNames: { maxLength: RECONCILE_LIMITS.keyLength },
  additionalProperties: reconQuerySchema,
  description: 'queries by key: {"q0": {"query": "…", "type": "Company", "limit": 5, "properties": [{"pid": "jurisdiction", "v": "by"}]}}',
} as const;

interface ReconQuery {
  query?: string;
  type?: string | string[];
  limit?: number;
  properties?: { pid: string; v: string | number | (string | number)[] }[];
}

/** Every property name of the model, for bare pids ('birthDate'). */
const PROPERTY_NAMES = new Set(Object.values(model.schemata).flatMap((s) => (s ? [...s.getProperties().keys()] : [])));

function propertyOfPid(field: string, pid: string): string {
  const [schema, prop] = pid.includes(':') ? pid.split(':', 2) : [null, pid];
  const known = schema === null ? PROPERTY_NAMES.has(prop!) : isSchema(schema) && model.getSchema(schema).hasProperty(prop!);
  if (!known) throw new BadRequest(`${field}: unknown property '${pid}' (an FtM property such as 'birthDate' or 'Person:birthDate')`);
  return prop!;
}

const typeOf = (schema: string) => {
  const s = model.getSchema(schema);
  return { id: s.name, name: s.plural, description: s.description ?? s.label };
};

const COLLECTION_TITLES: Record<string, string> = { default: 'Everything', sanctions: 'All sanctions lists', news: 'Parties reported in news articles' };
const titleOf = (dataset: string) => COLLECTION_TITLES[dataset] ?? OFFICIAL_SOURCES.find((o) => o.dataset === dataset)?.title ?? dataset;

/** The schemata of the entities screened in these lists (the manifest's default types, suggest/type). */
function schemataIn(ctx: ApiContext, datasets: string[]): string[] {
  const found = new Set<string>();
  for (const e of ctx.screener.index.entities) if (datasets.includes(e.dataset)) found.add(e.schema);
  return [...found].sort();
}

const startsWith = (prefix: string, ...labels: (string | null | undefined)[]) => {
  const p = prefix.trim().toLowerCase();
  return p !== '' && labels.some((l) => l && l.toLowerCase().startsWith(p));
};

/** Where this service is reached, as the client called it: for the manifest's service URLs. */
const originOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

function manifest(ctx: ApiContext, req: FastifyRequest, dataset: string) {
  const datasets = datasetsFor(ctx, dataset);
  const base = `${originOf(req)}/reconcile/${dataset}`;
  // The query string is passed on (as yente does, for a key given there).
  const search = req.url.includes('?') ? `?${req.url.split('?')[1]}` : '';
  const service = (path: string) => ({ service_url: base, service_path: `${path}${search}` });
  return {
    versions: ['0.2'],
    name: `${titleOf(dataset)} (sanctrace)`,
    identifierSpace: 'https://www.opensanctions.org/reference/#schema',
    schemaSpace: 'https://www.opensanctions.org/reference/#schema',
    documentation: `${originOf(req)}/openapi.json`,
    view: { url: `${originOf(req)}/entities/{{id}}` },
    batchSize: 10,
    suggest: { entity: service('/suggest/entity'), type: service('/suggest/type'), property: service('/suggest/property') },
    extend: extendManifest(service),
    defaultTypes: schemataIn(ctx, datasets).map(typeOf),
  };
}

/** Parse and check the `queries` parameter (JSON text from a form or the query string, or an object in a JSON body). */
function parseQueries(req: FastifyRequest, raw: unknown): Record<string, ReconQuery> {
  let batch = raw;
  if (typeof raw === 'string') {
    if (jsonDepthExceeds(raw, 32)) throw new BadRequest('queries: nested deeper than 32 levels');
    try {
      batch = JSON.parse(raw);
    } catch (err) {
      throw new BadRequest(`queries: not valid JSON: ${(err as Error).message}`);
    }
  }
  const validate = req.compileValidationSchema(reconBatchSchema);
  if (!validate(batch)) {
    const first = validate.errors?.[0];
    throw new BadRequest(`queries${(first?.instancePath ?? '').replaceAll('/', '.')} ${first?.message ?? 'is not a batch of reconciliation queries'}`);
  }
  return batch as Record<string, ReconQuery>;
}

async function reconcileQueries(ctx: ApiContext, req: FastifyRequest, dataset: string, raw: unknown, query: ScopeQuery & { algorithm?: string }, setAuditSeq: (seq: number | null) => void) {
  const algorithm = query.algorithm ?? 'sanctrace';
  if (!ALGORITHMS.includes(algorithm)) throw new BadRequest(`algorithm: unknown algorithm '${algorithm}' (known: ${ALGORITHMS.join(', ')})`);
  const scope = await scopeOf(ctx, dataset, query);
  const batch = parseQueries(req, raw);
  const keys = Object.keys(batch);
  const asked = keys.reduce((n, k) => n + (batch[k]!.limit ?? 5), 0);
  if (asked > QUERY_LIMITS.resultsPerRequest) throw new BadRequest(`queries: ${keys.length} queries ask for ${asked} results in all, more than the ${QUERY_LIMITS.resultsPerRequest} a request may`);
  const deadline = { at: Date.now() + REQUEST_BUDGET_MS, budgetMs: REQUEST_BUDGET_MS };
  const prepared = keys.map((key) => {
    const q = batch[key]!;
    const types = q.type === undefined ? [] : Array.isArray(q.type) ? q.type : [q.type];
    const type = types[0] ?? 'Thing';
    if (!isSchema(type)) throw new BadRequest(`queries.${key}.type: unknown type '${type}' (an FtM schema: Person, Company, Organization, Vessel…)`);
    const properties: Record<string, string[]> = {};
    if (q.query !== undefined) properties.name = [q.query];
    for (const [k, p] of (q.properties ?? []).entries()) {
      const prop = propertyOfPid(`queries.${key}.properties.${k}.pid`, p.pid);
      const values = (Array.isArray(p.v) ? p.v : [p.v]).map(String);
      properties[prop] = [...(properties[prop] ?? []), ...values];
    }
    // Thing (OpenRefine's default) reads the names as a person's and an organisation's.
    const match = toMatchQuery(key, { schema: type === 'Thing' ? 'LegalEntity' : type, properties });
    return { key, limit: q.limit ?? 5, query: match };
  });
  let screened: AuditedResult[] = [];
  if (scope.datasets.length > 0) {
    try {
      screened = await screenAudited(
        ctx.store,
        ctx.screener,
        prepared.map((p) => ({ key: p.key, query: p.query, customer: null, filters: scope.filters, options: { threshold: DEFAULT_THRESHOLD, limit: p.limit, datasets: scope.datasets, deadline, ...scope.options } })),
        { actor: principalOf(req).actor, source: 'api:reconcile', anchorFile: ctx.auditAnchor, matcher: ctx.matcher },
      );
    } catch (err) {
      if (err instanceof BudgetExceeded) throw new BadRequest(err.message);
      throw err;
    }
  }
  setAuditSeq(screened[0]?.auditSeq ?? null);
  const out: Record<string, { result: unknown[] }> = {};
  for (const [i, p] of prepared.entries()) {
    const result = [];
    for (const r of screened[i]?.results ?? []) {
      const party = await partyResponse(ctx.store, r);
      if (!party) continue;
      result.push({ id: party.id, name: party.caption, description: model.getSchema(party.schema).label, type: [typeOf(party.schema)], score: r.score, match: r.match });
    }
    out[p.key] = { result };
  }
  return out;
}

export function yenteExtra(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/algorithms',
    {
      schema: {
        summary: 'The scoring algorithm /match uses, its features and their weights (yente-compatible)',
        response: {
          200: {
            type: 'object',
            required: ['algorithms', 'default', 'best'],
            properties: {
              algorithms: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    name: { type: 'string' },
                    description: { type: 'string' },
                    aliases: { type: 'array', items: { type: 'string' }, description: "yente's algorithm names this one answers" },
                    features: { type: 'object', additionalProperties: featureDoc },
                    docs: { type: 'object', properties: { name: { type: 'string' }, description: { type: 'string' }, config: { type: 'object', additionalProperties: anyObject }, features: { type: 'object', additionalProperties: featureDoc } } },
                    threshold: { type: 'number' },
                  },
                },
              },
              default: { type: 'string' },
              best: { type: 'string' },
            },
          },
        },
      },
    },
    () => {
      const features = Object.fromEntries(Object.entries(WEIGHTS).map(([name, w]) => [name, { description: w.description, coefficient: w.value, url: null }]));
      const description =
        "sanctrace's matcher, after nomenklatura's logic-v2: the best name comparison (word by word, across scripts, with legal forms, acronyms and weak aliases) sets the base score; an identifier that agrees raises it; birth dates, countries, legal forms and schemata that disagree lower it. Each feature below is a weight that /match accepts in `weights`.";
      return {
        algorithms: [{ name: 'sanctrace', description, aliases: ALGORITHMS.filter((a) => a !== 'sanctrace'), features, docs: { name: 'sanctrace', description, config: {}, features }, threshold: DEFAULT_THRESHOLD }],
        default: 'sanctrace',
        best: 'sanctrace',
      };
    },
  );

  app.get(
    '/readyz',
    { schema: { summary: 'Readiness: 200 when the matcher index holds the lists, 503 before', response: { 200: statusSchema, 503: errorSchema } } },
    async (_req, reply) => {
      if (ctx.screener.index.versions.size === 0) return reply.status(503).send({ detail: 'Index not ready: no list is loaded (import one with sanctrace import)' });
      return { status: 'ok' };
    },
  );

  const updateReport = async () => {
    const latest = new Map((await ctx.store.listDatasets()).map((s) => [s.name, s.latest.id]));
    const indexed = Object.fromEntries(ctx.screener.index.versions);
    const indexDates = await versionsWithDates(ctx.store, indexed);
    const latestDates = await versionsWithDates(ctx.store, Object.fromEntries(latest));
    const names = [...new Set([...latest.keys(), ...ctx.screener.index.versions.keys()])].sort();
    const lists = Object.fromEntries(names.map((name) => [name, { index_version: indexDates[name] ?? null, latest_version: latestDates[name] ?? null, current: indexed[name] !== undefined && indexed[name] === latest.get(name) }]));
    const outdated = names.filter((n) => !lists[n]!.current);
    return { status: outdated.length ? 'stale' : 'ok', index_current: outdated.length === 0, lists, outdated, reindexing: ctx.indexRefresh?.busy ?? false };
  };
  const listVersion = { type: ['object', 'null'], properties: { id: { type: 'integer' }, date: { type: 'string' } } } as const;
  const updateSchema = {
    type: 'object',
    required: ['status', 'index_current', 'lists', 'outdated'],
    properties: {
      status: { type: 'string', description: "'ok' when the index is built from the latest version of every list, else 'stale'" },
      index_current: { type: 'boolean' },
      lists: { type: 'object', additionalProperties: { type: 'object', properties: { index_version: listVersion, latest_version: listVersion, current: { type: 'boolean' } } } },
      outdated: { type: 'array', items: { type: 'string' } },
      reindexed: { type: 'boolean' },
      reindexing: { type: 'boolean', description: 'a new index is being built (the current one answers meanwhile)' },
      detail: { type: 'string' },
    },
  } as const;

  app.get('/updatez', { schema: { summary: 'Index status: the list versions the matcher index was built from, the latest in the store, and whether it is current', response: { 200: updateSchema } } }, updateReport);

  app.post<{ Querystring: { sync: boolean; force: boolean } }>(
    '/updatez',
    {
      // yente's update token is an admin's key here (Authorization: Bearer <key>, or ?token=<key> as yente has it).
      config: { access: 'admin' },
      schema: {
        summary: "Rebuild the matcher index from the latest list versions, live (admin): screening goes on with the old index until the new one is in. As yente: `sync=true` waits until it is done; otherwise it runs in the background and GET /updatez says when the index is current",
        querystring: {
          type: 'object',
          properties: {
            sync: { type: 'boolean', default: false, description: 'wait until the new index is in use' },
            force: { type: 'boolean', default: false, description: 'rebuild even when the index is current (after a change of the matcher)' },
            token: { type: 'string', maxLength: 200, description: "yente's update token: an admin key (Authorization: Bearer <key> is the better way)" },
          },
        },
        response: { 200: updateSchema, 401: errorSchema, 403: errorSchema },
      },
    },
    async (req) => {
      await ctx.screener.reloadCanonical(ctx.store);
      const refresh = ctx.indexRefresh!;
      const current = 'the index is built from the latest version of every list; merged parties reloaded';
      const before = await updateReport();
      if (!req.query.force && !refresh.busy && before.index_current) return { ...before, reindexed: false, detail: current };
      const running = refresh.refresh({ force: req.query.force });
      if (req.query.sync) {
        const outcome = await running;
        const report = await updateReport();
        return { ...report, reindexed: outcome.reindexed, detail: outcome.reindexed ? `index rebuilt in ${outcome.seconds.toFixed(1)} s${outcome.outdated.length ? ` (new versions of ${outcome.outdated.join(', ')})` : ''}; merged parties reloaded` : current };
      }
      running.catch(() => {});
      return { ...(await updateReport()), reindexed: false, reindexing: true, detail: 'rebuilding the index in the background; GET /updatez reports when it is current' };
    },
  );

  const merged = { description: 'The entity was merged into another id: the Location header names it', type: 'null' } as const;
  const adjacentQuery = { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 10 }, offset: { type: 'integer', minimum: 0, maximum: 9499, default: 0 } } } as const;
  app.get<{ Params: { id: string }; Querystring: { limit: number; offset: number } }>(
    '/entities/:id/adjacent',
    {
      preHandler: redirectMerged(ctx),
      schema: {
        summary: 'The entity and, per linking property (sanctions, unknownLinkTo, ownershipOwner…), a page of its adjacent entities (yente-compatible)',
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 } } },
        querystring: adjacentQuery,
        response: { 200: { type: 'object', required: ['entity', 'adjacent'], properties: { entity: anyObject, adjacent: { type: 'object', additionalProperties: adjacentPage } } }, 308: merged, 404: errorSchema },
      },
    },
    async (req) => {
      const found = await adjacentResponse(ctx.store, req.params.id, { limit: req.query.limit, offset: req.query.offset });
      if (!found) throw new NotFound(`no entity '${req.params.id}'`);
      return found;
    },
  );

  app.get<{ Params: { id: string; property: string }; Querystring: { limit: number; offset: number } }>(
    '/entities/:id/adjacent/:property',
    {
      preHandler: redirectMerged(ctx),
      schema: {
        summary: 'A page of the entities adjacent through one property (yente-compatible)',
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 }, property: { type: 'string', maxLength: 100 } } },
        querystring: adjacentQuery,
        response: { 200: adjacentPage, 308: merged, 404: errorSchema },
      },
    },
    async (req) => {
      const found = await adjacentResponse(ctx.store, req.params.id, { limit: req.query.limit, offset: req.query.offset, property: req.params.property });
      if (!found) throw new NotFound(`no entity '${req.params.id}'`);
      if (!entityProperties(found.entity.schema).includes(req.params.property)) throw new NotFound(`no property '${req.params.property}' linking a ${found.entity.schema} to other entities`);
      return found.adjacent[req.params.property] ?? { results: [], total: { value: 0, relation: 'eq' }, limit: req.query.limit, offset: req.query.offset };
    },
  );

  // The reconciliation service, in its own scope: form bodies (OpenRefine posts
  // application/x-www-form-urlencoded) are parsed here only.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    const datasetParam = { type: 'object', properties: { dataset: { type: 'string', maxLength: 100 } } } as const;
    const reconcileQuerystring = {
      type: 'object',
      properties: {
        queries: { type: 'string', maxLength: 65_536, description: 'JSON-encoded reconciliation queries (see the POST body)' },
        algorithm: { type: 'string', maxLength: 50 },
        ...SCOPE_QUERYSTRING,
      },
    } as const;
    const resultsSchema = { type: 'object', additionalProperties: { type: 'object', required: ['result'], properties: { result: { type: 'array', items: freebaseScored } } } } as const;
    const manifestSchema = {
      type: 'object',
      required: ['versions', 'name', 'identifierSpace', 'schemaSpace', 'defaultTypes'],
      properties: {
        versions: { type: 'array', items: { type: 'string' } },
        name: { type: 'string' },
        identifierSpace: { type: 'string' },
        schemaSpace: { type: 'string' },
        documentation: { type: 'string' },
        view: { type: 'object', properties: { url: { type: 'string' } } },
        batchSize: { type: 'integer' },
        suggest: { type: 'object', additionalProperties: { type: 'object', properties: { service_url: { type: 'string' }, service_path: { type: 'string' } } } },
        extend: { type: 'object', additionalProperties: true },
        defaultTypes: { type: 'array', items: freebaseType },
      },
    } as const;
    type ReconcileQs = ScopeQuery & { queries?: string; algorithm?: string };
    const extendSchema = {
      type: 'object',
      required: ['meta', 'rows'],
      properties: {
        meta: { type: 'array', items: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } } },
        rows: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'array', items: { type: 'object', required: ['str'], properties: { str: { type: 'string' } } } } } },
      },
    } as const;

    for (const path of ['/reconcile', '/reconcile/:dataset']) {
      const datasetOf = (req: FastifyRequest) => (req.params as { dataset?: string }).dataset ?? 'default';
      scope.get<{ Querystring: ReconcileQs }>(
        path,
        {
          // A query given here is a screening like /match: a read, audited.
          config: { access: 'read' },
          schema: {
            summary: `Reconciliation (OpenRefine API v0.2, yente-compatible): without queries, the service manifest; with queries, their results${path === '/reconcile' ? ' (the default dataset)' : ''}`,
            ...(path === '/reconcile' ? {} : { params: datasetParam }),
            querystring: reconcileQuerystring,
            response: { 200: { anyOf: [manifestSchema, resultsSchema] }, 400: errorSchema, 404: errorSchema },
          },
        },
        async (req, reply) => {
          if (req.query.queries === undefined) return manifest(ctx, req, datasetOf(req));
          return reconcileQueries(ctx, req, datasetOf(req), req.query.queries, req.query, (seq) => void (seq !== null && reply.header('x-audit-seq', String(seq))));
        },
      );
      scope.post<{ Querystring: ReconcileQs; Body: { queries?: unknown; extend?: unknown } | undefined }>(
        path,
        {
          config: { access: 'read' },
          schema: {
            summary: 'Reconciliation queries (OpenRefine API v0.2, yente-compatible): a form field or JSON member `queries`; screened and audited like /match (the record is named in the x-audit-seq header)',
            ...(path === '/reconcile' ? {} : { params: datasetParam }),
            querystring: { type: 'object', properties: { algorithm: reconcileQuerystring.properties.algorithm, ...SCOPE_QUERYSTRING } },
            body: {
              content: {
                'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { queries: { type: 'string', maxLength: 1_000_000, description: 'JSON-encoded queries, as OpenRefine sends them' }, extend: { type: 'string', maxLength: 100_000 } } } },
                'application/json': { schema: { type: 'object', properties: { queries: { anyOf: [{ type: 'string', maxLength: 1_000_000 }, reconBatchSchema] }, extend: {} } } },
              },
            },
            response: { 200: { anyOf: [resultsSchema, extendSchema] }, 400: errorSchema, 404: errorSchema },
          },
        },
        async (req, reply) => {
          // Data extension (columns from reconciled values): a read of the parties, not a screening.
          if (req.body?.extend !== undefined && req.body.extend !== '') {
            const extended = await extendEntities(ctx.store, req.body.extend);
            reply.header('x-batch-size', String(Object.keys(extended.rows).length));
            return extended;
          }
          if (req.body?.queries === undefined) throw new BadRequest('queries: no queries or extend request provided');
          return reconcileQueries(ctx, req, datasetOf(req), req.body.queries, req.query, (seq) => void (seq !== null && reply.header('x-audit-seq', String(seq))));
        },
      );
    }

    scope.get<{ Params: { dataset: string }; Querystring: { type: string; limit: number } }>(
      '/reconcile/:dataset/extend/property',
      {
        schema: {
          summary: 'Properties proposed for data extension of a type (reconciliation extend API, yente-compatible): featured ones first',
          params: datasetParam,
          querystring: { type: 'object', properties: { type: { type: 'string', maxLength: 100, default: 'LegalEntity' }, limit: { type: 'integer', minimum: 0, maximum: 500, default: 0 } } },
          response: { 200: { type: 'object', required: ['limit', 'type', 'properties'], properties: { limit: { type: 'integer' }, type: { type: 'string' }, properties: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } } } }, 400: errorSchema, 404: errorSchema },
        },
      },
      async (req) => {
        datasetsFor(ctx, req.params.dataset);
        return proposedProperties(req.query.type, req.query.limit);
      },
    );

    const prefixQuery = (withLimit: boolean) => ({ type: 'object', properties: { prefix: { type: 'string', maxLength: QUERY_LIMITS.nameLength, default: '' }, ...(withLimit ? { limit: { type: 'integer', minimum: 1, maximum: 500, default: 10 } } : {}) } }) as const;

    scope.get<{ Params: { dataset: string }; Querystring: { prefix: string; limit: number } }>(
      '/reconcile/:dataset/suggest/entity',
      { schema: { summary: 'Suggest entities by name (reconciliation suggest API, yente-compatible)', params: datasetParam, querystring: prefixQuery(true), response: { 200: suggestResponse(freebaseEntity), 404: errorSchema } } },
      async (req) => {
        const datasets = datasetsFor(ctx, req.params.dataset);
        const prefix = req.query.prefix;
        const result = [];
        if (prefix.trim() !== '' && datasets.length > 0) {
          await ctx.screener.syncCanonical(ctx.store);
          const deadline = { at: Date.now() + REQUEST_BUDGET_MS, budgetMs: REQUEST_BUDGET_MS };
          let found;
          try {
            found = await (ctx.matcher ?? ctx.screener).screen({ schema: 'LegalEntity', names: [prefix] }, { limit: req.query.limit, datasets, threshold: 0, deadline });
          } catch (err) {
            if (err instanceof BudgetExceeded) throw new BadRequest(err.message);
            throw err;
          }
          for (const r of found.results.filter((x) => x.score > 0)) {
            const party = await partyResponse(ctx.store, r);
            if (party) result.push({ id: party.id, name: party.caption, description: model.getSchema(party.schema).label, type: [typeOf(party.schema)] });
          }
        }
        return { code: '/api/status/ok', status: '200 OK', prefix, result };
      },
    );

    scope.get<{ Params: { dataset: string }; Querystring: { prefix: string } }>(
      '/reconcile/:dataset/suggest/type',
      { schema: { summary: 'Suggest types (FtM schemata) by prefix (reconciliation suggest API, yente-compatible)', params: datasetParam, querystring: prefixQuery(false), response: { 200: suggestResponse(freebaseType), 404: errorSchema } } },
      async (req) => {
        const schemata = schemataIn(ctx, datasetsFor(ctx, req.params.dataset)).filter((s) => startsWith(req.query.prefix, s, model.getSchema(s).label));
        return { code: '/api/status/ok', status: '200 OK', prefix: req.query.prefix, result: schemata.slice(0, 5).map(typeOf) };
      },
    );

    scope.get<{ Params: { dataset: string }; Querystring: { prefix: string } }>(
      '/reconcile/:dataset/suggest/property',
      { schema: { summary: 'Suggest properties by prefix, for reconciliation query properties (yente-compatible)', params: datasetParam, querystring: prefixQuery(false), response: { 200: suggestResponse(freebaseType), 404: errorSchema } } },
      async (req) => {
        const seen = new Map<string, { id: string; name: string; description: string | null }>();
        for (const name of schemataIn(ctx, datasetsFor(ctx, req.params.dataset))) {
          for (const prop of model.getSchema(name).getProperties().values()) {
            if (prop.hidden || prop.type.name === 'entity' || seen.has(prop.qname)) continue;
            if (startsWith(req.query.prefix, prop.name, prop.label)) seen.set(prop.qname, { id: prop.qname, name: prop.label, description: prop.description });
          }
        }
        return { code: '/api/status/ok', status: '200 OK', prefix: req.query.prefix, result: [...seen.values()].slice(0, 5) };
      },
    );
  });
}
