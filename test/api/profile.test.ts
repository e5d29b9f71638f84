// Beyond yente, over loopback HTTP on real data: MZKT's timeline (the OFAC listing with its list
// version, and what the seed articles report: EU 2020, US 2022, the State Department), its
// network (supplies Pakistan's complex, accountable to the Defense Industry Committee, with
// evidence), the articles, and list versions and diffs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server.js';
import { ingestDocument } from '../../src/extract/pipeline.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { createApiKey } from '../../src/access/keys.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { NEWS, raw } from '../helpers/paths.js';

let store: Store;
let app: FastifyInstance;
let base: string;
/** Writes need a key with a role (src/access): an analyst may ingest articles and run batch jobs. */
let analystKey: string;

before(async () => {
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'sanctrace-profile-')), 'store.sqlite'));
  for (const date of ['2022-02-24', '2022-02-25']) await importList(store, { paths: [raw(`ofac_sdn/jackdwyer_${date}/sdn.csv`)], publishedAt: date });
  await importList(store, { paths: [raw('us_csl/watchman_2022-05-06/consolidated.csv.gz')], publishedAt: '2022-05-06' });
  const screener = await Screener.open(store);
  for (const seed of ['seed_000_mzkt_sanctions', 'seed_001_belarus_west_digest', 'seed_002_pozirk_tel_talks']) {
    await ingestDocument(store, { source: `${seed}.txt`, text: readFileSync(join(NEWS, `${seed}.txt`), 'utf8') }, screener);
  }
  analystKey = (await createApiKey(store.sql, { label: 'profile test', role: 'analyst' })).key;
  app = await buildApi({ store, screener });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await app.close();
  await store.close();
});

const get = async (path: string) => {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

test("MZKT's timeline: the OFAC listing from its list version, and the EU, US and State Department actions the articles report", async () => {
  const { status, json } = await get('/entities/us_ofac_sdn-34769/timeline');
  assert.equal(status, 200);
  const entries = json.entries as { date: string | null; authority: string; action: string; source: { kind: string; versionDate?: string; evidence?: string } }[];
  const listed = entries.find((e) => e.source.kind === 'list' && e.authority === 'US Treasury (OFAC)');
  assert.equal(listed?.source.versionDate, '2022-02-25', 'first seen in the 2022-02-25 SDN list');
  const news = entries.filter((e) => e.source.kind === 'news').map((e) => `${e.date ?? '-'} ${e.authority} ${e.action}`);
  for (const expected of ['2020-12 EU history', '2022 US history', '- US State Department designated']) assert.ok(news.includes(expected), `${expected} in ${news.join('; ')}`);
  const dated = entries.filter((e) => e.date).map((e) => e.date!);
  assert.deepEqual(dated, [...dated].sort(), 'in date order');
  assert.ok(entries.some((e) => e.authority === 'US State Department' && /State Department imposed sanctions on the Minsk Wheel Tractor Plant/u.test(e.source.evidence ?? '')));
});

test("MZKT's network: supplies Pakistan's National Defense Complex and is accountable to the Defense Industry Committee, with the sentences", async () => {
  const { json } = await get('/entities/us_ofac_sdn-34769/network');
  const edges = json.edges as { subject: { name: string }; predicate: string; object: { name: string }; source: { evidence?: string } }[];
  const supplies = edges.find((e) => e.predicate === 'supplies' && /National Defense Complex/u.test(e.object.name));
  assert.ok(supplies, JSON.stringify(edges));
  assert.match(supplies.source.evidence!, /supplying special vehicle chassis/u);
  assert.ok(edges.some((e) => e.predicate === 'part_of' && /Defense Industry Committee/u.test(e.object.name)), JSON.stringify(edges.map((e) => [e.subject.name, e.predicate, e.object.name])));
});

test('articles: listed, read back with their designations, sent in once', async () => {
  const list = (await get('/articles')).json.articles as { id: string }[];
  assert.equal(list.length, 3);
  const one = (await get(`/articles/${list[0].id}`)).json as { designations: { target: { text: string } }[] };
  assert.ok(one.designations.length > 0);
  const text = readFileSync(join(NEWS, 'dev_05.txt'), 'utf8');
  const post = (body: unknown) => fetch(`${base}/articles`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${analystKey}` }, body: JSON.stringify(body) });
  const first = await post({ text, source: 'dev_05.txt' });
  assert.equal(first.status, 201);
  // The seven people the UK listed (one name, "Muhammed Abd Al-Razzaq Kanafani", is read as two).
  const count = ((await first.json()) as { designations: number }).designations;
  assert.ok(count >= 7 && count <= 8, String(count));
  assert.equal((await post({ text })).status, 200, 'the same text again is not stored twice');
  assert.equal((await post({ text: '' })).status, 400);
  assert.equal((await get('/articles/nope')).status, 404);
});

test('list versions and the diff between two: MZKT added on 2022-02-25; bad versions and unknown lists are clear errors', async () => {
  const versions = (await get('/datasets/us_ofac_sdn/versions')).json.versions as { id: number; date: string }[];
  assert.deepEqual(versions.map((v) => v.date), ['2022-02-24', '2022-02-25']);
  const diff = await get('/datasets/us_ofac_sdn/diff?from=2022-02-24&to=2022-02-25');
  assert.equal(diff.status, 200);
  assert.ok((diff.json.added as { id: string }[]).some((e) => e.id === 'us_ofac_sdn-34769'));
  assert.deepEqual((diff.json.programs as Record<string, string[]>)['us_ofac_sdn-34769'], ['BELARUS-EO14038']);
  const bad = await get('/datasets/us_ofac_sdn/diff?from=1999-01-01');
  assert.equal(bad.status, 400);
  assert.match(String(bad.json.detail), /no version '1999-01-01'/u);
  assert.equal((await get('/datasets/nope/versions')).status, 404);
});

test('batch jobs: a CSV is screened in the background, polled, downloaded; a bad file is a 400 with its line', async () => {
  const post = (csv: string, query = '') => fetch(`${base}/screen/batch${query}`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${analystKey}` }, body: csv });
  const bad = await post('id;city\n1;Minsk\n');
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { detail: string }).detail, /name column/u);
  const started = await post('id,name\n1,MZKT\n2,Maria Schmidt\n3,\n');
  assert.equal(started.status, 202);
  const job = (await started.json()) as { id: string; total: number };
  assert.equal(job.total, 3);
  let status = job as { status?: string; done?: number };
  for (let i = 0; i < 100 && status.status !== 'done'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    status = (await (await fetch(`${base}/screen/batch/${job.id}`, { headers: { authorization: `Bearer ${analystKey}` } })).json()) as typeof status;
  }
  assert.equal(status.status, 'done');
  const csv = await (await fetch(`${base}/screen/batch/${job.id}/results`, { headers: { authorization: `Bearer ${analystKey}` } })).text();
  const lines = csv.trim().split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[1], /^1,MZKT,1\.000,true,us_ofac_sdn-34769,/u);
  assert.match(lines[3], /no name in this row/u);
  assert.equal((await get('/screen/batch/nope')).status, 404);
});

test('fact review over HTTP: an analyst rejects a reported designation and it leaves the timeline; an accepted one is marked with who and when', async () => {
  type Entry = { authority: string; action: string; source: { kind: string; factId?: string; articleId?: string }; reviewed?: { decision: string; actor: string; at: string } };
  const timelineOf = async () => (await get('/entities/us_ofac_sdn-34769/timeline')).json.entries as Entry[];
  const before = await timelineOf();
  const state = before.find((e) => e.source.kind === 'news' && e.authority === 'US State Department' && e.action === 'designated')!;
  assert.ok(state?.source.factId, 'a news entry names its fact');
  const history = before.find((e) => e.source.kind === 'news' && e.source.factId !== state.source.factId)!;
  assert.ok(history, JSON.stringify(before.map((e) => [e.authority, e.action, e.source.factId])));
  const articleId = state.source.articleId!;
  const facts = (await get(`/articles/${articleId}/facts`)).json.facts as { id: string; review: unknown }[];
  assert.ok(facts.some((f) => f.id === state.source.factId && f.review === null));

  const review = (factId: string, decision: string, key: string | null, article = articleId) =>
    fetch(`${base}/articles/${article}/facts/${factId}/review`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify({ decision }) });
  assert.equal((await review(state.source.factId!, 'rejected', null)).status, 401, 'a review needs a key');
  assert.equal((await review(state.source.factId!, 'maybe', analystKey)).status, 400);
  assert.equal((await review(`${articleId}-sanction-999`, 'rejected', analystKey)).status, 404);
  const rejected = await review(state.source.factId!, 'rejected', analystKey);
  assert.equal(rejected.status, 201);
  const body = (await rejected.json()) as { decision: string; actor: string; decidedAt: string };
  assert.equal(body.decision, 'rejected');
  assert.match(body.actor, /^key:\d+:profile test$/u);
  assert.equal((await review(history.source.factId!, 'accepted', analystKey, history.source.articleId)).status, 201);

  const afterReview = await timelineOf();
  assert.ok(!afterReview.some((e) => e.source.factId === state.source.factId), 'the rejected designation left the timeline');
  const accepted = afterReview.find((e) => e.source.factId === history.source.factId)!;
  assert.equal(accepted.reviewed?.decision, 'accepted');
  assert.match(accepted.reviewed?.actor ?? '', /profile test/u);
  // The official OFAC listing is untouched by news reviews.
  assert.ok(afterReview.some((e) => e.source.kind === 'list'));
});
