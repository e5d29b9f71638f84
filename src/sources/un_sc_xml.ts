// The UN Security Council Consolidated List, official XML (`<CONSOLIDATED_LIST dateGenerated=…>`
// with INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY). Written against the published schema
// (https://scsanctions.un.org/resources/xml/en/consolidated.xml, sc-sanctions.xsd) and the real
// copies of 2025-08-16 and 2026-02-27 in shared/data/raw/un_sc.
//
// Ids use REFERENCE_NUMBER (QDi.006): the number the UN cites in its press releases and keeps for
// the life of a listing. DATAID is also stable between the two samples (876 shared records, every
// one with the same DATAID), but it is an internal row id that nobody outside the UN quotes.
//
// Quirks handled: alias QUALITY is Good/Low for individuals but "a.k.a."/"f.k.a." for entities;
// LISTED_ON sometimes carries a time-zone offset ("2015-04-07-04:00"); birth dates are EXACT
// (DATE or YEAR), APPROXIMATELY (YEAR) or BETWEEN (FROM_YEAR..TO_YEAR); nationality "na" means
// "not available", not Namibia; COMMENTS1 names other listings by their reference ("Leader of
// Al-Qaida (QDe.004)"), which become UnknownLinks when the other listing is in the file.
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { cleanText, parseDate } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { child, children, text, xmlRecords, type XmlNode } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const ROOT = 'CONSOLIDATED_LIST';
const SOURCE_URL = 'https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list';
// Values the list writes where it has none.
const PLACEHOLDER = /^(?:na|n\/a|none|unknown)$/iu;
// A reference number inside free text: two letters, i (individual) or e (entity), three digits.
const REFERENCE = /\b[A-Z]{2}[ie]\.\d{3}\b/gu;
// BETWEEN ranges are spelled out year by year so that screening matches any of them; a wider
// range says too little to be worth it and stays in the notes.
const MAX_YEAR_RANGE = 15;

/** The VALUE children of `name` (NATIONALITY, TITLE, DESIGNATION), placeholders dropped. */
function listValues(record: XmlNode, name: string): string[] {
  return children(child(record, name), 'VALUE')
    .map((v) => text(v))
    .filter((v): v is string => v !== null && !PLACEHOLDER.test(v));
}

/** An ISO day from "2015-04-07" or "2015-04-07-04:00" (the offset is noise on a calendar date). */
function calendarDay(raw: string | null): string | null {
  const day = /^\d{4}-\d{2}-\d{2}/u.exec(raw ?? '')?.[0];
  return parseDate(day ?? raw);
}

interface BirthDates {
  dates: string[];
  /** Free text the list adds ("30-35 years old") when it is not a date. */
  note: string | null;
}

function birthDates(dob: XmlNode): BirthDates {
  const note = text(dob, 'NOTE');
  const noteDate = parseDate(note);
  const dates = [text(dob, 'DATE'), text(dob, 'YEAR'), noteDate].filter((d): d is string => d !== null);
  if (text(dob, 'TYPE_OF_DATE') === 'BETWEEN') {
    const from = Number(text(dob, 'FROM_YEAR'));
    const to = Number(text(dob, 'TO_YEAR'));
    if (from && to >= from && to - from <= MAX_YEAR_RANGE) {
      for (let year = from; year <= to; year++) dates.push(String(year));
    } else if (from || to) {
      return { dates, note: `born between ${from || '?'} and ${to || '?'}${note ? ` (${note})` : ''}` };
    }
  }
  return { dates, note: noteDate ? null : note };
}

/** One line from an address-like element; the list's NOTE ("as of early 2016") in brackets. */
function addressLine(node: XmlNode, parts: string[]): string | null {
  const line = parts.map((p) => text(node, p)).filter(Boolean).join(', ');
  const note = text(node, 'NOTE');
  return cleanText([line, note ? `(${note})` : ''].join(' '));
}

const ADDRESS_DETAIL = ['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE'];
const ADDRESS_PARTS = [...ADDRESS_DETAIL, 'COUNTRY'];
const PLACE_PARTS = ['STREET', 'CITY', 'STATE_PROVINCE', 'COUNTRY'];

/** The FtM property for an alias of this QUALITY, or null when the quality is unknown. */
function aliasProperty(quality: string | null): string | null {
  switch ((quality ?? '').toLowerCase()) {
    case 'good':
    case 'a.k.a.':
      return 'alias';
    case 'low':
      return 'weakAlias';
    case 'f.k.a.':
      return 'previousName';
    default:
      return null;
  }
}

class UnRecordReader {
  readonly file: string;
  /** Reference numbers each listing's COMMENTS1 names, for the links at the end. */
  readonly mentions = new Map<string, string[]>();

  constructor(private readonly ctx: ReadContext) {
    this.file = basename(ctx.files[0]);
  }

  build(record: XmlNode, ref: string): SourceEntity[] {
    const isPerson = record.name === 'INDIVIDUAL';
    const id = entityId(this.ctx.dataset, ref);
    const b = new EntityBuilder(id, isPerson ? 'Person' : 'Organization');
    this.addNames(b, record, ref);
    if (isPerson) this.addPersonFacts(b, record);
    else this.addEntityFacts(b, record);
    for (const address of [...children(record, 'INDIVIDUAL_ADDRESS'), ...children(record, 'ENTITY_ADDRESS')]) {
      // An address that is only a country says where, not an address: it goes to `country` alone.
      if ([...ADDRESS_DETAIL, 'NOTE'].some((p) => text(address, p))) b.add('address', addressLine(address, ADDRESS_PARTS));
      b.add('country', this.country(text(address, 'COUNTRY')));
    }
    b.add('topics', 'sanction');
    const comments = text(record, 'COMMENTS1');
    const mentioned = [...new Set(comments?.match(REFERENCE) ?? [])].filter((r) => r !== ref);
    if (mentioned.length > 0) this.mentions.set(ref, mentioned);
    const sanction = sanctionEntity(id, {
      authority: AUTHORITY.UN,
      program: text(record, 'UN_LIST_TYPE'),
      listingDate: calendarDay(text(record, 'LISTED_ON')),
      reason: comments,
      unscId: ref,
      authorityId: ref,
      sourceUrl: SOURCE_URL,
    });
    return [b.build(), sanction];
  }

  private addNames(b: EntityBuilder, record: XmlNode, ref: string): void {
    const parts = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((n) => text(record, n)).filter((n): n is string => n !== null);
    if (parts.length === 0) throw new ImportError(`listing ${ref} has no name`, { file: this.file, line: record.line, field: 'FIRST_NAME' });
    // One entity (CDe.003) lists two names in FIRST_NAME, separated by " ; ".
    const [name, ...others] = parts.join(' ').split(/\s+;\s+/u);
    b.add('name', name);
    b.add('alias', others);
    const original = text(record, 'NAME_ORIGINAL_SCRIPT');
    if (original) b.add('alias', original, { lang: languageOf(original) });
    for (const alias of [...children(record, 'INDIVIDUAL_ALIAS'), ...children(record, 'ENTITY_ALIAS')]) {
      const aliasName = text(alias, 'ALIAS_NAME');
      if (!aliasName) continue;
      const quality = text(alias, 'QUALITY');
      let prop = aliasProperty(quality);
      if (!prop) {
        this.ctx.warn({ file: this.file, line: alias.line, field: 'QUALITY', message: `unknown alias quality '${quality}' for ${ref}; taken as a.k.a.` });
        prop = 'alias';
      }
      b.add(prop, aliasName, { lang: languageOf(aliasName) });
      // An alias may come with the birth date and place used under that name.
      if (b.schema === 'Person') {
        b.add('birthDate', text(alias, 'DATE_OF_BIRTH'));
        b.add('birthPlace', [text(alias, 'CITY_OF_BIRTH'), text(alias, 'COUNTRY_OF_BIRTH')].filter(Boolean).join(', '));
      }
      const note = text(alias, 'NOTE');
      if (note) b.add('notes', `${aliasName}: ${note}`);
    }
  }

  private addPersonFacts(b: EntityBuilder, record: XmlNode): void {
    // The UN gives name parts in order but does not say which one is the family name.
    b.add('firstName', text(record, 'FIRST_NAME')).add('secondName', text(record, 'SECOND_NAME'));
    b.add('gender', text(record, 'GENDER')?.toLowerCase());
    b.add('title', listValues(record, 'TITLE'));
    b.add('position', listValues(record, 'DESIGNATION'));
    b.add('nationality', listValues(record, 'NATIONALITY'));
    for (const dob of children(record, 'INDIVIDUAL_DATE_OF_BIRTH')) {
      const { dates, note } = birthDates(dob);
      b.add('birthDate', dates);
      if (note) b.add('notes', `Date of birth: ${note}`);
    }
    for (const pob of children(record, 'INDIVIDUAL_PLACE_OF_BIRTH')) {
      b.add('birthPlace', addressLine(pob, PLACE_PARTS));
      b.add('birthCountry', this.country(text(pob, 'COUNTRY')));
    }
    for (const doc of children(record, 'INDIVIDUAL_DOCUMENT')) this.addDocument(b, doc);
  }

  private addEntityFacts(b: EntityBuilder, record: XmlNode): void {
    // Shipping companies carry their IMO company number in the narrative ("IMO Number: 5342883").
    const imo = /\bIMO\s*(?:Number|No\.?)?\s*:?\s*(\d{7})\b/iu.exec(text(record, 'COMMENTS1') ?? '')?.[1];
    b.add('imoNumber', imo);
  }

  /** A passport or identity document: the number as a property, the details in the notes. */
  private addDocument(b: EntityBuilder, doc: XmlNode): void {
    const type = cleanText([text(doc, 'TYPE_OF_DOCUMENT'), text(doc, 'TYPE_OF_DOCUMENT2')].filter(Boolean).join(' / '));
    const number = text(doc, 'NUMBER');
    const details = [text(doc, 'ISSUING_COUNTRY'), text(doc, 'DATE_OF_ISSUE') && `issued ${text(doc, 'DATE_OF_ISSUE')}`, text(doc, 'CITY_OF_ISSUE'), text(doc, 'NOTE')].filter(Boolean).join(', ');
    if (!number && !details) return;
    // TYPE_OF_DOCUMENT2 refines the type ("National Identification Number / national passport").
    if (number) b.add(/pass|pasaporte/iu.test(type ?? '') ? 'passportNumber' : 'idNumber', number);
    b.add('notes', [type ?? 'Document', number, details && `(${details})`].filter(Boolean).join(' '));
  }

  private country(name: string | null): string | null {
    return name && !PLACEHOLDER.test(name) ? name : null;
  }
}

/** UnknownLinks from each listing to the listings its narrative names, when they are in the file. */
function* mentionLinks(mentions: Map<string, string[]>, listed: Set<string>, dataset: string): Generator<SourceEntity> {
  for (const [ref, others] of mentions) {
    for (const other of others) {
      if (!listed.has(other)) continue;
      const link = new EntityBuilder(entityId(dataset, ref, 'mentions', other), 'UnknownLink');
      link.add('subject', entityId(dataset, ref)).add('object', entityId(dataset, other));
      link.add('role', `named in the UN narrative summary of ${ref}`);
      yield link.build();
    }
  }
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = basename(ctx.files[0]);
  let root: string | null = null;
  const onOpen = (name: string, attrs: Record<string, string>, line: number) => {
    if (root === null) {
      root = name;
      if (name !== ROOT) throw new ImportError(`not a UN consolidated list: root element <${name}>, expected <${ROOT}>`, { file, line });
      const published = calendarDay(attrs.dateGenerated ?? null);
      if (published) ctx.setPublished(published);
    }
  };
  const reader = new UnRecordReader(ctx);
  const listed = new Set<string>();
  for await (const record of xmlRecords(ctx.files[0], ['INDIVIDUAL', 'ENTITY'], { onBytes: ctx.progress, onOpen })) {
    const ref = text(record, 'REFERENCE_NUMBER');
    if (!ref) throw new ImportError('listing without a REFERENCE_NUMBER', { file, line: record.line, field: 'REFERENCE_NUMBER' });
    if (listed.has(ref)) {
      ctx.warn({ file, line: record.line, field: 'REFERENCE_NUMBER', message: `reference ${ref} appears again; the first listing is kept` });
      continue;
    }
    listed.add(ref);
    yield* reader.build(record, ref);
  }
  if (root === null) throw new ImportError('empty file: no XML elements', { file });
  yield* mentionLinks(reader.mentions, listed, ctx.dataset);
}

export const unScXmlFormat: ListFormat = {
  name: 'un_sc_xml',
  dataset: 'un_sc_sanctions',
  title: 'UN Security Council Consolidated List, XML',
  spec: 'UN SC consolidated.xml (sc-sanctions.xsd); real samples dateGenerated 2025-08-16 and 2026-02-27',
  detect(_names, head) {
    return /<CONSOLIDATED_LIST[\s>]/u.test(head.toString('utf8'));
  },
  read,
};
