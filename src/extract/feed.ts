// RSS 2.0 and Atom feed files: one article per item, its HTML body read like a page. An item
// without text or with a date that is no date is skipped with its reason; a feed that is not
// well-formed XML is refused with its line.
import { SaxesParser } from 'saxes';
import { htmlToArticle, isoDay } from './html.js';

export interface FeedItem {
  index: number;
  title: string | null;
  link: string | null;
  published: string | null;
  language: string | null;
  text: string;
}

export interface FeedSkip {
  index: number;
  reason: string;
}

export class FeedError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const ITEM = new Set(['item', 'entry']);
const TEXT_FIELDS = ['content:encoded', 'content', 'description', 'summary'];
const DATE_FIELDS = ['pubDate', 'published', 'updated', 'dc:date'];

/** True when the XML's root element is an RSS or Atom feed. */
export function isFeed(xml: string): boolean {
  return /<(rss|feed|rdf:RDF)[\s>]/u.test(xml.slice(0, 2000));
}

export function readFeed(xml: string): (FeedItem | FeedSkip)[] {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const out: (FeedItem | FeedSkip)[] = [];
  let language: string | null = null;
  let fields: Map<string, string> | null = null;
  let link: string | null = null;
  let path: string[] = [];
  let buffer = '';
  parser.on('opentag', (tag) => {
    path.push(tag.name);
    buffer = '';
    if (ITEM.has(tag.name)) {
      fields = new Map();
      link = null;
    } else if (fields && tag.name === 'link' && typeof tag.attributes.href === 'string' && (!tag.attributes.rel || tag.attributes.rel === 'alternate')) link = tag.attributes.href;
  });
  parser.on('text', (t) => (buffer += t));
  parser.on('cdata', (t) => (buffer += t));
  parser.on('closetag', (tag) => {
    path.pop();
    if (!fields && tag.name === 'language') language = buffer.trim() || null;
    if (fields && !ITEM.has(tag.name) && buffer.trim() && !fields.has(tag.name)) fields.set(tag.name, buffer.trim());
    if (fields && ITEM.has(tag.name)) {
      out.push(toItem(out.length + 1, fields, link, language));
      fields = null;
    }
    buffer = '';
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    throw new FeedError(`not well-formed XML: ${(err as Error).message.replace(/^.*?:\d+:\d+: /u, '')}`, parser.line);
  }
  path = [];
  return out;
}

function toItem(index: number, fields: Map<string, string>, link: string | null, language: string | null): FeedItem | FeedSkip {
  const body = TEXT_FIELDS.map((f) => fields.get(f)).find((v) => v && v.trim());
  if (!body) return { index, reason: 'no text (no content, description or summary)' };
  const rawDate = DATE_FIELDS.map((f) => fields.get(f)).find((v) => v);
  const published = rawDate ? isoDay(rawDate) : null;
  if (rawDate && !published) return { index, reason: `date '${rawDate}' is not a date` };
  const text = /<[a-z][\s\S]*>/iu.test(body) ? htmlToArticle(`<html><body>${body}</body></html>`).text : body;
  const title = fields.get('title') ?? null;
  return { index, title, link: link ?? fields.get('link') ?? null, published, language, text: title ? `${title}\n${text}` : text };
}
