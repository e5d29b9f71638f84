// The FCDO UK Sanctions List as normalised into tables by a student project (covyr/uk-sanctions-
// list, see its README.md): NOT an official format. subjects.csv (unique_id, subject_type,
// un_reference_number, ofsi_group_id, date_designated, last_updated) plus per-subject tables
// subject_names, subject_dobs, subject_identifiers and subject_countries, all keyed by unique_id
// and full of repeated rows. The regime is not kept: only the UniqueID's prefix ("BEL", "RUS"),
// which is the FCDO's regime code, so that code is the programme. No list date is stated.
// Sample: raw/uk_sanctions_list_derived/covyr_2026-05 (data to 2026-04-29).
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EntityBuilder, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { cleanText } from '../model/values.js';
import { AUTHORITY } from './authorities.js';
import { csvRows } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';
import { UK_SCHEMATA, addOrNote, addUkName, imoNumber, namesInOrder, type NameKind, type UkName, ukDate, ukFullName, ukSanction } from './uk_ofsi_rows.js';

const SOURCE_URL = 'https://github.com/covyr/uk-sanctions-list';
const TABLES = ['subjects.csv', 'subject_names.csv', 'subject_dobs.csv', 'subject_identifiers.csv', 'subject_countries.csv'] as const;
type Table = (typeof TABLES)[number];

// The first columns of each table's header, for detection and checking.
const HEADERS: Record<Table, string[]> = {
  'subjects.csv': ['unique_id', 'subject_type', 'un_reference_number', 'ofsi_group_id', 'date_designated'],
  'subject_names.csv': ['name_id', 'unique_id', 'name_type', 'alias_strength', 'full_name'],
  'subject_dobs.csv': ['dob_id', 'unique_id', 'year', 'month', 'day'],
  'subject_identifiers.csv': ['id', 'unique_id', 'ofsi_group_id', 'raw_value', 'identifier_type', 'additional_info'],
  'subject_countries.csv': ['id', 'unique_id', 'raw_value', 'country_type', 'iso'],
};

const IDENTIFIER_PROPS: Record<string, string> = {
  passport: 'passportNumber',
  national: 'idNumber',
  business_registration_numbers: 'registrationNumber',
  imo: 'imoNumber',
};
const COUNTRY_PROPS: Record<string, string> = { address: 'country', birth: 'birthCountry', nationality: 'nationality' };

function nameKind(type: string, strength: string): NameKind {
  if (type === 'primary') return 'primary';
  if (type === 'primary_variation') return 'variation';
  return strength === 'low_quality_aka' ? 'weak' : 'aka';
}

interface Subject {
  uniqueId: string;
  schema: string;
  line: number;
  unscId: string | null;
  groupId: string | null;
  designated: string | null;
  names: Map<string, UkName>;
  /** Distinct prop → values; the tables repeat each value many times. */
  facts: Map<string, Set<string>>;
}

function addFact(subject: Subject, prop: string, value: string | null): void {
  if (!value) return;
  const values = subject.facts.get(prop) ?? new Set<string>();
  values.add(value);
  subject.facts.set(prop, values);
}

/** The tables by name, from the files or folders given; subjects and names are required. */
function tableFiles(paths: string[]): Map<Table, string> {
  const files = paths.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).map((n) => join(p, n)) : [p]));
  const tables = new Map<Table, string>();
  for (const file of files) {
    const table = TABLES.find((t) => t === basename(file).toLowerCase());
    if (table) tables.set(table, file);
  }
  for (const required of ['subjects.csv', 'subject_names.csv'] as const) {
    if (!tables.has(required)) throw new ImportError(`${required} missing from the derived UK Sanctions List tables`, { file: required });
  }
  return tables;
}

/** Rows of one table as records by column name, after checking its header. */
async function* tableRows(file: string, table: Table, ctx: ReadContext): AsyncGenerator<{ get: (c: string) => string | null; line: number }> {
  const name = basename(file);
  let columns: Map<string, number> | null = null;
  for await (const { fields, line } of csvRows(file, { onBytes: ctx.progress })) {
    if (!columns) {
      columns = new Map(fields.map((f, i) => [f.trim(), i]));
      const missing = HEADERS[table].filter((c) => !columns!.has(c));
      if (missing.length) throw new ImportError(`missing column(s) ${missing.join(', ')}`, { file: name, line, field: missing[0] });
      continue;
    }
    const index = columns;
    yield { line, get: (c) => cleanText(fields[index.get(c) ?? -1]) };
  }
}

async function readSubjects(file: string, ctx: ReadContext): Promise<Map<string, Subject>> {
  const subjects = new Map<string, Subject>();
  const name = basename(file);
  for await (const row of tableRows(file, 'subjects.csv', ctx)) {
    const uniqueId = row.get('unique_id');
    if (!uniqueId) throw new ImportError('subject without unique_id', { file: name, line: row.line, field: 'unique_id' });
    const type = row.get('subject_type') ?? '';
    let schema = UK_SCHEMATA[type.toLowerCase()];
    if (!schema) {
      ctx.warn({ file: name, line: row.line, field: 'subject_type', message: `unknown subject_type '${type}'; read as LegalEntity` });
      schema = 'LegalEntity';
    }
    subjects.set(uniqueId, {
      uniqueId,
      schema,
      line: row.line,
      unscId: row.get('un_reference_number'),
      groupId: row.get('ofsi_group_id'),
      designated: row.get('date_designated'),
      names: new Map(),
      facts: new Map(),
    });
  }
  return subjects;
}

/** Apply one detail table to the subjects it names; rows of unknown subjects are reported. */
async function readDetails(file: string, table: Table, subjects: Map<string, Subject>, ctx: ReadContext): Promise<void> {
  for await (const row of tableRows(file, table, ctx)) {
    const subject = subjects.get(row.get('unique_id') ?? '');
    if (!subject) {
      ctx.warn({ file: basename(file), line: row.line, field: 'unique_id', message: `unknown subject '${row.get('unique_id') ?? ''}'; row skipped` });
      continue;
    }
    if (table === 'subject_names.csv') {
      const given = ['name_1', 'name_2', 'name_3', 'name_4', 'name_5'].map((c) => row.get(c));
      const value = row.get('full_name') ?? ukFullName(given, row.get('name_6'), subject.schema);
      const kind = nameKind(row.get('name_type') ?? '', row.get('alias_strength') ?? '');
      if (value) addUkName(subject.names, { kind, value, lang: null });
    } else if (table === 'subject_dobs.csv') {
      addFact(subject, 'birthDate', [row.get('year'), row.get('month'), row.get('day')].filter(Boolean).join('-'));
    } else if (table === 'subject_identifiers.csv') {
      const prop = IDENTIFIER_PROPS[row.get('identifier_type') ?? ''] ?? 'idNumber';
      const value = row.get('raw_value');
      addFact(subject, prop, prop === 'imoNumber' && value ? imoNumber(value) : value);
      const info = row.get('additional_info');
      if (info) addFact(subject, 'notes', `${row.get('raw_value')}: ${info}`);
    } else if (table === 'subject_countries.csv') {
      const prop = COUNTRY_PROPS[row.get('country_type') ?? ''] ?? 'country';
      addFact(subject, prop, row.get('iso') ?? row.get('raw_value'));
    }
  }
}

function subjectEntities(subject: Subject, dataset: string, file: string): SourceEntity[] {
  if (subject.names.size === 0) throw new ImportError(`subject ${subject.uniqueId} has no name in subject_names.csv`, { file, line: subject.line, field: 'unique_id' });
  const id = entityId(dataset, subject.uniqueId);
  const b = new EntityBuilder(id, subject.schema);
  for (const { prop, value } of namesInOrder(subject.names.values())) b.add(prop, value);
  for (const [prop, values] of subject.facts) for (const value of values) addOrNote(b, prop, value);
  b.add('sourceUrl', SOURCE_URL);
  b.add('topics', 'sanction');
  const regimeCode = /^[A-Z]+/u.exec(subject.uniqueId)?.[0] ?? null;
  const sanction = ukSanction(
    id,
    { authority: AUTHORITY.UK, program: regimeCode, programId: regimeCode, listingDate: ukDate(subject.designated), unscId: subject.unscId, sourceUrl: SOURCE_URL },
    { authorityIds: [subject.uniqueId, subject.groupId] },
  );
  return [b.build(), sanction];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const tables = tableFiles(ctx.files);
  const subjectsFile = tables.get('subjects.csv')!;
  const subjects = await readSubjects(subjectsFile, ctx);
  for (const table of TABLES.slice(1)) {
    const file = tables.get(table);
    if (file) await readDetails(file, table, subjects, ctx);
  }
  for (const subject of subjects.values()) yield* subjectEntities(subject, ctx.dataset, basename(subjectsFile));
}

export const ukFcdoDerivedCsvFormat: ListFormat = {
  name: 'uk_fcdo_derived_csv',
  dataset: 'gb_fcdo_derived',
  title: 'UK Sanctions List (FCDO) as normalised tables by covyr/uk-sanctions-list (not official)',
  spec: 'covyr/uk-sanctions-list tables (subjects.csv + subject_*.csv), data to 2026-04-29; a student normalisation, not an official format',
  detect(names, head) {
    if (!names.includes('subjects.csv') || !names.includes('subject_names.csv')) return false;
    const firstLine = head.toString('utf8').split(/\r?\n/u, 1)[0].replace(/^\ufeff/u, '');
    return Object.values(HEADERS).some((columns) => firstLine.startsWith(columns.join(',')));
  },
  read,
};
