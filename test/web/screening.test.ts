// The Screening page end to end in Debian's Chromium (playwright-core, no downloaded browser), over
// real list data: OFAC's SDN list of 2022-02-24 and 2022-02-25 (MZKT first appears in the second),
// the EU's Belarus act as transcribed from the Official Journal, and the US CSL rows of the Minsk
// Wheel Tractor Plant as they are in the 2022-05-06 download (OFAC's copy, and BIS's Entity List
// entry, which states its listing date). Typing previews without recording; submitting records
// exactly one screening, whose id the page shows and whose export the server rebuilds from the
// audit record. Screenshots go to test-artifacts/ for review.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, importOfacAndEuBelarus, launchChromium, screenshot } from '../helpers/browser.js';
import { createApiKey } from '../../src/access/keys.js';
import { buildApi } from '../../src/api/server.js';
import { listAudit } from '../../src/audit/log.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { raw } from '../helpers/paths.js';

const MZKT = 'us_ofac_sdn-34769';
const QUERY = 'Minsk Wheeled Tractor Plant';
let store: Store;
let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;
let screenerKey: string;
let otherKey: string;
let analystKey: string;
/** The requests the page sends, by path (/match/default, /search/default…). */
const requests: string[] = [];

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanctrace-screening-ui-'));
  store = await openStore(join(dir, 'store.sqlite'));
  await importOfacAndEuBelarus(store, dir);
  const csl = parse(gunzipSync(readFileSync(raw('us_csl/watchman_2022-05-06/consolidated.csv.gz')))) as string[][];
  writeFileSync(join(dir, 'consolidated.csv'), stringify([csl[0]!, ...csl.filter((row) => /^minsk wheel/iu.test(row[5] ?? ''))]));
  await importList(store, { paths: [join(dir, 'consolidated.csv')], publishedAt: '2022-05-06' });
  screenerKey = (await createApiKey(store.sql, { label: 'screening ui', role: 'screener' })).key;
  otherKey = (await createApiKey(store.sql, { label: 'another screener', role: 'screener' })).key;
  analystKey = (await createApiKey(store.sql, { label: 'screening analyst', role: 'analyst' })).key;
  app = await buildApi({ store, screener: await Screener.open(store) });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  page.on('request', (req) => requests.push(new URL(req.url()).pathname));
  // The screener's key, as the key box keeps it (web/src/api.ts): screenings are then theirs to export.
  await page.goto(`${base}/#/`);
  await page.evaluate((key) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('sanctraceKey', key), screenerKey);
});

after(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

const shot = (name: string, on: Page = page) => screenshot(on, name);
const auditCount = async () => Number((await store.sql.all<{ n: number }>('SELECT count(*) AS n FROM audit_log'))[0]!.n);
const lastRecord = async () => (await listAudit(store.sql)).at(-1)!;

/** Submit the form and wait for the screening of record; its seq as the page shows it. */
async function submitted(): Promise<number> {
  const banner = page.locator('.of-record');
  await banner.waitFor();
  const m = /Screening of record #(\d+)/u.exec(await banner.innerText());
  assert.ok(m, `the page names the screening of record: ${await banner.innerText()}`);
  return Number(m[1]);
}

test(`typing "${QUERY}" at human speed previews through /search and records nothing; Enter records exactly one screening, whose id the page shows`, async () => {
  await page.goto(`${base}/#/`);
  await page.reload();
  const before = await auditCount();
  requests.length = 0;
  await page.getByLabel('name').click();
  await page.keyboard.type(QUERY, { delay: 110 });
  const preview = page.locator(`.preview-results[data-for="${QUERY}"]:not(.stale)`);
  await preview.locator('.hit').first().waitFor();
  // Past the preview's debounce: any request the last keystrokes started has been answered.
  await page.waitForTimeout(800);
  assert.match(await preview.locator('.mode').innerText(), /Preview by name only, not recorded · threshold 0\.70/u, 'the threshold comes from /algorithms');
  assert.match(await preview.locator('.hit').first().innerText(), /MINSK WHEEL TRACTOR PLANT/u);
  assert.equal(await auditCount(), before, 'typing wrote no audit record');
  assert.ok(requests.some((p) => p === '/search/default'), 'the preview came from /search');
  assert.ok(!requests.some((p) => p.startsWith('/match')), `no /match while typing: ${requests.join(' ')}`);
  await shot('screening-preview');

  await page.keyboard.press('Enter');
  const seq = await submitted();
  assert.equal(await auditCount(), before + 1, 'submitting wrote exactly one audit record');
  assert.equal(requests.filter((p) => p.startsWith('/match')).length, 1);
  const record = await lastRecord();
  assert.equal(record.seq, seq, 'the id shown is the record written');
  assert.equal(record.kind, 'screening');
  assert.match(record.actor, /^key:\d+:screening ui$/u);
  const payload = record.payload as { queries: { query: { names: string[] }; threshold: number }[] };
  assert.deepEqual(payload.queries[0]!.query.names, [QUERY]);
  assert.equal(payload.queries[0]!.threshold, 0.7);
  // Reading the page (and waiting) records nothing more.
  await page.waitForTimeout(500);
  assert.equal(await auditCount(), before + 1);
});

test(`the screening of record of "${QUERY}": OFAC's ${MZKT} first with its programme, authority and listing date, the lists screened against and the threshold`, async () => {
  const banner = await page.locator('.of-record').innerText();
  assert.match(banner, /threshold 0\.70/u);
  assert.match(banner, /Screened against: .*us_ofac_sdn version \d+ of 2022-02-25/u, 'the OFAC version of record is the later one');
  assert.match(banner, /eu_journal version \d+ of 2026-08-22/u);
  assert.match(banner, /us_trade_csl version \d+ of 2022-05-06/u);
  const first = page.locator('.hits').first().locator('.hit').first();
  assert.equal(await first.locator('.caption').getAttribute('href'), `#/entity/${MZKT}`);
  assert.match(await first.locator('.caption').innerText(), /MINSK WHEEL TRACTOR PLANT/u);
  assert.match(await first.locator('.meta').innerText(), /us_ofac_sdn · MATCH/u);
  // SDN.CSV states no listing date: the page says so, with the first version that holds the listing (not the 2022-02-24 one).
  const ofac = first.locator('.listings li[data-dataset="us_ofac_sdn"]');
  assert.equal(await ofac.count(), 1);
  assert.equal(await ofac.innerText(), 'US Treasury (OFAC) · programme BELARUS-EO14038 · listing date not given by the list; first seen in its version of 2022-02-25 · us_ofac_sdn');
  assert.match(await first.locator('.why').innerText(), /Name:/u);
  // BIS's Entity List entry (through the CSL) states when it was listed, and the country.
  const bis = page.locator('.hit', { has: page.locator('.listings li', { hasText: 'US Commerce (BIS)' }) }).first();
  const bisListing = await bis.locator('.listings li').first().innerText();
  assert.match(bisListing, /^US Commerce \(BIS\) · programme Entity List · listed 2022-04-07 · us_trade_csl$/u);
  assert.match(await bis.locator('.countries').innerText(), /Country: Belarus \(by\)/u);
  assert.ok(!(await page.locator('.score span').allInnerTexts()).includes('0.00'));
  await shot('screening-of-record-mzkt');
});

test('the export of that screening: a CSV download and a printable report, both rebuilt from the audit record, for its screener or an analyst only', async () => {
  const seq = await submitted();
  const before = await auditCount();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.equal(download.suggestedFilename(), `sanctrace-screening-${seq}.csv`);
  const saved = join(ARTIFACTS, 'screening-export.csv');
  await download.saveAs(saved);
  const rows = parse(readFileSync(saved), { columns: true }) as Record<string, string>[];
  assert.ok(rows.length >= 4, `a row per hit: ${rows.length}`);
  for (const row of rows) {
    assert.equal(row.audit_seq, String(seq));
    assert.equal(row.query_names, QUERY);
    assert.match(row.lists_screened!, /us_ofac_sdn v\d+ \(2022-02-25\)/u);
    assert.match(row.lists_screened!, /eu_journal v\d+ \(2026-08-22\)/u);
    assert.equal(row.threshold, '0.70');
    assert.ok(Number(row.score) >= 0.01, 'no 0.00 row');
  }
  const top = rows[0]!;
  assert.equal(top.rank, '1');
  assert.equal(top.entity_id, MZKT);
  assert.equal(top.entity_caption, 'MINSK WHEEL TRACTOR PLANT');
  assert.equal(top.match, 'true');
  assert.ok(Number(top.score) >= 0.7);
  assert.match(top.explanation!, /^name: /u, 'the reasons as recorded');
  assert.equal(top.record_hash, (await lastRecord()).hash);

  const [report] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Printable report' }).click()]);
  await report.waitForURL(/^blob:/u);
  await report.locator('h1').waitFor();
  assert.equal(await report.locator('h1').innerText(), `Screening of record #${seq}`);
  const text = await report.locator('body').innerText();
  assert.match(text, new RegExp(`Names\\s+${QUERY}`, 'u'));
  assert.match(text, /key:\d+:screening ui \(api\)/u);
  assert.match(text, /us_ofac_sdn\s+\d+\s+2022-02-25/u);
  assert.match(text, /Results \(threshold 0\.70\)/u);
  assert.match(text, /\d+ match(es)? at or above 0\.70/u);
  const firstRow = await report.locator('table.results tbody tr').first().innerText();
  assert.match(firstRow, /^1\s+1\.00\s+MATCH\s+MINSK WHEEL TRACTOR PLANT\s+us_ofac_sdn-34769\s+us_ofac_sdn/u);
  assert.match(firstRow, /name: /u);
  await shot('screening-report', report);
  // On paper the on-screen hint is left out.
  await report.emulateMedia({ media: 'print' });
  assert.equal(await report.locator('.screen-only').isVisible(), false);
  await report.close();
  assert.equal(await auditCount(), before, 'exporting records nothing');

  // The report is its screener's (or an analyst's): another screener and a caller without a key are refused.
  const get = (key?: string) => fetch(`${base}/audit/screenings/${seq}/report?format=csv`, key ? { headers: { authorization: `Bearer ${key}` } } : {});
  assert.equal((await get()).status, 401);
  assert.equal((await get(otherKey)).status, 403);
  assert.equal((await get(analystKey)).status, 200);
  assert.equal((await fetch(`${base}/audit/screenings/${seq + 99}/report`, { headers: { authorization: `Bearer ${analystKey}` } })).status, 404);
});

test('"George Bush" against the US lists: "No match above 0.70", the weaker hits folded behind a toggle, and no 0.00 anywhere', async () => {
  await page.goto(`${base}/#/`);
  await page.reload();
  await page.getByLabel('list').selectOption('us_');
  await page.getByLabel('name').fill('George Bush');
  await page.getByRole('button', { name: 'Screen' }).click();
  const seq = await submitted();
  const banner = await page.locator('.of-record').innerText();
  assert.match(banner, /us_ofac_sdn version \d+ of 2022-02-25/u);
  assert.doesNotMatch(banner, /eu_journal/u, 'only the US lists were screened');
  assert.equal(await page.locator('.no-match').innerText(), 'No match above 0.70');
  // The record holds candidates with no resemblance (score 0) and one just under the threshold.
  const results = (((await lastRecord()).payload as { queries: { results: { caption: string; score: number }[] }[] }).queries[0]!.results);
  assert.equal((await lastRecord()).seq, seq);
  assert.ok(results.some((r) => r.score === 0), 'the record has 0.00 candidates for the page to leave out');
  const gorge = results.find((r) => r.caption === 'GORGE LIMITED');
  assert.ok(gorge && gorge.score > 0.69 && gorge.score < 0.7, `GORGE LIMITED just under the threshold: ${gorge?.score}`);
  const weaker = results.filter((r) => r.score >= 0.01 && r.score < 0.7).length;
  assert.equal(await page.locator('.hit').count(), 0, 'weak hits are folded away');
  const toggle = page.getByRole('button', { name: /Show \d+ weaker hits/u });
  assert.equal(await toggle.innerText(), `Show ${weaker} weaker hits (under 0.70)`);
  assert.doesNotMatch(await page.locator('main').innerText(), /\b0\.00\b/u);
  await shot('screening-no-match');
  await toggle.click();
  await page.locator('.weaker-hits .hit').first().waitFor();
  assert.equal(await page.locator('.weaker-hits .hit').count(), weaker);
  const scores = await page.locator('.weaker-hits .score span').allInnerTexts();
  assert.ok(!scores.includes('0.00'), `no 0.00 score: ${scores.join(' ')}`);
  // 0.697 is cut to 0.69, never rounded up to read as the threshold.
  assert.match(await page.locator('.weaker-hits .hit', { hasText: 'GORGE LIMITED' }).locator('.score span').innerText(), /^0\.69$/u);
  assert.doesNotMatch(await page.locator('main').innerText(), /\b0\.00\b/u);
  assert.match(await page.locator('.weaker-hits .hit').first().locator('.meta').innerText(), /below threshold/u);
  await shot('screening-no-match-weaker');
});
