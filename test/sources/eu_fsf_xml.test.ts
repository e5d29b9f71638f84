// EU FSF XML 1.1 on two real extracts of export 123465 (2020-04-15): sample_eu.xml (5 entities,
// 13 nameAlias) and sample_eu_sanctions.xml (7 IRQ entities, 29 nameAlias).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { euFsfXmlFormat } from '../../src/sources/eu_fsf_xml.js';
import { euFsfLegacyXmlFormat } from '../../src/sources/eu_fsf_legacy_xml.js';
import { euJournalCsvFormat } from '../../src/sources/eu_journal_csv.js';
import { readHead } from '../../src/sources/io.js';
import { ImportError } from '../../src/sources/types.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values } from '../helpers/read.js';

const SAMPLE = raw('eu_fsf/deriv_2020-04-15/sample_eu.xml');
const IRAQ = raw('eu_fsf/deriv_2020-04-15/sample_eu_sanctions.xml');
const LEGACY = raw('eu_fsf/opendatalabcz_2016-02-11_legacy/data.xml');
const JOURNAL = raw('eu_journal/opensanctions_2026-08-22/consolidated/32006R0765.csv');

function detects(format: { detect(names: string[], head: Buffer): boolean }, file: string): boolean {
  return format.detect([basename(file).toLowerCase()], readHead(file));
}

function namesOf(entity: Parameters<typeof values>[0]): string[] {
  return ['name', 'alias', 'weakAlias'].flatMap((p) => values(entity, p));
}

test('both extracts read as one export: counts, ids by logicalId, publication date', async () => {
  const result = await readAll(euFsfXmlFormat, [SAMPLE, IRAQ]);
  assert.deepEqual(countBySchema(result), { Person: 12, Sanction: 12 });
  assert.equal(result.published, '2020-04-15');
  assert.deepEqual(result.warnings, []);
  const sample = await readAll(euFsfXmlFormat, [SAMPLE]);
  assert.deepEqual(
    sample.entities.filter((e) => e.schema === 'Person').map((e) => e.id),
    ['eu_fsf-5295', 'eu_fsf-5463', 'eu_fsf-5468', 'eu_fsf-191', 'eu_fsf-5807'],
  );
  // The 13 nameAlias of sample_eu.xml are 13 different spellings.
  assert.equal(sample.entities.flatMap(namesOf).length, 13);
});

test('Saddam Hussein: primary name by lowest nameAlias id, French spelling tagged, sanction IRQ', async () => {
  const result = await readAll(euFsfXmlFormat, [IRAQ]);
  const saddam = result.byId.get('eu_fsf-13');
  // "Abou Ali" (FR, logicalId 380) comes first in the file; the listing name is logicalId 17.
  assert.deepEqual(values(saddam, 'name'), ['Saddam Hussein Al-Tikriti']);
  assert.deepEqual(values(saddam, 'firstName'), ['Saddam']);
  assert.deepEqual(values(saddam, 'lastName'), ['Hussein Al-Tikriti']);
  const abouAli = saddam!.statements.find((s) => s.value === 'Abou Ali');
  assert.equal(abouAli?.prop, 'alias');
  assert.equal(abouAli?.lang, 'fra');
  assert.equal(saddam!.statements.find((s) => s.value === 'Abu Ali')?.lang, null);
  assert.deepEqual(values(saddam, 'birthDate'), ['1937-04-28']);
  assert.deepEqual(values(saddam, 'birthPlace'), ['al-Awja, near Tikrit']);
  assert.deepEqual(values(saddam, 'nationality'), ['iq']);
  assert.deepEqual(values(saddam, 'gender'), ['male']);
  const [sanction] = sanctionsOf(result, 'eu_fsf-13');
  assert.deepEqual(values(sanction, 'authority'), ['EU']);
  assert.deepEqual(values(sanction, 'program'), ['IRQ']);
  // No designationDate: the publication of Regulation 1210/2003.
  assert.deepEqual(values(sanction, 'listingDate'), ['2003-07-08']);
  assert.deepEqual(values(sanction, 'reason'), ['UNSC RESOLUTION 1483']);
  assert.deepEqual(values(sanction, 'authorityId'), ['EU.27.28']);
  assert.deepEqual(values(sanction, 'sourceUrl'), ['http://eur-lex.europa.eu/LexUriServ/LexUriServ.do?uri=OJ:L:2003:169:0006:0023:EN:PDF']);
});

test('a repeated spelling is stored once; Spanish and French spellings carry their language', async () => {
  const result = await readAll(euFsfXmlFormat, [IRAQ]);
  const duri = result.byId.get('eu_fsf-33');
  assert.deepEqual(values(duri, 'name'), ['Izzat Ibrahim al-Duri']);
  assert.equal(values(duri, 'alias').filter((a) => a === 'Abu Brays').length, 1);
  assert.equal(duri!.statements.find((s) => s.value === 'Izzat Ibrahim Al-Duri')?.lang, 'spa');
  assert.equal(duri!.statements.find((s) => s.value === 'Izzat Ibrahim al-Douri')?.lang, 'fra');
});

test('designation date, circa birth year, passport, address, programmes of the other extract', async () => {
  const result = await readAll(euFsfXmlFormat, [SAMPLE]);
  const zeid = result.byId.get('eu_fsf-5295');
  assert.deepEqual(values(zeid, 'name'), ['Amor Mohamed Ghedeir']);
  assert.ok(values(zeid, 'alias').includes('Abdelhamid Abou Zeid'));
  assert.deepEqual(values(zeid, 'birthDate').sort(), ['1958', '1965-12-12']);
  assert.ok(values(zeid, 'notes').some((n) => n.includes("Mother's name is Benarouba Bachira")));
  const [zeidSanction] = sanctionsOf(result, 'eu_fsf-5295');
  assert.deepEqual(values(zeidSanction, 'listingDate'), ['2008-07-03']);
  assert.deepEqual(values(zeidSanction, 'program'), ['TAQA']);
  assert.deepEqual(values(zeidSanction, 'authorityId'), ['EU.2026.82']);

  const ksm = result.byId.get('eu_fsf-191');
  assert.deepEqual(values(ksm, 'name'), ['Khalid Shaikh MOHAMMED']);
  assert.deepEqual(values(ksm, 'passportNumber'), ['488555']);
  assert.deepEqual(values(ksm, 'birthDate').sort(), ['1964-03-01', '1965-04-14']);
  assert.deepEqual(values(ksm, 'birthCountry'), ['pk']);
  assert.deepEqual(values(sanctionsOf(result, 'eu_fsf-191')[0], 'program'), ['TERR']);

  const manzi = result.byId.get('eu_fsf-5807');
  assert.deepEqual(values(manzi, 'country'), ['cd']);
  assert.ok(values(manzi, 'address')[0].startsWith('Kikoma forest, Bogoyi, Walikale, North Kivu'));
  assert.deepEqual(values(manzi, 'birthDate').sort(), ['1953', '1954']);
  assert.deepEqual(values(sanctionsOf(result, 'eu_fsf-5807')[0], 'program'), ['COD']);
  assert.deepEqual(values(result.byId.get('eu_fsf-5463'), 'position'), ['Director of Korea Ryongaksan General Trading Corporation']);
});

test('strong="false" makes a weak alias (copy of the real file with one alias weakened)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eu-fsf-'));
  const copy = join(dir, 'weak.xml');
  const text = readFileSync(IRAQ, 'utf8').replace('wholeName="Abu Ali" function="" title="" nameLanguage="" strong="true"', 'wholeName="Abu Ali" function="" title="" nameLanguage="" strong="false"');
  writeFileSync(copy, text);
  const saddam = (await readAll(euFsfXmlFormat, [copy])).byId.get('eu_fsf-13');
  assert.deepEqual(values(saddam, 'weakAlias'), ['Abu Ali']);
  assert.deepEqual(values(saddam, 'alias'), ['Abou Ali']);
});

test('detect: FSF 1.1 XML only', () => {
  assert.ok(detects(euFsfXmlFormat, SAMPLE));
  assert.ok(detects(euFsfXmlFormat, IRAQ));
  assert.ok(!detects(euFsfXmlFormat, LEGACY));
  assert.ok(!detects(euFsfXmlFormat, JOURNAL));
  assert.ok(!detects(euFsfLegacyXmlFormat, SAMPLE));
  assert.ok(!detects(euJournalCsvFormat, SAMPLE));
});

test('malformed input: truncated file, entity without a name, wrong root', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eu-fsf-'));
  const original = readFileSync(IRAQ, 'utf8');
  const truncated = join(dir, 'truncated.xml');
  writeFileSync(truncated, original.slice(0, Math.floor(original.length / 2)));
  await assert.rejects(readAll(euFsfXmlFormat, [truncated]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, 'truncated.xml');
    assert.ok((err.where.line ?? 0) > 10);
    return true;
  });

  const nameless = join(dir, 'nameless.xml');
  writeFileSync(nameless, original.replace(/<nameAlias [^>]*wholeName="Hani Abd[^]*?<\/nameAlias>\s*<nameAlias [^]*?<\/nameAlias>/u, ''));
  await assert.rejects(readAll(euFsfXmlFormat, [nameless]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, 'nameless.xml');
    assert.equal(err.where.field, 'nameAlias');
    assert.match(err.message, /sanctionEntity 39 without a name/u);
    assert.ok((err.where.line ?? 0) > 1);
    return true;
  });

  await assert.rejects(readAll(euFsfXmlFormat, [LEGACY]), (err: unknown) => err instanceof ImportError && err.where.file === 'data.xml');
});
