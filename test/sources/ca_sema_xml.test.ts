// Canada SEMA consolidated list XML, read from the real copies in shared/data/raw/ca_sema
// (current layout of 2025-05-25, 2020 layout of 2020-04).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bisDplFormat } from '../../src/sources/bis_dpl.js';
import { caSemaXmlFormat, repairCyrillic, splitAliases } from '../../src/sources/ca_sema_xml.js';
import { readHead } from '../../src/sources/io.js';
import { ImportError } from '../../src/sources/types.js';
import { unScXmlFormat } from '../../src/sources/un_sc_xml.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values, type ReadResult } from '../helpers/read.js';

const CURRENT = raw('ca_sema/kebalkhadka_2025-05-25/sema-lmes.xml');
const LAYOUT_2020 = raw('ca_sema/mendw_2020-04/sema-lmes.xml');

let cached: ReadResult | null = null;
async function current(): Promise<ReadResult> {
  cached ??= await readAll(caSemaXmlFormat, [CURRENT]);
  return cached;
}

function tempFile(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ca-sema-')), name);
  writeFileSync(path, content);
  return path;
}

function statement(result: ReadResult, id: string, prop: string, value: string) {
  return result.byId.get(id)?.statements.find((s) => s.prop === prop && s.value === value);
}

test('2025-05-25 list: 4,759 records (3,334 people, 1,316 organisations, 109 ships), no publication date', async () => {
  const result = await current();
  assert.deepEqual(countBySchema(result), { Person: 3334, Organization: 1316, Vessel: 109, Sanction: 4759 });
  assert.equal(result.published, null, 'the file states none; the latest DateOfListing is not one');
  assert.deepEqual(result.warnings, [], 'regime + schedule + item is unique');
});

test('MZKT: Belarus items 33 and 44 are two listings, with their own dates and the Belarusian aliases', async () => {
  const result = await current();
  const plant = result.byId.get('ca_sema-belarus-1-part-2-33');
  assert.equal(plant?.schema, 'Organization');
  assert.deepEqual(values(plant, 'name'), ['Minsk Wheel Tractor Plant']);
  const [plantListing] = sanctionsOf(result, plant.id);
  assert.deepEqual(values(plantListing, 'authority'), ['Canada']);
  assert.deepEqual(values(plantListing, 'program'), ['Belarus']);
  assert.deepEqual(values(plantListing, 'provisions'), ['Schedule 1, Part 2']);
  assert.deepEqual(values(plantListing, 'listingDate'), ['2022-03-08']);

  const company = result.byId.get('ca_sema-belarus-1-part-2-44');
  assert.deepEqual(values(company, 'name'), ['MINSK WHEEL TRACTOR PLANT JOINT-STOCK COMPANY (VOLAT)']);
  assert.deepEqual(values(company, 'alias'), ['ААТ «Мінскі завод колавых цягачоў»', 'ААТ «МЗКЦ»']);
  assert.equal(statement(result, company!.id, 'alias', 'ААТ «Мінскі завод колавых цягачоў»')?.lang, 'bel');
  assert.equal(statement(result, company!.id, 'alias', 'ААТ «МЗКЦ»')?.lang, 'bel', 'ААТ is a Belarusian legal form');
  const [companyListing] = sanctionsOf(result, company!.id);
  assert.deepEqual(values(companyListing, 'listingDate'), ['2022-11-17']);
  assert.deepEqual(values(companyListing, 'authorityId'), ['Belarus, Schedule 1, Part 2, item 44']);
});

test('a ship: IMO number, type and build year from the *OrShip columns', async () => {
  const result = await current();
  const ship = result.byId.get('ca_sema-russia-1-1-1');
  assert.equal(ship?.schema, 'Vessel');
  assert.deepEqual(values(ship, 'name'), ['Balitiyskiy III']);
  assert.deepEqual(values(ship, 'imoNumber'), ['7612448']);
  assert.deepEqual(values(ship, 'type'), ['General Cargo / Multi Purpose']);
  assert.deepEqual(values(ship, 'buildDate'), ['1980']);
  assert.deepEqual(values(sanctionsOf(result, ship.id)[0], 'listingDate'), ['2025-02-21']);
});

test('bilingual regime labels give the English regime name as program', async () => {
  const result = await current();
  const programs = new Set(result.entities.filter((e) => e.schema === 'Sanction').flatMap((e) => values(e, 'program')));
  assert.equal(programs.size, 19);
  for (const regime of ['Russia', 'Ukraine', 'Belarus', 'Myanmar (Burma)', 'Venezuela', 'Hamas Terrorist Attacks', 'Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)']) {
    assert.ok(programs.has(regime), regime);
  }
  assert.ok(![...programs].some((p) => /\/|Bélarus|Russie|\s$/u.test(p)), 'no French half, no stray space');
});

test('people: names, labelled Belarusian and Russian aliases, Latin look-alike letters repaired', async () => {
  const result = await current();
  const kolya = result.byId.get('ca_sema-belarus-1-part-1-120');
  assert.deepEqual(values(kolya, 'lastName'), ['LUKASHENKO']);
  assert.deepEqual(values(kolya, 'birthDate'), ['2004-08-31']);
  assert.deepEqual(values(kolya, 'alias'), ['Mikalay Alyaksandravich Lukashenka', 'Kolya Lukashenko', 'Мікалай Аляксандравіч Лукашэнка', 'Николай Александрович Лукашенко', 'Коля Лукашенко']);
  assert.equal(statement(result, kolya!.id, 'alias', 'Мікалай Аляксандравіч Лукашэнка')?.lang, 'bel');
  assert.equal(statement(result, kolya!.id, 'alias', 'Коля Лукашенко')?.lang, 'rus');

  // "Вiталiй" is typed with Latin "i": stored in Cyrillic, tagged Ukrainian, the typed form kept.
  const kravets = statement(result, 'ca_sema-ukraine-part-1-219', 'alias', 'Віталій Володимирович КРАВЕЦЬ');
  assert.equal(kravets?.lang, 'ukr');
  assert.equal(kravets?.original, 'Вiталiй Володимирович КРАВЕЦЬ');
  assert.equal(statement(result, 'ca_sema-ukraine-part-1-219', 'alias', 'Виталий Владимирович КРАВЕЦ')?.lang, 'rus');
});

test('alias splitting rule on cells of the list', () => {
  const names = (cell: string, isPerson: boolean) => splitAliases(cell, isPerson).map((a) => (a.weak ? `~${a.name}` : a.name));
  // Commas inside names (legal forms, lower-case continuation) do not split; ";" does.
  assert.deepEqual(names('Северсталь, ПАО; Публичное Акционерное Общество "Северсталь"', false), ['Северсталь, ПАО', 'Публичное Акционерное Общество "Северсталь"']);
  assert.deepEqual(names('ОАО, БЭТО', false), ['ОАО, БЭТО']);
  assert.deepEqual(names('Министерство образования, науки и молодежи Республики Крым', false), ['Министерство образования, науки и молодежи Республики Крым']);
  assert.deepEqual(names('Air Bagan Holdings Pte. Ltd., Air Bagan Limited', false), ['Air Bagan Holdings Pte. Ltd.', 'Air Bagan Limited']);
  // " or " and "/" alternatives; one-word alternatives of a person complete the full name.
  assert.deepEqual(names('Katsiaryna or Katerina Smuschkovich, Ekaterina Varabei', true), ['Katsiaryna Smuschkovich', 'Katerina Smuschkovich', 'Ekaterina Varabei']);
  assert.deepEqual(names('Алексей Александров or Фролов', true), ['Алексей Александров', 'Алексей Фролов']);
  assert.deepEqual(names('GORT/ORTAS', false), ['GORT', 'ORTAS']);
  assert.deepEqual(names('Myanma Investment and Commercial Bank, Burma Investment and Commercial Bank', false), ['Myanma Investment and Commercial Bank', 'Burma Investment and Commercial Bank']);
  assert.deepEqual(names('ООО Машприборинторг-Волна and МПИ-Волна', false), ['ООО Машприборинторг-Волна', 'МПИ-Волна']);
  // One-word names left over are a person's weak aliases; "Surname, Given Patronymic" is one name.
  assert.deepEqual(names('Sergei, Serhii SHERBAKOV', true), ['~Sergei', 'Serhii SHERBAKOV']);
  assert.deepEqual(names('Баранов, Олег Анатольевич', true), ['Олег Анатольевич Баранов']);
  // A Latin name run into an Arabic one; a label without separator before it.
  assert.deepEqual(names('Abbas Morteza Nilforushan\n عباس نیلفروشان', true), ['Abbas Morteza Nilforushan', 'عباس نیلفروشان']);
  assert.deepEqual(
    splitAliases('Ali Ahmed Karti \nArabic: علي أحمد كرتي', true).map((a) => [a.name, a.lang]),
    [['Ali Ahmed Karti', null], ['علي أحمد كرتي', 'ara']],
  );
  assert.equal(repairCyrillic('АО Московский центр SPARC-технологий, МЦСТ OAO'), 'АО Московский центр SPARC-технологий, МЦСТ OAO', 'a real Latin word stays');
  assert.equal(repairCyrillic('Общество c oграниченной oтветственностью'), 'Общество с ограниченной ответственностью');
});

test('2020 layout: Entity, Title and DateOfBirth columns, no listing date, N/A schedules', async () => {
  const result = await readAll(caSemaXmlFormat, [LAYOUT_2020]);
  assert.deepEqual(countBySchema(result), { Organization: 384, Person: 985, Sanction: 1369 });
  assert.deepEqual(result.warnings, []);
  assert.equal(result.published, null);
  assert.deepEqual(values(result.byId.get('ca_sema-burma-2-1'), 'birthDate'), ['1933-02-02']);
  assert.deepEqual(values(result.byId.get('ca_sema-syria-2-84'), 'title'), ['Brigadier']);
  assert.deepEqual(values(result.byId.get('ca_sema-burma-1-1'), 'alias'), ['Air Bagan Holdings Pte. Ltd.', 'Air Bagan Limited']);
  const zimbabwe = result.entities.find((e) => e.schema === 'Sanction' && values(e, 'program')[0] === 'Zimbabwe');
  assert.deepEqual(values(zimbabwe, 'provisions'), [], 'Schedule N/A');
  assert.deepEqual(values(zimbabwe, 'listingDate'), []);
});

test('detect: SEMA XML only', () => {
  for (const file of [CURRENT, LAYOUT_2020]) assert.equal(caSemaXmlFormat.detect(['sema-lmes.xml'], readHead(file)), true);
  assert.equal(caSemaXmlFormat.detect(['consolidated.xml'], readHead(raw('un_sc/watchman_2026-02-27/consolidated.xml'))), false);
  assert.equal(caSemaXmlFormat.detect(['dpl.txt'], readHead(raw('bis_dpl/watchman_2023-11-30/dpl.txt'))), false);
  assert.equal(unScXmlFormat.detect(['sema-lmes.xml'], readHead(CURRENT)), false);
  assert.equal(bisDplFormat.detect(['sema-lmes.xml'], readHead(CURRENT)), false);
});

test('malformed input: a record without Item, another root, a truncated file', async () => {
  const noItem = tempFile('sema-lmes.xml', '<?xml version="1.0"?>\n<data-set>\n\t<record>\n\t\t<Country>Belarus / Bélarus</Country>\n\t\t<EntityOrShip>X</EntityOrShip>\n\t</record>\n</data-set>\n');
  await assert.rejects(readAll(caSemaXmlFormat, [noItem]), (err: unknown) => err instanceof ImportError && err.where.file === 'sema-lmes.xml' && err.where.line === 3 && err.where.field === 'Item');
  const otherRoot = tempFile('sema-lmes.xml', '<?xml version="1.0"?>\n<list>\n<record><Country>X</Country><Item>1</Item></record>\n</list>\n');
  await assert.rejects(readAll(caSemaXmlFormat, [otherRoot]), (err: unknown) => err instanceof ImportError && err.where.line === 2 && /root element <list>/u.test(err.message));
  const cut = tempFile('sema-lmes.xml', readFileSync(LAYOUT_2020).subarray(0, 100_000));
  await assert.rejects(readAll(caSemaXmlFormat, [cut]), (err: unknown) => err instanceof ImportError && err.where.file === 'sema-lmes.xml' && (err.where.line ?? 0) > 100);
});

test('a repeated regime/schedule/item is reported and the first record kept', async () => {
  const record = '\t<record>\n\t\t<Country>Belarus / Bélarus</Country>\n\t\t<EntityOrShip>NAME</EntityOrShip>\n\t\t<Schedule>1, Part 2</Schedule>\n\t\t<Item>7</Item>\n\t</record>\n';
  const twice = tempFile('sema-lmes.xml', `<?xml version="1.0"?>\n<data-set>\n${record.replace('NAME', 'First')}${record.replace('NAME', 'Second').replace('1, Part 2', '1,Part 2')}</data-set>\n`);
  const result = await readAll(caSemaXmlFormat, [twice]);
  assert.deepEqual(values(result.byId.get('ca_sema-belarus-1-part-2-7'), 'name'), ['First']);
  assert.equal(result.warnings.length, 1);
  assert.equal(result.warnings[0].line, 9);
});
