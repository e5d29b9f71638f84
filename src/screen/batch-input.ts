// Reading a batch file of names to screen: CSV with a header (delimiter detected from it),
// columns mapped to query fields, every problem reported with its line.
import { basename } from 'node:path';
import { readHead } from '../sources/io.js';
import { csvRows, type CsvRow } from '../sources/io.js';
import { ImportError } from '../sources/types.js';

export interface ColumnMap {
  name: string;
  schema?: string;
  country?: string;
  dob?: string;
  id?: string;
}

export interface BatchRow {
  /** 1-based data row number (not counting the header). */
  index: number;
  line: number;
  fields: string[];
  name: string;
  schema: string;
  countries: string[];
  birthDates: string[];
  identifiers: string[];
}

const NAME_COLUMNS = ['name', 'full_name', 'fullname', 'entity_name', 'customer_name', 'party', 'company', 'company_name'];
// One record longer than this is not a name list (a binary or a broken quote).
export const MAX_RECORD_BYTES = 1 << 20;

export function detectDelimiter(file: string): string {
  const first = readHead(file, 65536).toString('utf8').split(/\r?\n/u)[0];
  const counts = [',', ';', '\t', '|'].map((d) => [d, first.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

export function resolveColumns(header: string[], wanted: Partial<ColumnMap>, file: string): Record<keyof ColumnMap, number> {
  if (header.length === 1 && /[\s:]/u.test(header[0].trim())) {
    throw new ImportError(`one column only ('${header[0]}'): wrong delimiter? Columns must be separated by , ; tab or |`, { file: basename(file), line: 1 });
  }
  const lower = header.map((h) => h.trim().toLowerCase());
  const find = (name: string | undefined, fallbacks: string[]): number => {
    if (name) {
      const i = lower.indexOf(name.toLowerCase());
      if (i < 0) throw new ImportError(`no column '${name}' (columns: ${header.join(', ')})`, { file: basename(file), line: 1 });
      return i;
    }
    return lower.findIndex((h) => fallbacks.includes(h));
  };
  const name = find(wanted.name, NAME_COLUMNS);
  if (name < 0) throw new ImportError(`no name column: name one with --name-column (columns: ${header.join(', ')})`, { file: basename(file), line: 1, field: 'name' });
  return {
    name,
    schema: find(wanted.schema, ['schema', 'type', 'entity_type']),
    country: find(wanted.country, ['country', 'countries', 'nationality']),
    dob: find(wanted.dob, ['dob', 'birth_date', 'date_of_birth', 'birthdate']),
    id: find(wanted.id, ['id_number', 'registration_number', 'identifier', 'passport', 'imo']),
  };
}

const SCHEMA_WORDS: Record<string, string> = { person: 'Person', individual: 'Person', company: 'Company', organization: 'Organization', organisation: 'Organization', entity: 'LegalEntity', vessel: 'Vessel', ship: 'Vessel', aircraft: 'Airplane' };

/** Rows of the batch file as screening queries, skipping the first `skip` data rows (resume). */
export async function* batchRows(file: string, columns: Partial<ColumnMap>, defaultSchema: string, skip = 0): AsyncGenerator<BatchRow | { header: string[] }> {
  const delimiter = detectDelimiter(file);
  let map: Record<keyof ColumnMap, number> | null = null;
  let index = 0;
  const split = (cell: string | undefined) => (cell ?? '').split(/[;|]/u).map((v) => v.trim()).filter(Boolean);
  const rows: AsyncGenerator<CsvRow> = csvRows(file, { delimiter, relaxColumnCount: true, maxRecordBytes: MAX_RECORD_BYTES });
  for await (const { fields, line } of rows) {
    if (!map) {
      map = resolveColumns(fields, columns, file);
      yield { header: fields };
      continue;
    }
    index += 1;
    if (index <= skip) continue;
    const name = (fields[map.name] ?? '').trim();
    const schemaWord = map.schema >= 0 ? (fields[map.schema] ?? '').trim().toLowerCase() : '';
    yield {
      index,
      line,
      fields,
      name,
      schema: SCHEMA_WORDS[schemaWord] ?? defaultSchema,
      countries: map.country >= 0 ? split(fields[map.country]).map((c) => c.toLowerCase()) : [],
      birthDates: map.dob >= 0 ? split(fields[map.dob]) : [],
      identifiers: map.id >= 0 ? split(fields[map.id]) : [],
    };
  }
  if (!map) throw new ImportError('empty file', { file: basename(file) });
}
