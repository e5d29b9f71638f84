// OFSI Consolidated List as the Excel workbook (ConList.xlsx, 2022 layout): one sheet "Data",
// row 1 "Last Updated | DD/MM/YYYY", row 2 the 36-column header, then one row per name of a
// party (rows → entities in uk_ofsi_rows.ts). Samples: raw/uk_ofsi_conlist/nadyasoto_2025-04-10
// and malverde_2025-04-14 (complete).
//
// Why the workbook is read whole (about 330 MB for the 2.2 MB, 18,800-row file) and not with
// exceljs's streaming WorkbookReader: that reader decodes each zip chunk to text on its own, so
// a Cyrillic or Arabic letter cut by a chunk boundary turns into U+FFFD ("Ку��ьмин"), and which
// letters break changes from file to file. A screening list must not hold broken names.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { SourceEntity } from '../model/entity.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';
import { OfsiColumns, OfsiGroups, lastUpdated } from './uk_ofsi_rows.js';

const LOCAL_HEADER = 0x04034b50;

/** A cell as text: exceljs gives strings, numbers, dates, rich text, hyperlinks, formulas. */
function cellText(value: ExcelJS.CellValue): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    // Date cells are UTC midnights; the list writes dates as DD/MM/YYYY.
    return value.toISOString().slice(0, 10).split('-').reverse().join('/');
  }
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  return null;
}

/** Row values as a 0-based array of texts (exceljs rows are 1-based and sparse). */
function rowTexts(row: ExcelJS.Row): (string | null)[] {
  const values = row.values as ExcelJS.CellValue[];
  const texts: (string | null)[] = [];
  for (let i = 1; i < values.length; i++) texts.push(cellText(values[i]));
  return texts;
}

export interface SheetRow {
  /** Cell texts, 0-based. */
  cells: (string | null)[];
  /** 1-based row number in the sheet. */
  line: number;
}

/** Non-empty rows of a workbook's first sheet; ImportError when it is no workbook. */
// Read whole, a workbook takes about 150 times its size in memory: OFSI's 2.2 MB ConList.xlsx
// takes 330 MB. Workbooks over this size are refused before reading, pointing to the CSV form.
export const MAX_WORKBOOK_BYTES = 6 * 1024 * 1024;

export async function* firstSheetRows(file: string, onBytes: (n: number) => void = () => {}): AsyncGenerator<SheetRow> {
  const name = basename(file);
  const bytes = statSync(file).size;
  if (bytes > MAX_WORKBOOK_BYTES) {
    throw new ImportError(`workbook of ${(bytes / 1024 / 1024).toFixed(1)} MB, over the ${MAX_WORKBOOK_BYTES / 1024 / 1024} MB an Excel file may have here (read whole, it would take about ${Math.round((150 * bytes) / 1024 / 1024)} MB of memory): import the list's CSV form (OFSI publishes ConList.csv) instead`, { file: name });
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (err) {
    throw new ImportError(`unreadable Excel workbook: ${(err as Error).message}`, { file: name });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportError('workbook has no sheet', { file: name });
  const size = statSync(file).size;
  for (let line = 1; line <= sheet.rowCount; line++) {
    const cells = rowTexts(sheet.getRow(line));
    // Progress in bytes, as the other readers report it: the share of rows done.
    if (line % 1000 === 0) onBytes(Math.round((size * line) / sheet.rowCount));
    if (cells.some((c) => c !== null && c.trim())) yield { cells, line };
  }
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = ctx.files[0];
  const name = basename(file);
  const groups = new OfsiGroups(name, ctx.warn);
  let columns: OfsiColumns | null = null;
  for await (const { cells, line } of firstSheetRows(file, ctx.progress)) {
    if (!columns) {
      const published = lastUpdated(cells);
      if (published) ctx.setPublished(published);
      else columns = new OfsiColumns(cells, name, line);
      continue;
    }
    groups.add(columns.row(cells, line));
  }
  if (!columns) throw new ImportError('no header row found in the first sheet', { file: name });
  yield* groups.entities(ctx.dataset);
}

/** The workbook's sheet names, from xl/workbook.xml when it lies within the first bytes. */
function sheetNamesInHead(head: Buffer): string[] {
  for (let at = head.indexOf('PK\u0003\u0004'); at >= 0 && at + 30 <= head.length; ) {
    const nameLength = head.readUInt16LE(at + 26);
    const dataStart = at + 30 + nameLength + head.readUInt16LE(at + 28);
    const entryName = head.toString('utf8', at + 30, at + 30 + nameLength);
    const size = head.readUInt32LE(at + 18);
    if (entryName === 'xl/workbook.xml' && head.readUInt16LE(at + 8) === 8) {
      const data = head.subarray(dataStart, size > 0 ? dataStart + size : head.length);
      const xml = inflateRawSync(data, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
      return [...xml.matchAll(/<sheet\b[^>]*\bname="([^"]*)"/gu)].map((m) => m[1]);
    }
    if (size === 0) return [];
    at = head.indexOf('PK\u0003\u0004', dataStart + size);
  }
  return [];
}

export const ukOfsiXlsxFormat: ListFormat = {
  name: 'uk_ofsi_xlsx',
  dataset: 'gb_hmt_ofsi',
  title: 'UK OFSI Consolidated List of financial sanctions targets (ConList.xlsx)',
  spec: 'OFSI ConList.xlsx, 2022 layout (36 columns, sheet "Data"); real files of 2025-04-10 and 2025-04-14',
  detect(names, head) {
    if (!names[0]?.endsWith('.xlsx') || head.length < 4 || head.readUInt32LE(0) !== LOCAL_HEADER) return false;
    // OFSI's workbook has the one sheet "Data"; other workbooks (code tables…) are not the list.
    try {
      return sheetNamesInHead(head).includes('Data') || /conlist/u.test(names[0]);
    } catch {
      return false;
    }
  },
  read,
};
