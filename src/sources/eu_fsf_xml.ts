// The EU Financial Sanctions File, XML schema 1.1: `<export generationDate globalFileId>` with one
// `<sanctionEntity logicalId euReferenceNumber unitedNationId designationDate>` per listing, its
// data in attributes of child elements (regulation, subjectType, nameAlias, citizenship,
// birthdate, identification, address, contactInfo). Ids use logicalId, which the FSF keeps for
// the life of a listing (and which the legacy pre-2017 layout calls ENTITY Id).
// Spec: FSF XML 1.1 (namespace http://eu.europa.ec/fpi/fsd/export); samples: two extracts of
// export 123465 of 2020-04-15 in shared/data/raw/eu_fsf/deriv_2020-04-15. Several files of one
// export import together as one version.
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { propertyType } from '../model/ftm.js';
import { entityId } from '../model/ids.js';
import { cleanText } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { child, children, text, xmlRecords, type XmlNode } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

// FSF name languages are ISO 639-1 (the EU's official languages and a few others); statements
// carry ISO 639-3.
const LANGUAGES: Record<string, string> = {
  BG: 'bul', CS: 'ces', DA: 'dan', DE: 'deu', EL: 'ell', EN: 'eng', ES: 'spa', ET: 'est', FI: 'fin', FR: 'fra',
  GA: 'gle', HR: 'hrv', HU: 'hun', IT: 'ita', LT: 'lit', LV: 'lav', MT: 'mlt', NL: 'nld', PL: 'pol', PT: 'por',
  RO: 'ron', SK: 'slk', SL: 'slv', SV: 'swe', RU: 'rus', UK: 'ukr', BE: 'bel', AR: 'ara', ZH: 'zho', FA: 'fas',
  KO: 'kor', JA: 'jpn', TR: 'tur', SR: 'srp', SQ: 'sqi', MK: 'mkd', KA: 'kat', HY: 'hye', AZ: 'aze',
};

/** ISO 639-3 of an FSF language code; without one, a guess from the script (Cyrillic, Arabic…). */
export function nameLang(code: string | null, name: string): string | null {
  return LANGUAGES[(code ?? '').toUpperCase()] ?? languageOf(name);
}

export function genderOf(code: string | null): string | null {
  return code === 'M' ? 'male' : code === 'F' ? 'female' : null;
}

/** One spelling of a listed name, as both FSF layouts give it. */
export interface FsfName {
  /** The FSF's own row id of the name (nameAlias logicalId, legacy NAME Id). */
  rowId: number;
  whole: string;
  first: string | null;
  middle: string | null;
  last: string | null;
  /** FSF language code (ISO 639-1) or null. */
  language: string | null;
  strong: boolean;
}

/**
 * The listing's primary name. Document order is no guide (it differs between copies of the same
 * export, and can put a French spelling or a later alias first), but the FSF numbers names as it
 * records them: the strong, language-neutral (or English) name with the lowest id is the one
 * the listing was made under (Saddam Hussein is 17, "Abu Ali" 19, the French "Abou Ali" 380).
 */
export function primaryName(names: FsfName[]): FsfName {
  const neutral = (n: FsfName) => n.strong && (n.language === null || n.language.toUpperCase() === 'EN');
  const ranked = [neutral, (n: FsfName) => n.strong, () => true].map((rule) => names.filter(rule));
  const pool = ranked.find((group) => group.length > 0)!;
  return pool.reduce((best, n) => (n.rowId < best.rowId ? n : best));
}

/** name (primary), alias (strong) and weakAlias, each tagged with its language. */
export function addNames(b: EntityBuilder, names: FsfName[]): void {
  const primary = primaryName(names);
  b.add('name', primary.whole, { lang: nameLang(primary.language, primary.whole) });
  if (b.schema === 'Person') {
    b.add('firstName', primary.first).add('middleName', primary.middle).add('lastName', primary.last);
  }
  const seen = new Set([primary.whole]);
  for (const n of names) {
    if (seen.has(n.whole)) continue;
    seen.add(n.whole);
    b.add(n.strong ? 'alias' : 'weakAlias', n.whole, { lang: nameLang(n.language, n.whole) });
  }
}

// The FSF writes "-" or "00"/"UNKNOWN" where a value is not known.
function attr(node: XmlNode | undefined, name: string): string | null {
  const value = cleanText(node?.attrs[name]);
  return value === '-' ? null : value;
}

function countryCode(node: XmlNode): string | null {
  const code = attr(node, 'countryIso2Code');
  return code && code !== '00' ? code : null;
}

function fsfName(alias: XmlNode): FsfName | null {
  const [first, middle, last] = ['firstName', 'middleName', 'lastName'].map((k) => attr(alias, k));
  const whole = attr(alias, 'wholeName') ?? cleanText([first, middle, last].filter(Boolean).join(' '));
  if (!whole) return null;
  const rowId = Number(attr(alias, 'logicalId'));
  return {
    rowId: Number.isFinite(rowId) ? rowId : Number.MAX_SAFE_INTEGER,
    whole,
    first,
    middle,
    last,
    language: attr(alias, 'nameLanguage'),
    strong: attr(alias, 'strong') !== 'false',
  };
}

function addPersonDetails(b: EntityBuilder, record: XmlNode): void {
  for (const alias of children(record, 'nameAlias')) {
    b.add('title', attr(alias, 'title'));
    // Functions are sometimes cut from a list with their separator ("…of Iraqi Military,").
    b.add('position', attr(alias, 'function')?.replace(/[,;]$/u, ''));
    b.add('gender', genderOf(attr(alias, 'gender')));
  }
  for (const birth of children(record, 'birthdate')) {
    b.add('birthDate', birthDates(birth));
    b.add('birthPlace', cleanText([attr(birth, 'city'), attr(birth, 'place'), attr(birth, 'region')].filter(Boolean).join(', ')));
    b.add('birthCountry', countryCode(birth));
  }
}

/** A full date, else year(-month), else every year of a stated range. */
function birthDates(birth: XmlNode): string[] {
  const full = attr(birth, 'birthdate');
  if (full) return [full];
  const year = attr(birth, 'year');
  const month = attr(birth, 'monthOfYear');
  if (year) return [month ? `${year}-${month.padStart(2, '0')}` : year];
  const from = Number(attr(birth, 'yearRangeFrom'));
  const to = Number(attr(birth, 'yearRangeTo'));
  if (from && to && to >= from && to - from < 30) return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  return [];
}

// identificationTypeCode → FtM property; anything else is an idNumber (with a note saying what).
const ID_PROPERTIES: Record<string, string> = {
  passport: 'passportNumber',
  id: 'idNumber',
  ssn: 'socialSecurityNumber',
  fiscalcode: 'taxNumber',
  tax: 'taxNumber',
  regnumber: 'registrationNumber',
  swiftbic: 'swiftBic',
  imo: 'imoNumber',
};

const ID_FLAGS: Record<string, string> = {
  knownFalse: 'known to be false',
  knownExpired: 'known to be expired',
  reportedLost: 'reported lost',
  revokedByIssuer: 'revoked by issuer',
  diplomatic: 'diplomatic',
};

function addIdentifications(b: EntityBuilder, record: XmlNode): void {
  for (const ident of children(record, 'identification')) {
    const number = attr(ident, 'number') ?? attr(ident, 'latinNumber');
    if (!number) continue;
    const type = attr(ident, 'identificationTypeCode') ?? '';
    const prop = ID_PROPERTIES[type];
    // A passport of an organisation or an IMO number of a person has no FtM slot of its own.
    b.add(prop && propertyType(b.schema, prop) !== null ? prop : 'idNumber', number);
    const flags = Object.entries(ID_FLAGS).filter(([k]) => attr(ident, k) === 'true').map(([, v]) => v);
    const country = countryCode(ident) ? attr(ident, 'countryDescription') : null;
    const detail = [attr(ident, 'identificationTypeDescription') ?? type, number, country && `(${country})`, flags.length ? `[${flags.join(', ')}]` : null]
      .filter(Boolean)
      .join(' ');
    b.add('notes', [detail, text(ident, 'remark')].filter(Boolean).join(': '));
  }
}

const CONTACT_PROPERTIES: Record<string, string> = { PHONE: 'phone', FAX: 'phone', EMAIL: 'email', WEB: 'website', WEBSITE: 'website' };

function addContacts(b: EntityBuilder, node: XmlNode): void {
  for (const contact of children(node, 'contactInfo')) {
    const key = (attr(contact, 'key') ?? '').toUpperCase();
    const value = attr(contact, 'value');
    if (CONTACT_PROPERTIES[key]) b.add(CONTACT_PROPERTIES[key], value?.split(/\s*;\s*/u));
    else b.add('notes', value && `${key}: ${value}`);
  }
}

function addAddresses(b: EntityBuilder, record: XmlNode): void {
  for (const address of children(record, 'address')) {
    const parts = ['street', 'poBox', 'place', 'city', 'zipCode', 'region', 'countryDescription'].map((k) => attr(address, k));
    const known = parts.filter((p) => p && p !== 'UNKNOWN');
    b.add('address', known.length ? known.join(', ') : null);
    b.add('country', countryCode(address));
    b.add('notes', text(address, 'remark'));
    addContacts(b, address);
  }
}

function addCitizenships(b: EntityBuilder, record: XmlNode): void {
  const prop = b.schema === 'Person' ? 'nationality' : 'country';
  for (const c of children(record, 'citizenship')) {
    const description = attr(c, 'countryDescription');
    b.add(prop, countryCode(c) ?? (description === 'UNKNOWN' ? null : description));
  }
}

/** The designation date, else the earliest publication of any regulation the entry cites. */
function listingDate(record: XmlNode): string | null {
  const dates: string[] = [];
  const visit = (node: XmlNode) => {
    if (node.name === 'regulation' || node.name === 'regulationSummary') {
      const date = attr(node, 'publicationDate');
      if (date) dates.push(date);
    }
    node.children.forEach(visit);
  };
  visit(record);
  return attr(record, 'designationDate') ?? dates.sort()[0] ?? null;
}

function schemaOf(record: XmlNode): string {
  const code = attr(child(record, 'subjectType'), 'code');
  // "enterprise" covers companies, groups and bodies alike.
  return code === 'person' ? 'Person' : code === 'enterprise' ? 'Organization' : 'LegalEntity';
}

function build(record: XmlNode, dataset: string, file: string): SourceEntity[] {
  const logicalId = attr(record, 'logicalId');
  if (!logicalId) throw new ImportError('sanctionEntity without logicalId', { file, line: record.line, field: 'logicalId' });
  const names = children(record, 'nameAlias').map(fsfName).filter((n): n is FsfName => n !== null);
  if (names.length === 0) throw new ImportError(`sanctionEntity ${logicalId} without a name`, { file, line: record.line, field: 'nameAlias' });
  const id = entityId(dataset, logicalId);
  const b = new EntityBuilder(id, schemaOf(record));
  addNames(b, names);
  if (b.schema === 'Person') addPersonDetails(b, record);
  addCitizenships(b, record);
  addIdentifications(b, record);
  addAddresses(b, record);
  addContacts(b, record);
  for (const alias of children(record, 'nameAlias')) b.add('notes', text(alias, 'remark'));
  b.add('topics', 'sanction');
  const regulations = children(record, 'regulation');
  const sanction = sanctionEntity(id, {
    authority: AUTHORITY.EU,
    program: [...new Set(regulations.map((r) => attr(r, 'programme')).filter((p): p is string => p !== null))],
    listingDate: listingDate(record),
    reason: cleanText(children(record, 'remark').map((r) => text(r)).join(' ')),
    authorityId: attr(record, 'euReferenceNumber'),
    unscId: attr(record, 'unitedNationId'),
    sourceUrl: regulations.map((r) => text(r, 'publicationUrl')).find(Boolean) ?? null,
  });
  return [b.build(), sanction];
}

function isXml(path: string): boolean {
  return /\.xml(\.gz)?$/iu.test(path);
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const files = ctx.files.filter(isXml);
  if (files.length === 0) throw new ImportError('no XML file of the EU FSF', { file: basename(ctx.files[0] ?? '') });
  const seen = new Set<string>();
  for (const path of files) {
    const file = basename(path);
    let root: string | null = null;
    const onOpen = (name: string, attrs: Record<string, string>) => {
      root ??= name;
      if (name === 'export' && attrs.generationDate) ctx.setPublished(attrs.generationDate.slice(0, 10));
    };
    for await (const record of xmlRecords(path, ['sanctionEntity'], { onBytes: ctx.progress, onOpen })) {
      if (root !== 'export') throw new ImportError(`not an EU FSF 1.1 XML: root element <${root}>`, { file, line: 1 });
      const entities = build(record, ctx.dataset, file);
      if (seen.has(entities[0].id)) {
        ctx.warn({ file, line: record.line, field: 'logicalId', message: `sanctionEntity ${record.attrs.logicalId} repeated; the first is kept` });
        continue;
      }
      seen.add(entities[0].id);
      yield* entities;
    }
    if (root !== 'export') throw new ImportError('not an EU FSF 1.1 XML: no <export> root', { file, line: 1 });
  }
}

export const euFsfXmlFormat: ListFormat = {
  name: 'eu_fsf_xml',
  dataset: 'eu_fsf',
  title: 'EU Financial Sanctions File, XML 1.1',
  spec: 'EU FSF XML schema 1.1 (namespace http://eu.europa.ec/fpi/fsd/export); samples: two extracts of export 123465, 2020-04-15',
  detect(_names, head) {
    return /<export\b[^>]*http:\/\/eu\.europa\.ec\/fpi\/fsd\/export/u.test(head.toString('utf8'));
  },
  read,
};
