// EU sanctions transcribed from the Official Journal (OpenSanctions' journal_sanctions data).
// Spec: FORMAT.md beside the files (shared/data/raw/eu_journal/opensanctions_2026-08-22).
// - `consolidated/{CELEX}.csv`: one framework act's annexes as consolidated on a date pinned
//   outside these files (the dataset YAML), so the files state no publication date of their own.
// - `amendments/{CELEX}.csv`: the additions and modifications of later amending acts, not yet in
//   the consolidated snapshot ("the consolidated snapshot that will supersede them"). FORMAT.md:
//   they encode positive state only, a modified entry is printed whole. So an amendment's entry
//   replaces the consolidated entry with the same legal key, and a new one is added; the later
//   amending act (higher CELEX) wins.
// One row is one entry of one annex under one measure. Rows of the same entry (repeated per
// measure, or printed twice as the Al-Qaida annex does) make one entity with one Sanction per
// measure.
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { parse as parseSync } from 'csv-parse/sync';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { commonSchema, propertyType } from '../model/ftm.js';
import { entityId, slug } from '../model/ids.js';
import { cleanText } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { csvRows, isGzip, readHead } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

type Kind = 'consolidated' | 'amendment';

const LEAD_COLUMNS: Record<Kind, string[]> = { consolidated: ['celex'], amendment: ['amendedCelex', 'amendmentCelex'] };
const METADATA_COLUMNS = ['recordId', 'programKey', 'annex', 'measure', 'startDate', 'reason'];
const REQUIRED_COLUMNS = [...METADATA_COLUMNS, 'schema', 'name'];
const NAME_COLUMNS = ['alias', 'weakAlias', 'previousName'];
// The entity columns FORMAT.md defines after the names; each is the FtM property of that name.
const PROPERTY_COLUMNS = [
  'country', 'nationality', 'jurisdiction', 'birthDate', 'birthPlace', 'position', 'passportNumber', 'gender', 'appearance',
  'ethnicity', 'fatherName', 'motherName', 'incorporationDate', 'legalForm', 'sector', 'registrationNumber', 'taxNumber',
  'idNumber', 'innCode', 'ogrnCode', 'kppCode', 'okpoCode', 'leiCode', 'swiftBic', 'ticker', 'imoNumber', 'mmsi', 'flag',
  'address', 'phone', 'email', 'website', 'notes',
];
// Scalar columns of the listing, never split and never entity properties.
const LISTING_COLUMNS = new Set(['celex', 'amendedCelex', 'amendmentCelex', ...REQUIRED_COLUMNS]);
const SCHEMATA = new Set(['Person', 'LegalEntity', 'Organization', 'Company', 'Vessel', 'Asset']);

// The regime each framework act implements, by its title in the Official Journal (several acts
// share one OpenSanctions programKey: EU-IRN is three Iran regimes, EU-UKR two Ukraine ones).
const REGIMES: Record<string, string> = {
  '32001R2580': 'Terrorism (CP 931)',
  '32002R0881': "ISIL (Da'esh) and Al-Qaida (UN list)",
  '32003R1210': 'Iraq',
  '32004R0314': 'Zimbabwe',
  '32005R1183': 'Democratic Republic of the Congo',
  '32006R0305': 'Lebanon (assassination of Rafiq Hariri)',
  '32006R0765': 'Belarus',
  '32009R1284': 'Guinea',
  '32010D0573': 'Moldova (Transnistrian region)',
  '32010R0356': 'Somalia',
  '32011D0173': 'Bosnia and Herzegovina',
  '32011R0101': 'Tunisia (misappropriation of state funds)',
  '32011R0359': 'Iran (human rights)',
  '32011R0753': 'Afghanistan (Taliban)',
  '32012R0036': 'Syria',
  '32012R0267': 'Iran (nuclear proliferation)',
  '32012R0377': 'Guinea-Bissau',
  '32013R0401': 'Myanmar/Burma',
  '32014R0208': 'Ukraine (misappropriation of state funds)',
  '32014R0224': 'Central African Republic',
  '32014R0269': 'Ukraine (territorial integrity)',
  '32014R0747': 'Sudan',
  '32014R0833': 'Russia (sectoral measures)',
  '32014R1352': 'Yemen',
  '32015R0735': 'South Sudan',
  '32015R1755': 'Burundi',
  '32016R0044': 'Libya',
  '32016R1686': "ISIL (Da'esh) and Al-Qaida (EU list)",
  '32017R1509': 'North Korea (DPRK)',
  '32017R1770': 'Mali',
  '32017R2063': 'Venezuela',
  '32018R1542': 'Chemical weapons',
  '32019R0796': 'Cyber-attacks',
  '32019R1716': 'Nicaragua',
  '32019R1890': 'Turkey (drilling in the Eastern Mediterranean)',
  '32020R1998': 'Global human rights',
  '32022R2309': 'Haiti',
  '32023R0888': 'Moldova (destabilisation)',
  '32023R1529': 'Iran (drones and missiles)',
  '32023R2147': 'Sudan (destabilisation)',
  '32023R2406': 'Niger',
  '32024R0287': 'Guatemala',
  '32024R0386': 'Hamas and Palestinian Islamic Jihad',
  '32024R1485': 'Russia (human rights)',
  '32024R2642': 'Russia (hybrid threats)',
};

interface Row {
  /** The framework act whose annex lists the entry. */
  framework: string;
  /** The act the row was transcribed from: the framework, or the amending act. */
  act: string;
  values: Map<string, string>;
  file: string;
  line: number;
}

function isCsv(path: string): boolean {
  return /\.csv(\.gz)?$/iu.test(path);
}

function csvIn(dir: string): string[] {
  return readdirSync(dir)
    .filter(isCsv)
    .sort()
    .map((name) => join(dir, name));
}

/** The CSV files named, with a folder standing for its consolidated/ and amendments/ CSVs. */
function expandInputs(paths: string[]): string[] {
  return paths.flatMap((path) => {
    if (!statSync(path).isDirectory()) return isCsv(path) ? [path] : [];
    const parts = ['consolidated', 'amendments'].map((sub) => join(path, sub)).filter((sub) => statSync(sub, { throwIfNoEntry: false })?.isDirectory());
    return parts.length > 0 ? parts.flatMap(csvIn) : csvIn(path);
  });
}

/** The header line of a (possibly gzipped) file, read without streaming the whole file. */
function headerLine(file: string): string {
  let head = readHead(file, 8192);
  if (isGzip(head)) head = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  return head.toString('utf8').replace(/^\ufeff/u, '').split(/\r?\n/u)[0];
}

function kindOf(file: string): Kind {
  const first = headerLine(file).split(',')[0];
  if (first === 'celex') return 'consolidated';
  if (first === 'amendedCelex') return 'amendment';
  throw new ImportError(`not an EU journal CSV: the header starts with '${first}', not celex or amendedCelex`, { file: basename(file), line: 1 });
}

function checkHeader(fields: string[], kind: Kind, file: string, ctx: ReadContext): void {
  const missing = [...LEAD_COLUMNS[kind], ...REQUIRED_COLUMNS].filter((c) => !fields.includes(c));
  if (missing.length) throw new ImportError(`not an EU journal CSV: missing column(s) ${missing.join(', ')}`, { file, line: 1 });
  const known = new Set([...LEAD_COLUMNS[kind], ...REQUIRED_COLUMNS, ...NAME_COLUMNS, ...PROPERTY_COLUMNS]);
  const unknown = fields.filter((c) => !known.has(c));
  if (unknown.length) ctx.warn({ file, line: 1, message: `column(s) not in FORMAT.md, kept as notes: ${unknown.join(', ')}` });
}

async function* fileRows(path: string, kind: Kind, ctx: ReadContext): AsyncGenerator<Row> {
  const file = basename(path);
  let header: string[] | null = null;
  for await (const { fields, line } of csvRows(path, { onBytes: ctx.progress })) {
    if (!header) {
      checkHeader(fields, kind, file, ctx);
      header = fields;
      continue;
    }
    if (fields.length !== header.length) throw new ImportError(`expected ${header.length} fields, found ${fields.length}`, { file, line });
    const values = new Map<string, string>();
    header.forEach((column, i) => {
      const value = cleanText(fields[i]);
      if (value) values.set(column, value);
    });
    const [frameworkColumn, actColumn] = kind === 'consolidated' ? ['celex', 'celex'] : ['amendedCelex', 'amendmentCelex'];
    for (const column of [frameworkColumn, actColumn, 'programKey', 'measure', 'name']) {
      if (!values.has(column)) throw new ImportError(`row without ${column}`, { file, line, field: column });
    }
    const schema = values.get('schema') ?? '';
    if (!SCHEMATA.has(schema)) throw new ImportError(`unknown schema '${schema}'`, { file, line, field: 'schema' });
    yield { framework: values.get(frameworkColumn)!, act: values.get(actColumn)!, values, file, line };
  }
  if (!header) throw new ImportError('empty file: no header', { file, line: 1 });
}

/** "Foo; Bar" and `"Foo; Bar"; Baz` → the values, as FORMAT.md defines multi-value cells. */
function multi(cell: string | undefined): string[] {
  if (!cell) return [];
  if (!cell.includes(';')) return [cell];
  try {
    const parsed = parseSync(cell, { delimiter: ';', trim: true, relax_quotes: true }) as string[][];
    return (parsed[0] ?? []).filter(Boolean);
  } catch {
    // A cell whose quoting breaks the contract is kept whole rather than guessed at.
    return [cell];
  }
}

function family(schema: string): string {
  return schema === 'Person' || schema === 'Vessel' || schema === 'Asset' ? schema.toLowerCase() : 'entity';
}

/**
 * The legal key of an entry: framework act, annex, the entry number printed in the annex, and
 * the kind of subject (FORMAT.md lets persons and entities share a number within an annex).
 * Entry numbers stay with their entry when an annex is amended (deleted entries leave a gap);
 * an entry printed without a number is keyed by its name instead.
 */
function entryId(row: Row, dataset: string): string {
  const v = (column: string) => row.values.get(column);
  return entityId(dataset, row.framework, v('annex'), v('recordId') ?? v('name'), family(v('schema')!));
}

function eurLex(celex: string): string {
  return `https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:${celex}`;
}

function addRow(b: EntityBuilder, row: Row): void {
  const name = row.values.get('name')!;
  // A second printing of an entry may spell the name differently: that spelling is an alias.
  if (!b.values('name').includes(name)) b.add(b.has('name') ? 'alias' : 'name', name, { lang: languageOf(name) });
  for (const column of NAME_COLUMNS) {
    for (const alias of multi(row.values.get(column))) if (alias !== name) b.add(column, alias, { lang: languageOf(alias) });
  }
  for (const [column, cell] of row.values) {
    if (LISTING_COLUMNS.has(column) || NAME_COLUMNS.includes(column)) continue;
    // FORMAT.md allows only properties of the row's schema; anything else is kept as a note.
    if (propertyType(b.schema, column) !== null) b.add(column, multi(cell));
    else b.add('notes', `${column}: ${cell}`);
  }
  b.add('sourceUrl', eurLex(row.act));
}

/** One Sanction per measure: FORMAT.md repeats an entry's row for each measure it is under. */
function sanctionsOf(subjectId: string, rows: Row[]): SourceEntity[] {
  const byMeasure = new Map<string, Row[]>();
  for (const row of rows) {
    const measure = row.values.get('measure')!;
    byMeasure.set(measure, [...(byMeasure.get(measure) ?? []), row]);
  }
  return [...byMeasure].map(([measure, group]) => {
    const first = (column: string) => group.map((r) => r.values.get(column)).find(Boolean) ?? null;
    const { framework, act } = group[0];
    const annex = first('annex');
    const recordId = first('recordId');
    const fields = {
      authority: AUTHORITY.EU,
      program: REGIMES[framework] ?? first('programKey'),
      programId: first('programKey'),
      // The measure tells an asset freeze from an export-control or transport listing.
      provisions: measure,
      listingDate: first('startDate'),
      reason: cleanText([...new Set(group.map((r) => r.values.get('reason')))].join(' ')),
      authorityId: [framework, annex && `Annex ${annex}`, recordId && `entry ${recordId}`].filter(Boolean).join(' '),
      sourceUrl: eurLex(act),
    };
    return sanctionEntity(subjectId, fields, slug(measure));
  });
}

function build(rows: Row[], id: string): SourceEntity[] {
  // Printings of one entry may differ in schema (LegalEntity, Company): take the most specific
  // one they share; properties it lacks become notes.
  const schemata = rows.map((r) => r.values.get('schema')!);
  const schema = schemata.reduce<string>((a, s) => commonSchema(a, s) ?? a, schemata[0]);
  const b = new EntityBuilder(id, schema);
  for (const row of rows) addRow(b, row);
  b.add('topics', 'sanction');
  return [b.build(), ...sanctionsOf(id, rows)];
}

/** Rows of one file grouped by entry, in the order entries first appear. */
async function entriesOf(path: string, kind: Kind, ctx: ReadContext): Promise<Map<string, Row[]>> {
  const entries = new Map<string, Row[]>();
  for await (const row of fileRows(path, kind, ctx)) {
    const id = entryId(row, ctx.dataset);
    const group = entries.get(id);
    if (!group) {
      entries.set(id, [row]);
      continue;
    }
    if (family(group[0].values.get('schema')!) !== family(row.values.get('schema')!)) {
      throw new ImportError(`entry ${row.values.get('recordId') ?? row.values.get('name')} of annex ${row.values.get('annex') ?? '-'} is both ${group[0].values.get('schema')} and ${row.values.get('schema')}`, { file: row.file, line: row.line, field: 'schema' });
    }
    const same = group.find((r) => r.values.get('measure') === row.values.get('measure'));
    if (same) ctx.warn({ file: row.file, line: row.line, message: `entry printed again in the annex (first at line ${same.line}); merged` });
    group.push(row);
  }
  return entries;
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const files = expandInputs(ctx.files);
  if (files.length === 0) throw new ImportError('no CSV files of the EU journal set', { file: basename(ctx.files[0] ?? '') });
  const kinds = new Map(files.map((f) => [f, kindOf(f)]));
  const byCelex = (a: string, b: string) => basename(a).localeCompare(basename(b));
  // Amendment files are small (one act each): hold their entries, later acts over earlier ones.
  const amended = new Map<string, Row[]>();
  for (const file of files.filter((f) => kinds.get(f) === 'amendment').sort(byCelex)) {
    for (const [id, rows] of await entriesOf(file, 'amendment', ctx)) amended.set(id, rows);
  }
  // A consolidated file is one act's annexes (at most a few MB): grouped in memory, then emitted.
  for (const file of files.filter((f) => kinds.get(f) === 'consolidated')) {
    for (const [id, rows] of await entriesOf(file, 'consolidated', ctx)) {
      const replacement = amended.get(id);
      amended.delete(id);
      yield* build(replacement ?? rows, id);
    }
  }
  for (const [id, rows] of amended) yield* build(rows, id);
}

export const euJournalCsvFormat: ListFormat = {
  name: 'eu_journal_csv',
  dataset: 'eu_journal',
  title: 'EU sanctions from the Official Journal (transcribed CSV)',
  spec: 'FORMAT.md of OpenSanctions journal_sanctions (consolidated + amendment CSVs), snapshot 2026-08-22',
  detect(names, head) {
    const first = head.toString('utf8').replace(/^\ufeff/u, '').split(/\r?\n/u)[0];
    return names.some(isCsv) && /^(celex|amendedCelex,amendmentCelex),recordId,programKey,/u.test(first);
  },
  read,
};
