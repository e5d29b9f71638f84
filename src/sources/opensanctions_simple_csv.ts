// OpenSanctions `targets.simple.csv`: one row per target entity. Header (current layout):
// id, schema, name, aliases, birth_date, countries, addresses, identifiers, sanctions, phones,
// emails, program_ids, dataset, first_seen, last_seen, last_change (older exports lack
// program_ids and last_change; columns are read by name).
// Quirks, from the exporter (zavod SimpleCSVExporter) and the sample:
// - A multi-value cell is itself a `;`-separated CSV row: values holding `;`, `"` or leading
//   quotes are quoted with doubled quotes inside; line breaks inside values are NOT quoted.
// - Each `sanctions` value is one Sanction joined as "program - reason - status - start - end"
//   with the empty parts left out. Program and reason cannot be told apart (reasons contain
//   " - " themselves: "from 2020 to 2024 - 7 permits"), so only trailing ISO dates are taken
//   out; the rest is the reason. A Sanction with none of these is written as `""`.
// - `identifiers` merges every identifier property (INN, OGRN, IMO, MMSI, call sign, UNP …)
//   without saying which: IMO numbers, and a vessel's MMSI and call sign, are recognised by
//   shape; the rest go to registrationNumber (organisations) or idNumber (people).
// - `countries` merges all country properties (nationality, flag, jurisdiction): all go to `country`.
// - No authority in the row: it comes from the `dataset` column (the source list's title).
// - first_seen/last_seen/last_change are OpenSanctions crawl times, not dates of the list;
//   the file states no publication date, so none is set.
// Ids are the OpenSanctions ids behind our dataset, as in ftm_json.ts, so the two exports of
// one dataset give the same entities. Sample: shared/data/raw/opensanctions/
// noname_ua_war_sanctions_2026-03-13/targets.simple.csv (GUR "War & Sanctions", 5,600 rows).
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { isA, isSchema, propertyType } from '../model/ftm.js';
import { sha1 } from '../model/ids.js';
import { cleanText } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { ftmSourceId } from './ftm_json.js';
import { csvRows, type CsvRow } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const REQUIRED = ['id', 'schema', 'name', 'aliases', 'identifiers', 'sanctions', 'dataset'];

// Main Intelligence Directorate of Ukraine's Ministry of Defence, publisher of "War & Sanctions".
const UKRAINE_GUR = 'Ukraine (GUR)';

// OpenSanctions dataset titles → the authority that publishes the list.
const AUTHORITY_BY_TITLE: [RegExp, string][] = [
  [/\bOFAC\b/u, AUTHORITY.OFAC],
  [/^US BIS\b|Denied Persons/u, AUTHORITY.US_COMMERCE],
  [/^US State\b/u, AUTHORITY.US_STATE],
  [/^US Trade\b|Consolidated Screening List/u, AUTHORITY.US],
  [/^EU\b/u, AUTHORITY.EU],
  [/^UK\b/u, AUTHORITY.UK],
  [/^UN\b|^United Nations\b/u, AUTHORITY.UN],
  [/^Canad/u, AUTHORITY.CANADA],
  [/^Ukraine War and Sanctions$/u, UKRAINE_GUR],
];

const ISO_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/u;

/**
 * The values of a multi-value cell: a `;`-separated CSV row (Python's csv, QUOTE_MINIMAL), so
 * `""` is one empty value and `"a;b";c` two values.
 */
export function splitValues(cell: string): string[] {
  if (cell === '') return [];
  const values: string[] = [];
  let value = '';
  let quoted = false;
  let atStart = true;
  for (let i = 0; i < cell.length; i += 1) {
    const c = cell[i];
    if (quoted && c === '"' && cell[i + 1] === '"') {
      value += '"';
      i += 1;
    } else if (c === '"' && (quoted || atStart)) {
      quoted = !quoted;
    } else if (c === ';' && !quoted) {
      values.push(value);
      value = '';
      atStart = true;
      continue;
    } else {
      value += c;
    }
    atStart = false;
  }
  values.push(value);
  return values;
}

function nonEmpty(cell: string | undefined): string[] {
  return splitValues(cell ?? '')
    .map((v) => cleanText(v))
    .filter((v): v is string => v !== null);
}

/** The FtM property an identifier of this shape belongs to, for the row's schema. */
function identifierProp(schema: string, value: string): string {
  if (/^IMO\d{7}$/u.test(value) && propertyType(schema, 'imoNumber')) return 'imoNumber';
  if (schema === 'Vessel') {
    if (/^\d{9}$/u.test(value)) return 'mmsi';
    if (/^(?=.*[A-Z])[A-Z0-9]{3,7}$/u.test(value)) return 'callSign';
  }
  return isA(schema, 'Person') || !propertyType(schema, 'registrationNumber') ? 'idNumber' : 'registrationNumber';
}

interface ParsedSanction {
  reason: string | null;
  startDate: string | null;
  endDate: string | null;
}

/** "reason - 2022-02-24 - 2023-01-01" → reason, start and end date (as far as they are there). */
export function parseSanctionText(text: string): ParsedSanction {
  const parts = text.split(' - ');
  const dates: string[] = [];
  while (parts.length > 0 && dates.length < 2 && ISO_DATE.test(parts[parts.length - 1].trim())) dates.unshift(parts.pop()!.trim());
  return { reason: cleanText(parts.join(' - ')), startDate: dates[0] ?? null, endDate: dates[1] ?? null };
}

class SimpleCsvReader {
  private header: string[] = [];
  private readonly seen = new Set<string>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly ctx: ReadContext,
    private readonly file: string,
  ) {}

  setHeader(row: CsvRow): void {
    const missing = REQUIRED.filter((c) => !row.fields.includes(c));
    if (missing.length) throw new ImportError(`not an OpenSanctions targets.simple.csv: missing column(s) ${missing.join(', ')}`, { file: this.file, line: row.line });
    this.header = row.fields;
  }

  private warnOnce(key: string, line: number, field: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.ctx.warn({ file: this.file, line, field, message });
  }

  /** The subject and its Sanctions, or nothing when the row is skipped. */
  entities(row: CsvRow): SourceEntity[] {
    const { line } = row;
    if (row.fields.length !== this.header.length) throw new ImportError(`expected ${this.header.length} fields, found ${row.fields.length}`, { file: this.file, line });
    const get = (column: string): string => row.fields[this.header.indexOf(column)] ?? '';
    const sourceId = cleanText(get('id'));
    if (!sourceId) throw new ImportError('row without an id', { file: this.file, line, field: 'id' });
    const name = cleanText(get('name'));
    if (!name) throw new ImportError(`${sourceId} has no name`, { file: this.file, line, field: 'name' });
    const schema = get('schema');
    if (!isSchema(schema)) {
      this.warnOnce(`schema:${schema}`, line, 'schema', `schema '${schema}' is not in our FtM model; its rows are skipped`);
      return [];
    }
    const id = ftmSourceId(this.ctx.dataset, sourceId);
    if (this.seen.has(id)) {
      this.ctx.warn({ file: this.file, line, field: 'id', message: `${sourceId} repeated; the first row is kept` });
      return [];
    }
    this.seen.add(id);
    const subject = this.subject(id, schema, name, get);
    const sanctions = this.sanctions(id, get, line);
    if (sanctions.length > 0) subject.add('topics', 'sanction');
    return [subject.build(), ...sanctions];
  }

  private subject(id: string, schema: string, name: string, get: (column: string) => string): EntityBuilder {
    const b = new EntityBuilder(id, schema);
    const add = (prop: string, values: string[], column: string) => {
      if (propertyType(schema, prop)) b.add(prop, values);
      else if (values.length > 0) b.add('notes', values.map((v) => `${column}: ${v}`));
    };
    b.add('name', name);
    for (const alias of nonEmpty(get('aliases'))) b.add('alias', alias, { lang: languageOf(alias) });
    add('birthDate', nonEmpty(get('birth_date')), 'birth_date');
    add('country', nonEmpty(get('countries')), 'countries');
    add('address', nonEmpty(get('addresses')), 'addresses');
    for (const identifier of nonEmpty(get('identifiers'))) add(identifierProp(schema, identifier), [identifier], 'identifiers');
    add('phone', nonEmpty(get('phones')), 'phones');
    add('email', nonEmpty(get('emails')), 'emails');
    add('programId', nonEmpty(get('program_ids')), 'program_ids');
    return b;
  }

  private authorities(get: (column: string) => string, line: number): string[] {
    const titles = nonEmpty(get('dataset'));
    const authorities = titles.map((title) => {
      const known = AUTHORITY_BY_TITLE.find(([pattern]) => pattern.test(title))?.[1];
      if (!known) this.warnOnce(`dataset:${title}`, line, 'dataset', `no authority known for dataset '${title}'; its title is used as the authority`);
      return known ?? title;
    });
    return [...new Set(authorities)];
  }

  private sanctions(subjectId: string, get: (column: string) => string, line: number): SourceEntity[] {
    const items = splitValues(get('sanctions')).map((text) => text.trim());
    if (items.length === 0) return [];
    const [authority, ...otherAuthorities] = this.authorities(get, line);
    const programs = nonEmpty(get('program_ids'));
    // The cell does not say which programme each listing is under: only when there is one
    // programme, or one listing, do they belong together.
    const attributable = programs.length === 1 || items.length === 1 ? programs : [];
    return items.map((text) => {
      const { reason, startDate, endDate } = parseSanctionText(text);
      const sanction = sanctionEntity(
        subjectId,
        {
          authority: authority ?? this.ctx.dataset,
          program: attributable,
          programId: attributable.length === 1 ? attributable[0] : null,
          reason,
          startDate,
          endDate,
        },
        text ? sha1(text).slice(0, 12) : '',
      );
      // A target on several source lists: the cell does not say which list each listing is
      // from, so all their authorities are stated (FtM's authority is multi-valued).
      sanction.statements.push(...otherAuthorities.map((value) => ({ prop: 'authority', value })));
      return sanction;
    });
  }
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  for (const path of ctx.files) {
    const file = basename(path);
    const reader = new SimpleCsvReader(ctx, file);
    let hasHeader = false;
    const onCutOff = (line: number) => ctx.warn({ file, line, message: 'file ends inside a quoted field (cut-off download); the partial last row is skipped' });
    for await (const row of csvRows(path, { onBytes: ctx.progress, onCutOff })) {
      if (!hasHeader) {
        reader.setHeader(row);
        hasHeader = true;
      } else {
        yield* reader.entities(row);
      }
    }
    if (!hasHeader) throw new ImportError('file is empty', { file });
  }
}

/** The header names of the first line (quoted or not). */
function headerOf(head: Buffer): string[] {
  const firstLine = head.toString('utf8').replace(/^\ufeff/u, '').split(/\r?\n/u)[0];
  return firstLine.split(',').map((c) => c.trim().replace(/^"(.*)"$/u, '$1'));
}

export const opensanctionsSimpleCsvFormat: ListFormat = {
  name: 'opensanctions_simple_csv',
  dataset: 'opensanctions',
  title: 'OpenSanctions targets.simple.csv',
  spec: 'OpenSanctions targets.simple.csv (zavod SimpleCSVExporter; 16 columns with program_ids, older 14/15-column layouts by name); sample: GUR "Ukraine War and Sanctions" export of 2026-03-13 in shared/data/raw/opensanctions',
  detect: (_names, head) => {
    const columns = headerOf(head);
    return REQUIRED.every((c) => columns.includes(c));
  },
  read,
};
