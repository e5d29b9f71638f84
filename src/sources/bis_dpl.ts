// BIS Denied Persons List, the official tab-separated file (dpl.txt) with a quoted header
// (Name, Street_Address, City, State, Country, Postal_Code, Effective_Date, Expiration_Date,
// Standard_Order, Last_Update, Action, FR_Citation). Dates are MM/DD/YYYY. The list has no ids
// and does not say person or company: a denial order is one party (name + effective date +
// FR citation), possibly over several address rows. Sample: shared/data/raw/bis_dpl (2023-11-30).
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { cleanText, parseDate } from '../model/values.js';
import { AUTHORITY } from './authorities.js';
import { csvRows } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const COLUMNS = ['Name', 'Street_Address', 'City', 'State', 'Country', 'Postal_Code', 'Effective_Date', 'Expiration_Date', 'Standard_Order', 'Last_Update', 'Action', 'FR_Citation'];
const SOURCE_URL = 'https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/denied-persons-list';

type Row = Map<string, string | null>;

function build(rows: Row[], dataset: string): SourceEntity[] {
  const first = rows[0];
  const get = (c: string) => first.get(c) ?? null;
  const id = entityId(dataset, get('Name'), get('Effective_Date'), get('FR_Citation'));
  const b = new EntityBuilder(id, 'LegalEntity');
  b.add('name', get('Name'));
  for (const row of rows) {
    b.add('address', ['Street_Address', 'City', 'State', 'Postal_Code', 'Country'].map((c) => row.get(c)).filter(Boolean).join(', ') || null);
    b.add('country', row.get('Country'));
  }
  b.add('topics', 'sanction');
  const sanction = sanctionEntity(id, {
    authority: AUTHORITY.US_COMMERCE,
    program: 'Denied Persons List',
    startDate: parseDate(get('Effective_Date'), 'MDY'),
    listingDate: parseDate(get('Effective_Date'), 'MDY'),
    endDate: parseDate(get('Expiration_Date'), 'MDY'),
    provisions: [get('Standard_Order') === 'Y' ? 'Standard order' : null, get('Action')].filter(Boolean).join('; ') || null,
    authorityId: get('FR_Citation'),
    sourceUrl: SOURCE_URL,
  });
  return [b.build(), sanction];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = basename(ctx.files[0]);
  let header: string[] | null = null;
  const orders = new Map<string, Row[]>();
  for await (const { fields, line } of csvRows(ctx.files[0], { delimiter: '\t', encoding: 'auto', onBytes: ctx.progress })) {
    if (!header) {
      const missing = COLUMNS.filter((c) => !fields.includes(c));
      if (missing.length) throw new ImportError(`not a Denied Persons List: missing column(s) ${missing.join(', ')}`, { file, line });
      header = fields;
      continue;
    }
    if (fields.length !== header.length) throw new ImportError(`expected ${header.length} tab-separated fields, found ${fields.length}`, { file, line });
    const row: Row = new Map(header.map((c, i) => [c, cleanText(fields[i])]));
    if (!row.get('Name')) throw new ImportError('row without a name', { file, line, field: 'Name' });
    const key = [row.get('Name'), row.get('Effective_Date'), row.get('FR_Citation')].join('|');
    const list = orders.get(key);
    if (list) list.push(row);
    else orders.set(key, [row]);
  }
  if (!header) throw new ImportError('empty file', { file });
  for (const rows of orders.values()) yield* build(rows, ctx.dataset);
}

export const bisDplFormat: ListFormat = {
  name: 'bis_dpl',
  dataset: 'us_bis_dpl',
  title: 'BIS Denied Persons List (dpl.txt)',
  spec: 'BIS dpl.txt, tab-separated with quoted header; sample of 2023-11-30',
  detect(_names, head) {
    return /^"?Name"?\t"?Street_Address"?\t/u.test(head.toString('latin1'));
  },
  read,
};
