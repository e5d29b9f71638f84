// OFSI Consolidated List as CSV (ConList.csv): a "Last Updated,DD/MM/YYYY" line, then the
// header, then one row per name of a party. Older files are Windows-1252 with CRLF.
// Samples: shared/data/raw/uk_ofsi (2016), uk_ofsi_conlist (2020 complete; a 2022-layout sample).
import { basename } from 'node:path';
import type { SourceEntity } from '../model/entity.js';
import { cleanText } from '../model/values.js';
import { csvRows } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';
import { GroupCollector, headerIndex, lastUpdated } from './uk_ofsi_rows.js';

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = ctx.files[0];
  const name = basename(file);
  let index: Map<string, number> | null = null;
  const groups = new GroupCollector(name);
  for await (const { fields, line } of csvRows(file, { encoding: 'auto', onBytes: ctx.progress })) {
    if (!index) {
      const date = lastUpdated(fields);
      if (date) {
        ctx.setPublished(date);
        continue;
      }
      index = headerIndex(fields, name, line);
      continue;
    }
    if (fields.every((f) => !f.trim())) continue;
    const columns = index;
    groups.add({ get: (column) => (columns.has(column) ? cleanText(fields[columns.get(column)!]) : null), line });
  }
  if (!index) throw new ImportError('no header row found', { file: name });
  yield* groups.entities(ctx.dataset);
}

export const ukOfsiCsvFormat: ListFormat = {
  name: 'uk_ofsi_csv',
  dataset: 'gb_hmt_ofsi',
  title: 'UK OFSI Consolidated List (ConList.csv)',
  spec: 'OFSI ConList.csv, pre-2022 (29 columns) and 2022 (36 columns) layouts; samples 2016, 2020 and a 2022-layout sample',
  detect(_names, head) {
    const text = head.toString('latin1');
    return /^(\ufeff|ï»¿)?Last Updated,/u.test(text) && /Name 6,Name 1/u.test(text) && /Group ID/u.test(text);
  },
  read,
};
