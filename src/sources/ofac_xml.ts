// OFAC's classic XML (`<sdnList>`): the same schema serves sdn.xml (SDN list, dataset
// us_ofac_sdn) and consolidated.xml (non-SDN consolidated list, us_ofac_cons). Each
// <sdnEntry> has its uid (OFAC's ent_num, so ids equal the CSV importer's), names, programmes,
// an <idList> that mixes real identity documents with OFAC "features" (Gender, Website,
// Secondary sanctions risk, directive dates…), aliases, addresses, birth facts and vessel data.
// Spec: https://ofac.treasury.gov/sdn-list-data-formats-data-schemas (sdn.xsd); sample
// shared/data/raw/ofac_consolidated/kebalkhadka_2025-03-28/consolidated.xml (443 entries).
// The label mapping, zip reading and link building here are shared with ofac_enhanced_xml.ts.
import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants as zlibConstants, createInflateRaw, inflateRawSync } from 'node:zlib';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { propertyType } from '../model/ftm.js';
import { entityId } from '../model/ids.js';
import { cleanText, parseDate, toCountryCode } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { child, children, readHead, text, xmlRecords, type XmlNode } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

export const OFAC_SOURCE_URL = 'https://sanctionssearch.ofac.treas.gov/';

const SCHEMA_BY_TYPE: Record<string, string> = {
  individual: 'Person',
  entity: 'Organization',
  vessel: 'Vessel',
  aircraft: 'Airplane',
};

/** FtM schema of an OFAC entry type ("Individual", "Entity", "Vessel", "Aircraft"), or null. */
export function schemaOfType(type: string | null): string | null {
  return SCHEMA_BY_TYPE[(type ?? '').toLowerCase()] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Labelled facts: OFAC idTypes, Enhanced XML feature types and identity-document types share
// their labels ("Birthdate", "Vessel Flag", "Tax ID No."), so one table maps both formats.

/** One labelled fact of an entry: a feature ("Gender: Male") or a document ("Passport: X1"). */
interface OfacDetail {
  label: string;
  value: string;
  /** Issuing country of a document, as written. */
  country?: string | null;
  /** Country as an ISO code when the source gives one (Enhanced XML reference values). */
  countryCode?: string | null;
  /** Free comment OFAC attaches to a feature ("(NYSE)"). */
  comment?: string | null;
}

/** Facts that belong to the listing rather than the subject ("Secondary sanctions risk"). */
export interface SanctionSink {
  provisions: string[];
}

/** 'feature' and 'document' are what the Enhanced XML says; the classic idList mixes both. */
type DetailKind = 'feature' | 'document' | 'either';

type Apply = (b: EntityBuilder, d: OfacDetail, sink: SanctionSink) => void;

function label(d: OfacDetail): string {
  return d.label.replace(/\s*[:-]\s*$/u, '');
}

function note(b: EntityBuilder, d: OfacDetail): void {
  const where = d.country ? ` (${d.country})` : '';
  const comment = d.comment ? ` ${d.comment}` : '';
  b.add('notes', `${label(d)}: ${d.value}${where}${comment}`);
}

/** Add to `prop` when the schema has it (a gender on a company does not): else keep it in notes. */
function put(b: EntityBuilder, prop: string, value: string | null, d: OfacDetail): void {
  if (value === null) return;
  if (propertyType(b.schema, prop) !== null) b.add(prop, value);
  else note(b, d);
}

const to =
  (prop: string, clean: (v: string) => string = (v) => v): Apply =>
  (b, d) =>
    put(b, prop, clean(d.value), d);

const countryTo =
  (prop: string): Apply =>
  (b, d) =>
    put(b, prop, d.countryCode ?? d.value, d);

// Facts that say an organisation is a business (as the CSV importer reads them from remarks):
// Target Type of a company kind, Organization Type, securities, a bank code.
const COMPANY_TARGET_TYPE = /^(private company|public company|state-owned enterprise|financial institution)$/iu;

function asCompany(b: EntityBuilder): void {
  if (b.schema === 'Organization') b.narrow('Company');
}

const company =
  (then: Apply): Apply =>
  (b, d, sink) => {
    asCompany(b);
    then(b, d, sink);
  };

// Legal forms that make an organisation a company ("VTB BANK PJSC", "HUAWEI … CO., LTD.").
const COMPANY_FORM =
  /(?:^|[\s,(])(?:LLC|L\.L\.C\.|LTD\.?|LIMITED|INC\.?|INCORPORATED|CORP\.?|CORPORATION|COMPANY|CO\.|JSC|OJSC|CJSC|PJSC|OAO|ZAO|PAO|OOO|GMBH|S\.A\.|S\.A\.S\.|S\.R\.L\.|S\.L\.|S\.P\.A\.|B\.V\.|N\.V\.|PLC|FZE|FZCO|FZC|DMCC|PTE|PVT|BHD|LLP|SARL|S\.A\.R\.L\.|JOINT[\s-]STOCK)(?=$|[\s,)])/iu;

/** True when an OFAC name carries a company legal form (shared with the CSV format). */
export function hasCompanyForm(name: string): boolean {
  return COMPANY_FORM.test(name);
}

/** An Organization whose primary name carries a company legal form becomes a Company. */
export function narrowByName(b: EntityBuilder, name: string): void {
  if (hasCompanyForm(name)) asCompany(b);
}

const number = (v: string) => v.replace(/,/gu, '');
const imo = (v: string) => v.replace(/^IMO\s*/iu, '');
const provision: Apply = (_b, d, sink) => sink.provisions.push(`${label(d)}: ${d.value}`);
const asNote: Apply = (b, d) => note(b, d);

/** Features by label (case-insensitive, trailing ":" or " -" ignored), first match wins. */
const FEATURE_RULES: [RegExp, Apply][] = [
  [/^(birthdate|dob)$/iu, to('birthDate')],
  [/^place of birth$/iu, to('birthPlace')],
  [/^nationality country$/iu, countryTo('nationality')],
  [/^citizenship country$/iu, countryTo('citizenship')],
  [/^gender$/iu, to('gender', (v) => v.toLowerCase())],
  [/^nationality of registration$/iu, (b, d) => put(b, propertyType(b.schema, 'jurisdiction') ? 'jurisdiction' : 'country', d.countryCode ?? d.value, d)],
  [/^website$/iu, to('website')],
  [/^email address$/iu, to('email')],
  [/^(phone number|fax)$/iu, to('phone')],
  [/^swift\/bic$/iu, to('swiftBic')],
  [/^organization established date$/iu, to('incorporationDate')],
  [/^organization type$/iu, company(to('sector'))],
  [/^target type$/iu, (b, d) => {
    if (COMPANY_TARGET_TYPE.test(d.value)) asCompany(b);
    put(b, 'classification', d.value, d);
  }],
  [/^(other )?vessel call sign$/iu, to('callSign')],
  [/^(other )?vessel type$/iu, to('type')],
  [/^(other )?vessel flag$/iu, countryTo('flag')],
  [/^former vessel flag$/iu, countryTo('pastFlags')],
  [/^vessel owner$/iu, (b, d) => b.add('notes', `Vessel owner: ${d.value}`)],
  [/^vessel tonnage$/iu, to('tonnage', number)],
  [/^vessel gross registered tonnage$/iu, to('grossRegisteredTonnage', number)],
  [/^vessel deadweight$/iu, to('deadweightTonnage', number)],
  [/^vessel year of build$/iu, to('buildDate')],
  [/^aircraft manufacture date$/iu, to('buildDate')],
  [/^aircraft model$/iu, to('model')],
  [/^aircraft manufacturer'?s serial number|^aircraft construction number/iu, to('serialNumber')],
  [/aircraft tail number$/iu, to('registrationNumber')],
  // A Russian bank code: a feature in the Enhanced XML, an idType in the classic; an identifier either way.
  [/^bik\b/iu, company((b, d) => applyDocument(b, d))],
  [/^(isin|equity ticker)$/iu, company(asNote)],
  // What the listing does to the subject, and when each directive or CMIC restriction applies:
  // provisions of the Sanction, not facts about the subject.
  [/sanctions information|secondary sanctions risk|directive|executive order|caatsa|ifca|peesa|transactions prohibited|listing date|effective date|divestment date/iu, provision],
  // Securities, wallets and other dates: kept as labelled notes.
  [/\bdate\b|^issuer name$|^digital currency address|^aircraft operator$/iu, asNote],
];

/** Identity-document labels to the FtM property they fill; anything else is an idNumber. */
const DOCUMENT_RULES: [RegExp, string][] = [
  [/passport/iu, 'passportNumber'],
  [/vessel registration identification|^imo\b/iu, 'imoNumber'],
  [/^mmsi$/iu, 'mmsi'],
  [/legal entity number|\blei\b/iu, 'leiCode'],
  [/unified social credit code|\buscc/iu, 'uscCode'],
  [/swift|\bbic\b/iu, 'swiftBic'],
  [/^ssn$/iu, 'socialSecurityNumber'],
  [/aircraft serial|^serial no/iu, 'serialNumber'],
  [/tax|fiscal|v\.a\.t|r\.?f\.?c\b|\bruc\b|\bnit\b|c\.u\.i\.t|\brif\b|\brtn\b|n\.i\.f|c\.i\.f|fein/iu, 'taxNumber'],
  [/registration|registry|registered|company number|business number|c\.r\.|chamber of comm|incorporation|enterprise number|organization code|gazette|matricula|folio/iu, 'registrationNumber'],
  [/driver/iu, 'idNumber'],
  [/licen[cs]e/iu, 'licenseNumber'],
];

// Russian codes OFAC files under generic labels: a 10/12-digit tax number is the INN, a
// 13/15-digit registration number the OGRN(IP). FtM has properties for both.
function russianCode(prop: string, value: string, country: string | null): string | null {
  if (country !== 'ru' || !/^\d+$/u.test(value)) return null;
  if (prop === 'taxNumber' && (value.length === 10 || value.length === 12)) return 'innCode';
  if (prop === 'registrationNumber' && (value.length === 13 || value.length === 15)) return 'ogrnCode';
  return null;
}

function applyDocument(b: EntityBuilder, d: OfacDetail): void {
  const prop = DOCUMENT_RULES.find(([pattern]) => pattern.test(d.label))?.[1] ?? 'idNumber';
  const value = prop === 'imoNumber' ? imo(d.value) : d.value;
  // A vessel has no idNumber, a company no passport: fall back, and say what it was in notes.
  const target = [prop, 'idNumber', 'registrationNumber'].find((p) => propertyType(b.schema, p) !== null);
  if (!target) return note(b, d);
  b.add(target, value);
  if (target !== prop || target === 'idNumber') note(b, d);
  const country = d.countryCode ?? toCountryCode(d.country);
  const russian = russianCode(target, value, country);
  if (russian && propertyType(b.schema, russian) !== null) b.add(russian, value);
}

/** Put one labelled OFAC fact where it belongs: an FtM property, the Sanction, or notes. */
export function applyDetail(b: EntityBuilder, sink: SanctionSink, d: OfacDetail, kind: DetailKind): void {
  const value = cleanText(d.value);
  if (value === null) return;
  const detail = { ...d, value };
  const rule = kind === 'document' ? undefined : FEATURE_RULES.find(([pattern]) => pattern.test(label(detail)));
  if (rule) rule[1](b, detail, sink);
  else if (kind === 'feature') note(b, detail);
  else applyDocument(b, detail);
}

// ---------------------------------------------------------------------------------------------
// Names, addresses, links

/** OFAC writes people "LAST, First" (so does its CSV); organisations have a last name only. */
function ofacName(last: string | null, first: string | null): string | null {
  if (!last) return first;
  return first ? `${last}, ${first}` : last;
}

/** "Linked To:" targets are primary names; compare them without case or trailing dots. */
function nameKey(name: string): string {
  return name.toUpperCase().replace(/[\s.]+$/u, '').replace(/\s+/gu, ' ');
}

/** Address parts in the order OFAC prints them, then the country. */
export function joinAddress(parts: (string | null | undefined)[]): string | null {
  const clean = parts.map((p) => cleanText(p)).filter((p): p is string => p !== null);
  return clean.length > 0 ? clean.join(', ') : null;
}

/** A relation between two records of the file, emitted once both ids are known to exist. */
export interface PendingLink {
  id: string;
  schema: 'UnknownLink' | 'Ownership';
  /** UnknownLink subject / Ownership owner. */
  from: string;
  /** UnknownLink object / Ownership asset. */
  to: string;
  role: string;
}

export function linkEntity(link: PendingLink): SourceEntity {
  const b = new EntityBuilder(link.id, link.schema);
  if (link.schema === 'Ownership') b.add('owner', link.from).add('asset', link.to);
  else b.add('subject', link.from).add('object', link.to);
  return b.add('role', link.role).build();
}

/**
 * "(Linked To: HUAWEI INVESTMENT & HOLDING CO., LTD.)" inside remarks → the names, and the
 * remarks without them. Names may hold brackets ("… (IRGC)-QODS FORCE"), so only an
 * unbalanced closing bracket is taken off.
 */
function splitLinkedTo(remarks: string | null): { linkedTo: string[]; rest: string | null } {
  if (!remarks) return { linkedTo: [], rest: null };
  const linkedTo: string[] = [];
  const rest: string[] = [];
  for (const part of remarks.split(/;\s*/u)) {
    const m = /^\(?Linked To:\s*(.+)$/u.exec(part.trim());
    if (!m) {
      if (part.trim()) rest.push(part.trim());
      continue;
    }
    let name = m[1].trim();
    const count = (c: string) => name.split(c).length - 1;
    while (name.endsWith(')') && count(')') > count('(')) name = name.slice(0, -1).trim();
    if (name) linkedTo.push(name);
  }
  return { linkedTo, rest: rest.length > 0 ? rest.join('; ') : null };
}

// ---------------------------------------------------------------------------------------------
// Input files: OFAC also publishes both XML formats zipped (SDN_XML.ZIP, CONS_ENHANCED.ZIP).
// A zip's XML entry is inflated with node's zlib into a temporary file, then streamed like any
// other XML file; memory stays flat either way.

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  dataStart: number;
}

export function isZip(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
}

function readAt(file: string, position: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const n = readSync(fd, buf, 0, length, position);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The first .xml entry of a zip, from its central directory (sizes there are always right). */
function zipXmlEntry(file: string): ZipEntry {
  // A flipped byte in a directory can make any offset or length absurd: whatever the reading
  // trips over is still this zip's fault, and named as such.
  try {
    return readZipXmlEntry(file);
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`corrupt zip: ${(err as Error).message}`, { file: basename(file) });
  }
}

function readZipXmlEntry(file: string): ZipEntry {
  const where = { file: basename(file) };
  const size = statSync(file).size;
  const tailStart = Math.max(0, size - 65557);
  const tail = readAt(file, tailStart, size - tailStart);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0 && eocd < 0; i--) if (tail.readUInt32LE(i) === 0x06054b50) eocd = i;
  if (eocd < 0) throw new ImportError('zip without its central directory (truncated download?)', where);
  const count = tail.readUInt16LE(eocd + 10);
  const dirSize = tail.readUInt32LE(eocd + 12);
  const dirOffset = tail.readUInt32LE(eocd + 16);
  if (dirOffset + dirSize > size) throw new ImportError('corrupt zip: its central directory points past the end of the file', where);
  const dir = readAt(file, dirOffset, dirSize);
  for (let p = 0, i = 0; i < count && p + 46 <= dir.length; i++) {
    if (dir.readUInt32LE(p) !== 0x02014b50) break;
    const nameLength = dir.readUInt16LE(p + 28);
    const name = dir.toString('utf8', p + 46, p + 46 + nameLength);
    const entry = { method: dir.readUInt16LE(p + 10), compressedSize: dir.readUInt32LE(p + 20), size: dir.readUInt32LE(p + 24), offset: dir.readUInt32LE(p + 42) };
    p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
    if (!/\.xml$/iu.test(name)) continue;
    if (entry.size === 0xffffffff || entry.offset === 0xffffffff) throw new ImportError(`zip64 entry ${name} is not supported`, where);
    if (entry.method !== 0 && entry.method !== 8) throw new ImportError(`zip entry ${name}: compression method ${entry.method} is not supported`, where);
    const local = readAt(file, entry.offset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw new ImportError(`zip entry ${name}: bad local header`, where);
    const dataStart = entry.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (dataStart + entry.compressedSize > size) throw new ImportError(`corrupt zip: entry ${name} runs past the end of the file`, where);
    return { name, method: entry.method, compressedSize: entry.compressedSize, size: entry.size, dataStart };
  }
  throw new ImportError('the zip holds no .xml file', where);
}

/**
 * The start of the XML inside a zip whose first bytes are `head` (for detect()): the first
 * entry inflated as far as the head reaches. Empty when it is no zip or not deflated XML.
 */
export function zipHeadText(head: Buffer): string {
  if (!isZip(head) || head.length < 30) return '';
  const method = head.readUInt16LE(8);
  const start = 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  const data = head.subarray(start);
  try {
    if (method === 0) return data.toString('utf8');
    if (method === 8) return inflateRawSync(data, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
  } catch {
    // Not inflatable: not ours.
  }
  return '';
}

/** An XML input ready to stream: the file itself, or a zip's entry inflated into a temp file. */
interface XmlInput {
  path: string;
  /** The file as errors name it: the zip the user gave and the entry in it, or the file itself. */
  label: string;
  /** Progress callback for bytes of `path`, reported to the pipeline in bytes of the original file. */
  onBytes: (n: number) => void;
  cleanup(): void;
}

function countBytes(onBytes: (n: number) => void): Transform {
  let read = 0;
  return new Transform({
    transform(chunk: Buffer, _e, cb) {
      onBytes((read += chunk.length));
      cb(null, chunk);
    },
  });
}

// A zip's XML may inflate to this much and no more, and to at most this many times its packed
// size: OFAC's largest file (SDN_ENHANCED.XML, ~120 MB) packs about 12:1; a zip bomb packs
// thousands to one.
export const ZIP_LIMITS = { inflatedBytes: 1024 ** 3, ratio: 200 };
const ZIP_TEMP_PREFIX = 'sanctrace-zip-';
const STALE_TEMP_MS = 60 * 60 * 1000;

/** Temp folders a killed import left behind (an hour old or more) are removed at the next one. */
function removeStaleTemps(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(ZIP_TEMP_PREFIX)) continue;
    const path = join(tmpdir(), name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_TEMP_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another process's folder, or gone already: not ours to worry about.
    }
  }
}

/** Passes bytes on until more than `limit` have gone through, then fails the stream. */
function capBytes(limit: number, entry: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _e, cb) {
      seen += chunk.length;
      if (seen > limit) cb(new Error(`${entry} inflates past ${limit} bytes`));
      else cb(null, chunk);
    },
  });
}

export async function openXmlInput(file: string, ctx: ReadContext): Promise<XmlInput> {
  if (!isZip(readHead(file, 4))) return { path: file, label: basename(file), onBytes: ctx.progress, cleanup: () => {} };
  const entry = zipXmlEntry(file);
  const where = { file: basename(file) };
  if (entry.size > ZIP_LIMITS.inflatedBytes) throw new ImportError(`zip entry ${entry.name} would inflate to ${entry.size} bytes, more than the limit of ${ZIP_LIMITS.inflatedBytes}`, where);
  if (entry.size > Math.max(1, entry.compressedSize) * ZIP_LIMITS.ratio) throw new ImportError(`zip entry ${entry.name} packs ${entry.size} bytes into ${entry.compressedSize} (over ${ZIP_LIMITS.ratio}:1): refused as a zip bomb`, where);
  removeStaleTemps();
  const dir = mkdtempSync(join(tmpdir(), ZIP_TEMP_PREFIX));
  const path = join(dir, basename(entry.name));
  // Inflating is quick next to parsing: it takes the first tenth of the progress bar.
  const share = 0.1;
  try {
    const raw: Readable = createReadStream(file, { start: entry.dataStart, end: entry.dataStart + entry.compressedSize - 1 });
    const counted = raw.pipe(countBytes((n) => ctx.progress(Math.round(n * share))));
    // The central directory's size may lie: the inflated bytes themselves are counted too.
    const inflated = entry.method === 8 ? counted.pipe(createInflateRaw()) : counted;
    await pipeline(inflated, capBytes(Math.min(ZIP_LIMITS.inflatedBytes, entry.size + 1024), entry.name), createWriteStream(path));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new ImportError(`corrupt zip entry ${entry.name}: ${(err as Error).message}`, { file: basename(file) });
  }
  const inflatedSize = statSync(path).size;
  if (inflatedSize !== entry.size) {
    rmSync(dir, { recursive: true, force: true });
    throw new ImportError(`zip entry ${entry.name} is cut off (${inflatedSize} of ${entry.size} bytes)`, { file: basename(file) });
  }
  const scale = entry.compressedSize / Math.max(1, entry.size);
  return {
    path,
    label: `${basename(file)} (${entry.name})`,
    onBytes: (n) => ctx.progress(Math.round(entry.compressedSize * share + n * scale * (1 - share))),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The files to read: a zip beside its own extracted XML (CONS_ENHANCED.ZIP next to
 * CONS_ENHANCED.XML, as OFAC's download and its unpacked copy sit in one folder) is the same
 * list twice, so only the first of them is read.
 */
export function distinctInputs(ctx: ReadContext): string[] {
  const seen = new Set<string>();
  return ctx.files.filter((file) => {
    const stem = basename(file, extname(file)).toLowerCase();
    if (!seen.has(stem)) {
      seen.add(stem);
      return true;
    }
    ctx.warn({ file: basename(file), message: `skipped: holds the same list as the ${stem} file read before` });
    return false;
  });
}

// ---------------------------------------------------------------------------------------------
// The classic sdnList entry

/** What the "Linked To:" links need of an entry once it has been yielded. */
interface LinkSource {
  id: string;
  name: string;
  linkedTo: string[];
}

interface ClassicRecord {
  entity: SourceEntity;
  sanction: SourceEntity;
  links: LinkSource;
}

/** Texts of `list/item` (or of `list/item/field`), empty ones left out. */
function values(node: XmlNode, list: string, item: string, field?: string): string[] {
  return children(child(node, list), item)
    .map((c) => text(c, field))
    .filter((v): v is string => v !== null);
}

function addAliases(b: EntityBuilder, entry: XmlNode): void {
  for (const aka of children(child(entry, 'akaList'), 'aka')) {
    const name = ofacName(text(aka, 'lastName'), text(aka, 'firstName'));
    if (!name) continue;
    const type = (text(aka, 'type') ?? '').toLowerCase();
    // f.k.a. is a former name whatever its quality; a.k.a./n.k.a. split by OFAC's category.
    const prop = type === 'f.k.a.' ? 'previousName' : text(aka, 'category')?.toLowerCase() === 'weak' ? 'weakAlias' : 'alias';
    b.add(prop, name, { lang: languageOf(name) });
  }
}

function addAddresses(b: EntityBuilder, entry: XmlNode): void {
  for (const addr of children(child(entry, 'addressList'), 'address')) {
    const country = text(addr, 'country');
    b.add('address', joinAddress(['address1', 'address2', 'address3', 'city', 'stateOrProvince', 'postalCode'].map((f) => text(addr, f)).concat(country)));
    // "Region: Gaza" names a region, not a country; the country is the region's.
    if (country) b.add('country', country.replace(/^Region:\s*/iu, ''));
  }
}

const VESSEL_FIELDS: [string, string][] = [
  ['callSign', 'Vessel Call Sign'],
  ['vesselType', 'Vessel Type'],
  ['vesselFlag', 'Vessel Flag'],
  ['vesselOwner', 'Vessel Owner'],
  ['tonnage', 'Vessel Tonnage'],
  ['grossRegisteredTonnage', 'Vessel Gross Registered Tonnage'],
];

function buildClassic(entry: XmlNode, ctx: ReadContext, file: string): ClassicRecord {
  const uid = text(entry, 'uid');
  if (!uid || !/^\d+$/u.test(uid)) throw new ImportError(`entry without a numeric uid ('${uid ?? ''}')`, { file, line: entry.line, field: 'uid' });
  const last = text(entry, 'lastName');
  const first = text(entry, 'firstName');
  const name = ofacName(last, first);
  if (!name) throw new ImportError(`entry ${uid} without a name`, { file, line: entry.line, field: 'lastName' });
  const type = text(entry, 'sdnType');
  let schema = schemaOfType(type);
  if (!schema) {
    ctx.warn({ file, line: entry.line, field: 'sdnType', message: `entry ${uid}: unknown sdnType '${type ?? ''}', read as LegalEntity` });
    schema = 'LegalEntity';
  }
  const id = entityId(ctx.dataset, uid);
  const b = new EntityBuilder(id, schema).add('name', name);
  narrowByName(b, name);
  if (schema === 'Person') b.add('firstName', first).add('lastName', last).add('title', text(entry, 'title'));
  else b.add('notes', text(entry, 'title'));
  addAliases(b, entry);
  addAddresses(b, entry);

  const sink: SanctionSink = { provisions: [] };
  const detail = (d: OfacDetail, kind: DetailKind = 'feature') => applyDetail(b, sink, d, kind);
  for (const doc of children(child(entry, 'idList'), 'id')) {
    const value = text(doc, 'idNumber');
    if (value) detail({ label: text(doc, 'idType') ?? 'ID', value, country: text(doc, 'idCountry') }, 'either');
  }
  for (const value of values(entry, 'nationalityList', 'nationality', 'country')) detail({ label: 'Nationality Country', value });
  for (const value of values(entry, 'citizenshipList', 'citizenship', 'country')) detail({ label: 'Citizenship Country', value });
  for (const value of values(entry, 'dateOfBirthList', 'dateOfBirthItem', 'dateOfBirth')) detail({ label: 'Birthdate', value });
  for (const value of values(entry, 'placeOfBirthList', 'placeOfBirthItem', 'placeOfBirth')) detail({ label: 'Place of Birth', value });
  const vessel = child(entry, 'vesselInfo');
  for (const [field, label] of VESSEL_FIELDS) {
    const value = text(vessel, field);
    if (value) detail({ label, value });
  }

  const { linkedTo, rest } = splitLinkedTo(text(entry, 'remarks'));
  b.add('notes', rest);
  for (const target of linkedTo) b.add('notes', `Linked To: ${target}`);
  b.add('topics', 'sanction');
  const sanction = sanctionEntity(id, {
    authority: AUTHORITY.OFAC,
    program: values(entry, 'programList', 'program'),
    provisions: sink.provisions.length > 0 ? sink.provisions.join('; ') : null,
    authorityId: uid,
    sourceUrl: OFAC_SOURCE_URL,
  });
  return { entity: b.build(), sanction, links: { id, name, linkedTo } };
}

async function* readClassicFile(file: string, ctx: ReadContext, seen: Set<string>, linkSources: LinkSource[]): AsyncGenerator<SourceEntity> {
  const name = basename(file);
  let root: string | null = null;
  let declaredCount: number | null = null;
  let count = 0;
  const input = await openXmlInput(file, ctx);
  const onOpen = (element: string) => {
    root ??= element;
  };
  const onText = (element: string, value: string) => {
    if (element === 'Publish_Date') {
      const date = parseDate(value, 'MDY');
      if (date) ctx.setPublished(date);
      else ctx.warn({ file: name, field: 'Publish_Date', message: `unreadable publication date '${value}'` });
    }
    if (element === 'Record_Count' && /^\d+$/u.test(value)) declaredCount = Number(value);
  };
  try {
    for await (const entry of xmlRecords(input.path, ['sdnEntry'], { onBytes: input.onBytes, onOpen, onText, label: input.label })) {
      if (root !== 'sdnList') break;
      count++;
      const record = buildClassic(entry, ctx, name);
      if (seen.has(record.entity.id)) {
        ctx.warn({ file: name, line: entry.line, field: 'uid', message: `uid of ${record.entity.id} repeated; the first entry is kept` });
        continue;
      }
      seen.add(record.entity.id);
      linkSources.push(record.links);
      yield record.entity;
      yield record.sanction;
    }
  } finally {
    input.cleanup();
  }
  if (root !== 'sdnList') throw new ImportError(`not an OFAC sdnList XML file: root element <${root ?? 'none'}>`, { file: name });
  if (declaredCount !== null && declaredCount !== count) {
    ctx.warn({ file: name, field: 'Record_Count', message: `the file says ${declaredCount} entries; ${count} were read` });
  }
}

/** UnknownLinks for "Linked To:" remarks whose target is a primary name of the same file. */
function linkedToEntities(dataset: string, sources: LinkSource[]): SourceEntity[] {
  const idsByName = new Map(sources.map((s) => [nameKey(s.name), s.id]));
  const links: SourceEntity[] = [];
  for (const source of sources) {
    for (const target of source.linkedTo) {
      const object = idsByName.get(nameKey(target));
      if (!object || object === source.id) continue;
      // The same key as the CSV importer's, so a link keeps its id across formats.
      links.push(linkEntity({ id: entityId(dataset, 'link', source.id, object), schema: 'UnknownLink', from: source.id, to: object, role: 'Linked To' }));
    }
  }
  return links;
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const seen = new Set<string>();
  // Only the id, name and link targets of each entry are kept, for the links at the end.
  const linkSources: LinkSource[] = [];
  for (const file of distinctInputs(ctx)) yield* readClassicFile(file, ctx, seen, linkSources);
  yield* linkedToEntities(ctx.dataset, linkSources);
}

export const ofacXmlFormat: ListFormat = {
  name: 'ofac_xml',
  dataset: 'us_ofac_cons',
  title: 'OFAC SDN / consolidated list, classic XML (sdnList; .xml or .zip)',
  spec: 'OFAC sdn.xml / consolidated.xml schema (sdn.xsd, https://ofac.treasury.gov/sdn-list-data-formats-data-schemas); sample ofac_consolidated/kebalkhadka_2025-03-28/consolidated.xml',
  detect(_names, head) {
    const start = isZip(head) ? zipHeadText(head) : head.toString('utf8');
    return /<(\w+:)?sdnList[\s>]/u.test(start);
  },
  read,
};
