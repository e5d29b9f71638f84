// Reading articles from files, folders, HTML pages, feeds and URLs, and refusing bad input by
// name (binary, empty, oversize, broken encoding, malformed feeds) before anything is stored.
// Real articles come from ../shared/data/news; the small pages and feeds in test/fixtures/news
// wrap paragraphs of seed_000 in page furniture; big inputs are generated in a temp folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IngestError, readDocuments, type RawDocument, type SkippedItem } from '../../src/extract/ingest.js';
import { RAW } from '../helpers/paths.js';

const NEWS_DIR = join(RAW, '..', 'news');
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'news');
const SEED_PATH = join(NEWS_DIR, 'seed_000_mzkt_sanctions.txt');
const seedLines = readFileSync(SEED_PATH, 'utf8')
  .split('\n')
  .map((line) => line.replace(/\u00a0/gu, ' ').trim());
const seedParagraph = (start: string) => seedLines.find((line) => line.startsWith(start))!;
const work = mkdtempSync(join(tmpdir(), 'sanctrace-ingest-'));

type Item = RawDocument | SkippedItem;

async function readAll(input: string, options: Parameters<typeof readDocuments>[1] = {}): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of readDocuments(input, options)) items.push(item);
  return items;
}
const documentsOf = (items: Item[]) => items.filter((item): item is RawDocument => 'text' in item);
const skipsOf = (items: Item[]) => items.filter((item): item is SkippedItem => 'skipped' in item);

async function onlyDocument(input: string, options: Parameters<typeof readDocuments>[1] = {}): Promise<RawDocument> {
  const items = await readAll(input, options);
  assert.equal(items.length, 1, JSON.stringify(items));
  return documentsOf(items)[0];
}

/** The IngestError reading `input` throws; fails when it reads without one. */
async function refusal(input: string, options: Parameters<typeof readDocuments>[1] = {}): Promise<IngestError> {
  try {
    await readAll(input, options);
  } catch (err) {
    assert.ok(err instanceof IngestError, `expected an IngestError, got ${String(err)}`);
    return err;
  }
  return assert.fail(`${input} was read, not refused`);
}

function writeTemp(name: string, content: string | Buffer): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

const fixture = (name: string) => join(FIXTURES, name);

test('a real text article comes back byte-identical, with no metadata invented', async () => {
  const doc = await onlyDocument(SEED_PATH);
  assert.ok(Buffer.from(doc.text, 'utf8').equals(readFileSync(SEED_PATH)), 'text differs from the file');
  assert.deepEqual({ ...doc, text: undefined }, { source: SEED_PATH, format: 'text', title: null, published: null, language: null, text: undefined });
});

test('the real news folder: every .txt and the .md read in name order, the .json gold files skipped with a reason', async () => {
  const items = await readAll(NEWS_DIR);
  const names = readdirSync(NEWS_DIR).sort();
  assert.deepEqual(
    items.map((item) => item.source),
    names.map((name) => join(NEWS_DIR, name)),
  );
  const readable = names.filter((name) => name.endsWith('.txt') || name.endsWith('.md'));
  assert.deepEqual(
    documentsOf(items).map((doc) => doc.text),
    readable.map((name) => readFileSync(join(NEWS_DIR, name), 'utf8')),
  );
  const skipped = skipsOf(items);
  assert.equal(skipped.length, names.filter((name) => name.endsWith('.json')).length);
  for (const skip of skipped) assert.match(skip.skipped, /^not an article file \(\.json;/u);
});

test('HTML: Readability keeps the article paragraphs as lines and drops menus, share buttons, newsletter prompt, related links, footer and scripts', async () => {
  const doc = await onlyDocument(fixture('article.html'));
  assert.equal(doc.format, 'html');
  assert.equal(doc.title, 'US sanctions against the Minsk Wheel Tractor Plant');
  assert.equal(doc.published, '2024-04-20', 'the day as article:published_time states it, not shifted to UTC');
  assert.equal(doc.language, 'en');
  const lines = doc.text.split('\n');
  assert.equal(lines[0], 'US sanctions against the Minsk Wheel Tractor Plant', 'the headline first');
  for (const start of ['On April 19, the US State Department', 'In its statement', 'Alongside the Minsk', 'MZKT has already been subject', 'In addition to MZKT']) {
    assert.ok(lines.includes(seedParagraph(start)), `missing paragraph "${start}…" in:\n${doc.text}`);
  }
  assert.ok(lines.includes('• Granpect Co. Ltd.'), 'list items are lines with the bullet scraped text has');
  assert.ok(lines.includes('All three companies are based') && lines.includes('in China.'), '<br> ends a line');
  for (const furniture of ['Home', 'About us', 'Contacts', 'Share on X', 'Subscribe to our newsletter', 'Read also', 'Lukashenko visits Islamabad', 'Potash exports', 'All rights reserved', 'injected text', 'tracking']) {
    assert.ok(!doc.text.includes(furniture), `page furniture "${furniture}" kept in:\n${doc.text}`);
  }
});

test('HTML that Readability cannot pick an article from falls back to the body, still without its menus', async () => {
  const page = writeTemp(
    'notice.html',
    '<html lang="en-GB"><body><nav><a href="/">Home</a> <a href="/about">About us</a></nav><div>Notice: MZKT was listed.</div><footer>Subscribe to our newsletter</footer></body></html>',
  );
  const doc = await onlyDocument(page);
  assert.equal(doc.text, 'Notice: MZKT was listed.');
  assert.equal(doc.language, 'en-GB');
  assert.equal(doc.published, null, 'no date in the metadata: none guessed');
  const fragment = await onlyDocument(writeTemp('fragment.html', '<p>MZKT was listed.</p><p>So were three Chinese firms.</p>'));
  assert.equal(fragment.text, 'MZKT was listed.\nSo were three Chinese firms.', 'a fragment without <html>/<body> is read as browsers read it');
  const empty = await refusal(writeTemp('chrome-only.html', '<html><body><nav><a href="/">Home</a></nav><script>var x = 1;</script></body></html>'));
  assert.match(empty.message, /no article text/u);
});

test('RSS 2.0: one document per good item; the item without text and the one with a bad date are skipped with their reasons', async () => {
  const feed = fixture('feed.rss');
  const items = await readAll(feed);
  assert.deepEqual(
    items.map((item) => item.source),
    [1, 2, 3, 4].map((n) => `${feed}#item-${n}`),
    'items in feed order, named by position',
  );
  assert.deepEqual(skipsOf(items), [
    { source: `${feed}#item-2`, skipped: 'item 2: no text (no content, description or summary)' },
    { source: `${feed}#item-3`, skipped: 'item 3: unparseable date "sometime in April"' },
  ]);
  const [first, fourth] = documentsOf(items);
  assert.deepEqual(
    { format: first.format, title: first.title, published: first.published, language: first.language, link: first.link },
    { format: 'feed-item', title: 'US sanctions against the Minsk Wheel Tractor Plant', published: '2024-04-20', language: 'en-us', link: 'https://news.example.org/2024/04/mzkt' },
  );
  assert.deepEqual(first.text.split('\n').slice(0, 3), [first.title, seedParagraph('On April 19, the US State Department'), seedParagraph('In its statement')], 'HTML description as lines, headline first');
  assert.equal(fourth.published, '2024-04-21');
  assert.ok(fourth.text.includes(seedParagraph('MZKT has already been subject')), 'content:encoded is preferred to a teaser description');
  assert.ok(fourth.text.includes('• Granpect Co. Ltd.'));
  assert.ok(!fourth.text.includes('Short teaser only.'));
});

test('Atom: escaped HTML and inline XHTML content both become lines; xml:lang per entry; an impossible date skips the entry', async () => {
  const feed = fixture('feed.atom');
  const items = await readAll(feed);
  const [english, russian] = documentsOf(items);
  assert.equal(english.published, '2024-04-20', '<published> wins over <updated>');
  assert.equal(english.language, 'en');
  assert.equal(english.link, 'https://news.example.org/2024/04/mzkt');
  assert.ok(english.text.split('\n').includes(seedParagraph('In its statement')));
  assert.equal(russian.language, 'ru');
  assert.equal(russian.text, 'Санкции США против МЗКТ\nГосдепартамент США ввёл санкции против Минского завода колёсных тягачей (МЗКТ).\nTom & Jerry <not a tag>');
  assert.deepEqual(skipsOf(items), [{ source: `${feed}#item-3`, skipped: 'item 3: unparseable date "2024-04-31T00:00:00Z"' }]);
});

test('a feed that is not well-formed XML is refused with its file and line, and none of its items is given out', async () => {
  const broken = await refusal(fixture('broken-feed.xml'));
  assert.equal(broken.source, fixture('broken-feed.xml'));
  assert.equal(broken.line, 8);
  assert.match(broken.message, /not well-formed XML/u);
  const notAFeed = await refusal(writeTemp('note.xml', '<?xml version="1.0"?>\n<note><to>Tove</to></note>\n'));
  assert.match(notAFeed.message, /not an RSS or Atom feed/u);
});

test('binary files are refused whatever their extension: a PNG named .txt, a gzip named .html', async () => {
  for (const name of ['image-named.txt', 'archive-named.html']) {
    const err = await refusal(fixture(name));
    assert.equal(err.source, fixture(name));
    assert.equal(err.message, 'binary file, not text');
  }
});

test('empty files (0 bytes, or only whitespace) are refused', async () => {
  for (const name of ['empty.txt', 'blank.txt']) {
    const err = await refusal(fixture(name));
    assert.equal(`${err.source}: ${err.message}`, `${fixture(name)}: empty file`);
  }
});

test('a 50 MB HTML file is refused from its size at once, without being read', async () => {
  const huge = join(work, 'huge.html');
  const size = 50 * 1024 * 1024;
  const block = Buffer.from(`<p>${seedParagraph('In its statement')}</p>\n`.repeat(4096));
  const fd = openSync(huge, 'w');
  try {
    let written = writeSync(fd, '<!doctype html><html><body>');
    while (written < size) written += writeSync(fd, block, 0, Math.min(block.length, size - written));
  } finally {
    closeSync(fd);
  }
  const started = performance.now();
  const err = await refusal(huge);
  const elapsed = performance.now() - started;
  assert.match(err.message, /^50 MB exceeds the 20 MB limit$/u);
  assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms: the file was read, not just its size checked`);
  const small = await refusal(fixture('article.html'), { maxBytes: 1024 });
  assert.match(small.message, /^\d+(?:\.\d)? KB exceeds the 1 KB limit$/u);
});

test('broken encoding is refused with the line of the first bad byte; real Windows-1252 text is read as such', async () => {
  const broken = await refusal(fixture('broken-utf8.txt'));
  assert.equal(broken.message, 'not valid UTF-8 (first bad byte at line 3)');
  assert.equal(broken.line, 3);
  // A lone UTF-8 lead byte (0xC3 before "(") would read as "Ã(" in Windows-1252: not a word, so refused.
  const lone = await refusal(fixture('lone-lead-byte.txt'));
  assert.equal(lone.line, 2);
  const latin = await onlyDocument(fixture('windows-1252.txt'));
  assert.equal(latin.text, 'Les sanctions visent la Société Générale de Banque au Liban.\n« Nous étudions la décision », a déclaré le porte-parole – à Paris, le 20 avril.\n');
  const withBom = await onlyDocument(writeTemp('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('MZKT was listed.\n')])));
  assert.equal(withBom.text, 'MZKT was listed.\n', 'the UTF-8 BOM is stripped');
  const utf16 = await onlyDocument(writeTemp('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Société Générale\n', 'utf16le')])));
  assert.equal(utf16.text, 'Société Générale\n', 'UTF-16 with its BOM is text, though full of NUL bytes');
  const declared = await onlyDocument(writeTemp('declared.html', Buffer.from('<html><head><meta charset="iso-8859-1"></head><body><article><p>Soci\xe9t\xe9 G\xe9n\xe9rale: \x80 12 million</p></article></body></html>', 'latin1')));
  assert.equal(declared.text, 'Société Générale: € 12 million', "a page's declared charset is used (Latin-1 read as browsers do, as Windows-1252)");
});

test('in a folder, bad files are skipped with their reasons and the good ones read, in name order', async () => {
  const items = await readAll(FIXTURES);
  const reasons = Object.fromEntries(skipsOf(items).map((skip) => [skip.source.slice(FIXTURES.length + 1), skip.skipped]));
  assert.deepEqual(reasons, {
    'archive-named.html': 'binary file, not text',
    'blank.txt': 'empty file',
    'broken-feed.xml': 'line 8: not well-formed XML: unexpected close tag.',
    'broken-utf8.txt': 'not valid UTF-8 (first bad byte at line 3)',
    'empty.txt': 'empty file',
    'feed.atom#item-3': 'item 3: unparseable date "2024-04-31T00:00:00Z"',
    'feed.rss#item-2': 'item 2: no text (no content, description or summary)',
    'feed.rss#item-3': 'item 3: unparseable date "sometime in April"',
    'image-named.txt': 'binary file, not text',
    'lone-lead-byte.txt': 'not valid UTF-8 (first bad byte at line 2)',
  });
  assert.deepEqual(
    documentsOf(items).map((doc) => doc.source.slice(FIXTURES.length + 1)),
    ['article.html', 'feed.atom#item-1', 'feed.atom#item-2', 'feed.rss#item-1', 'feed.rss#item-4', 'windows-1252.txt'],
  );
});

test('a missing path is refused by name', async () => {
  const err = await refusal(join(work, 'no-such-article.txt'));
  assert.equal(err.message, 'no such file or folder');
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('URLs: refused unless fetching is allowed; fetched from a local server when it is', async () => {
  const notAllowed = await refusal('https://example.org/news/mzkt');
  assert.equal(notAllowed.message, 'URL given but fetching not allowed');
  assert.equal(notAllowed.source, 'https://example.org/news/mzkt');

  const page = readFileSync(fixture('article.html'));
  const feed = readFileSync(fixture('feed.rss'));
  const server = createServer((req, res) => {
    if (req.url === '/article') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    else if (req.url === '/feed') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed);
    else if (req.url === '/endless') {
      // No content-length: only counting the bytes as they come can stop it.
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('x'.repeat(64 * 1024));
      res.end('x'.repeat(64 * 1024));
    } else res.writeHead(404).end();
  });
  const base = await listen(server);
  try {
    const article = await onlyDocument(`${base}/article`, { fetch: true });
    assert.equal(article.source, `${base}/article`);
    assert.equal(article.format, 'html');
    assert.equal(article.published, '2024-04-20');
    assert.ok(article.text.split('\n').includes(seedParagraph('In its statement')));
    assert.ok(!article.text.includes('Subscribe to our newsletter'));

    const items = await readAll(`${base}/feed`, { fetch: true });
    assert.deepEqual(
      documentsOf(items).map((doc) => doc.source),
      [`${base}/feed#item-1`, `${base}/feed#item-4`],
    );
    assert.equal(skipsOf(items).length, 2);

    assert.equal((await refusal(`${base}/missing`, { fetch: true })).message, 'HTTP 404 Not Found');
    assert.match((await refusal(`${base}/endless`, { fetch: true, maxBytes: 100 * 1024 })).message, /^response exceeds the 100 KB limit$/u);
  } finally {
    server.close();
  }
});
