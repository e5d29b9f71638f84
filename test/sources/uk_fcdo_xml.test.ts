// FCDO UK Sanctions List XML: four real designations of the 2026-08-14 file (transcribed) and one
// synthetic designation without UniqueID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportError } from '../../src/sources/types.js';
import { ukFcdoXmlFormat } from '../../src/sources/uk_fcdo_xml.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values } from '../helpers/read.js';

const SAMPLE = raw('uk_sanctions_list/jaggeman_2026-08-14_transcribed/uk_sample.xml');
const id = (uniqueId: string) => `gb_fcdo_sanctions-${uniqueId.toLowerCase()}`;

function tmpFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sanctrace-uk-fcdo-')), name);
  writeFileSync(path, content);
  return path;
}

test('four designations, the synthetic one without UniqueID skipped with a warning', async () => {
  const result = await readAll(ukFcdoXmlFormat, [SAMPLE]);
  assert.equal(result.published, '2026-08-14');
  assert.deepEqual(countBySchema(result), { Person: 2, Organization: 1, Vessel: 1, Sanction: 4 });
  assert.equal(result.warnings.length, 1);
  assert.equal(result.warnings[0].file, 'uk_sample.xml');
  assert.equal(result.warnings[0].field, 'UniqueID');
  assert.equal(result.warnings[0].line, 353);
  assert.ok(!result.entities.some((e) => values(e, 'name').includes('No Unique Id')));
});

test('AFG0011: placeholder DOB, spaces in the passport number, Arabic name, the listing', async () => {
  const result = await readAll(ukFcdoXmlFormat, [SAMPLE]);
  const mansur = result.byId.get(id('AFG0011'))!;
  assert.equal(mansur.schema, 'Person');
  assert.deepEqual(values(mansur, 'name'), ['ABDUL LATIF MANSUR']);
  assert.deepEqual(values(mansur, 'alias'), ['Abdul Latif MANSOOR', 'Wali MOHAMMAD', 'عبد اللطيف منصور']);
  assert.equal(mansur.statements.find((s) => s.value === 'عبد اللطيف منصور')?.lang, 'ara');
  // "dd/mm/1968" → 1968; "12/11/1967" twice → once.
  assert.deepEqual(values(mansur, 'birthDate'), ['1968', '1967-11-12']);
  assert.equal(mansur.statements.find((s) => s.value === '1968')?.original, 'dd/mm/1968');
  assert.deepEqual(values(mansur, 'passportNumber'), ['D0009720', 'D0010442']);
  assert.deepEqual(values(mansur, 'title'), ['Maulavi']);
  assert.deepEqual(values(mansur, 'nationality'), ['af']);
  assert.deepEqual(values(mansur, 'address'), ['Darul Aman, Kabul, Afghanistan']);
  const [listing] = sanctionsOf(result, mansur.id);
  assert.deepEqual(values(listing, 'authority'), ['UK']);
  assert.deepEqual(values(listing, 'program'), ['The Afghanistan (Sanctions) (EU Exit) Regulations 2020']);
  assert.deepEqual(values(listing, 'listingDate'), ['2001-01-31']);
  assert.deepEqual(values(listing, 'authorityId'), ['AFG0011', '7270']);
  assert.deepEqual(values(listing, 'unscId'), ['TAi.007']);
  assert.deepEqual(values(listing, 'provisions'), ['Asset freeze', 'Travel Ban']);
  // The empty multi-line <UKStatementofReasons> gives no reason.
  assert.deepEqual(values(listing, 'reason'), []);
});

test('AQD0128 "Primary name", AQD0377 entity, DPR0075 ship', async () => {
  const result = await readAll(ukFcdoXmlFormat, [SAMPLE]);
  const mazidih = result.byId.get(id('AQD0128'))!;
  assert.deepEqual(values(mazidih, 'name'), ['AKRAM TURKI HISHAN AL-MAZIDIH']);
  assert.deepEqual(values(mazidih, 'weakAlias'), ['Abu Akram', 'Abu Jarrah']);
  assert.deepEqual(values(mazidih, 'idNumber'), ['0075258']);
  assert.deepEqual(values(mazidih, 'birthDate'), ['1974', '1975', '1979', '1958-09', '1985']);
  assert.deepEqual(values(mazidih, 'country'), ['iq', 'sy']);

  const ktj = result.byId.get(id('AQD0377'))!;
  assert.equal(ktj.schema, 'Organization');
  assert.deepEqual(values(ktj, 'name'), ['Khatiba al-Tawhid wal-Jihad (KTJ)']);
  assert.ok(values(ktj, 'alias').includes('Jannat Oshiklari'));
  assert.equal(ktj.statements.find((s) => s.value === 'Катиба ат-Таухид валь-Джихад')?.lang, 'rus');
  assert.deepEqual(values(ktj, 'legalForm'), ['Terrorist Group']);

  const petrel = result.byId.get(id('DPR0075'))!;
  assert.equal(petrel.schema, 'Vessel');
  assert.deepEqual(values(petrel, 'name'), ['Petrel 8']);
  assert.deepEqual(values(petrel, 'imoNumber'), ['IMO9562233']);
  assert.deepEqual(values(petrel, 'flag'), ['km']);
  assert.deepEqual(values(petrel, 'pastFlags'), ['in']);
  assert.deepEqual(values(petrel, 'buildDate'), ['2011']);
  assert.ok(values(petrel, 'notes').includes('Current owner/operator: Global United Shipping India'));
  const [listing] = sanctionsOf(result, petrel.id);
  assert.deepEqual(values(listing, 'authorityId'), ['DPR0075']);
  assert.deepEqual(values(listing, 'listingDate'), ['2017-10-03']);
});

test('detect: the FCDO XML yes, other lists no', () => {
  const head = (file: string) => readFileSync(file).subarray(0, 65536);
  assert.ok(ukFcdoXmlFormat.detect(['uk_sample.xml'], head(SAMPLE)));
  assert.equal(ukFcdoXmlFormat.detect(['sample_eu.xml'], head(raw('eu_fsf/deriv_2020-04-15/sample_eu.xml'))), false);
  assert.equal(ukFcdoXmlFormat.detect(['sema-lmes.xml'], head(raw('ca_sema/kebalkhadka_2025-05-25/sema-lmes.xml'))), false);
  assert.equal(ukFcdoXmlFormat.detect(['conlist.csv'], head(raw('uk_ofsi_conlist/deriv_2020-04-27/ConList.csv'))), false);
});

test('malformed: a truncated file, an unknown designation type, another XML', async () => {
  const text = readFileSync(SAMPLE, 'utf8');
  const truncated = tmpFile('truncated.xml', text.slice(0, text.indexOf('<UniqueID>AQD0377')));
  await assert.rejects(readAll(ukFcdoXmlFormat, [truncated]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, 'truncated.xml');
    assert.ok(err.where.line! > 200, `line ${err.where.line}`);
    return true;
  });
  const badType = tmpFile('bad_type.xml', text.replace('<IndividualEntityShip>Ship</IndividualEntityShip>', '<IndividualEntityShip>Aircraft</IndividualEntityShip>'));
  await assert.rejects(readAll(ukFcdoXmlFormat, [badType]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, 'bad_type.xml');
    assert.equal(err.where.field, 'IndividualEntityShip');
    assert.match(err.message, /Aircraft/u);
    return true;
  });
  const other = tmpFile('other.xml', '<?xml version="1.0"?>\n<Other>\n<Designation><UniqueID>X1</UniqueID></Designation>\n</Other>\n');
  await assert.rejects(readAll(ukFcdoXmlFormat, [other]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.deepEqual(err.where, { file: 'other.xml', line: 3 });
    return true;
  });
  const empty = tmpFile('empty.xml', '<?xml version="1.0"?>\n<Designations dateGenerated="2026-08-14T23:00:04.744Z">\n</Designations>\n');
  await assert.rejects(readAll(ukFcdoXmlFormat, [empty]), (err: unknown) => err instanceof ImportError && err.where.file === 'empty.xml');
});
