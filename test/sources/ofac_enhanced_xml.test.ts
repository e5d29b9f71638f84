import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readHead } from '../../src/sources/io.js';
import { AUTHORITY } from '../../src/sources/authorities.js';
import { ofacEnhancedXmlFormat } from '../../src/sources/ofac_enhanced_xml.js';
import { ofacXmlFormat } from '../../src/sources/ofac_xml.js';
import { ImportError } from '../../src/sources/types.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values, type ReadResult } from '../helpers/read.js';

const ENHANCED = raw('ofac_consolidated', 'watchman_2025-01-10', 'CONS_ENHANCED.XML');
const ZIP = raw('ofac_consolidated', 'watchman_2025-01-10', 'CONS_ENHANCED.ZIP');
const CLASSIC = raw('ofac_consolidated', 'kebalkhadka_2025-03-28', 'consolidated.xml');
const result = await readAll(ofacEnhancedXmlFormat, [ENHANCED]);
const tmp = mkdtempSync(join(tmpdir(), 'sanctrace-ofac-enhanced-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function entity(r: ReadResult, number: string) {
  const found = r.byId.get(`us_ofac_cons-${number}`);
  assert.ok(found, `entity ${number} read`);
  return found;
}

function statement(r: ReadResult, number: string, prop: string, value: string) {
  const found = entity(r, number).statements.find((s) => s.prop === prop && s.value === value);
  assert.ok(found, `${number} ${prop} ${value}`);
  return found;
}

const subjects = (r: ReadResult) => r.entities.filter((e) => ['Person', 'Organization', 'Company'].includes(e.schema));

test('reads all 443 entities of the 2025-01-10 Enhanced XML, one Sanction each', () => {
  const counts = countBySchema(result);
  // entityType: 80 Individual, 363 Entity (300 of them companies by legal form or facts).
  assert.equal(counts.Person, 80);
  assert.equal(counts.Organization + counts.Company, 363);
  assert.equal(counts.Company, 300);
  assert.equal(counts.Sanction, 443);
  assert.equal(result.published, '2025-01-10'); // <dataAsOf>2025-01-10T00:00:00
  assert.deepEqual(result.warnings, []);
  const ids = result.entities.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, 'every id once');
});

test('entity ids agree with the classic XML: same number, same schema', async () => {
  const classic = await readAll(ofacXmlFormat, [CLASSIC]);
  const enhanced = new Map(subjects(result).map((e) => [e.id, e.schema]));
  const older = subjects(classic);
  // The two files are 2.5 months apart (2025-01-10 and 2025-03-28), so listings could have
  // come and gone; a high overlap is what ids that agree across formats must give. Measured:
  // the consolidated list had the same 443 entries on both dates, so the overlap is complete.
  const shared = older.filter((e) => enhanced.has(e.id));
  assert.ok(shared.length >= 0.95 * older.length, `${shared.length} of ${older.length} shared`);
  assert.equal(shared.length, 443);
  assert.deepEqual(
    shared.filter((e) => enhanced.get(e.id) !== e.schema).map((e) => e.id),
    [],
    'same schema in both formats',
  );
  // The same person read from either format.
  for (const prop of ['name', 'birthDate', 'nationality', 'gender', 'weakAlias', 'idNumber']) {
    assert.deepEqual(values(entity(result, '50476'), prop), values(entity(classic, '50476'), prop), prop);
  }
});

test('a person: name parts, birth date, nationality, gender, documents', () => {
  const martelly = entity(result, '50476');
  assert.equal(martelly.schema, 'Person');
  assert.deepEqual(values(martelly, 'name'), ['MARTELLY, Michel Joseph']);
  assert.deepEqual(values(martelly, 'firstName'), ['Michel Joseph']);
  assert.deepEqual(values(martelly, 'middleName'), ['Joseph']); // namePart "Middle Name"
  assert.deepEqual(values(martelly, 'birthDate'), ['1961-02-12']); // Birthdate "12 Feb 1961"
  assert.deepEqual(values(martelly, 'nationality'), ['ht']);
  assert.deepEqual(values(martelly, 'gender'), ['male']);
  assert.deepEqual(values(martelly, 'birthPlace'), ['Port-au-Prince, Haiti']);
  assert.ok(values(martelly, 'idNumber').includes('0032768386'));

  const zahhar = entity(result, '9647');
  // Nationality Country "Palestinian", reference value with isoCode PS.
  assert.deepEqual(values(zahhar, 'nationality'), ['ps']);
  assert.deepEqual(values(zahhar, 'address'), ['Gaza']); // an untyped (region) address part

  const kayakiran = entity(result, '26182');
  assert.deepEqual(values(kayakiran, 'passportNumber'), ['U00242309']);
  assert.deepEqual(values(kayakiran, 'citizenship'), ['tr']);
});

test('names in other scripts carry their language', () => {
  const vtb = statement(result, '17013', 'alias', 'БАНК ВТБ ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО');
  assert.equal(vtb.lang, 'rus'); // translation in script Cyrillic of the primary name
  assert.equal(statement(result, '33091', 'alias', '旷视科技有限公司').lang, 'zho'); // Chinese Simplified
  assert.equal(statement(result, '33114', 'alias', '商湯集團有限公司').lang, 'zho'); // Chinese Traditional
  assert.equal(statement(result, '31693', 'address', 'ул. Ильинка, 9, Москва, 109097').lang, 'rus');
  assert.equal(statement(result, '17013', 'name', 'VTB BANK PUBLIC JOINT STOCK COMPANY').lang, null);
  // 50 Cyrillic and 6 Chinese translations in the file, all tagged.
  const tagged = result.entities.flatMap((e) => e.statements.filter((s) => s.lang));
  assert.equal(tagged.filter((s) => s.lang === 'zho').length, 6);
  assert.ok(tagged.filter((s) => s.lang === 'rus').length >= 45);
});

test('aliases: A.K.A. → alias, low quality → weakAlias, F.K.A. → previousName', () => {
  const zahhar = entity(result, '9647');
  assert.deepEqual(values(zahhar, 'alias'), ['AL ZAHAR, Mahmoud Khaled']);
  assert.deepEqual(values(zahhar, 'weakAlias'), ['ZAHAR, Mahmoud', 'AL-ZAHAR, Mahmoud']);
  const vtb = entity(result, '17013');
  assert.ok(values(vtb, 'previousName').includes('JSC VTB BANK'));
  assert.ok(values(vtb, 'weakAlias').includes('JSC VTB BANK NEW DELHI BRANCH'));
});

test('features and identity documents of an organisation', () => {
  const vtb = entity(result, '17013');
  assert.equal(vtb.schema, 'Company');
  assert.deepEqual(values(vtb, 'swiftBic'), ['VTBRRUMM']);
  assert.deepEqual(values(vtb, 'incorporationDate'), ['1990-10-17']);
  assert.deepEqual(values(vtb, 'classification'), ['Financial Institution']); // Target Type
  assert.ok(values(vtb, 'website').includes('www.vtb.ru'));
  assert.deepEqual(values(vtb, 'ogrnCode'), ['1027739609391']);
  assert.deepEqual(values(vtb, 'innCode'), ['7702070139']);
  assert.deepEqual(values(vtb, 'leiCode'), ['253400V1H6ART1UQ0N98']);
  assert.deepEqual(values(vtb, 'country'), ['ru', 'in', 'cn']);
  assert.ok(values(vtb, 'notes').includes('BIK (RU): 044525187'));
});

test('Sanction: programmes, listing date from the lists, provisions, legal authority', () => {
  const [haniya] = sanctionsOf(result, 'us_ofac_cons-9639');
  assert.deepEqual(values(haniya, 'authority'), [AUTHORITY.OFAC]);
  assert.deepEqual(values(haniya, 'program'), ['NS-PLC']);
  // On the PLC list since 2006-04-12, on the Consolidated List since 2014-10-10.
  assert.deepEqual(values(haniya, 'listingDate'), ['2006-04-12']);
  assert.deepEqual(values(haniya, 'provisions'), ['Reject']);
  assert.deepEqual(values(haniya, 'reason'), ['General License 4 Under EO 13224 (Terrorism)']);
  assert.deepEqual(values(haniya, 'authorityId'), ['9639']);
  const [vtb] = sanctionsOf(result, 'us_ofac_cons-17013');
  assert.deepEqual(values(vtb, 'program'), ['UKRAINE-EO13662', 'RUSSIA-EO14024']);
  assert.deepEqual(values(vtb, 'listingDate'), ['2014-07-29']);
  assert.match(values(vtb, 'provisions')[0], /^13662 Sectoral Directive 1; Block; Executive Order 13662 Directive Determination: Subject to Directive 1/u);
  const [zahhar] = sanctionsOf(result, 'us_ofac_cons-9647');
  assert.match(values(zahhar, 'provisions')[0], /Secondary sanctions risk: section 1\(b\) of Executive Order 13224/u);
});

test('relationships: Ownership in the stated direction, other types UnknownLink, outside targets as notes', () => {
  const ownerships = result.entities.filter((e) => e.schema === 'Ownership');
  // 278 "Owned or Controlled By" + 4 "Owns, controls, or operates"; the one other relation
  // ("Acting for or on behalf of" HAMAS) points outside this list.
  assert.equal(ownerships.length, 282);
  assert.equal(result.entities.filter((e) => e.schema === 'UnknownLink').length, 0);
  const ownedByVtb = ownerships.find((o) => values(o, 'asset')[0] === 'us_ofac_cons-17017');
  assert.deepEqual(values(ownedByVtb, 'owner'), ['us_ofac_cons-17013']);
  assert.deepEqual(values(ownedByVtb, 'role'), ['Owned or Controlled By']);
  // "HUAWEI INVESTMENT & HOLDING CO., LTD." Owns, controls, or operates "HUAWEI TECHNOLOGIES CO., LTD.".
  const huawei = ownerships.find((o) => values(o, 'role')[0] === 'Owns, controls, or operates' && values(o, 'owner')[0] === 'us_ofac_cons-32087');
  assert.deepEqual(values(huawei, 'asset'), ['us_ofac_cons-30947']);
  assert.ok(values(entity(result, '9647'), 'notes').includes('Acting for or on behalf of: HAMAS'));
});

test('a vessel (none in the consolidated list): IMO and MMSI documents, vessel features', async () => {
  // No SDN_ENHANCED.XML is in the shared data (over 4 MiB): this entity follows the Enhanced
  // XML layout of OFAC's SDN vessels (documents "Vessel Registration Identification" and
  // "MMSI", features "Vessel Flag", "VESSEL TYPE", "Vessel Call Sign"…).
  const file = join(tmp, 'SDN_ENHANCED.XML');
  const feature = (type: string, value: string) => `<feature><type>${type}</type><value>${value}</value></feature>`;
  writeFileSync(
    file,
    `<?xml version="1.0" encoding="utf-8"?>
<sanctionsData xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML">
  <publicationInfo><dataAsOf>2024-12-31T00:00:00</dataAsOf></publicationInfo>
  <referenceValues><referenceValue refId="11206"><type>COUNTRY</type><value>Tuvalu</value><isoCode>TV</isoCode></referenceValue></referenceValues>
  <entities>
    <entity id="15036">
      <generalInfo><identityId>1</identityId><entityType refId="602">Vessel</entityType></generalInfo>
      <sanctionsLists><sanctionsList refId="1550" datePublished="2012-07-12">SDN List</sanctionsList></sanctionsLists>
      <sanctionsPrograms><sanctionsProgram>IRAN</sanctionsProgram></sanctionsPrograms>
      <names><name><isPrimary>true</isPrimary><isLowQuality>false</isLowQuality><translations><translation>
        <isPrimary>true</isPrimary><script>Latin</script><formattedFullName>ARTAVIL</formattedFullName>
      </translation></translations></name></names>
      <features>
        ${feature('Vessel Call Sign', 'T2DM4')}
        ${feature('VESSEL TYPE', 'Crude Oil Tanker')}
        <feature><type>Vessel Flag</type><value>Tuvalu</value><valueRefId>11206</valueRefId></feature>
        ${feature('Vessel Gross Registered Tonnage', '164,241')}
        ${feature('Vessel Owner', 'NATIONAL IRANIAN TANKER COMPANY')}
      </features>
      <identityDocuments>
        <identityDocument><type>Vessel Registration Identification</type><documentNumber>IMO 9187629</documentNumber></identityDocument>
        <identityDocument><type>MMSI</type><documentNumber>572469210</documentNumber></identityDocument>
      </identityDocuments>
    </entity>
  </entities>
</sanctionsData>
`,
  );
  const sdn = await readAll(ofacEnhancedXmlFormat, [file], 'us_ofac_sdn');
  assert.equal(sdn.published, '2024-12-31');
  const vessel = sdn.byId.get('us_ofac_sdn-15036');
  assert.equal(vessel?.schema, 'Vessel');
  assert.deepEqual(values(vessel, 'imoNumber'), ['9187629']);
  assert.deepEqual(values(vessel, 'mmsi'), ['572469210']);
  assert.deepEqual(values(vessel, 'callSign'), ['T2DM4']);
  assert.deepEqual(values(vessel, 'type'), ['Crude Oil Tanker']);
  assert.deepEqual(values(vessel, 'flag'), ['tv']);
  assert.deepEqual(values(vessel, 'grossRegisteredTonnage'), ['164241']);
  assert.deepEqual(values(vessel, 'notes'), ['Vessel owner: NATIONAL IRANIAN TANKER COMPANY']);
  assert.deepEqual(values(sdn.entities.find((e) => e.schema === 'Sanction'), 'listingDate'), ['2012-07-12']);
});

test('the .ZIP OFAC publishes reads like the XML; beside its XML it is skipped', async () => {
  const zipped = await readAll(ofacEnhancedXmlFormat, [ZIP]);
  assert.equal(zipped.published, '2025-01-10');
  assert.deepEqual(
    zipped.entities.map((e) => e.id),
    result.entities.map((e) => e.id),
  );
  const both = await readAll(ofacEnhancedXmlFormat, [ENHANCED, ZIP]);
  assert.equal(both.entities.length, result.entities.length);
  assert.equal(both.warnings.length, 1);
  assert.equal(both.warnings[0].file, 'CONS_ENHANCED.ZIP');
});

test('detect: the Enhanced XML and its zip, and nothing else', () => {
  assert.equal(ofacEnhancedXmlFormat.detect(['cons_enhanced.xml'], readHead(ENHANCED)), true);
  assert.equal(ofacEnhancedXmlFormat.detect(['cons_enhanced.zip'], readHead(ZIP)), true);
  assert.equal(ofacEnhancedXmlFormat.detect(['consolidated.xml'], readHead(CLASSIC)), false);
  assert.equal(ofacXmlFormat.detect(['cons_enhanced.zip'], readHead(ZIP)), false);
  const csv = raw('ofac_consolidated', 'wallblue4_2025-08-18', 'cons_prim.csv');
  assert.equal(ofacEnhancedXmlFormat.detect(['cons_prim.csv'], readHead(csv)), false);
});

test('a truncated file is an ImportError naming the file and line', async () => {
  const cut = readFileSync(ENHANCED, 'utf8').slice(0, 1_500_000);
  const dir = mkdtempSync(join(tmp, 'cut-'));
  writeFileSync(join(dir, 'CONS_ENHANCED.XML'), cut);
  await assert.rejects(readAll(ofacEnhancedXmlFormat, [join(dir, 'CONS_ENHANCED.XML')]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, 'CONS_ENHANCED.XML');
    assert.equal(err.where.line, cut.split('\n').length);
    return true;
  });
  // A zip cut off loses its central directory: refused, naming the zip.
  const zip = join(dir, 'CONS_ENHANCED.ZIP');
  writeFileSync(zip, readFileSync(ZIP).subarray(0, 100_000));
  await assert.rejects(readAll(ofacEnhancedXmlFormat, [zip]), (err: unknown) => err instanceof ImportError && err.where.file === 'CONS_ENHANCED.ZIP');
});

test('an entity without a primary name is an ImportError at its line', async () => {
  const lines = readFileSync(ENHANCED, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.includes('<entity id="9639">'));
  const end = lines.findIndex((l, i) => i > start && l.includes('</entity>'));
  const body = lines.slice(start, end + 1).map((l) => l.replace('<isPrimary>true</isPrimary>', '<isPrimary>false</isPrimary>'));
  const file = join(tmp, 'noname.xml');
  writeFileSync(file, ['<sanctionsData>', '<entities>', ...body, '</entities>', '</sanctionsData>'].join('\n'));
  await assert.rejects(readAll(ofacEnhancedXmlFormat, [file]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.deepEqual(err.where, { file: 'noname.xml', line: 3, field: 'names' });
    return true;
  });
});
