// BIS Denied Persons List (dpl.txt), read from the real copy in shared/data/raw/bis_dpl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bisDplFormat } from '../../src/sources/bis_dpl.js';
import { caSemaXmlFormat } from '../../src/sources/ca_sema_xml.js';
import { readHead } from '../../src/sources/io.js';
import { ImportError } from '../../src/sources/types.js';
import { unScXmlFormat } from '../../src/sources/un_sc_xml.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values, type ReadResult } from '../helpers/read.js';

const DPL = raw('bis_dpl/watchman_2023-11-30/dpl.txt');
const LINES = readFileSync(DPL, 'utf8').split('\n');

let cached: ReadResult | null = null;
async function dpl(): Promise<ReadResult> {
  cached ??= await readAll(bisDplFormat, [DPL]);
  return cached;
}

function tempFile(lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bis-dpl-')), 'dpl.txt');
  writeFileSync(path, lines.join('\n'));
  return path;
}

test('665 address rows are 546 denial orders, each with one Sanction; no publication date', async () => {
  const result = await dpl();
  assert.deepEqual(countBySchema(result), { LegalEntity: 489, Company: 57, Sanction: 546 });
  assert.deepEqual(result.warnings, []);
  assert.equal(result.published, null);
  assert.equal(new Set(result.entities.map((e) => e.id)).size, result.entities.length, 'every id once');
});

test('ZIMO SHENG: two address rows, one order; MM/DD/YYYY dates, citation and standard order', async () => {
  const result = await dpl();
  const id = 'us_bis_dpl-zimo-sheng-85-fr-16054';
  const party = result.byId.get(id);
  assert.equal(party?.schema, 'LegalEntity', 'the list does not say person or company');
  assert.deepEqual(values(party, 'name'), ['ZIMO SHENG']);
  assert.deepEqual(values(party, 'address'), ['3975 N. CRAMER STREET, UNIT 204, MILWAUKEE, WI, 53211', 'JINXIUYUAN 17-403, CHANGSHU, JIANGSU, 215500, CN']);
  assert.deepEqual(values(party, 'country'), ['cn']);
  const [order] = sanctionsOf(result, id);
  assert.deepEqual(values(order, 'authority'), ['US Commerce (BIS)']);
  assert.deepEqual(values(order, 'program'), ['Denied Persons List']);
  assert.deepEqual(values(order, 'startDate'), ['2020-03-16']);
  assert.deepEqual(values(order, 'endDate'), ['2028-12-13']);
  assert.deepEqual(values(order, 'authorityId'), ['85 F.R. 16054 3/20/2020']);
  assert.deepEqual(values(order, 'provisions'), ['Standard denial order; last action: FR NOTICE ADDED']);
});

test('a renewed temporary denial order keys on its first citation; spellings of one name are one order', async () => {
  const result = await dpl();
  const airline = result.byId.get('us_bis_dpl-al-naser-airlines-80-fr-30435');
  assert.deepEqual(values(airline, 'name'), ['AL NASER AIRLINES']);
  assert.deepEqual(values(airline, 'alias'), ['AL-NASER AIRLINES'], 'rows 32-34 spell it "AL-NASER  AIRLINES"');
  assert.equal(values(airline, 'address').length, 4);
  assert.deepEqual(values(airline, 'country'), ['iq', 'ae', 'jo']);
  const [order] = sanctionsOf(result, airline!.id);
  assert.deepEqual(values(order, 'startDate'), ['2023-10-31'], 'the latest renewal');
  assert.deepEqual(values(order, 'endDate'), ['2024-10-30']);
});

test('the same name in two orders is two listings; an order without expiration has no end date', async () => {
  const result = await dpl();
  const ash = result.entities.filter((e) => e.schema !== 'Sanction' && values(e, 'name')[0] === 'I. ASH');
  assert.deepEqual(ash.map((e) => values(sanctionsOf(result, e.id)[0], 'startDate')[0]).sort(), ['2002-03-04', '2003-06-19']);
  const openEnded = LINES.slice(1).find((l) => l.split('\t')[7] === '""')!;
  const name = JSON.parse(openEnded.split('\t')[0]) as string;
  const party = result.entities.find((e) => e.schema !== 'Sanction' && values(e, 'name')[0] === name.trim());
  assert.deepEqual(values(sanctionsOf(result, party!.id)[0], 'endDate'), []);
});

test('names: nicknames and D/B/A names as aliases, legal forms make Companies', async () => {
  const result = await dpl();
  const byName = (name: string) => result.entities.find((e) => e.schema !== 'Sanction' && values(e, 'name')[0] === name);
  const elashi = byName('IHSAN MEDHAT "SAMMY" ELASHI');
  assert.deepEqual(values(elashi, 'weakAlias'), ['SAMMY']);
  assert.deepEqual(values(elashi, 'alias'), ['IHSAN MEDHAT ELASHI']);
  assert.deepEqual(values(byName('SIBERIAN AIRLINES D/B/A S7 AIRLINES'), 'alias'), ['SIBERIAN AIRLINES', 'S7 AIRLINES']);
  assert.equal(byName('WELL BEING ENTERPRISE CO., LTD.')?.schema, 'Company');
  assert.equal(byName('ANNEXFIELD, LTD.')?.schema, 'Company', 'written "ANNEXFIELD , LTD."');
  assert.equal(byName('UTAIR AVIATION JSC')?.schema, 'Company', 'written "UTAIR AVIATION JSC,"');
});

test('detect: DPL only', () => {
  assert.equal(bisDplFormat.detect(['dpl.txt'], readHead(DPL)), true);
  assert.equal(bisDplFormat.detect(['consolidated.xml'], readHead(raw('un_sc/watchman_2026-02-27/consolidated.xml'))), false);
  assert.equal(bisDplFormat.detect(['sema-lmes.xml'], readHead(raw('ca_sema/mendw_2020-04/sema-lmes.xml'))), false);
  assert.equal(unScXmlFormat.detect(['dpl.txt'], readHead(DPL)), false);
  assert.equal(caSemaXmlFormat.detect(['dpl.txt'], readHead(DPL)), false);
});

test('a missing column is an ImportError naming it', async () => {
  const header = LINES[0].split('\t').filter((c) => c !== '"FR_Citation"').join('\t');
  await assert.rejects(readAll(bisDplFormat, [tempFile([header, ...LINES.slice(1, 5)])]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, 'dpl.txt');
    assert.equal(err.where.line, 1);
    assert.equal(err.where.field, 'FR_Citation');
    return true;
  });
});

test('a row without a name, or cut short mid-file, is an ImportError with its line; a cut-off last row is a warning', async () => {
  const noName = [...LINES.slice(0, 4), LINES[4].replace(/^"[^"]*"/u, '""'), ...LINES.slice(5, 8)];
  await assert.rejects(readAll(bisDplFormat, [tempFile(noName)]), (err: unknown) => err instanceof ImportError && err.where.line === 5 && err.where.field === 'Name');
  const short = [...LINES.slice(0, 4), LINES[4].split('\t').slice(0, 5).join('\t'), ...LINES.slice(5, 8)];
  await assert.rejects(readAll(bisDplFormat, [tempFile(short)]), (err: unknown) => err instanceof ImportError && err.where.line === 5);
  const cutOff = [...LINES.slice(0, 6), LINES[6].split('\t').slice(0, 5).join('\t')];
  const result = await readAll(bisDplFormat, [tempFile(cutOff)]);
  assert.equal(countBySchema(result).Sanction, 5);
  assert.equal(result.warnings.length, 1);
  assert.equal(result.warnings[0].line, 7);
});
