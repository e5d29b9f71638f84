// HTML to article text: Mozilla Readability picks the main content (over linkedom's DOM, no
// browser), then block elements become lines so the line-level cleaning and evidence offsets
// work on HTML as on scraped text. Nothing in the page is executed.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export interface HtmlArticle {
  title: string | null;
  published: string | null;
  language: string | null;
  text: string;
}

const BLOCKS = new Set(['P', 'DIV', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'TR', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'FIGCAPTION', 'UL', 'OL', 'TABLE', 'DD', 'DT']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** Text of a DOM subtree with one line per block element and list items as bullets. */
export function blocksToText(root: DomNode): string {
  const lines: string[] = [];
  let current = '';
  const flush = () => {
    const line = current.replace(/[ \t\u00a0]+/gu, ' ').trim();
    if (line) lines.push(line);
    current = '';
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      current += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const name = node.nodeName.toUpperCase();
    if (name === 'SCRIPT' || name === 'STYLE' || name === 'NOSCRIPT' || name === 'TEMPLATE') return;
    if (name === 'BR') return flush();
    const block = BLOCKS.has(name);
    if (block) flush();
    if (name === 'LI') current += '• ';
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return lines.join('\n');
}

type Page = ReturnType<typeof parseHTML>['document'];

function meta(document: Page, ...names: string[]): string | null {
  for (const name of names) {
    const el = document.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
    const value = el?.getAttribute('content');
    if (value) return value.trim();
  }
  return null;
}

/** An ISO day from a metadata timestamp ("2024-04-19T10:00:00Z" → 2024-04-19), else null. */
export function isoDay(value: string | null | undefined): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/u.exec(value?.trim() ?? '');
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  const parsed = value ? new Date(value) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed.toISOString().slice(0, 10) : null;
}

export function htmlToArticle(html: string): HtmlArticle {
  const { document } = parseHTML(html);
  const published = isoDay(meta(document, 'article:published_time', 'datePublished', 'date', 'pubdate', 'dc.date') ?? document.querySelector('time[datetime]')?.getAttribute('datetime'));
  const language = document.documentElement?.getAttribute('lang') || meta(document, 'og:locale', 'language');
  const title = meta(document, 'og:title') ?? (document.querySelector('title')?.textContent?.trim() || null);
  // Readability changes the document it reads: give it its own copy.
  const parsed = new Readability(parseHTML(html).document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
  let text = '';
  if (parsed?.content) text = blocksToText(parseHTML(`<html><body>${parsed.content}</body></html>`).document.body as unknown as DomNode);
  // Pages Readability cannot read (short notices, lists) fall back to the body's blocks.
  if (text.trim().length < 200 && document.body) text = blocksToText(document.body as unknown as DomNode);
  return { title: parsed?.title?.trim() || title, published: published ?? isoDay(parsed?.publishedTime), language: language?.slice(0, 5) ?? null, text };
}
