// The UN Security Council Consolidated List XML (`CONSOLIDATED_LIST` with INDIVIDUALS and
// ENTITIES). Ids use the REFERENCE_NUMBER (QDi.001), which the UN keeps for the life of a
// listing; DATAID is an internal row id. Spec: https://scsanctions.un.org/resources/xml/en/consolidated.xml
// (schema sc-sanctions.xsd); samples 2025-08-16 and 2026-02-27 in shared/data/raw/un_sc.
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { child, children, text, xmlRecords, type XmlNode } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const SOURCE_URL = 'https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list';

function values(node: XmlNode, name: string): string[] {
  return children(child(node, name), 'VALUE')
    .map((v) => text(v))
    .filter((v): v is string => v !== null);
}

function dateOfBirth(node: XmlNode): string[] {
  const type = text(node, 'TYPE_OF_DATE');
  const date = text(node, 'DATE') ?? text(node, 'YEAR');
  if (type === 'BETWEEN') {
    const from = Number(text(node, 'FROM_YEAR'));
    const to = Number(text(node, 'TO_YEAR'));
    if (from && to && to >= from && to - from < 30) return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  }
  return date ? [date] : [];
}

function address(node: XmlNode): string | null {
  const parts = ['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE', 'COUNTRY', 'NOTE'].map((n) => text(node, n)).filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

function build(record: XmlNode, dataset: string, file: string): SourceEntity[] {
  const isPerson = record.name === 'INDIVIDUAL';
  const ref = text(record, 'REFERENCE_NUMBER');
  if (!ref) throw new ImportError('record without REFERENCE_NUMBER', { file, line: record.line, field: 'REFERENCE_NUMBER' });
  const names = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((n) => text(record, n)).filter((n): n is string => n !== null);
  if (names.length === 0) throw new ImportError(`record ${ref} without a name`, { file, line: record.line, field: 'FIRST_NAME' });
  const id = entityId(dataset, ref);
  const b = new EntityBuilder(id, isPerson ? 'Person' : 'Organization');
  b.add('name', names.join(' '));
  const original = text(record, 'NAME_ORIGINAL_SCRIPT');
  if (original) b.add('alias', original, { lang: languageOf(original) });
  if (isPerson) {
    b.add('firstName', text(record, 'FIRST_NAME')).add('lastName', names.length > 1 ? names[names.length - 1] : null);
    b.add('gender', text(record, 'GENDER')?.toLowerCase());
    b.add('title', values(record, 'TITLE'));
    b.add('position', values(record, 'DESIGNATION'));
    b.add('nationality', values(record, 'NATIONALITY'));
    for (const dob of children(record, 'INDIVIDUAL_DATE_OF_BIRTH')) b.add('birthDate', dateOfBirth(dob));
    for (const pob of children(record, 'INDIVIDUAL_PLACE_OF_BIRTH')) b.add('birthPlace', address(pob));
    for (const doc of children(record, 'INDIVIDUAL_DOCUMENT')) {
      const number = text(doc, 'NUMBER');
      const type = (text(doc, 'TYPE_OF_DOCUMENT') ?? '').replace(/\s+/gu, ' ');
      if (!number) continue;
      b.add(/pass|pasaporte/iu.test(type) ? 'passportNumber' : 'idNumber', number);
      b.add('notes', [type, number, text(doc, 'ISSUING_COUNTRY'), text(doc, 'NOTE')].filter(Boolean).join(': '));
    }
  }
  for (const alias of [...children(record, 'INDIVIDUAL_ALIAS'), ...children(record, 'ENTITY_ALIAS')]) {
    const aliasName = text(alias, 'ALIAS_NAME');
    if (!aliasName) continue;
    b.add(/low/iu.test(text(alias, 'QUALITY') ?? '') ? 'weakAlias' : 'alias', aliasName, { lang: languageOf(aliasName) });
  }
  for (const addr of [...children(record, 'INDIVIDUAL_ADDRESS'), ...children(record, 'ENTITY_ADDRESS')]) {
    b.add('address', address(addr));
    b.add('country', text(addr, 'COUNTRY'));
  }
  b.add('notes', text(record, 'COMMENTS1'));
  b.add('topics', 'sanction');
  const sanction = sanctionEntity(id, {
    authority: AUTHORITY.UN,
    program: text(record, 'UN_LIST_TYPE'),
    listingDate: text(record, 'LISTED_ON'),
    reason: text(record, 'COMMENTS1'),
    unscId: ref,
    authorityId: ref,
    sourceUrl: SOURCE_URL,
  });
  return [b.build(), sanction];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = basename(ctx.files[0]);
  let root: string | null = null;
  const onOpen = (name: string, attrs: Record<string, string>) => {
    root ??= name;
    if (name === 'CONSOLIDATED_LIST' && attrs.dateGenerated) ctx.setPublished(attrs.dateGenerated.slice(0, 10));
  };
  const seen = new Set<string>();
  for await (const record of xmlRecords(ctx.files[0], ['INDIVIDUAL', 'ENTITY'], { onBytes: ctx.progress, onOpen })) {
    if (root !== 'CONSOLIDATED_LIST') throw new ImportError(`not a UN consolidated list: root element <${root}>`, { file });
    const entities = build(record, ctx.dataset, file);
    if (seen.has(entities[0].id)) {
      ctx.warn({ file, line: record.line, message: `reference ${entities[0].id} repeated; the first is kept` });
      continue;
    }
    seen.add(entities[0].id);
    yield* entities;
  }
  if (root !== 'CONSOLIDATED_LIST') throw new ImportError('not a UN consolidated list', { file });
}

export const unScXmlFormat: ListFormat = {
  name: 'un_sc_xml',
  dataset: 'un_sc_sanctions',
  title: 'UN Security Council Consolidated List, XML',
  spec: 'UN SC consolidated.xml (sc-sanctions.xsd); samples 2025-08-16 and 2026-02-27',
  detect(_names, head) {
    return /<CONSOLIDATED_LIST[\s>]/u.test(head.toString('utf8'));
  },
  read,
};
