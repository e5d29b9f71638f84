// Batch jobs over HTTP on a real server process (issue 14, row 8): a job belongs to the key that
// started it, uploads and rows have limits, a key runs at most two jobs at once, and a job
// survives the server being killed (kill -9) in its middle: the restarted server resumes it and
// the results hold every row exactly once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey } from '../../src/access/keys.js';
import { BATCH_LIMITS } from '../../src/api/batch-jobs.js';
import { listAudit } from '../../src/audit/log.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import { raw } from '../helpers/paths.js';
import { startServe } from '../helpers/serve.js';

const home = mkdtempSync(join(tmpdir(), 'sanctrace-jobs-test-'));
const db = join(home, 'store.sqlite');
const jobsDir = join(home, 'jobs');
let server: ChildProcess | null = null;
let base = '';
const keys = { alice: '', bob: '', admin: '' };
// The server under test runs with the admin's row limit set low, so the limit is reached quickly.
const MAX_ROWS = 10_000;

async function startServer(): Promise<void> {
  const started = await startServe(db, { SANCTRACE_HOME: home, SANCTRACE_JOBS: jobsDir, SANCTRACE_BATCH_MAX_ROWS: String(MAX_ROWS) });
  server = started.child;
  base = started.base;
}

function kill(): Promise<void> {
  const child = server!;
  server = null;
  return new Promise((r) => {
    child.once('exit', () => r());
    child.kill('SIGKILL');
  });
}

before(async () => {
  const store = await openStore(db);
  await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2022-02-25/sdn.csv')], publishedAt: '2022-02-25' });
  keys.alice = (await createApiKey(store.sql, { label: 'alice', role: 'analyst' })).key;
  keys.bob = (await createApiKey(store.sql, { label: 'bob', role: 'analyst' })).key;
  keys.admin = (await createApiKey(store.sql, { label: 'admin', role: 'admin' })).key;
  await store.close();
  await startServer();
});

after(async () => {
  if (server) await kill();
});

const as = (key: string | null): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});
const post = (key: string, csv: string | Buffer) => fetch(`${base}/screen/batch`, { method: 'POST', headers: { 'content-type': 'text/csv', ...as(key) }, body: csv });
const call = (method: string, path: string, key: string | null) => fetch(`${base}${path}`, { method, headers: as(key) });
/** A CSV of `n` rows of real names (MZKT's, Belaruskali's) and names on no list. */
const rowsCsv = (n: number) => ['id,name', ...Array.from({ length: n }, (_, i) => `${i + 1},${['Minsk Wheeled Tractor Plant', 'Belaruskali OAO', `Blue River Trading ${i}`][i % 3]}`)].join('\n');

async function waitFor(id: string, key: string, until: (s: { status: string; done: number }) => boolean): Promise<{ status: string; done: number; total: number }> {
  for (let i = 0; i < 1200; i++) {
    const res = await call('GET', `/screen/batch/${id}`, key);
    if (res.ok) {
      const s = (await res.json()) as { status: string; done: number; total: number };
      if (until(s)) return s;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} never reached the state waited for`);
}

test("a job is its owner's: another key, or none, cannot see, read or cancel it; an admin can", async () => {
  const started = await post(keys.alice, rowsCsv(3));
  assert.equal(started.status, 202);
  const job = (await started.json()) as { id: string; owner: string };
  assert.match(job.owner, /alice/u);
  await waitFor(job.id, keys.alice, (s) => s.status === 'done');
  for (const key of [keys.bob, null]) {
    for (const [method, path] of [['GET', `/screen/batch/${job.id}`], ['GET', `/screen/batch/${job.id}/results`], ['DELETE', `/screen/batch/${job.id}`]] as const) {
      const res = await call(method, path, key);
      assert.equal(res.status, key ? 404 : method === 'DELETE' ? 401 : 404, `${method} ${path} as ${key ? 'bob' : 'anonymous'}`);
    }
  }
  assert.deepEqual(((await (await call('GET', '/screen/batch', keys.bob)).json()) as { jobs: unknown[] }).jobs, []);
  assert.equal((await call('GET', `/screen/batch/${job.id}`, keys.admin)).status, 200);
  const csv = await (await call('GET', `/screen/batch/${job.id}/results`, keys.alice)).text();
  assert.match(csv.split('\n')[1]!, /^1,Minsk Wheeled Tractor Plant,0\.9\d\d,true,us_ofac_sdn-34769,/u);
});

test('limits: an upload over the size cap and a file over the row cap are refused naming the limit, leaving nothing behind', async () => {
  const jobsBefore = readdirSync(jobsDir).length;
  const big = Buffer.alloc(BATCH_LIMITS.uploadBytes + 1024, 'a');
  big.write('id,name\n');
  const tooBig = await post(keys.alice, big);
  assert.equal(tooBig.status, 413);
  assert.match(((await tooBig.json()) as { detail: string }).detail, new RegExp(`over the limit of ${BATCH_LIMITS.uploadBytes} bytes`, 'u'));
  const tooMany = await post(keys.alice, `name\n${'x\n'.repeat(MAX_ROWS + 1)}`);
  assert.equal(tooMany.status, 413);
  assert.match(((await tooMany.json()) as { detail: string }).detail, /more than 10000 rows, the limit per job/u);
  assert.equal(BATCH_LIMITS.rowsPerJob, 1_000_000, 'a million rows by default');
  assert.equal(readdirSync(jobsDir).length, jobsBefore, 'no folder kept for a refused upload');
});

test('one key runs at most two jobs at once: the third is a 429 until one is cancelled', async () => {
  const ids: string[] = [];
  for (let i = 0; i < BATCH_LIMITS.runningJobsPerOwner; i++) ids.push(((await (await post(keys.bob, rowsCsv(MAX_ROWS))).json()) as { id: string }).id);
  const third = await post(keys.bob, rowsCsv(3));
  assert.equal(third.status, 429);
  assert.match(((await third.json()) as { detail: string }).detail, /2 batch jobs running/u);
  assert.equal((await post(keys.alice, rowsCsv(3))).status, 202, "another key's jobs do not count");
  for (const id of ids) assert.equal(((await (await call('DELETE', `/screen/batch/${id}`, keys.bob)).json()) as { status: string }).status, 'cancelled');
  assert.equal((await post(keys.bob, rowsCsv(3))).status, 202);
});

test('kill -9 in the middle of a job: the restarted server resumes it, and the results hold every row once', async () => {
  const total = 1500;
  const job = (await (await post(keys.alice, rowsCsv(total))).json()) as { id: string };
  const midway = await waitFor(job.id, keys.alice, (s) => s.done >= 400);
  assert.equal(midway.status, 'running');
  await kill();
  await startServer();
  const done = await waitFor(job.id, keys.alice, (s) => s.status === 'done');
  assert.equal(done.done, total);
  const rows = ((await (await call('GET', `/screen/batch/${job.id}/results?format=json`, keys.alice)).json()) as { rows: { line: number; result: { entityId: string } | null }[] }).rows;
  assert.deepEqual(rows.map((r) => r.line), Array.from({ length: total }, (_, i) => i + 2), 'every row once, in order');
  assert.equal(rows[0]!.result?.entityId, 'us_ofac_sdn-34769');
  const store = await openStore(db);
  try {
    const records = (await listAudit(store.sql, { kind: 'batch' })).filter((r) => (r.payload as { job: string }).job === job.id);
    assert.equal(records.length, 1, 'one audit record for the job');
    assert.equal((records[0]!.payload as { rows: number }).rows, total);
  } finally {
    await store.close();
  }
});
