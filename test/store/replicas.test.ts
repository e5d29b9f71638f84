// Two `serve` replicas on one real PostgreSQL server (issue 13): two processes, each with its
// own index and home, behind no shared memory. A list version imported by a third process is
// screened by both within seconds (each watches the store's versions); a judgement made through
// one is applied by the other on its next request; screenings sent to both at once append to
// one unbroken audit chain.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey } from '../../src/access/keys.js';
import { verifyAudit } from '../../src/audit/log.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { raw } from '../helpers/paths.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { startServe, type ServeProcess } from '../helpers/serve.js';

// Canada lists MZKT twice in its 2025 list (as the plant and as the joint-stock company); its 2020 list not at all.
const MZKT_CA = 'ca_sema-belarus-1-part-2-33';
const MZKT_CA_JSC = 'ca_sema-belarus-1-part-2-44';

let pg: TestPostgres;
let store: Store;
const replicas: ServeProcess[] = [];
const keys = { analyst: '', admin: '' };

async function startReplica(): Promise<void> {
  replicas.push(await startServe(pg.url, { SANCTRACE_HOME: mkdtempSync(join(tmpdir(), 'sanctrace-replica-')), SANCTRACE_INDEX_WATCH_SECONDS: '1' }));
}

before(async () => {
  pg = await startPostgres();
  store = await openStore(pg.url);
  await importList(store, { paths: [raw('ca_sema/mendw_2020-04/sema-lmes.xml')], publishedAt: '2020-04-01' });
  keys.analyst = (await createApiKey(store.sql, { label: 'analyst', role: 'analyst' })).key;
  keys.admin = (await createApiKey(store.sql, { label: 'admin', role: 'admin' })).key;
  await Promise.all([startReplica(), startReplica()]);
});

after(async () => {
  await Promise.all(replicas.map((r) => new Promise<void>((resolve) => (r.child.exitCode !== null ? resolve() : (r.child.once('exit', () => resolve()), r.child.kill('SIGTERM'))))));
  await store.close();
  pg.stop();
});

interface Answer {
  responses: { q: { results: { id: string; referents: string[] }[] } };
  versions: Record<string, number>;
}

async function screen(base: string, name: string): Promise<{ status: number; answer: Answer | null }> {
  const res = await fetch(`${base}/match/default?limit=5`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queries: { q: { schema: 'Company', properties: { name: [name] } } } }) });
  return { status: res.status, answer: res.ok ? ((await res.json()) as Answer) : null };
}

const ids = (a: Answer | null) => a?.responses.q.results.map((r) => r.id) ?? [];

test('a list version imported by another process is screened by both replicas within seconds', async () => {
  for (const r of replicas) assert.ok(!ids((await screen(r.base, 'Minsk Wheel Tractor Plant')).answer).includes(MZKT_CA), 'not on the 2020 list');
  await importList(store, { paths: [raw('ca_sema/kebalkhadka_2025-05-25/sema-lmes.xml')], publishedAt: '2025-05-25' });
  const latest = (await store.listDatasets()).find((d) => d.name === 'ca_sema')!.latest.id;
  const deadline = Date.now() + 60_000;
  const seen = new Map<string, number>();
  while (seen.size < replicas.length && Date.now() < deadline) {
    for (const r of replicas) {
      const { status, answer } = await screen(r.base, 'Minsk Wheel Tractor Plant');
      assert.equal(status, 200, 'no screening fails while a replica rebuilds');
      if (!seen.has(r.base) && ids(answer).includes(MZKT_CA) && answer!.versions.ca_sema === latest) seen.set(r.base, Date.now());
    }
    await new Promise((res) => setTimeout(res, 200));
  }
  assert.equal(seen.size, 2, `both replicas screen the new version (logs: ${replicas.map((r) => r.log().slice(-300)).join(' || ')})`);
  for (const r of replicas) {
    const report = (await (await fetch(`${r.base}/updatez`)).json()) as { index_current: boolean };
    assert.equal(report.index_current, true);
  }
});

test('a judgement made through one replica is applied by the other on its next request', async () => {
  const [a, b] = replicas;
  const judged = await fetch(`${a!.base}/xref/judgements`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.analyst}` }, body: JSON.stringify({ left: MZKT_CA, right: MZKT_CA_JSC, judgement: 'same' }) });
  assert.ok(judged.ok, await judged.text());
  const results = (await screen(b!.base, 'Minsk Wheel Tractor Plant')).answer!.responses.q.results;
  const party = results.find((r) => r.id === MZKT_CA || r.id === MZKT_CA_JSC)!;
  assert.ok(party, JSON.stringify(results.map((r) => r.id)));
  assert.deepEqual([party.id, ...party.referents].sort(), [MZKT_CA, MZKT_CA_JSC].sort(), 'one party of both records on the other replica');
  assert.equal(results.filter((r) => r.id === MZKT_CA || r.id === MZKT_CA_JSC).length, 1, 'one result per party');
});

test('screenings sent to both replicas at once append to one unbroken audit chain', async () => {
  const before = (await verifyAudit(store.sql)).records;
  const names = ['Minsk Wheel Tractor Plant', 'Belaruskali', 'Grodno Azot', 'Naftan', 'Belshina', 'Integral', 'Peleng', 'Belarusian Railways', 'BelAZ', 'Amkodor'];
  const answers = await Promise.all(replicas.flatMap((r) => names.map((n) => screen(r.base, n))));
  assert.deepEqual([...new Set(answers.map((x) => x.status))], [200]);
  const verification = await verifyAudit(store.sql);
  assert.deepEqual(verification.problems, [], 'no broken link, no gap, no bad hash');
  assert.equal(verification.records, before + names.length * replicas.length, 'one record per screening, none lost');
});
