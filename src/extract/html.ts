// HTML to article text: Mozilla Readability picks the main content (over linkedom's DOM, so no
// browser and nothing in the page is executed), then block elements become lines so the
// line-level cleaning and evidence offsets work on HTML as they do on scraped text.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export interface HtmlArticle {
  title: string | null;
  /** YYYY-MM-DD as the page's metadata states it, else null. */
  published: string | null;
  language: string | null;
  /** One block per line; the headline first. */
  text: string;
}

/** The slice of the DOM the line builder needs; linkedom and Readability nodes both fit it. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

type Page = ReturnType<typeof parseHTML>['document'];
type PageElement = NonNullable<ReturnType<Page['querySelector']>>;
type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const BLOCK_ELEMENTS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CAPTION', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TR', 'UL',
]);
const CELL_ELEMENTS = new Set(['TD', 'TH']);
const NEVER_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'OBJECT', 'CANVAS', 'SELECT', 'BUTTON']);
/** Furniture by its markup, removed before Readability: a short page it reads whole would bring its menus along. */
const FURNITURE = 'nav, aside, [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"]';
/** Site-wide header and footer; inside an <article> they hold its headline, byline and date, so are kept there. */
const PAGE_FRAME = 'header, footer';
/** Below this, Readability's pick is taken as "found nothing" (a caption, a cookie notice). */
const MIN_ARTICLE_CHARS = 25;

/**
 * Text of a DOM subtree with one line per block element. List items get the "• " bullet that
 * scraped articles carry, so lists read the same whether they came from HTML or from a .txt.
 */
export function blocksToText(root: DomNode): string {
  const lines: string[] = [];
  let current = '';
  const endLine = () => {
    const line = current.replace(/\s+/gu, ' ').trim();
    if (line) lines.push(line);
    current = '';
  };
  const walk = (node: DomNode, inPre: boolean) => {
    if (node.nodeType === TEXT_NODE) {
      const text = node.textContent ?? '';
      // Preformatted text keeps its own line breaks; elsewhere a newline is just whitespace.
      if (!inPre) current += text;
      else
        text.split('\n').forEach((part, i) => {
          if (i > 0) endLine();
          current += part;
        });
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const name = node.nodeName.toUpperCase();
    if (NEVER_TEXT.has(name)) return;
    if (name === 'BR') return endLine();
    const block = BLOCK_ELEMENTS.has(name);
    if (block) endLine();
    if (name === 'LI') current += '• ';
    if (CELL_ELEMENTS.has(name) && current.trim()) current += ' ';
    for (const child of Array.from(node.childNodes)) walk(child, inPre || name === 'PRE');
    if (block) endLine();
  };
  walk(root, false);
  endLine();
  return lines.join('\n');
}

/** A fragment of HTML (a feed item's body) as lines, without picking a "main" part of it. */
export function htmlFragmentToText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return document.body ? blocksToText(document.body as unknown as DomNode) : '';
}

/** A whole page: its main content as lines, and the title, date and language its metadata gives. */
export function htmlToArticle(markup: string): HtmlArticle {
  const html = withBody(markup);
  const { document } = parseHTML(html);
  // Metadata first: Readability rewrites the document it reads.
  const published = pagePublished(document);
  const language = pageLanguage(document);
  const fallbackTitle = metaContent(document, 'og:title', 'twitter:title', 'dc.title') ?? (document.querySelector('title')?.textContent?.trim() || null);
  const heading = articleHeading(document);
  removeFurniture(document);
  const parsed = new Readability<DomNode>(document as unknown as ReadabilityDocument, { serializer: (node) => node as unknown as DomNode }).parse();
  let text = parsed?.content ? blocksToText(parsed.content) : '';
  if (text.length < MIN_ARTICLE_CHARS) text = bodyWithoutFurniture(html);
  const title = parsed?.title?.trim() || fallbackTitle;
  return {
    title,
    published: published ?? (parsed?.publishedTime ? statedDay(parsed.publishedTime) : null),
    language: language ?? normalizeLanguage(parsed?.lang),
    text: withHeadline(heading ?? title, text),
  };
}

/**
 * Browsers invent the missing <html> and <body> around a fragment or bare text; linkedom does
 * not, and Readability needs them. The <head> and the <html> attributes (lang) are kept.
 */
function withBody(html: string): string {
  if (/<body[\s>]/iu.test(html)) return html;
  const head = /<head[\s>][\s\S]*?<\/head>/iu.exec(html)?.[0] ?? '';
  const htmlTag = /<html(?:\s[^>]*)?>/iu.exec(html)?.[0] ?? '<html>';
  const content = html.replace(head, '').replace(/<!doctype[^>]*>|<\/?html(?:\s[^>]*)?>/giu, '');
  return `<!doctype html>${htmlTag}${head}<body>${content}</body></html>`;
}

/** The body's blocks minus its furniture: for pages where Readability finds nothing. */
function bodyWithoutFurniture(html: string): string {
  const { document } = parseHTML(html);
  if (!document.body) return '';
  removeFurniture(document);
  return blocksToText(document.body as unknown as DomNode);
}

function removeFurniture(document: Page): void {
  if (!document.body) return;
  for (const element of Array.from(document.body.querySelectorAll(FURNITURE)) as PageElement[]) element.remove();
  for (const element of Array.from(document.body.querySelectorAll(PAGE_FRAME)) as PageElement[]) if (!element.closest('article')) element.remove();
}

/** The article's own <h1>: preferred to the title, which tends to carry the site's name. */
function articleHeading(document: Page): string | null {
  // A bare <h1> outside article/main is as often the site's logo as the headline.
  const h1 = document.querySelector('article h1') ?? document.querySelector('main h1');
  return h1?.textContent?.replace(/\s+/gu, ' ').trim() || null;
}

/**
 * The headline as the first line, unless the text already starts with it. Readability drops the
 * <h1> that repeats the title, yet the headline often names the target and the measure, and
 * scraped articles start with it.
 */
export function withHeadline(headline: string | null, text: string): string {
  if (!headline) return text;
  const normalized = (s: string) => s.replace(/\s+/gu, ' ').trim().toLowerCase();
  const first = text.split('\n', 1)[0] ?? '';
  if (normalized(first) === normalized(headline)) return text;
  return text ? `${headline}\n${text}` : headline;
}

function metaContent(document: Page, ...names: string[]): string | null {
  const metas = Array.from(document.querySelectorAll('meta')) as PageElement[];
  for (const name of names.map((n) => n.toLowerCase())) {
    for (const meta of metas) {
      const key = (meta.getAttribute('property') ?? meta.getAttribute('name') ?? meta.getAttribute('itemprop') ?? meta.getAttribute('http-equiv') ?? '').toLowerCase();
      const content = meta.getAttribute('content')?.trim();
      if (key === name && content) return content;
    }
  }
  return null;
}

function pagePublished(document: Page): string | null {
  const stated = metaContent(document, 'article:published_time', 'datePublished', 'dc.date.issued', 'dc.date', 'dcterms.created', 'date', 'pubdate', 'publish-date');
  // A <time> inside the article is its date; one elsewhere may belong to a sidebar teaser.
  const time = document.querySelector('article time[datetime]') ?? document.querySelector('time[pubdate]') ?? document.querySelector('time[datetime]');
  const value = stated ?? time?.getAttribute('datetime') ?? null;
  return value ? statedDay(value) : null;
}

function pageLanguage(document: Page): string | null {
  const root = document.documentElement;
  return normalizeLanguage(root?.getAttribute('lang') ?? root?.getAttribute('xml:lang') ?? metaContent(document, 'content-language', 'language', 'dc.language', 'og:locale'));
}

/** "en_US" → "en-US"; anything that is not shaped like a language tag → null. */
export function normalizeLanguage(value: string | null | undefined): string | null {
  const tag = value?.trim().replace(/_/gu, '-');
  return tag && /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/iu.test(tag) ? tag : null;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/**
 * The calendar day a metadata timestamp states, as YYYY-MM-DD, or null when it is no date.
 * The day is taken as written, not shifted to UTC: "2024-04-19T23:30-05:00" was published on
 * the 19th where it was written. Only explicit formats are read (ISO 8601, RFC 822 as in RSS,
 * "April 19, 2024"), so a stray number is never taken for a year.
 */
export function statedDay(value: string): string | null {
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/u.exec(text);
  if (iso) return calendarDay(+iso[1], +iso[2], +iso[3]);
  const dayFirst = /^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4}|\d{2})\b/iu.exec(text);
  if (dayFirst) return calendarDay(fullYear(dayFirst[3]), MONTHS[dayFirst[2].toLowerCase()], +dayFirst[1]);
  const monthFirst = /^(?:[a-z]{3,9},?\s+)?([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b/iu.exec(text);
  if (monthFirst) return calendarDay(+monthFirst[3], MONTHS[monthFirst[1].toLowerCase()], +monthFirst[2]);
  return null;
}

/** RFC 822's two-digit years, read as RFC 2822 says: 00-49 → 20xx, 50-99 → 19xx. */
function fullYear(digits: string): number {
  const year = Number(digits);
  if (digits.length === 4) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

function calendarDay(year: number, month: number | undefined, day: number): string | null {
  if (!month || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
