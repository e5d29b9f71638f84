// The HTTP API: yente's /match, /search, /entities, /catalog and /healthz answered from the
// in-process matcher and store (no search cluster), with request and response schemas that
// generate the OpenAPI document at /openapi.json and JSON errors for every bad request. The rest
// of yente v5 (the scope filters, /algorithms, /reconcile, /adjacent, /readyz, /updatez) is in
// yente-extra.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import { BudgetExceeded, jsonDepthExceeds, nameLimitBroken, QUERY_LIMITS, REQUEST_BUDGET_MS } from '../match/limits.js';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { PACKAGE_ROOT } from '../config.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { DEFAULT_THRESHOLD, WEIGHTS, type MatchQuery } from '../match/features.js';
import { isSchema } from '../model/ftm.js';
import type { Screener } from '../screen/screen.js';
import type { ScreensQueries } from '../screen/offloaded.js';
import { OFFICIAL_SOURCES } from '../sources/registry.js';
import type { Store } from '../store/types.js';
import { registerAccessHook, type AccessOptions } from '../access/hook.js';
import { principalOf } from '../access/principal.js';
import { screenAudited, versionsWithDates, type AuditedResult } from '../audit/screening.js';
import { auditRoutes } from './audit.js';
import { monitorRoutes } from './monitor.js';
import { DEFAULT_FACETS, FACETS, searchFacets, type Facet } from './facets.js';
import { IndexRefresh } from './index-refresh.js';
import { resolveRoutes } from './resolve.js';
import { batchJobs } from './batch-jobs.js';
import { BadRequest, beyondYente, NotFound } from './beyond.js';
import { canonicalEntityResponse, nestedEntityResponse, partyResponse, redirectMerged, type EntityResponse } from './entities.js';
import { MATCH_SCOPE_QUERYSTRING, SCOPE_QUERYSTRING, scopeOf, yenteExtra, type ScopeQuery } from './yente-extra.js';

export interface ApiContext {
  store: Store;
  screener: Screener;
  /** Who may do what without a key (default: anonymous reading allowed, writes need a key). */
  access?: AccessOptions;
  /** The audit trail's anchor file (see src/audit/log.ts); none: the chain alone is kept. */
  auditAnchor?: string | null;
  /** Screening on matcher threads (serve's default); none: in process, on the event loop. */
  matcher?: ScreensQueries;
  /** Where batch jobs keep their upload, state and results (so they survive a restart); none: a temporary folder. */
  jobsDir?: string;
  /** Rebuilds the matcher index live on a new list version (made by buildApi when not given). */
  indexRefresh?: IndexRefresh;
}

// Collections besides the lists themselves, as yente names them.
const COLLECTIONS = ['default', 'sanctions', 'news'];
const NAME_PROPS = ['name', 'alias', 'weakAlias', 'previousName', 'firstName', 'lastName'];
const COUNTRY_PROPS = ['nationality', 'country', 'citizenship', 'jurisdiction', 'flag'];
const ID_PROPS = ['registrationNumber', 'idNumber', 'passportNumber', 'taxNumber', 'innCode', 'ogrnCode', 'imoNumber', 'mmsi', 'leiCode', 'swiftBic', 'vatCode', 'okpoCode'];
// yente's algorithm names are accepted and answered by sanctrace's matcher.
export const ALGORITHMS = ['sanctrace', 'best', 'logic-v2', 'logic-v1', 'regression-v1', 'name-based', 'name-qualified'];
const MAX_QUERIES = 100;
const MAX_JSON_DEPTH = 32;

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const entitySchema = {
  type: 'object',
  required: ['id', 'caption', 'schema', 'properties', 'datasets', 'referents', 'target'],
  properties: {
    id: { type: 'string' },
    caption: { type: 'string' },
    schema: { type: 'string' },
    properties: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    datasets: { type: 'array', items: { type: 'string' } },
    referents: { type: 'array', items: { type: 'string' } },
    target: { type: 'boolean' },
    first_seen: { type: ['string', 'null'] },
    last_seen: { type: ['string', 'null'] },
    last_change: { type: ['string', 'null'] },
  },
} as const;

// /entities/{id}?nested=true: adjacent entities (sanctions, links…) nested in the properties.
const nestedEntitySchema = {
  ...entitySchema,
  properties: { ...entitySchema.properties, properties: { type: 'object', additionalProperties: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }] } } } },
} as const;

const scoredEntitySchema = {
  ...entitySchema,
  required: [...entitySchema.required, 'score', 'features', 'match'],
  properties: {
    ...entitySchema.properties,
    score: { type: 'number' },
    match: { type: 'boolean' },
    features: { type: 'object', additionalProperties: { type: 'number' } },
    explanations: { type: 'object', additionalProperties: { type: 'string' } },
    suppressed: { type: 'object', additionalProperties: true, description: 'a false-positive decision for this customer (the query id) that suppresses this hit' },
    sanctions: {
      type: 'array',
      description: "with sanctions=true: the party's Sanction records (one per listing, from every list it is on)",
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          dataset: { type: 'string' },
          authority: { type: ['string', 'null'] },
          programs: { type: 'array', items: { type: 'string' } },
          listing_date: { type: ['string', 'null'], description: 'the listing (or start) date as the list states it; null when the list does not give one' },
          first_seen: { type: ['string', 'null'], description: 'the date of the first list version this store holds the listing in' },
          countries: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
} as const;

/** One listing of a hit, from its Sanction record, as /match?sanctions=true shows it. */
export interface ListingSummary {
  id: string;
  dataset: string;
  authority: string | null;
  programs: string[];
  listing_date: string | null;
  first_seen: string | null;
  countries: string[];
}

/**
 * The Sanction records of a party's sources (its id and referents). A few SQL reads per hit, so
 * /match does it only when asked (sanctions=true, as the UI does): yente clients screening in
 * bulk do not pay for it.
 */
export async function listingsOf(store: Store, ids: string[]): Promise<ListingSummary[]> {
  const out: ListingSummary[] = [];
  for (const id of ids) {
    for (const ref of await store.getReferencing(id)) {
      if (ref.schema !== 'Sanction') continue;
      const all = (prop: string) => [...new Set(ref.statements.filter((s) => s.prop === prop).map((s) => s.value))];
      const seen = ref.statements.map((s) => s.firstSeen?.date).filter((d): d is string => Boolean(d)).sort()[0] ?? null;
      // A date the list states (listingDate, else startDate) is kept apart from when this store first saw the listing.
      out.push({ id: ref.id, dataset: ref.dataset, authority: all('authority')[0] ?? null, programs: all('program'), listing_date: all('listingDate')[0] ?? all('startDate')[0] ?? null, first_seen: seen ? seen.slice(0, 10) : null, countries: all('country') });
    }
  }
  return out;
}

const errorSchema = { type: 'object', required: ['detail'], properties: { detail: { type: 'string' } } } as const;
const totalSchema = { type: 'object', properties: { value: { type: 'integer' }, relation: { type: 'string' } } } as const;

export function datasetsFor(ctx: ApiContext, dataset: string): string[] {
  const lists = [...ctx.screener.index.versions.keys()];
  if (dataset === 'default' || dataset === 'sanctions') return lists;
  if (dataset === 'news') return [];
  if (lists.includes(dataset)) return [dataset];
  throw new ApiError(404, `unknown dataset '${dataset}' (known: ${[...COLLECTIONS, ...lists].join(', ')})`);
}

function values(properties: Record<string, unknown>, props: string[]): string[] {
  return props.flatMap((p) => {
    const v = properties[p];
    if (v === undefined || v === null) return [];
    return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  });
}

/** A yente query example → a matcher query; a clear 400 for what cannot be one. */
export function toMatchQuery(key: string, example: { schema?: unknown; properties?: unknown }): MatchQuery {
  if (typeof example.schema !== 'string' || !isSchema(example.schema)) throw new ApiError(400, `query '${key}': unknown schema '${String(example.schema)}'`);
  if (!example.properties || typeof example.properties !== 'object' || Array.isArray(example.properties)) throw new ApiError(400, `query '${key}': properties must be an object of property → values`);
  const properties = example.properties as Record<string, unknown>;
  const names = values(properties, NAME_PROPS);
  const first = values(properties, ['firstName']);
  const last = values(properties, ['lastName']);
  if (first.length && last.length) names.push(`${first[0]} ${last[0]}`);
  if (names.length === 0) throw new ApiError(400, `query '${key}': no name (give properties.name)`);
  const broken = nameLimitBroken(names);
  if (broken) throw new ApiError(400, `query '${key}': ${broken}`);
  for (const [prop, value] of Object.entries(properties)) {
    if (Array.isArray(value) && value.length > QUERY_LIMITS.valuesPerProperty) throw new ApiError(400, `query '${key}': ${value.length} values of ${prop}, more than the limit of ${QUERY_LIMITS.valuesPerProperty}`);
    const long = (Array.isArray(value) ? value : [value]).find((v) => typeof v === 'string' && v.length > QUERY_LIMITS.valueLength) as string | undefined;
    if (long !== undefined) throw new ApiError(400, `query '${key}': a value of ${prop} of ${long.length} characters, longer than the limit of ${QUERY_LIMITS.valueLength}`);
  }
  return {
    schema: example.schema,
    names: [...new Set(names)],
    birthDates: values(properties, ['birthDate']),
    countries: values(properties, COUNTRY_PROPS).map((c) => c.toLowerCase()),
    identifiers: values(properties, ID_PROPS),
  };
}

const facetSchema = {
  type: 'object',
  required: ['label', 'values'],
  properties: { label: { type: 'string' }, values: { type: 'array', items: { type: 'object', required: ['name', 'label', 'count'], properties: { name: { type: 'string' }, label: { type: 'string' }, count: { type: 'integer' } } } } },
} as const;

export async function buildApi(ctx: ApiContext): Promise<FastifyInstance> {
  ctx.indexRefresh ??= new IndexRefresh(ctx);
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  // JSON bodies nested deeper than any request needs are refused before parsing (a 10,000-level
  // body would otherwise exhaust the stack in validation): 400, nothing screened or audited.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) return done(new BadRequest(`request body nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new BadRequest(`request body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });
  // Security headers on every response (@fastify/helmet): a strict CSP for the UI (own scripts
  // only, no inline script, no framing), nosniff, no referrer beyond the origin. No upgrade to
  // https: the server is often reached over plain http on loopback.
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': null,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: false,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'sanctrace API', description: 'Screening (yente-compatible /match and /search), entities, lists and news.', version: '0.1.0' },
      // Reads may be anonymous (when the server allows it); writes need a key with a role.
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'sanctrace API key (sanctrace keys create --role screener|analyst|admin)' } } },
      security: [{ apiKey: [] }, {}],
    },
  });
  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown; code?: string }, req, reply) => {
    // A store still busy after the busy timeout (an import holding SQLite's write lock): the
    // caller should retry, not fix its request.
    if (err.code === 'SQLITE_BUSY' || err.code === 'SQLITE_LOCKED' || /database is locked/u.test(err.message)) {
      void reply.status(503).header('retry-after', '5').send({ detail: 'the store is busy with a write (an import?); retry shortly' });
      return;
    }
    const status = err instanceof ApiError ? err.status : err instanceof NotFound ? 404 : err instanceof BadRequest ? 400 : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 413 : (err.statusCode ?? 500);
    void reply.status(status).send({ detail: err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? `request body too large (over the limit of ${req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit} bytes)` : err.message });
  });
  registerAccessHook(app, ctx.store.sql, ctx.access ?? { anonymousRead: true });
  app.setNotFoundHandler((req, reply) => void reply.status(404).send({ detail: `no route ${req.method} ${req.url}` }));

  app.get('/healthz', { schema: { summary: 'Liveness', response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } }, () => ({ status: 'ok' }));

  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.get(
    '/catalog',
    {
      schema: {
        summary: 'The lists and collections that can be screened against',
        response: {
          200: {
            type: 'object',
            properties: {
              datasets: { type: 'array', items: { type: 'object', additionalProperties: true } },
              current: { type: 'array', items: { type: 'string' } },
              outdated: { type: 'array', items: { type: 'string' } },
              index_stale: { type: 'boolean' },
            },
          },
        },
      },
    },
    async () => {
      const summaries = await ctx.store.listDatasets();
      const lists = summaries.map((s) => {
        const source = OFFICIAL_SOURCES.find((o) => o.dataset === s.name);
        const version = `${s.latest.publishedAt ?? s.latest.importedAt.slice(0, 10)}-v${s.latest.id}`;
        return { name: s.name, title: source?.title ?? s.name, summary: source?.note ?? null, url: source?.urls[0] ?? null, load: true, entities_url: null, version, index_version: version, index_current: ctx.screener.index.versions.get(s.name) === s.latest.id, children: [] as string[] };
      });
      const collection = (name: string, title: string, children: string[]) => ({ name, title, summary: null, url: null, load: true, entities_url: null, version: 'live', index_version: 'live', index_current: true, children });
      const datasets = [...lists, collection('sanctions', 'All sanctions lists', lists.map((l) => l.name)), collection('default', 'Everything', [...lists.map((l) => l.name), 'news']), collection('news', 'Parties reported in news articles', [])];
      return { datasets, current: datasets.filter((d) => d.index_current).map((d) => d.name), outdated: datasets.filter((d) => !d.index_current).map((d) => d.name), index_stale: lists.some((l) => !l.index_current) };
    },
  );

  app.post<{ Params: { dataset: string }; Querystring: { threshold?: number; limit?: number; algorithm?: string; sanctions?: boolean } & ScopeQuery; Body: { queries: Record<string, { schema?: unknown; properties?: unknown }>; weights?: Record<string, number> } }>(
    '/match/:dataset',
    {
      // Screening changes nothing but the audit trail: a read, as yente clients expect.
      config: { access: 'read' },
      schema: {
        summary: 'Query-by-example matching (yente-compatible)',
        params: { type: 'object', properties: { dataset: { type: 'string' } } },
        querystring: {
          type: 'object',
          properties: {
            threshold: { type: 'number', minimum: 0, maximum: 1 },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
            algorithm: { type: 'string' },
            cutoff: { type: 'number' },
            sanctions: { type: 'boolean', description: "sanctrace: each result with its Sanction records (authority, programmes, listing date, country)" },
            ...MATCH_SCOPE_QUERYSTRING,
          },
        },
        body: {
          type: 'object',
          required: ['queries'],
          properties: {
            queries: { type: 'object', additionalProperties: { type: 'object', required: ['schema', 'properties'], properties: { id: { type: 'string' }, schema: { type: 'string' }, properties: { type: 'object' } } } },
            weights: { type: 'object', additionalProperties: { type: 'number' } },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              responses: {
                type: 'object',
                additionalProperties: {
                  type: 'object',
                  properties: { status: { type: 'integer' }, results: { type: 'array', items: scoredEntitySchema }, total: totalSchema, query: { type: 'object', additionalProperties: true } },
                },
              },
              matcher: { type: 'object', additionalProperties: { type: 'object', additionalProperties: true } },
              limit: { type: 'integer' },
              versions: { type: 'object', additionalProperties: { type: 'integer' } },
              list_versions: { type: 'object', description: 'the lists in scope: the version screened against and its date', additionalProperties: { type: 'object', properties: { id: { type: 'integer' }, date: { type: 'string' } } } },
              threshold: { type: 'number', description: 'the score at or above which a result is a match' },
              audit_seq: { type: ['integer', 'null'], description: 'the audit record of this screening' },
            },
          },
          400: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (req) => {
      // The lists in scope and yente's filters (include/exclude_dataset, exclude_schema, topics, changed_since, exclude_entity_ids).
      const { datasets, options: filtering, filters } = await scopeOf(ctx, req.params.dataset, req.query);
      const algorithm = req.query.algorithm ?? 'sanctrace';
      if (!ALGORITHMS.includes(algorithm)) throw new ApiError(400, `unknown algorithm '${algorithm}' (known: ${ALGORITHMS.join(', ')})`);
      const keys = Object.keys(req.body.queries);
      if (keys.length === 0) throw new ApiError(400, 'no queries provided');
      if (keys.length > MAX_QUERIES) throw new ApiError(400, `too many queries in one request (limit: ${MAX_QUERIES})`);
      const threshold = req.query.threshold ?? DEFAULT_THRESHOLD;
      const limit = req.query.limit ?? 5;
      if (limit * keys.length > QUERY_LIMITS.resultsPerRequest) throw new ApiError(400, `${keys.length} queries × limit ${limit} asks for ${limit * keys.length} results, more than the ${QUERY_LIMITS.resultsPerRequest} a request may (lower the limit or split the request)`);
      // A query's `id` (yente's query-by-example id) is the customer it screens: a false positive
      // decided for that customer suppresses the same hit until the listed entity changes.
      const queries = keys.map((key) => {
        const example = req.body.queries[key]!;
        return { key, example, query: toMatchQuery(key, example), customer: typeof (example as { id?: unknown }).id === 'string' ? (example as { id: string }).id : null };
      });
      let screened: AuditedResult[] = [];
      // One budget for the whole request, however many queries it holds.
      const deadline = { at: Date.now() + REQUEST_BUDGET_MS, budgetMs: REQUEST_BUDGET_MS };
      if (datasets.length > 0) {
        try {
          screened = await screenAudited(ctx.store, ctx.screener, queries.map((q) => ({ key: q.key, query: q.query, customer: q.customer, filters, options: { threshold, limit, datasets, weights: req.body.weights, deadline, ...filtering } })), {
            actor: principalOf(req).actor,
            source: 'api',
            anchorFile: ctx.auditAnchor,
            matcher: ctx.matcher,
          });
        } catch (err) {
          // Over budget: nothing was audited (the record is written after all queries ran).
          throw new ApiError(400, (err as Error).message);
        }
      }
      // The versions the screening itself used (a live index rebuild may have swapped the index since).
      const screenedAgainst: Record<string, number> = screened[0]?.versions ?? Object.fromEntries(ctx.screener.index.versions);
      const responses: Record<string, unknown> = {};
      for (const [i, { key, example, query }] of queries.entries()) {
        const outcome = screened[i];
        const results = [];
        for (const r of outcome?.results ?? []) {
          const entity = await partyResponse(ctx.store, r);
          if (!entity) continue;
          const suppressed = outcome!.suppressed.get(r.entity.id);
          results.push({
            ...entity,
            score: r.score,
            match: r.match && !suppressed,
            features: Object.fromEntries(r.features.map((f) => [f.feature, f.value])),
            explanations: Object.fromEntries(r.features.map((f) => [f.feature, f.detail])),
            ...(suppressed ? { suppressed: { decided_by: suppressed.decidedBy, decided_at: suppressed.decidedAt, audit_seq: suppressed.auditSeq, comment: suppressed.comment } } : {}),
            ...(req.query.sanctions ? { sanctions: await listingsOf(ctx.store, [entity.id, ...entity.referents]) } : {}),
          });
        }
        responses[key] = { status: 200, results, total: { value: results.length, relation: 'eq' }, query: { id: (example as { id?: string }).id ?? null, schema: query.schema, properties: example.properties } };
      }
      return {
        responses,
        matcher: Object.fromEntries(Object.entries(WEIGHTS).map(([name, w]) => [name, { description: w.description, coefficient: w.value, url: null }])),
        limit,
        versions: screenedAgainst,
        // Dated, and only the lists in scope: what a reader of the results needs to know they were screened against.
        list_versions: await versionsWithDates(ctx.store, Object.fromEntries(datasets.flatMap((d) => (screenedAgainst[d] !== undefined ? [[d, screenedAgainst[d]]] : [])))),
        threshold,
        audit_seq: screened[0]?.auditSeq ?? null,
      };
    },
  );

  app.get<{ Params: { dataset: string }; Querystring: { q: string; limit?: number; offset?: number; schema?: string; facets?: Facet[] } & ScopeQuery }>(
    '/search/:dataset',
    {
      schema: {
        summary: 'Search by name (yente-compatible)',
        params: { type: 'object', properties: { dataset: { type: 'string' } } },
        querystring: {
          type: 'object',
          required: ['q'],
          properties: {
            q: { type: 'string', minLength: 1, maxLength: QUERY_LIMITS.nameLength },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
            offset: { type: 'integer', minimum: 0, maximum: 9500 },
            schema: { type: 'string' },
            facets: { type: 'array', maxItems: FACETS.length, items: { type: 'string', enum: [...FACETS] }, description: `Facet counts to include (repeatable; default ${DEFAULT_FACETS.join(', ')}), over every result of the query` },
            ...SCOPE_QUERYSTRING,
          },
        },
        response: {
          200: { type: 'object', properties: { results: { type: 'array', items: scoredEntitySchema }, total: totalSchema, limit: { type: 'integer' }, offset: { type: 'integer' }, facets: { type: 'object', additionalProperties: facetSchema } } },
          400: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (req) => {
      const { datasets, options: filtering } = await scopeOf(ctx, req.params.dataset, req.query);
      const schema = req.query.schema ?? 'Thing';
      if (!isSchema(schema)) throw new ApiError(400, `unknown schema '${schema}'`);
      const limit = req.query.limit ?? 10;
      const offset = req.query.offset ?? 0;
      const deadline = { at: Date.now() + REQUEST_BUDGET_MS, budgetMs: REQUEST_BUDGET_MS };
      let found: ReturnType<Screener['screen']>['results'] = [];
      // One result per party, as /match shows it (a judgement made elsewhere joins parties).
      await ctx.screener.syncCanonical(ctx.store);
      try {
        if (datasets.length > 0) found = (await (ctx.matcher ?? ctx.screener).screen({ schema: schema === 'Thing' ? 'LegalEntity' : schema, names: [req.query.q] }, { limit: limit + offset, datasets, schemata: schema === 'Thing' ? undefined : [schema], threshold: 0, deadline, ...filtering })).results.filter((r) => r.score > 0);
      } catch (err) {
        if (err instanceof BudgetExceeded) throw new ApiError(400, err.message);
        throw err;
      }
      // Every result is read (not only the page): the facets count them all, as yente's do.
      const parties: (EntityResponse & { score: number; match: boolean; features: Record<string, number> })[] = [];
      for (const r of found) {
        const entity = await partyResponse(ctx.store, r);
        if (entity) parties.push({ ...entity, score: r.score, match: r.match, features: Object.fromEntries(r.features.map((f) => [f.feature, f.value])) });
      }
      const results = parties.slice(offset, offset + limit);
      return { results, total: { value: found.length, relation: found.length >= limit + offset ? 'gte' : 'eq' }, limit, offset, facets: searchFacets(parties, req.query.facets ?? DEFAULT_FACETS) };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { nested?: boolean } }>(
    '/entities/:id',
    {
      // A source merged into a party answers with the party's address, as yente does.
      preHandler: redirectMerged(ctx),
      schema: {
        summary: 'One entity by id (a source merged into a party: 308 to the party); with nested=true, its sanctions and links nested in its properties (yente-compatible)',
        params: { type: 'object', properties: { id: { type: 'string' } } },
        querystring: { type: 'object', properties: { nested: { type: 'boolean', default: false, description: 'include the adjacent entities (Sanction records, links, ownerships, family…) in properties, as yente does' } } },
        response: { 200: nestedEntitySchema, 308: { description: 'The entity was merged into another id: the Location header names it', type: 'null' }, 404: errorSchema },
      },
    },
    async (req) => {
      const entity = req.query.nested ? await nestedEntityResponse(ctx.store, req.params.id) : await canonicalEntityResponse(ctx.store, req.params.id);
      if (!entity) throw new ApiError(404, `no entity '${req.params.id}'`);
      return entity;
    },
  );

  beyondYente(app, ctx);
  yenteExtra(app, ctx);
  batchJobs(app, ctx);
  auditRoutes(app, ctx);
  monitorRoutes(app, ctx);
  resolveRoutes(app, ctx);
  // The web UI, when built (npm run build): one page at /, its assets beside it.
  const web = join(PACKAGE_ROOT, 'web', 'dist');
  if (existsSync(join(web, 'index.html'))) await app.register(fastifyStatic, { root: web, prefix: '/', wildcard: false, index: ['index.html'] });
  else app.get('/', { schema: { hide: true } }, (_req, reply) => void reply.type('text/plain').send('The web UI is not built: run npm run build. The API is here (see /openapi.json).'));
  await app.ready();
  return app;
}
