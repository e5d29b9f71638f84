// RSS 2.0, RSS 1.0 (RDF) and Atom feed files: one article per item, its HTML body turned into
// lines like a page's. An item without text or with a date that is no date is skipped with its
// reason; a feed that is not well-formed XML is refused with its line, and nothing of it is read.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { htmlFragmentToText, normalizeLanguage, statedDay, withHeadline } from './html.js';

export interface FeedItem {
  /** 1-based position among the feed's items, skipped ones included. */
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

const FEED_ROOTS = new Set(['rss', 'feed', 'rdf:RDF']);
const ITEM_ELEMENTS = new Set(['item', 'entry']);
/** Where an item's body may be, fullest first. */
const BODY_FIELDS = ['content:encoded', 'content', 'description', 'summary'];
const DATE_FIELDS = ['pubDate', 'published', 'dc:date', 'updated'];

/**
 * The name of the document's root element, skipping the XML declaration, comments, processing
 * instructions and a DOCTYPE; null when the text does not start like XML at all.
 */
export function rootElement(xml: string): string | null {
  const prolog = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>)*<([A-Za-z_][\w:.-]*)/u;
  return prolog.exec(xml.replace(/^\uFEFF/u, ''))?.[1] ?? null;
}

export function isFeed(xml: string): boolean {
  const root = rootElement(xml);
  return root !== null && FEED_ROOTS.has(root);
}

/** One open element; inside an item's field, its text and any markup it holds (Atom xhtml). */
interface Field {
  name: string;
  attributes: Record<string, string>;
  parts: { markup: boolean; value: string }[];
  hasElements: boolean;
}

interface ItemDraft {
  fields: Map<string, { value: string; type: string | null; isMarkup: boolean }>;
  link: string | null;
  language: string | null;
  /** How many elements are open around the item: its fields are one deeper. */
  depth: number;
}

/** Every item of the feed in order, each read or skipped with its reason. */
export function readFeed(xml: string): (FeedItem | FeedSkip)[] {
  const root = rootElement(xml);
  if (!root || !FEED_ROOTS.has(root)) throw new FeedError(`not an RSS or Atom feed (root element is ${root ? `<${root}>` : 'missing'})`, 1);
  const parser = new SaxesParser({ xmlns: false, position: true });
  const items: (FeedItem | FeedSkip)[] = [];
  const open: Field[] = [];
  let feedLanguage: string | null = null;
  let item: ItemDraft | null = null;
  // Below an item's field (open deeper than it), elements and text belong to that field.
  const enclosingField = (): Field | null => (item && open.length > item.depth + 1 ? open[item.depth + 1] : null);

  parser.on('opentag', (tag) => {
    const attributes = plainAttributes(tag);
    if (!item && ITEM_ELEMENTS.has(tag.name)) {
      item = { fields: new Map(), link: null, language: normalizeLanguage(attributes['xml:lang']) ?? feedLanguage, depth: open.length };
    } else if (!item && FEED_ROOTS.has(tag.name)) {
      feedLanguage = normalizeLanguage(attributes['xml:lang']);
    } else if (item && open.length === item.depth + 1 && tag.name === 'link' && attributes.href && (!attributes.rel || attributes.rel === 'alternate')) {
      item.link = attributes.href;
    }
    // Elements inside an item's field are its XHTML body: kept as markup for the HTML reader.
    const field = enclosingField();
    if (field) {
      field.hasElements = true;
      field.parts.push({ markup: true, value: `<${tag.name}${Object.entries(attributes).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('')}>` });
    }
    open.push({ name: tag.name, attributes, parts: [], hasElements: false });
  });
  const onText = (text: string) => {
    const target = enclosingField() ?? open[open.length - 1];
    target?.parts.push({ markup: false, value: text });
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    const field = open.pop();
    if (!field) return;
    const enclosing = enclosingField();
    if (enclosing) enclosing.parts.push({ markup: true, value: `</${tag.name}>` });
    else if (item && open.length === item.depth + 1) recordField(item, field);
    else if (item && open.length === item.depth) {
      items.push(toFeedEntry(items.length + 1, item));
      item = null;
    } else if (!item && (tag.name === 'language' || tag.name === 'dc:language')) feedLanguage = normalizeLanguage(fieldValue(field));
  });

  try {
    parser.write(xml).close();
  } catch (err) {
    throw new FeedError(`not well-formed XML: ${(err as Error).message.replace(/^(?:[^:]*:)?\d+:\d+: /u, '')}`, parser.line);
  }
  return items;
}

function plainAttributes(tag: SaxesTagPlain): Record<string, string> {
  return Object.fromEntries(Object.entries(tag.attributes).map(([k, v]) => [k, String(v)]));
}

function recordField(item: ItemDraft, field: Field): void {
  const name = field.name.replace(/^atom:/u, '');
  const value = fieldValue(field);
  // RSS 2.0 puts the link in the element's text; Atom in href, taken when the tag opens.
  if (name === 'link' && value && !item.link) item.link = value;
  if (!value || item.fields.has(name)) return;
  item.fields.set(name, { value, type: field.attributes.type ?? null, isMarkup: field.hasElements });
}

/** A field's text; when it holds elements, its markup with the text escaped again so "&lt;" stays text. */
function fieldValue(field: Field): string {
  return field.parts
    .map((part) => (part.markup || !field.hasElements ? part.value : escapeXml(part.value)))
    .join('')
    .trim();
}

function toFeedEntry(index: number, item: ItemDraft): FeedItem | FeedSkip {
  const text = itemText(item);
  if (!text) return { index, reason: `item ${index}: no text (no content, description or summary)` };
  const statedDate = DATE_FIELDS.map((name) => item.fields.get(name)?.value).find((v) => v);
  const published = statedDate ? statedDay(statedDate) : null;
  if (statedDate && !published) return { index, reason: `item ${index}: unparseable date "${statedDate}"` };
  const title = itemTitle(item);
  return { index, title, link: item.link, published, language: item.language, text: withHeadline(title, text) };
}

function itemTitle(item: ItemDraft): string | null {
  const field = item.fields.get('title');
  if (!field) return null;
  const title = looksLikeHtml(field.value, field.type) || field.isMarkup ? htmlFragmentToText(field.value).replace(/\n/gu, ' ') : field.value;
  return title.trim() || null;
}

/** The first body field that has text once its HTML is turned into lines. */
function itemText(item: ItemDraft): string {
  for (const name of BODY_FIELDS) {
    const field = item.fields.get(name);
    if (!field) continue;
    const text = looksLikeHtml(field.value, field.type) || field.isMarkup ? htmlFragmentToText(field.value) : field.value;
    if (text.trim()) return text.trim();
  }
  return '';
}

/** Atom says what its content is; RSS does not, so a body with tags or entities in it is taken as HTML. */
function looksLikeHtml(value: string, type: string | null): boolean {
  if (type === 'html' || type === 'xhtml' || type === 'text/html') return true;
  if (type === 'text' || type === 'text/plain') return false;
  return /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/iu.test(value);
}

function escapeXml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}
