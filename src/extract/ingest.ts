// Reading articles from what users have: text files, HTML pages, folders, RSS/Atom feed files
// and URLs (fetched only when asked). Bad input is refused with the file (and line) named, or
// skipped with its reason, before any of it reaches the store: never a partial document.
import { open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import iconv from 'iconv-lite';
import { FeedError, isFeed, readFeed } from './feed.js';
import { htmlToArticle } from './html.js';
import { IngestError } from './ingest-error.js';

export interface RawDocument {
  /** Where it came from: a file path, `path#item-N` for a feed item, or the URL. */
  source: string;
  format: 'text' | 'html' | 'feed-item';
  title: string | null;
  /** YYYY-MM-DD when the metadata states it (HTML meta article:published_time / <time datetime>, feed pubDate/published/updated), else null. Never guessed from the text. */
  published: string | null;
  /** BCP-47-ish language code from metadata (html lang, feed language) or null. */
  language: string | null;
  /** The article as plain text, one paragraph/block per line; for .txt files exactly as in the file (after decoding). */
  text: string;
  /** A feed item's own link, when it has one (its `source` stays `path#item-N`). */
  link?: string;
}

export interface SkippedItem {
  source: string;
  /** Why it was not read. */
  skipped: string;
}

export { IngestError };

export interface ReadOptions {
  /** Allow http(s) URLs to be fetched; off by default so a stray argument never goes online. */
  fetch?: boolean;
  /** Inputs larger than this are refused unread (default 20 MB). */
  maxBytes?: number;
  /**
   * In folders, skip (with the reason) what documents the folder rather than reporting news:
   * README*, other Markdown (.md) files, LICENSE/CHANGELOG-like files. A file given by name is
   * always read. Off by default for the library; `sanctrace ingest` turns it on.
   */
  skipDocumentation?: boolean;
}

type Kind = 'text' | 'html' | 'feed';

const MEGABYTE = 1024 * 1024;
const DEFAULT_MAX_BYTES = 20 * MEGABYTE;
const SNIFF_BYTES = 8192;
const FETCH_TIMEOUT_MS = 30_000;
const KIND_BY_EXTENSION: Record<string, Kind> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.xml': 'feed',
  '.rss': 'feed',
  '.atom': 'feed',
};

/**
 * Read one input: a .txt/.text/.md file, an .html/.htm file, a folder (recursively, files sorted
 * by name, unknown extensions skipped with a reason), an RSS 2.0 or Atom feed file
 * (.xml/.rss/.atom, detected by its root element), or an http(s) URL (fetched only when
 * options.fetch is true). Yields documents and skipped items in order.
 *
 * A bad file given directly is an IngestError; inside a folder it becomes a SkippedItem with the
 * same reason, so one broken file does not hide the rest of the folder.
 */
export async function* readDocuments(input: string, options: ReadOptions = {}): AsyncGenerator<RawDocument | SkippedItem> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (/^https?:\/\//iu.test(input)) {
    if (!options.fetch) throw new IngestError('URL given but fetching not allowed', input);
    yield* fromUrl(input, maxBytes);
    return;
  }
  const info = await stat(input).catch(() => null);
  if (!info) throw new IngestError('no such file or folder', input);
  if (info.isDirectory()) yield* fromFolder(input, maxBytes, new Set(), options.skipDocumentation === true);
  else yield* fromFile(input, maxBytes, kindByExtension(input));
}

function kindByExtension(path: string): Kind | undefined {
  return KIND_BY_EXTENSION[extname(path).toLowerCase()];
}

const DOCUMENTATION_NAMES = /^(?:readme|license|licence|copying|changelog|changes|contributing|authors|notice)(?:[._-].*)?$/iu;

/** Why a file in a folder is documentation of the folder, not an article; null when it may be an article. */
export function documentationReason(name: string): string | null {
  if (DOCUMENTATION_NAMES.test(name)) return `documentation of the folder (${name}), not an article; give the file by name to read it as one`;
  if (extname(name).toLowerCase() === '.md') return 'Markdown documentation (.md), not an article; give the file by name to read it as one';
  return null;
}

/** Why a file with an extension ingest does not read is skipped: what it is, where that can be told. */
async function notArticleReason(path: string, name: string): Promise<string> {
  const extension = extname(name).toLowerCase();
  const reads = 'reads .txt/.text/.md, .html/.htm, .xml/.rss/.atom feeds';
  if (/\.gold\.json$/iu.test(name)) return `not an article file (.json; a gold annotation file for eval-news, of ${name.replace(/\.gold\.json$/iu, '')}.txt; ${reads})`;
  if (extension === '.json') return `not an article file (.json; data such as a manifest or annotations, not article text; ${reads})`;
  const head = await readHead(path);
  if (head && looksBinary(head)) return `not an article file (${extension || 'no extension'}; binary content, not text; ${reads})`;
  return `not an article file (${extension || 'no extension'}; ${reads})`;
}

async function readHead(path: string): Promise<Buffer | null> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return null;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return bytesRead > 0 ? buffer.subarray(0, bytesRead) : null;
  } finally {
    await handle.close();
  }
}

async function* fromFolder(folder: string, maxBytes: number, visited: Set<string>, skipDocumentation: boolean): AsyncGenerator<RawDocument | SkippedItem> {
  // A symlink back up the tree would otherwise be walked for ever.
  const real = await realpath(folder);
  if (visited.has(real)) return;
  visited.add(real);
  const names = (await readdir(folder)).sort();
  for (const name of names) {
    const path = join(folder, name);
    const info = await stat(path).catch(() => null);
    if (!info) yield { source: path, skipped: 'cannot be read (broken link or no permission)' };
    else if (info.isDirectory()) yield* fromFolder(path, maxBytes, visited, skipDocumentation);
    else if (skipDocumentation && documentationReason(name)) yield { source: path, skipped: documentationReason(name)! };
    else if (!kindByExtension(path)) yield { source: path, skipped: await notArticleReason(path, name) };
    else yield* skippingBadFile(path, fromFile(path, maxBytes, kindByExtension(path)));
  }
}

async function* skippingBadFile(path: string, documents: AsyncGenerator<RawDocument | SkippedItem>): AsyncGenerator<RawDocument | SkippedItem> {
  try {
    yield* documents;
  } catch (err) {
    if (!(err instanceof IngestError)) throw err;
    const lineNamed = err.line === undefined || err.message.includes(`line ${err.line}`);
    yield { source: path, skipped: lineNamed ? err.message : `line ${err.line}: ${err.message}` };
  }
}

/** `kind` comes from the extension; a file given directly with another extension is sniffed. */
async function* fromFile(path: string, maxBytes: number, kind: Kind | undefined): AsyncGenerator<RawDocument | SkippedItem> {
  const { size } = await stat(path);
  // Checked before reading: a 50 MB "page" is refused at once, never loaded into memory.
  assertWithinLimit(size, maxBytes, path);
  if (size === 0) throw new IngestError('empty file', path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new IngestError(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, path);
  }
  assertWithinLimit(bytes.length, maxBytes, path);
  const text = decodeText(bytes, path);
  yield* documentsFromText(text, path, kind ?? sniffKind(text));
}

function assertWithinLimit(size: number, maxBytes: number, source: string): void {
  if (size > maxBytes) throw new IngestError(`${formatSize(size)} exceeds the ${formatSize(maxBytes)} limit`, source);
}

/** "50 MB", "2.5 MB", "100 KB": sizes as people state limits. */
function formatSize(bytes: number): string {
  const [value, unit] = bytes >= MEGABYTE ? [bytes / MEGABYTE, 'MB'] : bytes >= 1024 ? [bytes / 1024, 'KB'] : [bytes, 'bytes'];
  const shown = value >= 10 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/u, '');
  return `${shown} ${unit}`;
}

function sniffKind(text: string): Kind {
  if (isFeed(text)) return 'feed';
  if (/^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>])/iu.test(text)) return 'html';
  return 'text';
}

function* documentsFromText(text: string, source: string, kind: Kind): Generator<RawDocument | SkippedItem> {
  if (kind === 'feed') yield* feedDocuments(text, source);
  else if (kind === 'html') yield htmlDocument(text, source);
  else yield { source, format: 'text', title: null, published: null, language: null, text };
}

function htmlDocument(html: string, source: string): RawDocument {
  const page = htmlToArticle(html);
  if (!page.text.trim()) throw new IngestError('no article text in the page', source);
  return { source, format: 'html', title: page.title, published: page.published, language: page.language, text: page.text };
}

function* feedDocuments(xml: string, source: string): Generator<RawDocument | SkippedItem> {
  if (!isFeed(xml)) throw new IngestError('not an RSS or Atom feed (its root element is not <rss>, <feed> or <rdf:RDF>)', source);
  let entries;
  try {
    // The whole feed is parsed before any item is given out: a feed broken at its end gives nothing.
    entries = readFeed(xml);
  } catch (err) {
    if (err instanceof FeedError) throw new IngestError(err.message, source, err.line);
    throw err;
  }
  for (const entry of entries) {
    const itemSource = `${source}#item-${entry.index}`;
    if ('reason' in entry) yield { source: itemSource, skipped: entry.reason };
    else {
      const document: RawDocument = { source: itemSource, format: 'feed-item', title: entry.title, published: entry.published, language: entry.language, text: entry.text };
      if (entry.link) document.link = entry.link;
      yield document;
    }
  }
}

async function* fromUrl(url: string, maxBytes: number): AsyncGenerator<RawDocument | SkippedItem> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'text/html, application/rss+xml, application/atom+xml, application/xml, text/plain;q=0.9, */*;q=0.1' } });
  } catch (err) {
    throw new IngestError(`fetch failed: ${(err as Error).message}`, url);
  }
  if (!response.ok) throw new IngestError(`HTTP ${response.status} ${response.statusText}`.trim(), url);
  assertWithinLimit(Number(response.headers.get('content-length') ?? 0), maxBytes, url);
  const bytes = await readBodyWithin(response, maxBytes, url);
  if (bytes.length === 0) throw new IngestError('empty response', url);
  const contentType = response.headers.get('content-type') ?? '';
  const text = decodeText(bytes, url, charsetOf(contentType));
  yield* documentsFromText(text, url, kindByContentType(contentType) ?? sniffKind(text));
}

/** The body, read in chunks and abandoned as soon as it passes the limit (servers may omit or misstate the length). */
async function readBodyWithin(response: Response, maxBytes: number, url: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw new IngestError(`response exceeds the ${formatSize(maxBytes)} limit`, url);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function kindByContentType(contentType: string): Kind | undefined {
  if (/html/iu.test(contentType)) return 'html';
  if (/(?:rss|atom)\+xml/iu.test(contentType)) return 'feed';
  if (/text\/plain/iu.test(contentType)) return 'text';
  // Plain application/xml may be a feed or anything else: left to the root element.
  return undefined;
}

function charsetOf(contentType: string): string | undefined {
  return /charset\s*=\s*"?([\w.:-]+)/iu.exec(contentType)?.[1];
}

/** NUL bytes or many control characters in the first 8 KB: an image, archive or executable, not text. */
function looksBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (head.includes(0)) return true;
  let control = 0;
  // Tab, newline, form feed, carriage return and escape (ANSI colours) do occur in text.
  for (const byte of head) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) control++;
  return control / head.length > 0.05;
}

/**
 * Bytes to text: UTF-8 (BOM stripped) or UTF-16 with a BOM; else a charset the file or server
 * declares; else Windows-1252 when that reads as words. Anything else is refused with the line
 * of the first bad byte, because a guessed decoding would put wrong names into the evidence.
 */
function decodeText(bytes: Buffer, source: string, declaredCharset?: string): string {
  const utf16 = utf16ByBom(bytes);
  if (!utf16 && looksBinary(bytes)) throw new IngestError('binary file, not text', source);
  const text = utf16
    ? iconv.decode(bytes.subarray(2), utf16)
    : (decodeUtf8(bytes) ?? decodeDeclared(bytes, declaredCharset ?? charsetInMarkup(bytes)) ?? decodeWindows1252IfPlausible(bytes));
  if (text === null) {
    const line = lineOfFirstInvalidUtf8(bytes);
    throw new IngestError(`not valid UTF-8 (first bad byte at line ${line})`, source, line);
  }
  if (!text.trim()) throw new IngestError('empty file', source);
  return text;
}

function utf16ByBom(bytes: Buffer): 'utf16-le' | 'utf16-be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16-le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16-be';
  return null;
}

function decodeUtf8(bytes: Buffer): string | null {
  try {
    // Unlike Buffer#toString, a fatal decoder refuses bad bytes instead of hiding them as U+FFFD.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/u, '');
  } catch {
    return null;
  }
}

/** `<meta charset>`, the http-equiv content type, or the XML declaration's encoding. */
function charsetInMarkup(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 2048).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/iu.exec(head)?.[1] ?? /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/iu.exec(head)?.[1];
}

function decodeDeclared(bytes: Buffer, charset: string | undefined): string | null {
  // A declared UTF-8 that failed to decode is still broken; no other reading is invented for it.
  if (!charset || /^utf-?8$/iu.test(charset) || !iconv.encodingExists(charset)) return null;
  // As in browsers (WHATWG Encoding), a page labelled Latin-1 or ASCII is read as Windows-1252:
  // that is what such pages are written in, and it keeps "€" and curly quotes from becoming controls.
  const label = /^(?:iso-?8859-1|latin-?1|l1|us-ascii|ascii|cp819)$/iu.test(charset) ? 'win1252' : charset;
  return iconv.decode(bytes, label);
}

/**
 * Windows-1252 (the usual "ANSI" of Western European text) is accepted only when it reads as
 * words: every non-ASCII character a letter inside a word (or a lone "à"), punctuation or a
 * symbol. UTF-8 with a few damaged bytes is not re-read this way: its valid multi-byte sequences
 * would turn into mojibake ("Ã©").
 */
function decodeWindows1252IfPlausible(bytes: Buffer): string | null {
  if (countUtf8MultiByteSequences(bytes) > 0) return null;
  const text = iconv.decode(bytes, 'win1252');
  const chars = Array.from(text);
  let nonAscii = 0;
  let plausible = 0;
  chars.forEach((char, i) => {
    if (char.charCodeAt(0) < 0x80) return;
    nonAscii++;
    if (isPlausibleWindows1252Char(char, chars[i - 1] ?? ' ', chars[i + 1] ?? ' ')) plausible++;
  });
  return nonAscii > 0 && plausible / nonAscii >= 0.9 ? text : null;
}

function isPlausibleWindows1252Char(char: string, before: string, after: string): boolean {
  // Bytes Windows-1252 leaves undefined, and C1 controls, never occur in real text.
  if (char === '\uFFFD' || /\p{Cc}/u.test(char)) return false;
  if (!/\p{L}/u.test(char)) return /[\p{P}\p{S}\p{N}\p{Zs}]/u.test(char);
  const letterBefore = /\p{L}/u.test(before);
  const letterAfter = /\p{L}/u.test(after);
  // "soÃ" or "Ã(" are what a lone UTF-8 lead byte looks like; "Société" and "à la" are words.
  if (/\p{Lu}/u.test(char) && /\p{Ll}/u.test(before)) return false;
  if (letterBefore || letterAfter) return true;
  return /[\s'"(«]/u.test(before) && /[\s.,;:!?'")»]/u.test(after);
}

/** How many well-formed UTF-8 multi-byte characters the bytes hold. */
function countUtf8MultiByteSequences(bytes: Buffer): number {
  let count = 0;
  for (let i = 0; i < bytes.length; ) {
    const length = validUtf8SequenceLength(bytes, i);
    if (length > 1) count++;
    i += Math.max(length, 1);
  }
  return count;
}

function lineOfFirstInvalidUtf8(bytes: Buffer): number {
  let line = 1;
  for (let i = 0; i < bytes.length; ) {
    const length = validUtf8SequenceLength(bytes, i);
    if (length === 0) return line;
    if (bytes[i] === 0x0a) line++;
    i += length;
  }
  return line;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when it is not one (RFC 3629 ranges). */
function validUtf8SequenceLength(bytes: Buffer, i: number): number {
  const first = bytes[i];
  if (first < 0x80) return 1;
  const within = (offset: number, low = 0x80, high = 0xbf) => i + offset < bytes.length && bytes[i + offset] >= low && bytes[i + offset] <= high;
  if (first >= 0xc2 && first <= 0xdf) return within(1) ? 2 : 0;
  if (first >= 0xe0 && first <= 0xef) {
    // E0 must not encode an overlong form; ED must not encode a UTF-16 surrogate.
    const [low, high] = first === 0xe0 ? [0xa0, 0xbf] : first === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return within(1, low, high) && within(2) ? 3 : 0;
  }
  if (first >= 0xf0 && first <= 0xf4) {
    const [low, high] = first === 0xf0 ? [0x90, 0xbf] : first === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return within(1, low, high) && within(2) && within(3) ? 4 : 0;
  }
  return 0;
}
