// Dates: the article's publication date (metadata, else a dateline or a dated header line), and
// every date in the text resolved against it with its precision. A date the text leaves without
// a year ("On April 19") gets one only from an anchor; without an anchor it stays unresolved.
import * as chrono from 'chrono-node';
import type { Line } from './clean.js';

export type Precision = 'day' | 'month' | 'year';

export interface TextDate {
  /** Offsets into the original text. */
  start: number;
  end: number;
  text: string;
  /** YYYY-MM-DD, YYYY-MM or YYYY as far as the text makes it computable; null when it does not. */
  value: string | null;
  precision: Precision | null;
}

export interface Publication {
  /** YYYY-MM-DD, or null when nothing in the metadata or the text's head states it. */
  date: string | null;
  /** Where it was read: "metadata", or the line it came from. */
  evidence: string | null;
  /**
   * The period a digest covers ("April 15 – April 21, 2024" → 2024-04), when its head states one
   * and no single date: what it reports happened then, to that precision.
   */
  period?: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

function parseOne(text: string, reference?: Date): chrono.ParsedResult[] {
  return chrono.parse(text, reference ? { instant: reference, timezone: 'UTC' } : { instant: new Date(Date.UTC(2000, 0, 1)), timezone: 'UTC' }, { forwardDate: false });
}

// How many lines from the top a dateline or dated header may stand.
const HEAD_LINES = 8;

/** The publication date: metadata first, then a dateline ("Brussels, 5 August 2024"), then a dated header line. */
export function publicationDate(lines: Line[], metadata: string | null): Publication {
  if (metadata) return { date: metadata, evidence: 'metadata' };
  const head = lines.filter((l) => l.text.trim()).slice(0, HEAD_LINES);
  // 1. "Place, 5 August 2024" or an ISO date in a header line.
  for (const line of head) {
    const t = line.text.trim();
    const iso = /\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b/u.exec(t);
    // A short header line, or a long one that opens with its date ("date 2019-05-08 WASHINGTON (Sputnik) - …").
    if (iso && (t.length < 60 || /^(?:date:?\s*)?$/iu.test(t.slice(0, iso.index).trim()))) return { date: iso[0], evidence: t };
    // A line that is a full date and nothing else ("January 4, 2018" under a press release's title).
    if (t.length <= 30 && !line.furniture && /\b(?:19|20)\d{2}\b/u.test(t)) {
      const whole = parseOne(t).find((r) => r.text.length >= t.replace(/[.,\s]+$/u, '').length - 2);
      if (whole && !whole.end && whole.start.isCertain('year') && whole.start.isCertain('month') && whole.start.isCertain('day')) return { date: isoDay(whole.start.date()), evidence: t };
    }
    const dateline = /^[\p{Lu}][\p{L} .'-]{1,40}, (.{6,30}?\b(?:19|20)\d{2})\b/u.exec(t);
    if (dateline && !line.furniture) {
      const date = fullDate(dateline[1]);
      if (date) return { date, evidence: t };
    }
  }
  // 2. A header line (title, "Update 30th January 2024") carrying one full date, not a range and not a page-date widget.
  for (const line of head) {
    const t = line.text.trim();
    if (line.furniture || t.length > 120 || /[–—-]\s*\p{L}+ \d/u.test(t)) continue;
    const found = parseOne(t).filter((r) => r.start.isCertain('year') && r.start.isCertain('day') && !r.end);
    if (found.length === 1 && /\b(update|updated|published|posted)\b|\|/iu.test(t)) return { date: isoDay(found[0].start.date()), evidence: t };
  }
  // 3. A digest's period: "April 15 – April 21, 2024", "15–21 April 2024".
  for (const line of head) {
    const t = line.text.trim();
    if (t.length > 60 || !/[–—-]/u.test(t)) continue;
    const year = /\b((?:19|20)\d{2})\b/u.exec(t)?.[1];
    const months = [...t.matchAll(/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/giu)].map((m) => m[1].toLowerCase());
    if (!year || months.length === 0) continue;
    const month = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].indexOf(months[0]) + 1;
    return { date: null, evidence: null, period: new Set(months).size === 1 ? `${year}-${pad(month)}` : year };
  }
  return { date: null, evidence: null };
}

function fullDate(text: string): string | null {
  const r = parseOne(text)[0];
  return r && r.start.isCertain('year') && r.start.isCertain('month') && r.start.isCertain('day') ? isoDay(r.start.date()) : null;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

// The rules, the event decisions and their features all read a sentence's dates: chrono parses
// each sentence once per publication date.
const bySentence = new WeakMap<object, Map<string | null, TextDate[]>>();

/** datesIn for a sentence of the document, parsed once (the sentence object is the key). */
export function sentenceDates(sentence: { text: string; start: number }, published: string | null): TextDate[] {
  let byPublished = bySentence.get(sentence);
  if (!byPublished) bySentence.set(sentence, (byPublished = new Map()));
  let dates = byPublished.get(published);
  if (!dates) byPublished.set(published, (dates = datesIn(sentence.text, sentence.start, published)));
  return dates;
}

/** Every date in a sentence, resolved against the publication date when there is one. */
export function datesIn(text: string, offset: number, published: string | null): TextDate[] {
  const anchor = published ? new Date(`${published}T12:00:00Z`) : null;
  const found: TextDate[] = [];
  const at = (index: number, match: string, value: string | null, precision: Precision | null) =>
    found.push({ start: offset + index, end: offset + index + match.length, text: match, value, precision: value ? precision : null });

  for (const r of parseOne(text, anchor ?? undefined)) {
    const c = r.start;
    const weekday = /^(on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/iu.exec(r.text.trim());
    if (weekday) {
      // News speaks of the past week: the last such weekday on or before the publication date.
      if (!anchor) at(r.index, r.text, null, null);
      else {
        const back = (anchor.getUTCDay() - WEEKDAYS.indexOf(weekday[2].toLowerCase()) + 7) % 7;
        at(r.index, r.text, isoDay(new Date(anchor.getTime() - back * 86_400_000)), 'day');
      }
      continue;
    }
    // Without an anchor only what the text dates in full counts: "now" or "April 19" alone stay open.
    if (!anchor && !/\b(19|20)\d{2}\b/u.test(r.text)) {
      if (c.isCertain('month')) at(r.index, r.text, null, null);
      continue;
    }
    const relative = /\b(today|yesterday|tomorrow|last|this|next|ago|now)\b/iu.test(r.text);
    const yearKnown = c.isCertain('year') && (!relative || anchor !== null);
    const year = yearKnown ? c.get('year') : anchor && c.isCertain('month') ? anchor.getUTCFullYear() : null;
    if (year === null) {
      at(r.index, r.text, null, null);
      continue;
    }
    const d = c.date();
    if (c.isCertain('day') && c.isCertain('month')) at(r.index, r.text, `${year}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`, 'day');
    else if (c.isCertain('month')) at(r.index, r.text, `${year}-${pad(d.getUTCMonth() + 1)}`, 'month');
    else at(r.index, r.text, String(year), 'year');
  }
  // Bare years ("since 2022", "in 2023") that chrono leaves alone.
  for (const m of text.matchAll(/\b(since|in|from|until|by|during|of|for) ((?:19|20)\d{2})\b(?![-–]\d)/gu)) {
    const index = m.index + m[1].length + 1;
    if (!found.some((f) => f.start - offset <= index && index < f.end - offset)) at(index, m[2], m[2], 'year');
  }
  return found.sort((a, b) => a.start - b.start);
}
