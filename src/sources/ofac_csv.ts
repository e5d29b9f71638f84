// OFAC's legacy CSV files: the SDN list (sdn.csv, add.csv, alt.csv, sdn_comments.csv) and the
// consolidated non-SDN list in the same layout (cons_prim.csv, cons_add.csv, cons_alt.csv,
// cons_comments.csv). Quirks of the files:
// - no header; `-0-` (often `-0- ` with a space) is null; the last line is the 0x1A EOF byte;
// - the Programs column keeps only the inner brackets: "NPWMD] [BELARUS-EO14038";
// - Remarks is a `;`-separated list of facts (DOB, POB, a.k.a., identifiers, "Linked To: NAME.")
//   cut at about 1,000 characters; the rest continues, mid-word, in sdn_comments.csv.
//   sdn.csv is often published alone, so the remarks are parsed into properties here;
// - alt.csv holds the strong akas, the remarks the weak ones.
// Spec: https://ofac.treasury.gov/sdn-list-data-formats-data-schemas (legacy CSV); samples in
// shared/data/raw/ofac_sdn (2019-2024) and ofac_consolidated (2025).
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { propertyType } from '../model/ftm.js';
import { entityId } from '../model/ids.js';
import { cleanText, parseDate, parseDates, toCountryCode } from '../model/values.js';
import { AUTHORITY } from './authorities.js';
import { hasCompanyForm } from './ofac_xml.js';
import { csvRows, isGzip, type CsvRow } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

// ---------------------------------------------------------------------------------------------
// The file set

type Role = 'primary' | 'address' | 'alias' | 'comments';

/** Base names of the set: [SDN list name, consolidated list name]. */
const FILE_NAMES: Record<Role, [string, string]> = {
  primary: ['sdn', 'cons_prim'],
  address: ['add', 'cons_add'],
  alias: ['alt', 'cons_alt'],
  comments: ['sdn_comments', 'cons_comments'],
};

// Column names as OFAC's data specification gives them (the files have no header).
const COLUMNS: Record<Role, string[]> = {
  primary: ['ent_num', 'SDN_Name', 'SDN_Type', 'Program', 'Title', 'Call_Sign', 'Vess_type', 'Tonnage', 'GRT', 'Vess_flag', 'Vess_owner', 'Remarks'],
  address: ['Ent_num', 'Add_num', 'Address', 'City/State/Province/Postal Code', 'Country', 'Add_remarks'],
  alias: ['ent_num', 'alt_num', 'alt_type', 'alt_name', 'alt_remarks'],
  comments: ['ent_num', 'Remarks_Extended'],
};

const SOURCE_URLS = {
  sdn: 'https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists',
  cons: 'https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists',
};

interface SetFile {
  role: Role;
  /** True for the consolidated (cons_*) list, false for the SDN list. */
  consolidated: boolean;
}

function identify(name: string): SetFile | null {
  const base = name.toLowerCase().replace(/\.csv(\.gz)?$/u, '');
  if (base === name.toLowerCase()) return null;
  for (const [role, [sdn, cons]] of Object.entries(FILE_NAMES) as [Role, [string, string]][]) {
    if (base === sdn || base === cons) return { role, consolidated: base === cons };
  }
  return null;
}

/** The files of ctx by role; refuses unknown names, duplicates, mixed sets and a missing primary. */
function fileSet(files: string[]): { byRole: Map<Role, string>; consolidated: boolean } {
  const byRole = new Map<Role, string>();
  let consolidated: boolean | null = null;
  for (const file of files) {
    const name = basename(file);
    const found = identify(name);
    if (!found) throw new ImportError(`not a file of the OFAC CSV set (${Object.values(FILE_NAMES).flat().join('/')}.csv)`, { file: name });
    if (byRole.has(found.role)) throw new ImportError(`two ${found.role} files given (${basename(byRole.get(found.role)!)} and ${name})`, { file: name });
    if (consolidated !== null && consolidated !== found.consolidated) throw new ImportError('files of the SDN list and of the consolidated list mixed', { file: name });
    consolidated = found.consolidated;
    byRole.set(found.role, file);
  }
  if (!byRole.has('primary')) throw new ImportError('the OFAC CSV set needs its primary file (sdn.csv or cons_prim.csv)', { file: basename(files[0] ?? '') });
  return { byRole, consolidated: consolidated ?? false };
}

// ---------------------------------------------------------------------------------------------
// Rows

const EOF_BYTE = '\u001a';
const isEofMarker = (row: CsvRow) => row.fields.length === 1 && row.fields[0].trim() === EOF_BYTE;
const hasEntityNumber = (row: CsvRow) => /^\s*\d+\s*$/u.test(row.fields[0]);

function checkRow(row: CsvRow, role: Role, file: string): void {
  const columns = COLUMNS[role];
  if (!hasEntityNumber(row)) {
    throw new ImportError(`entity number '${row.fields[0]}' is not a number (a header or another format?)`, { file, line: row.line, field: columns[0] });
  }
  if (row.fields.length < columns.length) {
    throw new ImportError(`${row.fields.length} fields, expected ${columns.length}: column missing`, { file, line: row.line, field: columns[row.fields.length] });
  }
  if (row.fields.length > columns.length) {
    throw new ImportError(`${row.fields.length} fields, expected ${columns.length}`, { file, line: row.line, field: `field ${columns.length + 1}` });
  }
}

/**
 * The checked rows of one file of the set. A row that is not a row of this file is an
 * ImportError, except a last row cut off by a truncated download (no EOF byte after it): it is
 * skipped with a warning. Each row is checked when the next arrives, to know which is the last.
 */
async function* checkedRows(file: string, role: Role, ctx: ReadContext): AsyncGenerator<CsvRow> {
  const name = basename(file);
  const onCutOff = (line: number) => ctx.warn({ file: name, line, message: 'file ends inside a quoted field (cut off?): last row skipped' });
  let pending: CsvRow | null = null;
  let complete = false;
  for await (const row of csvRows(file, { encoding: 'auto', onBytes: ctx.progress, onCutOff })) {
    if (isEofMarker(row)) {
      complete = true;
      continue;
    }
    if (pending) {
      checkRow(pending, role, name);
      yield pending;
    }
    pending = row;
  }
  if (!pending) return;
  if (!complete && hasEntityNumber(pending) && pending.fields.length < COLUMNS[role].length) {
    ctx.warn({ file: name, line: pending.line, field: COLUMNS[role][pending.fields.length], message: 'last row cut off: skipped' });
    return;
  }
  checkRow(pending, role, name);
  yield pending;
}

// ---------------------------------------------------------------------------------------------
// Side files (small joins keyed by entity number) and the name index for relations

interface AliasRow {
  type: string;
  name: string;
  remarks: string | null;
}

interface SideData {
  addresses: Map<string, { address: string; country: string | null; remarks: string | null }[]>;
  aliases: Map<string, AliasRow[]>;
  /** Remarks overflow, raw: it continues the sdn.csv Remarks mid-word. */
  comments: Map<string, string>;
}

function pushTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

async function readSideFiles(byRole: Map<Role, string>, ctx: ReadContext): Promise<SideData> {
  const side: SideData = { addresses: new Map(), aliases: new Map(), comments: new Map() };
  const rows = (role: Role) => (byRole.has(role) ? checkedRows(byRole.get(role)!, role, ctx) : []);
  for await (const { fields } of rows('address')) {
    const [street, city, country] = [fields[2], fields[3], fields[4]].map((f) => cleanText(f));
    const address = [street, city, country].filter((p): p is string => p !== null).join(', ');
    if (address) pushTo(side.addresses, fields[0].trim(), { address, country, remarks: cleanText(fields[5]) });
  }
  for await (const { fields } of rows('alias')) {
    const name = cleanText(fields[3]);
    if (name) pushTo(side.aliases, fields[0].trim(), { type: (cleanText(fields[2]) ?? 'aka').toLowerCase(), name, remarks: cleanText(fields[4]) });
  }
  for await (const { fields } of rows('comments')) {
    const ent = fields[0].trim();
    if (cleanText(fields[1])) side.comments.set(ent, (side.comments.get(ent) ?? '') + fields[1]);
  }
  return side;
}

/** Upper-case primary name → entity numbers (OFAC lists some names twice, e.g. branches). */
type NameIndex = Map<string, string[]>;

/** First pass over the primary file: the names "Linked To:" and owners refer to. */
async function indexNames(file: string): Promise<NameIndex> {
  const index: NameIndex = new Map();
  // Quiet pass: the main pass reports every problem of this file.
  for await (const row of csvRows(file, { encoding: 'auto', onCutOff: () => {} })) {
    const name = cleanText(row.fields[1]);
    if (hasEntityNumber(row) && name) pushTo(index, name.toUpperCase(), row.fields[0].trim());
  }
  return index;
}

/** Records called `name`; the trailing '.' of a remark may be OFAC's full stop or part of "S.A.". */
function lookUp(index: NameIndex, name: string): string[] {
  const upper = name.toUpperCase();
  return index.get(upper) ?? index.get(`${upper}.`) ?? index.get(upper.replace(/\.$/u, '')) ?? [];
}

// ---------------------------------------------------------------------------------------------
// Remarks: "DOB 30 Aug 1954; alt. DOB 31 Aug 1954; POB Kopys, Vitebsk oblast, Belarus; a.k.a. 'X'."

/** The facts of a remarks text, each without its trailing full stop. */
function splitFacts(remarks: string | null): string[] {
  if (!remarks) return [];
  return remarks
    .split(/;\s*/u)
    .map((fact) => fact.trim().replace(/\.$/u, '').trim())
    .filter(Boolean);
}

/** Labels whose value is one property (value cleaned by its FtM type). */
const FACT_PROPS: Record<string, string> = {
  DOB: 'birthDate',
  POB: 'birthPlace',
  nationality: 'nationality',
  citizen: 'citizenship',
  Gender: 'gender',
  Website: 'website',
  'Email Address': 'email',
  Email: 'email',
  'Phone Number': 'phone',
  Phone: 'phone',
  'Phone No.': 'phone',
  Telephone: 'phone',
  'Telephone No.': 'phone',
  'Telephone Number': 'phone',
  Fax: 'phone',
  'Fax No.': 'phone',
  'Organization Established Date': 'incorporationDate',
  'Organization Type': 'sector',
  'Nationality of Registration': 'jurisdiction',
  'SWIFT/BIC': 'swiftBic',
  'BIK (RU)': 'bikCode',
  ISIN: 'isinCode',
  'Equity Ticker': 'ticker',
  MMSI: 'mmsi',
  'Vessel Year of Build': 'buildDate',
  'Other Vessel Flag': 'flag',
  'Former Vessel Flag': 'pastFlags',
  'Other Vessel Call Sign': 'callSign',
  'Other Vessel Type': 'type',
  'Aircraft Model': 'model',
  'Aircraft Manufacture Date': 'buildDate',
  "Aircraft Manufacturer's Serial Number (MSN)": 'serialNumber',
  'Aircraft Construction Number (also called L/N or S/N or F/N)': 'serialNumber',
  'Aircraft Serial Identification': 'serialNumber',
  'Aircraft Tail Number': 'registrationNumber',
};

/**
 * OFAC's identity document types (the "ID DOCUMENT TYPE" reference values of its XML exports)
 * as remarks write them, "<type> <number> (<country>) issued <date> expires <date>", to the
 * FtM property of the number. Other labels that name a document ("… No. 123") go to idNumber.
 */
const ID_PROPS: Record<string, string> = {
  Passport: 'passportNumber',
  'Passport No.': 'passportNumber',
  'Passport Booklet': 'passportNumber',
  'Diplomatic Passport': 'passportNumber',
  'British National Overseas Passport': 'passportNumber',
  'Stateless Person Passport': 'passportNumber',
  'Tax ID No.': 'taxNumber',
  'R.F.C.': 'taxNumber',
  RFC: 'taxNumber',
  'NIT #': 'taxNumber',
  'RUC #': 'taxNumber',
  'RIF #': 'taxNumber',
  'US FEIN': 'taxNumber',
  'C.U.I.T.': 'taxNumber',
  'C.I.F.': 'taxNumber',
  'N.I.F.': 'taxNumber',
  RTN: 'taxNumber',
  RSIN: 'taxNumber',
  'Italian Fiscal Code': 'taxNumber',
  'Fiscal Code': 'taxNumber',
  'Romanian Tax Registration': 'taxNumber',
  'Paraguayan tax identification number': 'taxNumber',
  'Numero Unico de Identificacao Tributaria (NUIT)': 'taxNumber',
  'V.A.T. Number': 'vatCode',
  SSN: 'socialSecurityNumber',
  'Legal Entity Number': 'leiCode',
  'D-U-N-S Number': 'dunsCode',
  'Government Gazette Number': 'okpoCode',
  'Unified Social Credit Code (USCC)': 'uscCode',
  'United Social Credit Code Certificate (USCCC)': 'uscCode',
  'Russian State Individual Business Registration Number Pattern (OGRNIP)': 'ogrnCode',
  'Global Intermediary Identification Number': 'giiNumber',
  'Vessel Registration Identification': 'registrationNumber',
  'International Maritime Organization No.': 'imoNumber',
  'Registration Number': 'registrationNumber',
  'Registration ID': 'registrationNumber',
  'Business Registration Number': 'registrationNumber',
  'Business Registration Document #': 'registrationNumber',
  'Business Number': 'registrationNumber',
  'Commercial Registry Number': 'registrationNumber',
  'Company Number': 'registrationNumber',
  'UK Company Number': 'registrationNumber',
  'C.R. No.': 'registrationNumber',
  'Romanian C.R.': 'registrationNumber',
  'C.I.N.': 'registrationNumber',
  'Certificate of Incorporation Number': 'registrationNumber',
  'Registration Certificate Number (Dubai)': 'registrationNumber',
  'Public Registration Number': 'registrationNumber',
  'Central Registration System Number': 'registrationNumber',
  'Economic Register Number (CBLS)': 'registrationNumber',
  'Enterprise Number': 'registrationNumber',
  'Branch Unit Number': 'registrationNumber',
  'Organization Code': 'registrationNumber',
  'Folio Mercantil No.': 'registrationNumber',
  'Matricula Mercantil No': 'registrationNumber',
  'Chamber of Commerce Number': 'registrationNumber',
  'Istanbul Chamber of Comm. No.': 'registrationNumber',
  'Dubai Chamber of Commerce Membership No.': 'registrationNumber',
  'Registered Charity No.': 'registrationNumber',
  'MSB Registration Number': 'licenseNumber',
  'Trade License No.': 'licenseNumber',
  'Tourism License No.': 'licenseNumber',
  'Afghan Money Service Provider License Number': 'licenseNumber',
  License: 'licenseNumber',
  'Pilot License Number': 'licenseNumber',
  "Driver's License No.": 'licenseNumber',
  'Cedula No.': 'idNumber',
  'National ID No.': 'idNumber',
  'Identification Number': 'idNumber',
  'Personal ID Card': 'idNumber',
  'D.N.I.': 'idNumber',
  'C.U.R.P.': 'idNumber',
  'C.U.I.P.': 'idNumber',
  'C.U.I.': 'idNumber',
  'I.F.E.': 'idNumber',
  'N.I.E.': 'idNumber',
  'Credencial electoral': 'idNumber',
  'Electoral Registry No.': 'idNumber',
  'Kenyan ID No.': 'idNumber',
  'Bosnian Personal ID No.': 'idNumber',
  'Moroccan Personal ID No.': 'idNumber',
  'Turkish Identification Number': 'idNumber',
  'Tazkira National ID Card': 'idNumber',
  "Citizen's Card Number": 'idNumber',
  'UAE Identification': 'idNumber',
  'CNP (Personal Numerical Code)': 'idNumber',
  'Numero de Identidad': 'idNumber',
  'National Foreign ID Number': 'idNumber',
  'LE Number': 'idNumber',
  'Public Security and Immigration No.': 'idNumber',
  'Immigration No.': 'idNumber',
  'Travel Document Number': 'idNumber',
  'Residency Number': 'idNumber',
  'Romanian Permanent Resident': 'idNumber',
  'Stateless Person ID Card': 'idNumber',
  'Refugee ID Card': 'idNumber',
  'Birth Certificate Number': 'idNumber',
  'Cartilla de Servicio Militar Nacional': 'idNumber',
  'Military Registration Number': 'idNumber',
  "Seafarer's Identification Document": 'idNumber',
  VisaNumberID: 'idNumber',
  'SRE Permit No.': 'idNumber',
  'Permit Number': 'idNumber',
  'File Number': 'idNumber',
  'Serial No.': 'idNumber',
  'Trademark number': 'idNumber',
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

// "alt. " repeats a label; the longest label wins ("Passport Booklet" before "Passport").
const LABELLED_FACT = new RegExp(
  `^(?:alt\\.\\s+)?(${[...Object.keys(FACT_PROPS), ...Object.keys(ID_PROPS)]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')}):?\\s+(.+)$`,
  'iu',
);
const LABEL_KEYS = new Map([...Object.keys(FACT_PROPS), ...Object.keys(ID_PROPS)].map((k) => [k.toLowerCase(), k]));

const NAME_FACT = /^([afn])\.k\.a\.,?\s+'(.+)'$/iu;
/** Facts that name another record: relations when it is in the same file. */
const RELATION_FACT = /^(Linked To|Aircraft Operator):?\s+(.+)$/u;
/** A label we have no entry for that still names a document: "Xyz No. 123", "Xyz ID Card 123". */
const OTHER_ID_FACT = /^(?:alt\.\s+)?([^:]{1,60}?(?:No\.|Number|\bID|#|Card)):?\s+(\S*\d[^\s,]*)(?:[\s,].*)?$/u;
// A value "IMO 9187629" (vessel registration, company number): the IMO number, whatever the label.
const IMO_VALUE = /^IMO\s*(\d{7})\b/u;

interface Relation {
  role: 'Linked To' | 'operator' | 'owner';
  name: string;
}

/** "30 Aug 1954", "circa 1960", "1954 to 1956": every date, whole-year ranges as each year. */
function dateValues(raw: string): string[] {
  const range = /^(?:circa\s+)?(.+?)\s+to\s+(.+)$/iu.exec(raw) ?? /^(?:circa\s+)?(\d{4})-(\d{4})$/u.exec(raw);
  if (!range) return parseDates(raw);
  const [from, to] = [parseDate(range[1]), parseDate(range[2])];
  if (!from || !to) return parseDates(raw);
  const wholeYears = /^\d{4}(-01-01)?$/u.test(from) && /^\d{4}(-12-31)?$/u.test(to);
  const [first, last] = [Number(from.slice(0, 4)), Number(to.slice(0, 4))];
  if (!wholeYears || last < first || last - first > 20) return [from, to];
  return Array.from({ length: last - first + 1 }, (_, i) => String(first + i));
}

function typeOf(b: EntityBuilder, prop: string): string | null {
  return propertyType(b.schema, prop);
}

function hasProp(b: EntityBuilder, prop: string): boolean {
  return typeOf(b, prop) !== null;
}

/** A country property from a name, as the builder would clean it, looked up once per name. */
function addCountry(b: EntityBuilder, prop: string, text: string | null): void {
  if (!text) return;
  b.add(prop, text);
}

/** Add `prop` when the schema has it; otherwise keep the fact in notes. */
function addOrNote(b: EntityBuilder, prop: string, values: string | string[], fact: string): void {
  if (!hasProp(b, prop)) b.add('notes', fact);
  else if (typeOf(b, prop) === 'country' && typeof values === 'string') addCountry(b, prop, values);
  else b.add(prop, values);
}

/** "A123 (Iran) issued 01 May 2010 expires 2015" → "A123". */
function documentNumber(text: string): string {
  const number = text
    .replace(/\s+(?:issued|expires)\b.*$/iu, '')
    .replace(/(?:\s*\([^()]*\))+\s*$/u, '')
    .trim();
  // "International Maritime Organization No. (5777731)": the number itself in brackets.
  return number || text.replace(/[()]/gu, '').trim();
}

function applyIdentifier(b: EntityBuilder, prop: string, text: string, fact: string): void {
  const imo = IMO_VALUE.exec(text);
  if (imo && hasProp(b, 'imoNumber')) {
    b.add('imoNumber', imo[1]);
    return;
  }
  const number = documentNumber(text);
  const target = [prop, 'idNumber', 'registrationNumber'].find((p) => hasProp(b, p));
  // "Passport issued in Sarajevo, Bosnia-Herzegovina": a document without its number.
  if (target && /\d/u.test(number)) b.add(target, number);
  else b.add('notes', fact);
}

function applyValueFact(b: EntityBuilder, prop: string, text: string, fact: string): void {
  if (typeOf(b, prop) === 'date') {
    const dates = dateValues(text);
    addOrNote(b, prop, dates.length > 0 ? dates : text, fact);
  } else if (prop === 'gender') {
    if (/^(male|female)$/iu.test(text)) addOrNote(b, prop, text.toLowerCase(), fact);
    else b.add('notes', fact);
  } else {
    addOrNote(b, prop, text, fact);
    // "POB Kopys, Vitebsk oblast, Belarus": the country of birth when the place names one.
    if (prop === 'birthPlace' && toCountryCode(text) && hasProp(b, 'birthCountry')) addCountry(b, 'birthCountry', text);
  }
}

/**
 * Apply one remark fact to `b`: a name, a relation (returned, resolved later), a labelled value,
 * an identifier, or else the fact itself into notes so that nothing is lost.
 */
function applyFact(b: EntityBuilder, fact: string): Relation | null {
  const name = NAME_FACT.exec(fact);
  if (name) {
    // The remarks carry OFAC's *weak* akas (its XML marks them category="weak"); the strong
    // ones are in alt.csv: measured, the two never share a name.
    b.add(name[1].toLowerCase() === 'f' ? 'previousName' : 'weakAlias', name[2]);
    return null;
  }
  const relation = RELATION_FACT.exec(fact);
  if (relation) return { role: relation[1] === 'Linked To' ? 'Linked To' : 'operator', name: relation[2].trim() };
  const labelled = LABELLED_FACT.exec(fact);
  if (labelled) {
    const label = LABEL_KEYS.get(labelled[1].toLowerCase())!;
    const text = labelled[2].trim();
    if (label in FACT_PROPS) applyValueFact(b, FACT_PROPS[label], text, fact);
    else applyIdentifier(b, ID_PROPS[label], text, fact);
    return null;
  }
  const otherId = OTHER_ID_FACT.exec(fact);
  if (otherId && hasProp(b, 'idNumber')) {
    // The kind of document is only in the label: keep the fact as well.
    b.add('idNumber', otherId[2].trim()).add('notes', fact);
    return null;
  }
  b.add('notes', fact);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Records

const SCHEMA_BY_TYPE: Record<string, string> = { individual: 'Person', vessel: 'Vessel', aircraft: 'Airplane' };

// Remarks that say the target is a business: OFAC's Target Type and trade/securities facts.
const COMPANY_FACT = /^(?:alt\.\s+)?(?:Target Type (?:Private Company|Public Company|State-Owned Enterprise|Financial Institution)|Organization Type:|ISIN |Equity Ticker |BIK \(RU\) )/iu;

function schemaOf(type: string | null, name: string, facts: string[]): string {
  const schema = SCHEMA_BY_TYPE[(type ?? '').toLowerCase()];
  if (schema) return schema;
  return hasCompanyForm(name) || facts.some((f) => COMPANY_FACT.test(f)) ? 'Company' : 'Organization';
}

/** "NPWMD] [BELARUS-EO14038" (the CSV keeps only the inner brackets) → ['NPWMD', 'BELARUS-EO14038']. */
function splitPrograms(text: string | null): string[] {
  if (!text) return [];
  return text
    .split(/[[\]]/u)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** OFAC writes people "LAST, First Middle"; it does not separate middle names or patronymics. */
function addPersonNames(b: EntityBuilder, name: string): void {
  const comma = name.indexOf(',');
  if (comma < 0) return;
  b.add('lastName', name.slice(0, comma)).add('firstName', name.slice(comma + 1));
}

/** Vessel columns; on any other record they are kept in notes with their column name. */
function addVesselColumns(b: EntityBuilder, fields: (string | null)[]): void {
  const [callSign, vesselType, tonnage, grt, flag] = fields.slice(5, 10);
  const number = (text: string | null) => text?.replace(/,/gu, '') ?? null;
  const columns: [string, string, string | null][] = [
    ['callSign', 'Call_Sign', callSign],
    ['type', 'Vess_type', vesselType],
    ['tonnage', 'Tonnage', number(tonnage)],
    ['grossRegisteredTonnage', 'GRT', number(grt)],
    ['flag', 'Vess_flag', flag],
  ];
  for (const [prop, column, text] of columns) {
    if (text) addOrNote(b, prop, text, `${column}: ${text}`);
  }
}

function addSideData(b: EntityBuilder, ent: string, side: SideData): void {
  for (const alias of side.aliases.get(ent) ?? []) {
    // alt_type: aka, fka (a previous name) or nka (now known as: a current name).
    b.add(alias.type === 'fka' ? 'previousName' : 'alias', alias.name);
    if (alias.remarks) b.add('notes', `${alias.name}: ${alias.remarks}`);
  }
  for (const address of side.addresses.get(ent) ?? []) {
    b.add('address', address.address);
    addCountry(b, 'country', address.country);
    if (address.remarks) b.add('notes', `${address.address}: ${address.remarks}`);
  }
}

interface RecordContext {
  dataset: string;
  side: SideData;
  names: NameIndex;
  sourceUrl: string;
}

/** Per kind of relation: the key in its entity id, and how notes keep it when unresolved. */
const RELATION_KINDS: Record<Relation['role'], { key: string; note: string }> = {
  'Linked To': { key: 'linked', note: 'Linked To:' },
  operator: { key: 'operator', note: 'Aircraft Operator' },
  owner: { key: 'owner', note: 'Vessel owner:' },
};

/** UnknownLink / Ownership entities for relations to records of the same file; the rest → notes. */
function relationEntities(b: EntityBuilder, ent: string, relations: Relation[], rc: RecordContext): SourceEntity[] {
  const out = new Map<string, SourceEntity>();
  for (const { role, name } of relations) {
    const others = lookUp(rc.names, name).filter((other) => other !== ent);
    if (others.length === 0) b.add('notes', `${RELATION_KINDS[role].note} ${name}`);
    for (const other of others) {
      const id = entityId(rc.dataset, ent, RELATION_KINDS[role].key, other);
      const otherId = entityId(rc.dataset, other);
      const link =
        role === 'owner'
          ? new EntityBuilder(id, 'Ownership').add('owner', otherId).add('asset', b.id)
          : new EntityBuilder(id, 'UnknownLink').add('subject', b.id).add('object', otherId).add('role', role);
      out.set(id, link.build());
    }
  }
  return [...out.values()];
}

/** The entities of one primary row: the subject, its Sanction, its relations. */
function recordEntities(row: CsvRow, rc: RecordContext, file: string): SourceEntity[] {
  const fields = row.fields.map((f) => cleanText(f));
  const [ent, name, type, programs, title] = fields;
  if (!name) throw new ImportError('record without a name', { file, line: row.line, field: COLUMNS.primary[1] });
  const remarks = cleanText(`${fields[11] ? row.fields[11] : ''}${rc.side.comments.get(ent!) ?? ''}`);
  const facts = splitFacts(remarks);
  const b = new EntityBuilder(entityId(rc.dataset, ent!), schemaOf(type, name, facts));
  b.add('name', name);
  if (b.schema === 'Person') {
    addPersonNames(b, name);
    b.add('position', title);
  } else if (title) {
    b.add('notes', title);
  }
  addVesselColumns(b, fields);
  addSideData(b, ent!, rc.side);
  const relations: Relation[] = [];
  const owner = fields[10];
  if (owner) relations.push({ role: 'owner', name: owner });
  for (const fact of facts) {
    // The Title column is repeated as a remark: already the position.
    if (title && fact.toLowerCase() === title.toLowerCase().replace(/\.$/u, '')) continue;
    const relation = applyFact(b, fact);
    if (relation) relations.push(relation);
  }
  const links = relationEntities(b, ent!, relations, rc);
  b.add('topics', 'sanction');
  const sanction = sanctionEntity(b.id, { authority: AUTHORITY.OFAC, program: splitPrograms(programs), sourceUrl: rc.sourceUrl, authorityId: ent });
  return [b.build(), sanction, ...links];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const { byRole, consolidated } = fileSet(ctx.files);
  const primary = byRole.get('primary')!;
  const rc: RecordContext = {
    dataset: ctx.dataset,
    names: await indexNames(primary),
    side: await readSideFiles(byRole, ctx),
    sourceUrl: consolidated ? SOURCE_URLS.cons : SOURCE_URLS.sdn,
  };
  warnWithoutEndMarker(primary, ctx);
  const seen = new Set<string>();
  for await (const row of checkedRows(primary, 'primary', ctx)) {
    const ent = row.fields[0].trim();
    if (seen.has(ent)) {
      ctx.warn({ file: basename(primary), line: row.line, field: COLUMNS.primary[0], message: `entity ${ent} listed twice: second row skipped` });
      continue;
    }
    seen.add(ent);
    yield* recordEntities(row, rc, basename(primary));
  }
}

/**
 * Treasury ends each CSV with an end-of-file byte (0x1A). A file without it may be cut off; some
 * republished copies drop it, so this is a warning, and the store's shrink guard refuses a
 * version that lost entities (src/sources/pipeline.ts MAX_SHRINK).
 */
function warnWithoutEndMarker(file: string, ctx: ReadContext): void {
  if (/\.gz$/iu.test(file)) return;
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  const tail = Buffer.alloc(Math.min(16, size));
  readSync(fd, tail, 0, tail.length, size - tail.length);
  closeSync(fd);
  if (!tail.toString('latin1').trimEnd().endsWith('\x1a')) ctx.warn({ file: basename(file), message: "ends without OFAC's end-of-file marker (0x1A): the file may be cut off" });
}

/** The first line of a file head, gunzipped when it is gzip (the set may be given as .csv.gz). */
function firstLine(head: Buffer): string {
  let text = head;
  if (isGzip(head)) {
    try {
      text = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return '';
    }
  }
  return text.toString('latin1').replace(/^\xef\xbb\xbf/u, '').split(/\r?\n/u)[0];
}

export const ofacCsvFormat: ListFormat = {
  name: 'ofac_csv',
  dataset: 'us_ofac_sdn',
  title: 'OFAC SDN / consolidated (non-SDN) list, legacy CSV set',
  spec: 'OFAC legacy CSV data specification (sdn/add/alt/sdn_comments.csv, cons_*.csv); samples 2019-2025 in shared/data/raw/ofac_sdn and ofac_consolidated',
  detect(names, head) {
    const files = names.map(identify);
    if (files.some((f) => f === null) || !files.some((f) => f?.role === 'primary')) return false;
    // Every file of the set starts with an entity number, then a name, a number or -0-.
    return /^\d+,(?:\d+,)?(?:"|-0-)/u.test(firstLine(head));
  },
  read,
};
