// The State Department's Nonproliferation Sanctions (ISN) table as ITA published it in CSV.
// Two layouts: 2016 (`Source List,Programs,Name,Alternative Names,Country,Federal Register
// Notice,Effective Date,Remarks/Notes,Web Link`, the one the CSL importer still reads) and the
// 2014 legacy one (`Programs,Name,Address,Country,Federal Register Notice,Effective Date,Date
// Lifted/Waived/Expired`, ASCII with stray 0xFF bytes used as spaces). One row is one
// sanction; rows of the same name and country are one party with several sanctions.
// The table does not say person or company, so parties are LegalEntity.
// Samples: shared/data/raw/us_isn (2014-10-27 legacy, 2016-12-02).
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId, slug } from '../model/ids.js';
import { cleanText, parseDate } from '../model/values.js';
import { AUTHORITY } from './authorities.js';
import { csvRows } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const REQUIRED = ['Programs', 'Name', 'Federal Register Notice', 'Effective Date'];
const SOURCE_URL = 'https://www.state.gov/key-topics-bureau-of-international-security-and-nonproliferation/nonproliferation-sanctions/';

type Row = { get: (c: string) => string | null; line: number };

function build(rows: Row[], dataset: string): SourceEntity[] {
  const first = rows[0];
  const id = entityId(dataset, first.get('Name'), first.get('Country'));
  const b = new EntityBuilder(id, 'LegalEntity');
  const out: SourceEntity[] = [];
  for (const row of rows) {
    b.add('name', row.get('Name'));
    b.add('alias', (row.get('Alternative Names') ?? '').split(/;\s*/u));
    b.add('address', row.get('Address'));
    b.add('country', row.get('Country'));
    b.add('notes', row.get('Remarks/Notes'));
  }
  b.add('topics', 'sanction');
  out.push(b.build());
  const keys = new Set<string>();
  for (const row of rows) {
    const notice = row.get('Federal Register Notice');
    const key = slug(`${notice ?? ''}-${row.get('Programs') ?? ''}`).slice(0, 40) || String(row.line);
    if (keys.has(key)) continue;
    keys.add(key);
    out.push(
      sanctionEntity(
        id,
        {
          authority: AUTHORITY.US_STATE,
          program: (row.get('Programs') ?? '').split(/;\s*/u),
          startDate: parseDate(row.get('Effective Date'), 'MDY'),
          listingDate: parseDate(row.get('Effective Date'), 'MDY'),
          endDate: parseDate(row.get('Date Lifted/Waived/Expired'), 'MDY'),
          authorityId: notice,
          sourceUrl: row.get('Web Link') ?? SOURCE_URL,
        },
        key,
      ),
    );
  }
  return out;
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = basename(ctx.files[0]);
  let header: string[] | null = null;
  let legacy = false;
  const parties = new Map<string, Row[]>();
  for await (const { fields, line } of csvRows(ctx.files[0], { encoding: 'auto', onBytes: ctx.progress })) {
    if (!header) {
      const missing = REQUIRED.filter((c) => !fields.includes(c));
      if (missing.length) throw new ImportError(`not an ISN sanctions table: missing column(s) ${missing.join(', ')}`, { file, line });
      header = fields;
      legacy = !fields.includes('Source List');
      continue;
    }
    const columns = header;
    // The legacy file uses 0xFF (ÿ once decoded) where a space belongs ("7th\xffof Tir").
    const value = (c: string) => {
      const raw = fields[columns.indexOf(c)];
      return columns.includes(c) ? cleanText(legacy ? raw?.replace(/ÿ/gu, ' ') : raw) : null;
    };
    if (!value('Name')) throw new ImportError('row without a name', { file, line, field: 'Name' });
    const key = `${value('Name')}|${value('Country') ?? ''}`.toLowerCase();
    const row = { get: value, line };
    const list = parties.get(key);
    if (list) list.push(row);
    else parties.set(key, [row]);
  }
  if (!header) throw new ImportError('empty file', { file });
  for (const rows of parties.values()) yield* build(rows, ctx.dataset);
}

export const usIsnCsvFormat: ListFormat = {
  name: 'us_isn_csv',
  dataset: 'us_state_isn',
  title: 'US State Department Nonproliferation Sanctions (ISN), CSV',
  spec: 'ITA isn.csv, 2016 layout (as read by the CSL importer) and the 2014 legacy layout',
  detect(_names, head) {
    const first = head.toString('latin1').split(/\r?\n/u)[0];
    return /^(Source List,)?Programs,Name,/u.test(first) && /Federal Register Notice/u.test(first);
  },
  read,
};
