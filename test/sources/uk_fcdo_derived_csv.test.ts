// covyr's normalised tables of the FCDO UK Sanctions List (not official; data to 2026-04-29).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportError } from '../../src/sources/types.js';
import { ukFcdoDerivedCsvFormat } from '../../src/sources/uk_fcdo_derived_csv.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values } from '../helpers/read.js';

const DIR = raw('uk_sanctions_list_derived/covyr_2026-05');
const id = (uniqueId: string) => `gb_fcdo_derived-${uniqueId.toLowerCase()}`;

test('6,046 subjects by type; MZKT BEL0066 and AFG0011', async () => {
  const result = await readAll(ukFcdoDerivedCsvFormat, [DIR]);
  assert.deepEqual(countBySchema(result), { Organization: 1531, Person: 3883, Vessel: 632, Sanction: 6046 });
  assert.deepEqual(result.warnings, []);
  assert.equal(result.published, null);

  const mzkt = result.byId.get(id('BEL0066'))!;
  assert.equal(mzkt.schema, 'Organization');
  assert.deepEqual(values(mzkt, 'name'), ['MZKT (Minsk Wheel Tractor Plant)']);
  assert.deepEqual(values(mzkt, 'alias'), ['Volat (Giant)']);
  assert.deepEqual(values(mzkt, 'country'), ['by']);
  const [listing] = sanctionsOf(result, mzkt.id);
  assert.deepEqual(values(listing, 'authority'), ['UK']);
  assert.deepEqual(values(listing, 'program'), ['BEL']);
  assert.deepEqual(values(listing, 'listingDate'), ['2020-12-31']);
  assert.deepEqual(values(listing, 'authorityId'), ['BEL0066', '14044']);

  const mansur = result.byId.get(id('AFG0011'))!;
  assert.deepEqual(values(mansur, 'name'), ['ABDUL LATIF MANSUR']);
  // " D0009720" (leading space, repeated 17 times) → one clean number.
  assert.deepEqual(values(mansur, 'passportNumber'), ['D0009720', 'D0010442']);
  assert.ok(values(mansur, 'birthDate').includes('1968'));
  assert.deepEqual(values(sanctionsOf(result, mansur.id)[0], 'unscId'), ['TAi.007']);
});

test('the listed files work as well as the folder; detect needs the tables', async () => {
  const files = readdirSync(DIR).map((n) => join(DIR, n));
  const names = readdirSync(DIR).map((n) => n.toLowerCase());
  const first = files.find((f) => f.endsWith('.csv'))!;
  assert.ok(ukFcdoDerivedCsvFormat.detect(names, readFileSync(first).subarray(0, 65536)));
  assert.equal(ukFcdoDerivedCsvFormat.detect(['subjects.csv'], readFileSync(first).subarray(0, 65536)), false);
  const conlist = raw('uk_ofsi_conlist/deriv_2020-04-27/ConList.csv');
  assert.equal(ukFcdoDerivedCsvFormat.detect(['conlist.csv'], readFileSync(conlist).subarray(0, 65536)), false);

  const result = await readAll(ukFcdoDerivedCsvFormat, [join(DIR, 'subjects.csv'), join(DIR, 'subject_names.csv')]);
  assert.equal(countBySchema(result).Sanction, 6046);
  assert.deepEqual(values(result.byId.get(id('DPR0075')), 'alias'), ['Jal Vahini', 'Jal_Vahini', 'Tian Tai 36']);
});

test('malformed: missing names table, a subject without names, a missing column', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanctrace-uk-derived-'));
  copyFileSync(join(DIR, 'subjects.csv'), join(dir, 'subjects.csv'));
  await assert.rejects(readAll(ukFcdoDerivedCsvFormat, [dir]), (err: unknown) => err instanceof ImportError && err.where.file === 'subject_names.csv');

  const names = readFileSync(join(DIR, 'subject_names.csv'), 'utf8').split('\n');
  writeFileSync(join(dir, 'subject_names.csv'), names.filter((l) => !l.includes(',AFG0001,')).join('\n'));
  await assert.rejects(readAll(ukFcdoDerivedCsvFormat, [dir]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.deepEqual(err.where, { file: 'subjects.csv', line: 2, field: 'unique_id' });
    return true;
  });

  writeFileSync(join(dir, 'subject_names.csv'), names.join('\n').replace('name_id,unique_id,', 'name_id,uid,'));
  await assert.rejects(readAll(ukFcdoDerivedCsvFormat, [dir]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.deepEqual(err.where, { file: 'subject_names.csv', line: 1, field: 'unique_id' });
    return true;
  });
});
