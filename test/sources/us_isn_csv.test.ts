import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceEntity } from '../../src/model/entity.js';
import { AUTHORITY } from '../../src/sources/authorities.js';
import { readHead } from '../../src/sources/io.js';
import { ImportError } from '../../src/sources/types.js';
import { usCslCsvFormat } from '../../src/sources/us_csl_csv.js';
import { isClearlyPerson, parseName, usIsnCsvFormat } from '../../src/sources/us_isn_csv.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values, type ReadResult } from '../helpers/read.js';

const ISN_2016 = raw('us_isn', 'ita_webservices_2016-12-02', 'isn.csv');
const ISN_2014 = raw('us_isn', 'ita_webservices_2014-10-27_legacy', 'isn.csv');
const tmp = mkdtempSync(join(tmpdir(), 'sanctrace-us-isn-'));

function byName(result: ReadResult, name: string): SourceEntity {
  const found = result.entities.filter((e) => e.schema !== 'Sanction' && values(e, 'name').includes(name));
  assert.equal(found.length, 1, name);
  return found[0];
}

test('2016: 213 rows, one Sanction each, grouped into one subject per party', async () => {
  const result = await readAll(usIsnCsvFormat, [ISN_2016]);
  assert.deepEqual(result.warnings, []);
  assert.equal(result.published, null);
  // 178 distinct names; "Kang Mun-Kil" and "Kang Mun-kil" are one party.
  assert.deepEqual(countBySchema(result), { Person: 41, LegalEntity: 136, Sanction: 213 });
  assert.ok(result.entities.filter((e) => e.schema === 'Sanction').every((e) => values(e, 'authority')[0] === AUTHORITY.US_STATE));

  // Abdul Qadeer Khan: three statutes under one notice, "Vol. 74, No. 11, 01/16/09", effective 1/9/2009.
  const khan = byName(result, 'Abdul Qadeer Khan');
  assert.equal(khan.schema, 'Person');
  assert.deepEqual(values(khan, 'country'), ['pk']);
  const listings = sanctionsOf(result, khan.id);
  assert.deepEqual(listings.map((s) => values(s, 'program')[0]).sort(), ['E.O. 13382', 'Export-Import Bank Act', 'Nuclear Proliferation Prevention Act']);
  for (const s of listings) {
    assert.deepEqual(values(s, 'startDate'), ['2009-01-09']);
    assert.deepEqual(values(s, 'listingDate'), ['2009-01-09']);
    assert.deepEqual(values(s, 'authorityId'), ['Vol. 74, No. 11, 01/16/09']);
    assert.deepEqual(values(s, 'sourceUrl'), ['http://www.state.gov/t/isn/c15231.htm']);
  }
  assert.deepEqual(values(listings.find((s) => values(s, 'program')[0] === 'E.O. 13382'), 'reason'), ['Associated with the A.Q. Khan Network']);

  // Alternative Names: aliases, and F.K.A. names as previous names.
  const citc = byName(result, 'Center for Innovation and Technology Cooperation');
  assert.equal(citc.schema, 'LegalEntity');
  assert.ok(values(citc, 'alias').includes('Technology Cooperation Office'));
  assert.ok(values(citc, 'previousName').includes('Presidency Office of Scientific and Industrial Studies (POSIS)'));
  // "Li Fangwei [also known as Karl Lee]", China, under two notices.
  const li = byName(result, 'Li Fangwei');
  assert.equal(li.schema, 'Person');
  assert.deepEqual(values(li, 'alias'), ['Karl Lee']);
  assert.deepEqual(values(li, 'country'), ['cn']);
  assert.deepEqual(sanctionsOf(result, li.id).map((s) => values(s, 'startDate')[0]).sort(), ['2015-08-28', '2016-06-28']);
});

test('2014 legacy: stray 0xFF bytes read as spaces, lifted dates, the country in brackets', async () => {
  const result = await readAll(usIsnCsvFormat, [ISN_2014]);
  // 462 rows; lines 417 and 418 are the same row.
  assert.equal(result.entities.filter((e) => e.schema === 'Sanction').length, 461);
  assert.deepEqual(result.warnings, [{ file: 'isn.csv', line: 418, message: "same programme and notice as line 417 for 'Sudan Technical Center Company (STC)'; the first is kept" }]);

  const tir = byName(result, '7th of Tir');
  assert.equal(tir.schema, 'LegalEntity');
  assert.deepEqual(values(sanctionsOf(result, tir.id)[0], 'program'), ['E.O. 13328 - Iran']);
  byName(result, 'Valfajr 8th Shipping Line Co. SSK');
  assert.ok(!result.entities.some((e) => e.statements.some((s) => s.value.includes('\u00ff'))));

  // Aerospace Logistics Services, notice "Vol. 72, No. 77, 4/23/07": INKSNA lifted 4/17/2009, ISNA not.
  const als = byName(result, 'Aerospace Logistics Services');
  const notice77 = sanctionsOf(result, als.id).filter((s) => values(s, 'authorityId')[0] === 'Vol. 72, No. 77, 4/23/07');
  assert.deepEqual(notice77.map((s) => [values(s, 'program')[0], values(s, 'startDate')[0], values(s, 'endDate')[0]]).sort(), [
    ['INKSNA', '2007-04-17', '2009-04-17'],
    ['ISNA', '2007-04-17', undefined],
  ]);
  // "Army Supply Bureau" and "Army Supply Bureau (Syria)" are one party with 7 listings.
  const asb = byName(result, 'Army Supply Bureau');
  assert.deepEqual(values(asb, 'country'), ['sy']);
  assert.equal(sanctionsOf(result, asb.id).length, 7);
  // "Karl Lee (China) [also know as: Li Fang Wei]".
  const lee = byName(result, 'Karl Lee');
  assert.equal(lee.schema, 'Person');
  assert.deepEqual(values(lee, 'alias'), ['Li Fang Wei']);
});

test('names: aliases and countries written into the name; person only on clear evidence', () => {
  assert.deepEqual(parseName('Dalian Sunny Industries (China) [also known as: LIMMT (Dalian) Metallurgy and Minerals Co.; LIMMT'), {
    name: 'Dalian Sunny Industries',
    aliases: ['LIMMT (Dalian) Metallurgy and Minerals Co.', 'LIMMT'],
    country: 'cn',
  });
  assert.deepEqual(parseName('Handasieh (aka General Organization for Engineering Industries) (Syria)'), {
    name: 'Handasieh',
    aliases: ['General Organization for Engineering Industries'],
    country: 'sy',
  });
  assert.deepEqual(parseName('150th Aircraft Repair Plant (ARZ) (Kaliningrad)'), { name: '150th Aircraft Repair Plant (ARZ) (Kaliningrad)', aliases: [], country: null });
  for (const name of ['Brigadier General Qasem Soleimani', 'KHAN, Abdul Qadeer', 'Kim Tong-myo\'ng', 'Chen Qingchang', 'Alex H.T. Tsai', 'Selim Alguadis']) assert.equal(isClearlyPerson(name), true, name);
  for (const name of ['General Department of Military Cooperation', 'Ghorb Nooh', 'Cuanta S.A.', 'Sokkia Singapore', 'GE Plan', 'Hizballah']) assert.equal(isClearlyPerson(name), false, name);
});

test('detect: both ISN layouts, and not the CSL', () => {
  for (const file of [ISN_2016, ISN_2014]) {
    assert.equal(usIsnCsvFormat.detect(['isn.csv'], readHead(file)), true, file);
    assert.equal(usCslCsvFormat.detect(['isn.csv'], readHead(file)), false, file);
  }
  const csl = raw('us_csl', 'watchman_2023-11-30', 'csl.csv');
  assert.equal(usIsnCsvFormat.detect(['csl.csv'], readHead(csl)), false);
});

test('a table without the Federal Register Notice column is an ImportError naming it', async () => {
  const path = join(tmp, 'no-notice.csv');
  const [header, ...rest] = readFileSync(ISN_2016, 'utf8').split('\n');
  writeFileSync(path, [header.replace('Federal Register Notice', 'Notice'), ...rest.slice(0, 3)].join('\n'));
  await assert.rejects(readAll(usIsnCsvFormat, [path]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.deepEqual(err.where, { file: 'no-notice.csv', line: 1, field: 'Federal Register Notice' });
    assert.match(err.message, /missing column 'Federal Register Notice'/u);
    return true;
  });
});

test('a row without a name is an ImportError with its line', async () => {
  const path = join(tmp, 'no-name.csv');
  const lines = readFileSync(ISN_2016, 'utf8').split('\n');
  lines[4] = lines[4].replace(',Abdul Qadeer Khan,', ',,');
  writeFileSync(path, lines.join('\n'));
  await assert.rejects(readAll(usIsnCsvFormat, [path]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.deepEqual(err.where, { file: 'no-name.csv', line: 5, field: 'Name' });
    return true;
  });
});
