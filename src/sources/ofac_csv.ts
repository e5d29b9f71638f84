// OFAC's legacy CSV files: the SDN list (sdn.csv, add.csv, alt.csv, sdn_comments.csv) and the
// consolidated non-SDN list (cons_prim.csv, cons_add.csv, cons_alt.csv, cons_comments.csv).
// No header; `-0-` is null; the last line is the 0x1A end-of-file byte. sdn.csv alone still
// carries aliases, birth dates and identifiers inside its Remarks column (see ofac_remarks.ts).
// Spec: https://ofac.treasury.gov/sdn-list-data-formats-data-schemas; samples in
// shared/data/raw/ofac_sdn and ofac_consolidated.
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { cleanText } from '../model/values.js';
import { AUTHORITY } from './authorities.js';
import { csvRows, type CsvRow } from './io.js';
import { applyRemarks } from './ofac_remarks.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

type Role = 'primary' | 'address' | 'alias' | 'comments';

const FILE_ROLES: [RegExp, Role][] = [
  [/^(sdn|cons_prim)\.csv$/u, 'primary'],
  [/^(add|cons_add)\.csv$/u, 'address'],
  [/^(alt|cons_alt)\.csv$/u, 'alias'],
  [/^(sdn_comments|cons_comments)\.csv$/u, 'comments'],
];

const PRIMARY_FIELDS = 12;
const EOF_MARK = String.fromCharCode(0x1a);
const SCHEMA_BY_TYPE: Record<string, string> = { individual: 'Person', vessel: 'Vessel', aircraft: 'Airplane' };
const SOURCE_URL = 'https://sanctionssearch.ofac.treas.gov/';

function roleOf(file: string): Role | null {
  const name = basename(file).toLowerCase();
  return FILE_ROLES.find(([pattern]) => pattern.test(name))?.[1] ?? null;
}

function value(field: string | undefined): string | null {
  return cleanText(field);
}

/** Rows of an OFAC CSV file, without the 0x1A end-of-file line. */
async function* ofacRows(file: string, ctx: ReadContext): AsyncGenerator<CsvRow> {
  for await (const row of csvRows(file, { encoding: 'auto', onBytes: ctx.progress })) {
    // The 0x1A end-of-file byte OFAC appends.
    if (row.fields.length === 1 && row.fields[0].replace(EOF_MARK, '').trim() === '') continue;
    yield row;
  }
}

/** "IRAN] [SDGT] [IRGC" (brackets split oddly by the CSV) → ['IRAN', 'SDGT', 'IRGC']. */
export function splitPrograms(text: string | null): string[] {
  if (!text) return [];
  return text
    .split(/\]\s*\[|\[|\]/u)
    .map((p) => p.trim())
    .filter(Boolean);
}

interface SideData {
  addresses: Map<string, { address: string; country: string | null }[]>;
  aliases: Map<string, { type: string; name: string }[]>;
  comments: Map<string, string>;
}

async function readSideFiles(files: Map<Role, string>, ctx: ReadContext): Promise<SideData> {
  const data: SideData = { addresses: new Map(), aliases: new Map(), comments: new Map() };
  const push = <T>(map: Map<string, T[]>, key: string, item: T) => {
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  };
  const addresses = files.get('address');
  if (addresses) {
    for await (const row of ofacRows(addresses, ctx)) {
      const [ent, , street, city, country, remarks] = row.fields;
      const parts = [street, city, country, remarks].map(value).filter((p): p is string => p !== null);
      if (parts.length > 0) push(data.addresses, ent, { address: parts.join(', '), country: value(country) });
    }
  }
  const aliases = files.get('alias');
  if (aliases) {
    for await (const row of ofacRows(aliases, ctx)) {
      const [ent, , type, name] = row.fields;
      const clean = value(name);
      if (clean) push(data.aliases, ent, { type: (value(type) ?? 'aka').toLowerCase(), name: clean });
    }
  }
  const comments = files.get('comments');
  if (comments) {
    for await (const row of ofacRows(comments, ctx)) {
      // The comment continues the sdn.csv remarks mid-word: join without a separator.
      const [ent, text] = row.fields;
      if (text && text !== '-0-') data.comments.set(ent, (data.comments.get(ent) ?? '') + text);
    }
  }
  return data;
}

function buildRecord(fields: string[], side: SideData, dataset: string, links: Map<string, string[]>): SourceEntity[] {
  const [ent, name, type, programs, title, callSign, vesselType, tonnage, grt, flag, owner, remarks] = fields.map(value);
  const schema = SCHEMA_BY_TYPE[(type ?? '').toLowerCase()] ?? 'Organization';
  const id = entityId(dataset, ent!);
  const b = new EntityBuilder(id, schema);
  b.add('name', name);
  if (schema === 'Person' && name?.includes(',')) {
    const [last, first] = name.split(',', 2);
    b.add('lastName', last).add('firstName', first);
  }
  if (schema === 'Person') b.add('title', title);
  else b.add('notes', title);
  if (schema === 'Vessel') {
    b.add('callSign', callSign).add('type', vesselType).add('tonnage', tonnage).add('grossRegisteredTonnage', grt).add('flag', flag);
    if (owner) b.add('notes', `Vessel owner: ${owner}`);
  }
  for (const alias of side.aliases.get(ent!) ?? []) b.add(alias.type === 'fka' ? 'previousName' : 'alias', alias.name);
  for (const address of side.addresses.get(ent!) ?? []) {
    b.add('address', address.address);
    b.add('country', address.country);
  }
  const fullRemarks = [remarks, side.comments.get(ent!)].filter(Boolean).join('');
  const { linkedTo } = applyRemarks(b, fullRemarks || null);
  if (linkedTo.length > 0) links.set(id, linkedTo);
  b.add('topics', 'sanction');
  const sanction = sanctionEntity(id, { authority: AUTHORITY.OFAC, program: splitPrograms(programs), sourceUrl: SOURCE_URL, authorityId: ent });
  return [b.build(), sanction];
}

/** "Linked To: NAME" → UnknownLink entities to the record of that name, when there is one. */
function linkEntities(dataset: string, links: Map<string, string[]>, idsByName: Map<string, string>): SourceEntity[] {
  const out: SourceEntity[] = [];
  for (const [subject, names] of links) {
    for (const name of names) {
      const object = idsByName.get(name.toUpperCase());
      if (!object) continue;
      const link = new EntityBuilder(entityId(dataset, 'link', subject, object), 'UnknownLink');
      link.add('subject', subject).add('object', object).add('role', 'Linked To');
      out.push(link.build());
    }
  }
  return out;
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const byRole = new Map<Role, string>();
  for (const file of ctx.files) {
    const role = roleOf(file);
    if (!role) throw new ImportError('not a file of the OFAC CSV set (sdn/add/alt/sdn_comments.csv or cons_*.csv)', { file: basename(file) });
    byRole.set(role, file);
  }
  const primary = byRole.get('primary');
  if (!primary) throw new ImportError('the OFAC CSV set needs its primary file (sdn.csv or cons_prim.csv)', { file: basename(ctx.files[0]) });
  const side = await readSideFiles(byRole, ctx);
  const links = new Map<string, string[]>();
  const idsByName = new Map<string, string>();
  let pending: CsvRow | null = null;

  const check = (row: CsvRow) => {
    if (row.fields.length !== PRIMARY_FIELDS) {
      throw new ImportError(`expected ${PRIMARY_FIELDS} fields, found ${row.fields.length}`, { file: basename(primary), line: row.line });
    }
    if (!/^\d+$/u.test(row.fields[0].trim())) throw new ImportError(`entity number '${row.fields[0]}' is not a number`, { file: basename(primary), line: row.line, field: 'ent_num' });
    if (!value(row.fields[1])) throw new ImportError('record without a name', { file: basename(primary), line: row.line, field: 'SDN_Name' });
  };

  for await (const row of ofacRows(primary, ctx)) {
    // Check each row when the next arrives, so that only a cut-off LAST row is forgiven.
    if (pending) {
      check(pending);
      const [entity, sanction] = buildRecord(pending.fields, side, ctx.dataset, links);
      idsByName.set(value(pending.fields[1])!.toUpperCase(), entity.id);
      yield entity;
      yield sanction;
    }
    pending = row;
  }
  if (pending) {
    try {
      check(pending);
      const [entity, sanction] = buildRecord(pending.fields, side, ctx.dataset, links);
      idsByName.set(value(pending.fields[1])!.toUpperCase(), entity.id);
      yield entity;
      yield sanction;
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      ctx.warn({ file: basename(primary), line: pending.line, message: `last row skipped (cut off?): ${err.message}` });
    }
  }
  yield* linkEntities(ctx.dataset, links, idsByName);
}

export const ofacCsvFormat: ListFormat = {
  name: 'ofac_csv',
  dataset: 'us_ofac_sdn',
  title: 'OFAC SDN / consolidated list, legacy CSV set',
  spec: 'OFAC legacy CSV (sdn.csv + add.csv + alt.csv + sdn_comments.csv; cons_*.csv); samples 2019-2025 in shared/data/raw',
  detect(names, head) {
    const known = names.every((n) => FILE_ROLES.some(([pattern]) => pattern.test(n)));
    return known && names.some((n) => /^(sdn|cons_prim)\.csv$/u.test(n)) && /^\d+,/u.test(head.toString('latin1'));
  },
  read,
};
