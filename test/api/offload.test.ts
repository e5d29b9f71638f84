// Matching off the event loop (issue 14, row 3): with the matcher on a thread, the server
// answers /healthz while a request that spends its whole time budget is being scored, and the
// thread's answers are the in-process matcher's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server.js';
import { OffloadedScreener } from '../../src/screen/offloaded.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { raw } from '../helpers/paths.js';

const file = join(mkdtempSync(join(tmpdir(), 'sanctrace-offload-')), 'store.sqlite');
let store: Store;
let screener: Screener;
let matcher: OffloadedScreener;
let app: FastifyInstance;
let base: string;

before(async () => {
  store = await openStore(file);
  await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2024-05-03/sdn.csv')], publishedAt: '2024-05-03' });
  screener = await Screener.open(store);
  matcher = new OffloadedScreener(file, 1, screener);
  await matcher.ready;
  app = await buildApi({ store, screener, matcher });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await app.close();
  await matcher.close();
  await store.close();
});

const post = (body: unknown) => fetch(`${base}/match/default`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test("the matcher thread's answer is the in-process matcher's: MZKT first, same score and reasons", async () => {
  const res = await post({ queries: { q: { schema: 'Company', properties: { name: ['Minsk Wheeled Tractor Plant'] } } } });
  assert.equal(res.status, 200);
  const top = ((await res.json()) as { responses: { q: { results: { id: string; score: number; explanations: Record<string, string> }[] } } }).responses.q.results[0]!;
  const local = screener.screen({ schema: 'Company', names: ['Minsk Wheeled Tractor Plant'], countries: [], birthDates: [], identifiers: [] }, { limit: 5 }).results[0]!;
  assert.equal(top.id, 'us_ofac_sdn-34769');
  assert.equal(top.id, local.entity.id);
  assert.equal(top.score, local.score);
  assert.match(top.explanations.name ?? '', /tractor/u);
});

test('while a request spends its whole time budget on the thread, /healthz and /catalog are answered first', async () => {
  const words = ['international', 'trading', 'company', 'limited', 'bank', 'of', 'the', 'islamic', 'republic', 'iran', 'ltd', 'llc', 'group', 'holding', 'industrial', 'corporation', 'al', 'mohammed', 'ali', 'hassan', 'shipping', 'oil', 'petroleum', 'national'];
  const names = Array.from({ length: 20 }, (_, i) => [...words.slice(i % 7), ...words.slice(0, i % 7)].join(' '));
  const order: string[] = [];
  const heavy = post({ queries: Object.fromEntries(Array.from({ length: 100 }, (_, q) => [`q${q}`, { schema: 'Company', properties: { name: names } }])) }).then(async (res) => {
    order.push('heavy');
    return res;
  });
  // Give the heavy request time to reach the thread, then ask for the rest.
  await new Promise((r) => setTimeout(r, 300));
  const health = await fetch(`${base}/healthz`);
  order.push('healthz');
  assert.equal(health.status, 200);
  const catalog = await fetch(`${base}/catalog`);
  order.push('catalog');
  assert.equal(catalog.status, 200);
  const answered = await heavy;
  assert.equal(answered.status, 400);
  assert.match(((await answered.json()) as { detail: string }).detail, /ms of matching a request may use/u);
  assert.deepEqual(order, ['healthz', 'catalog', 'heavy'], 'the event loop was free while the heavy request was scored');
});
