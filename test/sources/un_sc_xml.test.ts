// UN Security Council Consolidated List XML, read from the real copies in shared/data/raw/un_sc.
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

const FEB_2026 = raw('un_sc/watchman_2026-02-27/consolidated.xml');
const AUG_2025 = raw('un_sc/wallblue4_2025-08-16/consolidated.xml');
const ID = (ref: string) => `un_sc_sanctions-${ref.toLowerCase().replace('.', '-')}`;

let cached: ReadResult | null = null;
async function feb2026(): Promise<ReadResult> {
  cached ??= await readAll(unScXmlFormat, [FEB_2026]);
  return cached;
}

function tempFile(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'un-sc-')), name);
  writeFileSync(path, content);
  return path;
}

function langOf(result: ReadResult, id: string, prop: string, value: string): string | null | undefined {
  return result.byId.get(id)?.statements.find((s) => s.prop === prop && s.value === value)?.lang;
}

test('2026-02-27 list: 730 individuals, 273 entities, one Sanction each, dateGenerated as publication date', async () => {
  const result = await feb2026();
  const counts = countBySchema(result);
  assert.equal(counts.Person, 730);
  assert.equal(counts.Organization, 273);
  assert.equal(counts.Sanction, 1003);
  assert.equal(counts.UnknownLink, 506, 'listings named by reference in another listing narrative');
  assert.equal(result.published, '2026-02-27');
  assert.deepEqual(result.warnings, []);
  assert.equal(new Set(result.entities.map((e) => e.id)).size, result.entities.length, 'every id once');
});

test('QDi.020: Arabic original-script name, birth date, nationality, passport and ID numbers', async () => {
  const result = await feb2026();
  const person = result.byId.get(ID('QDi.020'));
  assert.equal(person?.schema, 'Person');
  assert.deepEqual(values(person, 'name'), ['MOHAMMAD HAMDI MOHAMMAD SADIQ AL-AHDAL']);
  assert.deepEqual(values(person, 'firstName'), ['MOHAMMAD']);
  assert.deepEqual(values(person, 'secondName'), ['HAMDI']);
  assert.ok(values(person, 'alias').includes('محمد حمدي محمد صادق الأهدل'));
  assert.equal(langOf(result, ID('QDi.020'), 'alias', 'محمد حمدي محمد صادق الأهدل'), 'ara');
  assert.ok(values(person, 'alias').includes('Muhammad Muhammad Abdullah Al-Ahdal'), 'Good quality → alias');
  assert.deepEqual(values(person, 'weakAlias'), ['Abu Asim Al-Makki', 'Ahmed'], 'Low quality → weakAlias');
  assert.deepEqual(values(person, 'birthDate'), ['1971-11-19']);
  assert.deepEqual(values(person, 'birthPlace'), ['Medina, Saudi Arabia']);
  assert.deepEqual(values(person, 'nationality'), ['ye']);
  assert.deepEqual(values(person, 'passportNumber'), ['541939']);
  assert.deepEqual(values(person, 'idNumber'), ['216040']);
  assert.deepEqual(values(person, 'address'), ['Jamal street, Al-Dahima alley, Al-Hudaydah, Yemen']);

  const [sanction] = sanctionsOf(result, ID('QDi.020'));
  assert.deepEqual(values(sanction, 'authority'), ['UN']);
  assert.deepEqual(values(sanction, 'program'), ['Al-Qaida']);
  assert.deepEqual(values(sanction, 'listingDate'), ['2001-10-17']);
  assert.deepEqual(values(sanction, 'unscId'), ['QDi.020']);
  assert.match(values(sanction, 'reason')[0], /attack on the USS Cole in 2000/u);
  const at = result.entities.findIndex((e) => e.id === ID('QDi.020'));
  assert.equal(result.entities[at + 1].id, sanction.id, 'the Sanction follows its subject');
});

test('original-script names in Cyrillic, birth-year ranges, listing dates with a time-zone offset', async () => {
  const result = await feb2026();
  assert.equal(langOf(result, ID('QDi.290'), 'alias', 'Умаров Доку Хаматович'), 'rus');
  assert.deepEqual(values(result.byId.get(ID('QDi.314')), 'birthDate'), ['1977', '1978', '1979', '1980', '1981', '1982'], 'BETWEEN 1977 and 1982');
  assert.deepEqual(values(sanctionsOf(result, ID('QDi.352'))[0], 'listingDate'), ['2015-04-07'], 'LISTED_ON 2015-04-07-04:00');
});

test('entities: a.k.a. → alias, f.k.a. → previousName, two names in FIRST_NAME, company IMO number', async () => {
  const result = await feb2026();
  const adf = result.byId.get(ID('CDe.001'));
  assert.equal(adf?.schema, 'Organization');
  assert.deepEqual(values(adf, 'name'), ['ADF']);
  assert.deepEqual(values(adf, 'alias'), ['Allied Democratic Forces']);
  assert.deepEqual(values(adf, 'previousName'), ['Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda', 'ADF/NALU', 'NALU']);
  const cagl = result.byId.get(ID('CDe.003'));
  assert.deepEqual(values(cagl, 'name'), ['COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)']);
  assert.ok(values(cagl, 'alias').includes('GREAT LAKES BUSINESS COMPANY (GLBC)'));
  assert.deepEqual(values(result.byId.get(ID('KPe.022')), 'imoNumber'), ['5342883']);
});

test('listings named in another listing narrative become UnknownLinks', async () => {
  const result = await feb2026();
  const link = result.entities.find((e) => e.schema === 'UnknownLink' && values(e, 'subject')[0] === ID('QDi.006') && values(e, 'object')[0] === ID('QDe.004'));
  assert.ok(link, 'QDi.006 "Leader of Al-Qaida (QDe.004)"');
  const ids = new Set(result.entities.map((e) => e.id));
  for (const e of result.entities.filter((x) => x.schema === 'UnknownLink')) assert.ok(ids.has(values(e, 'object')[0]), `${e.id} points into the file`);
});

test('the 2025-08-16 copy is damaged (characters cut to one byte, Arabic lost): rejected, not stored as mojibake', async () => {
  // The file says UTF-8 but every character was cut to its low byte: "Armés" is Latin-1 and
  // "صدام" became "5/'E". An importer must refuse it rather than store the garbage as names.
  await assert.rejects(readAll(unScXmlFormat, [AUG_2025]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, 'consolidated.xml');
    assert.equal(err.where.line, 54);
    assert.match(err.message, /invalid UTF-8/u);
    return true;
  });
});

test('detect: UN XML only', () => {
  const heads = {
    un2026: readHead(FEB_2026),
    un2025: readHead(AUG_2025),
    sema: readHead(raw('ca_sema/kebalkhadka_2025-05-25/sema-lmes.xml')),
    dpl: readHead(raw('bis_dpl/watchman_2023-11-30/dpl.txt')),
  };
  assert.equal(unScXmlFormat.detect(['consolidated.xml'], heads.un2026), true);
  assert.equal(unScXmlFormat.detect(['consolidated.xml'], heads.un2025), true);
  assert.equal(unScXmlFormat.detect(['sema-lmes.xml'], heads.sema), false);
  assert.equal(unScXmlFormat.detect(['dpl.txt'], heads.dpl), false);
  assert.equal(caSemaXmlFormat.detect(['consolidated.xml'], heads.un2026), false);
  assert.equal(bisDplFormat.detect(['consolidated.xml'], heads.un2026), false);
});

test('a truncated file is an ImportError naming file and line', async () => {
  const cut = tempFile('consolidated.xml', readFileSync(FEB_2026).subarray(0, 300_000));
  await assert.rejects(readAll(unScXmlFormat, [cut]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, 'consolidated.xml');
    assert.ok((err.where.line ?? 0) > 1000, `line ${err.where.line}`);
    return true;
  });
});

test('another root element, or a listing without a reference number, is an ImportError', async () => {
  const other = tempFile('list.xml', '<?xml version="1.0"?>\n<SANCTIONS>\n<INDIVIDUAL><REFERENCE_NUMBER>QDi.001</REFERENCE_NUMBER></INDIVIDUAL>\n</SANCTIONS>\n');
  await assert.rejects(readAll(unScXmlFormat, [other]), (err: unknown) => err instanceof ImportError && err.where.file === 'list.xml' && err.where.line === 2 && /root element <SANCTIONS>/u.test(err.message));
  const noRef = tempFile(
    'consolidated.xml',
    '<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z"><INDIVIDUALS>\n<INDIVIDUAL>\n<FIRST_NAME>X</FIRST_NAME>\n</INDIVIDUAL>\n</INDIVIDUALS></CONSOLIDATED_LIST>\n',
  );
  await assert.rejects(readAll(unScXmlFormat, [noRef]), (err: unknown) => err instanceof ImportError && err.where.line === 3 && err.where.field === 'REFERENCE_NUMBER');
});
