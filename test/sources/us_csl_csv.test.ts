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
import { raw } from '../helpers/paths.js';
import { readAll, sanctionsOf, values, type ReadResult } from '../helpers/read.js';

const CSL_2022 = raw('us_csl', 'watchman_2022-05-06', 'consolidated.csv.gz');
const CSL_2023 = raw('us_csl', 'watchman_2023-11-30', 'csl.csv');
const CSL_2019 = raw('us_csl', 'watchman_2019-12-03', 'csl.csv');
const CSL_2025 = raw('us_csl', 'watchman_cslustest_sample_2025-06-25_consolidated.csv');
const tmp = mkdtempSync(join(tmpdir(), 'sanctrace-us-csl-'));

// The 2022 file takes a few seconds; every test that needs it shares one read.
let read2022: Promise<ReadResult> | null = null;
const result2022 = () => (read2022 ??= readAll(usCslCsvFormat, [CSL_2022]));

function byName(result: ReadResult, name: string): SourceEntity[] {
  return result.entities.filter((e) => e.schema !== 'Sanction' && values(e, 'name').includes(name));
}

/** Sanctions per list label (the first programme of each Sanction). */
function sanctionsByList(result: ReadResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of result.entities) {
    if (e.schema !== 'Sanction') continue;
    const list = values(e, 'program')[0];
    counts[list] = (counts[list] ?? 0) + 1;
  }
  return counts;
}

test('2022: one Sanction per listing of each CSL source list, one subject per party', async () => {
  const result = await result2022();
  // Rows per source in the file: SDN 10,026; EL 2,001; DTC 727; DPL 462; SSI 290; UVL 201; ISN 163;
  // PLC 78; MEU 71; CMIC 68; CAP 53; NS-MBS 17; FSE 3 (14,160). Rows that only add another
  // address to the same listing (same list, name, notice and date) are one Sanction: 13 on the
  // Entity List, 9 on the DPL (one row per address of a denial order). CAP lists OFAC uid 15268
  // twice (warned below).
  assert.deepEqual(sanctionsByList(result), {
    SDN: 10026,
    'Entity List': 1988,
    DTC: 727,
    DPL: 453,
    SSI: 290,
    UVL: 201,
    ISN: 163,
    PLC: 78,
    MEU: 71,
    CMIC: 68,
    CAP: 52,
    'NS-MBS': 17,
    FSE: 3,
  });
  const authorities: Record<string, number> = {};
  for (const e of result.entities.filter((x) => x.schema === 'Sanction')) authorities[values(e, 'authority')[0]] = (authorities[values(e, 'authority')[0]] ?? 0) + 1;
  assert.deepEqual(authorities, {
    [AUTHORITY.OFAC]: 10026 + 290 + 78 + 68 + 52 + 17 + 3,
    [AUTHORITY.US_COMMERCE]: 1988 + 453 + 201 + 71,
    [AUTHORITY.US_STATE]: 727 + 163,
  });
  // Vessels and aircraft are all SDN rows of type Vessel (433) and Aircraft (283).
  assert.equal(result.entities.filter((e) => e.schema === 'Vessel').length, 433);
  assert.equal(result.entities.filter((e) => e.schema === 'Airplane').length, 283);
  assert.equal(new Set(result.entities.map((e) => e.id)).size, result.entities.length);
  assert.equal(result.published, null);
  assert.deepEqual(result.warnings, [{ file: 'consolidated.csv.gz', line: 1980, message: 'ofac-15268 listed again on CAP (first on line 1979); the first row is kept' }]);
});

test('2022: MZKT is on the SDN list (OFAC) and on the Entity List (BIS), as two listings', async () => {
  const result = await result2022();
  const sdn = result.byId.get('us_trade_csl-ofac-34769');
  assert.equal(sdn?.schema, 'Organization');
  assert.deepEqual(values(sdn, 'name'), ['MINSK WHEEL TRACTOR PLANT']);
  assert.ok(values(sdn, 'alias').includes('MINSK WHEELED TRACTOR PLANT'));
  assert.ok(values(sdn, 'alias').includes('OJSC MZKT'));
  assert.deepEqual(values(sdn, 'address'), ['Partizanski ave 150, 220021, BY']);
  // ids: "BY, 100534485, Registration Number; State-Owned Enterprise, Target Type".
  assert.deepEqual(values(sdn, 'registrationNumber'), ['100534485']);
  assert.deepEqual(values(sdn, 'jurisdiction'), ['by']);
  assert.ok(values(sdn, 'notes').includes('Target Type: State-Owned Enterprise'));
  const [sdnListing] = sanctionsOf(result, sdn!.id);
  assert.deepEqual(values(sdnListing, 'authority'), [AUTHORITY.OFAC]);
  assert.deepEqual(values(sdnListing, 'program'), ['SDN', 'BELARUS-EO14038']);
  assert.deepEqual(values(sdnListing, 'authorityId'), ['34769']);

  const [el] = byName(result, 'Minsk Wheeled Tractor Plant');
  assert.equal(el.schema, 'LegalEntity');
  assert.deepEqual(values(el, 'alias'), ['MZKT', 'Production Republican Unitary Enterprise Minsk Wheeled Tractor Plant']);
  assert.deepEqual(values(el, 'country'), ['by']);
  const elListings = sanctionsOf(result, el.id);
  assert.equal(elListings.length, 1);
  assert.deepEqual(values(elListings[0], 'authority'), [AUTHORITY.US_COMMERCE]);
  assert.deepEqual(values(elListings[0], 'program'), ['Entity List']);
  assert.deepEqual(values(elListings[0], 'listingDate'), ['2022-04-07']);
  assert.deepEqual(values(elListings[0], 'authorityId'), ['87 FR 20299']);
  assert.match(values(elListings[0], 'reason')[0], /^For all items subject to the EAR\..*Policy of denial\.$/u);
});

test('2022: persons, identifiers in the older "COUNTRY, NUMBER, TYPE" order, and Linked To links', async () => {
  const result = await result2022();
  // 9935: ids "CA, BC166787, Passport"; dates_of_birth 1962-08-06; nationalities "CA; SD".
  const person = result.byId.get('us_trade_csl-ofac-9935');
  assert.equal(person?.schema, 'Person');
  assert.deepEqual(values(person, 'passportNumber'), ['BC166787']);
  assert.ok(values(person, 'country').includes('ca'));
  assert.deepEqual(values(person, 'birthDate'), ['1962-08-06']);
  assert.deepEqual(values(person, 'nationality'), ['ca', 'sd']);
  assert.ok(values(person, 'birthPlace').includes('Al-Bawgah, Sudan'));
  // 24904: "Male, Gender".
  assert.deepEqual(values(result.byId.get('us_trade_csl-ofac-24904'), 'gender'), ['male']);

  // Vessel AAJ (25277): "(Linked To: ISLAMIC REPUBLIC OF IRAN SHIPPING LINES)", which is SDN 25396.
  const vessel = result.byId.get('us_trade_csl-ofac-25277');
  assert.equal(vessel?.schema, 'Vessel');
  assert.deepEqual(values(vessel, 'type'), ['Crew/Supply Vessel']);
  assert.deepEqual(values(vessel, 'flag'), ['ir']);
  const links = result.entities.filter((e) => e.schema === 'UnknownLink' && values(e, 'subject').includes(vessel!.id));
  assert.equal(links.length, 1);
  assert.deepEqual(values(links[0], 'object'), ['us_trade_csl-ofac-25396']);
  assert.deepEqual(values(result.byId.get('us_trade_csl-ofac-25396'), 'name'), ['ISLAMIC REPUBLIC OF IRAN SHIPPING LINES']);
});

test('2023: the repeated header and the cut-off last row are warned; the 4,226 complete rows import', async () => {
  const result = await readAll(usCslCsvFormat, [CSL_2023]);
  assert.deepEqual(result.warnings, [
    { file: 'csl.csv', line: 2, message: 'header line repeated (first on line 1); skipped' },
    { file: 'csl.csv', line: 4233, message: 'file ends inside a quoted field (cut-off download); the partial last row is skipped' },
  ]);
  const lists = sanctionsByList(result);
  // Complete rows: SDN 1,737 (the cut-off row is an SDN one); EL 919 and DPL 577, of which 1 and 9
  // rows add an address to a listing already read.
  assert.deepEqual(lists, { SDN: 1737, 'Entity List': 918, DPL: 568, SSI: 288, UVL: 186, ISN: 144, DTC: 142, PLC: 78, MEU: 71, CMIC: 68, 'NS-MBS': 14, FSE: 1, CAP: 1 });
  assert.equal(Object.values(lists).reduce((a, b) => a + b) + 1 + 9, 4226);
  // The last complete row (line 4232) is in, the cut-off one (BERMUDEZ SUAZA, SDN 11476) is not.
  assert.equal(byName(result, 'Kue Sang Chun').length, 1);
  assert.equal(result.byId.get('us_trade_csl-ofac-11476'), undefined);

  // Newer "TYPE, NUMBER, COUNTRY" ids: "Unified Social Credit Code (USCC), 9111000071093019X7, CN".
  const telecom = result.byId.get('us_trade_csl-ofac-30882');
  assert.deepEqual(values(telecom, 'registrationNumber'), ['9111000071093019X7']);
  assert.deepEqual(values(telecom, 'jurisdiction'), ['cn']);
  assert.deepEqual(values(sanctionsOf(result, telecom!.id)[0], 'program'), ['CMIC', 'CMIC-EO13959']);
  // ISN names end with a legal clause, kept in notes.
  const [sinobright] = byName(result, 'Sinobright Import and Export Company');
  assert.deepEqual(values(sinobright, 'notes'), ['and any successor, sub-unit, or subsidiary thereof']);
  const [isn] = sanctionsOf(result, sinobright.id);
  assert.deepEqual(values(isn, 'authority'), [AUTHORITY.US_STATE]);
  assert.deepEqual(values(isn, 'program'), ['ISN', 'INKSNA']);
  assert.deepEqual(values(isn, 'startDate'), ['2023-07-19']);
  assert.deepEqual(values(isn, 'authorityId'), ['Vol. 88, No. 151, 08/08/2023']);
});

test('ids are stable across versions although trade.gov _id values are not', async () => {
  const r2023 = await readAll(usCslCsvFormat, [CSL_2023]);
  const r2025 = await readAll(usCslCsvFormat, [CSL_2025]);
  // DTC "Cesareo Estanislao Benitez" has _id e0621257… in 2023 and 34d66113… in 2025.
  const [dtc2023] = byName(r2023, 'Cesareo Estanislao Benitez');
  const [dtc2025] = byName(r2025, 'Cesareo Estanislao Benitez');
  assert.equal(dtc2023.id, dtc2025.id);
  // SSI "SME BANK" is OFAC uid 18283 in both.
  assert.ok(r2023.byId.has('us_trade_csl-ofac-18283') && r2025.byId.has('us_trade_csl-ofac-18283'));
  assert.equal(Object.values(sanctionsByList(r2025)).reduce((a, b) => a + b), 13);
});

test('2019 layout without _id: 115 rows by header name', async () => {
  const result = await readAll(usCslCsvFormat, [CSL_2019]);
  assert.deepEqual(result.warnings, []);
  // Rows: SDN 28, SSI 26, EL 22, PLC 13, DTC 10, DPL 8, UVL 4, ISN 3, CAP 1. The two DPL rows of
  // AL NASER WINGS AIRLINES are one denial order at two addresses.
  assert.deepEqual(sanctionsByList(result), { SDN: 28, SSI: 26, 'Entity List': 22, PLC: 13, DTC: 10, DPL: 7, UVL: 4, ISN: 3, CAP: 1 });
  // "US, 80-0890696, Tax ID No."
  const psa = result.byId.get('us_trade_csl-ofac-20264');
  assert.deepEqual(values(psa, 'name'), ['200G PSA HOLDINGS LLC']);
  assert.deepEqual(values(psa, 'taxNumber'), ['80-0890696']);
  const [isn] = byName(result, '183rd Guard Air Defense Missile Regiment');
  assert.deepEqual(values(sanctionsOf(result, isn.id)[0], 'listingDate'), ['2018-04-30']);
});

test('detect: the CSL files, gzip or not, and no other format', () => {
  for (const file of [CSL_2022, CSL_2023, CSL_2019, CSL_2025]) assert.equal(usCslCsvFormat.detect(['csl.csv'], readHead(file)), true, file);
  const isn = raw('us_isn', 'ita_webservices_2016-12-02', 'isn.csv');
  const sdn = raw('ofac_sdn', 'jackdwyer_2022-02-24', 'sdn.csv');
  for (const file of [isn, sdn]) assert.equal(usCslCsvFormat.detect(['x.csv'], readHead(file)), false, file);
});

test('a CSV with other columns is an ImportError naming the missing column', async () => {
  const path = join(tmp, 'renamed.csv');
  const [header, ...rest] = readFileSync(CSL_2019, 'utf8').split('\n');
  writeFileSync(path, [header.replace(',name,', ',full_name,'), ...rest.slice(0, 5)].join('\n'));
  await assert.rejects(readAll(usCslCsvFormat, [path]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.deepEqual(err.where, { file: 'renamed.csv', line: 1, field: 'name' });
    assert.match(err.message, /missing column 'name'/u);
    return true;
  });
});

test('a short row before the end is an ImportError with its line', async () => {
  const path = join(tmp, 'short-row.csv');
  const lines = readFileSync(CSL_2019, 'utf8').split('\n');
  // Line 4 loses its last fields; only a short LAST row counts as a cut-off download.
  lines[3] = lines[3].split(',').slice(0, 10).join(',');
  writeFileSync(path, lines.join('\n'));
  await assert.rejects(readAll(usCslCsvFormat, [path]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.deepEqual(err.where, { file: 'short-row.csv', line: 4 });
    return true;
  });
});
