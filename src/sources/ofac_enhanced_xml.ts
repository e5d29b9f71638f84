// OFAC's Enhanced XML (`sanctionsData`): names with their translations in other scripts,
// typed features (birth date, nationality, vessel details…), identity documents, and typed
// relationships between entries. The entity `id` is OFAC's entity number, as in the CSV and
// classic XML. Spec: ENHANCED_XML.xsd at sanctionslistservice.ofac.treas.gov; sample
// shared/data/raw/ofac_consolidated/watchman_2025-01-10/CONS_ENHANCED.XML.
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { child, children, text, xmlRecords, type XmlNode } from './io.js';
import { identifierProp } from './ofac_remarks.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const SCHEMA_BY_TYPE: Record<string, string> = { individual: 'Person', entity: 'Organization', vessel: 'Vessel', aircraft: 'Airplane' };
const SOURCE_URL = 'https://sanctionssearch.ofac.treas.gov/';

// Feature type → FtM property; features not listed are kept as notes.
const FEATURE_PROPS: [RegExp, string][] = [
  [/^Birthdate$/u, 'birthDate'],
  [/^Place of Birth$/u, 'birthPlace'],
  [/^Nationality Country$/u, 'nationality'],
  [/^Citizenship Country$/u, 'citizenship'],
  [/^Gender$/u, 'gender'],
  [/^Website$/u, 'website'],
  [/^Email Address$/u, 'email'],
  [/^Phone Number$/u, 'phone'],
  [/^SWIFT\/BIC$/u, 'swiftBic'],
  [/^Organization Established Date$/u, 'incorporationDate'],
  [/^Nationality of Registration$/u, 'jurisdiction'],
  [/^VESSEL TYPE$/iu, 'type'],
  [/^Vessel Flag$/iu, 'flag'],
  [/^Vessel Call Sign$/iu, 'callSign'],
  [/^Vessel Gross Registered Tonnage$/iu, 'grossRegisteredTonnage'],
  [/^Vessel Tonnage$/iu, 'tonnage'],
  [/^Vessel Year of Build$/iu, 'buildDate'],
  [/^MMSI$/iu, 'mmsi'],
];

function formattedName(translation: XmlNode): string | null {
  return text(translation, 'formattedFullName') ?? ([text(translation, 'formattedLastName'), text(translation, 'formattedFirstName')].filter(Boolean).join(', ') || null);
}

function addNames(b: EntityBuilder, entity: XmlNode): void {
  for (const name of children(child(entity, 'names'), 'name')) {
    const primary = text(name, 'isPrimary') === 'true';
    const aliasType = (text(name, 'aliasType') ?? '').toUpperCase();
    const prop = primary ? 'name' : aliasType.startsWith('F.K.A') ? 'previousName' : text(name, 'isLowQuality') === 'true' ? 'weakAlias' : 'alias';
    for (const translation of children(child(name, 'translations'), 'translation')) {
      const full = formattedName(translation);
      if (!full) continue;
      const isLatin = text(translation, 'script') === 'Latin';
      // A primary name's other-script translations are aliases: one entity has one `name` per script.
      b.add(isLatin ? prop : prop === 'name' ? 'alias' : prop, full, { lang: isLatin ? null : languageOf(full) });
    }
  }
}

function addFeatures(b: EntityBuilder, entity: XmlNode): void {
  for (const feature of children(child(entity, 'features'), 'feature')) {
    const type = text(feature, 'type') ?? '';
    const value = text(feature, 'value');
    if (!value) continue;
    const prop = FEATURE_PROPS.find(([pattern]) => pattern.test(type))?.[1];
    try {
      if (prop) {
        b.add(prop, prop === 'gender' ? value.toLowerCase() : value);
        continue;
      }
    } catch {
      // Not a property of this schema: kept as a note below.
    }
    b.add('notes', `${type} ${value}`);
  }
}

function addDocuments(b: EntityBuilder, entity: XmlNode): void {
  for (const doc of children(child(entity, 'identityDocuments'), 'identityDocument')) {
    const type = text(doc, 'type') ?? '';
    const number = text(doc, 'documentNumber');
    if (!number) continue;
    const prop = identifierProp(type);
    try {
      b.add(prop, number);
    } catch {
      b.add('idNumber', number);
    }
    b.add('notes', [type, number, text(doc, 'issuingCountry')].filter(Boolean).join(' '));
  }
}

function addAddresses(b: EntityBuilder, entity: XmlNode): void {
  for (const address of children(child(entity, 'addresses'), 'address')) {
    const country = text(address, 'country');
    for (const translation of children(child(address, 'translations'), 'translation')) {
      const parts = children(child(translation, 'addressParts'), 'addressPart').map((p) => text(p, 'value')).filter(Boolean);
      if (country) parts.push(country);
      b.add('address', parts.join(', ') || null);
    }
    b.add('country', country);
  }
}

function build(entity: XmlNode, dataset: string, file: string, links: SourceEntity[]): SourceEntity[] {
  const number = entity.attrs.id;
  if (!number) throw new ImportError('entity without id', { file, line: entity.line, field: 'id' });
  const type = (text(child(entity, 'generalInfo'), 'entityType') ?? '').toLowerCase();
  const id = entityId(dataset, number);
  const b = new EntityBuilder(id, SCHEMA_BY_TYPE[type] ?? 'Organization');
  addNames(b, entity);
  if (!b.has('name')) throw new ImportError(`entity ${number} without a primary name`, { file, line: entity.line, field: 'names' });
  addFeatures(b, entity);
  addDocuments(b, entity);
  addAddresses(b, entity);
  b.add('topics', 'sanction');
  for (const rel of children(child(entity, 'relationships'), 'relationship')) {
    const other = child(rel, 'relatedEntity')?.attrs.entityId;
    if (!other) continue;
    const role = text(rel, 'type') ?? 'related';
    const link = new EntityBuilder(entityId(dataset, 'rel', rel.attrs.id ?? `${number}-${other}`), 'UnknownLink');
    link.add('subject', id).add('object', entityId(dataset, other)).add('role', role);
    links.push(link.build());
  }
  const lists = children(child(entity, 'sanctionsLists'), 'sanctionsList');
  const programs = children(child(entity, 'sanctionsPrograms'), 'sanctionsProgram').map((p) => text(p)).filter((p): p is string => p !== null);
  const listed = lists.map((l) => l.attrs.datePublished).filter(Boolean).sort()[0] ?? null;
  const sanction = sanctionEntity(id, {
    authority: AUTHORITY.OFAC,
    program: programs,
    listingDate: listed,
    provisions: children(child(entity, 'sanctionsTypes'), 'sanctionsType').map((t) => text(t)).filter(Boolean).join('; ') || null,
    reason: children(child(entity, 'legalAuthorities'), 'legalAuthority').map((t) => text(t)).filter(Boolean).join('; ') || null,
    authorityId: number,
    sourceUrl: SOURCE_URL,
  });
  return [b.build(), sanction];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = basename(ctx.files[0]);
  let root: string | null = null;
  const onText = (name: string, value: string) => {
    if (name === 'dataAsOf') ctx.setPublished(value.slice(0, 10));
  };
  const links: SourceEntity[] = [];
  const ids = new Set<string>();
  for await (const entity of xmlRecords(ctx.files[0], ['entity'], { onBytes: ctx.progress, onText, onOpen: (name) => (root ??= name) })) {
    if (root !== 'sanctionsData') throw new ImportError(`not an OFAC Enhanced XML: root element <${root}>`, { file });
    const built = build(entity, ctx.dataset, file, links);
    ids.add(built[0].id);
    yield* built;
  }
  if (ids.size === 0) throw new ImportError('no <entity> records: not an OFAC Enhanced XML', { file });
  // Relationships can point at entries outside this list: only links within it are kept.
  const seen = new Set<string>();
  for (const link of links) {
    const object = link.statements.find((s) => s.prop === 'object')!.value;
    if (ids.has(object) && !seen.has(link.id)) {
      seen.add(link.id);
      yield link;
    }
  }
}

export const ofacEnhancedXmlFormat: ListFormat = {
  name: 'ofac_enhanced_xml',
  dataset: 'us_ofac_cons',
  title: 'OFAC SDN / consolidated list, Enhanced XML',
  spec: 'OFAC ENHANCED_XML.xsd (sanctionsData); sample CONS_ENHANCED.XML of 2025-01-10',
  detect(_names, head) {
    return /<sanctionsData[\s>]/u.test(head.toString('utf8'));
  },
  read,
};
