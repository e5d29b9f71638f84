// OFSI Consolidated List as the Excel workbook (ConList.xlsx, 2022 layout): one sheet "Data",
// row 1 "Last Updated | DD/MM/YYYY", row 2 the 36-column header, then one row per name of a
// party (rows → entities in uk_ofsi_rows.ts). Read with exceljs's streaming WorkbookReader so
// memory stays flat: only the shared-string table and the per-group summaries are held.
// Samples: raw/uk_ofsi_conlist/nadyasoto_2025-04-10 and malverde_2025-04-14 (complete).
//
// Quirk: OFSI's generator writes zip entries with the "data descriptor" flag set *and* the sizes
// in the local headers, and puts the sheet before the shared strings. exceljs's zip parser
// (unzipper 0.10) then stops at the first descriptor ("invalid signature: 0x8074b50"). So the
// workbook reaches exceljs as an equivalent zip stream rebuilt from the central directory:
// local headers with the sizes and no descriptor flag, shared strings and relations first.
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { SourceEntity } from '../model/entity.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';
import { OfsiColumns, OfsiGroups, lastUpdated } from './uk_ofsi_rows.js';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const HAS_DATA_DESCRIPTOR = 0x08;

interface ZipEntry {
  name: string;
  /** Local header, rewritten: sizes and CRC from the central directory, no descriptor flag. */
  header: Buffer;
  dataStart: number;
  compressedSize: number;
}

interface ZipLayout {
  entries: ZipEntry[];
  /** Central directory and end record, copied as they are (the parser only skips them). */
  directory: Buffer;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

/** Entries of a zip file from its central directory; ImportError when it is not a whole zip. */
function zipLayout(file: string): ZipLayout {
  const name = basename(file);
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const tailStart = Math.max(0, size - 65557);
    const tail = readAt(fd, tailStart, size - tailStart);
    let end = tail.length - 22;
    while (end >= 0 && tail.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end--;
    if (end < 0) throw new ImportError('not a complete Excel workbook: no zip end record (truncated?)', { file: name });
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryStart = tail.readUInt32LE(end + 16);
    if (directoryStart + directorySize > tailStart + end) throw new ImportError('zip central directory lies outside the file (truncated?)', { file: name });
    const directory = readAt(fd, directoryStart, tailStart + tail.length - directoryStart);
    const entries: ZipEntry[] = [];
    for (let at = 0; at < directorySize; ) {
      if (directory.readUInt32LE(at) !== CENTRAL_HEADER) throw new ImportError('corrupt zip central directory', { file: name });
      const nameLength = directory.readUInt16LE(at + 28);
      const entry = {
        name: directory.toString('utf8', at + 46, at + 46 + nameLength),
        crc: directory.readUInt32LE(at + 16),
        compressedSize: directory.readUInt32LE(at + 20),
        uncompressedSize: directory.readUInt32LE(at + 24),
        offset: directory.readUInt32LE(at + 42),
      };
      if ([entry.compressedSize, entry.uncompressedSize, entry.offset].includes(0xffffffff)) {
        throw new ImportError(`zip64 entry ${entry.name} is not supported`, { file: name });
      }
      entries.push(localEntry(fd, entry, size, name));
      at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    }
    return { entries, directory };
  } finally {
    closeSync(fd);
  }
}

function localEntry(
  fd: number,
  entry: { name: string; crc: number; compressedSize: number; uncompressedSize: number; offset: number },
  fileSize: number,
  file: string,
): ZipEntry {
  const fixed = readAt(fd, entry.offset, 30);
  if (fixed.length < 30 || fixed.readUInt32LE(0) !== LOCAL_HEADER) throw new ImportError(`corrupt zip entry ${entry.name}`, { file });
  const variableLength = fixed.readUInt16LE(26) + fixed.readUInt16LE(28);
  const header = Buffer.concat([fixed, readAt(fd, entry.offset + 30, variableLength)]);
  header.writeUInt16LE(header.readUInt16LE(6) & ~HAS_DATA_DESCRIPTOR, 6);
  header.writeUInt32LE(entry.crc, 14);
  header.writeUInt32LE(entry.compressedSize, 18);
  header.writeUInt32LE(entry.uncompressedSize, 22);
  const dataStart = entry.offset + 30 + variableLength;
  if (dataStart + entry.compressedSize > fileSize) throw new ImportError(`zip entry ${entry.name} runs past the end of the file (truncated?)`, { file });
  return { name: entry.name, header, dataStart, compressedSize: entry.compressedSize };
}

// exceljs reads a sheet at once only when the shared strings and relations came before it.
function readingOrder(entry: ZipEntry): number {
  return /^xl\/worksheets\//u.test(entry.name) ? 1 : 0;
}

/** The workbook as a zip stream exceljs's parser reads: headers with sizes, sheets last. */
function normalisedZip(file: string, layout: ZipLayout, onBytes: (n: number) => void): Readable {
  const entries = [...layout.entries].sort((a, b) => readingOrder(a) - readingOrder(b));
  async function* chunks(): AsyncGenerator<Buffer> {
    let read = 0;
    for (const entry of entries) {
      yield entry.header;
      if (entry.compressedSize === 0) continue;
      for await (const chunk of createReadStream(file, { start: entry.dataStart, end: entry.dataStart + entry.compressedSize - 1 })) {
        onBytes((read += (chunk as Buffer).length));
        yield chunk as Buffer;
      }
    }
    yield layout.directory;
  }
  return Readable.from(chunks(), { objectMode: false });
}

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

/** Non-empty rows of a workbook's first sheet, streamed; ImportError when it is no workbook. */
export async function* firstSheetRows(file: string, onBytes: (n: number) => void = () => {}): AsyncGenerator<SheetRow> {
  const name = basename(file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(normalisedZip(file, zipLayout(file), onBytes), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      // The list is the first sheet; later ones (none in OFSI's files) are read past.
      const isList = sheets++ === 0;
      for await (const row of sheet) {
        const cells = isList ? rowTexts(row) : [];
        if (cells.some((c) => c !== null && c.trim())) yield { cells, line: row.number };
      }
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`unreadable Excel workbook: ${(err as Error).message}`, { file: name });
  }
  if (sheets === 0) throw new ImportError('workbook has no sheet', { file: name });
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
