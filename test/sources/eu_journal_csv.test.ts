// EU Official Journal transcriptions (OpenSanctions journal_sanctions, snapshot 2026-08-22):
// consolidated framework acts plus 2026 amending acts applied on top, per FORMAT.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { euJournalCsvFormat } from '../../src/sources/eu_journal_csv.js';
import { euFsfXmlFormat } from '../../src/sources/eu_fsf_xml.js';
import { readHead } from '../../src/sources/io.js';
import { ImportError } from '../../src/sources/types.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values, type ReadResult } from '../helpers/read.js';

const DIR = raw('eu_journal/opensanctions_2026-08-22');
const BELARUS = join(DIR, 'consolidated/32006R0765.csv');
const ALQAIDA = join(DIR, 'consolidated/32002R0881.csv');
const eurLex = (celex: string) => `https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:${celex}`;

let cached: Promise<ReadResult> | null = null;
function whole(): Promise<ReadResult> {
  cached ??= readAll(euJournalCsvFormat, [DIR]);
  return cached;
}

function subjects(result: ReadResult): number {
  return result.entities.filter((e) => e.schema !== 'Sanction').length;
}

test('one framework act: one entity and one sanction per annex entry (32006R0765, 408 rows)', async () => {
  const result = await readAll(euJournalCsvFormat, [BELARUS]);
  assert.equal(subjects(result), 408);
  assert.equal(countBySchema(result).Sanction, 408);
  // FORMAT.md: the consolidation date is pinned outside the files, so none is claimed.
  assert.equal(result.published, null);
  // A header-only act (8 of the 45) is valid and empty.
  assert.equal((await readAll(euJournalCsvFormat, [join(DIR, 'consolidated/32004R0314.csv')])).entities.length, 0);
});

test('MZKT: Annex I.B entry 8 (asset freeze) and the Annex V export-control row', async () => {
  const result = await readAll(euJournalCsvFormat, [BELARUS]);
  const mzkt = result.byId.get('eu_journal-32006r0765-i-b-8-entity');
  assert.equal(mzkt?.schema, 'LegalEntity');
  assert.deepEqual(values(mzkt, 'name'), ['MZKT']);
  assert.deepEqual(values(mzkt, 'alias'), ['VOLAT', 'МЗКТ - Минский завод колёсных тягачей']);
  assert.equal(mzkt!.statements.find((s) => s.value.startsWith('МЗКТ'))?.lang, 'rus');
  assert.deepEqual(values(mzkt, 'registrationNumber'), ['100534485']);
  assert.deepEqual(values(mzkt, 'phone'), ['+375 (17) 330-17-09', '+375 (17) 291-31-92']);
  const [freeze] = sanctionsOf(result, mzkt!.id);
  assert.deepEqual(values(freeze, 'authority'), ['EU']);
  assert.deepEqual(values(freeze, 'program'), ['Belarus']);
  assert.deepEqual(values(freeze, 'programId'), ['EU-BLR']);
  assert.deepEqual(values(freeze, 'provisions'), ['Asset freeze']);
  assert.deepEqual(values(freeze, 'listingDate'), ['2020-12-17']);
  assert.deepEqual(values(freeze, 'authorityId'), ['32006R0765 Annex I.B entry 8']);
  assert.deepEqual(values(freeze, 'sourceUrl'), [eurLex('32006R0765')]);
  assert.match(values(freeze, 'reason')[0], /^MZKT \(a\.k\.a\. VOLAT\) is part of the Belarusian State Authority/u);

  const plant = result.entities.find((e) => e.schema !== 'Sanction' && values(e, 'name').includes('Minsk Wheeled Tractor Plant'));
  assert.ok(plant);
  const [exportControl] = sanctionsOf(result, plant.id);
  assert.deepEqual(values(exportControl, 'provisions'), ['Export control']);
  assert.deepEqual(values(exportControl, 'program'), ['Belarus']);
  assert.deepEqual(values(exportControl, 'authorityId'), ['32006R0765 Annex V']);
  assert.deepEqual(values(exportControl, 'listingDate'), []);
});

test('an entry printed twice in an annex is one entity (Al-Qaida list), with a warning', async () => {
  const result = await readAll(euJournalCsvFormat, [ALQAIDA]);
  assert.equal(subjects(result), 348);
  assert.deepEqual(result.warnings.map((w) => [w.file, w.line]), [['32002R0881.csv', 219], ['32002R0881.csv', 220]]);
  const himmat = result.entities.filter((e) => values(e, 'name').includes('Ali Ghaleb Himmat'));
  assert.equal(himmat.length, 1);
  assert.deepEqual(values(himmat[0], 'birthDate'), ['1938-06-16']);
});

test('the folder: amendments replace their consolidated entries and add new ones', async () => {
  const result = await whole();
  assert.deepEqual(countBySchema(result), { Person: 4569, LegalEntity: 2736, Vessel: 750, Company: 303, Organization: 27, Asset: 36, Sanction: 8422 });
  // 8,017 consolidated rows (two reprinted entries) + 417 amendment rows, 10 of which restate an entry.
  assert.equal(subjects(result), 8017 - 2 + 417 - 1 - 10);
  assert.equal(new Set(result.entities.map((e) => e.id)).size, result.entities.length);

  // 32026R1848 restates 32014R0833 Annex IV entry 581 with a corrected transliteration.
  const sft = result.byId.get('eu_journal-32014r0833-iv-581-entity');
  assert.ok(values(sft, 'alias').includes('Obshchestvo S Ogranichennoi Otvetstvennostyu SFT'));
  assert.ok(!values(sft, 'alias').includes('Obshchestvo s Organzichennoi Otvetstvennostyu SFT'));
  assert.deepEqual(values(sanctionsOf(result, sft!.id)[0], 'sourceUrl'), [eurLex('32026R1848')]);
  assert.deepEqual(values(sanctionsOf(result, sft!.id)[0], 'authorityId'), ['32014R0833 Annex IV entry 581']);
  // ... and renames a vessel of Annex XLII.
  const vessel = result.byId.get('eu_journal-32014r0833-xlii-629-vessel');
  assert.deepEqual(values(vessel, 'name'), ['STORMBRINGER (ex KRITI VIGOR)']);
  assert.deepEqual(values(vessel, 'imoNumber'), ['9290397']);

  // 32026R1817 adds Belarus Annex I.B entries 62 and 63.
  const mozyr = result.byId.get('eu_journal-32006r0765-i-b-63-entity');
  assert.match(values(mozyr, 'name')[0], /Mozyr/iu);
  assert.deepEqual(values(sanctionsOf(result, mozyr!.id)[0], 'listingDate'), ['2026-07-23']);

  // 32026R1941: one Libya vessel entry under two measures → one entity, two sanctions.
  const avax = result.byId.get('eu_journal-32016r0044-v-1-vessel');
  assert.deepEqual(values(avax, 'name'), ['AVAX']);
  assert.deepEqual(values(avax, 'flag'), ['cm']);
  const measures = sanctionsOf(result, avax!.id).flatMap((s) => values(s, 'provisions')).sort();
  assert.deepEqual(measures, ['Financial restrictions', 'Transportation restrictions']);
});

test('a list of files reads like the folder', async () => {
  const files = ['consolidated', 'amendments'].flatMap((sub) => readdirSync(join(DIR, sub)).map((f) => join(DIR, sub, f)));
  const listed = await readAll(euJournalCsvFormat, [join(DIR, 'FORMAT.md'), ...files]);
  assert.equal(listed.entities.length, (await whole()).entities.length);
});

test('detect: the journal CSVs only', () => {
  const names = [BELARUS, join(DIR, 'FORMAT.md')].map((f) => basename(f).toLowerCase());
  assert.ok(euJournalCsvFormat.detect(names, readHead(BELARUS)));
  assert.ok(euJournalCsvFormat.detect(['32026r1941.csv'], readHead(join(DIR, 'amendments/32026R1941.csv'))));
  const sdn = raw('ofac_sdn/jackdwyer_2022-02-24/sdn.csv');
  assert.ok(!euJournalCsvFormat.detect(['sdn.csv'], readHead(sdn)));
  const fsf = raw('eu_fsf/deriv_2020-04-15/sample_eu.xml');
  assert.ok(!euJournalCsvFormat.detect(['sample_eu.xml'], readHead(fsf)));
  assert.ok(!euFsfXmlFormat.detect(names, readHead(BELARUS)));
});

test('malformed input: short row, row without a name, missing column', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eu-journal-'));
  const lines = readFileSync(BELARUS, 'utf8').split('\n');
  const write = (name: string, content: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, content.join('\n'));
    return path;
  };
  const short = write('short.csv', [...lines.slice(0, 5), '32006R0765,99,EU-BLR,I.B,Asset freeze']);
  await assert.rejects(readAll(euJournalCsvFormat, [short]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.deepEqual([err.where.file, err.where.line], ['short.csv', 6]);
    return true;
  });
  const mzktLine = lines.findIndex((l) => l.startsWith('32006R0765,8,EU-BLR,I.B,'));
  const nameless = write('nameless.csv', [...lines.slice(0, mzktLine), lines[mzktLine].replace(',LegalEntity,MZKT,', ',LegalEntity,,'), ...lines.slice(mzktLine + 1)]);
  await assert.rejects(readAll(euJournalCsvFormat, [nameless]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.deepEqual([err.where.file, err.where.line, err.where.field], ['nameless.csv', mzktLine + 1, 'name']);
    return true;
  });
  const noMeasure = write('32006R0765.csv', [lines[0].replace(',measure,', ','), ...lines.slice(1, 3)]);
  await assert.rejects(readAll(euJournalCsvFormat, [noMeasure]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, '32006R0765.csv');
    assert.equal(err.where.line, 1);
    assert.match(err.message, /missing column\(s\) measure/u);
    return true;
  });
  const notJournal = write('other.csv', ['a,b,c', '1,2,3']);
  await assert.rejects(readAll(euJournalCsvFormat, [notJournal]), (err: unknown) => err instanceof ImportError && err.where.file === 'other.csv' && err.where.line === 1);
});
