// The web UI end to end in Debian's Chromium (playwright-core, no downloaded browser), served by
// the API server on loopback over real list data and the seed articles: screen a name and read
// the explanation, open MZKT's profile with its timeline and network, read a seed article's
// designations, see a list diff; markup in articles never runs. Screenshots go to
// test-artifacts/ for review.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Core } from 'cytoscape';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, screenshot } from '../helpers/browser.js';
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
let browser: Browser;
let page: Page;
let base: string;
let screenerKey: string;
let analystKey: string;

before(async () => {
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'sanctrace-ui-')), 'store.sqlite'));
  for (const date of ['2022-02-24', '2022-02-25']) await importList(store, { paths: [raw(`ofac_sdn/jackdwyer_${date}/sdn.csv`)], publishedAt: date });
  await importList(store, { paths: [raw('us_csl/watchman_2022-05-06/consolidated.csv.gz')], publishedAt: '2022-05-06' });
  await importList(store, { paths: [raw('eu_journal/opensanctions_2026-08-22')], publishedAt: '2026-08-22' });
  const screener = await Screener.open(store);
  for (const seed of ['seed_000_mzkt_sanctions', 'seed_001_belarus_west_digest', 'seed_002_pozirk_tel_talks']) {
    await ingestDocument(store, { source: `${seed}.txt`, text: readFileSync(join(NEWS, `${seed}.txt`), 'utf8') }, screener);
  }
  await ingestDocument(store, { source: 'hostile.txt', text: 'Sanctions news from the wire\nThe US Treasury sanctioned <img src=x onerror="window.__pwned=1"> Evil Corp LLC for <script>window.__pwned=2</script> reasons.\n' }, screener);
  screenerKey = (await createApiKey(store.sql, { label: 'ui test', role: 'screener' })).key;
  analystKey = (await createApiKey(store.sql, { label: 'ui analyst', role: 'analyst' })).key;
  app = await buildApi({ store, screener });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
});

after(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

const shot = (name: string) => screenshot(page, name);

test('screen "MZKT": OFAC 34769 comes first with the explanation in words', async () => {
  await page.goto(`${base}/#/`);
  // Typing only previews (nothing recorded); Enter makes the screening of record, with the reasons.
  await page.getByLabel('name').fill('MZKT');
  await page.getByLabel('name').press('Enter');
  await page.locator('.of-record').waitFor();
  const first = page.locator('.hit').first();
  await first.waitFor();
  assert.match(await first.locator('.caption').innerText(), /MINSK WHEEL TRACTOR PLANT/u);
  assert.match(await first.locator('.why').innerText(), /weakAlias \(exact, counted in full\) 'OJSC MZKT'/u);
  assert.match(await first.locator('.meta').innerText(), /us_ofac_sdn · MATCH|us_ofac_sdn.*MATCH/u);
  await shot('screen-mzkt');
  // The hit leads to the profile.
  await first.locator('.caption').click();
  await page.locator('h1', { hasText: 'MINSK WHEEL TRACTOR PLANT' }).waitFor();
  await page.locator('.timeline li').first().waitFor();
});

test("MZKT's profile: names by script, the timeline of EU, US and State Department actions, and a network edge to Pakistan's complex", async () => {
  await page.goto(`${base}/#/entity/us_ofac_sdn-34769`);
  await page.locator('.timeline li').first().waitFor();
  const timeline = await page.locator('.timeline').innerText();
  assert.match(timeline, /2020-12 EU history/u);
  assert.match(timeline, /2022 US history/u);
  assert.match(timeline, /2024-04 US State Department designated/u, 'the digest of April 15–21, 2024 dates the State Department action');
  assert.match(timeline, /2022-02-25 US Treasury \(OFAC\) listed \(BELARUS-EO14038\) list us_ofac_sdn, version of 2022-02-25/u);
  await page.locator('.edges li').first().waitFor();
  const edges = await page.locator('.edges').innerText();
  assert.match(edges, /Minsk Wheel Tractor Plant supplies (Pakistan's )?National Defense Complex “has been supplying special vehicle chassis to Pakistan's National Defense Complex”/u);
  // The graph (cytoscape.js) draws the edges, in words.
  await page.locator('.graph[data-layout="done"]').waitFor();
  const drawn = await page.evaluate(() => (globalThis as unknown as { __sanctraceGraph: Core }).__sanctraceGraph.edges().map((e) => e.data('label') as string));
  assert.ok(drawn.length > 0 && drawn.includes('supplies'), `the graph draws the edges: ${drawn.join(', ')}`);
  await shot('profile-mzkt');
});

test('a seed article shows its designations beside the text, mentions linked, furniture on demand', async () => {
  await page.goto(`${base}/#/articles`);
  await page.getByRole('link', { name: /US sanctions against the Minsk Wheel Tractor Plant/u }).click();
  await page.locator('.designations li').first().waitFor();
  const designations = await page.locator('.designations').innerText();
  assert.match(designations, /designated (?:Minsk Wheel Tractor Plant|MZKT) by US State Department/u);
  assert.match(designations, /designated Granpect Co\. Ltd\.? by US State Department \[CN\]/u);
  assert.match(designations, /history MZKT by EU on 2020-12/u);
  assert.ok(await page.locator('a.mention.linked', { hasText: 'MZKT' }).count() > 0);
  assert.doesNotMatch(await page.locator('.text').innerText(), /top of page/u);
  await page.getByRole('button', { name: /Show removed page furniture/u }).click();
  assert.match(await page.locator('.furniture').innerText(), /top of page/u);
  await shot('article-mzkt');
});

test('article text with markup is shown as text and never runs', async () => {
  await page.goto(`${base}/#/articles`);
  await page.getByRole('link', { name: /Sanctions news from the wire/u }).click();
  await page.locator('.text p').first().waitFor();
  assert.match(await page.locator('.text').innerText(), /<img src=x onerror="window.__pwned=1">/u);
  assert.equal(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned), undefined);
});

test('an analyst rejects an extracted designation in the article view: who and when shown, and it leaves the profile timeline', async () => {
  await page.goto(`${base}/#/articles`);
  await page.getByLabel('API key').fill(analystKey);
  await page.getByRole('button', { name: 'use key' }).click();
  await page.getByRole('link', { name: /US sanctions against the Minsk Wheel Tractor Plant/u }).click();
  const granpect = page.locator('.designations li', { hasText: 'Granpect' }).first();
  await granpect.waitFor();
  assert.match(await granpect.innerText(), /confidence \d\.\d\d · unreviewed/u);
  await granpect.getByRole('button', { name: 'Reject' }).click();
  await granpect.locator('.review-rejected').waitFor();
  assert.match(await granpect.innerText(), /Rejected by key:\d+:ui analyst at \d{4}-\d{2}-\d{2} \d{2}:\d{2}/u);
  await shot('article-fact-rejected');
  // The decision is stored: read back after a reload.
  await page.reload();
  await page.locator('.designations li', { hasText: 'Granpect' }).first().locator('.review-rejected').waitFor();
  await page.getByRole('button', { name: 'forget key' }).click();
});

test('lists: the OFAC versions and the diff that adds MZKT on 2022-02-25', async () => {
  await page.goto(`${base}/#/lists`);
  await page.getByLabel('list').selectOption('us_ofac_sdn');
  await page.locator('table.versions tbody tr').nth(1).waitFor();
  await page.getByRole('button', { name: 'Show changes' }).click();
  await page.locator('.diff h2').waitFor();
  assert.match(await page.locator('.diff h2').innerText(), /^\d+ parties added, \d+ removed, \d+ changed$/u);
  assert.ok(await page.locator('.diff a', { hasText: 'MINSK WHEEL TRACTOR PLANT' }).count() > 0);
  await shot('lists-diff');
});

test('batch: upload a 5,000-row CSV, watch it finish, review the hits, download the results', async () => {
  // Real listed names mixed with names that are on no list, one per row.
  const listed = ['MZKT', 'Minsk Wheel Tractor Plant', 'LUKASHENKA, Alyaksandr Ryhorovich', 'Volat', 'Granpect Co. Ltd.'];
  const plain = ['Maria Schmidt', 'John Miller', 'Acme Widgets GmbH', 'Li Wei', 'Olga Petrova', 'Blue River Trading LLC'];
  const rows = Array.from({ length: 5000 }, (_, i) => [String(i + 1), i % 10 === 0 ? listed[(i / 10) % listed.length] : `${plain[i % plain.length]} ${i}`]);
  const csv = stringify([['customer_id', 'customer_name'], ...rows]);
  await page.goto(`${base}/#/batch`);
  // Batch jobs are a write: without a key the server refuses, and the page says a key is needed.
  await page.getByLabel('API key').fill(screenerKey);
  await page.getByRole('button', { name: 'use key' }).click();
  await page.getByLabel('csv file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByLabel('name column').selectOption('customer_name');
  await page.getByRole('button', { name: /Screen customers\.csv/u }).click();
  await page.locator('.job progress').waitFor();
  await page.getByRole('link', { name: 'Download results (CSV)' }).waitFor({ timeout: 120_000 });
  assert.match(await page.locator('.job').innerText(), /5000 \/ 5000 rows · \d+ matches · done/u);
  await page.locator('table.results tbody tr').first().waitFor();
  assert.match(await page.locator('table.results tbody tr').first().innerText(), /MINSK WHEEL TRACTOR PLANT|LUKASHENKA/u);
  await shot('batch-results');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download results (CSV)' }).click()]);
  const saved = join(ARTIFACTS, 'batch-results.csv');
  await download.saveAs(saved);
  const out = parse(readFileSync(saved), { columns: true }) as Record<string, string>[];
  assert.equal(out.length, 5000);
  assert.equal(out[0].customer_name, 'MZKT');
  assert.equal(out[0].matched_entity, 'us_ofac_sdn-34769');
  assert.equal(out[0].sanctrace_match, 'true');
  assert.match(out[0].list_versions, /us_ofac_sdn:\d+/u);
});
