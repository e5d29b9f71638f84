// Legacy (pre-2017) EU FSF XML on the real 2016-02-11 file (first 595 entities): counts by
// programme, values from child elements, and ids that agree with the current 1.1 format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { euFsfLegacyXmlFormat } from '../../src/sources/eu_fsf_legacy_xml.js';
import { euFsfXmlFormat } from '../../src/sources/eu_fsf_xml.js';
import { readHead } from '../../src/sources/io.js';
import { ImportError } from '../../src/sources/types.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values, type ReadResult } from '../helpers/read.js';

const LEGACY = raw('eu_fsf/opendatalabcz_2016-02-11_legacy/data.xml');
const CURRENT = raw('eu_fsf/deriv_2020-04-15/sample_eu_sanctions.xml');
const CURRENT_SAMPLE = raw('eu_fsf/deriv_2020-04-15/sample_eu.xml');

let cached: Promise<ReadResult> | null = null;
function legacy(): Promise<ReadResult> {
  cached ??= readAll(euFsfLegacyXmlFormat, [LEGACY]);
  return cached;
}

test('595 entities (319 persons, 276 entities) with one sanction each; date of WHOLE', async () => {
  const result = await legacy();
  assert.deepEqual(countBySchema(result), { Person: 319, Organization: 276, Sanction: 595 });
  assert.equal(result.published, '2016-02-11');
  assert.deepEqual(result.warnings, []);
  const programmes: Record<string, number> = {};
  for (const s of result.entities.filter((e) => e.schema === 'Sanction')) {
    for (const p of values(s, 'program')) programmes[p] = (programmes[p] ?? 0) + 1;
  }
  assert.deepEqual(programmes, { IRQ: 292, TAQA: 155, AFG: 108, TERR: 22, COD: 16, ZWE: 2 });
});

test('Mugabe: names, birth, passport parsed out of its annotated NUMBER, earliest regulation date', async () => {
  const result = await legacy();
  const mugabe = result.byId.get('eu_fsf-1');
  assert.equal(mugabe?.schema, 'Person');
  assert.deepEqual(values(mugabe, 'name'), ['Robert Gabriel Mugabe']);
  assert.deepEqual(values(mugabe, 'middleName'), ['Gabriel']);
  assert.deepEqual(values(mugabe, 'birthDate'), ['1924-02-21']);
  assert.deepEqual(values(mugabe, 'birthPlace'), ['Kutama']);
  // <NUMBER>AD001095 (passport-National passport) ((passport))</NUMBER>
  assert.deepEqual(values(mugabe, 'passportNumber'), ['AD001095']);
  assert.deepEqual(values(mugabe, 'gender'), ['male']);
  const [sanction] = sanctionsOf(result, 'eu_fsf-1');
  assert.deepEqual(values(sanction, 'program'), ['ZWE']);
  // ENTITY reg_date is 2012-02-21 (its latest act); the NAME added by 1643/2002 is dated 2002-09-13.
  assert.deepEqual(values(sanction, 'listingDate'), ['2002-09-13']);
  assert.match(values(sanction, 'reason')[0], /^Entity is sanctioned in regime 310\/2002/u);
});

test('languages, birth-year ranges, ISO3 countries, phones from ADDRESS OTHER', async () => {
  const result = await legacy();
  const saddam = result.byId.get('eu_fsf-13');
  assert.equal(saddam!.statements.find((s) => s.value === 'Abou Ali')?.lang, 'fra');
  assert.deepEqual(values(saddam, 'nationality'), ['iq']);
  assert.deepEqual(values(sanctionsOf(result, 'eu_fsf-13')[0], 'reason'), ['UNSC RESOLUTION 1483']);
  const ano = result.byId.get('eu_fsf-201');
  assert.equal(ano!.statements.find((s) => s.value === 'Арабски революционни бригади')?.lang, 'bul');
  // <DATE>1958 - 1963 (approximative)</DATE>
  assert.deepEqual(values(result.byId.get('eu_fsf-516'), 'birthDate'), ['1958', '1959', '1960', '1961', '1962', '1963']);
  const trust = result.byId.get('eu_fsf-330');
  assert.equal(trust?.schema, 'Organization');
  // PHONE[0300-820 91 99, 668 33 01] FAX[662 38 14]
  for (const phone of ['0300-820 91 99', '668 33 01', '662 38 14']) assert.ok(values(trust, 'phone').includes(phone), phone);
  assert.ok(values(trust, 'address').includes('Jamia Masjid Sulaiman Park Begum Pura, Lahore, Pakistan'));
  assert.deepEqual(values(trust, 'country'), ['pk']);
  assert.deepEqual(values(result.byId.get('eu_fsf-230'), 'address'), ['Rashid Street, Baghdad, Iraq', 'Mosul, Iraq']);
});

test('ENTITY Id is the logicalId of the current format: the same listings get the same ids', async () => {
  const old = await legacy();
  const current = await readAll(euFsfXmlFormat, [CURRENT, CURRENT_SAMPLE]);
  const shared = current.entities.filter((e) => e.schema === 'Person' && old.byId.has(e.id));
  assert.deepEqual(shared.map((e) => e.id).sort(), ['eu_fsf-13', 'eu_fsf-191', 'eu_fsf-20', 'eu_fsf-23', 'eu_fsf-25', 'eu_fsf-29', 'eu_fsf-33', 'eu_fsf-39']);
  for (const entity of shared) {
    assert.equal(values(entity, 'name')[0].toLowerCase(), values(old.byId.get(entity.id), 'name')[0].toLowerCase(), entity.id);
  }
});

test('detect: legacy XML only', () => {
  const detects = (file: string) => euFsfLegacyXmlFormat.detect([basename(file).toLowerCase()], readHead(file));
  assert.ok(detects(LEGACY));
  assert.ok(!detects(CURRENT));
  assert.ok(!euFsfXmlFormat.detect(['data.xml'], readHead(LEGACY)));
});

test('malformed input: truncated file, unknown Type', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eu-fsf-legacy-'));
  const original = readFileSync(LEGACY, 'utf8');
  const truncated = join(dir, 'cut.xml');
  writeFileSync(truncated, original.slice(0, 50_000));
  await assert.rejects(readAll(euFsfLegacyXmlFormat, [truncated]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, 'cut.xml');
    assert.ok((err.where.line ?? 0) > 100);
    return true;
  });
  const badType = join(dir, 'type.xml');
  writeFileSync(badType, original.replace('<ENTITY Id="13" Type="P"', '<ENTITY Id="13" Type="X"'));
  await assert.rejects(readAll(euFsfLegacyXmlFormat, [badType]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, 'type.xml');
    assert.equal(err.where.field, 'Type');
    assert.equal(err.where.line, original.split('\n').findIndex((l) => l.startsWith('<ENTITY Id="13"')) + 1);
    return true;
  });
});
