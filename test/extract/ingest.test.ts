// Reading articles from files, folders, HTML pages, feeds and URLs, and refusing bad input by
// name (binary, empty, oversize, broken encoding, malformed feed items) before anything is stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IngestError, readDocuments, type RawDocument, type SkippedItem } from '../../src/extract/ingest.js';
import { NEWS } from '../helpers/paths.js';

const work = mkdtempSync(join(tmpdir(), 'sanctrace-ingest-'));
const seed = readFileSync(join(NEWS, 'seed_000_mzkt_sanctions.txt'), 'utf8');
const paragraph = seed.split('\n').find((l) => l.startsWith('In its statement'))!.trim();

async function all(input: string, options = {}): Promise<(RawDocument | SkippedItem)[]> {
  const out: (RawDocument | SkippedItem)[] = [];
  for await (const item of readDocuments(input, options)) out.push(item);
  return out;
}
const docs = (items: (RawDocument | SkippedItem)[]) => items.filter((i): i is RawDocument => 'text' in i);
const skips = (items: (RawDocument | SkippedItem)[]) => items.filter((i): i is SkippedItem => 'skipped' in i);

async function refused(input: string, pattern: RegExp, options = {}): Promise<IngestError> {
  try {
    await all(input, options);
  } catch (err) {
    assert.ok(err instanceof IngestError, String(err));
    assert.match(`${err.source}: ${err.message}`, pattern);
    return err;
  }
  assert.fail(`${input} was not refused`);
}

function write(name: string, content: string | Buffer): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

test('a text file comes back exactly as written; a folder gives its articles and says why it skips the rest', async () => {
  const [doc] = docs(await all(join(NEWS, 'seed_000_mzkt_sanctions.txt')));
  assert.equal(doc.text, seed);
  assert.equal(doc.format, 'text');
  const folder = await all(NEWS);
  assert.equal(docs(folder).length, 9);
  assert.ok(skips(folder).some((s) => s.source.endsWith('.gold.json') && /not an article file/u.test(s.skipped)));
});

test('HTML: the main content is kept as lines, navigation, footer and scripts are not; title, date and language from the metadata', async () => {
  const page = write(
    'page.html',
    `<!doctype html><html lang="en"><head><title>Belarus news | Site</title><meta property="article:published_time" content="2024-04-20T08:00:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li></ul></nav>
<article><h1>US sanctions against the Minsk Wheel Tractor Plant</h1><p>${paragraph}</p><p>${paragraph.replace('In its statement', 'In a later statement')}</p>
<p>In addition to MZKT, the following Chinese companies have also been subjected to sanctions:</p><ul><li>Granpect Co. Ltd.</li></ul><script>document.title = 'owned'</script></article>
<footer>Subscribe to our newsletter</footer></body></html>`,
  );
  const [doc] = docs(await all(page));
  assert.equal(doc.format, 'html');
  assert.equal(doc.published, '2024-04-20');
  assert.equal(doc.language, 'en');
  assert.ok(doc.text.split('\n').includes(paragraph), doc.text);
  assert.ok(doc.text.split('\n').includes('• Granpect Co. Ltd.'));
  assert.doesNotMatch(doc.text, /About us|Subscribe to our newsletter|owned/u);
});

test('a feed gives one article per item; items without text or with a bad date are skipped with their reason', async () => {
  const feed = write(
    'feed.xml',
    `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><language>en</language>
<item><title>US sanctions MZKT</title><link>https://example.org/mzkt</link><pubDate>Sat, 20 Apr 2024 08:00:00 GMT</pubDate><description><![CDATA[<p>${paragraph}</p>]]></description></item>
<item><title>Empty</title><link>https://example.org/empty</link></item>
<item><title>Undated</title><pubDate>some day in spring</pubDate><description>Text.</description></item>
<entry><title>Atom-style entry</title><summary>${paragraph}</summary><updated>2024-04-21T00:00:00Z</updated></entry>
</channel></rss>`,
  );
  const items = await all(feed);
  const good = docs(items);
  assert.deepEqual(good.map((d) => [d.source, d.published]), [['https://example.org/mzkt', '2024-04-20'], [`${feed}#item-4`, '2024-04-21']]);
  assert.ok(good[0].text.includes(paragraph));
  assert.deepEqual(skips(items).map((s) => s.skipped), ['item 2: no text (no content, description or summary)', "item 3: date 'some day in spring' is not a date"]);
  await refused(write('broken.xml', '<rss><channel><item><title>x</title>\n<description>y</item></channel></rss>'), /broken\.xml: not well-formed XML/u);
});

test('bad files are refused by name: binary, empty, 50 MB, broken encoding (Windows-1252 text is read)', async () => {
  await refused(write('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), /image\.txt: binary file/u);
  await refused(write('empty.txt', ''), /empty\.txt: empty file/u);
  await refused(write('blank.txt', '  \n\n '), /blank\.txt: empty file/u);
  const huge = write('huge.html', '');
  truncateSync(huge, 50 * 1024 * 1024);
  const started = performance.now();
  await refused(huge, /huge\.html: 50\.0 MB exceeds the 20 MB limit/u);
  assert.ok(performance.now() - started < 5000, 'refused from its size, not by reading it');
  const broken = await refused(write('broken.txt', Buffer.concat([Buffer.from('first line\nsecond line \u00ab ok \u00bb\n'), Buffer.from([0xc3, 0x28, 0x80, 0x81, 0x82]), Buffer.from('\n')])), /broken\.txt: not valid UTF-8 \(first bad byte at line 3\)/u);
  assert.equal(broken.line, 3);
  const [latin] = docs(await all(write('latin.txt', Buffer.from('Sanctions against the Soci\xe9t\xe9 G\xe9n\xe9rale branch were extended.\n', 'latin1'))));
  assert.match(latin.text, /Société Générale/u);
  // In a folder the bad file is skipped with its reason and the good ones are read.
  const folder = await all(work);
  assert.ok(skips(folder).some((s) => s.source.endsWith('empty.txt') && s.skipped === 'empty file'));
  assert.ok(docs(folder).some((d) => d.source.endsWith('latin.txt')));
});

test('URLs are fetched only when asked', async () => {
  await refused('https://example.org/news', /fetching not allowed/u);
  const server = createServer((req, res) => {
    if (req.url === '/article') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<html lang="en"><body><article><h1>MZKT</h1><p>${paragraph}</p><p>${paragraph}</p></article></body></html>`);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const [doc] = docs(await all(`${base}/article`, { fetch: true }));
    assert.equal(doc.source, `${base}/article`);
    assert.ok(doc.text.includes(paragraph));
    await refused(`${base}/missing`, /HTTP 404/u, { fetch: true });
  } finally {
    server.close();
  }
});
