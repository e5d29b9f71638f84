// The EU Financial Sanctions File in its legacy (pre-2017) XML layout: `<WHOLE Date="DD/MM/YYYY">`
// with `<ENTITY Id Type="P|E" legal_basis reg_date pdf_link programme remark>` holding NAME,
// BIRTH, PASSPORT, CITIZEN and ADDRESS children. Provenance (Id, reg_date, legal_basis,
// programme) sits in attributes, the data in child elements (<WHOLENAME>, <DATE>, <NUMBER>…).
// ENTITY Id is the number the current 1.1 XML calls logicalId (Saddam Hussein is 13 in both,
// his NAME 17 is nameAlias 17), so both layouts give a listing the same entity id.
// Sample: shared/data/raw/eu_fsf/opendatalabcz_2016-02-11_legacy/data.xml (first 595 entities).
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { propertyType } from '../model/ftm.js';
import { entityId } from '../model/ids.js';
import { cleanText, parseDate, toCountryCode } from '../model/values.js';
import { AUTHORITY } from './authorities.js';
import { addNames, genderOf, type FsfName } from './eu_fsf_xml.js';
import { children, text, xmlRecords, type XmlNode } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const require = createRequire(import.meta.url);
// i18n-iso-countries is CommonJS; values.ts registers the English names this module reads.
const countries = require('i18n-iso-countries') as typeof import('i18n-iso-countries');

function attr(node: XmlNode, name: string): string | null {
  return cleanText(node.attrs[name]);
}

/** The remark attribute is wrapped in brackets: "(UNSC RESOLUTION 1483)". */
function unwrap(value: string | null): string | null {
  return value && /^\(.*\)$/su.test(value) ? cleanText(value.slice(1, -1)) : value;
}

function legacyName(name: XmlNode): FsfName | null {
  const [first, middle, last] = ['FIRSTNAME', 'MIDDLENAME', 'LASTNAME'].map((k) => text(name, k));
  const whole = text(name, 'WHOLENAME') ?? cleanText([first, middle, last].filter(Boolean).join(' '));
  if (!whole) return null;
  const rowId = Number(attr(name, 'Id'));
  // The legacy file has no alias strength: every spelling is a strong a.k.a.
  return { rowId: Number.isFinite(rowId) ? rowId : Number.MAX_SAFE_INTEGER, whole, first, middle, last, language: text(name, 'LANGUAGE'), strong: true };
}

/** "1937-04-28", "1923 (approximative)", "1958 - 1963 (approximative)" (every year of the range). */
function birthDates(raw: string | null): string[] {
  const value = cleanText(raw?.replace(/\(approximative\)/iu, ''));
  if (!value) return [];
  const range = /^(\d{4})\s*-\s*(\d{4})$/u.exec(value);
  if (range && +range[2] >= +range[1] && +range[2] - +range[1] < 30) {
    return Array.from({ length: +range[2] - +range[1] + 1 }, (_, i) => String(+range[1] + i));
  }
  return [value];
}

/** An ISO3 country code of the file as an English name, for one-line addresses. */
function countryName(code: string | null): string | null {
  const a2 = toCountryCode(code);
  return (a2 && countries.getName(a2.toUpperCase(), 'en')) ?? code;
}

function addPersonDetails(b: EntityBuilder, entity: XmlNode): void {
  for (const name of children(entity, 'NAME')) {
    b.add('title', text(name, 'TITLE'));
    b.add('position', text(name, 'FUNCTION'));
    b.add('gender', genderOf(text(name, 'GENDER')));
  }
  for (const birth of children(entity, 'BIRTH')) {
    b.add('birthDate', birthDates(text(birth, 'DATE')));
    b.add('birthPlace', text(birth, 'PLACE'));
    b.add('birthCountry', text(birth, 'COUNTRY'));
  }
}

// Document codes written into <NUMBER> as "AD001095 (passport-National passport) ((passport))".
const ID_PROPERTIES: Record<string, string> = { passport: 'passportNumber', id: 'idNumber', ssn: 'socialSecurityNumber' };
const DOCUMENT = /^(.*?)\s*\(([a-z]+)-([^()]*)\)\s*(.*)$/su;

function addDocuments(b: EntityBuilder, entity: XmlNode): void {
  for (const passport of children(entity, 'PASSPORT')) {
    const raw = text(passport, 'NUMBER');
    const parts = raw ? DOCUMENT.exec(raw) : null;
    const number = cleanText(parts ? parts[1] : raw);
    if (!number || number === 'UNKNOWN') continue;
    const prop = ID_PROPERTIES[parts?.[2] ?? ''];
    b.add(prop && propertyType(b.schema, prop) !== null ? prop : 'idNumber', number);
    const country = countryName(text(passport, 'COUNTRY'));
    const detail = cleanText(parts?.[4]);
    b.add('notes', [parts?.[3] ?? 'Document', number, country && `(${country})`].filter(Boolean).join(' ') + (detail ? `: ${detail}` : ''));
  }
}

function addAddresses(b: EntityBuilder, entity: XmlNode): void {
  for (const address of children(entity, 'ADDRESS')) {
    const street = cleanText([text(address, 'NUMBER'), text(address, 'STREET')].filter(Boolean).join(' '));
    const code = text(address, 'COUNTRY');
    const line = [street, text(address, 'ZIPCODE'), text(address, 'CITY'), countryName(code)].filter(Boolean).join(', ');
    b.add('address', line || null);
    b.add('country', code);
    // <OTHER> holds "PHONE[0300-820 91 99, 668 33 01] FAX[662 38 14]" or free remarks.
    const other = text(address, 'OTHER');
    const contacts = other ? [...other.matchAll(/([A-Z]+)\[([^\]]*)\]/gu)] : [];
    if (other && contacts.length > 0 && other.replace(/[A-Z]+\[[^\]]*\]/gu, '').trim() === '') {
      for (const [, key, value] of contacts) b.add(key === 'EMAIL' ? 'email' : key === 'WEB' ? 'website' : 'phone', value.split(/\s*,\s*/u));
    } else {
      b.add('notes', other && (line ? `${line}: ${other}` : other));
    }
  }
}

/** The earliest regulation date the file ties to the entity or any of its rows. */
function listingDate(entity: XmlNode): string | null {
  const dates = [entity, ...entity.children].map((n) => attr(n, 'reg_date')).filter((d): d is string => d !== null);
  return dates.sort()[0] ?? null;
}

function build(entity: XmlNode, dataset: string, file: string): SourceEntity[] {
  const number = attr(entity, 'Id');
  if (!number) throw new ImportError('ENTITY without Id', { file, line: entity.line, field: 'Id' });
  const names = children(entity, 'NAME').map(legacyName).filter((n): n is FsfName => n !== null);
  if (names.length === 0) throw new ImportError(`ENTITY ${number} without a name`, { file, line: entity.line, field: 'NAME' });
  const type = attr(entity, 'Type');
  if (type !== 'P' && type !== 'E') throw new ImportError(`ENTITY ${number}: unknown Type '${type ?? ''}' (P or E expected)`, { file, line: entity.line, field: 'Type' });
  const id = entityId(dataset, number);
  const b = new EntityBuilder(id, type === 'P' ? 'Person' : 'Organization');
  addNames(b, names);
  if (b.schema === 'Person') addPersonDetails(b, entity);
  for (const citizen of children(entity, 'CITIZEN')) b.add(b.schema === 'Person' ? 'nationality' : 'country', text(citizen, 'COUNTRY'));
  addDocuments(b, entity);
  addAddresses(b, entity);
  b.add('topics', 'sanction');
  const sanction = sanctionEntity(id, {
    authority: AUTHORITY.EU,
    // The ENTITY's programme is the current one; rows keep the one they were added under (names of
    // Taliban entries say TAQA from before the 2011 split into AFG).
    program: attr(entity, 'programme'),
    listingDate: listingDate(entity),
    reason: unwrap(attr(entity, 'remark')),
    sourceUrl: attr(entity, 'pdf_link'),
  });
  return [b.build(), sanction];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const path = ctx.files.find((f) => /\.xml(\.gz)?$/iu.test(f)) ?? ctx.files[0];
  const file = basename(path);
  let root: string | null = null;
  const onOpen = (name: string, attrs: Record<string, string>, line: number) => {
    root ??= name;
    if (name !== 'WHOLE') return;
    const date = parseDate(attrs.Date, 'DMY');
    if (date) ctx.setPublished(date);
    else ctx.warn({ file, line, field: 'Date', message: `publication date '${attrs.Date ?? ''}' is not DD/MM/YYYY` });
  };
  const seen = new Set<string>();
  for await (const entity of xmlRecords(path, ['ENTITY'], { onBytes: ctx.progress, onOpen })) {
    if (root !== 'WHOLE') throw new ImportError(`not a legacy EU FSF XML: root element <${root}>`, { file, line: 1 });
    const entities = build(entity, ctx.dataset, file);
    if (seen.has(entities[0].id)) {
      ctx.warn({ file, line: entity.line, field: 'Id', message: `ENTITY ${entity.attrs.Id} repeated; the first is kept` });
      continue;
    }
    seen.add(entities[0].id);
    yield* entities;
  }
  if (root !== 'WHOLE') throw new ImportError('not a legacy EU FSF XML: no <WHOLE> root', { file, line: 1 });
}

export const euFsfLegacyXmlFormat: ListFormat = {
  name: 'eu_fsf_legacy_xml',
  dataset: 'eu_fsf',
  title: 'EU Financial Sanctions File, legacy XML (before 2017)',
  spec: 'legacy FSD XML (WHOLE/ENTITY/NAME/BIRTH/PASSPORT/CITIZEN/ADDRESS); sample of 2016-02-11 (first 595 entities)',
  detect(_names, head) {
    const start = head.toString('utf8');
    return /<WHOLE\b[^>]*>/u.test(start) && /<ENTITY\b[^>]*\bType="[PE]"/u.test(start);
  },
  read,
};
