// The analyst pages in Debian's Chromium over real lists: the review queue after an xref of the
// UN list against OFAC's SDN list (pairs side by side with the reasons, decided with the
// keyboard, counts moving), a screening decided as a false positive for a customer and then
// shown suppressed, the audit trail verified, and a monitoring alert with its cause.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../helpers/browser.js';
import { createApiKey } from '../../src/access/keys.js';
import { buildApi } from '../../src/api/server.js';
import { afterListImport } from '../../src/monitor/hooks.js';
import { addMembers, createPortfolio } from '../../src/monitor/portfolio.js';
import { rescreen } from '../../src/monitor/rescreen.js';
import { xref } from '../../src/resolve/xref.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { raw } from '../helpers/paths.js';

let store: Store;
let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;
let analystKey: string;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanctrace-review-ui-'));
  store = await openStore(join(dir, 'store.sqlite'));
  await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2022-02-24/sdn.csv')], publishedAt: '2022-02-24' });
  await createPortfolio(store.sql, { name: 'watch' });
  await addMembers(store.sql, 'watch', [{ key: 'C-100', query: { schema: 'Company', names: ['Minsk Wheeled Tractor Plant'] } }]);
  await rescreen(store, await Screener.open(store), { causes: [{ kind: 'manual', actor: 'test' }] });
  const next = await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2022-02-25/sdn.csv')], publishedAt: '2022-02-25' });
  await afterListImport(store, [next.version]);
  await importList(store, { paths: [raw('un_sc/watchman_2026-02-27/consolidated.xml')], publishedAt: '2026-02-27' });
  await xref(store, { queryFrom: ['un_sc_sanctions'] });
  analystKey = (await createApiKey(store.sql, { label: 'anna', role: 'analyst' })).key;
  app = await buildApi({ store, screener: await Screener.open(store), auditAnchor: join(dir, 'anchor.json') });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(`${base}/#/`);
  await page.getByLabel('API key').fill(analystKey);
  await page.getByRole('button', { name: 'use key' }).click();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

const shot = (name: string) => screenshot(page, name);
const counts = async () => (await page.getByLabel('queue counts').innerText()).match(/(\d+) open · (\d+) decided · (\d+) auto-merged/u)!.slice(1).map(Number);

test('review: a proposed pair side by side with the reasons; "n" decides it and the counts move', async () => {
  await page.goto(`${base}/#/review`);
  const pair = page.getByLabel('pair under review');
  await pair.waitFor();
  assert.equal(await pair.locator('.record').count(), 2);
  assert.match(await pair.locator('.why').innerText(), /name:/u);
  const ids = await pair.locator('.record .meta').allInnerTexts();
  assert.ok(ids.some((t) => t.includes('un_sc_sanctions')) && ids.some((t) => t.includes('us_ofac_sdn')), ids.join(' | '));
  const [open, decided, auto] = await counts();
  assert.ok(auto > 100, `UN and OFAC share many parties: ${auto} auto-merged`);
  await shot('review-queue');
  await page.keyboard.press('n');
  await page.getByRole('status').waitFor();
  await page.locator('[aria-label="queue counts"]', { hasText: new RegExp(`^${open - 1} open`, 'u') }).waitFor();
  assert.deepEqual(await counts(), [open - 1, decided + 1, auto]);
});

test('a hit decided a false positive for a customer shows as suppressed for that customer; the audit page verifies the chain', async () => {
  await page.goto(`${base}/#/`);
  await page.getByLabel('customer').fill('C-777');
  // Decisions are made on a screening of record: submitted with Enter, not previewed by typing.
  await page.getByLabel('name').fill('Minsk Wheel Tractor Plant');
  await page.getByLabel('name').press('Enter');
  const first = page.locator('.hit').first();
  await first.getByRole('button', { name: 'False positive' }).waitFor();
  await first.getByRole('button', { name: 'False positive' }).click();
  await page.getByRole('status').filter({ hasText: 'false positive (audit record' }).waitFor();
  await page.getByLabel('name').fill('Minsk Wheel Tractor Plan');
  await page.getByLabel('name').press('Enter');
  await page.locator('.hit', { hasText: 'SUPPRESSED' }).first().waitFor();
  await shot('screen-suppressed');
  await page.goto(`${base}/#/audit`);
  await page.getByText(/Chain verified: \d+ records/u).waitFor();
  assert.match(await page.locator('table.audit').innerText(), /false_positive/u);
  await shot('audit');
});

test('alerts: the MZKT alert raised by the 2022-02-25 OFAC list, acknowledged', async () => {
  await page.goto(`${base}/#/alerts`);
  const row = page.locator('table.alerts tbody tr', { hasText: 'MINSK WHEEL TRACTOR PLANT' });
  await row.waitFor();
  assert.match(await row.innerText(), /new[\s\S]*watch \/ C-100[\s\S]*us_ofac_sdn version of 2022-02-25/u);
  await row.getByRole('button', { name: 'Acknowledge' }).click();
  await row.getByText(/acknowledged by key:\d+:anna/u).waitFor();
  await shot('alerts');
});
