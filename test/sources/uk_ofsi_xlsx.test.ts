// OFSI Consolidated List workbooks of 2025-04-10 and 2025-04-14 (2022 layout, complete), read
// through exceljs's streaming reader.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceEntity } from '../../src/model/entity.js';
import { ImportError } from '../../src/sources/types.js';
import { firstSheetRows, ukOfsiXlsxFormat } from '../../src/sources/uk_ofsi_xlsx.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values, type ReadResult } from '../helpers/read.js';

const APRIL_10 = raw('uk_ofsi_conlist/nadyasoto_2025-04-10/UK_Sanctions_List.xlsx');
const APRIL_14 = raw('uk_ofsi_conlist/malverde_2025-04-14/ConList.xlsx');
const DATASET = 'gb_hmt_ofsi';

const head = (file: string) => readFileSync(file).subarray(0, 65536);
const party = (result: ReadResult, groupId: string) => result.byId.get(`${DATASET}-${groupId}`);
const parties = (result: ReadResult) => result.entities.filter((e) => ['Person', 'Organization', 'Vessel'].includes(e.schema));

let april10: ReadResult;
let april14: ReadResult;

before(async () => {
  [april10, april14] = await Promise.all([readAll(ukOfsiXlsxFormat, [APRIL_10]), readAll(ukOfsiXlsxFormat, [APRIL_14])]);
});

test('sheet rows: 18,796 data rows by group type in the 2025-04-10 workbook', async () => {
  const byType: Record<string, number> = {};
  let header: (string | null)[] = [];
  for await (const { cells, line } of firstSheetRows(APRIL_10)) {
    if (line === 1) assert.deepEqual(cells, ['Last Updated', '10/04/2025']);
    if (line === 2) header = cells;
    if (line <= 2) continue;
    const type = cells[header.indexOf('Group Type')]!;
    byType[type] = (byType[type] ?? 0) + 1;
  }
  assert.equal(header.length, 36);
  assert.equal(header[header.length - 1], 'Group ID');
  assert.deepEqual(byType, { Individual: 13691, Entity: 5024, Ship: 81 });
});

test('2025-04-10: 4,686 groups by type, published 2025-04-10', () => {
  assert.equal(april10.published, '2025-04-10');
  const counts = countBySchema(april10);
  assert.equal(counts.Person, 3662);
  assert.equal(counts.Organization, 1009);
  assert.equal(counts.Vessel, 15);
  assert.equal(parties(april10).length, 4686);
  assert.deepEqual(april10.warnings, []);
});

function assertMzkt(result: ReadResult): void {
  const mzkt = party(result, '14044')!;
  assert.equal(mzkt.schema, 'Organization');
  assert.deepEqual(values(mzkt, 'name'), ['MZKT (MINSK WHEEL TRACTOR PLANT)']);
  assert.deepEqual(values(mzkt, 'alias'), ['VOLAT (GIANT)']);
  assert.deepEqual(values(mzkt, 'address'), ['150 Partizanski Avenue, Minsk, Belarus']);
  assert.deepEqual(values(mzkt, 'country'), ['by']);
  assert.deepEqual(values(mzkt, 'email'), ['link@mzkt.by']);
  assert.deepEqual(values(mzkt, 'website'), ['www.mzkt.by', 'www.voltadefence.com']);
  assert.deepEqual(values(mzkt, 'legalForm'), ['State-Owned Enterprise']);
  const [listing, ...more] = sanctionsOf(result, mzkt.id);
  assert.equal(more.length, 0);
  assert.deepEqual(values(listing, 'authority'), ['UK']);
  assert.deepEqual(values(listing, 'program'), ['Belarus']);
  assert.deepEqual(values(listing, 'listingDate'), ['2020-12-18']);
  assert.deepEqual(values(listing, 'startDate'), ['2020-12-31']);
  assert.deepEqual(values(listing, 'authorityId'), ['14044', 'BEL0066']);
  assert.match(values(listing, 'reason')[0], /^The Minsk Wheel Tractor Plant \(MZKT\) is a key part of the Belarusian State Authority/u);
}

test('MZKT, group 14044, in both workbooks', () => {
  assertMzkt(april10);
  assertMzkt(april14);
});

test('non-Latin names arrive whole: no broken characters, e.g. Кузьмин and Карпянкоў', () => {
  for (const result of [april10, april14]) {
    const names = result.entities.flatMap((e) => e.statements.map((st) => st.value));
    assert.equal(names.filter((v) => v.includes('\ufffd')).length, 0, 'no U+FFFD replacement characters');
    assert.ok(names.some((v) => v.includes('Кузьмин')));
    assert.ok(names.some((v) => v.includes('Карпянкоў')));
  }
});

test('non-Latin names keep the language the list gives them', () => {
  const ananenko = party(april10, '16738')!;
  const byValue = (value: string) => ananenko.statements.find((s) => s.value === value);
  // "Primary name" row: Russian; "Primary name variation" row: labelled Belarusian.
  assert.deepEqual([byValue('Андрей Валерьевич АНАНЕНКО')?.prop, byValue('Андрей Валерьевич АНАНЕНКО')?.lang], ['name', 'rus']);
  assert.deepEqual([byValue('Андрій Валерійович АНАНЕНКA')?.prop, byValue('Андрій Валерійович АНАНЕНКA')?.lang], ['alias', 'bel']);
  assert.equal(values(ananenko, 'name')[0], 'AndreI Valerievich ANANENKO');
  assert.deepEqual(values(ananenko, 'birthDate'), ['1977-10-13']);
  assert.deepEqual(values(ananenko, 'gender'), ['male']);
});

test('a ship, its owner linked by name, and a group without a "Primary name" row', () => {
  const samJong = party(april10, '13651')!;
  assert.equal(samJong.schema, 'Vessel');
  assert.deepEqual(values(samJong, 'name'), ['SAM JONG 2']);
  // "(IMO number):7408873" in Other Information.
  assert.deepEqual(values(samJong, 'imoNumber'), ['IMO7408873']);
  assert.deepEqual(values(samJong, 'flag'), ['kp']);
  assert.deepEqual(values(samJong, 'buildDate'), ['1975']);
  const owner = april10.entities.find((e: SourceEntity) => e.schema === 'Ownership' && values(e, 'asset').includes(samJong.id));
  assert.deepEqual(values(april10.byId.get(values(owner, 'owner')[0]), 'name'), ['KOREA SAMJONG SHIPPING']);
  // Group 16601 has only "Primary name variation" rows: the first becomes the name.
  assert.deepEqual(values(party(april10, '16601'), 'name'), ['33RD SCIENTIFIC RESEARCH AND TESTING INSTITUTE']);
});

test('2025-04-14: published 2025-04-14, two groups more than four days before', () => {
  assert.equal(april14.published, '2025-04-14');
  assert.equal(parties(april14).length, 4688);
  const before = new Set(parties(april10).map((e) => e.id));
  const added = parties(april14).filter((e) => !before.has(e.id));
  assert.equal(added.length, 2);
  assert.equal(parties(april10).filter((e) => !april14.byId.has(e.id)).length, 0);
});

test('detect: the OFSI workbooks yes, another workbook and other lists no', () => {
  assert.ok(ukOfsiXlsxFormat.detect(['uk_sanctions_list.xlsx'], head(APRIL_10)));
  assert.ok(ukOfsiXlsxFormat.detect(['conlist.xlsx'], head(APRIL_14)));
  const codeTable = raw('eu_fsf/simonabisiani_2022-09_docs/Abbreviation_FSD_extract_program.xlsx');
  assert.equal(ukOfsiXlsxFormat.detect(['abbreviation_fsd_extract_program.xlsx'], head(codeTable)), false);
  assert.equal(ukOfsiXlsxFormat.detect(['conlist.csv'], head(raw('uk_ofsi_conlist/deriv_2020-04-27/ConList.csv'))), false);
});

test('malformed: a truncated workbook and a corrupted sheet name the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanctrace-uk-xlsx-'));
  const bytes = readFileSync(APRIL_10);
  const truncated = join(dir, 'truncated.xlsx');
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await assert.rejects(readAll(ukOfsiXlsxFormat, [truncated]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, 'truncated.xlsx');
    assert.match(err.message, /truncated/u);
    return true;
  });
  // Same size, but garbage in the middle of the compressed sheet.
  const corrupted = join(dir, 'corrupted.xlsx');
  const damaged = Buffer.from(bytes);
  damaged.fill(0x55, 200_000, 220_000);
  writeFileSync(corrupted, damaged);
  await assert.rejects(readAll(ukOfsiXlsxFormat, [corrupted]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, 'corrupted.xlsx');
    return true;
  });
});

test('a workbook over the size limit is refused before it is read, naming the file and the CSV form (issue 14, row 11)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanctrace-xlsx-big-'));
  const big = join(dir, 'ConList.xlsx');
  // The real workbook with padding after it: still a workbook to detect(), 7 MB on disk.
  writeFileSync(big, Buffer.concat([readFileSync(APRIL_14), Buffer.alloc(7 * 1024 * 1024 - readFileSync(APRIL_14).length)]));
  const rss = process.memoryUsage().rss;
  await assert.rejects(readAll(ukOfsiXlsxFormat, [big]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, 'ConList.xlsx');
    assert.match(err.message, /workbook of 7\.0 MB, over the 6 MB .* ConList\.csv/u);
    return true;
  });
  assert.ok(process.memoryUsage().rss - rss < 200 * 1024 * 1024, 'refused without reading the workbook');
});
