// OFAC's classic XML (`sdnList`: sdn.xml for the SDN list, consolidated.xml for the non-SDN
// lists). The `uid` is OFAC's entity number, so ids agree with the CSV format's.
// Spec: https://ofac.treasury.gov/sdn-list-data-formats-data-schemas (sdn.xsd); sample
// shared/data/raw/ofac_consolidated/kebalkhadka_2025-03-28/consolidated.xml.
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { parseDate } from '../model/values.js';
import { AUTHORITY } from './authorities.js';
import { child, children, text, xmlRecords, type XmlNode } from './io.js';
import { identifierProp, isIdentifierLabel } from './ofac_remarks.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const SCHEMA_BY_TYPE: Record<string, string> = { individual: 'Person', vessel: 'Vessel', aircraft: 'Airplane', entity: 'Organization' };
const SOURCE_URL = 'https://sanctionssearch.ofac.treas.gov/';

function personName(node: XmlNode): string | null {
  const last = text(node, 'lastName');
  const first = text(node, 'firstName');
  return last && first ? `${last}, ${first}` : (last ?? first);
}

function items(node: XmlNode, list: string, item: string): XmlNode[] {
  return children(child(node, list), item);
}

function build(entry: XmlNode, dataset: string, file: string): SourceEntity[] {
  const uid = text(entry, 'uid');
  if (!uid) throw new ImportError('sdnEntry without uid', { file, line: entry.line, field: 'uid' });
  const name = personName(entry);
  if (!name) throw new ImportError(`entry ${uid} without a name`, { file, line: entry.line, field: 'lastName' });
  const schema = SCHEMA_BY_TYPE[(text(entry, 'sdnType') ?? '').toLowerCase()] ?? 'Organization';
  const id = entityId(dataset, uid);
  const b = new EntityBuilder(id, schema);
  b.add('name', name);
  if (schema === 'Person') b.add('lastName', text(entry, 'lastName')).add('firstName', text(entry, 'firstName')).add('title', text(entry, 'title'));
  for (const aka of items(entry, 'akaList', 'aka')) {
    const type = (text(aka, 'type') ?? '').toLowerCase();
    const prop = type.startsWith('f.k.a') ? 'previousName' : text(aka, 'category') === 'weak' ? 'weakAlias' : 'alias';
    b.add(prop, personName(aka));
  }
  for (const ident of items(entry, 'idList', 'id')) {
    const type = text(ident, 'idType') ?? '';
    const number = text(ident, 'idNumber');
    if (!number) continue;
    const prop = /website/iu.test(type) ? 'website' : /email/iu.test(type) ? 'email' : /gender/iu.test(type) ? 'gender' : identifierProp(type);
    // Types that are not identifiers at all ("Secondary sanctions risk:") stay as notes.
    if (prop === 'idNumber' && !isIdentifierLabel(type)) b.add('notes', `${type} ${number}`);
    else {
      try {
        b.add(prop, prop === 'gender' ? number.toLowerCase() : number);
      } catch {
        b.add('notes', `${type} ${number}`);
      }
      if (prop === 'idNumber' || text(ident, 'idCountry')) b.add('notes', [type, number, text(ident, 'idCountry')].filter(Boolean).join(' '));
    }
  }
  for (const address of items(entry, 'addressList', 'address')) {
    const parts = ['address1', 'address2', 'address3', 'city', 'stateOrProvince', 'postalCode', 'country'].map((p) => text(address, p)).filter(Boolean);
    b.add('address', parts.join(', ') || null);
    b.add('country', text(address, 'country'));
  }
  if (schema === 'Person') {
    for (const n of items(entry, 'nationalityList', 'nationality')) b.add('nationality', text(n, 'country'));
    for (const c of items(entry, 'citizenshipList', 'citizenship')) b.add('citizenship', text(c, 'country'));
    for (const d of items(entry, 'dateOfBirthList', 'dateOfBirthItem')) b.add('birthDate', text(d, 'dateOfBirth'));
    for (const p of items(entry, 'placeOfBirthList', 'placeOfBirthItem')) b.add('birthPlace', text(p, 'placeOfBirth'));
  }
  const vessel = child(entry, 'vesselInfo');
  if (vessel && schema === 'Vessel') {
    b.add('callSign', text(vessel, 'callSign')).add('type', text(vessel, 'vesselType')).add('flag', text(vessel, 'vesselFlag'));
    b.add('tonnage', text(vessel, 'tonnage')).add('grossRegisteredTonnage', text(vessel, 'grossRegisteredTonnage'));
  }
  b.add('notes', text(entry, 'remarks'));
  b.add('topics', 'sanction');
  const programs = children(child(entry, 'programList'), 'program').map((p) => text(p)).filter((p): p is string => p !== null);
  return [b.build(), sanctionEntity(id, { authority: AUTHORITY.OFAC, program: programs, authorityId: uid, sourceUrl: SOURCE_URL })];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = basename(ctx.files[0]);
  let root: string | null = null;
  const onText = (name: string, value: string) => {
    if (name === 'Publish_Date') {
      const date = parseDate(value, 'MDY');
      if (date) ctx.setPublished(date);
    }
  };
  let count = 0;
  for await (const entry of xmlRecords(ctx.files[0], ['sdnEntry'], { onBytes: ctx.progress, onText, onOpen: (name) => (root ??= name) })) {
    if (root !== 'sdnList') throw new ImportError(`not an OFAC sdnList XML: root element <${root}>`, { file });
    count += 1;
    yield* build(entry, ctx.dataset, file);
  }
  if (count === 0) throw new ImportError('no <sdnEntry> records: not an OFAC sdnList XML', { file });
}

export const ofacXmlFormat: ListFormat = {
  name: 'ofac_xml',
  dataset: 'us_ofac_cons',
  title: 'OFAC SDN / consolidated list, classic XML (sdnList)',
  spec: 'OFAC sdn.xml / consolidated.xml (sdnList schema); sample consolidated.xml of 2025-03-28',
  detect(_names, head) {
    return /<sdnList[\s>]/u.test(head.toString('utf8'));
  },
  read,
};
