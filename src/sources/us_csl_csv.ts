// The US Consolidated Screening List (trade.gov, CSV): the export-control and sanctions lists of
// Treasury (OFAC), Commerce (BIS) and State in one file, one row per listing. Every row keeps its
// own source list as the authority and programme of its Sanction, so the Entity List listing of a
// party stays apart from its SDN listing. Columns are read by header name, so the older layout
// (2019, no `_id`) and the current one both work.
//
// Record keys, from what the samples show (2019, 2022, 2023, 2025):
// - OFAC rows carry OFAC's own uid in `entity_number` (and `_id` is the same number). The uid is
//   stable across versions, and one OFAC party can have a row on several OFAC lists (SDN + SSI +
//   CAP): those rows are one subject with one Sanction per list.
// - BIS and State rows have no entity number; their `_id` is a hash trade.gov computes, and it is
//   NOT stable: it changed for every such row between 2022 (40 hex) and 2023 (56 hex), and the
//   DTC/MEU ids (32 hex) changed again by 2025. These rows are keyed by list + name, and a party
//   listed under several notices (ISN, DTC) or at several addresses (DPL) is one subject with one
//   Sanction per Federal Register notice.
// Quirks of real downloads: the header repeated on line 2, a last row cut off mid-field, and a row
// listed twice (2022, CAP 15268): each is warned and skipped. `ids` items are written "COUNTRY,
// NUMBER, TYPE" in older files and "TYPE, NUMBER, COUNTRY" in newer ones; a first pass over the
// file votes on the order. The file states no publication date.
// Samples: shared/data/raw/us_csl (2019, 2022 complete, 2023 cut off, 2025 sample).
import { basename } from 'node:path';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { EntityBuilder, sanctionEntity, type SanctionFields, type SourceEntity } from '../model/entity.js';
import { propertyType } from '../model/ftm.js';
import { entityId, sha1, slug } from '../model/ids.js';
import { cleanText, parseDates, toCountryCode } from '../model/values.js';
import { AUTHORITY } from './authorities.js';
import { csvRows, groupByKey, isGzip, twoPassProgress, type CsvRow, type Pass } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const REQUIRED_COLUMNS = ['source', 'name'];

interface SourceList {
  /** The code in brackets in the `source` column: "Entity List (EL) - …" → EL. */
  code: string;
  /** Programme label of the list's Sanctions. */
  program: string;
  authority: string;
}

const SOURCE_LISTS: Record<string, Omit<SourceList, 'code'>> = {
  SDN: { program: 'SDN', authority: AUTHORITY.OFAC },
  SSI: { program: 'SSI', authority: AUTHORITY.OFAC },
  FSE: { program: 'FSE', authority: AUTHORITY.OFAC },
  PLC: { program: 'PLC', authority: AUTHORITY.OFAC },
  CAP: { program: 'CAP', authority: AUTHORITY.OFAC },
  'NS-MBS': { program: 'NS-MBS', authority: AUTHORITY.OFAC },
  CMIC: { program: 'CMIC', authority: AUTHORITY.OFAC },
  EL: { program: 'Entity List', authority: AUTHORITY.US_COMMERCE },
  DPL: { program: 'DPL', authority: AUTHORITY.US_COMMERCE },
  UVL: { program: 'UVL', authority: AUTHORITY.US_COMMERCE },
  MEU: { program: 'MEU', authority: AUTHORITY.US_COMMERCE },
  ISN: { program: 'ISN', authority: AUTHORITY.US_STATE },
  DTC: { program: 'DTC', authority: AUTHORITY.US_STATE },
};

const SCHEMA_BY_TYPE: Record<string, string> = { individual: 'Person', entity: 'Organization', vessel: 'Vessel', aircraft: 'Airplane' };

const COUNTRY_CODE = /^[A-Z]{2}$/u;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/u;
const LEI = /^[A-Z0-9]{18}\d{2}$/u;
const IMO = /^IMO\s?\d{7}$/u;

// `ids` item types (OFAC's identification labels) to the FtM property they fill; first match wins.
// Types not listed (secondary-sanctions notes, tickers, listing dates…) are kept in notes.
const ID_PROPERTIES: [RegExp, string][] = [
  [/^former vessel flag$/iu, 'pastFlags'],
  [/^other vessel call sign$/iu, 'callSign'],
  [/previous|former|other/iu, 'notes'],
  [/passport/iu, 'passportNumber'],
  [/^swift\/bic$/iu, 'swiftBic'],
  [/^legal entity number$/iu, 'leiCode'],
  [/^vessel registration identification$/iu, 'imoNumber'],
  [/^mmsi$/iu, 'mmsi'],
  [/^website$/iu, 'website'],
  [/^email address$/iu, 'email'],
  [/^phone number$/iu, 'phone'],
  [/^gender$/iu, 'gender'],
  [/^organization established date$/iu, 'incorporationDate'],
  [/^d-u-n-s number$/iu, 'dunsCode'],
  // OFAC writes Russian OKPO codes as "Government Gazette Number".
  [/^government gazette number$/iu, 'okpoCode'],
  [/^aircraft model$/iu, 'model'],
  [/^aircraft manufacture date$/iu, 'buildDate'],
  [/^aircraft manufacturer's serial number/iu, 'serialNumber'],
  [/^aircraft tail number$/iu, 'registrationNumber'],
  [/^aircraft serial identification$/iu, 'serialNumber'],
  [/tax|fiscal|v\.a\.t|r\.f\.c|^rfc$|^ruc #|^nit #|^rif #|c\.u\.i\.t|c\.i\.f|fein|^rsin$|tributaria|^rtn$/iu, 'taxNumber'],
  [/regist|company number|business number|enterprise number|incorporation|credit code|c\.r\. no|chamber of comm|mercantil|license|charity|file number|^le number$|branch unit/iu, 'registrationNumber'],
  [/\bid\b|identification|identidad|cedula|c\.u\.r\.p|d\.n\.i|n\.i\.e|c\.u\.i|i\.f\.e|electoral|ssn|travel document|residency|citizen|card|certificate|immigration|visa|permit|cartilla|\bcnp\b|seafarer|serial no/iu, 'idNumber'],
];

// Identifiers whose country is where the holder is registered rather than a country it is tied to.
const REGISTRATION_PROPERTIES = new Set(['registrationNumber', 'taxNumber', 'leiCode', 'okpoCode', 'dunsCode']);

type IdOrder = 'type-first' | 'type-last';

interface IdItem {
  type: string;
  value: string;
  country: string | null;
}

/** One data row, its cells by column name. */
interface CslRow {
  line: number;
  list: SourceList;
  get(column: string): string | null;
  /** The row without `_id` (which differs between copies of a row), to spot a row listed twice. */
  content: string;
}

/** Items of a `;`-separated cell. */
function splitList(text: string | null): string[] {
  return (text ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The list a row comes from; a list the CSL adds later is kept under its own name, authority US. */
function sourceList(source: string): { list: SourceList; known: boolean } {
  const code = /\(([A-Z][A-Z-]*?)(?: List)?\)/u.exec(source)?.[1] ?? source;
  const known = SOURCE_LISTS[code];
  if (known) return { list: { code, ...known }, known: true };
  return { list: { code: slug(source), program: source, authority: AUTHORITY.US }, known: false };
}

function headerColumns(row: CsvRow, file: string): Map<string, number> {
  const columns = new Map(row.fields.map((name, i) => [name.trim().replace(/^\ufeff/u, ''), i]));
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    throw new ImportError(`not a Consolidated Screening List: missing column ${missing.map((c) => `'${c}'`).join(', ')}`, { file, line: row.line, field: missing[0] });
  }
  return columns;
}

function toCslRow(row: CsvRow, columns: Map<string, number>, width: number, file: string, onUnknownList: (source: string, line: number) => void): CslRow {
  if (row.fields.length !== width) throw new ImportError(`row has ${row.fields.length} fields, the header ${width}`, { file, line: row.line });
  const get = (column: string) => {
    const i = columns.get(column);
    return i === undefined ? null : cleanText(row.fields[i]);
  };
  const source = get('source');
  if (!source) throw new ImportError('row without a source list', { file, line: row.line, field: 'source' });
  if (!get('name')) throw new ImportError('row without a name', { file, line: row.line, field: 'name' });
  const { list, known } = sourceList(source);
  if (!known) onUnknownList(source, row.line);
  const idColumn = columns.get('_id');
  const content = row.fields.filter((_f, i) => i !== idColumn).join('\u0000');
  return { line: row.line, list, get, content };
}

/**
 * The data rows of a CSL file. A repeated header and a cut-off last row are skipped with a
 * warning (in the second pass only, so each is reported once); a short row elsewhere is an error.
 */
async function* cslRows(file: string, ctx: ReadContext, pass: Pass): AsyncGenerator<CslRow> {
  const name = basename(file);
  const warn = pass === 2 ? ctx.warn : () => {};
  const unknownLists = new Set<string>();
  const onUnknownList = (source: string, line: number) => {
    if (unknownLists.has(source)) return;
    unknownLists.add(source);
    warn({ file: name, line, field: 'source', message: `source list '${source}' not known; kept under its own name, authority US` });
  };
  const onCutOff = (line: number) => warn({ file: name, line, message: 'file ends inside a quoted field (cut-off download); the partial last row is skipped' });
  let columns: Map<string, number> | null = null;
  let header: CsvRow | null = null;
  // A row is checked when the next one arrives, so that only a short LAST row is forgiven.
  let pending: CsvRow | null = null;
  for await (const row of csvRows(file, { onBytes: twoPassProgress(file, ctx, pass), onCutOff })) {
    if (!header) {
      columns = headerColumns(row, name);
      header = row;
      continue;
    }
    if (row.fields.join(',') === header.fields.join(',')) {
      warn({ file: name, line: row.line, message: `header line repeated (first on line ${header.line}); skipped` });
      continue;
    }
    if (pending) yield toCslRow(pending, columns!, header.fields.length, name, onUnknownList);
    pending = row;
  }
  if (!header) throw new ImportError('empty file: no header line', { file: name, line: 1 });
  if (!pending) return;
  if (pending.fields.length === header.fields.length) yield toCslRow(pending, columns!, header.fields.length, name, onUnknownList);
  else warn({ file: name, line: pending.line, message: `last row has ${pending.fields.length} of ${header.fields.length} fields (cut off?); skipped` });
}

/** The subject a row belongs to: OFAC's uid when the row has one, else its list and name. */
function subjectKey(row: CslRow): string {
  const number = row.get('entity_number');
  if (number) return `${row.list.authority === AUTHORITY.OFAC ? 'ofac' : row.list.code}-${number}`;
  const name = row.get('name')!;
  return `${row.list.code}-${slug(name) || name}`;
}

/**
 * One listing of a subject: its list, Federal Register notice and start date. Rows that differ
 * only in the address (the Entity List and DPL give each address its own row) are one listing.
 */
function sanctionKey(row: CslRow): string {
  const listing = [row.get('federal_register_notice'), row.get('start_date')].filter(Boolean).join(' ');
  const code = slug(row.list.code);
  if (!listing) return code;
  const text = slug(listing);
  // Long notice lists are hashed on letters and digits only: their spacing varies between rows.
  return `${code}-${text.length <= 40 ? text : sha1(text.replace(/-/gu, '')).slice(0, 12)}`;
}

/** Add a value, or keep it in notes when the entity's schema has no such property. */
function put(b: EntityBuilder, prop: string, value: string | null | string[]): void {
  if (propertyType(b.schema, prop) !== null) b.add(prop, value);
  else for (const v of [value].flat()) if (v) b.add('notes', `${prop}: ${v}`);
}

/** One `ids` item: "CA, BC166787, Passport" (older) or "Passport, BC166787, CA, 2010-01-01" (newer). */
function parseIdItem(item: string, order: IdOrder): IdItem | null {
  const parts = item
    .split(', ')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return null;
  if (order === 'type-last') {
    const type = parts.pop()!;
    const country = parts.length > 1 && COUNTRY_CODE.test(parts[0]) ? parts.shift()! : null;
    // Issue and expiry dates sit between country and number; the number is what we keep.
    while (parts.length > 1 && ISO_DAY.test(parts[0])) parts.shift();
    return { type, value: parts.join(', '), country };
  }
  const type = parts.shift()!;
  while (parts.length > 1 && parseDates(parts.at(-1)).length > 0) parts.pop();
  const country = parts.length > 1 && COUNTRY_CODE.test(parts.at(-1)!) ? parts.pop()! : null;
  return { type, value: parts.join(', '), country };
}

/** How one `ids` item votes on the order of its parts: +1 type first, -1 type last, 0 cannot tell. */
function idOrderVote(item: string): number {
  const parts = item.split(', ').map((p) => p.trim());
  if (parts.length >= 3 && (COUNTRY_CODE.test(parts[0]) || ISO_DAY.test(parts[0]))) return -1;
  if (parts.length >= 3 && COUNTRY_CODE.test(parts[2])) return 1;
  // Descriptive types end in ':' or ' -' ("Secondary sanctions risk:").
  if (/[:-]$/u.test(parts[0])) return 1;
  if (/[:-]$/u.test(parts.at(-1)!)) return -1;
  return 0;
}

function addIdentifier(b: EntityBuilder, { type, value, country }: IdItem): void {
  let prop = ID_PROPERTIES.find(([pattern]) => pattern.test(type))?.[1] ?? 'notes';
  if (IMO.test(value)) prop = 'imoNumber';
  else if (prop === 'imoNumber') prop = 'registrationNumber';
  // OFAC's "Legal Entity Number" is an LEI, except a few national numbers filed under it.
  if (prop === 'leiCode' && !LEI.test(value)) prop = 'registrationNumber';
  if (prop === 'notes') {
    b.add('notes', `${type.replace(/[\s:-]+$/u, '')}: ${value}${country ? ` (${country})` : ''}`);
    return;
  }
  put(b, prop, prop === 'gender' ? value.toLowerCase() : value);
  if (!country) return;
  const registered = REGISTRATION_PROPERTIES.has(prop) && b.schema !== 'Person' && propertyType(b.schema, 'jurisdiction') !== null;
  b.add(registered ? 'jurisdiction' : 'country', country);
}

/** "Street 1, City, 220021, BY": the address, and the country from its last part. */
function addAddresses(b: EntityBuilder, text: string | null): void {
  for (const address of splitList(text)) {
    const parts = address.split(',').map((p) => p.trim());
    const last = parts.at(-1)!;
    const country = COUNTRY_CODE.test(last) ? last.toLowerCase() : toCountryCode(last);
    if (country) b.add('country', country);
    // An "address" that is only a country ("SY") is not an address.
    if (!country || parts.length > 1) b.add('address', address);
  }
}

// ISN names end with a legal clause that is not part of the name.
const SUCCESSOR_CLAUSE = /;\s*(and any successor.*)$/iu;

function addNames(b: EntityBuilder, row: CslRow): void {
  const name = row.get('name')!;
  const clause = SUCCESSOR_CLAUSE.exec(name);
  b.add('name', clause ? name.slice(0, clause.index) : name);
  if (clause) b.add('notes', clause[1]);
  // Entity List alternate names are a sentence split at ';': "MZKT; and Production … Plant".
  b.add('alias', splitList(row.get('alt_names')).map((alias) => alias.replace(/^and\s+/u, '')));
}

function addPersonFacts(b: EntityBuilder, row: CslRow): void {
  put(b, 'position', row.get('title'));
  for (const item of splitList(row.get('dates_of_birth'))) {
    const dates = parseDates(item);
    put(b, 'birthDate', dates.length > 0 ? dates : item);
  }
  put(b, 'birthPlace', splitList(row.get('places_of_birth')));
  put(b, 'nationality', splitList(row.get('nationalities')));
  put(b, 'citizenship', splitList(row.get('citizenships')));
}

function addVesselFacts(b: EntityBuilder, row: CslRow): void {
  put(b, 'callSign', row.get('call_sign'));
  put(b, 'type', row.get('vessel_type'));
  put(b, 'flag', row.get('vessel_flag'));
  put(b, 'tonnage', row.get('gross_tonnage'));
  put(b, 'grossRegisteredTonnage', row.get('gross_registered_tonnage'));
  const owner = row.get('vessel_owner');
  if (owner) b.add('notes', `Vessel owner: ${owner}`);
}

/** "(Linked To: A; Linked To: B (X))" groups in OFAC remarks: the names, and the remarks without them. */
export function splitLinkedTo(remarks: string | null): { targets: string[]; rest: string | null } {
  if (!remarks) return { targets: [], rest: null };
  const targets: string[] = [];
  let rest = '';
  let i = 0;
  while (i < remarks.length) {
    const start = remarks.indexOf('(Linked To:', i);
    if (start < 0) break;
    // The group ends at its matching bracket: target names contain brackets of their own.
    let depth = 0;
    let end = start;
    for (; end < remarks.length; end++) {
      if (remarks[end] === '(') depth++;
      else if (remarks[end] === ')' && --depth === 0) break;
    }
    rest += remarks.slice(i, start);
    const inner = remarks.slice(start + 1, end);
    targets.push(...inner.split(/;\s*(?=Linked To:)/u).map((t) => t.replace(/^Linked To:\s*/u, '').trim()).filter(Boolean));
    i = end + 1;
  }
  rest += remarks.slice(i);
  return { targets, rest: cleanText(rest.replace(/^[\s;.]+|[\s;]+$/gu, '')) };
}

function sanctionFields(row: CslRow, remarks: string | null): SanctionFields {
  const standardOrder = row.get('standard_order');
  const program = [row.list.program, ...splitList(row.get('programs'))];
  return {
    authority: row.list.authority,
    program: [...new Set(program)],
    listingDate: row.get('start_date'),
    startDate: row.get('start_date'),
    endDate: row.get('end_date'),
    authorityId: row.get('federal_register_notice') ?? row.get('entity_number'),
    reason: [row.get('license_requirement'), row.get('license_policy'), remarks].filter(Boolean).join(' ') || null,
    // Denied Persons List: whether the denial order is the standard one.
    provisions: standardOrder === 'Y' ? 'Standard denial order' : standardOrder === 'N' ? 'Non-standard denial order' : null,
    sourceUrl: row.get('source_list_url'),
  };
}

interface ReadState {
  dataset: string;
  file: string;
  ctx: ReadContext;
  /** Sum of the `ids` items' votes on their order (idOrderVote), over the whole file. */
  idOrderVotes: number;
  /** Primary names of OFAC rows → their subject key, or null when the name is not unique. */
  ofacNames: Map<string, string | null>;
}

function schemaOf(row: CslRow): string {
  return SCHEMA_BY_TYPE[(row.get('type') ?? '').toLowerCase()] ?? 'LegalEntity';
}

function narrowTo(b: EntityBuilder, row: CslRow, state: ReadState): void {
  const schema = schemaOf(row);
  if (schema === b.schema) return;
  try {
    b.narrow(schema);
  } catch {
    state.ctx.warn({ file: state.file, line: row.line, field: 'type', message: `type '${row.get('type')}' conflicts with ${b.schema} of the same record; ${b.schema} kept` });
  }
}

function linkEntity(subjectId: string, subjectKeyText: string, targetKey: string, state: ReadState): SourceEntity {
  return new EntityBuilder(entityId(state.dataset, subjectKeyText, 'linked-to', targetKey), 'UnknownLink')
    .add('subject', subjectId)
    .add('object', entityId(state.dataset, targetKey))
    .add('role', 'Linked To')
    .build();
}

/** A row that repeats an earlier one: an OFAC uid twice on one list, or the same row twice. */
function repeatKey(row: CslRow): string {
  return row.get('entity_number') ? `list ${row.list.code}` : `row ${row.content}`;
}

/** The subject of a group of rows, then one Sanction per listing, then its "Linked To" links. */
function* groupEntities(rows: CslRow[], state: ReadState): Generator<SourceEntity> {
  const key = subjectKey(rows[0]);
  const id = entityId(state.dataset, key);
  const b = new EntityBuilder(id, schemaOf(rows[0]));
  const sanctions = new Map<string, SourceEntity>();
  const links = new Map<string, SourceEntity>();
  const seen = new Map<string, number>();
  for (const row of rows) {
    const repeat = repeatKey(row);
    const earlier = seen.get(repeat);
    if (earlier !== undefined) {
      state.ctx.warn({ file: state.file, line: row.line, message: `${key} listed again on ${row.list.code} (first on line ${earlier}); the first row is kept` });
      continue;
    }
    seen.set(repeat, row.line);
    narrowTo(b, row, state);
    addNames(b, row);
    addAddresses(b, row.get('addresses'));
    if (b.schema === 'Person') addPersonFacts(b, row);
    else if (row.get('title')) b.add('notes', row.get('title'));
    if (b.schema === 'Vessel') addVesselFacts(b, row);
    for (const item of splitList(row.get('ids'))) {
      const parsed = parseIdItem(item, state.idOrderVotes < 0 ? 'type-last' : 'type-first');
      if (parsed) addIdentifier(b, parsed);
      else b.add('notes', item);
    }
    b.add('sourceUrl', row.get('source_information_url'));
    const { targets, rest } = splitLinkedTo(row.get('remarks'));
    for (const target of targets) {
      const targetKey = state.ofacNames.get(target);
      if (targetKey && targetKey !== key) links.set(targetKey, linkEntity(id, key, targetKey, state));
      else if (!targetKey) b.add('notes', `Linked To: ${target}`);
    }
    const listing = sanctionKey(row);
    if (!sanctions.has(listing)) sanctions.set(listing, sanctionEntity(id, sanctionFields(row, rest), listing));
  }
  b.add('topics', 'sanction');
  yield b.build();
  yield* sanctions.values();
  yield* links.values();
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  if (ctx.files.length !== 1) throw new ImportError(`the CSL is one CSV file; got ${ctx.files.length}`, { file: ctx.files.map((f) => basename(f)).join(', ') });
  const file = ctx.files[0];
  const state: ReadState = { dataset: ctx.dataset, file: basename(file), ctx, idOrderVotes: 0, ofacNames: new Map() };
  // The first pass (before any group comes out) counts the votes and the OFAC names.
  const survey = (row: CslRow) => {
    for (const item of splitList(row.get('ids'))) state.idOrderVotes += idOrderVote(item);
    if (row.list.authority !== AUTHORITY.OFAC || !row.get('entity_number')) return;
    const name = row.get('name')!;
    const key = subjectKey(row);
    const known = state.ofacNames.get(name);
    state.ofacNames.set(name, known === undefined || known === key ? key : null);
  };
  for await (const rows of groupByKey((pass) => cslRows(file, ctx, pass), subjectKey, survey)) yield* groupEntities(rows, state);
}

/** Column names of the first line of `head` (gunzipped when the file is gzip). */
function headerNames(head: Buffer): string[] {
  let bytes = head;
  if (isGzip(head)) {
    try {
      bytes = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      return [];
    }
  }
  const first = bytes.toString('utf8').split(/\r?\n/u)[0].replace(/^\ufeff/u, '');
  return first.split(',').map((name) => name.trim().replace(/^"|"$/gu, ''));
}

export const usCslCsvFormat: ListFormat = {
  name: 'us_csl_csv',
  dataset: 'us_trade_csl',
  title: 'US Consolidated Screening List (trade.gov), CSV',
  spec: 'trade.gov CSL consolidated.csv, current (_id first) and 2019 (source first) layouts; samples 2019-2025 in shared/data/raw/us_csl',
  detect(_names, head) {
    const columns = headerNames(head);
    return ['source', 'entity_number', 'name', 'alt_names', 'source_list_url'].every((c) => columns.includes(c));
  },
  read,
};
