import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readHead } from '../../src/sources/io.js';
import { AUTHORITY } from '../../src/sources/authorities.js';
import { ofacCsvFormat } from '../../src/sources/ofac_csv.js';
import { ofacXmlFormat } from '../../src/sources/ofac_xml.js';
import { ImportError } from '../../src/sources/types.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values, type ReadResult } from '../helpers/read.js';

const CONSOLIDATED = raw('ofac_consolidated', 'kebalkhadka_2025-03-28', 'consolidated.xml');
const result = await readAll(ofacXmlFormat, [CONSOLIDATED]);
const tmp = mkdtempSync(join(tmpdir(), 'sanctrace-ofac-xml-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function entity(r: ReadResult, uid: string) {
  const found = r.byId.get(`us_ofac_cons-${uid}`);
  assert.ok(found, `entry ${uid} read`);
  return found;
}

function langOf(r: ReadResult, uid: string, prop: string, value: string): string | null | undefined {
  return entity(r, uid).statements.find((s) => s.prop === prop && s.value === value)?.lang;
}

test('reads all 443 entries of the 2025-03-28 consolidated list, one Sanction each', () => {
  const counts = countBySchema(result);
  // <Record_Count>443</Record_Count>; sdnType: 80 Individual, 363 Entity, of which 300 are
  // companies by their legal form or business facts (Target Type, ISIN, BIK…).
  assert.equal(counts.Person, 80);
  assert.equal(counts.Organization + counts.Company, 363);
  assert.equal(counts.Company, 300);
  assert.equal(counts.Sanction, 443);
  assert.equal(result.published, '2025-03-28');
  assert.deepEqual(result.warnings, []);
  const ids = result.entities.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, 'every id once');
});

test('ids are OFAC uids, equal to the CSV importer ids (ent_num) for the same list', async () => {
  const csv = await readAll(ofacCsvFormat, [raw('ofac_consolidated', 'wallblue4_2025-08-18', 'cons_prim.csv')], 'us_ofac_cons');
  const subjects = (r: ReadResult) => new Map(r.entities.filter((e) => e.schema !== 'Sanction' && e.schema !== 'UnknownLink').map((e) => [e.id, e.schema]));
  // Measured: both versions (2025-03-28 XML, 2025-08-18 CSV) list the same 443 ent_nums, and
  // both importers give each the same schema (Organization narrowed to Company alike).
  assert.deepEqual(subjects(result), subjects(csv));
  const sdn = await readAll(ofacXmlFormat, [CONSOLIDATED], 'us_ofac_sdn');
  assert.ok(sdn.byId.has('us_ofac_sdn-9647'), 'dataset us_ofac_sdn for sdn.xml');
});

test('a person: name parts, birth date, nationality, gender, identifiers', () => {
  const martelly = entity(result, '50476');
  assert.equal(martelly.schema, 'Person');
  assert.deepEqual(values(martelly, 'name'), ['MARTELLY, Michel Joseph']);
  assert.deepEqual(values(martelly, 'firstName'), ['Michel Joseph']);
  assert.deepEqual(values(martelly, 'lastName'), ['MARTELLY']);
  assert.deepEqual(values(martelly, 'birthDate'), ['1961-02-12']); // <dateOfBirth>12 Feb 1961
  assert.deepEqual(values(martelly, 'nationality'), ['ht']);
  assert.deepEqual(values(martelly, 'gender'), ['male']); // idType Gender
  assert.deepEqual(values(martelly, 'birthPlace'), ['Port-au-Prince, Haiti']);
  assert.ok(values(martelly, 'idNumber').includes('0032768386'), 'National ID No.');
  assert.ok(values(martelly, 'address').includes('Petionville, Ouest, Haiti'));
  assert.ok(values(martelly, 'country').includes('ht'));

  const kayakiran = entity(result, '26182');
  assert.deepEqual(values(kayakiran, 'passportNumber'), ['U00242309']);
  assert.deepEqual(values(kayakiran, 'citizenship'), ['tr']);
  assert.deepEqual(values(kayakiran, 'birthDate'), ['1980-02-08']);

  const zahhar = entity(result, '9647');
  assert.deepEqual(values(zahhar, 'nationality'), ['ps'], '"Palestinian"');
  assert.deepEqual(values(zahhar, 'birthDate'), ['1945']);
});

test('aliases: strong a.k.a. → alias, weak → weakAlias, f.k.a. → previousName', () => {
  const zahhar = entity(result, '9647');
  assert.deepEqual(values(zahhar, 'alias'), ['AL ZAHAR, Mahmoud Khaled']);
  assert.deepEqual(values(zahhar, 'weakAlias'), ['ZAHAR, Mahmoud', 'AL-ZAHAR, Mahmoud']);
  assert.deepEqual(values(entity(result, '50476'), 'weakAlias'), ['Sweet Micky']);
  const vtb = entity(result, '17013');
  assert.ok(values(vtb, 'previousName').includes('JSC VTB BANK'));
  assert.ok(values(vtb, 'alias').includes('VTB BANK PJSC'));
  assert.ok(values(vtb, 'weakAlias').includes('JSC VTB BANK NEW DELHI BRANCH'));
  assert.equal(langOf(result, '17013', 'alias', 'VTB BANK PJSC'), null);
  // 1,136 aka: 992 a.k.a. + 144 f.k.a.; 70 weak.
  const count = (prop: string) => result.entities.reduce((n, e) => n + values(e, prop).length, 0);
  assert.ok(count('previousName') >= 140 && count('previousName') <= 144);
  assert.ok(count('weakAlias') >= 65 && count('weakAlias') <= 70);
});

test('an organisation: identifiers by type, Russian INN/OGRN, features', () => {
  const vtb = entity(result, '17013');
  assert.equal(vtb.schema, 'Company');
  assert.equal(entity(result, '31693').schema, 'Organization', 'National Wealth Fund: Target Type Government Entity');
  assert.ok(values(vtb, 'registrationNumber').includes('1027739609391'));
  assert.deepEqual(values(vtb, 'ogrnCode'), ['1027739609391']); // Registration ID, Russia, 13 digits
  assert.deepEqual(values(vtb, 'innCode'), ['7702070139']); // Tax ID No., Russia
  assert.deepEqual(values(vtb, 'taxNumber'), ['7702070139']);
  assert.deepEqual(values(vtb, 'leiCode'), ['253400V1H6ART1UQ0N98']);
  assert.deepEqual(values(vtb, 'swiftBic'), ['VTBRRUMM']);
  assert.deepEqual(values(vtb, 'incorporationDate'), ['1990-10-17']);
  assert.ok(values(vtb, 'website').includes('www.vtb.ru'));
  assert.ok(values(vtb, 'address').includes('29, Bolshaya Morskaya str., St. Petersburg, 190000, Russia'));
});

test('Sanction: authority, programme codes, provisions', () => {
  const [sanction] = sanctionsOf(result, 'us_ofac_cons-9647');
  assert.equal(sanction.id, 'us_ofac_cons-9647-sanction');
  assert.deepEqual(values(sanction, 'authority'), [AUTHORITY.OFAC]);
  assert.deepEqual(values(sanction, 'program'), ['NS-PLC', 'SDGT']);
  assert.deepEqual(values(sanction, 'authorityId'), ['9647']);
  assert.match(values(sanction, 'provisions')[0], /^Secondary sanctions risk: section 1\(b\) of Executive Order 13224/u);
  const [vtb] = sanctionsOf(result, 'us_ofac_cons-17013');
  assert.deepEqual(values(vtb, 'program'), ['UKRAINE-EO13662', 'RUSSIA-EO14024']);
});

test('"(Linked To: …)" remarks become UnknownLinks to the named entry of the file', () => {
  const links = result.entities.filter((e) => e.schema === 'UnknownLink');
  // 283 Linked To remarks; one points at HAMAS, which is on the SDN list, not in this file.
  assert.equal(links.length, 282);
  const toVtb = links.find((l) => values(l, 'subject')[0] === 'us_ofac_cons-17017');
  assert.ok(toVtb);
  assert.deepEqual(values(toVtb, 'object'), ['us_ofac_cons-17013']);
  assert.deepEqual(values(toVtb, 'role'), ['Linked To']);
  assert.ok(values(entity(result, '9647'), 'notes').includes('Linked To: HAMAS'));
  const huawei = links.filter((l) => values(l, 'object')[0] === result.entities.find((e) => values(e, 'name')[0] === 'HUAWEI INVESTMENT & HOLDING CO., LTD.')?.id);
  assert.equal(huawei.length, 2, 'a name with "&" and a trailing dot resolves');
});

test('a vessel (none in the consolidated list): IMO, MMSI and vesselInfo, in the sdn.xml layout', async () => {
  // The consolidated list has no vessels and no sdn.xml is in the shared data (over 4 MiB):
  // this entry follows the sdn.xsd layout of OFAC's SDN vessel entries.
  const file = join(tmp, 'sdn.xml');
  writeFileSync(
    file,
    `<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">
  <publshInformation><Publish_Date>12/31/2024</Publish_Date><Record_Count>1</Record_Count></publshInformation>
  <sdnEntry>
    <uid>15036</uid>
    <lastName>ARTAVIL</lastName>
    <sdnType>Vessel</sdnType>
    <remarks>(Linked To: NATIONAL IRANIAN TANKER COMPANY)</remarks>
    <programList><program>IRAN</program></programList>
    <idList>
      <id><uid>1</uid><idType>Vessel Registration Identification</idType><idNumber>IMO 9187629</idNumber></id>
      <id><uid>2</uid><idType>MMSI</idType><idNumber>572469210</idNumber></id>
      <id><uid>3</uid><idType>Vessel Year of Build</idType><idNumber>2000</idNumber></id>
    </idList>
    <akaList><aka><uid>4</uid><type>f.k.a.</type><category>strong</category><lastName>ATLANTIC</lastName></aka></akaList>
    <vesselInfo>
      <callSign>T2DM4</callSign>
      <vesselType>Crude Oil Tanker</vesselType>
      <vesselFlag>Tuvalu</vesselFlag>
      <tonnage>299,986</tonnage>
      <grossRegisteredTonnage>164,241</grossRegisteredTonnage>
    </vesselInfo>
  </sdnEntry>
</sdnList>
`,
  );
  const sdn = await readAll(ofacXmlFormat, [file], 'us_ofac_sdn');
  assert.equal(sdn.published, '2024-12-31');
  const vessel = sdn.byId.get('us_ofac_sdn-15036');
  assert.equal(vessel?.schema, 'Vessel');
  assert.deepEqual(values(vessel, 'imoNumber'), ['9187629']);
  assert.deepEqual(values(vessel, 'mmsi'), ['572469210']);
  assert.deepEqual(values(vessel, 'callSign'), ['T2DM4']);
  assert.deepEqual(values(vessel, 'flag'), ['tv']);
  assert.deepEqual(values(vessel, 'type'), ['Crude Oil Tanker']);
  assert.deepEqual(values(vessel, 'tonnage'), ['299986']);
  assert.deepEqual(values(vessel, 'grossRegisteredTonnage'), ['164241']);
  assert.deepEqual(values(vessel, 'buildDate'), ['2000']);
  assert.deepEqual(values(vessel, 'previousName'), ['ATLANTIC']);
  assert.deepEqual(values(sdn.entities.find((e) => e.schema === 'Sanction'), 'program'), ['IRAN']);
});

test('detect: the sdnList XML, and nothing else', () => {
  assert.equal(ofacXmlFormat.detect(['consolidated.xml'], readHead(CONSOLIDATED)), true);
  const enhanced = raw('ofac_consolidated', 'watchman_2025-01-10', 'CONS_ENHANCED.XML');
  assert.equal(ofacXmlFormat.detect(['cons_enhanced.xml'], readHead(enhanced)), false);
  const csv = raw('ofac_consolidated', 'wallblue4_2025-08-18', 'cons_prim.csv');
  assert.equal(ofacXmlFormat.detect(['cons_prim.csv'], readHead(csv)), false);
  const un = raw('un_sc', 'watchman_2026-02-27', 'consolidated.xml');
  assert.equal(ofacXmlFormat.detect(['consolidated.xml'], readHead(un)), false);
});

test('a truncated file is an ImportError naming the file and line', async () => {
  const cut = readFileSync(CONSOLIDATED, 'utf8').slice(0, 400_000);
  const dir = mkdtempSync(join(tmp, 'cut-'));
  const file = join(dir, 'consolidated.xml');
  writeFileSync(file, cut);
  await assert.rejects(readAll(ofacXmlFormat, [file]), (err: unknown) => {
    assert.ok(err instanceof ImportError);
    assert.equal(err.where.file, 'consolidated.xml');
    assert.equal(err.where.line, cut.split('\n').length);
    assert.match(err.message, /malformed XML|truncated/u);
    return true;
  });
});

test('broken markup is an ImportError at its line; another XML is refused', async () => {
  const lines = readFileSync(CONSOLIDATED, 'utf8').split('\n').slice(0, 120);
  lines[99] = '    <lastName>BROKEN</firstName>';
  const broken = join(tmp, 'broken.xml');
  writeFileSync(broken, lines.join('\n'));
  await assert.rejects(readAll(ofacXmlFormat, [broken]), (err: unknown) => err instanceof ImportError && err.where.file === 'broken.xml' && err.where.line === 100);
  const un = raw('un_sc', 'watchman_2026-02-27', 'consolidated.xml');
  await assert.rejects(readAll(ofacXmlFormat, [un]), (err: unknown) => err instanceof ImportError && /root element <CONSOLIDATED_LIST>/u.test(err.message));
});
