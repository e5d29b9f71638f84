// The UK lists' shared reading: OFSI Consolidated List rows → entities (the CSV and the XLSX
// have the same columns), and what the FCDO UK Sanctions List XML shares with them: dates with
// unknown parts, name types, script languages, the sanction, and links between parties by name.
//
// OFSI layout: one party (a "Group ID") is spread over several rows, one per name (primary name,
// name variations, AKAs, FKAs) and per DOB/address variant, each repeating the party's other
// details; a group's rows need not be contiguous. Two layouts:
// - pre-2022, 29 columns: "Prime Alias" marks the main name, Other Information is free text
//   ("UN Ref QDe.004. Emir for …");
// - 2022, 36 columns: non-Latin names, passport and national id numbers, alias quality,
//   "UK Sanctions List Date Designated", and Other Information made of "(Label):value" fields
//   ("(UK Sanctions List Ref):BEL0066. (UK Statement of Reasons):… (Phone number):…").
import { EntityBuilder, sanctionEntity, type SanctionFields, type SourceEntity } from '../model/entity.js';
import { propertyType } from '../model/ftm.js';
import { entityId, slug } from '../model/ids.js';
import { cleanText, parseDate } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { ImportError, type ImportWarning } from './types.js';

// ---------------------------------------------------------------------------------------------
// Helpers shared with the FCDO XML reader
// ---------------------------------------------------------------------------------------------

export const UK_SCHEMATA: Record<string, string> = { individual: 'Person', entity: 'Organization', ship: 'Vessel' };

/**
 * A UK list date, day first. Unknown parts are "00" in OFSI files and "dd"/"mm" in FCDO ones:
 * "00/00/1954" and "dd/mm/1968" → the year, "00/08/1954" and "dd/09/1958" → year and month.
 */
export function ukDate(raw: string | null | undefined): string | null {
  const text = cleanText(raw);
  if (!text) return null;
  const m = /^(\d{1,2}|dd)\/(\d{1,2}|mm)\/(\d{4})$/iu.exec(text);
  if (m && /^(0+|mm)$/iu.test(m[2])) return parseDate(m[3]);
  if (m && /^(0+|dd)$/iu.test(m[1])) return parseDate(`${m[3]}-${m[2]}`);
  return parseDate(text, 'DMY');
}

/**
 * How a name is listed. OFSI: "Primary name" (2022) or "Prime Alias" (pre-2022, where every
 * group has one and it is the main name), "Primary name variation", "AKA" with an Alias Quality,
 * "FKA". FCDO: "Primary Name"/"Primary name", "Primary Name Variation", "Alias" with an
 * AliasStrength ("Low quality a.k.a").
 */
export type NameKind = 'primary' | 'variation' | 'aka' | 'fka' | 'weak';
const KIND_ORDER: NameKind[] = ['primary', 'variation', 'aka', 'fka', 'weak'];
const KIND_PROP: Record<NameKind, string> = { primary: 'name', variation: 'alias', aka: 'alias', fka: 'previousName', weak: 'weakAlias' };

export interface UkName {
  kind: NameKind;
  value: string;
  lang: string | null;
}

/**
 * Names → FtM name properties, main names first. When the list marks no name primary (two
 * OFSI groups have only "Primary name variation" rows), the best-ranked one becomes the name.
 */
export function namesInOrder(names: Iterable<UkName>): { prop: string; value: string; lang: string | null }[] {
  const sorted = [...names].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  return sorted.map((n, i) => ({ prop: i === 0 ? 'name' : KIND_PROP[n.kind], value: n.value, lang: n.lang }));
}

/** Add a name to a set keyed by text and language; the same text listed twice keeps its stronger kind. */
export function addUkName(names: Map<string, UkName>, name: UkName): void {
  const key = `${name.value}\u0000${name.lang ?? ''}`;
  const known = names.get(key);
  if (!known || KIND_ORDER.indexOf(name.kind) < KIND_ORDER.indexOf(known.kind)) names.set(key, name);
}

export function ukNameKind(type: string | null, quality: string | null): NameKind | null {
  const t = (cleanText(type) ?? '').toLowerCase();
  if (t === 'primary name' || t === 'prime alias') return 'primary';
  if (t === 'primary name variation') return 'variation';
  if (t === 'fka') return 'fka';
  if (t === 'aka' || t === 'alias') return /low/iu.test(quality ?? '') ? 'weak' : 'aka';
  return null;
}

/** The list's Name 1…5 (given names) and Name 6 (surname, or an entity's or ship's whole name). */
export function ukFullName(given: (string | null)[], name6: string | null, schema: string): string | null {
  const parts = [...given, name6].map((p) => cleanText(p)).filter((p): p is string => p !== null);
  if (schema !== 'Person' && cleanText(name6)) return cleanText(name6);
  return parts.join(' ') || null;
}

// Languages as the lists label non-Latin names ("Non-Latin Script Language", sometimes only a
// "Non-Latin Script Type" such as "Persian") → ISO 639-3.
const LANGUAGES: Record<string, string> = {
  russian: 'rus', belarusian: 'bel', belarussian: 'bel', ukrainian: 'ukr', persian: 'fas', farsi: 'fas',
  'persian/farsi': 'fas', arabic: 'ara', chinese: 'zho', georgian: 'kat', hebrew: 'heb', korean: 'kor',
  bulgarian: 'bul', greek: 'ell', thai: 'tha', japanese: 'jpn', armenian: 'hye', kazakh: 'kaz', serbian: 'srp',
  burmese: 'mya', uzbek: 'uzb', tajik: 'tgk', kyrgyz: 'kir', pashto: 'pus', urdu: 'urd', mongolian: 'mon',
};

/** ISO 639-3 language of a non-Latin name: the list's label, else a guess from its script. */
export function ukLanguage(labels: (string | null)[], name: string): string | null {
  for (const label of labels) {
    const code = LANGUAGES[(cleanText(label) ?? '').toLowerCase()];
    if (code) return code;
  }
  return languageOf(name);
}

/** "(1) Saudi Arabia (2) Qatar" or "1) Saudi Arabia 2) Qatar" → each item; other text → itself. */
export function numbered(raw: string | null | undefined): string[] {
  const text = cleanText(raw);
  if (!text) return [];
  if (!/^\(?1\)/u.test(text)) return [text];
  return text
    .split(/\s*\(?\b\d{1,2}\)\s*/u)
    .map((p) => p.replace(/[.,;]$/u, '').trim())
    .filter(Boolean);
}

/** Contact lists ("a@b.by, c@d.by", "00375(17)7762032. 00375(17)7765479") → each item. */
function contacts(raw: string): string[] {
  return numbered(raw)
    .flatMap((item) => item.split(/;\s*|,\s+|\.\s+/u))
    .map((p) => p.replace(/\.$/u, '').trim())
    .filter(Boolean);
}

/** IMO numbers as "IMO" and seven digits, however the list writes them ("7408873", "IMO9562233"). */
export function imoNumber(raw: string): string {
  const digits = raw.replace(/^IMO\s*/iu, '').trim();
  return /^\d{7}$/u.test(digits) ? `IMO${digits}` : raw;
}

export interface UkSanctionExtra {
  /** Every reference the list gives the listing (Group ID, UK Sanctions List Ref / UniqueID). */
  authorityIds?: (string | null)[];
  provisions?: string[];
}

/** The listing's Sanction entity; sanctionEntity takes one authorityId, the UK lists give two. */
export function ukSanction(subjectId: string, fields: SanctionFields, extra: UkSanctionExtra, key = ''): SourceEntity {
  const base = sanctionEntity(subjectId, { ...fields, authority: AUTHORITY.UK }, key);
  const b = new EntityBuilder(base.id, base.schema);
  for (const s of base.statements) b.add(s.prop, s.value);
  b.add('authorityId', extra.authorityIds ?? []);
  b.add('provisions', extra.provisions ?? []);
  return b.build();
}

// Schema lookups are slow in the FtM package (every call rebuilds the property map): remembered.
const schemaHas = new Map<string, boolean>();

/** Add a value under `prop` when the schema has it, else keep it in the notes with its label. */
export function addOrNote(b: EntityBuilder, prop: string, value: string | null, label: string = prop, original?: string | null): void {
  if (!value) return;
  const key = `${b.schema}.${prop}`;
  if (!schemaHas.has(key)) schemaHas.set(key, propertyType(b.schema, prop) !== null);
  if (schemaHas.get(key)) b.add(prop, value, { original });
  else b.add('notes', `${label}: ${value}`);
}

/** A relation the list states by name ("Parent company: X", a ship's owner/operator). */
export interface Relation {
  schema: 'Ownership' | 'UnknownLink';
  role: string;
  /** True when the party stating it is the owner (subsidiaries), false when it is the asset. */
  statedByOwner: boolean;
}

/**
 * Links between the list's own parties, stated by name. Names are indexed as parties are read;
 * the links come at the end, once every name is known, and only when exactly one party has
 * the name. The text also stays in the stating party's notes, linked or not.
 */
export class NameLinks {
  private readonly ids = new Map<string, string | null>();
  private readonly wanted: { subjectId: string; relation: Relation; target: string }[] = [];

  private static key(name: string): string {
    return name.toLowerCase().replace(/\s+/gu, ' ').trim();
  }

  addNames(id: string, names: string[]): void {
    for (const name of names) {
      const key = NameLinks.key(name);
      const known = this.ids.get(key);
      this.ids.set(key, known === undefined || known === id ? id : null);
    }
  }

  want(subjectId: string, relation: Relation, target: string): void {
    this.wanted.push({ subjectId, relation, target });
  }

  *links(dataset: string): Generator<SourceEntity> {
    for (const { subjectId, relation, target } of this.wanted) {
      const targetId = this.ids.get(NameLinks.key(target));
      if (!targetId || targetId === subjectId) continue;
      const [a, b] = relation.statedByOwner ? [subjectId, targetId] : [targetId, subjectId];
      const link = new EntityBuilder(entityId(dataset, 'link', relation.role, a, b), relation.schema);
      if (relation.schema === 'Ownership') link.add('owner', a).add('asset', b);
      else link.add('subject', a).add('object', b);
      yield link.add('role', relation.role).build();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// OFSI Consolidated List rows
// ---------------------------------------------------------------------------------------------

export const OFSI_SOURCE_URL = 'https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets';
const REQUIRED_COLUMNS = ['Name 6', 'Group Type', 'Alias Type', 'Regime', 'Group ID'];
const GIVEN_NAME_COLUMNS = ['Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5'];
const ADDRESS_COLUMNS = ['Address 1', 'Address 2', 'Address 3', 'Address 4', 'Address 5', 'Address 6', 'Post/Zip Code', 'Country'];
// Free-text columns kept in the notes under their label.
const NOTE_COLUMNS = ['Passport Details', 'NI Number', 'National Identification Details'];
// Header spellings seen besides the official ones (a hand-made 2022 sample says "NI Details").
const COLUMN_ALIASES: Record<string, string> = { 'ni details': 'National Identification Details' };

/** "Last Updated,27/04/2020" (CSV) or "Last Updated | 10/04/2025" (XLSX) → ISO date. */
export function lastUpdated(cells: (string | null)[]): string | null {
  const first = cleanText(cells[0]) ?? '';
  if (!/^last updated/iu.test(first)) return null;
  return ukDate(cells[1]) ?? ukDate(first.replace(/^last updated:?\s*/iu, ''));
}

/** One row's cells by column name. */
export interface OfsiRow {
  get(column: string): string | null;
  line: number;
}

/** The header row: column positions by name; names the required columns that are missing. */
export class OfsiColumns {
  private readonly index = new Map<string, number>();

  constructor(header: (string | null)[], file: string, line: number) {
    header.forEach((cell, i) => {
      const name = cleanText(cell);
      if (!name) return;
      const canonical = (COLUMN_ALIASES[name.toLowerCase()] ?? name).toLowerCase();
      if (!this.index.has(canonical)) this.index.set(canonical, i);
    });
    const missing = REQUIRED_COLUMNS.filter((c) => !this.index.has(c.toLowerCase()));
    if (missing.length) {
      throw new ImportError(`not an OFSI Consolidated List header: missing column(s) ${missing.join(', ')}`, { file, line, field: missing[0] });
    }
  }

  /** Cells past this position are required for a complete row. */
  get requiredWidth(): number {
    return Math.max(...REQUIRED_COLUMNS.map((c) => this.index.get(c.toLowerCase())!)) + 1;
  }

  row(cells: (string | null | undefined)[], line: number): OfsiRow {
    return {
      line,
      get: (column) => {
        const i = this.index.get(column.toLowerCase());
        return i === undefined ? null : cleanText(cells[i]);
      },
    };
  }
}

interface Fact {
  prop: string;
  value: string;
  original: string | null;
  label: string;
}

interface Listing {
  regime: string | null;
  listedOn: string | null;
  designated: string | null;
}

/** What all rows of one Group ID say, each distinct value once (the rows repeat a lot). */
class OfsiGroup {
  readonly names = new Map<string, UkName>();
  readonly facts = new Map<string, Fact>();
  readonly infos = new Set<string>();
  readonly listings = new Map<string, Listing>();

  constructor(
    readonly groupId: string,
    readonly schema: string,
  ) {}

  addFact(prop: string, value: string | null | undefined, label: string = prop, original: string | null = null): void {
    const clean = cleanText(value);
    if (!clean) return;
    const key = `${prop}\u0000${clean}`;
    if (!this.facts.has(key)) this.facts.set(key, { prop, value: clean, original, label });
  }
}

type Warn = (warning: ImportWarning) => void;

/** Collects rows by Group ID, then turns each group into its party, its listings and links. */
export class OfsiGroups {
  private readonly groups = new Map<string, OfsiGroup>();

  constructor(
    private readonly file: string,
    private readonly warn: Warn,
  ) {}

  add(row: OfsiRow): void {
    const groupId = row.get('Group ID');
    if (!groupId) throw new ImportError('row without a Group ID', { file: this.file, line: row.line, field: 'Group ID' });
    let group = this.groups.get(groupId);
    if (!group) {
      group = new OfsiGroup(groupId, this.schemaOf(row));
      this.groups.set(groupId, group);
    } else if (this.schemaOf(row) !== group.schema) {
      this.warn({ file: this.file, line: row.line, field: 'Group Type', message: `group ${groupId} changes type to '${row.get('Group Type')}'; kept ${group.schema}` });
    }
    this.addNames(group, row);
    addPersonFacts(group, row);
    addPlaceFacts(group, row);
    const info = row.get('Other Information');
    if (info) group.infos.add(info);
    const regime = row.get('Regime');
    if (!group.listings.has(regime ?? '')) {
      group.listings.set(regime ?? '', { regime, listedOn: row.get('Listed On'), designated: row.get('UK Sanctions List Date Designated') });
    }
  }

  private schemaOf(row: OfsiRow): string {
    const type = row.get('Group Type');
    const schema = UK_SCHEMATA[(type ?? '').toLowerCase()];
    if (schema) return schema;
    this.warn({ file: this.file, line: row.line, field: 'Group Type', message: `unknown Group Type '${type ?? ''}'; read as LegalEntity` });
    return 'LegalEntity';
  }

  private addNames(group: OfsiGroup, row: OfsiRow): void {
    const given = GIVEN_NAME_COLUMNS.map((c) => row.get(c));
    const name = ukFullName(given, row.get('Name 6'), group.schema);
    if (!name) throw new ImportError('row without a name', { file: this.file, line: row.line, field: 'Name 6' });
    let kind = ukNameKind(row.get('Alias Type'), row.get('Alias Quality'));
    if (!kind) {
      this.warn({ file: this.file, line: row.line, field: 'Alias Type', message: `unknown Alias Type '${row.get('Alias Type') ?? ''}'; read as AKA` });
      kind = 'aka';
    }
    addUkName(group.names, { kind, value: name, lang: null });
    if (kind === 'primary' && group.schema === 'Person') {
      group.addFact('firstName', given[0]);
      group.addFact('middleName', given.slice(1).filter(Boolean).join(' '));
      group.addFact('lastName', row.get('Name 6'));
    }
    const nonLatin = row.get('Name Non-Latin Script');
    if (nonLatin) addUkName(group.names, { kind, value: nonLatin, lang: ukLanguage([row.get('Non-Latin Script Language'), row.get('Non-Latin Script Type')], nonLatin) });
  }

  /** Every party, each followed by its listings, then the links between parties. */
  *entities(dataset: string): Generator<SourceEntity> {
    const links = new NameLinks();
    for (const group of this.groups.values()) {
      const [party, ...sanctions] = groupEntities(group, dataset, links);
      links.addNames(party.id, party.statements.filter((s) => s.prop === 'name' || s.prop === 'alias').map((s) => s.value));
      yield party;
      yield* sanctions;
    }
    yield* links.links(dataset);
  }
}

function addPersonFacts(group: OfsiGroup, row: OfsiRow): void {
  group.addFact('title', row.get('Title'));
  const dob = row.get('DOB');
  group.addFact('birthDate', ukDate(dob) ?? dob, 'DOB', dob);
  group.addFact('birthPlace', [row.get('Town of Birth'), row.get('Country of Birth')].filter(Boolean).join(', '), 'Place of birth');
  for (const country of numbered(row.get('Country of Birth'))) group.addFact('birthCountry', country, 'Country of Birth');
  for (const nationality of numbered(row.get('Nationality'))) group.addFact('nationality', nationality, 'Nationality');
  for (const passport of numbered(row.get('Passport Number'))) group.addFact('passportNumber', passport, 'Passport Number');
  for (const id of numbered(row.get('National Identification Number'))) group.addFact('idNumber', id, 'National Identification Number');
  for (const position of numbered(row.get('Position'))) group.addFact('position', position, 'Position');
  for (const column of NOTE_COLUMNS) {
    const text = row.get(column);
    if (text) group.addFact('notes', `${column}: ${text}`);
  }
}

function addPlaceFacts(group: OfsiGroup, row: OfsiRow): void {
  const address = ADDRESS_COLUMNS.map((c) => row.get(c)).filter(Boolean).join(', ');
  group.addFact('address', address, 'Address');
  group.addFact('country', row.get('Country'), 'Country');
}

// "(Label):value" fields of the 2022 layout's Other Information, and where each goes.
const INFO_FIELDS: Record<string, { prop: string; split?: 'contacts' | 'numbered'; relation?: Relation }> = {
  'UK Sanctions List Ref': { prop: 'ukRef' },
  'UK Statement of Reasons': { prop: 'reason' },
  'UN Ref': { prop: 'unscId' },
  Gender: { prop: 'gender' },
  'Phone number': { prop: 'phone', split: 'contacts' },
  Tel: { prop: 'phone', split: 'contacts' },
  'Email address': { prop: 'email', split: 'contacts' },
  Website: { prop: 'website', split: 'contacts' },
  'Type of entity': { prop: 'legalForm' },
  'Business Reg No': { prop: 'registrationNumber', split: 'numbered' },
  'Parent company': { prop: 'notes', relation: { schema: 'Ownership', role: 'Parent company', statedByOwner: false } },
  Subsidiaries: { prop: 'notes', relation: { schema: 'Ownership', role: 'Subsidiary', statedByOwner: true } },
  'Current owners': { prop: 'notes', relation: { schema: 'Ownership', role: 'Current owner', statedByOwner: false } },
  'IMO number': { prop: 'imoNumber' },
  'Flag of ship': { prop: 'flag' },
  'Previous flags': { prop: 'pastFlags', split: 'numbered' },
  'Type of ship': { prop: 'type' },
  'Tonnage of ship': { prop: 'tonnage' },
  'Year built': { prop: 'buildDate' },
  'Length of ship': { prop: 'notes' },
  Fax: { prop: 'notes' },
};
const INFO_LABEL = new RegExp(`\\((${Object.keys(INFO_FIELDS).map((k) => k.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')).join('|')})\\):`, 'gu');
const UN_REF_CODE = String.raw`([A-Z]{2,3}[a-z]?\.(?:[A-Z]\.)?\d{1,4}(?:\.\d{2})?)`;
// A reference field is followed by free text of its own: "RUS1831. Financial sanctions …".
const REF_AND_TEXT: Record<string, RegExp> = {
  ukRef: /^([A-Z]{2,4}\d{3,5})\b\.?\s*(.*)$/su,
  unscId: new RegExp(String.raw`^${UN_REF_CODE}\.?\s*(.*)$`, 'su'),
};
// Pre-2022 Other Information mentions the UN reference in its text: "UN Ref QDe.004. …".
const UN_REF_IN_TEXT = new RegExp(String.raw`\bUN\s?Ref\b\.?:?\s*${UN_REF_CODE}`, 'iu');

/** Other Information split into its "(Label):value" fields; text before any label has label null. */
function infoFields(text: string): { label: string | null; value: string }[] {
  const matches = [...text.matchAll(INFO_LABEL)];
  const fields: { label: string | null; value: string }[] = [];
  const head = text.slice(0, matches[0]?.index ?? text.length).trim();
  if (head) fields.push({ label: null, value: head });
  matches.forEach((m, i) => {
    const end = matches[i + 1]?.index ?? text.length;
    fields.push({ label: m[1], value: text.slice(m.index! + m[0].length, end).trim() });
  });
  return fields;
}

interface ListingInfo {
  ukRef: string | null;
  unscId: string | null;
  /** The UK Statement of Reasons; before 2022 the free text is all the list says. */
  reason: string | null;
}

/** Apply a group's Other Information to its party; returns what belongs to its listings. */
function applyInfo(b: EntityBuilder, texts: Iterable<string>, links: NameLinks): ListingInfo {
  const listing: ListingInfo = { ukRef: null, unscId: null, reason: null };
  let freeText: string | null = null;
  for (const text of texts) {
    for (const { label, value } of infoFields(text)) {
      if (label === null) {
        b.add('notes', value);
        freeText ??= cleanText(value);
        listing.unscId ??= UN_REF_IN_TEXT.exec(value)?.[1] ?? null;
        continue;
      }
      const field = INFO_FIELDS[label];
      if (field.prop === 'ukRef' || field.prop === 'unscId') {
        const m = REF_AND_TEXT[field.prop].exec(value);
        if (field.prop === 'ukRef') listing.ukRef ??= m?.[1] ?? null;
        else listing.unscId ??= m?.[1] ?? null;
        b.add('notes', m ? m[2] : value);
      } else if (field.prop === 'reason') {
        listing.reason ??= cleanText(value);
      } else if (field.relation) {
        b.add('notes', `${label}: ${value}`);
        for (const target of numbered(value).flatMap((v) => v.split(/;\s*/u))) links.want(b.id, field.relation, target);
      } else {
        const values = field.split === 'contacts' ? contacts(value) : field.split === 'numbered' ? numbered(value) : [value];
        for (const v of values) {
          if (field.prop === 'notes') b.add('notes', `${label}: ${v}`);
          else addOrNote(b, field.prop, field.prop === 'gender' ? v.toLowerCase() : field.prop === 'imoNumber' ? imoNumber(v) : v, label);
        }
      }
    }
  }
  listing.reason ??= freeText;
  return listing;
}

/** One group → its party and one Sanction per regime it is listed under. */
function groupEntities(group: OfsiGroup, dataset: string, links: NameLinks): SourceEntity[] {
  const id = entityId(dataset, group.groupId);
  const b = new EntityBuilder(id, group.schema);
  for (const name of namesInOrder(group.names.values())) b.add(name.prop, name.value, { lang: name.lang });
  for (const fact of group.facts.values()) addOrNote(b, fact.prop, fact.value, fact.label, fact.original);
  const info = applyInfo(b, group.infos, links);
  b.add('sourceUrl', OFSI_SOURCE_URL);
  b.add('topics', 'sanction');
  const entities = [b.build()];
  for (const listing of group.listings.values()) {
    const fields: SanctionFields = {
      authority: AUTHORITY.UK,
      program: listing.regime,
      listingDate: ukDate(listing.listedOn),
      startDate: ukDate(listing.designated),
      reason: info.reason,
      unscId: info.unscId,
      sourceUrl: OFSI_SOURCE_URL,
    };
    entities.push(ukSanction(id, fields, { authorityIds: [group.groupId, info.ukRef] }, slug(listing.regime ?? '')));
  }
  return entities;
}
