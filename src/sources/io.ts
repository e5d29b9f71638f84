// Streaming readers shared by the list formats: decoded text (gzip and legacy encodings),
// CSV records with their line numbers, and XML elements as small trees, one at a time.
// Memory stays flat: nothing here holds more than one record or element.
import { createHash } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { Transform, type Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { parse as parseCsv } from 'csv-parse';
import { SaxesParser } from 'saxes';
import { ImportError, type ReadContext } from './types.js';

export type Encoding = 'utf8' | 'win1252' | 'auto';

/** The first `size` bytes of a file (for format detection and encoding sniffing). */
export function readHead(file: string, size = 65536): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size);
    const n = readSync(fd, buf, 0, size, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

function isValidUtf8(buf: Buffer): boolean {
  try {
    // A multi-byte character cut at the end of the sample is fine; anything else is not UTF-8.
    new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, Math.max(0, buf.length - 4)));
    return true;
  } catch {
    return false;
  }
}

/** Index of the first byte that breaks UTF-8 in `buf` (buf.length when none does). */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    const size = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (size === 0) return i;
    for (let k = 1; k < size; k++) if (i + k < buf.length && (buf[i + k] & 0xc0) !== 0x80) return i;
    i += size;
  }
  return buf.length;
}

/**
 * The bytes of a file (gunzipped when gzip), counted through `onBytes` (compressed bytes read
 * from disk, so progress matches the file size).
 */
export function openBytes(file: string, onBytes?: (n: number) => void): Readable {
  const head = readHead(file, 4);
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  let read = 0;
  if (onBytes) raw.on('data', (chunk: string | Buffer) => onBytes((read += chunk.length)));
  return isGzip(head) ? raw.pipe(createGunzip()) : raw;
}

/** Decoded text of a file. 'auto' takes UTF-8 when the first MiB is valid UTF-8, else Windows-1252. */
/** `label`: the name errors give the file (an inflated zip entry is named after the zip the user gave). */
export function openText(file: string, encoding: Encoding = 'utf8', onBytes?: (n: number) => void, label = basename(file)): Readable {
  let enc = encoding;
  if (enc === 'auto') {
    const sample = readHead(file, 1 << 20);
    enc = isGzip(sample) || isValidUtf8(sample) ? 'utf8' : 'win1252';
  }
  const bytes = openBytes(file, onBytes);
  if (enc === 'utf8') {
    // Strict decoding: broken UTF-8 is an input error we report, not mojibake we store.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let offset = 0;
    let lines = 1;
    return bytes.pipe(
      new Transform({
        transform(chunk: Buffer, _e, cb) {
          try {
            const text = decoder.decode(chunk, { stream: true });
            offset += chunk.length;
            lines += text.split('\n').length - 1;
            cb(null, text);
          } catch {
            const bad = firstInvalidUtf8(chunk);
            const line = lines + (chunk.subarray(0, bad).toString('latin1').split('\n').length - 1);
            cb(new ImportError(`invalid UTF-8 (byte 0x${chunk[bad]?.toString(16)} at offset ${offset + bad}); is the file in another encoding?`, { file: label, line }));
          }
        },
        flush(cb) {
          try {
            cb(null, decoder.decode());
          } catch {
            cb(new ImportError('invalid UTF-8 at end of file', { file: label }));
          }
        },
      }),
    );
  }
  return bytes.pipe(iconv.decodeStream('win1252')) as unknown as Readable;
}

export interface CsvOptions {
  delimiter?: string;
  encoding?: Encoding;
  /** Skip this many lines first (e.g. a "Last Updated" line above the header). */
  skipLines?: number;
  /** Keep going on rows with a different number of fields (the caller reports them). */
  relaxColumnCount?: boolean;
  /** Quote character, or false for formats without quoting (tab-separated files). */
  quote?: string | false;
  onBytes?: (n: number) => void;
  /**
   * Called instead of failing when the file ends inside a quoted field (a download cut off
   * mid-row); the rows before it are kept. Without it, such a file is an ImportError.
   */
  onCutOff?: (line: number) => void;
  /** Refuse records longer than this many bytes (a broken quote swallowing the file). */
  maxRecordBytes?: number;
}

export interface CsvRow {
  fields: string[];
  /** 1-based line of the file where this record starts. */
  line: number;
}

/** Rows of a CSV file as arrays of strings, with the line each starts on. */
export async function* csvRows(file: string, opts: CsvOptions = {}): AsyncGenerator<CsvRow> {
  const parser = parseCsv({
    delimiter: opts.delimiter ?? ',',
    from_line: (opts.skipLines ?? 0) + 1,
    relax_column_count: opts.relaxColumnCount ?? true,
    relax_quotes: true,
    skip_empty_lines: true,
    bom: true,
    quote: opts.quote === false ? null : (opts.quote ?? '"'),
    info: true,
    max_record_size: opts.maxRecordBytes,
  });
  const text = openText(file, opts.encoding ?? 'utf8', opts.onBytes);
  text.on('error', (err) => parser.destroy(err));
  text.pipe(parser);
  let nextLine = (opts.skipLines ?? 0) + 1;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { fields: item.record, line: nextLine };
      nextLine = item.info.lines + 1;
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const e = err as Error & { lines?: number; code?: string };
    if (e.code === 'CSV_QUOTE_NOT_CLOSED' && opts.onCutOff) {
      opts.onCutOff(nextLine);
      return;
    }
    throw new ImportError(`malformed CSV: ${e.message}`, { file: basename(file), line: e.lines ?? nextLine });
  }
}

/** An XML element as a small tree: name (without namespace prefix), attributes, children, text. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
  /** Line of the file where the element opens. */
  line: number;
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i >= 0 ? name.slice(i + 1) : name;
}

/** First child element called `name` (namespace prefixes ignored). */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** All child elements called `name`. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** Trimmed text of the child `name`, or of the node itself when no name is given; empty → null. */
export function text(node: XmlNode | undefined, name?: string): string | null {
  const target = name === undefined ? node : child(node, name);
  const value = target?.text.trim();
  return value ? value : null;
}

export interface XmlStreamOptions {
  /** Called with attributes of elements outside the records (root, header), e.g. for dates. */
  onOpen?: (name: string, attrs: Record<string, string>, line: number) => void;
  /** Called with the full text of elements outside records (e.g. <Publish_Date>). */
  onText?: (name: string, text: string) => void;
  encoding?: Encoding;
  onBytes?: (n: number) => void;
  /** The name errors give the file (default: its basename). */
  label?: string;
}

/**
 * Stream every element named one of `recordNames` (at any depth) as a complete XmlNode tree.
 * Elements outside records are not kept; their attributes and text reach onOpen/onText.
 */
export async function* xmlRecords(file: string, recordNames: string[], opts: XmlStreamOptions = {}): AsyncGenerator<XmlNode> {
  const wanted = new Set(recordNames);
  const parser = new SaxesParser({ xmlns: false, position: true });
  const ready: XmlNode[] = [];
  const stack: XmlNode[] = [];
  const outside: { name: string; text: string }[] = [];
  let failure: Error | null = null;
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[localName(k)] = String(v);
    if (stack.length > 0 || wanted.has(name)) {
      const node: XmlNode = { name, attrs, children: [], text: '', line: parser.line };
      if (stack.length > 0) stack[stack.length - 1].children.push(node);
      stack.push(node);
    } else {
      outside.push({ name, text: '' });
      opts.onOpen?.(name, attrs, parser.line);
    }
  });
  const onChars = (t: string) => {
    if (stack.length > 0) stack[stack.length - 1].text += t;
    else if (outside.length > 0) outside[outside.length - 1].text += t;
  };
  parser.on('text', onChars);
  parser.on('cdata', onChars);
  parser.on('closetag', () => {
    if (stack.length > 0) {
      const node = stack.pop()!;
      if (stack.length === 0) ready.push(node);
    } else {
      const el = outside.pop();
      if (el && el.text.trim()) opts.onText?.(el.name, el.text.trim());
    }
  });
  const label = opts.label ?? basename(file);
  parser.on('error', (err) => {
    failure ??= new ImportError(`malformed XML: ${err.message.replace(/^\S+:\d+:\d+: /u, '')}`, { file: label, line: parser.line });
  });
  const source = openText(file, opts.encoding ?? 'utf8', opts.onBytes, label);
  for await (const chunk of source as AsyncIterable<string>) {
    parser.write(chunk);
    if (failure) throw failure;
    while (ready.length > 0) yield ready.shift()!;
  }
  parser.close();
  if (failure) throw failure;
  if (stack.length > 0) throw new ImportError(`file ends inside <${stack[0].name}> (truncated?)`, { file: label, line: parser.line });
  while (ready.length > 0) yield ready.shift()!;
}

/** Which read of a two-pass reader this is. */
export type Pass = 1 | 2;

/**
 * Rows grouped by key, where the rows of a key may lie anywhere in the file: a first pass counts
 * the rows of each key, the second yields each group as soon as its last row is read. Only the
 * groups still open are held in memory, not the file. `read(pass)` must give the same rows twice.
 */
export async function* groupByKey<R>(read: (pass: Pass) => AsyncIterable<R>, keyOf: (row: R) => string, onFirstPass?: (row: R) => void): AsyncGenerator<R[]> {
  const counts = new Map<string, number>();
  for await (const row of read(1)) {
    const key = keyOf(row);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    onFirstPass?.(row);
  }
  const open = new Map<string, R[]>();
  for await (const row of read(2)) {
    const key = keyOf(row);
    const group = open.get(key) ?? [];
    group.push(row);
    if (group.length >= (counts.get(key) ?? 0)) {
      open.delete(key);
      yield group;
    } else open.set(key, group);
  }
  // Groups the second pass left short (the file changed in between) still come out.
  yield* open.values();
}

/** Progress of a two-pass read: each pass covers half of the file's bytes. */
export function twoPassProgress(file: string, ctx: ReadContext, pass: Pass): (bytes: number) => void {
  const size = statSync(file).size;
  return (bytes) => ctx.progress(Math.round(((pass - 1) * size + bytes) / 2));
}

/** The sha256 of a file's bytes, streamed (the audit trail binds batch inputs and outputs by it). */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
