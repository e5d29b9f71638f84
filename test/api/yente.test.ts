// The yente contract over real HTTP on loopback: the request shapes of yente's documentation
// (POST /match/{dataset} with queries of FtM examples, GET /search, /entities, /catalog,
// /healthz) answered with yente's response shapes, field by field, from real list data.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { raw } from '../helpers/paths.js';

let store: Store;
let app: FastifyInstance;
let base: string;

before(async () => {
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'sanctrace-api-')), 'store.sqlite'));
  await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2024-05-03/sdn.csv')], publishedAt: '2024-05-03' });
  await importList(store, { paths: [raw('eu_journal/opensanctions_2026-08-22')], publishedAt: '2026-08-22' });
  app = await buildApi({ store, screener: await Screener.open(store) });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await app.close();
  await store.close();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function assertEntityShape(e: Record<string, unknown>): void {
  for (const [field, type] of [['id', 'string'], ['caption', 'string'], ['schema', 'string'], ['properties', 'object'], ['target', 'boolean']] as const) assert.equal(typeof e[field], type, field);
  assert.ok(Array.isArray(e.datasets) && Array.isArray(e.referents));
  for (const values of Object.values(e.properties as Record<string, unknown>)) assert.ok(Array.isArray(values) && values.every((v) => typeof v === 'string'));
  for (const field of ['first_seen', 'last_seen', 'last_change']) assert.ok(e[field] === null || /^\d{4}-\d{2}-\d{2}T/u.test(String(e[field])), field);
}

test('POST /match/{dataset}: the documented query shape gets responses[key] with scored FtM entities, features and the matcher docs', async () => {
  const { status, json } = await call('POST', '/match/default?threshold=0.7&limit=3&algorithm=logic-v2', {
    queries: {
      entity1: { schema: 'Person', properties: { name: ['Alexander Lukashenko'], birthDate: ['1954-08-30'], nationality: ['by'] } },
      entity2: { schema: 'Company', properties: { name: ['Minsk Wheel Tractor Plant'], jurisdiction: ['by'], registrationNumber: ['100534485'] } },
    },
  });
  assert.equal(status, 200, JSON.stringify(json));
  assert.equal(json.limit, 3);
  const responses = json.responses as Record<string, { status: number; results: Record<string, unknown>[]; total: { value: number; relation: string }; query: { schema: string; properties: unknown } }>;
  assert.deepEqual(Object.keys(responses).sort(), ['entity1', 'entity2']);
  for (const r of Object.values(responses)) {
    assert.equal(r.status, 200);
    assert.equal(r.total.relation, 'eq');
    assert.ok(r.results.length > 0 && r.results.length <= 3);
    for (const hit of r.results) {
      assertEntityShape(hit);
      assert.equal(typeof hit.score, 'number');
      assert.equal(typeof hit.match, 'boolean');
      assert.ok(Object.values(hit.features as Record<string, number>).every((v) => typeof v === 'number'));
    }
  }
  const plant = responses.entity2.results[0];
  assert.equal(plant.id, 'us_ofac_sdn-34769');
  assert.equal(plant.match, true);
  assert.equal((plant.features as Record<string, number>).identifier, 0.98, 'the registration number matched');
  assert.match((plant.explanations as Record<string, string>).identifier, /identifier 100534485 matched/u);
  assert.deepEqual(responses.entity2.query.schema, 'Company');
  const matcher = json.matcher as Record<string, { description: string; coefficient: number }>;
  assert.equal(typeof matcher.birthYearMismatch.coefficient, 'number');
});

test('GET /search/{dataset}?q= returns yente search results; /entities/{id}, /catalog and /healthz answer in shape', async () => {
  const search = await call('GET', '/search/us_ofac_sdn?q=MZKT&limit=5');
  assert.equal(search.status, 200);
  const results = search.json.results as Record<string, unknown>[];
  assert.equal(results[0].id, 'us_ofac_sdn-34769');
  results.forEach(assertEntityShape);
  assert.equal(search.json.limit, 5);
  assert.equal(search.json.offset, 0);
  assert.equal(typeof (search.json.total as { value: number }).value, 'number');
  const entity = await call('GET', '/entities/us_ofac_sdn-34769');
  assert.equal(entity.status, 200);
  assertEntityShape(entity.json);
  assert.deepEqual((entity.json.properties as Record<string, string[]>).registrationNumber, ['100534485']);
  const catalog = await call('GET', '/catalog');
  const names = (catalog.json.datasets as { name: string; children: string[] }[]).map((d) => d.name);
  for (const name of ['us_ofac_sdn', 'eu_journal', 'sanctions', 'default', 'news']) assert.ok(names.includes(name), name);
  assert.ok(Array.isArray(catalog.json.current) && Array.isArray(catalog.json.outdated));
  assert.deepEqual((await call('GET', '/healthz')).json, { status: 'ok' });
});

test('bad requests get JSON errors with clear messages and proper status codes', async () => {
  const cases: [string, string, unknown, number, RegExp][] = [
    ['POST', '/match/nope', { queries: { a: { schema: 'Person', properties: { name: ['x'] } } } }, 404, /unknown dataset 'nope'/u],
    ['POST', '/match/default', { queries: { a: { schema: 'Persn', properties: { name: ['x'] } } } }, 400, /query 'a': unknown schema 'Persn'/u],
    ['POST', '/match/default', { queries: { a: { schema: 'Person', properties: { birthDate: ['1954'] } } } }, 400, /query 'a': no name/u],
    ['POST', '/match/default', { nothing: true }, 400, /queries/u],
    ['POST', '/match/default', '{"queries": ', 400, /JSON/iu],
    ['POST', '/match/default?threshold=7', { queries: {} }, 400, /threshold/u],
    ['POST', '/match/default?algorithm=magic', { queries: { a: { schema: 'Person', properties: { name: ['x'] } } } }, 400, /unknown algorithm 'magic'/u],
    ['POST', '/match/default', { queries: { a: { schema: 'Person', properties: { name: ['x'] } } }, weights: { nonsense: 1 } }, 400, /unknown weight 'nonsense'/u],
    ['GET', '/search/default', undefined, 400, /q/u],
    ['GET', '/entities/does-not-exist', undefined, 404, /no entity 'does-not-exist'/u],
  ];
  for (const [method, path, body, status, detail] of cases) {
    const res = await call(method, path, body);
    assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.json)}`);
    assert.match(String(res.json.detail), detail, `${method} ${path}`);
  }
  const huge = await call('POST', '/match/default', { queries: { a: { schema: 'Person', properties: { name: ['x'.repeat(2 * 1024 * 1024)] } } } });
  assert.equal(huge.status, 413);
  assert.match(String(huge.json.detail), /too large/u);
});

test('the OpenAPI document at /openapi.json describes every route', async () => {
  const { status, json } = await call('GET', '/openapi.json');
  assert.equal(status, 200);
  assert.match(String(json.openapi), /^3\./u);
  const paths = Object.keys(json.paths as object);
  for (const p of ['/match/{dataset}', '/search/{dataset}', '/entities/{id}', '/catalog', '/healthz']) assert.ok(paths.includes(p), p);
  // Validated against the OpenAPI specification's schema by a validator that is not ours.
  await SwaggerParser.validate(structuredClone(json) as never);
});

test('every response carries security headers: a strict CSP without framing, nosniff, a referrer policy (issue 14, row 13)', async () => {
  for (const path of ['/', '/healthz', '/nope']) {
    const res = await fetch(`${base}${path}`);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/u, `${path}: ${csp}`);
    assert.match(csp, /script-src 'self'(;|$)/u, 'no inline or remote script');
    assert.match(csp, /frame-ancestors 'none'/u);
    assert.doesNotMatch(csp, /upgrade-insecure-requests/u, 'plain http on loopback keeps working');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
  }
});

test('a request within every limit but of 100 queries of 20 long names runs out of its time budget: 400 naming it, nothing audited, the server answers at once after (issue 14, row 3)', async () => {
  const audited = async () => Number((await store.sql.all<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log'))[0]!.n);
  const before = await audited();
  // Common words of listed names: each name draws many candidates, so this is the costliest request the limits let through.
  const words = ['international', 'trading', 'company', 'limited', 'bank', 'of', 'the', 'islamic', 'republic', 'iran', 'ltd', 'llc', 'group', 'holding', 'industrial', 'corporation', 'al', 'mohammed', 'ali', 'hassan', 'shipping', 'oil', 'petroleum', 'national'];
  const names = Array.from({ length: 20 }, (_, i) => [...words.slice(i % 7), ...words.slice(0, i % 7)].join(' '));
  const queries = Object.fromEntries(Array.from({ length: 100 }, (_, q) => [`q${q}`, { schema: 'Company', properties: { name: names } }]));
  const heavy = await call('POST', '/match/default', { queries });
  assert.equal(heavy.status, 400);
  assert.match(String(heavy.json.detail), /more than the 2000 ms of matching a request may use/u);
  assert.equal(await audited(), before, 'a request over budget is not audited');
  assert.equal((await call('GET', '/healthz')).status, 200);
  // An ordinary request is untouched by the budget.
  const mzkt = await call('POST', '/match/default', { queries: { q: { schema: 'Company', properties: { name: ['Minsk Wheeled Tractor Plant'] } } } });
  assert.equal(mzkt.status, 200);
});

test('limits: an 8,000-word name, a 100,000-character name, 21 names, a 900,000-character country, 1,500 results or a 10,000-level body get a 400 naming the limit, at once, with nothing audited (issue 14, rows 3 and 9)', async () => {
  const audited = async () => Number((await store.sql.all<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log'))[0]!.n);
  const before = await audited();
  const match = (properties: Record<string, unknown>) => call('POST', '/match/default', { queries: { q: { schema: 'Person', properties } } });
  const started = performance.now();
  const words = await match({ name: [Array.from({ length: 8000 }, (_, k) => `w${k}`).join(' ')] });
  assert.equal(words.status, 400);
  assert.match(String(words.json.detail), /longer than the limit of 300|more than the limit of 24/u);
  const long = await match({ name: ['x'.repeat(100_000)] });
  assert.equal(long.status, 400);
  assert.match(String(long.json.detail), /100000 characters, longer than the limit of 300/u);
  const many = await match({ name: Array.from({ length: 21 }, (_, k) => `Name ${k}`) });
  assert.equal(many.status, 400);
  assert.match(String(many.json.detail), /more than the (20 a query may hold|limit of 20)/u);
  const nested = await fetch(`${base}/match/default`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"queries":{"q":{"schema":"Person","properties":${'['.repeat(10_000)}${']'.repeat(10_000)}}}}` });
  assert.equal(nested.status, 400);
  assert.match(((await nested.json()) as { detail: string }).detail, /nested deeper than 32 levels/u);
  const country = await match({ name: ['Ivan Petrov'], country: ['x'.repeat(900_000)] });
  assert.equal(country.status, 400);
  assert.match(String(country.json.detail), /a value of country of 900000 characters, longer than the limit of 300/u);
  const results = await call('POST', '/match/default?limit=500', { queries: { a: { schema: 'Person', properties: { name: ['Ivan Petrov'] } }, b: { schema: 'Person', properties: { name: ['Ivan Petrov'] } }, c: { schema: 'Person', properties: { name: ['Ivan Petrov'] } } } });
  assert.equal(results.status, 400);
  assert.match(String(results.json.detail), /asks for 1500 results, more than the 1000 a request may/u);
  const search = await call('GET', `/search/default?q=${'a'.repeat(400)}`);
  assert.equal(search.status, 400);
  assert.ok(performance.now() - started < 10_000, 'refused before any matching');
  assert.equal(await audited(), before, 'a refused request is not audited');
  const healthy = await call('GET', '/healthz');
  assert.equal(healthy.status, 200);
});
