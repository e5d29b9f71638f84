// Canada's Consolidated Special Economic Measures Act (SEMA) list: `<data-set><record>` XML.
// Two layouts: 2020 (`Entity`, no listing date) and current (`EntityOrShip`, `TitleOrShip`,
// `ShipIMONumber`, `DateOfListing`). `Country` is the bilingual regime ("Belarus / Bélarus").
// The file states no publication date. Samples: shared/data/raw/ca_sema (2020-04, 2025-05).
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { cleanText } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { text, xmlRecords, type XmlNode } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const SOURCE_URL = 'https://www.international.gc.ca/world-monde/international_relations-relations_internationales/sanctions/consolidated-consolide.aspx';
// A fragment after a comma that continues the name before it ("Air Bagan Holdings Pte., Ltd.").
const CONTINUATION = /^(inc|ltd|llc|limited|co|corp|corporation|s\.?a|s\.?a\.?r\.?l|gmbh|jsc|ojsc|pjsc|pte|plc|ag|bv|nv)\b\.?|^[a-zа-яё]/u;

/** The aliases cell: separated by " / ", ";" or ", " (but not the comma of "…, Ltd."). */
export function splitAliases(cell: string | null): string[] {
  const out: string[] = [];
  for (const piece of (cell ?? '').split(/\s*;\s*|\s+\/\s+/u)) {
    const parts = piece.split(/,\s+/u);
    let current = '';
    for (const part of parts) {
      if (current && !CONTINUATION.test(part)) {
        out.push(current);
        current = part;
      } else current = current ? `${current}, ${part}` : part;
    }
    if (current) out.push(current);
  }
  return out.map((a) => cleanText(a)).filter((a): a is string => a !== null);
}

function regime(country: string | null): string {
  return (country ?? '').split(' / ')[0].trim();
}

function build(record: XmlNode, dataset: string, file: string): SourceEntity[] {
  const country = text(record, 'Country');
  const schedule = text(record, 'Schedule');
  const item = text(record, 'Item');
  const last = text(record, 'LastName');
  const given = text(record, 'GivenName');
  const org = text(record, 'EntityOrShip') ?? text(record, 'Entity');
  const imo = text(record, 'ShipIMONumber');
  const name = [given, last].filter(Boolean).join(' ') || org;
  if (!name) throw new ImportError('record without a name', { file, line: record.line, field: 'LastName/EntityOrShip' });
  if (!item) throw new ImportError('record without an Item number', { file, line: record.line, field: 'Item' });
  const schema = last || given ? 'Person' : imo ? 'Vessel' : 'Organization';
  const id = entityId(dataset, regime(country), schedule, item);
  const b = new EntityBuilder(id, schema);
  b.add('name', name, { lang: languageOf(name) });
  if (schema === 'Person') {
    b.add('lastName', last).add('firstName', given);
    b.add('birthDate', text(record, 'DateOfBirthOrShipBuildDate'));
    b.add('title', text(record, 'TitleOrShip'));
  } else {
    if (schema === 'Vessel') b.add('imoNumber', imo).add('buildDate', text(record, 'DateOfBirthOrShipBuildDate'));
    b.add('notes', text(record, 'TitleOrShip'));
  }
  for (const alias of splitAliases(text(record, 'Aliases'))) b.add('alias', alias, { lang: languageOf(alias) });
  b.add('topics', 'sanction');
  const sanction = sanctionEntity(id, {
    authority: AUTHORITY.CANADA,
    program: regime(country) || null,
    provisions: schedule ? `Schedule ${schedule}, item ${item}` : null,
    listingDate: text(record, 'DateOfListing'),
    authorityId: [regime(country), schedule, item].filter(Boolean).join(' / '),
    sourceUrl: SOURCE_URL,
  });
  return [b.build(), sanction];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = basename(ctx.files[0]);
  let root: string | null = null;
  const seen = new Set<string>();
  for await (const record of xmlRecords(ctx.files[0], ['record'], { onBytes: ctx.progress, onOpen: (name) => (root ??= name) })) {
    if (root !== 'data-set') throw new ImportError(`not a SEMA list: root element <${root}>`, { file });
    const entities = build(record, ctx.dataset, file);
    if (seen.has(entities[0].id)) {
      ctx.warn({ file, line: record.line, message: `repeated regime/schedule/item ${entities[0].id}; the first is kept` });
      continue;
    }
    seen.add(entities[0].id);
    yield* entities;
  }
  if (seen.size === 0) throw new ImportError('no <record> elements: not a SEMA list', { file });
}

export const caSemaXmlFormat: ListFormat = {
  name: 'ca_sema_xml',
  dataset: 'ca_sema',
  title: 'Canada Consolidated Autonomous Sanctions List (SEMA), XML',
  spec: 'Global Affairs Canada sema-lmes.xml, 2020 and 2025 layouts',
  detect(_names, head) {
    const t = head.toString('utf8');
    return /<data-set[\s>]/u.test(t) && /<record>/u.test(t) && /<Country>/u.test(t);
  },
  read,
};
