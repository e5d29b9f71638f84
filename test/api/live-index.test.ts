// A list imported while the server screens (issue 13): another process imports OFAC's SDN list of
// 2024-05-03 into the store a server is screening from (on a matcher thread, with the index
// watch serve runs); no screening fails meanwhile, and once the new index is in, the party
// designated in that version is found and the answer names the new version. Then POST /updatez
// as yente has it: sync=true waits for the rebuild.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../src/access/keys.js';
import { IndexRefresh } from '../../src/api/index-refresh.js';
import { buildApi, type ApiContext } from '../../src/api/server.js';
import { OffloadedScreener } from '../../src/screen/offloaded.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { raw, REPO_ROOT } from '../helpers/paths.js';

// Designated between the two versions: first listed 2024-05-03.
const WUHAN = 'us_ofac_sdn-46633';
const file = join(mkdtempSync(join(tmpdir(), 'sanctrace-live-index-')), 'store.sqlite');
let store: Store;
let matcher: OffloadedScreener;
let ctx: ApiContext;
let app: FastifyInstance;
let base: string;
const messages: string[] = [];

before(async () => {
  store = await openStore(file);
  // As serve does: the audit records of screenings wait for the other process's import to commit.
  store.sql.waitForWriters?.(120_000);
  await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2024-04-26/sdn.csv')], publishedAt: '2024-04-26' });
  const screener = await Screener.open(store);
  matcher = new OffloadedScreener(file, 1, screener);
  await matcher.ready;
  ctx = { store, screener, matcher };
  ctx.indexRefresh = new IndexRefresh(ctx, (m) => messages.push(m));
  app = await buildApi(ctx);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await ctx.indexRefresh!.stop();
  await app.close();
  await matcher.close();
  await store.close();
});

interface MatchAnswer {
  responses: { q: { results: { id: string }[] } };
  versions: Record<string, number>;
}

async function screenWuhan(): Promise<{ status: number; answer: MatchAnswer | null }> {
  const res = await fetch(`${base}/match/default?limit=3`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ queries: { q: { schema: 'Company', properties: { name: ['Wuhan Global Sensor Technology Co., Ltd.'] } } } }),
  });
  return { status: res.status, answer: res.ok ? ((await res.json()) as MatchAnswer) : null };
}

const latestSdnVersion = async () => (await store.listDatasets()).find((d) => d.name === 'us_ofac_sdn')!.latest.id;

test('a list imported by another process while the server screens in a loop: no screening fails, and the new version is screened once its index is in', async () => {
  const oldVersion = await latestSdnVersion();
  const first = await screenWuhan();
  assert.equal(first.status, 200);
  assert.ok(!first.answer!.responses.q.results.some((r) => r.id === WUHAN), 'not listed on 2024-04-26');
  assert.equal(first.answer!.versions.us_ofac_sdn, oldVersion);

  ctx.indexRefresh!.watch(0.3);
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/helpers/import-child.ts'), file, 'us_ofac_sdn', '2024-05-03', raw('ofac_sdn/jackdwyer_2024-05-03/sdn.csv')], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

  const statuses: number[] = [];
  const healthz: number[] = [];
  let found: MatchAnswer | null = null;
  const deadline = Date.now() + 120_000;
  while (!found && Date.now() < deadline) {
    const [screened, health] = await Promise.all([screenWuhan(), fetch(`${base}/healthz`).then((r) => r.status)]);
    statuses.push(screened.status);
    healthz.push(health);
    if (screened.answer?.responses.q.results[0]?.id === WUHAN) found = screened.answer;
  }
  assert.equal(await exited, 0, 'the import finished');
  assert.ok(found, `the party listed in the new version was never found (${statuses.length} screenings; ${messages.join(' | ')})`);
  assert.ok(statuses.length >= 3, `screened in a loop meanwhile (${statuses.length} times)`);
  assert.deepEqual([...new Set(statuses)], [200], 'no screening failed');
  assert.deepEqual([...new Set(healthz)], [200]);
  const newVersion = await latestSdnVersion();
  assert.notEqual(newVersion, oldVersion);
  assert.equal(found.versions.us_ofac_sdn, newVersion, 'the answer names the version it was screened against');
  // The threads take the new index after the in-process screener: wait for the last of them.
  await ctx.indexRefresh!.stop();
  assert.ok(messages.some((m) => /matcher index rebuilt/u.test(m)), messages.join(' | '));
  // Every later answer, from the thread or in process, is the new index's.
  for (let i = 0; i < 3; i++) assert.equal((await screenWuhan()).answer!.versions.us_ofac_sdn, newVersion);
  const report = (await (await fetch(`${base}/updatez`)).json()) as { status: string; index_current: boolean; reindexing: boolean };
  assert.deepEqual([report.status, report.index_current, report.reindexing], ['ok', true, false]);
});

test('POST /updatez?sync=true rebuilds the index (force: even when current) and answers when it is in use; without sync it answers at once', async () => {
  const admin = (await createApiKey(store.sql, { label: 'admin', role: 'admin' })).key;
  const post = async (query: string) => {
    const res = await fetch(`${base}/updatez${query}`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    return { status: res.status, json: (await res.json()) as { status: string; index_current: boolean; reindexed: boolean; reindexing?: boolean; detail: string } };
  };
  const current = await post('?sync=true');
  assert.equal(current.status, 200);
  assert.deepEqual([current.json.index_current, current.json.reindexed], [true, false], 'nothing new: no rebuild');
  const before = ctx.screener;
  const forced = await post('?sync=true&force=true');
  assert.deepEqual([forced.json.status, forced.json.index_current, forced.json.reindexed], ['ok', true, true]);
  assert.match(forced.json.detail, /index rebuilt in/u);
  assert.notEqual(ctx.screener, before, 'a new index is in use');
  const background = await post('?force=true');
  assert.deepEqual([background.json.reindexed, background.json.reindexing], [false, true]);
  assert.match(background.json.detail, /in the background/u);
  const screened = await screenWuhan();
  assert.equal(screened.status, 200, 'screening goes on during the rebuild');
  assert.equal(screened.answer!.responses.q.results[0]!.id, WUHAN);
  await ctx.indexRefresh!.refresh();
});
