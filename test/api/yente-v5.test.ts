// yente v5's surface beyond /match and /search over real HTTP, on real lists (OFAC SDN of
// 2024-04-26 and 2024-05-03, Canada's SEMA list of 2025-05-25): the scope filters of /match and
// /search, /entities?nested=true and /adjacent, /algorithms, the OpenRefine reconciliation
// service, /readyz and /updatez, in the request and response shapes of yente's documentation.
// The tests run in order: MZKT's OFAC and Canadian records are merged into one party half-way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../src/access/keys.js';
import { buildApi } from '../../src/api/server.js';
import { WEIGHTS } from '../../src/match/features.js';
import { model } from '../../src/model/ftm.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { raw } from '../helpers/paths.js';

const MZKT = 'us_ofac_sdn-34769';
// Canada lists MZKT twice: as 'Minsk Wheel Tractor Plant' (item 33) and as the joint-stock company (item 44).
const MZKT_CA = 'ca_sema-belarus-1-part-2-33';
const MZKT_CA_JSC = 'ca_sema-belarus-1-part-2-44';
// Designated between the two OFAC versions: first seen 2024-05-03.
const WUHAN = 'us_ofac_sdn-46633';
const BERATEX = 'us_ofac_sdn-27194';
const ST_VITAMIN = 'us_ofac_sdn-27200';
const MAHAN_AIR = 'us_ofac_sdn-12927';

let store: Store;
let app: FastifyInstance;
let base: string;
const keys = { screener: '', analyst: '', admin: '' };

before(async () => {
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'sanctrace-yente5-')), 'store.sqlite'));
  await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2024-04-26/sdn.csv')], publishedAt: '2024-04-26' });
  await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2024-05-03/sdn.csv')], publishedAt: '2024-05-03' });
  await importList(store, { paths: [raw('ca_sema/kebalkhadka_2025-05-25/sema-lmes.xml')], publishedAt: '2025-05-25' });
  for (const role of ['screener', 'analyst', 'admin'] as const) keys[role] = (await createApiKey(store.sql, { label: `${role} (yente v5 test)`, role })).key;
  app = await buildApi({ store, screener: await Screener.open(store) });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await app.close();
  await store.close();
});

type Json = Record<string, unknown>;
interface Hit {
  id: string;
  schema: string;
  caption: string;
  datasets: string[];
  referents: string[];
  score: number;
  match: boolean;
  last_change: string | null;
  properties: Record<string, unknown[]>;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Json; headers: Headers }> {
  const json = body !== undefined && typeof body !== 'string' && !(body instanceof URLSearchParams);
  const res = await fetch(`${base}${path}`, { method, headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...headers }, body: body === undefined ? undefined : json ? JSON.stringify(body) : (body as string | URLSearchParams) });
  return { status: res.status, json: (await res.json()) as Json, headers: res.headers };
}

const company = (name: string) => ({ queries: { q: { schema: 'Company', properties: { name: [name] } } } });
// yente's documented query-by-example: MZKT's OFAC record first (its registration number agrees;
// Canada's record of the joint-stock company has the same name, and two names that agree).
const MZKT_QUERY = { queries: { q: { schema: 'Company', properties: { name: ['Minsk Wheel Tractor Plant'], jurisdiction: ['by'], registrationNumber: ['100534485'] } } } };

async function match(query: string, body: unknown = MZKT_QUERY): Promise<Hit[]> {
  const res = await call('POST', `/match/default${query}`, body);
  assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.json)}`);
  return (res.json.responses as Record<string, { results: Hit[] }>).q!.results;
}

async function search(query: string): Promise<Hit[]> {
  const res = await call('GET', `/search/default${query}`);
  assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.json)}`);
  return res.json.results as Hit[];
}

const ids = (hits: { id: string }[]) => hits.map((h) => h.id);
const lastAudit = async () => {
  const rows = await store.sql.all<{ seq: number; payload: string }>('SELECT seq, payload FROM audit_log ORDER BY seq DESC LIMIT 1');
  return { seq: Number(rows[0]!.seq), payload: JSON.parse(rows[0]!.payload) as { source: string; queries: { key: string; filters?: Json; results: { entityId: string }[] }[] } };
};

test('/match exclude_dataset, include_dataset: the OFAC record of MZKT comes first, leaves with exclude_dataset=us_ofac_sdn (the Canadian ones stay), include_dataset=ca_sema keeps only those; the audit record says what was left out', async () => {
  const all = await match('?limit=10');
  assert.equal(all[0]!.id, MZKT);
  assert.ok(ids(all).includes(MZKT_CA), ids(all).join(' '));
  const withoutOfac = await match('?limit=10&exclude_dataset=us_ofac_sdn');
  assert.ok(!ids(withoutOfac).includes(MZKT));
  assert.ok(withoutOfac.length > 0 && withoutOfac.every((h) => h.datasets.includes('ca_sema') && !h.datasets.includes('us_ofac_sdn')), ids(withoutOfac).join(' '));
  assert.ok(ids(withoutOfac).includes(MZKT_CA));
  const audit = await lastAudit();
  assert.deepEqual(audit.payload.queries[0]!.filters, { exclude_dataset: ['us_ofac_sdn'], datasets: ['ca_sema'] });
  assert.ok(!audit.payload.queries[0]!.results.some((r) => r.entityId === MZKT), 'the record holds what was returned');
  const onlyCanada = await match('?limit=10&include_dataset=ca_sema');
  assert.deepEqual(ids(onlyCanada), ids(withoutOfac));
  // Repeated: both lists excluded, nothing left to screen.
  assert.deepEqual(await match('?exclude_dataset=us_ofac_sdn&exclude_dataset=ca_sema'), []);
  // A collection name works as in yente's scope: sanctions = every list.
  assert.equal((await match('?include_dataset=sanctions'))[0]!.id, MZKT);
});

test('/match exclude_schema (exact schema, as yente: descendants stay), topics, exclude_entity_ids', async () => {
  const noCompanies = await match('?limit=10&exclude_schema=Company');
  assert.ok(!ids(noCompanies).includes(MZKT));
  assert.ok(noCompanies.length > 0 && noCompanies.every((h) => h.schema !== 'Company'));
  assert.ok(ids(noCompanies).includes(MZKT_CA), 'the Canadian record is an Organization');
  assert.equal((await match('?exclude_schema=LegalEntity'))[0]!.id, MZKT, 'a Company is not excluded by LegalEntity');
  assert.equal((await match('?topics=sanction'))[0]!.id, MZKT);
  assert.deepEqual(await match('?topics=role.pep'), [], 'no PEP on a sanctions list');
  assert.equal((await match('?topics=role.pep&topics=sanction'))[0]!.id, MZKT, 'several topics: any of them');
  const excluded = await match(`?limit=10&exclude_entity_ids=${MZKT}`);
  assert.ok(!ids(excluded).includes(MZKT) && ids(excluded).includes(MZKT_CA));
  const twice = await match(`?limit=10&exclude_entity_ids=${MZKT}&exclude_entity_ids=${MZKT_CA}`);
  assert.ok(!ids(twice).includes(MZKT) && !ids(twice).includes(MZKT_CA));
  assert.deepEqual((await lastAudit()).payload.queries[0]!.filters, { exclude_entity_ids: [MZKT, MZKT_CA] });
});

test('/match changed_since: only entities whose values changed after the date (last_change: the version a value first appeared in)', async () => {
  const mzkt = (await match(''))[0]!;
  assert.equal(mzkt.last_change, '2024-04-26T00:00:00', 'unchanged since the first version imported');
  const since = await match('?limit=10&changed_since=2024-05-01');
  assert.ok(!ids(since).includes(MZKT), 'MZKT did not change after 2024-05-01');
  assert.ok(ids(since).includes(MZKT_CA), 'Canada was imported later');
  const wuhanQuery = company('Wuhan Global Sensor Technology');
  const wuhan = await match('?changed_since=2024-05-01T12:00', wuhanQuery);
  assert.equal(wuhan[0]!.id, WUHAN);
  assert.equal(wuhan[0]!.last_change, '2024-05-03T00:00:00');
  assert.deepEqual(ids(await match('?changed_since=2024-05-03', wuhanQuery)).filter((id) => id === WUHAN), [], 'changed after, not on, the date (yente: gt)');
  assert.deepEqual(await match('?changed_since=2026-01-01'), []);
});

test('/match limits: limit over 500, too many excluded ids, a bad date, an unknown list, schema or topic get a 400 naming the field; nothing is audited', async () => {
  const audited = async () => Number((await store.sql.all<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log'))[0]!.n);
  const before = await audited();
  const body = company('MZKT');
  const cases: [string, RegExp][] = [
    ['?limit=501', /querystring\/limit must be <= 500/u],
    [`?${Array.from({ length: 51 }, (_, k) => `exclude_entity_ids=x${k}`).join('&')}`, /querystring\/exclude_entity_ids must NOT have more than 50 items/u],
    [`?exclude_entity_ids=${'x'.repeat(201)}`, /querystring\/exclude_entity_ids\/0 must NOT have more than 200 characters/u],
    [`?${Array.from({ length: 21 }, () => 'topics=sanction').join('&')}`, /querystring\/topics must NOT have more than 20 items/u],
    ['?changed_since=yesterday', /querystring\/changed_since must match pattern/u],
    ['?changed_since=2024-02-30', /changed_since: '2024-02-30' is not a real date/u],
    ['?include_dataset=nope', /include_dataset: unknown dataset 'nope'/u],
    ['?exclude_dataset=nope', /exclude_dataset: unknown dataset 'nope'/u],
    ['?exclude_schema=Compny', /exclude_schema: unknown schema 'Compny'/u],
    ['?topics=sanctions', /topics: unknown topic 'sanctions'/u],
  ];
  for (const [query, detail] of cases) {
    const res = await call('POST', `/match/default${query}`, body);
    assert.equal(res.status, 400, `${query.slice(0, 60)}: ${JSON.stringify(res.json)}`);
    assert.match(String(res.json.detail), detail, query.slice(0, 60));
  }
  // 500 is allowed (one query × 500 within the 1,000 results a request may ask for).
  assert.equal((await call('POST', '/match/default?limit=500', body)).status, 200);
  assert.equal(await audited(), before + 1, 'only the accepted request was audited');
});

test('/search takes the same filters: include_dataset, exclude_dataset, exclude_schema, topics, changed_since', async () => {
  const q = '?q=MZKT&limit=10';
  assert.equal((await search(q))[0]!.id, MZKT);
  assert.ok(!ids(await search(`${q}&exclude_dataset=us_ofac_sdn`)).includes(MZKT));
  const canada = await search(`${q}&include_dataset=ca_sema`);
  assert.ok(canada.length > 0 && canada.every((h) => h.datasets.includes('ca_sema')), ids(canada).join(' '));
  const noCompanies = await search(`${q}&exclude_schema=Company`);
  assert.ok(noCompanies.length > 0 && noCompanies.every((h) => h.schema !== 'Company'));
  assert.deepEqual(await search(`${q}&topics=role.pep`), []);
  assert.ok(!ids(await search(`${q}&changed_since=2024-05-01`)).includes(MZKT));
  const bad = await call('GET', `/search/default${q}&exclude_schema=Compny`);
  assert.equal(bad.status, 400);
  assert.match(String(bad.json.detail), /exclude_schema: unknown schema 'Compny'/u);
});

test("/search's facets, as yente's: countries, topics and datasets by default, counted over every result (not the page), with labels; `facets` picks others", async () => {
  type Facets = Record<string, { label: string; values: { name: string; label: string; count: number }[] }>;
  const all = await call('GET', '/search/default?q=Minsk&limit=30');
  const page = await call('GET', '/search/default?q=Minsk&limit=2&offset=2');
  const facets = all.json.facets as Facets;
  assert.deepEqual(Object.keys(facets).sort(), ['countries', 'datasets', 'topics']);
  const results = all.json.results as (Hit & { properties: Record<string, string[]> })[];
  // A country counts once per result that has it in any country-typed property (nationality, birthCountry…).
  const countriesOf = (r: (typeof results)[number]) => new Set(Object.entries(r.properties).flatMap(([prop, values]) => (model.getSchema(r.schema).hasProperty(prop) && model.getSchema(r.schema).getProperty(prop).type.name === 'country' ? values : [])));
  assert.ok(facets.countries!.values.length > 0);
  for (const c of facets.countries!.values) assert.equal(c.count, results.filter((r) => countriesOf(r).has(c.name)).length, c.name);
  assert.equal(facets.countries!.values.find((v) => v.name === 'mx')?.label, 'Mexico', JSON.stringify(facets.countries));
  const datasets = facets.datasets!.values;
  assert.equal(datasets.reduce((n, v) => n + v.count, 0) >= results.length, true);
  for (const d of datasets) assert.equal(d.count, results.filter((r) => r.datasets.includes(d.name)).length, d.name);
  assert.ok(datasets.every((d) => d.label.length > 0) && facets.datasets!.label === 'Data sources');
  assert.ok(facets.topics!.values.some((t) => t.name === 'sanction' && t.label === 'Sanctioned entity'), JSON.stringify(facets.topics));
  // A page counts what the query found (limit + offset bounds that: here the first four), not its two results.
  assert.equal((page.json.results as Hit[]).length, 2);
  assert.equal((page.json.total as { value: number }).value, 4);
  const pageDatasets = (page.json.facets as Facets).datasets!.values;
  for (const d of pageDatasets) assert.equal(d.count, results.slice(0, 4).filter((r) => r.datasets.includes(d.name)).length, d.name);
  assert.ok(pageDatasets.reduce((n, v) => n + v.count, 0) >= 4, 'the four found, not the two shown');
  const schema = (await call('GET', '/search/default?q=Minsk&limit=30&facets=schema&facets=genders')).json.facets as Facets;
  assert.deepEqual(Object.keys(schema).sort(), ['genders', 'schema']);
  assert.ok(schema.schema!.values.some((v) => v.name === 'Company' && v.label === 'Companies'));
  assert.equal((await call('GET', '/search/default?q=Minsk&facets=colour')).status, 400, 'an unknown facet is refused');
});

test('/entities/{id}: without nested no adjacent entities; nested=true nests its Sanction (party left out) and its ownership with the owned vessel inside', async () => {
  const flat = await call('GET', `/entities/${MZKT}`);
  assert.equal(flat.status, 200);
  assert.equal((flat.json.properties as Json).sanctions, undefined);
  const nested = await call('GET', `/entities/${MZKT}?nested=true`);
  assert.equal(nested.status, 200);
  const props = nested.json.properties as Record<string, Hit[]>;
  assert.deepEqual(props.registrationNumber, ['100534485'], 'its own values as before');
  assert.equal(props.sanctions!.length, 1);
  const sanction = props.sanctions![0]!;
  assert.equal(sanction.schema, 'Sanction');
  assert.equal(sanction.id, `${MZKT}-sanction`);
  assert.deepEqual([...(sanction.properties.program as string[])].sort(), ['BELARUS-EO14038', 'NPWMD']);
  assert.equal(sanction.properties.entity, undefined, 'the path back to the entity is left out, as yente does');
  const owner = await call('GET', `/entities/${BERATEX}?nested=true`);
  const ownership = (owner.json.properties as Record<string, Hit[]>).ownershipOwner!;
  assert.equal(ownership.length, 1);
  assert.equal(ownership[0]!.schema, 'Ownership');
  const asset = ownership[0]!.properties.asset as Hit[];
  assert.equal(asset[0]!.id, ST_VITAMIN);
  assert.equal(asset[0]!.schema, 'Vessel');
  assert.equal(asset[0]!.caption, 'ST. VITAMIN');
  const listing = await call('GET', `/entities/${MZKT}-sanction?nested=true`);
  const target = (listing.json.properties as Record<string, Hit[]>).entity!;
  assert.deepEqual([target[0]!.id, target[0]!.caption], [MZKT, 'MINSK WHEEL TRACTOR PLANT'], 'what a Sanction points at, nested');
  const vessel = await call('GET', `/entities/${ST_VITAMIN}?nested=true`);
  assert.equal(((vessel.json.properties as Record<string, Hit[]>).ownershipAsset![0]!.properties.owner as Hit[])[0]!.id, BERATEX, 'the same link seen from the other end');
});

test('/entities/{id}/adjacent: the entity and per linking property a page of adjacent entities with the total; /adjacent/{property} one property', async () => {
  const res = await call('GET', `/entities/${MZKT}/adjacent`);
  assert.equal(res.status, 200);
  assert.equal((res.json.entity as Hit).id, MZKT);
  assert.equal(((res.json.entity as Hit).properties as Json).sanctions, undefined, 'the entity itself is not nested');
  const adjacent = res.json.adjacent as Record<string, { results: Hit[]; total: { value: number; relation: string }; limit: number; offset: number }>;
  assert.deepEqual(Object.keys(adjacent), ['sanctions']);
  assert.deepEqual(adjacent.sanctions!.total, { value: 1, relation: 'eq' });
  assert.equal(adjacent.sanctions!.limit, 10);
  assert.equal(adjacent.sanctions!.results[0]!.schema, 'Sanction');
  // Mahan Air: linked from well over ten entities, in pages.
  const first = await call('GET', `/entities/${MAHAN_AIR}/adjacent?limit=10`);
  const links = (first.json.adjacent as typeof adjacent).unknownLinkFrom!;
  assert.equal(links.results.length, 10);
  assert.ok(links.total.value > 20, String(links.total.value));
  const second = await call('GET', `/entities/${MAHAN_AIR}/adjacent/unknownLinkFrom?limit=10&offset=10`);
  assert.equal(second.status, 200);
  const page = second.json as unknown as typeof links;
  assert.equal(page.offset, 10);
  assert.equal(page.total.value, links.total.value);
  assert.equal(page.results.length, 10);
  assert.ok(!page.results.some((r) => ids(links.results).includes(r.id)), 'the second page holds other links');
  const linked = page.results[0]!;
  assert.equal(linked.schema, 'UnknownLink');
  assert.ok(((linked.properties.subject ?? []) as Hit[]).every((s) => typeof s === 'object' && s.id !== MAHAN_AIR), 'the other end nested, Mahan Air left out');
  const none = await call('GET', `/entities/${MZKT}/adjacent/ownershipOwner`);
  assert.deepEqual(none.json, { results: [], total: { value: 0, relation: 'eq' }, limit: 10, offset: 0 });
  const wrong = await call('GET', `/entities/${MZKT}/adjacent/name`);
  assert.equal(wrong.status, 404);
  assert.match(String(wrong.json.detail), /no property 'name'/u);
  assert.equal((await call('GET', '/entities/nope/adjacent')).status, 404);
  const over = await call('GET', `/entities/${MZKT}/adjacent?limit=501`);
  assert.equal(over.status, 400);
  assert.match(String(over.json.detail), /querystring\/limit must be <= 500/u);
});

test('GET /algorithms: yente shape {algorithms: [{name, description, features, docs}], default, best} with the weights of the matcher; the default is one /match accepts', async () => {
  const { status, json } = await call('GET', '/algorithms');
  assert.equal(status, 200);
  const algorithms = json.algorithms as { name: string; description: string; features: Record<string, { description: string; coefficient: number; url: unknown }>; docs: { name: string; features: Json; config: Json } }[];
  assert.deepEqual(
    algorithms.map((a) => a.name),
    ['sanctrace'],
  );
  assert.equal(json.default, 'sanctrace');
  assert.equal(json.best, 'sanctrace');
  const features = algorithms[0]!.features;
  assert.deepEqual(Object.keys(features).sort(), Object.keys(WEIGHTS).sort());
  assert.equal(features.birthYearMismatch!.coefficient, -0.2);
  assert.equal(features.identifierMatch!.coefficient, 0.98);
  assert.match(features.weakAliasFactor!.description, /weak alias/u);
  assert.deepEqual(algorithms[0]!.docs.features, features);
  assert.ok(algorithms[0]!.description.length > 50);
  assert.equal((await match(`?algorithm=${String(json.default)}`))[0]!.id, MZKT);
  assert.equal((await match(`?algorithm=${String(json.best)}`))[0]!.id, MZKT);
});

test('GET /reconcile: the OpenRefine service manifest (v0.2) with suggest services and the default types of the lists', async () => {
  const { status, json } = await call('GET', '/reconcile');
  assert.equal(status, 200);
  assert.deepEqual(json.versions, ['0.2']);
  assert.match(String(json.name), /sanctrace/u);
  assert.equal(json.identifierSpace, 'https://www.opensanctions.org/reference/#schema');
  const suggest = json.suggest as Record<string, { service_url: string; service_path: string }>;
  assert.equal(suggest.entity!.service_url, `${base}/reconcile/default`);
  assert.equal(suggest.entity!.service_path, '/suggest/entity');
  assert.equal(suggest.type!.service_path, '/suggest/type');
  assert.equal((json.view as { url: string }).url, `${base}/entities/{{id}}`);
  const types = json.defaultTypes as { id: string; name: string }[];
  for (const id of ['Company', 'Person', 'Organization', 'Vessel']) assert.ok(types.some((t) => t.id === id), id);
  assert.equal(types.find((t) => t.id === 'Company')!.name, 'Companies');
  const canada = await call('GET', '/reconcile/ca_sema');
  assert.equal(canada.status, 200);
  assert.deepEqual((canada.json.defaultTypes as { id: string }[]).map((t) => t.id), ['Organization', 'Person', 'Vessel'], 'the types of that list only (Canada has no Company)');
  assert.equal((await call('GET', '/reconcile/nope')).status, 404);
});

test('POST /reconcile: queries as a form field (OpenRefine) or JSON get {q0: {result: [{id, name, score, match, type}]}}, screened and audited like /match', async () => {
  const queries = { q0: { query: 'Minsk Wheel Tractor Plant', type: 'Company', limit: 3, properties: [{ pid: 'jurisdiction', v: 'by' }, { pid: 'Company:registrationNumber', v: '100534485' }] }, q1: { query: 'Wuhan Global Sensor Technology' } };
  const seqBefore = (await lastAudit()).seq;
  const form = await call('POST', '/reconcile', new URLSearchParams({ queries: JSON.stringify(queries) }));
  assert.equal(form.status, 200, JSON.stringify(form.json));
  const results = form.json as Record<string, { result: { id: string; name: string; score: number; match: boolean; type: { id: string; name: string }[] }[] }>;
  assert.deepEqual(Object.keys(results).sort(), ['q0', 'q1']);
  const top = results.q0!.result[0]!;
  assert.equal(top.id, MZKT);
  assert.equal(top.name, 'MINSK WHEEL TRACTOR PLANT');
  assert.equal(top.match, true);
  assert.ok(top.score >= 0.98, 'the registration number matched');
  assert.equal(top.type[0]!.id, 'Company');
  assert.equal(top.type[0]!.name, 'Companies');
  assert.ok(results.q0!.result.length <= 3);
  assert.equal(results.q1!.result[0]!.id, WUHAN);
  // Audited: one record for the request, named in the x-audit-seq header.
  const audit = await lastAudit();
  assert.equal(audit.seq, seqBefore + 1);
  assert.equal(form.headers.get('x-audit-seq'), String(audit.seq));
  assert.equal(audit.payload.source, 'api:reconcile');
  assert.deepEqual(audit.payload.queries.map((q) => q.key), ['q0', 'q1']);
  assert.equal(audit.payload.queries[0]!.results[0]!.entityId, MZKT);
  const asJson = await call('POST', '/reconcile/us_ofac_sdn', { queries });
  assert.equal(asJson.status, 200);
  assert.equal((asJson.json as typeof results).q0!.result[0]!.id, MZKT);
  const viaGet = await call('GET', `/reconcile/ca_sema?queries=${encodeURIComponent(JSON.stringify({ q0: { query: 'Minsk Wheel Tractor Plant' } }))}`);
  assert.equal(viaGet.status, 200);
  const canadian = (viaGet.json as typeof results).q0!.result;
  assert.ok(canadian.length > 0 && canadian.every((r) => r.id.startsWith('ca_sema-')) && canadian.some((r) => r.id === MZKT_CA), 'only the Canadian list');
  assert.ok(Number(viaGet.headers.get('x-audit-seq')) > audit.seq, 'a GET with queries is a screening too');
  const since = await call('POST', '/reconcile?changed_since=2024-05-01', { queries });
  assert.ok(!(since.json as typeof results).q0!.result.some((r) => r.id === MZKT));
});

test('reconciliation data extension (yente): the manifest proposes it, /extend/property lists the properties of a type, POST extend gives the values per id, readable or raw', async () => {
  const manifest = (await call('GET', '/reconcile')).json as { extend: { propose_properties: { service_url: string; service_path: string }; propose_settings: { name: string }[] } };
  assert.match(manifest.extend.propose_properties.service_url, /\/reconcile\/default$/u);
  assert.equal(manifest.extend.propose_properties.service_path, '/extend/property');
  assert.deepEqual(manifest.extend.propose_settings.map((p) => p.name), ['limit', 'render']);
  const proposed = (await call('GET', '/reconcile/default/extend/property?type=Company')).json as { type: string; properties: { id: string; name: string }[] };
  assert.equal(proposed.type, 'Company');
  const ids = proposed.properties.map((p) => p.id);
  for (const id of ['name', 'jurisdiction', 'registrationNumber', 'incorporationDate', 'address']) assert.ok(ids.includes(id), id);
  assert.ok(!ids.includes('ownershipOwner') && !ids.includes('sanctions'), 'links to other entities are not columns');
  assert.equal((await call('GET', '/reconcile/default/extend/property?type=Compny')).status, 400);

  const extend = (request: unknown) => call('POST', '/reconcile', new URLSearchParams({ extend: JSON.stringify(request) }));
  const readable = await extend({ ids: [MZKT, 'us_ofac_sdn-0'], properties: [{ id: 'registrationNumber' }, { id: 'weakAlias', settings: { limit: 2 } }, { id: 'topics' }, { id: 'birthDate' }] });
  assert.equal(readable.status, 200, JSON.stringify(readable.json));
  const rows = readable.json.rows as Record<string, Record<string, { str: string }[]>>;
  assert.deepEqual(rows[MZKT]!.registrationNumber, [{ str: '100534485' }]);
  assert.equal(rows[MZKT]!.weakAlias!.length, 2);
  assert.deepEqual(rows[MZKT]!.topics, [{ str: 'Sanctioned entity' }]);
  assert.equal(rows[MZKT]!.birthDate, undefined, 'a Company has no birth date');
  assert.deepEqual(rows['us_ofac_sdn-0'], {}, 'an unknown id has an empty row');
  assert.deepEqual((readable.json.meta as { id: string; name: string }[]).map((m) => m.id), ['registrationNumber', 'weakAlias', 'topics']);
  assert.equal(readable.headers.get('x-batch-size'), '2');
  const raw = await extend({ ids: [MZKT], properties: [{ id: 'topics', settings: { render: 'raw' } }] });
  assert.deepEqual((raw.json.rows as Record<string, Record<string, { str: string }[]>>)[MZKT]!.topics, [{ str: 'sanction' }]);
});

test('/reconcile limits and errors: each a 400 naming the field, nothing audited', async () => {
  const seq = (await lastAudit()).seq;
  const form = (queries: string) => new URLSearchParams({ queries });
  const cases: [unknown, RegExp][] = [
    [form('{"q0": '), /queries: not valid JSON/u],
    [form(JSON.stringify({ q0: { query: 'MZKT', limit: 101 } })), /queries\.q0\.limit must be <= 100/u],
    [form(JSON.stringify({ q0: { query: 'x'.repeat(301) } })), /queries\.q0\.query must NOT have more than 300 characters/u],
    [form(JSON.stringify(Object.fromEntries(Array.from({ length: 101 }, (_, k) => [`q${k}`, { query: 'MZKT' }])))), /queries must NOT have more than 100 properties/u],
    [form(JSON.stringify({ q0: { query: 'MZKT', properties: Array.from({ length: 51 }, () => ({ pid: 'country', v: 'by' })) } })), /queries\.q0\.properties must NOT have more than 50 items/u],
    [form(JSON.stringify({ q0: { query: 'MZKT', properties: [{ pid: 'birthdate', v: '1954' }] } })), /queries\.q0\.properties\.0\.pid: unknown property 'birthdate'/u],
    [form(JSON.stringify({ q0: { query: 'MZKT', type: 'Compny' } })), /queries\.q0\.type: unknown type 'Compny'/u],
    [form(JSON.stringify({ q0: { type: 'Company' } })), /query 'q0': no name/u],
    [form(JSON.stringify({})), /queries must NOT have fewer than 1 properties/u],
    [new URLSearchParams({ extend: '{"ids": "x"' }), /extend: cannot decode the extension request/u],
    [new URLSearchParams({ extend: JSON.stringify({ ids: Array.from({ length: 101 }, (_, k) => `id${k}`), properties: [] }) }), /extend\.ids: too many ids in one batch \(limit: 100\)/u],
    [new URLSearchParams({ extend: JSON.stringify({ ids: [MZKT], properties: [{ id: 'name', settings: { render: 'pretty' } }] }) }), /extend\.properties\[0\]\.settings\.render: expected 'caption' or 'raw'/u],
    [new URLSearchParams({}), /queries: no queries/u],
    [{ queries: { q0: { query: 'MZKT', limit: 0 } } }, /body\/queries/u],
  ];
  for (const [body, detail] of cases) {
    const res = await call('POST', '/reconcile', body);
    assert.equal(res.status, 400, `${String(body).slice(0, 80)}: ${JSON.stringify(res.json)}`);
    assert.match(String(res.json.detail), detail);
  }
  const tooMany = await call('POST', '/reconcile', form(JSON.stringify(Object.fromEntries(Array.from({ length: 11 }, (_, k) => [`q${k}`, { query: 'MZKT', limit: 100 }])))));
  assert.equal(tooMany.status, 400);
  assert.match(String(tooMany.json.detail), /ask for 1100 results in all, more than the 1000/u);
  const algorithm = await call('POST', '/reconcile?algorithm=magic', form(JSON.stringify({ q0: { query: 'MZKT' } })));
  assert.match(String(algorithm.json.detail), /algorithm: unknown algorithm 'magic'/u);
  assert.equal((await lastAudit()).seq, seq, 'no refused request was audited');
});

test('reconciliation suggest services: entity by name, type and property by prefix', async () => {
  const entity = await call('GET', '/reconcile/default/suggest/entity?prefix=MZKT&limit=5');
  assert.equal(entity.status, 200);
  assert.equal(entity.json.code, '/api/status/ok');
  assert.equal(entity.json.prefix, 'MZKT');
  const found = entity.json.result as { id: string; name: string; type: { id: string }[] }[];
  assert.equal(found[0]!.id, MZKT);
  assert.equal(found[0]!.type[0]!.id, 'Company');
  assert.ok(found.length <= 5);
  assert.deepEqual((await call('GET', '/reconcile/default/suggest/entity?prefix=')).json.result, []);
  const types = await call('GET', '/reconcile/default/suggest/type?prefix=comp');
  const suggested = types.json.result as { id: string; name: string; description: string }[];
  assert.deepEqual(suggested.map((t) => [t.id, t.name]), [['Company', 'Companies']]);
  assert.match(suggested[0]!.description, /corporation/u);
  const props = await call('GET', '/reconcile/default/suggest/property?prefix=birth');
  const propIds = (props.json.result as { id: string }[]).map((p) => p.id);
  assert.ok(propIds.includes('Person:birthDate'), propIds.join(' '));
  // What suggest/property offers is a pid /reconcile accepts.
  const withBirth = await call('POST', '/reconcile', { queries: { q0: { query: 'Alexander Lukashenko', type: 'Person', properties: [{ pid: 'Person:birthDate', v: '1954-08-30' }] } } });
  assert.equal(withBirth.status, 200, JSON.stringify(withBirth.json));
  const over = await call('GET', `/reconcile/default/suggest/entity?prefix=${'a'.repeat(301)}`);
  assert.equal(over.status, 400);
  assert.match(String(over.json.detail), /querystring\/prefix must NOT have more than 300 characters/u);
});

test('a merged party: /search shows the one party /match shows (same id, datasets, referents); nested sanctions and adjacent come from both lists; exclude_entity_ids by a referent leaves out the party', async () => {
  const judged = await call('POST', '/xref/judgements', { left: MZKT, right: MZKT_CA, judgement: 'same' }, { authorization: `Bearer ${keys.analyst}` });
  assert.equal(judged.status, 201, JSON.stringify(judged.json));
  const matched = await match('?limit=10');
  assert.equal(matched[0]!.id, MZKT);
  const searched = await search('?q=Minsk%20Wheel%20Tractor%20Plant&limit=10');
  const party = (hits: Hit[]) => hits.find((h) => h.id === MZKT)!;
  for (const hits of [matched, searched]) {
    assert.deepEqual([...party(hits).datasets].sort(), ['ca_sema', 'us_ofac_sdn']);
    assert.deepEqual(party(hits).referents, [MZKT_CA]);
    assert.ok(!ids(hits).includes(MZKT_CA), 'one result per party');
    assert.ok(ids(hits).includes(MZKT_CA_JSC), 'the record not merged stays a party of its own');
  }
  const fields = (h: Hit) => ({ id: h.id, caption: h.caption, schema: h.schema, datasets: h.datasets, referents: h.referents, properties: h.properties, last_change: h.last_change });
  assert.deepEqual(fields(party(searched)), fields(party(matched)));
  assert.deepEqual(fields(party(searched)), fields((await call('GET', `/entities/${MZKT}`)).json as unknown as Hit), 'and /entities shows it so');
  // As in yente, a merged party is in scope while one of its lists is.
  assert.ok(ids(await match('?limit=10&exclude_dataset=us_ofac_sdn')).includes(MZKT));
  assert.ok(!ids(await match('?limit=10&exclude_dataset=us_ofac_sdn&exclude_dataset=ca_sema')).includes(MZKT));
  const byReferent = await match(`?limit=10&exclude_entity_ids=${MZKT_CA}`);
  assert.ok(!ids(byReferent).includes(MZKT) && !ids(byReferent).includes(MZKT_CA), ids(byReferent).join(' '));
  // yente's answer for a merged source: 308 to the party's id, path and query kept (fetch follows it).
  const moved = await fetch(`${base}/entities/${MZKT_CA}?nested=true`, { redirect: 'manual' });
  assert.equal(moved.status, 308);
  assert.equal(moved.headers.get('location'), `/entities/${MZKT}?nested=true`);
  const movedAdjacent = await fetch(`${base}/entities/${MZKT_CA}/adjacent/sanctions?limit=5`, { redirect: 'manual' });
  assert.deepEqual([movedAdjacent.status, movedAdjacent.headers.get('location')], [308, `/entities/${MZKT}/adjacent/sanctions?limit=5`]);
  assert.equal((await fetch(`${base}/entities/${MZKT}`, { redirect: 'manual' })).status, 200, 'the party itself is not redirected');
  const byReferentExtend = await call('POST', '/reconcile', new URLSearchParams({ extend: JSON.stringify({ ids: [MZKT_CA], properties: [{ id: 'name' }] }) }));
  assert.equal(byReferentExtend.status, 400);
  assert.match(String(byReferentExtend.json.detail), new RegExp(`'${MZKT_CA}' was merged into '${MZKT}'`, 'u'));
  const partyNames = (await call('POST', '/reconcile', new URLSearchParams({ extend: JSON.stringify({ ids: [MZKT], properties: [{ id: 'name' }] }) }))).json.rows as Record<string, Record<string, { str: string }[]>>;
  assert.ok(partyNames[MZKT]!.name!.length >= 2, `the names of both sources: ${JSON.stringify(partyNames)}`);
  const nested = await call('GET', `/entities/${MZKT_CA}?nested=true`);
  assert.equal(nested.json.id, MZKT);
  const sanctions = (nested.json.properties as Record<string, Hit[]>).sanctions!;
  assert.deepEqual(sanctions.map((s) => s.id).sort(), [`${MZKT_CA}-sanction`, `${MZKT}-sanction`]);
  assert.deepEqual(sanctions.find((s) => s.id === `${MZKT_CA}-sanction`)!.properties.authority, ['Canada']);
  const adjacent = await call('GET', `/entities/${MZKT}/adjacent?limit=1&offset=1`);
  const page = (adjacent.json.adjacent as Record<string, { results: Hit[]; total: { value: number } }>).sanctions!;
  assert.equal(page.total.value, 2);
  assert.equal(page.results.length, 1);
  const reconciled = await call('POST', '/reconcile', { queries: { q0: { query: 'Minsk Wheel Tractor Plant', type: 'Company', properties: [{ pid: 'registrationNumber', v: '100534485' }] } } });
  assert.equal((reconciled.json as Record<string, { result: { id: string }[] }>).q0!.result[0]!.id, MZKT, 'reconciliation answers with the party too');
});

test('/readyz: 200 when the index holds the lists, 503 on an empty index, without a key even with anonymous reading off; /updatez reports the versions, POST is for admins', async () => {
  assert.deepEqual((await call('GET', '/readyz')).json, { status: 'ok' });
  const report = await call('GET', '/updatez');
  assert.equal(report.status, 200);
  assert.equal(report.json.status, 'ok');
  assert.equal(report.json.index_current, true);
  const lists = report.json.lists as Record<string, { index_version: { id: number; date: string }; latest_version: { date: string }; current: boolean }>;
  assert.deepEqual(Object.keys(lists).sort(), ['ca_sema', 'us_ofac_sdn']);
  assert.equal(lists.us_ofac_sdn!.index_version.date, '2024-05-03');
  assert.equal(lists.us_ofac_sdn!.current, true);
  assert.equal((await call('POST', '/updatez')).status, 401);
  const screener = await call('POST', '/updatez', undefined, { authorization: `Bearer ${keys.screener}` });
  assert.equal(screener.status, 403);
  assert.match(String(screener.json.detail), /role 'admin'/u);
  const admin = await call('POST', '/updatez', undefined, { authorization: `Bearer ${keys.admin}` });
  assert.equal(admin.status, 200);
  assert.equal((await call('POST', `/updatez?token=${keys.admin}`)).status, 200, "yente's ?token= carries the admin key");
  assert.equal((await call('POST', `/updatez?token=${keys.screener}`)).status, 403);
  assert.equal(admin.json.index_current, true);
  assert.equal(admin.json.reindexed, false);

  // A new server on an empty store: not ready; a list imported after it started makes it stale.
  const empty = await openStore(join(mkdtempSync(join(tmpdir(), 'sanctrace-yente5-empty-')), 'store.sqlite'));
  const fresh = await buildApi({ store: empty, screener: await Screener.open(empty), access: { anonymousRead: false } });
  const freshBase = await fresh.listen({ port: 0, host: '127.0.0.1' });
  try {
    const notReady = await fetch(`${freshBase}/readyz`);
    assert.equal(notReady.status, 503);
    assert.match(((await notReady.json()) as { detail: string }).detail, /Index not ready/u);
    await importList(empty, { paths: [raw('ca_sema/mendw_2020-04/sema-lmes.xml')], publishedAt: '2020-04-01' });
    const adminKey = (await createApiKey(empty.sql, { label: 'admin', role: 'admin' })).key;
    const stale = (await (await fetch(`${freshBase}/updatez`, { headers: { authorization: `Bearer ${adminKey}` } })).json()) as { status: string; index_current: boolean; outdated: string[]; lists: Record<string, { index_version: unknown; latest_version: { date: string } }> };
    assert.equal(stale.status, 'stale');
    assert.equal(stale.index_current, false);
    assert.deepEqual(stale.outdated, ['ca_sema']);
    assert.equal(stale.lists.ca_sema!.index_version, null);
    assert.equal(stale.lists.ca_sema!.latest_version.date, '2020-04-01');
    assert.equal((await fetch(`${freshBase}/updatez`)).status, 401, 'the report is a read: a key when anonymous reading is off');
    // yente's POST /updatez?sync=true: the index is rebuilt live, and the server is ready.
    const rebuilt = (await (await fetch(`${freshBase}/updatez?sync=true`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}` } })).json()) as { status: string; index_current: boolean; reindexed: boolean; outdated: string[] };
    assert.deepEqual([rebuilt.status, rebuilt.index_current, rebuilt.reindexed, rebuilt.outdated], ['ok', true, true, []]);
    assert.equal((await fetch(`${freshBase}/readyz`)).status, 200);
    const reconcile = await fetch(`${freshBase}/reconcile`, { method: 'POST', body: new URLSearchParams({ queries: JSON.stringify({ q0: { query: 'MZKT' } }) }) });
    assert.equal(reconcile.status, 401, 'reconciliation is a read like /match: a key when anonymous reading is off');
  } finally {
    await fresh.close();
    await empty.close();
  }
});

test('the OpenAPI document describes the new routes and parameters and is valid', async () => {
  const { json } = await call('GET', '/openapi.json');
  const paths = json.paths as Record<string, Record<string, { parameters?: { name: string; in: string; schema?: Json }[]; requestBody?: { content: Json } }>>;
  for (const p of ['/algorithms', '/reconcile', '/reconcile/{dataset}', '/reconcile/{dataset}/suggest/entity', '/entities/{id}/adjacent', '/entities/{id}/adjacent/{property}', '/readyz', '/updatez']) assert.ok(paths[p], p);
  const matchParams = paths['/match/{dataset}']!.post!.parameters!.map((p) => p.name);
  for (const name of ['include_dataset', 'exclude_dataset', 'exclude_schema', 'topics', 'changed_since', 'exclude_entity_ids', 'limit']) assert.ok(matchParams.includes(name), name);
  const excluded = paths['/match/{dataset}']!.post!.parameters!.find((p) => p.name === 'exclude_entity_ids')!;
  assert.equal(excluded.schema!.maxItems, 50);
  const searchParams = paths['/search/{dataset}']!.get!.parameters!.map((p) => p.name);
  for (const name of ['include_dataset', 'exclude_dataset', 'exclude_schema', 'topics', 'changed_since', 'facets']) assert.ok(searchParams.includes(name), name);
  assert.ok(paths['/entities/{id}']!.get!.parameters!.some((p) => p.name === 'nested'));
  assert.deepEqual(Object.keys(paths['/reconcile']!.post!.requestBody!.content).sort(), ['application/json', 'application/x-www-form-urlencoded']);
  await SwaggerParser.validate(structuredClone(json) as never);
});
