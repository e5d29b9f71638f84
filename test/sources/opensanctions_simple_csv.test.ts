import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readHead } from '../../src/sources/io.js';
import { opensanctionsSimpleCsvFormat, parseSanctionText, splitValues } from '../../src/sources/opensanctions_simple_csv.js';
import { ImportError } from '../../src/sources/types.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values, type ReadResult } from '../helpers/read.js';

const CSV = raw('opensanctions', 'noname_ua_war_sanctions_2026-03-13', 'targets.simple.csv');
let result: ReadResult;

before(async () => {
  result = await readAll(opensanctionsSimpleCsvFormat, [CSV]);
});

function subjects(r: ReadResult) {
  return r.entities.filter((e) => e.schema !== 'Sanction');
}

test('5,600 targets by schema, one Sanction per item of the sanctions cells, no publication date', () => {
  assert.equal(subjects(result).length, 5600);
  assert.deepEqual(countBySchema(result), { Person: 1543, Company: 1524, Vessel: 1340, LegalEntity: 1193, Sanction: 5734 });
  assert.deepEqual(result.warnings, []);
  // first_seen/last_seen are OpenSanctions crawl times, not a date the list was published.
  assert.equal(result.published, null);
});

test('MZKT: name, alias, country, address, identifier, its GUR listing', () => {
  const mzkt = result.byId.get('opensanctions-NK-WMcEpYegMKq8LVMZ2NYeVe');
  assert.equal(mzkt?.schema, 'LegalEntity');
  assert.deepEqual(values(mzkt, 'name'), ['OPEN JOINT-STOCK COMPANY MINSK WHEEL TRACTOR PLANT']);
  assert.deepEqual(values(mzkt, 'alias'), ['MZKT OJSC']);
  assert.deepEqual(values(mzkt, 'registrationNumber'), ['100534485']);
  assert.deepEqual(values(mzkt, 'country'), ['by']);
  assert.deepEqual(values(mzkt, 'address'), ['220021, Minsk, Partizansky Ave 150, room. 326 (administrative building 1)']);
  assert.deepEqual(values(mzkt, 'programId'), ['UA-WS-MILIND']);
  const [sanction, ...more] = sanctionsOf(result, mzkt!.id);
  assert.equal(more.length, 0);
  assert.deepEqual(values(sanction, 'authority'), ['Ukraine (GUR)']);
  assert.deepEqual(values(sanction, 'program'), ['UA-WS-MILIND']);
  assert.match(values(sanction, 'reason')[0], /^The company specializes in the production of heavy-duty road and off-road vehicles/u);
  assert.match(values(sanction, 'reason')[0], /State Military-Industrial Committee of the Republic of Belarus/u);
});

test('vessel: aliases, flags as countries, IMO number; an empty sanctions item is still a listing', () => {
  const rosalin = result.byId.get('opensanctions-NK-24cf2zYe7LEKhr2zFck73j');
  assert.equal(rosalin?.schema, 'Vessel');
  assert.deepEqual(values(rosalin, 'alias'), ['Ceram Sea', 'Gold Sun', 'Nurkez']);
  assert.deepEqual(values(rosalin, 'country'), ['lr', 'pa', 'sg', 'st']);
  assert.deepEqual(values(rosalin, 'imoNumber'), ['IMO9253325']);
  const [sanction] = sanctionsOf(result, rosalin!.id);
  assert.deepEqual(values(sanction, 'program'), ['UA-WS-MARE']);
  assert.deepEqual(values(sanction, 'reason'), []);
  // MMSI (nine digits) and call signs are told apart from IMO numbers by shape.
  const vessels = result.entities.filter((e) => e.schema === 'Vessel');
  assert.ok(vessels.some((v) => values(v, 'mmsi').length > 0 && values(v, 'mmsi').every((m) => /^\d{9}$/u.test(m))));
  assert.ok(vessels.every((v) => values(v, 'imoNumber').every((m) => /^IMO\d{7}$/u.test(m))));
});

test('person: original-script aliases with their language', () => {
  const ivakha = result.byId.get('opensanctions-NK-26WkuEefVYLmYk8aTHMC9E');
  assert.deepEqual(values(ivakha, 'name'), ['IVAKHA Denis Vladimirovich']);
  const aliases = ivakha!.statements.filter((s) => s.prop === 'alias').map((s) => `${s.lang}:${s.value}`);
  assert.deepEqual(aliases, ['ukr:ІВАХА Денис Володимирович', 'rus:ИВАХА Денис Владимирович']);
  const uspenskaya = result.byId.get('opensanctions-NK-29dGPcB5CxPwUQt4N3ZVEj');
  assert.deepEqual(values(uspenskaya, 'birthDate'), ['1987-09-14']);
  assert.deepEqual(values(uspenskaya, 'idNumber'), ['773006863179']);
});

test('several listings and programmes: one Sanction per item, programmes left on the entity', () => {
  // Three sanctions items, two programmes: the cell does not say which goes with which.
  const id = 'opensanctions-NK-ezhB2kirpfbv5V2Q8ny4sy';
  const sanctions = sanctionsOf(result, id);
  assert.equal(sanctions.length, 3);
  assert.ok(sanctions.every((s) => values(s, 'program').length === 0));
  assert.deepEqual(values(result.byId.get(id), 'programId'), ['UA-WS-MILIND', 'UA-WS-UAVS']);
  // A quoted alias with doubled quotes inside the `;` list.
  assert.ok(values(result.byId.get(id), 'alias').includes('JOINT-STOCK COMPANY "RESEARCH MACHINE-BUILDING INSTITUTE NAMED AFTER V.V. BAKHIREV"'));
  assert.equal(new Set(result.entities.map((e) => e.id)).size, result.entities.length);
});

test('multi-value cells and sanction texts as the exporter writes them', () => {
  assert.deepEqual(splitValues(''), []);
  assert.deepEqual(splitValues('""'), ['']);
  assert.deepEqual(splitValues('a;"b;c";"say ""x"""'), ['a', 'b;c', 'say "x"']);
  assert.deepEqual(parseSanctionText('Executive Order 14024 - Blocked - 2022-02-24'), { reason: 'Executive Order 14024 - Blocked', startDate: '2022-02-24', endDate: null });
  assert.deepEqual(parseSanctionText('from 2020 to 2024 - 7 permits'), { reason: 'from 2020 to 2024 - 7 permits', startDate: null, endDate: null });
});

test('detect: the simple CSV only', () => {
  assert.equal(opensanctionsSimpleCsvFormat.detect(['targets.simple.csv'], readHead(CSV)), true);
  for (const path of [raw('opensanctions', 'yente_fixtures', 'zala__entities.ftm.json'), raw('opensanctions', 'yente_fixtures', 'entities.delta.json')]) {
    assert.equal(opensanctionsSimpleCsvFormat.detect([], readHead(path)), false, path);
  }
});

test('malformed: missing column, a row without a name, a short row name file and line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanctrace-os-csv-'));
  const lines = readFileSync(CSV, 'utf8').split('\n');
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const noDataset = write('nodataset.csv', [lines[0].replace('"dataset"', '"source"'), ...lines.slice(1, 5)].join('\n'));
  await assert.rejects(readAll(opensanctionsSimpleCsvFormat, [noDataset]), (err: unknown) => err instanceof ImportError && err.where.line === 1 && /dataset/u.test(err.message));

  const noName = write('noname.csv', [lines[0], lines[1], lines[2].replace('"ROSALIN"', '""'), lines[3]].join('\n'));
  await assert.rejects(readAll(opensanctionsSimpleCsvFormat, [noName]), (err: unknown) => err instanceof ImportError && err.where.file === 'noname.csv' && err.where.line === 3 && err.where.field === 'name');

  const short = write('short.csv', [lines[0], lines[1], lines[2].replace(/,"Ukraine War and Sanctions".*$/u, ''), lines[3]].join('\n'));
  await assert.rejects(readAll(opensanctionsSimpleCsvFormat, [short]), (err: unknown) => err instanceof ImportError && err.where.line === 3);
});
