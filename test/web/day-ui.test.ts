// The analyst's day in Debian's Chromium (playwright-core, no downloaded browser), served by the
// API server on loopback over real lists (OFAC SDN 2022-02-24 and -25, the UN list cross-
// referenced against it for the review queue) and real seed articles: without a key, Alerts,
// Audit and Batch say which role they need and how to get a key instead of failing; with an
// analyst key the alerts name the party they hit; at 420 px every page fits the screen with the
// nav and the key box in view; text is drawn in the bundled Noto Sans ('Łukašenka', '’'); the
// batch results show each row's customer id. Screenshots go to test-artifacts/ for review.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { createApiKey } from '../../src/access/keys.js';
import { buildApi } from '../../src/api/server.js';
import { ingestDocument } from '../../src/extract/pipeline.js';
import { afterArticleIngest, afterListImport } from '../../src/monitor/hooks.js';
import { addMembers, createPortfolio } from '../../src/monitor/portfolio.js';
import { rescreen } from '../../src/monitor/rescreen.js';
import { xref } from '../../src/resolve/xref.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { NEWS, raw } from '../helpers/paths.js';

// The browser's globals as the functions run in the page use them (this file is compiled without the DOM library).
declare const document: { documentElement: { scrollWidth: number }; body: object; querySelector(selector: string): { innerText: string } | null; fonts: { ready: Promise<unknown>; check(font: string, text?: string): boolean } };
declare const localStorage: { setItem(key: string, value: string): void };
declare function getComputedStyle(element: object): { fontFamily: string };

const MZKT = 'us_ofac_sdn-34769';
let store: Store;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let analystKey: string;
let mzktArticle: string;
let pozirkArticle: string;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanctrace-day-ui-'));
  store = await openStore(join(dir, 'store.sqlite'));
  // A customer screened on 2022-02-24; OFAC lists MZKT on 2022-02-25: a 'new' alert.
  await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2022-02-24/sdn.csv')], publishedAt: '2022-02-24' });
  await createPortfolio(store.sql, { name: 'watch' });
  await addMembers(store.sql, 'watch', [{ key: 'C-100', query: { schema: 'Company', names: ['Minsk Wheeled Tractor Plant'], countries: [], birthDates: [], identifiers: [] } }]);
  await rescreen(store, await Screener.open(store), { causes: [{ kind: 'manual', actor: 'test' }] });
  const next = await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2022-02-25/sdn.csv')], publishedAt: '2022-02-25' });
  await afterListImport(store, [next.version]);
  await importList(store, { paths: [raw('un_sc/watchman_2026-02-27/consolidated.xml')], publishedAt: '2026-02-27' });
  await xref(store, { queryFrom: ['un_sc_sanctions'] });
  const screener = await Screener.open(store);
  // Articles about MZKT: 'news' alerts for the customer whose hit it is.
  const ingested = [];
  for (const seed of ['seed_000_mzkt_sanctions', 'seed_002_pozirk_tel_talks']) {
    ingested.push((await ingestDocument(store, { source: `${seed}.txt`, text: readFileSync(join(NEWS, `${seed}.txt`), 'utf8') }, screener)).analysis.id);
  }
  [mzktArticle, pozirkArticle] = ingested as [string, string];
  await afterArticleIngest(store, ingested);
  // An alert as stored before alerts recorded names: its detail holds only the entity id.
  await store.sql.run('INSERT INTO alerts (portfolio, member_key, entity_id, kind, score, cause, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    'watch',
    'C-100',
    MZKT,
    'news',
    0.94,
    JSON.stringify({ kind: 'manual', actor: 'test' }),
    JSON.stringify({ matchedName: null, caption: MZKT, dataset: 'us_ofac_sdn', programs: [], explanation: 'stored with the id only' }),
    new Date().toISOString(),
  ]);
  analystKey = (await createApiKey(store.sql, { label: 'anna', role: 'analyst' })).key;
  await createApiKey(store.sql, { label: 'sam', role: 'screener' });
  app = await buildApi({ store, screener, auditAnchor: join(dir, 'anchor.json') });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

const shot = screenshot;

/** A fresh page (own localStorage) at a viewport width, with the key stored or not. */
async function open(width: number, key: string | null): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  await page.goto(`${base}/#/`);
  if (key) {
    await page.evaluate((k) => localStorage.setItem('sanctraceKey', k), key);
    // As after a visit with a key: the key box reads the stored key on start.
    await page.reload();
  }
  return page;
}

test('without a key: Alerts, Audit and Batch name the role they need and the command that makes a key, with no error and no false "No portfolios yet"', async () => {
  const page = await open(1366, null);
  assert.match((await page.getByLabel('API key').getAttribute('placeholder')) ?? '', /needed for alerts, audit/u);
  assert.ok((await page.getByLabel('API key').boundingBox())!.width >= 300, 'room to paste a key');
  for (const [hash, what, role] of [
    ['alerts', 'Alerts', 'analyst'],
    ['audit', 'The audit trail', 'analyst'],
    ['batch', 'Batch jobs', 'screener'],
  ] as const) {
    await page.goto(`${base}/#/${hash}`);
    const note = page.locator('.key-needed');
    await note.waitFor();
    const text = await note.innerText();
    assert.match(text, new RegExp(`${what}[\\s\\S]* need an API key with the role ${role}`, 'u'));
    assert.match(text, new RegExp(`sanctrace keys create --role ${role} --label`, 'u'));
    const main = await page.locator('main').innerText();
    assert.doesNotMatch(main, /No portfolios yet|No alerts yet|not allowed|needs an API key with the role '/u, `${hash}: no error, no false empty state`);
    assert.equal(await page.locator('main table, main .error').count(), 0, `${hash}: no empty table`);
  }
  await page.goto(`${base}/#/alerts`);
  await page.locator('.key-needed').waitFor();
  await shot(page, 'day-alerts-no-key');
  await page.context().close();
});

test('with an analyst key entered: the alerts load at once and the Hit column names the party, linked to its profile; the audit trail is verified', async () => {
  const page = await open(1366, null);
  await page.goto(`${base}/#/alerts`);
  await page.locator('.key-needed').waitFor();
  await page.getByLabel('API key').fill(analystKey);
  await page.getByRole('button', { name: 'use key' }).click();
  const rows = page.locator('table.alerts tbody tr');
  await rows.first().waitFor();
  assert.match(await page.locator('main').innerText(), /watch \(1 members\)/u);
  assert.equal(await page.locator('.key-needed').count(), 0);
  const kinds = (await rows.locator('td:nth-child(2)').allInnerTexts()).sort();
  assert.deepEqual(kinds, ['new', 'news', 'news', 'news'], 'the list alert, two article alerts and the one stored with an id');
  const hits = rows.locator('td:nth-child(4) a');
  for (let i = 0; i < (await hits.count()); i++) {
    assert.equal(await hits.nth(i).innerText(), 'MINSK WHEEL TRACTOR PLANT', 'a name, not an id');
    assert.equal(await hits.nth(i).getAttribute('href'), `#/entity/${MZKT}`);
  }
  await shot(page, 'day-alerts-with-key');
  await hits.first().click();
  await page.locator('h1', { hasText: 'MINSK WHEEL TRACTOR PLANT' }).waitFor();
  await page.goto(`${base}/#/audit`);
  await page.getByText(/Chain verified: \d+ records/u).waitFor();
  assert.equal(await page.locator('.key-needed').count(), 0);
  await page.context().close();
});

test('batch: the results table shows each row’s customer id', async () => {
  const page = await open(1366, analystKey);
  const csv = stringify([
    ['customer_id', 'customer_name'],
    ['K-0001', 'MZKT'],
    ['K-0002', 'Maria Schmidt'],
    ['K-0003', 'Minsk Wheel Tractor Plant'],
  ]);
  await page.goto(`${base}/#/batch`);
  await page.getByLabel('csv file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByLabel('name column').selectOption('customer_name');
  await page.getByRole('button', { name: /Screen customers\.csv/u }).click();
  await page.locator('table.results tbody tr').nth(2).waitFor({ timeout: 60_000 });
  assert.deepEqual(await page.locator('table.results thead th').allInnerTexts(), ['line', 'customer_id', 'name', 'score', 'best hit', 'why']);
  await page.getByRole('button', { name: 'line' }).click();
  assert.deepEqual(await page.locator('table.results tbody td:nth-child(2)').allInnerTexts(), ['K-0001', 'K-0002', 'K-0003']);
  assert.match(await page.locator('table.results tbody tr').first().innerText(), /K-0001\s+MZKT\s+1\.00\s+MINSK WHEEL TRACTOR PLANT/u);
  await shot(page, 'day-batch-customer');
  await page.context().close();
});

// Each page with what shows it has loaded (the widest content it has).
const PAGES: [name: string, hash: () => string, ready: (page: Page) => Promise<unknown>][] = [
  [
    'screen',
    () => '#/',
    async (page) => {
      await page.getByLabel('name').fill('Minsk Wheel Tractor Plant');
      await page.getByLabel('name').press('Enter');
      await page.waitForFunction(() => document.querySelector('main')!.innerText.includes('MINSK WHEEL TRACTOR PLANT'));
    },
  ],
  ['batch', () => '#/batch', (page) => page.locator('main h1').waitFor()],
  ['articles', () => '#/articles', (page) => page.getByRole('link', { name: /Minsk Wheel Tractor Plant/u }).waitFor()],
  ['article', () => `#/article/${mzktArticle}`, (page) => page.locator('.designations li').first().waitFor()],
  [
    'lists',
    () => '#/lists',
    async (page) => {
      await page.getByLabel('list').selectOption('us_ofac_sdn');
      await page.getByRole('button', { name: 'Show changes' }).click();
      await page.locator('.diff h2').waitFor();
    },
  ],
  ['review', () => '#/review', (page) => page.getByLabel('pair under review').waitFor()],
  ['alerts', () => '#/alerts', (page) => page.locator('table.alerts tbody tr, .key-needed').first().waitFor()],
  ['audit', () => '#/audit', (page) => page.locator('table.audit tbody tr, .key-needed').first().waitFor()],
  [
    'entity',
    () => `#/entity/${MZKT}`,
    async (page) => {
      await page.locator('.timeline li').first().waitFor();
      await page.locator('.graph[data-layout="done"]').waitFor();
    },
  ],
];

test('at 420 px every page fits the screen: no sideways page scroll, the nav links and the key box in view', async () => {
  for (const key of [null, analystKey]) {
    const page = await open(420, key);
    for (const [name, hash, ready] of PAGES) {
      await page.goto(`${base}/${hash()}`);
      await ready(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 420, `${name}${key ? ' with a key' : ''}: the page is ${width} px wide`);
      for (const link of ['Review', 'Alerts', 'Audit']) {
        const box = (await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: link, exact: true }).boundingBox())!;
        assert.ok(box.x >= 0 && box.x + box.width <= 420 && box.y + box.height <= 900, `${name}: ${link} in view (${JSON.stringify(box)})`);
      }
      const keybox = (await page.locator('header .keybox').boundingBox())!;
      assert.ok(keybox.x >= 0 && keybox.x + keybox.width <= 420 && keybox.y + keybox.height <= 900, `${name}: the key box in view (${JSON.stringify(keybox)})`);
      if (!key) assert.ok((await page.getByLabel('API key').boundingBox())!.width >= 250, `${name}: room to paste a key`);
      if (key) await shot(page, `day-420-${name}`);
      else if (name === 'alerts') await shot(page, 'day-420-alerts-no-key');
    }
    await page.context().close();
  }
});

test('fonts: text is drawn in the bundled Noto Sans, served as woff2 from /assets, "Łukašenka" and "’" included', async () => {
  const page = await open(1366, null);
  const fonts: string[] = [];
  page.on('response', (r) => {
    if (/\/assets\/[^/]+\.woff2$/u.test(new URL(r.url()).pathname) && r.ok()) fonts.push(new URL(r.url()).pathname);
  });
  await page.goto(`${base}/#/article/${pozirkArticle}`);
  const line = page.locator('.text p', { hasText: 'Łukašenka' }).first();
  await line.waitFor();
  assert.match(await line.innerText(), /Alaksandar Łukašenka/u);
  await page.evaluate(() => document.fonts.ready);
  assert.match(await page.evaluate(() => getComputedStyle(document.body).fontFamily), /^"Noto Sans"/u);
  assert.ok(await page.evaluate(() => document.fonts.check('16px "Noto Sans"', 'Łukašenka Russia’s')), 'the Noto Sans faces for this text are loaded');
  assert.ok(fonts.some((f) => /noto-sans-latin-400-normal/u.test(f)) && fonts.some((f) => /noto-sans-latin-ext-400-normal/u.test(f)), `woff2 files served: ${fonts.join(', ')}`);
  // What Chromium actually drew the line with: the web font, not a system font.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '.text p' });
  const used = new Map<string, boolean>();
  for (const nodeId of nodeIds) {
    const { fonts: platform } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    for (const f of platform) used.set(f.familyName, f.isCustomFont);
  }
  assert.deepEqual([...used.entries()], [['Noto Sans', true]], 'every glyph of the article text from the bundled Noto Sans');
  await page.context().close();
});
