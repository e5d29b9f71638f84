// OFSI Consolidated List as the Excel workbook (ConList.xlsx, 2022 layout): sheet "Data",
// row 1 "Last Updated | DD/MM/YYYY", row 2 the header. exceljs's streaming reader cannot open
// these files (zip entries with data descriptors), so the workbook is read whole: about 300 MB
// of memory for the 2.2 MB / 18,800-row file. Samples: uk_ofsi_conlist 2025-04-10 and 2025-04-14.
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import type { SourceEntity } from '../model/entity.js';
import { cleanText, parseDate } from '../model/values.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';
import { GroupCollector, headerIndex, lastUpdated } from './uk_ofsi_rows.js';

function cellText(value: ExcelJS.CellValue): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10).split('-').reverse().join('/');
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return null;
  }
  return String(value);
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = ctx.files[0];
  const name = basename(file);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (err) {
    throw new ImportError(`not a readable Excel workbook: ${(err as Error).message}`, { file: name });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportError('workbook has no sheet', { file: name });
  ctx.progress(1);
  let index: Map<string, number> | null = null;
  const groups = new GroupCollector(name);
  for (let line = 1; line <= sheet.rowCount; line++) {
    const values = (sheet.getRow(line).values as ExcelJS.CellValue[]).slice(1).map(cellText);
    if (!index) {
      const date = lastUpdated(values) ?? parseDate(values[1]);
      if (/^last updated/iu.test(values[0] ?? '')) {
        if (date) ctx.setPublished(date);
        continue;
      }
      index = headerIndex(values, name, line);
      continue;
    }
    if (values.every((v) => !cleanText(v))) continue;
    const columns = index;
    groups.add({ get: (column) => (columns.has(column) ? cleanText(values[columns.get(column)!]) : null), line });
  }
  if (!index) throw new ImportError('no header row found', { file: name });
  yield* groups.entities(ctx.dataset);
}

export const ukOfsiXlsxFormat: ListFormat = {
  name: 'uk_ofsi_xlsx',
  dataset: 'gb_hmt_ofsi',
  title: 'UK OFSI Consolidated List (ConList.xlsx)',
  spec: 'OFSI ConList.xlsx, 2022 layout (36 columns); samples of 2025-04-10 and 2025-04-14',
  detect(names, head) {
    return names.length === 1 && names[0].endsWith('.xlsx') && head.subarray(0, 2).toString('latin1') === 'PK';
  },
  read,
};
