// The OFAC legacy CSV set against the real files: sdn.csv alone (jackdwyer scrapes, where the
// remarks are the only source of (weak) aliases and identifiers), the full watchman sets
// (sdn + add + alt + sdn_comments) and the consolidated non-SDN list (cons_*.csv).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readHead } from '../../src/sources/io.js';
import { AUTHORITY } from '../../src/sources/authorities.js';
import { ofacCsvFormat } from '../../src/sources/ofac_csv.js';
import { ImportError } from '../../src/sources/types.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values, type ReadResult } from '../helpers/read.js';

const SUBJECTS = ['Person', 'Organization', 'Company', 'Vessel', 'Airplane'];

function filesIn(...dir: string[]): string[] {
  const path = raw(...dir);
  return readdirSync(path)
    .sort()
    .map((name) => join(path, name));
}

const sdn20220224 = await readAll(ofacCsvFormat, filesIn('ofac_sdn', 'jackdwyer_2022-02-24'));
const sdn20220225 = await readAll(ofacCsvFormat, filesIn('ofac_sdn', 'jackdwyer_2022-02-25'));
const sdn20240503 = await readAll(ofacCsvFormat, filesIn('ofac_sdn', 'jackdwyer_2024-05-03'));
const watchman2021 = await readAll(ofacCsvFormat, filesIn('ofac_sdn', 'watchman_2021-07-07'));
const cons20251219 = await readAll(ofacCsvFormat, filesIn('ofac_consolidated', 'watchman_2025-12-19'), 'us_ofac_cons');
const cons20250818 = await readAll(ofacCsvFormat, filesIn('ofac_consolidated', 'wallblue4_2025-08-18'), 'us_ofac_cons');
const tmp = mkdtempSync(join(tmpdir(), 'sanctrace-ofac-csv-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A modified copy of a real file, under its OFAC name in a folder of its own. */
function writeCopy(folder: string, name: string, content: Buffer | string): string {
  const path = join(tmp, folder, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** The lines of the 2022-02-24 sdn.csv (CRLF; the last "line" is the 0x1A byte). */
const SDN_LINES = readFileSync(raw('ofac_sdn', 'jackdwyer_2022-02-24', 'sdn.csv'), 'latin1').split('\r\n');

async function importError(files: string[]): Promise<ImportError> {
  try {
    await readAll(ofacCsvFormat, files);
  } catch (err) {
    assert.ok(err instanceof ImportError, String(err));
    return err;
  }
  assert.fail('ImportError expected');
}

function subjectCount(r: ReadResult): number {
  const counts = countBySchema(r);
  return SUBJECTS.reduce((sum, schema) => sum + (counts[schema] ?? 0), 0);
}

function entity(r: ReadResult, ent: string, dataset = 'us_ofac_sdn') {
  const found = r.byId.get(`${dataset}-${ent}`);
  assert.ok(found, `record ${ent} read`);
  return found;
}

function programsOf(r: ReadResult, id: string): string[] {
  const sanctions = sanctionsOf(r, id);
  assert.equal(sanctions.length, 1, `one Sanction for ${id}`);
  return values(sanctions[0], 'program');
}

/** The objects of the UnknownLinks whose subject is `id`. */
function linkedTo(r: ReadResult, id: string): string[] {
  return r.entities.filter((e) => e.schema === 'UnknownLink' && values(e, 'subject').includes(id)).flatMap((e) => values(e, 'object'));
}

test('record counts per file match SOURCES.md; one Sanction per record; every id once', () => {
  const expected: [string, ReadResult, number][] = [
    ['jackdwyer 2022-02-24 sdn.csv', sdn20220224, 9123],
    ['jackdwyer 2022-02-25 sdn.csv', sdn20220225, 9214],
    ['jackdwyer 2024-05-03 sdn.csv', sdn20240503, 14965],
    ['watchman 2021-07-07 set', watchman2021, 8976],
    ['watchman 2025-12-19 cons set', cons20251219, 442],
    ['wallblue4 2025-08-18 cons_prim.csv', cons20250818, 443],
  ];
  for (const [label, r, count] of expected) {
    assert.equal(subjectCount(r), count, label);
    assert.equal(countBySchema(r).Sanction, count, `${label}: Sanctions`);
    assert.deepEqual(r.warnings, [], `${label}: no warnings`);
    const ids = r.entities.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, `${label}: every id once`);
  }
  // SDN_Type column of 2024-05-03: 6,854 individual, 851 vessel, 376 aircraft, 6,884 -0-.
  const counts = countBySchema(sdn20240503);
  assert.equal(counts.Person, 6854);
  assert.equal(counts.Vessel, 851);
  assert.equal(counts.Airplane, 376);
  assert.equal(counts.Organization + counts.Company, 6884);
  // The legacy CSV states no publication date.
  assert.equal(sdn20240503.published, null);
});

test('MZKT (ent 34769): first listed 2022-02-25, weak aliases and registration number from the remarks', () => {
  assert.equal(sdn20220224.byId.get('us_ofac_sdn-34769'), undefined, 'not yet listed on 2022-02-24');
  for (const r of [sdn20220225, sdn20240503]) {
    const mzkt = entity(r, '34769');
    // "Target Type State-Owned Enterprise; Registration Number 100534485 (Belarus); a.k.a. 'OJSC MZKT'; …"
    assert.equal(mzkt.schema, 'Company');
    assert.deepEqual(values(mzkt, 'name'), ['MINSK WHEEL TRACTOR PLANT']);
    // The remarks hold OFAC's weak akas (strong ones are in alt.csv, not published with these scrapes).
    assert.deepEqual(values(mzkt, 'weakAlias'), ['OJSC MZKT', 'OJSC MWPT', 'VOLAT']);
    assert.deepEqual(values(mzkt, 'alias'), []);
    assert.deepEqual(values(mzkt, 'registrationNumber'), ['100534485']);
    assert.ok(values(mzkt, 'notes').includes('Target Type State-Owned Enterprise'));
  }
  assert.deepEqual(programsOf(sdn20220225, 'us_ofac_sdn-34769'), ['BELARUS-EO14038']);
  // "NPWMD] [BELARUS-EO14038": the CSV keeps only the inner brackets.
  assert.deepEqual(programsOf(sdn20240503, 'us_ofac_sdn-34769'), ['NPWMD', 'BELARUS-EO14038']);
  const [sanction] = sanctionsOf(sdn20240503, 'us_ofac_sdn-34769');
  assert.deepEqual(values(sanction, 'authority'), [AUTHORITY.OFAC]);
  assert.deepEqual(values(sanction, 'authorityId'), ['34769']);
  assert.deepEqual(values(sanction, 'listingDate'), [], 'the CSV has no listing date');
  assert.match(values(sanction, 'sourceUrl')[0], /ofac\.treasury\.gov\/specially-designated-nationals/u);
});

test('LUKASHENKA (ent 9760): name parts, DOB, POB, nationality, gender; Title as position', () => {
  const latest = entity(sdn20240503, '9760');
  assert.equal(latest.schema, 'Person');
  assert.deepEqual(values(latest, 'name'), ['LUKASHENKA, Alyaksandr Ryhorovich']);
  assert.deepEqual(values(latest, 'lastName'), ['LUKASHENKA']);
  assert.deepEqual(values(latest, 'firstName'), ['Alyaksandr Ryhorovich']);
  // "DOB 30 Aug 1954; alt. DOB 31 Aug 1954; POB Kopys, Vitebsk oblast, Belarus; nationality Belarus; Gender Male."
  assert.deepEqual(values(latest, 'birthDate'), ['1954-08-30', '1954-08-31']);
  assert.deepEqual(values(latest, 'birthPlace'), ['Kopys, Vitebsk oblast, Belarus']);
  assert.deepEqual(values(latest, 'birthCountry'), ['by']);
  assert.deepEqual(values(latest, 'nationality'), ['by']);
  assert.deepEqual(values(latest, 'gender'), ['male']);
  assert.deepEqual(programsOf(sdn20240503, latest.id), ['BELARUS']);

  // 2022: another transliteration, Title "President" (repeated in the remarks: not a note).
  const earlier = entity(sdn20220225, '9760');
  assert.deepEqual(values(earlier, 'name'), ['LUKASHENKA, Alyaksandr Hryhoryavich']);
  assert.deepEqual(values(earlier, 'position'), ['President']);
  assert.deepEqual(values(earlier, 'birthDate'), ['1954-08-30']);
  assert.deepEqual(values(earlier, 'notes'), []);
});

test('dates: a year range is every year, "circa" is the year', () => {
  assert.deepEqual(values(entity(sdn20240503, '16479'), 'birthDate'), ['1970', '1971', '1972']); // DOB 1970 to 1972
  assert.deepEqual(values(entity(sdn20240503, '7782'), 'birthDate'), ['1951']); // DOB circa 1951
});

test('a vessel: columns, IMO and MMSI from the remarks, former flags, Linked To its owner company', () => {
  // 15036,"ARTAVIL","vessel","IRAN",-0- ,"T2EU4","Crude/Oil Products Tanker","99,144","56,068","Iran",-0- ,
  // "Former Vessel Flag Malta; …; Vessel Registration Identification IMO 9187629; MMSI 572469210; f.k.a. 'ALPHA';
  //  Linked To: NATIONAL IRANIAN TANKER COMPANY."
  const artavil = entity(sdn20240503, '15036');
  assert.equal(artavil.schema, 'Vessel');
  assert.deepEqual(values(artavil, 'imoNumber'), ['9187629']);
  assert.deepEqual(values(artavil, 'mmsi'), ['572469210']);
  assert.deepEqual(values(artavil, 'callSign'), ['T2EU4']);
  assert.deepEqual(values(artavil, 'type'), ['Crude/Oil Products Tanker']);
  assert.deepEqual(values(artavil, 'tonnage'), ['99144']);
  assert.deepEqual(values(artavil, 'grossRegisteredTonnage'), ['56068']);
  assert.deepEqual(values(artavil, 'flag'), ['ir']);
  assert.deepEqual(values(artavil, 'pastFlags'), ['mt', 'tv', 'tz']);
  assert.deepEqual(values(artavil, 'previousName'), ['ALPHA']);
  assert.deepEqual(linkedTo(sdn20240503, artavil.id), ['us_ofac_sdn-15117']);
  assert.deepEqual(values(entity(sdn20240503, '15117'), 'name'), ['NATIONAL IRANIAN TANKER COMPANY']);
});

test('an aircraft: build date, model, serial number; Linked To a record listed the same day', () => {
  const aircraft = entity(sdn20220225, '33373');
  assert.equal(aircraft.schema, 'Airplane');
  assert.deepEqual(values(aircraft, 'name'), ['EW-001PH']);
  assert.deepEqual(values(aircraft, 'buildDate'), ['2018']);
  assert.deepEqual(values(aircraft, 'model'), ['Agusta-Westland AW-139']);
  assert.deepEqual(values(aircraft, 'serialNumber'), ['31835']);
  // "Linked To: FOREIGN LIMITED LIABILITY COMPANY SLAVKALI." is ent 33371.
  const [link] = sdn20220225.entities.filter((e) => e.schema === 'UnknownLink' && values(e, 'subject').includes(aircraft.id));
  assert.deepEqual(values(link, 'object'), ['us_ofac_sdn-33371']);
  assert.deepEqual(values(link, 'role'), ['Linked To']);
});

test('full set: strong aliases from alt.csv, weak ones from the remarks, addresses from add.csv, remarks continued in sdn_comments.csv', () => {
  const bnc = entity(watchman2021, '306');
  assert.deepEqual(values(bnc, 'name'), ['BANCO NACIONAL DE CUBA']);
  // alt.csv: 306,220,"aka","NATIONAL BANK OF CUBA" (strong); sdn.csv remarks: "a.k.a. 'BNC'." (weak)
  assert.deepEqual(values(bnc, 'alias'), ['NATIONAL BANK OF CUBA']);
  assert.deepEqual(values(bnc, 'weakAlias'), ['BNC']);
  assert.ok(values(bnc, 'address').includes('Zweierstrasse 35, Zurich CH-8022, Switzerland'));
  assert.deepEqual(values(bnc, 'country'), ['ch', 'es', 'jp', 'pa']);
  // alt.csv: 4359,3565,"fka","INDUSTRIA AVICOLA PALMASECA S.A."
  assert.ok(values(entity(watchman2021, '4359'), 'previousName').includes('INDUSTRIA AVICOLA PALMASECA S.A.'));

  // sdn.csv stops at "…a.k.a. 'snowsjo"; sdn_comments.csv goes on "hn'; Linked To: LAZARUS GROUP."
  const tian = entity(watchman2021, '28263');
  assert.ok(values(tian, 'weakAlias').includes('snowsjohn'));
  assert.deepEqual(values(entity(watchman2021, '27307'), 'name'), ['LAZARUS GROUP']);
});

test('Linked To: a name ending in "S.A." resolves with or without the full stop; unknown names stay in notes', () => {
  // 26503 "EVROFINANCE MOSNARBANK": "…; Linked To: PETROLEOS DE VENEZUELA, S.A." (ent 26367), no extra stop.
  assert.ok(linkedTo(sdn20240503, 'us_ofac_sdn-26503').includes('us_ofac_sdn-26367'));
  // 2021 sdn_comments.csv ends 28263's remarks with "Linked To: LAZARUS GROUP." (full stop added).
  assert.deepEqual(linkedTo(watchman2021, 'us_ofac_sdn-28263'), ['us_ofac_sdn-27307']);
  // "Linked To: PRESIDENCY OF DEFENSE INDUSTRIES." names no record of the 2024 file.
  const unresolved = sdn20240503.entities.filter((e) => values(e, 'notes').includes('Linked To: PRESIDENCY OF DEFENSE INDUSTRIES'));
  assert.ok(unresolved.length > 0);
});

test('consolidated list: cons_* files, dataset us_ofac_cons, its own source URL', () => {
  const gpb = entity(cons20251219, '17016', 'us_ofac_cons');
  assert.equal(gpb.schema, 'Company');
  assert.deepEqual(values(gpb, 'name'), ['GAZPROMBANK JOINT STOCK COMPANY']);
  // cons_alt.csv: fka 'GAZPROMBANK OPEN JOINT STOCK COMPANY', aka 'BANK GPB JSC'
  assert.ok(values(gpb, 'previousName').includes('GAZPROMBANK OPEN JOINT STOCK COMPANY'));
  assert.deepEqual(values(gpb, 'alias'), ['BANK GPB JSC']);
  assert.ok(values(gpb, 'address').includes('16 Nametkina Street, Bldg. 1, Moscow 117420, Russia'));
  // cons_comments.csv carries the rest of the remarks: "…; Tax ID No. 7744001497 (Russia); …"
  assert.deepEqual(values(gpb, 'taxNumber'), ['7744001497']);
  assert.deepEqual(values(gpb, 'swiftBic'), ['GAZPRUMM']);
  assert.deepEqual(programsOf(cons20251219, gpb.id), ['UKRAINE-EO13662', 'RUSSIA-EO14024']);
  const [sanction] = sanctionsOf(cons20251219, gpb.id);
  assert.match(values(sanction, 'sourceUrl')[0], /consolidated-sanctions-list-non-sdn/u);
  // 9647: cons_alt.csv has 'AL ZAHAR, Mahmoud Khaled'; the remarks "a.k.a. 'ZAHAR, Mahmoud'; a.k.a.
  // 'AL-ZAHAR, Mahmoud'" are the akas the 2025-03-28 consolidated.xml marks <category>weak.
  const zahhar = entity(cons20251219, '9647', 'us_ofac_cons');
  assert.deepEqual(values(zahhar, 'alias'), ['AL ZAHAR, Mahmoud Khaled']);
  assert.deepEqual(values(zahhar, 'weakAlias'), ['ZAHAR, Mahmoud', 'AL-ZAHAR, Mahmoud']);
  // The first row of cons_prim.csv: 9639,"HANIYA, Ismail Abdul Salah","individual","NS-PLC",… "DOB 1962; POB Shati."
  const haniya = entity(cons20250818, '9639', 'us_ofac_cons');
  assert.deepEqual(values(haniya, 'birthDate'), ['1962']);
  assert.deepEqual(values(haniya, 'birthPlace'), ['Shati']);
  assert.deepEqual(programsOf(cons20250818, haniya.id), ['NS-PLC']);
});

test('detect: the SDN set, sdn.csv alone, the consolidated set; nothing else', () => {
  const detect = (files: string[]) => ofacCsvFormat.detect(files.map((f) => basename(f).toLowerCase()), readHead(files[0]));
  assert.equal(detect(filesIn('ofac_sdn', 'watchman_2021-07-07')), true); // head of add.csv
  assert.equal(detect(filesIn('ofac_sdn', 'jackdwyer_2024-05-03')), true);
  assert.equal(detect(filesIn('ofac_consolidated', 'watchman_2025-12-19')), true); // head of cons_add.csv
  assert.equal(detect(filesIn('ofac_consolidated', 'wallblue4_2025-08-18')), true);
  assert.equal(detect(filesIn('ofac_sdn', 'watchman_2021-07-07').filter((f) => !f.endsWith('sdn.csv'))), false, 'no primary file');
  assert.equal(detect([raw('us_csl', 'watchman_2023-11-30', 'csl.csv')]), false);
  assert.equal(detect([raw('ofac_consolidated', 'kebalkhadka_2025-03-28', 'consolidated.xml')]), false);
  // The set gzipped, as the bundled snapshots keep it.
  const gzipped = writeCopy('gzip', 'cons_prim.csv.gz', gzipSync(readFileSync(raw('ofac_consolidated', 'wallblue4_2025-08-18', 'cons_prim.csv'))));
  assert.equal(detect([gzipped]), true);
  // Another format's CSV under the OFAC name: its header row gives it away.
  const renamed = writeCopy('detect', 'sdn.csv', readFileSync(raw('us_csl', 'watchman_2023-11-30', 'csl.csv')).subarray(0, 4096));
  assert.equal(detect([renamed]), false);
});

test('a gzipped file reads as the plain one', async () => {
  const gzipped = writeCopy('gzip-read', 'cons_prim.csv.gz', gzipSync(readFileSync(raw('ofac_consolidated', 'wallblue4_2025-08-18', 'cons_prim.csv'))));
  const r = await readAll(ofacCsvFormat, [gzipped], 'us_ofac_cons');
  assert.deepEqual(r.entities, cons20250818.entities);
});

test('read refuses a header row of another format, other file names, a set without sdn.csv', async () => {
  const renamed = writeCopy('header', 'sdn.csv', readFileSync(raw('us_csl', 'watchman_2023-11-30', 'csl.csv')).subarray(0, 4096));
  const err = await importError([renamed]);
  assert.deepEqual(err.where, { file: 'sdn.csv', line: 1, field: 'ent_num' });
  assert.equal((await importError([raw('us_csl', 'watchman_2023-11-30', 'csl.csv')])).where.file, 'csl.csv');
  const sideOnly = filesIn('ofac_sdn', 'watchman_2021-07-07').filter((f) => !f.endsWith('sdn.csv'));
  assert.match((await importError(sideOnly)).message, /primary file/u);
});

test('a row with a column missing is an ImportError naming file, line and column', async () => {
  // Line 100 of the file without its last field (",-0- " Remarks).
  const lines = [...SDN_LINES];
  assert.match(lines[99], /,-0- $/u);
  lines[99] = lines[99].replace(/,-0- $/u, '');
  const err = await importError([writeCopy('missing', 'sdn.csv', lines.join('\r\n'))]);
  assert.deepEqual(err.where, { file: 'sdn.csv', line: 100, field: 'Remarks' });
  // The same short row as the last row before the EOF byte: the file is complete, so still an error.
  const complete = [...SDN_LINES.slice(0, 99), lines[99], SDN_LINES[SDN_LINES.length - 1]];
  assert.deepEqual((await importError([writeCopy('short-last', 'sdn.csv', complete.join('\r\n'))])).where, { file: 'sdn.csv', line: 100, field: 'Remarks' });
  // A row whose entity number is not a number.
  const broken = [...SDN_LINES];
  broken[9] = broken[9].replace(/^\d+,/u, 'X1,');
  assert.deepEqual((await importError([writeCopy('not-number', 'sdn.csv', broken.join('\r\n'))])).where, { file: 'sdn.csv', line: 10, field: 'ent_num' });
});

test('a download cut off in its last row: the rows before are read, the cut row is a warning', async () => {
  // Cut after the 4th field of line 51 (outside quotes): the last row lacks its Title.
  const atField = SDN_LINES[50].split(',').slice(0, 4).join(',');
  const cut = await readAll(ofacCsvFormat, [writeCopy('cut-field', 'sdn.csv', [...SDN_LINES.slice(0, 50), atField].join('\r\n'))]);
  assert.equal(subjectCount(cut), 50);
  // A cut-off download also lacks Treasury's end-of-file byte: said first, for the whole file.
  assert.deepEqual(cut.warnings.map((w) => [w.file, w.line, w.field]), [['sdn.csv', undefined, undefined], ['sdn.csv', 51, 'Title']]);
  assert.match(cut.warnings[0].message, /end-of-file marker/u);
  // Cut inside the quoted Remarks of a row.
  const withRemarks = SDN_LINES.findIndex((line, i) => i > 50 && /"DOB [^"]{20,}"$/u.test(line));
  const inQuotes = SDN_LINES[withRemarks].slice(0, SDN_LINES[withRemarks].length - 10);
  const quoted = await readAll(ofacCsvFormat, [writeCopy('cut-quote', 'sdn.csv', [...SDN_LINES.slice(0, withRemarks), inQuotes].join('\r\n'))]);
  assert.equal(subjectCount(quoted), withRemarks);
  assert.deepEqual(quoted.warnings.map((w) => [w.file, w.line]), [['sdn.csv', undefined], ['sdn.csv', withRemarks + 1]]);
});

