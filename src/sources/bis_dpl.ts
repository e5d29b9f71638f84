// BIS Denied Persons List, the official tab-separated dpl.txt with a quoted header (Name,
// Street_Address, City, State, Country, Postal_Code, Effective_Date, Expiration_Date,
// Standard_Order, Last_Update, Action, FR_Citation). Written against the real copy of 2023-11-30
// in shared/data/raw/bis_dpl. Dates are MM/DD/YYYY; the file states no publication date (the
// per-row Last_Update is not one), so none is set.
//
// One denial order is one party: the rows with the same name and effective date are the
// addresses of one listing. The list has no ids. The key is the name and the first Federal
// Register citation of the order (the notice that imposed it, e.g. "80 F.R. 30435"), not the
// effective date nor the whole citation cell: temporary denial orders are renewed every year,
// and each renewal moves Effective_Date and appends a citation, while the first one stays (the
// cell also differs by typos between rows of one order). The effective date stands in when no
// citation is given. The same name in two orders (I. ASH, 2002 and 2003) is two listings; two
// spellings that make the same id ("AL NASER AIRLINES", "AL-NASER  AIRLINES") are one.
//
// The list does not say whether a party is a person or a company. Names with a company's legal
// form (", INC.", " LLC", " S.A.") are Companies; the rest stay LegalEntity. A prison address would
// mark a person, but it changes when the person is released, and the schema of an id must not.
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { cleanText, parseDate } from '../model/values.js';
import { AUTHORITY } from './authorities.js';
import { csvRows } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const COLUMNS = ['Name', 'Street_Address', 'City', 'State', 'Country', 'Postal_Code', 'Effective_Date', 'Expiration_Date', 'Standard_Order', 'Last_Update', 'Action', 'FR_Citation'] as const;
type Column = (typeof COLUMNS)[number];
type Row = Record<Column, string | null> & { line: number };

const SOURCE_URL = 'https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/denied-persons-list';
const ADDRESS_COLUMNS: Column[] = ['Street_Address', 'City', 'State', 'Postal_Code', 'Country'];
const LEGAL_FORM = /(?:^|[\s,])(?:INC|LLC|L\.L\.C|LTD|LIMITED|CORP|CORPORATION|CO|COMPANY|GMBH|S\.A|S\.L|S\.R\.L|JSC|PLC|LLP|B\.V)\.?,?$/iu;
// A Federal Register citation: volume, "F.R." (written many ways: "F.R.", "FR.", "81.F.R."), page.
const FR_CITATION = /(\d+)\s*\.?\s*F\.?\s*R\.?\s*(\d+)/iu;

/** "ANNEXFIELD , LTD." → "ANNEXFIELD, LTD."; a trailing comma dropped ("UTAIR AVIATION JSC,"). */
function cleanName(raw: string | null): string | null {
  return cleanText(raw?.replace(/\s+,/gu, ',').replace(/,\s*$/u, ''));
}

/** The names a listing is known by besides its own: "D/B/A" trade names, "(A.K.A. …)", "nicknames". */
function otherNames(name: string): { alias: string[]; weakAlias: string[] } {
  const alias: string[] = [];
  const weakAlias: string[] = [];
  const dba = /^(.+?)\s+D\/B\/A\s+(.+)$/iu.exec(name);
  if (dba) alias.push(dba[1], dba[2]);
  const aka = /^(.*?)\s*\(A\.?K\.?A\.?\s+([^)]+)\)\s*(.*)$/iu.exec(name);
  if (aka) alias.push(aka[2], cleanText(`${aka[1]} ${aka[3]}`) ?? '');
  const nickname = /^(.*?)\s*"([^"]+)"\s*(.*)$/u.exec(name);
  if (nickname) {
    weakAlias.push(nickname[2]);
    alias.push(cleanText(`${nickname[1]} ${nickname[3]}`) ?? '');
  }
  return { alias: alias.filter(Boolean), weakAlias };
}

function readRow(fields: string[], header: Map<Column, number>, line: number): Row {
  const row = { line } as Row;
  for (const column of COLUMNS) row[column] = cleanText(fields[header.get(column)!]);
  row.Name = cleanName(row.Name);
  return row;
}

function firstCitation(citations: string | null): string | null {
  const m = FR_CITATION.exec(citations ?? '');
  return m ? `${m[1]} FR ${m[2]}` : null;
}

class DplReader {
  private readonly file: string;

  constructor(private readonly ctx: ReadContext) {
    this.file = basename(ctx.files[0]);
  }

  /** A date column as ISO; a value that is no MM/DD/YYYY date is reported and left out. */
  private date(row: Row, column: Column): string | null {
    const raw = row[column];
    const iso = parseDate(raw, 'MDY');
    if (raw && !iso) this.ctx.warn({ file: this.file, line: row.line, field: column, message: `'${raw}' is not a MM/DD/YYYY date; left out` });
    return iso;
  }

  build(id: string, rows: Row[]): SourceEntity[] {
    const first = rows[0];
    const name = first.Name!;
    const b = new EntityBuilder(id, LEGAL_FORM.test(name) ? 'Company' : 'LegalEntity');
    b.add('name', name);
    for (const row of rows) {
      // Spellings that share an id ("AL NASER AIRLINES", "AL-NASER  AIRLINES") are one order.
      if (row.Name !== name) b.add('alias', row.Name);
      const { alias, weakAlias } = otherNames(row.Name!);
      b.add('alias', alias).add('weakAlias', weakAlias);
    }
    for (const row of rows) {
      b.add('address', ADDRESS_COLUMNS.map((c) => row[c]).filter(Boolean).join(', '));
      b.add('country', row.Country);
    }
    b.add('topics', 'sanction');
    const standard = first.Standard_Order?.toUpperCase();
    const sanction = sanctionEntity(id, {
      authority: AUTHORITY.US_COMMERCE,
      program: 'Denied Persons List',
      startDate: this.date(first, 'Effective_Date'),
      endDate: this.date(first, 'Expiration_Date'),
      provisions: [standard === 'Y' ? 'Standard denial order' : standard === 'N' ? 'Non-standard denial order' : null, first.Action && `last action: ${first.Action}`].filter(Boolean).join('; '),
      authorityId: first.FR_Citation,
      sourceUrl: SOURCE_URL,
    });
    return [b.build(), sanction];
  }
}

/** Column positions from the header line; a missing column means this is not the DPL file. */
function headerColumns(fields: string[], file: string, line: number): Map<Column, number> {
  const missing = COLUMNS.filter((c) => !fields.includes(c));
  if (missing.length > 0) throw new ImportError(`not in the BIS Denied Persons List layout: missing column(s) ${missing.join(', ')}`, { file, line, field: missing[0] });
  return new Map(COLUMNS.map((c) => [c, fields.indexOf(c)]));
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = basename(ctx.files[0]);
  let header: Map<Column, number> | null = null;
  let width = 0;
  let short: { line: number; count: number } | null = null;
  // The whole list is under 1,000 rows: its orders are grouped in memory by id, in file order.
  const orders = new Map<string, Row[]>();
  for await (const { fields, line } of csvRows(ctx.files[0], { delimiter: '\t', encoding: 'auto', onBytes: ctx.progress })) {
    if (!header) {
      header = headerColumns(fields, file, line);
      width = fields.length;
      continue;
    }
    // A short row is a cut-off download when it is the last one, and a broken file otherwise.
    if (short) throw new ImportError(`expected ${width} tab-separated fields, found ${short.count}`, { file, line: short.line });
    if (fields.length < width) {
      short = { line, count: fields.length };
      continue;
    }
    if (fields[0] === 'Name' && fields[1] === 'Street_Address') {
      ctx.warn({ file, line, message: 'header line repeated; skipped' });
      continue;
    }
    const row = readRow(fields, header, line);
    if (!row.Name) throw new ImportError('row without a name', { file, line, field: 'Name' });
    const id = entityId(ctx.dataset, row.Name, firstCitation(row.FR_Citation) ?? row.Effective_Date);
    const order = orders.get(id);
    if (!order) orders.set(id, [row]);
    else if (order[0].Effective_Date === row.Effective_Date) order.push(row);
    else ctx.warn({ file, line, field: 'Effective_Date', message: `${row.Name}: order ${firstCitation(row.FR_Citation)} listed again with another effective date; the first is kept` });
  }
  if (!header) throw new ImportError('empty file: no header line', { file, line: 1 });
  if (short) ctx.warn({ file, line: short.line, message: `last row cut off (${short.count} of ${width} fields); skipped` });
  const reader = new DplReader(ctx);
  for (const [id, rows] of orders) yield* reader.build(id, rows);
}

export const bisDplFormat: ListFormat = {
  name: 'bis_dpl',
  dataset: 'us_bis_dpl',
  title: 'BIS Denied Persons List (dpl.txt)',
  spec: 'BIS dpl.txt, tab-separated with a quoted header; real sample of 2023-11-30',
  detect(_names, head) {
    return /^\uFEFF?"?Name"?\t"?Street_Address"?\t/u.test(head.toString('utf8'));
  },
  read,
};
