// OFSI Consolidated List CSV: the complete 2016 and 2020 files (pre-2022 layout, Windows-1252)
// and the hand-made 2022-layout sample.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvRows } from '../../src/sources/io.js';
import { ImportError } from '../../src/sources/types.js';
import { ukOfsiCsvFormat } from '../../src/sources/uk_ofsi_csv.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values, type ReadResult } from '../helpers/read.js';

const CONLIST_2020 = raw('uk_ofsi_conlist/deriv_2020-04-27/ConList.csv');
const CONLIST_2016 = raw('uk_ofsi/albertodiaz_2016-03-23/ConList.csv');
const SAMPLE_2022 = raw('uk_ofsi_conlist/deriv_2022format_sample/sample_hmt.csv');
const DATASET = 'gb_hmt_ofsi';

const head = (file: string) => readFileSync(file).subarray(0, 65536);
const party = (result: ReadResult, groupId: string) => result.byId.get(`${DATASET}-${groupId}`);

/** Data rows (after the Last Updated line and the header) and Group IDs, counted straight from the file. */
async function fileCounts(file: string): Promise<{ rows: number; groups: number }> {
  const groups = new Set<string>();
  let rows = 0;
  for await (const { fields } of csvRows(file, { encoding: 'win1252', skipLines: 2 })) {
    rows++;
    groups.add(fields[fields.length - 1]);
  }
  return { rows, groups: groups.size };
}

let conlist2020: ReadResult;

before(async () => {
  conlist2020 = await readAll(ukOfsiCsvFormat, [CONLIST_2020]);
});

function tmpFile(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sanctrace-uk-csv-')), name);
  writeFileSync(path, content);
  return path;
}

test('2020 ConList.csv: one party per Group ID, by group type, published 2020-04-27', async () => {
  assert.deepEqual(await fileCounts(CONLIST_2020), { rows: 9492, groups: 2114 });
  const result = conlist2020;
  assert.equal(result.published, '2020-04-27');
  const counts = countBySchema(result);
  assert.equal(counts.Person, 1523);
  assert.equal(counts.Organization, 591);
  assert.equal(counts.Person + counts.Organization, 2114);
  // Seven groups are listed under two or three regimes: one Sanction each.
  assert.equal(counts.Sanction, 2123);
  assert.deepEqual(result.warnings, []);

  // Group 9062: rows spread over the file, "Prime Alias" is the main name, three regimes.
  const soleimani = party(result, '9062')!;
  assert.deepEqual(values(soleimani, 'name'), ['Qasem SOLEIMANI']);
  assert.ok(values(soleimani, 'alias').includes('Qasim SOLEIMANY'));
  assert.deepEqual(values(soleimani, 'birthDate'), ['1957-03-11']);
  assert.deepEqual(values(soleimani, 'title'), ['Major General']);
  const listings = sanctionsOf(result, soleimani.id);
  assert.deepEqual(values(listings[0], 'authority'), ['UK']);
  const byProgram = new Map(listings.map((s) => [values(s, 'program')[0], values(s, 'listingDate')[0]]));
  assert.deepEqual(Object.fromEntries(byProgram), {
    'Terrorism and Terrorist Financing': '2011-10-17',
    'Iran (nuclear proliferation)': '2007-03-24',
    Syria: '2011-06-24',
  });
  assert.deepEqual(values(listings[0], 'authorityId'), ['9062']);
  assert.deepEqual(values(listings[0], 'unscId'), ['IRi.039']);

  // Group 13349: DOB "00/00/1980" and "00/00/1981" are years; "1) Saudi Arabia 2) Qatar".
  const hababi = party(result, '13349')!;
  assert.deepEqual(values(hababi, 'name'), ['Nayef Salam Muhammad Ujaym AL-HABABI']);
  assert.deepEqual(values(hababi, 'birthDate').sort(), ['1980', '1981']);
  assert.equal(hababi.statements.find((s) => s.prop === 'birthDate' && s.value === '1980')?.original, '00/00/1980');
  assert.deepEqual(values(hababi, 'nationality'), ['sa', 'qa']);
  const hababiListing = sanctionsOf(result, hababi.id)[0];
  assert.deepEqual(values(hababiListing, 'unscId'), ['QDe.004']);
  // Before 2022 the free-text Other Information is the only reason given.
  assert.deepEqual(values(hababiListing, 'reason'), [
    'UN Ref QDe.004. Emir for the eastern zone of Afghanistan. Has led an Al-Qaida battalion in Afghanistan since at least mid-2010.',
  ]);
});

test('2020 ConList.csv: Windows-1252 letters decode (é, É, curly quotes)', () => {
  const result = conlist2020;
  const ngendakumana = party(result, '13284')!;
  assert.deepEqual(values(ngendakumana, 'name'), ['Léonard NGENDAKUMANA']);
  assert.ok(values(ngendakumana, 'position').includes('Former ‘Chargé de Missions de la Présidence’ and former army general.'));
  assert.ok(values(party(result, '6963'), 'alias').includes('GROUPE ISLAMIQUE ARMÉ'));
  assert.equal(party(result, '6963')!.schema, 'Organization');
});

test('2016 ConList.csv: 1,924 groups, published 2016-03-23', async () => {
  assert.deepEqual(await fileCounts(CONLIST_2016), { rows: 8746, groups: 1924 });
  const result = await readAll(ukOfsiCsvFormat, [CONLIST_2016]);
  assert.equal(result.published, '2016-03-23');
  const counts = countBySchema(result);
  assert.equal(counts.Person, 1269);
  assert.equal(counts.Organization, 655);
  // The same party keeps the same id across versions of the list.
  assert.deepEqual(values(party(result, '13284'), 'name'), ['Léonard NGENDAKUMANA']);
  assert.deepEqual(values(party(result, '13284'), 'birthDate'), ['1968-11-24']);
});

test('2022-layout sample: non-Latin names with their language, partial DOBs, NI Details header', async () => {
  const result = await readAll(ukOfsiCsvFormat, [SAMPLE_2022]);
  assert.equal(result.published, '2020-04-27');
  assert.deepEqual(countBySchema(result), { Person: 6, Sanction: 6 });
  const hojati = party(result, '9053')!;
  const persian = hojati.statements.find((s) => s.value === 'محسن حجتی');
  assert.equal(persian?.lang, 'fas');
  assert.equal(persian?.prop, 'name');
  const plotnitskii = result.entities.find((e) => values(e, 'alias').includes('Игорь Венедиктович ПЛОТНИЦКИЙ'));
  assert.equal(plotnitskii?.statements.find((s) => s.value === 'Игорь Венедиктович ПЛОТНИЦКИЙ')?.lang, 'rus');
  // HUBARIEVA: 05/07/1983, 10/00/1983 (month unknown → year), 00/04/1984 (day unknown).
  assert.deepEqual(values(party(result, '13063'), 'birthDate'), ['1983-07-05', '1983', '1984-04']);
  // SAEED: "(UK Sanctions List Ref):AQD0183 (UN Ref):QDi.263. …" in Other Information.
  const saeed = party(result, '9215')!;
  assert.deepEqual(values(saeed, 'idNumber'), ['3520025509842-7 (Pakistani)']);
  const listing = sanctionsOf(result, saeed.id)[0];
  assert.deepEqual(values(listing, 'authorityId'), ['9215', 'AQD0183']);
  assert.deepEqual(values(listing, 'unscId'), ['QDi.263']);
  assert.deepEqual(values(listing, 'program'), ["ISIL (Da'esh) and Al-Qaida"]);

  // The sample's header says "NI Details" where OFSI's says "National Identification Details".
  const withDetails = readFileSync(SAMPLE_2022, 'utf8').replace('3520025509842-7 (Pakistani),,', '3520025509842-7 (Pakistani),Issued in Lahore,');
  const detailed = await readAll(ukOfsiCsvFormat, [tmpFile('details.csv', withDetails)]);
  assert.ok(values(party(detailed, '9215'), 'notes').includes('National Identification Details: Issued in Lahore'));
});

test('detect: ConList CSVs yes, other lists no', () => {
  for (const file of [CONLIST_2016, CONLIST_2020, SAMPLE_2022]) assert.ok(ukOfsiCsvFormat.detect(['conlist.csv'], head(file)), file);
  const others = [
    raw('uk_sanctions_list_derived/covyr_2026-05/subjects.csv'),
    raw('uk_sanctions_list/jaggeman_2026-08-14_transcribed/uk_sample.xml'),
    raw('uk_ofsi_conlist/malverde_2025-04-14/ConList.xlsx'),
    raw('us_csl/watchman_2023-11-30/csl.csv'),
  ];
  for (const file of others) assert.equal(ukOfsiCsvFormat.detect(['x.csv'], head(file)), false, file);
});

test('malformed: a missing Group ID column, a row without Group ID, a row without a name', async () => {
  const text = readFileSync(SAMPLE_2022, 'utf8');
  const noGroupColumn = tmpFile('no_group.csv', text.replace(',Group ID', ',Group'));
  await assert.rejects(readAll(ukOfsiCsvFormat, [noGroupColumn]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.match(err.message, /no_group\.csv:2 \[Group ID\]: .*missing column\(s\) Group ID/u);
    return true;
  });
  const lines = text.split('\n');
  lines[3] = lines[3].replace(/,13063\s*$/u, ',');
  await assert.rejects(readAll(ukOfsiCsvFormat, [tmpFile('no_id.csv', lines.join('\n'))]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.deepEqual(err.where, { file: 'no_id.csv', line: 4, field: 'Group ID' });
    return true;
  });
  const unnamed = text.split('\n');
  unnamed[2] = unnamed[2].replace(/^HOJATI,Mohsen,/u, ',,');
  await assert.rejects(readAll(ukOfsiCsvFormat, [tmpFile('no_name.csv', unnamed.join('\n'))]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.deepEqual(err.where, { file: 'no_name.csv', line: 3, field: 'Name 6' });
    return true;
  });
});

test('a cut-off last row is reported, the rows before it kept', async () => {
  const text = readFileSync(SAMPLE_2022, 'utf8');
  const cut = tmpFile('cut.csv', text.slice(0, text.lastIndexOf('"Sargodha') + 5));
  const result = await readAll(ukOfsiCsvFormat, [cut]);
  assert.equal(result.warnings.length, 1);
  assert.equal(result.warnings[0].file, 'cut.csv');
  assert.equal(countBySchema(result).Person, 5);
});
