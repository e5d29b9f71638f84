// Screening while another process holds the SQLite store's write lock (an import): the request
// waits for the lock, and if the writer holds it past the busy timeout the answer is 503 with
// Retry-After, never a 400 or a 500 (issue 14, row 7).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { raw, REPO_ROOT } from '../helpers/paths.js';

const file = join(mkdtempSync(join(tmpdir(), 'sanctrace-busy-')), 'store.sqlite');
let store: Store;
let app: FastifyInstance;
let base: string;

before(async () => {
  store = await openStore(file);
  const dpl = readdirSync(raw('bis_dpl'))[0]!;
  await importList(store, { paths: [raw(`bis_dpl/${dpl}`)] });
  app = await buildApi({ store, screener: await Screener.open(store) });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await app.close();
  await store.close();
});

const match = () =>
  fetch(`${base}/match/default`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queries: { q: { schema: 'Person', properties: { name: ['Ivan Petrov'] } } } }) });

/** Another process takes the store's write lock and holds it for `ms`; resolves once it holds it. */
function holdLock(ms: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(file)});d.exec('BEGIN IMMEDIATE');process.stdout.write('held\\n');setTimeout(()=>{d.exec('COMMIT');d.close();},${ms});`], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout!.once('data', () => resolve(child)));
}

test('a write lock held briefly is waited for; one held past the busy timeout gives 503 with Retry-After', async () => {
  await holdLock(800);
  const waited = await match();
  assert.equal(waited.status, 200, await waited.text());

  const holder = await holdLock(4000);
  const busy = await match();
  assert.equal(busy.status, 503);
  assert.equal(busy.headers.get('retry-after'), '5');
  assert.match(((await busy.json()) as { detail: string }).detail, /store is busy/u);
  await new Promise((resolve) => holder.once('exit', resolve));
  assert.equal((await match()).status, 200, 'answers again once the write is done');
});

test("as serve runs it (writes wait for another process's commit off the event loop): a lock held 4 s delays the screening, fails nothing, and /healthz answers meanwhile", async () => {
  store.sql.waitForWriters?.(30_000);
  const holder = await holdLock(4000);
  const released = new Promise((resolve) => holder.once('exit', resolve));
  const started = Date.now();
  const screening = match();
  const health = await fetch(`${base}/healthz`);
  const healthAfter = Date.now() - started;
  const waited = await screening;
  assert.equal(waited.status, 200, await waited.text());
  assert.equal(health.status, 200);
  assert.ok(healthAfter < Date.now() - started, '/healthz answered before the screening that waited for the lock');
  await released;
});
