// The profile page end to end in Debian's Chromium (playwright-core, no downloaded browser), over
// real list data: the OFAC SDN versions of 2022-02-24 and 2022-02-25, the EU's Belarus act as
// transcribed from the Official Journal (the one file of the EU data that lists Lukashenka and
// MZKT), the two US CSL rows of Lukashenka and MZKT as they are in the 2022-05-06 download (the
// only source here that states his nationality), and the three seed articles. Lukashenka and
// MZKT are each one party of three source records (an analyst's 'same' judgements), so every
// value must say which list it comes from. Screenshots go to test-artifacts/ for review.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Core } from 'cytoscape';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, importOfacAndEuBelarus, launchChromium, screenshot } from '../helpers/browser.js';
import { createApiKey } from '../../src/access/keys.js';
import { buildApi } from '../../src/api/server.js';
import { ingestDocument } from '../../src/extract/pipeline.js';
import { judge } from '../../src/resolve/judgements.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { NEWS, raw } from '../helpers/paths.js';

const LUKASHENKA = 'us_ofac_sdn-9760';
const MZKT = 'us_ofac_sdn-34769';
let store: Store;
let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanctrace-profile-ui-'));
  store = await openStore(join(dir, 'store.sqlite'));
  await importOfacAndEuBelarus(store, dir);
  const csl = parse(gunzipSync(readFileSync(raw('us_csl/watchman_2022-05-06/consolidated.csv.gz')))) as string[][];
  writeFileSync(join(dir, 'consolidated.csv'), stringify([csl[0]!, ...csl.filter((row) => row[0] === '9760' || row[0] === '34769')]));
  await importList(store, { paths: [join(dir, 'consolidated.csv')], publishedAt: '2022-05-06' });
  await judge(
    store.sql,
    [
      { left: LUKASHENKA, right: 'eu_journal-32006r0765-i-a-45-person', judgement: 'same' },
      { left: LUKASHENKA, right: 'us_trade_csl-ofac-9760', judgement: 'same' },
      { left: MZKT, right: 'eu_journal-32006r0765-i-b-8-entity', judgement: 'same' },
      { left: MZKT, right: 'us_trade_csl-ofac-34769', judgement: 'same' },
    ],
    { actor: 'profile ui test' },
  );
  const screener = await Screener.open(store);
  for (const seed of ['seed_000_mzkt_sanctions', 'seed_002_pozirk_tel_talks']) {
    await ingestDocument(store, { source: `${seed}.txt`, text: readFileSync(join(NEWS, `${seed}.txt`), 'utf8') }, screener);
  }
  const analystKey = (await createApiKey(store.sql, { label: 'profile ui', role: 'analyst' })).key;
  app = await buildApi({ store, screener });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  // The digest states only its week (April 15 – 21, 2024): sent in as an analyst uploads a file,
  // with the publication date given, so its undated reports are dated by it.
  const posted = await fetch(`${base}/articles`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${analystKey}` },
    body: JSON.stringify({ text: readFileSync(join(NEWS, 'seed_001_belarus_west_digest.txt'), 'utf8'), source: 'seed_001_belarus_west_digest.txt', published: '2024-04-22' }),
  });
  assert.equal(posted.status, 201);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
});

after(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

const shot = (name: string) => screenshot(page, name);
const api = async <T>(path: string) => (await (await fetch(`${base}${path}`)).json()) as T;

/** The datasets named beside one value of one property row. */
async function sourcesOf(prop: string, value: string): Promise<string[]> {
  const item = page.locator(`tr[data-prop="${prop}"] li[data-value="${value}"]`);
  await item.waitFor();
  return (await item.locator('.src').evaluateAll((els) => els.map((e) => e.getAttribute('data-dataset') ?? ''))).sort();
}

test("Lukashenka's profile: birth date, nationality and position, each value with the lists that state it; names once each", async () => {
  await page.goto(`${base}/#/entity/${LUKASHENKA}`);
  await page.locator('tr[data-prop="birthDate"]').waitFor();
  assert.deepEqual(await sourcesOf('birthDate', '1954-08-30'), ['eu_journal', 'us_ofac_sdn', 'us_trade_csl']);
  assert.deepEqual(await sourcesOf('birthDate', '1954-08-31'), ['us_trade_csl'], 'the CSL copy has the alternative birth date');
  assert.deepEqual(await sourcesOf('nationality', 'by'), ['us_trade_csl']);
  assert.match(await page.locator('tr[data-prop="nationality"]').innerText(), /Nationality\s+Belarus \(by\)/u, 'FtM label, country named');
  assert.deepEqual(await sourcesOf('position', 'President'), ['us_ofac_sdn']);
  assert.deepEqual(await sourcesOf('position', 'President of the Republic of Belarus'), ['eu_journal']);
  // Which versions: the SDN value was seen in both SDN versions.
  assert.match(await page.locator('tr[data-prop="position"] li[data-value="President"] .src').innerText(), /us_ofac_sdn · 2022-02-24 – 2022-02-25/u);
  // Every property the API has is on the page, under its group.
  const profile = await api<{ groups: { group: string; properties: { prop: string }[] }[]; names: { value: string }[] }>(`/entities/${LUKASHENKA}/profile`);
  const shown = await page.locator('tr[data-prop]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-prop')));
  assert.deepEqual(shown.sort(), profile.groups.flatMap((g) => g.properties.map((p) => p.prop)).sort());
  assert.deepEqual(
    profile.groups.map((g) => g.group),
    ['identity', 'addresses', 'other'],
  );
  // A name two lists give (SDN name, CSL alias) is shown once, with both.
  const names = await page.locator('.names li').evaluateAll((items) => items.map((i) => i.getAttribute('data-name') ?? ''));
  assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length, `no name twice: ${names.join(' | ')}`);
  assert.match(await page.locator('.names li[data-name="LUKASHENKA, Alyaksandr Hryhoryavich"]').innerText(), /us_ofac_sdn name.*us_trade_csl alias/su);
  assert.ok(names.includes('Аляксандр Рыгоравіч ЛУКАШЭНКА'), 'the Belarusian spelling from the EU act');
  await shot('profile-lukashenka');
});

test("MZKT's profile: website and contacts from the EU act; an incorporation date only where a list gives one", async () => {
  await page.goto(`${base}/#/entity/${MZKT}`);
  await page.locator('tr[data-prop="website"]').waitFor();
  assert.deepEqual(await sourcesOf('website', 'www.mzkt.by'), ['eu_journal']);
  assert.deepEqual(await sourcesOf('email', 'link@mzkt.by'), ['eu_journal']);
  assert.deepEqual(await sourcesOf('registrationNumber', '100534485'), ['eu_journal', 'us_ofac_sdn', 'us_trade_csl']);
  assert.match(await page.locator('section.contacts').innerText(), /^Contacts/u);
  const profile = await api<{ groups: { properties: { prop: string; values: { value: string }[] }[] }[] }>(`/entities/${MZKT}/profile`);
  const incorporation = profile.groups.flatMap((g) => g.properties).find((p) => p.prop === 'incorporationDate');
  // None of these lists gives MZKT's incorporation date; the page shows exactly what they give.
  if (incorporation) for (const v of incorporation.values) assert.ok((await sourcesOf('incorporationDate', v.value)).length > 0);
  else assert.equal(await page.locator('tr[data-prop="incorporationDate"]').count(), 0);
  assert.match(await page.locator('.profile-sources').innerText(), /EU sanctions regulations transcribed from the Official Journal \(eu_journal\) record eu_journal-32006r0765-i-b-8-entity: MZKT/u);
  await shot('profile-mzkt-properties');
});

interface GraphFacts {
  width: number;
  height: number;
  nodes: { id: string; label: string; box: { x1: number; x2: number; y1: number; y2: number }; at: { x: number; y: number } }[];
  edges: { label: string; box: { x1: number; x2: number; y1: number; y2: number }; mid: { x: number; y: number }; target: string }[];
  root: string;
}

/** What cytoscape drew, through the page's window hook: labels and rendered boxes (labels included). */
async function graphFacts(): Promise<GraphFacts> {
  await page.locator('.graph[data-layout="done"]').waitFor();
  await page.locator('.graph').scrollIntoViewIfNeeded();
  // cytoscape reads where its box is on the page after the scroll event: two frames later.
  await page.evaluate(() => new Promise<void>((done) => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(done))));
  return page.evaluate(() => {
    // The page keeps its cytoscape instance on window.__sanctraceGraph (web/src/entity.tsx).
    const cy = (globalThis as unknown as { __sanctraceGraph: Core }).__sanctraceGraph;
    return {
      width: cy.width(),
      height: cy.height(),
      root: cy.nodes('[?root]').first().id(),
      nodes: cy.nodes().map((n) => ({ id: n.id(), label: n.data('label') as string, box: n.renderedBoundingBox({ includeLabels: true }), at: n.renderedPosition() })),
      edges: cy.edges().map((e) => ({ label: e.data('label') as string, box: e.renderedBoundingBox({ includeLabels: true, includeEdges: false, includeNodes: false }), mid: e.renderedMidpoint(), target: e.target().data('label') as string })),
    };
  });
}

const overlaps = (a: GraphFacts['nodes'][number]['box'], b: GraphFacts['nodes'][number]['box']) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

function assertReadable(g: GraphFacts) {
  const labels = g.nodes.map((n) => n.label);
  assert.equal(new Set(labels).size, labels.length, `one node per party: ${labels.join(' | ')}`);
  for (const e of g.edges) assert.doesNotMatch(e.label, /_/u, `edge label in words: ${e.label}`);
  for (const n of g.nodes) assert.ok(n.box.x1 >= 0 && n.box.y1 >= 0 && n.box.x2 <= g.width && n.box.y2 <= g.height, `${n.label} inside the view ${JSON.stringify(n.box)} of ${g.width}×${g.height}`);
  const centre = g.nodes.find((n) => n.id === g.root)!;
  for (const n of g.nodes) if (n !== centre) assert.ok(!overlaps(n.box, centre.box), `${n.label} clear of the centre node`);
  for (const e of g.edges) assert.ok(!overlaps(e.box, centre.box), `edge label '${e.label}' clear of the centre node`);
}

test("MZKT's network graph: one node per party (US and EU once), labels in words, all in view; a click on an edge shows its evidence", async () => {
  await page.goto(`${base}/#/entity/${MZKT}`);
  const g = await graphFacts();
  assertReadable(g);
  const labels = g.nodes.map((n) => n.label);
  assert.equal(labels.filter((l) => l === 'US').length, 1, 'Washington and US are one node');
  assert.ok(labels.includes('EU') && labels.includes('Pakistan'), labels.join(' | '));
  assert.ok(g.edges.some((e) => e.label === 'sanctioned by'));
  assert.ok(g.edges.some((e) => e.label === 'supplies'));
  // The text list below the graph says the same in words.
  const list = await page.locator('.edges').innerText();
  assert.match(list, /Minsk Wheel Tractor Plant supplies (Pakistan's )?National Defense Complex “has been supplying special vehicle chassis/u);
  assert.match(list, /sanctioned by/u);
  assert.doesNotMatch(list, /sanctioned_by|part_of/u);
  // Click the line to the National Defense Complex: the panel shows the sentence and its article.
  const edge = g.edges.find((e) => e.target === 'National Defense Complex')!;
  const box = (await page.locator('.graph').boundingBox())!;
  await page.mouse.click(box.x + edge.mid.x, box.y + edge.mid.y);
  const panel = page.locator('.evidence');
  await panel.getByText('supplying special vehicle chassis', { exact: false }).waitFor();
  const text = await panel.innerText();
  assert.match(text, /MINSK WHEEL TRACTOR PLANT supplies National Defense Complex/u);
  assert.match(text, /US sanctions against the Minsk Wheel Tractor Plant · uploaded file seed_000_mzkt_sanctions\.txt/u);
  await page.locator('.graph-wrap').screenshot({ path: join(ARTIFACTS, 'graph-mzkt-evidence.png') });
});

test('a node clicked in the graph adds its own relations, still one node per party and all in view', async () => {
  // Joseph Kony's SDN links: the Lord's Resistance Army and two relatives; the LRA has more.
  await page.goto(`${base}/#/entity/us_ofac_sdn-11018`);
  const before = await graphFacts();
  assertReadable(before);
  const lra = before.nodes.find((n) => n.label === "LORD'S RESISTANCE ARMY")!;
  assert.ok(lra, before.nodes.map((n) => n.label).join(' | '));
  const box = (await page.locator('.graph').boundingBox())!;
  await page.mouse.click(box.x + lra.at.x, box.y + lra.at.y);
  await page.waitForFunction((count) => (globalThis as unknown as { __sanctraceGraph: Core }).__sanctraceGraph.nodes().length > count, before.nodes.length);
  const expanded = await graphFacts();
  assert.ok(expanded.nodes.length > before.nodes.length, `${before.nodes.length} → ${expanded.nodes.length}`);
  assertReadable(expanded);
  assert.match(await page.locator('.evidence').innerText(), /LORD'S RESISTANCE ARMY\s+listed party/u);
  assert.ok((await page.locator('.edges li').count()) > before.edges.length);
  await page.locator('.graph-wrap').screenshot({ path: join(ARTIFACTS, 'graph-expanded.png') });
});

test('lists: the diff of the two OFAC versions names its counts and shows changed fields before → after', async () => {
  await page.goto(`${base}/#/lists`);
  await page.getByLabel('list').selectOption('us_ofac_sdn');
  await page.locator('table.versions tbody tr').nth(1).waitFor();
  const row = (await page.locator('table.versions tbody tr').nth(1).innerText()).split('\t');
  assert.match(await page.locator('table.versions thead').innerText(), /records added/u);
  await page.getByRole('button', { name: 'Show changes' }).click();
  await page.locator('.diff h2').waitFor();
  const diff = await api<{ counts: { parties: { added: number; removed: number; changed: number }; records: { added: number; removed: number; changed: number } } }>('/datasets/us_ofac_sdn/diff?from=2022-02-24&to=2022-02-25');
  assert.equal(await page.locator('.diff h2').innerText(), `${diff.counts.parties.added} parties added, ${diff.counts.parties.removed} removed, ${diff.counts.parties.changed} changed`);
  // The record counts are the version table's row for 2022-02-25.
  assert.deepEqual([row[3], row[4], row[5]].map(Number), [diff.counts.records.added, diff.counts.records.changed, diff.counts.records.removed]);
  const counts = await page.locator('.diff-counts').innerText();
  assert.match(counts, new RegExp(`${diff.counts.records.added} added \\(${diff.counts.parties.added} parties, \\d+ listing records, \\d+ links\\); ${diff.counts.records.removed} removed`, 'u'));
  assert.match(counts, /These are the 2022-02-25 row of the table/u);
  const ivanov = page.locator('li[data-entity="us_ofac_sdn-16688"]');
  const name = (await ivanov.locator('tr[data-field="name"]').innerText()).split('\t');
  assert.deepEqual(name, ['Name', 'IVANOV, Sergei', '→', 'IVANOV, Sergei Borisovich']);
  assert.deepEqual((await ivanov.locator('tr[data-field="position"]').innerText()).split('\t'), ['Position', 'Chief of Staff of the Presidential Executive Office', '→', '—']);
  assert.deepEqual((await ivanov.locator('tr[data-field="nationality"]').innerText()).split('\t'), ['Nationality', '—', '→', 'ru']);
  // His listing record gained a programme: shown under him.
  assert.match(await ivanov.innerText(), /Listing: Program\s+—\s+→\s+RUSSIA-EO14024/u);
  await shot('lists-diff-fields');
});

test('articles: title, publication date and a readable source in the list and on the article', async () => {
  await page.goto(`${base}/#/articles`);
  const mzkt = page.locator('.articles li', { hasText: 'US sanctions against the Minsk Wheel Tractor Plant' });
  await mzkt.waitFor();
  assert.match(await mzkt.innerText(), /no publication date stated · uploaded file seed_000_mzkt_sanctions\.txt · stored \d{4}-\d{2}-\d{2}/u);
  const digest = page.locator('.articles li', { hasText: 'April 15 – April 21, 2024' });
  assert.match(await digest.innerText(), /published 2024-04-22 · uploaded file seed_001_belarus_west_digest\.txt/u);
  await digest.getByRole('link').click();
  await page.locator('.article-meta').waitFor();
  assert.equal(await page.locator('.article h1').innerText(), 'April 15 – April 21, 2024');
  assert.match(await page.locator('.article-meta').innerText(), /^published 2024-04-22 · uploaded file seed_001_belarus_west_digest\.txt · stored/u);
  await shot('article-dated');
});

test("MZKT's timeline: a report that does not date the event is dated by its article ('reported …'), with the article's title and source", async () => {
  await page.goto(`${base}/#/entity/${MZKT}`);
  await page.locator('.timeline li').first().waitFor();
  const reported = page.locator('.timeline li.reported', { hasText: 'US State Department' });
  assert.match(await reported.innerText(), /^reported 2024-04-22 US State Department designated .*in April 15 – April 21, 2024 · uploaded file seed_001_belarus_west_digest\.txt · published 2024-04-22$/su);
  // Reports the article dates keep their own date; an article without a date leaves its report undated, and says why.
  const timeline = await page.locator('.timeline').innerText();
  assert.match(timeline, /2020-12 EU history/u);
  assert.match(timeline, /first seen 2022-02-25 US Treasury \(OFAC\) listed \(BELARUS-EO14038\) list us_ofac_sdn, version of 2022-02-25/u);
  assert.match(timeline, /undated US State Department designated .*in US sanctions against the Minsk Wheel Tractor Plant · uploaded file seed_000_mzkt_sanctions\.txt · no publication date/u);
  await page.locator('.timeline').screenshot({ path: join(ARTIFACTS, 'timeline-reported.png') });
});
