// OFSI Consolidated List as CSV (ConList.csv): a "Last Updated,DD/MM/YYYY" line, the header,
// then one row per name of a party (rows → entities in uk_ofsi_rows.ts). Columns are found by
// header name, so both the pre-2022 (29 columns) and the 2022 (36 columns) layouts read.
// Files before 2022 are Windows-1252 with CRLF line ends (hence encoding 'auto').
// Samples: raw/uk_ofsi/albertodiaz_2016-03-23 and raw/uk_ofsi_conlist/deriv_2020-04-27 (complete,
// pre-2022), raw/uk_ofsi_conlist/deriv_2022format_sample (hand-made 2022 layout).
import { basename } from 'node:path';
import type { SourceEntity } from '../model/entity.js';
import { csvRows } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';
import { OfsiColumns, OfsiGroups, lastUpdated } from './uk_ofsi_rows.js';

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = ctx.files[0];
  const name = basename(file);
  const groups = new OfsiGroups(name, ctx.warn);
  let columns: OfsiColumns | null = null;
  const rows = csvRows(file, {
    encoding: 'auto',
    onBytes: ctx.progress,
    onCutOff: (line) => ctx.warn({ file: name, line, message: 'file ends inside a quoted field (cut off?); last row dropped' }),
  });
  for await (const { fields, line } of rows) {
    if (fields.every((f) => !f.trim())) continue;
    if (!columns) {
      const published = lastUpdated(fields);
      if (published) ctx.setPublished(published);
      else columns = new OfsiColumns(fields, name, line);
      continue;
    }
    if (fields.length < columns.requiredWidth) {
      ctx.warn({ file: name, line, message: `row has ${fields.length} fields, fewer than the header; skipped (cut off?)` });
      continue;
    }
    groups.add(columns.row(fields, line));
  }
  if (!columns) throw new ImportError('no header row found', { file: name });
  yield* groups.entities(ctx.dataset);
}

export const ukOfsiCsvFormat: ListFormat = {
  name: 'uk_ofsi_csv',
  dataset: 'gb_hmt_ofsi',
  title: 'UK OFSI Consolidated List of financial sanctions targets (ConList.csv)',
  spec: 'OFSI ConList.csv, pre-2022 (29 columns) and 2022 (36 columns) layouts; real files of 2016-03-23 and 2020-04-27, a hand-made 2022-layout sample',
  detect(_names, head) {
    const text = head.subarray(0, 4096).toString('latin1');
    return /^(\ufeff|ï»¿)?("?Last Updated"?,[^\r\n]*\r?\n)?"?Name 6"?,"?Name 1"?,/u.test(text) && /Group ID/u.test(text);
  },
  read,
};
