// OFAC's Enhanced XML (`<sanctionsData>`, SDN_ENHANCED.XML / CONS_ENHANCED.XML, or the .ZIP
// OFAC serves them in). Reference values (countries with ISO codes, scripts, document types)
// come first, then one <entity id=…> per listing: the id is OFAC's entity number, the uid of
// the classic XML and ent_num of the CSV, so all three formats give the same entity ids.
// Each entity has names with translations into other scripts, typed features (birth date,
// nationality, vessel flag, directive information…), identity documents, addresses with typed
// parts, and typed relationships to other entities ("Owned or Controlled By").
// Spec: https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML.xsd;
// sample shared/data/raw/ofac_consolidated/watchman_2025-01-10/CONS_ENHANCED.XML (443 entities).
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { parseDate, toCountryCode } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { child, children, text, xmlRecords, type XmlNode } from './io.js';
import {
  applyDetail,
  distinctInputs,
  isZip,
  joinAddress,
  linkEntity,
  narrowByName,
  OFAC_SOURCE_URL,
  openXmlInput,
  schemaOfType,
  zipHeadText,
  type PendingLink,
  type SanctionSink,
} from './ofac_xml.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

/** Country reference values: refId → FtM country code. */
type Countries = Map<string, string>;

function addReference(node: XmlNode, countries: Countries): void {
  if (text(node, 'type') !== 'COUNTRY' || !node.attrs.refId) return;
  const code = toCountryCode(text(node, 'isoCode')) ?? toCountryCode(text(node, 'value'));
  if (code) countries.set(node.attrs.refId, code);
}

function countryOf(countries: Countries, refId: string | null | undefined): string | null {
  return refId ? (countries.get(refId) ?? null) : null;
}

function items(node: XmlNode, list: string, item: string): XmlNode[] {
  return children(child(node, list), item);
}

function texts(node: XmlNode, list: string, item: string): string[] {
  return items(node, list, item)
    .map((n) => text(n))
    .filter((v): v is string => v !== null);
}

function isLatin(translation: XmlNode): boolean {
  const script = text(translation, 'script');
  return !script || script === 'Latin';
}

/** Language of a translation's text: none for Latin script, else from the script (Cyrillic → rus/ukr/bel by its letters). */
function langOf(translation: XmlNode, value: string): string | null {
  return isLatin(translation) ? null : languageOf(value);
}

const PERSON_NAME_PARTS: Record<string, string> = { 'Middle Name': 'middleName', Patronymic: 'fatherName', Matronymic: 'motherName' };

function addPersonNameParts(b: EntityBuilder, translation: XmlNode): void {
  b.add('firstName', text(translation, 'formattedFirstName')).add('lastName', text(translation, 'formattedLastName'));
  for (const part of items(translation, 'nameParts', 'namePart')) {
    const prop = PERSON_NAME_PARTS[text(part, 'type') ?? ''];
    if (prop) b.add(prop, text(part, 'value'));
  }
}

function addNames(b: EntityBuilder, entity: XmlNode): void {
  for (const name of items(entity, 'names', 'name')) {
    const primary = text(name, 'isPrimary') === 'true';
    // F.K.A. is a former name whatever its quality; A.K.A./N.K.A. split by OFAC's quality flag.
    const aliasType = (text(name, 'aliasType') ?? '').toUpperCase();
    const prop = primary ? 'name' : aliasType === 'F.K.A.' ? 'previousName' : text(name, 'isLowQuality') === 'true' ? 'weakAlias' : 'alias';
    for (const translation of items(name, 'translations', 'translation')) {
      const full = text(translation, 'formattedFullName') ?? joinAddress(items(translation, 'nameParts', 'namePart').map((p) => text(p, 'value')));
      if (!full) continue;
      const lang = langOf(translation, full);
      // The primary name written in another script is the same name: an alias with its language.
      b.add(prop === 'name' && lang !== null ? 'alias' : prop, full, { lang });
      if (primary && lang === null && b.schema === 'Person') addPersonNameParts(b, translation);
    }
  }
}

// Address parts in the order OFAC prints them; the untyped part OFAC uses for regions ("Gaza")
// goes with REGION.
const ADDRESS_ORDER = ['ADDRESS1', 'ADDRESS2', 'ADDRESS3', 'CITY', 'STATE/PROVINCE', 'POSTAL CODE', 'REGION'];

function addressText(translation: XmlNode, countryName: string | null): string | null {
  const rank = (part: XmlNode) => {
    const i = ADDRESS_ORDER.indexOf(text(part, 'type') ?? 'REGION');
    return i < 0 ? ADDRESS_ORDER.length : i;
  };
  const parts = items(translation, 'addressParts', 'addressPart')
    .map((part, index) => ({ rank: rank(part), index, value: text(part, 'value') }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((p) => p.value);
  if (parts.length === 0) return null;
  return joinAddress([...parts, countryName]);
}

function addAddresses(b: EntityBuilder, entity: XmlNode, countries: Countries): void {
  for (const address of items(entity, 'addresses', 'address')) {
    const country = child(address, 'country');
    const countryName = text(country);
    const translations = items(address, 'translations', 'translation');
    for (const translation of translations) {
      // The country name is in English: it belongs to the Latin translation only.
      const line = addressText(translation, isLatin(translation) ? countryName : null);
      if (line) b.add('address', line, { lang: langOf(translation, line) });
    }
    // An address with only a country has no parts: it still says where the subject is.
    if (!translations.some((t) => items(t, 'addressParts', 'addressPart').length > 0)) b.add('address', countryName);
    b.add('country', countryOf(countries, country?.attrs.refId) ?? countryName);
  }
}

function addFeatures(b: EntityBuilder, sink: SanctionSink, entity: XmlNode, countries: Countries): void {
  for (const feature of items(entity, 'features', 'feature')) {
    const value = text(feature, 'value');
    if (!value) continue;
    const label = text(feature, 'type') ?? 'Feature';
    applyDetail(b, sink, { label, value, countryCode: countryOf(countries, text(feature, 'valueRefId')), comment: text(feature, 'comments') }, 'feature');
  }
}

function addDocuments(b: EntityBuilder, sink: SanctionSink, entity: XmlNode, countries: Countries): void {
  for (const doc of items(entity, 'identityDocuments', 'identityDocument')) {
    const value = text(doc, 'documentNumber');
    if (!value) continue;
    const issuer = child(doc, 'issuingCountry');
    applyDetail(b, sink, { label: text(doc, 'type') ?? 'ID', value, country: text(issuer), countryCode: countryOf(countries, issuer?.attrs.refId) }, 'document');
  }
}

/**
 * OFAC states each relationship from the entity it is listed under: "X Owned or Controlled By
 * Y" makes Y the owner, "X Owns, controls, or operates Y" makes X the owner; every other type
 * ("Associate Of", "Acting for or on behalf of", "Leader or official of") is an UnknownLink.
 */
function relationLink(dataset: string, subject: string, rel: XmlNode, file: string): PendingLink | null {
  const related = child(rel, 'relatedEntity');
  const other = related?.attrs.entityId;
  if (!other) return null;
  if (!/^\d+$/u.test(other)) throw new ImportError(`relationship to entity '${other}': not an entity number`, { file, line: rel.line, field: 'relatedEntity' });
  const role = text(rel, 'type') ?? 'Linked To';
  const object = entityId(dataset, other);
  const id = rel.attrs.id ? entityId(dataset, 'relationship', rel.attrs.id) : entityId(dataset, 'link', subject, object, role);
  if (/^owned or controlled by$/iu.test(role)) return { id, schema: 'Ownership', from: object, to: subject, role };
  if (/^owns, controls,? or operates$/iu.test(role)) return { id, schema: 'Ownership', from: subject, to: object, role };
  return { id, schema: 'UnknownLink', from: subject, to: object, role };
}

interface EnhancedRecord {
  entity: SourceEntity;
  sanction: SourceEntity;
  links: PendingLink[];
}

function buildEntity(node: XmlNode, ctx: ReadContext, file: string, countries: Countries): EnhancedRecord {
  const number = node.attrs.id;
  if (!number || !/^\d+$/u.test(number)) throw new ImportError(`entity without a numeric id ('${number ?? ''}')`, { file, line: node.line, field: 'id' });
  const info = child(node, 'generalInfo');
  const type = text(info, 'entityType');
  let schema = schemaOfType(type);
  if (!schema) {
    ctx.warn({ file, line: node.line, field: 'entityType', message: `entity ${number}: unknown entityType '${type ?? ''}', read as LegalEntity` });
    schema = 'LegalEntity';
  }
  const id = entityId(ctx.dataset, number);
  const b = new EntityBuilder(id, schema);
  addNames(b, node);
  const primaryName = b.first('name');
  if (!primaryName) throw new ImportError(`entity ${number} without a primary name`, { file, line: node.line, field: 'names' });
  narrowByName(b, primaryName);
  addAddresses(b, node, countries);
  const sink: SanctionSink = { provisions: [] };
  addFeatures(b, sink, node, countries);
  addDocuments(b, sink, node, countries);
  b.add('notes', text(info, 'remarks'));
  const links: PendingLink[] = [];
  for (const rel of items(node, 'relationships', 'relationship')) {
    const link = relationLink(ctx.dataset, id, rel, file);
    if (!link) continue;
    links.push(link);
    // The target may be on another list (HAMAS is on the SDN list, not the consolidated one):
    // the note keeps the relation when the link cannot be made.
    b.add('notes', `${link.role}: ${text(child(rel, 'relatedEntity')) ?? ''}`);
  }
  b.add('topics', 'sanction');

  const published = items(node, 'sanctionsLists', 'sanctionsList')
    .map((list) => parseDate(list.attrs.datePublished))
    .filter((d): d is string => d !== null)
    .sort();
  const provisions = [...texts(node, 'sanctionsTypes', 'sanctionsType'), ...sink.provisions];
  const authorities = texts(node, 'legalAuthorities', 'legalAuthority');
  const sanction = sanctionEntity(id, {
    authority: AUTHORITY.OFAC,
    program: texts(node, 'sanctionsPrograms', 'sanctionsProgram'),
    // Each list the entity is on has the date it was published there; the first is the listing.
    listingDate: published[0] ?? null,
    provisions: provisions.length > 0 ? provisions.join('; ') : null,
    reason: authorities.length > 0 ? authorities.join('; ') : null,
    authorityId: number,
    sourceUrl: OFAC_SOURCE_URL,
  });
  return { entity: b.build(), sanction, links };
}

async function* readEnhancedFile(file: string, ctx: ReadContext, seen: Set<string>, links: PendingLink[]): AsyncGenerator<SourceEntity> {
  const name = basename(file);
  let root: string | null = null;
  const countries: Countries = new Map();
  const input = await openXmlInput(file, ctx);
  const onOpen = (element: string) => {
    root ??= element;
  };
  const onText = (element: string, value: string) => {
    if (element !== 'dataAsOf') return;
    const date = parseDate(value);
    if (date) ctx.setPublished(date);
    else ctx.warn({ file: name, field: 'dataAsOf', message: `unreadable publication date '${value}'` });
  };
  try {
    for await (const node of xmlRecords(input.path, ['referenceValue', 'entity'], { onBytes: input.onBytes, onOpen, onText, label: input.label })) {
      if (root !== 'sanctionsData') break;
      if (node.name === 'referenceValue') {
        addReference(node, countries);
        continue;
      }
      const record = buildEntity(node, ctx, name, countries);
      if (seen.has(record.entity.id)) {
        ctx.warn({ file: name, line: node.line, field: 'id', message: `entity id of ${record.entity.id} repeated; the first is kept` });
        continue;
      }
      seen.add(record.entity.id);
      links.push(...record.links);
      yield record.entity;
      yield record.sanction;
    }
  } finally {
    input.cleanup();
  }
  if (root !== 'sanctionsData') throw new ImportError(`not an OFAC Enhanced XML file: root element <${root ?? 'none'}>`, { file: name });
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const seen = new Set<string>();
  const links: PendingLink[] = [];
  for (const file of distinctInputs(ctx)) yield* readEnhancedFile(file, ctx, seen, links);
  // Only relations between entities of this list become links; the rest stay as notes.
  const emitted = new Set<string>();
  for (const link of links) {
    if (!seen.has(link.from) || !seen.has(link.to) || emitted.has(link.id)) continue;
    emitted.add(link.id);
    yield linkEntity(link);
  }
}

export const ofacEnhancedXmlFormat: ListFormat = {
  name: 'ofac_enhanced_xml',
  dataset: 'us_ofac_cons',
  title: 'OFAC SDN / consolidated list, Enhanced XML (sanctionsData; .xml or .zip)',
  spec: 'OFAC ENHANCED_XML.xsd (sanctionsData, https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML.xsd); sample ofac_consolidated/watchman_2025-01-10/CONS_ENHANCED.XML and .ZIP',
  detect(_names, head) {
    const start = isZip(head) ? zipHeadText(head) : head.toString('utf8');
    return /<(\w+:)?sanctionsData[\s>]/u.test(start);
  },
  read,
};
