// Reading articles from what users have: text files, HTML pages, folders, RSS/Atom feed files
// and URLs (fetched only when asked). Bad input is refused with the file (and line) named, or
// skipped with its reason, before anything is stored.
import { readdirSync, statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import iconv from 'iconv-lite';
import { FeedError, isFeed, readFeed } from './feed.js';
import { htmlToArticle } from './html.js';

export interface RawDocument {
  /** Where it came from: a file path, `path#item-N` for a feed item, or the URL. */
  source: string;
  format: 'text' | 'html' | 'feed-item';
  title: string | null;
  /** YYYY-MM-DD when the metadata states it, else null (never guessed from the text). */
  published: string | null;
  language: string | null;
  text: string;
}

export interface SkippedItem {
  source: string;
  skipped: string;
}

export class IngestError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
const TEXT_EXTENSIONS = new Set(['.txt', '.text']);
const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml']);
const FEED_EXTENSIONS = new Set(['.xml', '.rss', '.atom']);

export interface ReadOptions {
  fetch?: boolean;
  maxBytes?: number;
}

export async function* readDocuments(input: string, options: ReadOptions = {}): AsyncGenerator<RawDocument | SkippedItem> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (/^https?:\/\//iu.test(input)) {
    if (!options.fetch) throw new IngestError('URL given but fetching not allowed (use --fetch)', input);
    yield* fromUrl(input, maxBytes);
    return;
  }
  let stat;
  try {
    stat = statSync(input);
  } catch {
    throw new IngestError('no such file or folder', input);
  }
  if (stat.isDirectory()) {
    for (const name of readdirSync(input).sort()) {
      const path = join(input, name);
      const ext = extname(name).toLowerCase();
      if (statSync(path).isDirectory()) yield* readDocuments(path, options);
      else if (TEXT_EXTENSIONS.has(ext) || HTML_EXTENSIONS.has(ext) || FEED_EXTENSIONS.has(ext)) {
        try {
          yield* fromFile(path, maxBytes);
        } catch (err) {
          // In a folder one bad file is skipped with its reason; the others are read.
          if (err instanceof IngestError) yield { source: path, skipped: err.line ? `line ${err.line}: ${err.message}` : err.message };
          else throw err;
        }
      } else yield { source: path, skipped: `not an article file (${ext || 'no extension'}; reads .txt, .html, .xml/.rss/.atom feeds)` };
    }
    return;
  }
  yield* fromFile(input, maxBytes);
}

async function* fromFile(path: string, maxBytes: number): AsyncGenerator<RawDocument | SkippedItem> {
  const size = statSync(path).size;
  // Refused before reading: a 50 MB page is not an article and would not fit the evidence views.
  if (size > maxBytes) throw new IngestError(`${(size / 1024 / 1024).toFixed(1)} MB exceeds the ${(maxBytes / 1024 / 1024).toFixed(0)} MB limit`, path);
  const head = Buffer.alloc(Math.min(size, 8192));
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (isBinary(head)) throw new IngestError('binary file, not text', path);
  const text = decode(await readFile(path), path);
  if (!text.trim()) throw new IngestError('empty file', path);
  yield* fromText(text, path, extname(path).toLowerCase());
}

function* fromText(text: string, source: string, ext: string): Generator<RawDocument | SkippedItem> {
  const looksHtml = HTML_EXTENSIONS.has(ext) || (!TEXT_EXTENSIONS.has(ext) && /^\s*(<!doctype html|<html)/iu.test(text));
  if (FEED_EXTENSIONS.has(ext) || (!looksHtml && isFeed(text))) {
    if (!isFeed(text)) throw new IngestError('not an RSS or Atom feed (root element is not rss, feed or rdf:RDF)', source);
    let items;
    try {
      items = readFeed(text);
    } catch (err) {
      if (err instanceof FeedError) throw new IngestError(err.message, source, err.line);
      throw err;
    }
    for (const item of items) {
      if ('reason' in item) yield { source: `${source}#item-${item.index}`, skipped: `item ${item.index}: ${item.reason}` };
      else yield { source: item.link ?? `${source}#item-${item.index}`, format: 'feed-item', title: item.title, published: item.published, language: item.language, text: item.text };
    }
    return;
  }
  if (looksHtml) {
    const page = htmlToArticle(text);
    if (!page.text.trim()) throw new IngestError('no article text in the page', source);
    yield { source, format: 'html', title: page.title, published: page.published, language: page.language, text: page.text };
    return;
  }
  yield { source, format: 'text', title: null, published: null, language: null, text };
}

async function* fromUrl(url: string, maxBytes: number): AsyncGenerator<RawDocument | SkippedItem> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new IngestError(`fetch failed: ${(err as Error).message}`, url);
  }
  if (!response.ok) throw new IngestError(`HTTP ${response.status} ${response.statusText}`, url);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > maxBytes) throw new IngestError(`${(length / 1024 / 1024).toFixed(1)} MB exceeds the ${(maxBytes / 1024 / 1024).toFixed(0)} MB limit`, url);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > maxBytes) throw new IngestError(`${(body.length / 1024 / 1024).toFixed(1)} MB exceeds the ${(maxBytes / 1024 / 1024).toFixed(0)} MB limit`, url);
  if (isBinary(body.subarray(0, 8192))) throw new IngestError('binary content, not text', url);
  const text = decode(body, url);
  if (!text.trim()) throw new IngestError('empty response', url);
  const type = response.headers.get('content-type') ?? '';
  const ext = /html/iu.test(type) ? '.html' : /xml|rss|atom/iu.test(type) ? '.xml' : '.txt';
  yield* fromText(text, url, ext);
}

/** NUL bytes or many control characters: an image, archive or executable, not text. */
function isBinary(head: Buffer): boolean {
  if (head.includes(0)) return true;
  let control = 0;
  for (const byte of head) if (byte < 9 || (byte > 13 && byte < 32)) control++;
  return head.length > 0 && control / head.length > 0.1;
}

/** UTF-8 (BOM stripped); text saved as Windows-1252 is read as such when it decodes to words. */
function decode(bytes: Buffer, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/u, '');
  } catch {
    const latin = iconv.decode(bytes, 'win1252');
    const letters = (latin.match(/\p{L}/gu) ?? []).length;
    const odd = (latin.match(/[\u0080-\u00bf\u00d7\u00f7]/gu) ?? []).length;
    if (letters > 0 && odd / letters < 0.02) return latin;
    const bad = firstBadByte(bytes);
    throw new IngestError(`not valid UTF-8 (first bad byte at line ${bad.line})`, source, bad.line);
  }
}

function firstBadByte(bytes: Buffer): { line: number } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return { line };
      }
      line++;
      start = i + 1;
    }
  }
  return { line };
}
