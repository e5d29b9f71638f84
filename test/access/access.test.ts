// API keys in front of the real server on a real store: every write route in the OpenAPI
// document refuses a request without a valid key, roles are enforced, revoking works, and reads
// need a key only when anonymous reading is switched off.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { cachedKeyCount, createApiKey, revokeApiKey, verifyApiKey } from '../../src/access/keys.js';
import { buildApi } from '../../src/api/server.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { raw } from '../helpers/paths.js';

let store: Store;
let screener: Screener;
let app: FastifyInstance;
let base: string;
const keys: Record<'screener' | 'analyst' | 'admin', string> = { screener: '', analyst: '', admin: '' };

before(async () => {
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'sanctrace-access-')), 'store.sqlite'));
  await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2022-02-25/sdn.csv')], publishedAt: '2022-02-25' });
  screener = await Screener.open(store);
  for (const role of ['screener', 'analyst', 'admin'] as const) keys[role] = (await createApiKey(store.sql, { label: `${role} test`, role })).key;
  app = await buildApi({ store, screener });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await app.close();
  await store.close();
});

const request = (method: string, path: string, key?: string, body?: string) =>
  fetch(`${base}${path}`, { method, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body });

/** Every route the API document lists with a method that changes something. */
async function writeRoutes(): Promise<{ method: string; path: string }[]> {
  const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      // Screening (/match, /reconcile) is a read, as yente clients expect.
      .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m) && !path.startsWith('/match/') && !path.startsWith('/reconcile'))
      .map((m) => ({ method: m.toUpperCase(), path: path.replace(/\{[^}]+\}/gu, 'x') })),
  );
}

test('every write route refuses a request without a key, with a made-up key, and with a revoked key (401, JSON detail, WWW-Authenticate)', async () => {
  const routes = await writeRoutes();
  assert.ok(routes.some((r) => r.path === '/screen/batch') && routes.some((r) => r.path === '/articles'), routes.map((r) => r.path).join(' '));
  const revoked = await createApiKey(store.sql, { label: 'leaver', role: 'admin' });
  assert.ok(await verifyApiKey(store.sql, revoked.key));
  await revokeApiKey(store.sql, revoked.id);
  for (const { method, path } of routes) {
    for (const key of [undefined, 'st_made-up-key', revoked.key]) {
      const res = await request(method, path, key, '{}');
      assert.equal(res.status, 401, `${method} ${path} with ${key ? 'a bad key' : 'no key'}`);
      assert.match(res.headers.get('www-authenticate') ?? '', /Bearer/u);
      assert.match(((await res.json()) as { detail: string }).detail, /API key/u);
    }
  }
});

test('roles: a screener may start a batch job but not ingest an article (403 naming the role); an analyst may', async () => {
  const batch = await fetch(`${base}/screen/batch`, { method: 'POST', headers: { authorization: `Bearer ${keys.screener}`, 'content-type': 'text/csv' }, body: 'id,name\n1,MZKT\n' });
  assert.equal(batch.status, 202);
  const text = JSON.stringify({ text: 'On April 19, the US State Department imposed sanctions on the Minsk Wheel Tractor Plant (MZKT).', source: 'wire.txt' });
  const refused = await request('POST', '/articles', keys.screener, text);
  assert.equal(refused.status, 403);
  assert.match(((await refused.json()) as { detail: string }).detail, /role 'analyst'/u);
  const accepted = await request('POST', '/articles', keys.analyst, text);
  assert.equal(accepted.status, 201);
  // yente-style "ApiKey" header works too.
  const yenteStyle = await fetch(`${base}/articles`, { method: 'POST', headers: { authorization: `ApiKey ${keys.admin}`, 'content-type': 'application/json' }, body: text });
  assert.equal(yenteStyle.status, 200, 'the same text again: stored once');
});

test('reads: open without a key by default (screening stays yente-compatible); with anonymous reading off they need any valid key', async () => {
  assert.equal((await request('GET', '/search/default?q=MZKT')).status, 200);
  const match = JSON.stringify({ queries: { q: { schema: 'Company', properties: { name: ['MZKT'] } } } });
  assert.equal((await request('POST', '/match/default', undefined, match)).status, 200);
  const closed = await buildApi({ store, screener, access: { anonymousRead: false } });
  const closedBase = await closed.listen({ port: 0, host: '127.0.0.1' });
  try {
    assert.equal((await fetch(`${closedBase}/search/default?q=MZKT`)).status, 401);
    assert.equal((await fetch(`${closedBase}/match/default`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: match })).status, 401);
    assert.equal((await fetch(`${closedBase}/search/default?q=MZKT`, { headers: { authorization: `Bearer ${keys.screener}` } })).status, 200);
    assert.equal((await fetch(`${closedBase}/healthz`)).status, 200, 'liveness stays open');
    assert.equal((await fetch(`${closedBase}/openapi.json`)).status, 200, 'the API description stays open');
  } finally {
    await closed.close();
  }
});

test('the OpenAPI document declares the bearer key scheme', async () => {
  const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { components: { securitySchemes: Record<string, { scheme: string }> } };
  assert.equal(doc.components.securitySchemes.apiKey?.scheme, 'bearer');
});

test('random bearer strings cost no memory: 3,000 distinct 12 KB made-up keys leave nothing cached, and real keys still work (issue 14, row 1)', async () => {
  const before = cachedKeyCount();
  const filler = 'x'.repeat(12 * 1024);
  for (let batch = 0; batch < 30; batch++) {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, k) => request('POST', '/articles', `${filler}${batch}-${k}`, '{}').then(async (res) => {
        await res.arrayBuffer();
        return res.status;
      })),
    );
    assert.ok(answers.every((status) => status === 401), answers.join(' '));
  }
  // Well-shaped keys that are not in the store are looked up, never cached either.
  for (let k = 0; k < 200; k++) assert.equal(await verifyApiKey(store.sql, `st_${String(k).padStart(43, 'a')}`), null);
  assert.ok(cachedKeyCount() <= before + 3, `cache grew from ${before} to ${cachedKeyCount()}`);
  assert.ok(await verifyApiKey(store.sql, keys.analyst));
  assert.ok(cachedKeyCount() <= 1000);
});
