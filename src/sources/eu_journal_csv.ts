// EU sanctions transcribed from the Official Journal (OpenSanctions' journal_sanctions data):
// `consolidated/{CELEX}.csv` holds each framework act's annexes as consolidated on a pinned
// date; `amendments/{CELEX}.csv` the additions and changes of later amending acts, which we
// apply on top (an amendment row replaces the consolidated row with the same legal key).
// Spec: FORMAT.md beside the files (shared/data/raw/eu_journal/opensanctions_2026-08-22).
import { basename, dirname } from 'node:path';
import { parse as parseSync } from 'csv-parse/sync';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId, sha1 } from '../model/ids.js';
import { cleanText } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { csvRows } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const CONSOLIDATED_LEAD = ['celex'];
const AMENDMENT_LEAD = ['amendedCelex', 'amendmentCelex'];
const ENTITY_COLUMNS = ['recordId', 'programKey', 'annex', 'measure', 'startDate', 'reason', 'schema', 'name'];
const NAME_COLUMNS = ['alias', 'weakAlias', 'previousName'];
// Scalar columns that describe the listing, not the entity: never entity properties.
const NOT_PROPERTIES = new Set(['celex', 'amendedCelex', 'amendmentCelex', 'recordId', 'programKey', 'annex', 'measure', 'startDate', 'reason', 'schema', 'name']);
const SCHEMATA = new Set(['Person', 'LegalEntity', 'Organization', 'Company', 'Vessel', 'Asset']);

interface Row {
  framework: string;
  actCelex: string;
  values: Map<string, string>;
  file: string;
  line: number;
}

/** "Foo; Bar" and `"Foo; Bar"; Baz` → the values, as FORMAT.md defines the multi-value cells. */
function multi(cell: string): string[] {
  if (!cell.includes(';')) return [cell.trim()].filter(Boolean);
  const parsed = parseSync(cell, { delimiter: ';', trim: true, relax_quotes: true }) as string[][];
  return (parsed[0] ?? []).map((v) => v.trim()).filter(Boolean);
}

function legalKey(row: Row): string {
  const v = (c: string) => row.values.get(c) ?? '';
  const record = v('recordId') || `n${sha1(v('name')).slice(0, 10)}`;
  return [row.framework, v('programKey'), v('annex'), v('measure'), record, v('schema')].join('|');
}

async function* fileRows(file: string, ctx: ReadContext): AsyncGenerator<Row> {
  let header: string[] | null = null;
  let kind: 'consolidated' | 'amendment' = 'consolidated';
  for await (const { fields, line } of csvRows(file, { onBytes: ctx.progress })) {
    if (!header) {
      const lead = fields[0] === 'celex' ? CONSOLIDATED_LEAD : AMENDMENT_LEAD;
      kind = lead === CONSOLIDATED_LEAD ? 'consolidated' : 'amendment';
      const missing = [...lead, ...ENTITY_COLUMNS].filter((c) => !fields.includes(c));
      if (missing.length) throw new ImportError(`not an EU journal CSV: missing column(s) ${missing.join(', ')}`, { file: basename(file), line });
      header = fields;
      continue;
    }
    if (fields.length !== header.length) throw new ImportError(`expected ${header.length} fields, found ${fields.length}`, { file: basename(file), line });
    const values = new Map<string, string>();
    header.forEach((column, i) => {
      const text = cleanText(fields[i]);
      if (text) values.set(column, text);
    });
    const framework = kind === 'consolidated' ? values.get('celex') : values.get('amendedCelex');
    if (!framework) throw new ImportError('row without its framework CELEX', { file: basename(file), line, field: kind === 'consolidated' ? 'celex' : 'amendedCelex' });
    if (!values.get('name')) throw new ImportError('row without a name', { file: basename(file), line, field: 'name' });
    const schema = values.get('schema') ?? '';
    if (!SCHEMATA.has(schema)) throw new ImportError(`unknown schema '${schema}'`, { file: basename(file), line, field: 'schema' });
    yield { framework, actCelex: kind === 'consolidated' ? framework : values.get('amendmentCelex')!, values, file: basename(file), line };
  }
}

function eurLex(celex: string): string {
  return `https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:${celex}`;
}

function build(row: Row, dataset: string): SourceEntity[] {
  const v = (c: string) => row.values.get(c) ?? null;
  // The legal key of an entry: act, programme, annex, measure, entry number (or name), schema.
  const id = entityId(dataset, row.framework, v('programKey'), v('annex'), v('measure'), v('recordId') ?? `n${sha1(v('name')).slice(0, 10)}`, v('schema'));
  const b = new EntityBuilder(id, v('schema')!);
  const name = v('name')!;
  b.add('name', name, { lang: languageOf(name) });
  for (const column of NAME_COLUMNS) for (const alias of multi(v(column) ?? '')) b.add(column, alias, { lang: languageOf(alias) });
  for (const [column, cell] of row.values) {
    if (NOT_PROPERTIES.has(column) || NAME_COLUMNS.includes(column)) continue;
    try {
      b.add(column, multi(cell));
    } catch {
      // FORMAT.md allows only properties of the row's schema; an odd one is kept as a note.
      b.add('notes', `${column}: ${cell}`);
    }
  }
  b.add('sourceUrl', eurLex(row.actCelex));
  b.add('topics', 'sanction');
  const sanction = sanctionEntity(id, {
    authority: AUTHORITY.EU,
    program: v('programKey'),
    programId: v('programKey'),
    provisions: v('measure'),
    listingDate: v('startDate'),
    startDate: v('startDate'),
    reason: v('reason'),
    authorityId: [row.framework, v('annex') ? `Annex ${v('annex')}` : null, v('recordId') ? `entry ${v('recordId')}` : null].filter(Boolean).join(' '),
    sourceUrl: eurLex(row.actCelex),
  });
  return [b.build(), sanction];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const csvFiles = ctx.files.filter((f) => f.toLowerCase().endsWith('.csv'));
  if (csvFiles.length === 0) throw new ImportError('no CSV files of the EU journal set', { file: basename(ctx.files[0]) });
  const consolidated = csvFiles.filter((f) => basename(dirname(f)) !== 'amendments');
  const amendments = csvFiles.filter((f) => basename(dirname(f)) === 'amendments').sort();
  // Amendments are few and small: hold them by legal key, let each replace its consolidated row.
  const amended = new Map<string, Row>();
  for (const file of amendments) for await (const row of fileRows(file, ctx)) amended.set(legalKey(row), row);
  const seen = new Set<string>();
  const emit = (row: Row): SourceEntity[] => {
    const entities = build(row, ctx.dataset);
    if (seen.has(entities[0].id)) {
      ctx.warn({ file: row.file, line: row.line, message: `repeated entry ${entities[0].id}; the first is kept` });
      return [];
    }
    seen.add(entities[0].id);
    return entities;
  };
  for (const file of consolidated) {
    for await (const row of fileRows(file, ctx)) {
      const key = legalKey(row);
      const replacement = amended.get(key);
      amended.delete(key);
      yield* emit(replacement ?? row);
    }
  }
  for (const row of amended.values()) yield* emit(row);
}

export const euJournalCsvFormat: ListFormat = {
  name: 'eu_journal_csv',
  dataset: 'eu_journal',
  title: 'EU sanctions from the Official Journal (transcribed CSV)',
  spec: 'FORMAT.md of OpenSanctions journal_sanctions (consolidated + amendment CSVs), snapshot 2026-08-22',
  detect(names, head) {
    const first = head.toString('utf8').split(/\r?\n/u)[0];
    const csvs = names.filter((n) => n.endsWith('.csv'));
    return csvs.length > 0 && /^(celex|amendedCelex,amendmentCelex),recordId,programKey/u.test(first);
  },
  read,
};
