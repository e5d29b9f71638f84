// The US Consolidated Screening List (trade.gov) CSV: eleven US export-control and sanctions
// lists in one file. Each row keeps its own source list as authority and programme, so the
// Entity List row of a party stays apart from its SDN row. Columns are read by header name,
// so the older layout (no `_id`) and the current one both work. Known quirks of real
// downloads: the header repeated on line 2, and a last row cut off mid-field (both warned).
// Samples: shared/data/raw/us_csl (2019, 2022 complete, 2023 cut off, 2025 sample).
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId, sha1 } from '../model/ids.js';
import { cleanText } from '../model/values.js';
import { AUTHORITY } from './authorities.js';
import { csvRows } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const REQUIRED = ['source', 'name'];

interface SourceList {
  code: string;
  label: string;
  authority: string;
}

// The source lists of the CSL, by the code in brackets in the `source` column
// ("Entity List (EL) - Bureau of Industry and Security", "… (NS-MBS List) - Treasury …").
const SOURCE_LISTS: Record<string, Omit<SourceList, 'code'>> = {
  SDN: { label: 'SDN', authority: AUTHORITY.OFAC },
  SSI: { label: 'Sectoral Sanctions Identifications', authority: AUTHORITY.OFAC },
  FSE: { label: 'Foreign Sanctions Evaders', authority: AUTHORITY.OFAC },
  PLC: { label: 'Palestinian Legislative Council', authority: AUTHORITY.OFAC },
  CAP: { label: 'Correspondent Account or Payable-Through Account Sanctions', authority: AUTHORITY.OFAC },
  'NS-MBS': { label: 'Non-SDN Menu-Based Sanctions', authority: AUTHORITY.OFAC },
  CMIC: { label: 'Chinese Military-Industrial Complex Companies', authority: AUTHORITY.OFAC },
  EL: { label: 'Entity List', authority: AUTHORITY.US_COMMERCE },
  DPL: { label: 'Denied Persons List', authority: AUTHORITY.US_COMMERCE },
  UVL: { label: 'Unverified List', authority: AUTHORITY.US_COMMERCE },
  MEU: { label: 'Military End User List', authority: AUTHORITY.US_COMMERCE },
  ISN: { label: 'Nonproliferation Sanctions', authority: AUTHORITY.US_STATE },
  DTC: { label: 'ITAR Debarred', authority: AUTHORITY.US_STATE },
};

const SCHEMA_BY_TYPE: Record<string, string> = { individual: 'Person', entity: 'Organization', vessel: 'Vessel', aircraft: 'Airplane' };

// `ids` items are "COUNTRY, NUMBER, TYPE" (or "VALUE, TYPE"); TYPE decides the property.
const ID_TYPES: [RegExp, string][] = [
  [/passport/iu, 'passportNumber'],
  [/tax|fiscal|v\.a\.t|r\.f\.c|\bruc\b|\bnit\b/iu, 'taxNumber'],
  [/swift|bic/iu, 'swiftBic'],
  [/legal entity number/iu, 'leiCode'],
  [/\bimo\b|vessel registration/iu, 'imoNumber'],
  [/mmsi/iu, 'mmsi'],
  [/website/iu, 'website'],
  [/email/iu, 'email'],
  [/phone|fax/iu, 'phone'],
  [/gender/iu, 'gender'],
  [/registration|registry|company number|business|unified social credit|commercial/iu, 'registrationNumber'],
  [/\bid\b|identification|cedula|national|no\.|number|#/iu, 'idNumber'],
];

/** The list a row comes from; a list the CSL adds later is kept under its own name, authority US. */
function sourceList(text: string): { list: SourceList; known: boolean } {
  const code = /\(([A-Z][A-Z-]*?)(?: List)?\)/u.exec(text)?.[1] ?? text;
  const known = SOURCE_LISTS[code];
  return known ? { list: { code, ...known }, known: true } : { list: { code, label: text, authority: AUTHORITY.US }, known: false };
}

function split(text: string | null): string[] {
  return (text ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);
}

function addIds(b: EntityBuilder, text: string | null): void {
  for (const item of split(text)) {
    const parts = item.split(',').map((p) => p.trim());
    const type = parts.at(-1) ?? '';
    const value = parts.length >= 3 ? parts.slice(1, -1).join(', ') : parts[0];
    const prop = ID_TYPES.find(([pattern]) => pattern.test(type))?.[1];
    try {
      if (prop === 'gender') b.add('gender', value.toLowerCase());
      else if (prop && /\d|@|\./u.test(value)) b.add(prop, value);
      else b.add('notes', `${type}: ${value}`);
    } catch {
      b.add('notes', `${type}: ${value}`);
    }
  }
}

function rowEntities(get: (column: string) => string | null, key: string, list: SourceList, dataset: string): SourceEntity[] {
  const type = (get('type') ?? '').toLowerCase();
  const schema = SCHEMA_BY_TYPE[type] ?? 'LegalEntity';
  const id = entityId(dataset, key);
  const b = new EntityBuilder(id, schema);
  b.add('name', get('name'));
  b.add('alias', split(get('alt_names')).map((n) => n.replace(/^and\s+/u, '')));
  for (const address of split(get('addresses'))) {
    b.add('address', address);
    const country = address.split(',').at(-1)?.trim();
    if (country && /^[A-Z]{2}$/u.test(country)) b.add('country', country);
  }
  if (schema === 'Person') {
    b.add('title', get('title'));
    b.add('birthDate', split(get('dates_of_birth')));
    b.add('birthPlace', split(get('places_of_birth')));
    b.add('nationality', split(get('nationalities')));
    b.add('citizenship', split(get('citizenships')));
  } else if (get('title')) b.add('notes', get('title'));
  if (schema === 'Vessel') {
    b.add('callSign', get('call_sign')).add('type', get('vessel_type')).add('flag', get('vessel_flag'));
    b.add('tonnage', get('gross_tonnage')).add('grossRegisteredTonnage', get('gross_registered_tonnage'));
    if (get('vessel_owner')) b.add('notes', `Vessel owner: ${get('vessel_owner')}`);
  }
  addIds(b, get('ids'));
  b.add('notes', get('remarks'));
  b.add('sourceUrl', get('source_information_url'));
  b.add('topics', 'sanction');
  const sanction = sanctionEntity(
    id,
    {
      authority: list.authority,
      program: [list.label, ...split(get('programs')).filter((p) => p !== list.label)],
      programId: list.code,
      startDate: get('start_date'),
      listingDate: get('start_date'),
      endDate: get('end_date'),
      authorityId: get('federal_register_notice') ?? get('entity_number'),
      reason: [get('license_requirement'), get('license_policy')].filter(Boolean).join(' — ') || null,
      provisions: get('standard_order') === 'Y' ? 'Standard order' : null,
      sourceUrl: get('source_list_url'),
    },
    list.code.toLowerCase(),
  );
  return [b.build(), sanction];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = ctx.files[0];
  const name = basename(file);
  let header: string[] | null = null;
  let pending: { fields: string[]; line: number } | null = null;
  const seen = new Set<string>();
  const unknownLists = new Set<string>();

  const build = (row: { fields: string[]; line: number }): SourceEntity[] => {
    const columns = header!;
    if (row.fields.length !== columns.length) throw new ImportError(`expected ${columns.length} fields, found ${row.fields.length}`, { file: name, line: row.line });
    const get = (column: string) => {
      const i = columns.indexOf(column);
      return i >= 0 ? cleanText(row.fields[i]) : null;
    };
    const source = get('source');
    if (!source) throw new ImportError('row without a source list', { file: name, line: row.line, field: 'source' });
    const { list, known } = sourceList(source);
    if (!known && !unknownLists.has(source)) {
      unknownLists.add(source);
      ctx.warn({ file: name, line: row.line, field: 'source', message: `source list '${source}' not known; kept under its own name` });
    }
    if (!get('name')) throw new ImportError('row without a name', { file: name, line: row.line, field: 'name' });
    // One party can be on several source lists under the same _id (an SDN that is also on the
    // CAP or SSI list): each list's row is its own record, so the key includes the list.
    const key = `${list.code}-${get('_id') ?? get('entity_number') ?? sha1(get('name'), get('addresses'), get('start_date')).slice(0, 16)}`;
    if (seen.has(key)) {
      ctx.warn({ file: name, line: row.line, message: `duplicate row for ${key}; the first is kept` });
      return [];
    }
    seen.add(key);
    return rowEntities(get, key, list, ctx.dataset);
  };

  const onCutOff = (line: number) => ctx.warn({ file: name, line, message: 'file ends inside a quoted field (cut-off download); the partial last row is skipped' });
  for await (const row of csvRows(file, { onBytes: ctx.progress, onCutOff })) {
    if (!header) {
      const missing = REQUIRED.filter((c) => !row.fields.includes(c));
      if (missing.length) throw new ImportError(`not a Consolidated Screening List: missing column(s) ${missing.join(', ')}`, { file: name, line: row.line });
      header = row.fields;
      continue;
    }
    if (row.fields.join(',') === header.join(',')) {
      ctx.warn({ file: name, line: row.line, message: 'header repeated; skipped' });
      continue;
    }
    // A row is checked when the next one arrives, so only a cut-off LAST row is forgiven.
    if (pending) yield* build(pending);
    pending = row;
  }
  if (pending) {
    try {
      yield* build(pending);
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      ctx.warn({ file: name, line: pending.line, message: `last row skipped (cut off?): ${err.message}` });
    }
  }
}

export const usCslCsvFormat: ListFormat = {
  name: 'us_csl_csv',
  dataset: 'us_trade_csl',
  title: 'US Consolidated Screening List (trade.gov), CSV',
  spec: 'trade.gov CSL CSV, current (_id first) and older (source first) layouts; samples 2019-2025 in shared/data/raw/us_csl',
  detect(_names, head) {
    const first = head.toString('utf8').split(/\r?\n/u)[0].replace(/^\ufeff/u, '');
    return /^(_id,)?source,entity_number,type,programs,name/u.test(first);
  },
  read,
};
