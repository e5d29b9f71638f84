// Sentences of the kept article lines, with offsets into the original text. Bullet items are
// sentences of their own and remember that they are bullets, so a designation announced in the
// sentence before ("the following companies:") can take them as its targets.
import type { Line } from './clean.js';

export interface Sentence {
  /** Offsets into the original text. */
  start: number;
  end: number;
  text: string;
  /** 0-based number of the line it is on. */
  line: number;
  bullet: boolean;
  /** Bullet depth from indentation (0 = not a bullet or top level). */
  depth: number;
}

// Words ending in a full stop that do not end a sentence.
const ABBREVIATIONS = new Set([
  'u.s', 'u.k', 'u.n', 'e.u', 'co', 'corp', 'ltd', 'inc', 'llc', 'jsc', 'ojsc', 'st', 'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'col', 'lt', 'no', 'nos', 'vs', 'etc', 'e.g', 'i.e', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'approx', 'dept', 'gov', 'sr', 'jr', 'bros', 'p.l.c', 'plc', 'a.k.a', 'aka',
]);
const BULLET = /^(\s*)([•·▪◦‣*-]|\d{1,2}[.)])\s+/u;

function endsSentence(text: string, dot: number): boolean {
  const word = /([\p{L}.]+)$/u.exec(text.slice(0, dot))?.[1] ?? '';
  if (ABBREVIATIONS.has(word.toLowerCase().replace(/\.$/u, ''))) return false;
  // A single capital before the dot is an initial ("John F. Kennedy", "Gina M. Raimondo").
  if (/^\p{Lu}$/u.test(word)) return false;
  return true;
}

/**
 * Kept lines with hard-wrapped paragraphs joined: a line that does not end a sentence, followed
 * directly by one that starts in lower case, is one text ("…believed that four\nvessels,
 * including …"). Only lines adjacent in the original text are joined, so offsets stay exact.
 */
function paragraphs(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (const line of lines) {
    if (line.furniture || !line.text.trim()) {
      out.push(line);
      continue;
    }
    const prev = out[out.length - 1];
    const adjacent = prev && !prev.furniture && prev.text.trim() && prev.start + prev.text.length + 1 === line.start;
    if (adjacent && !BULLET.test(line.text) && /^\p{Ll}/u.test(line.text) && !/[.!?:;"”]\s*$/u.test(prev.text)) {
      out[out.length - 1] = { ...prev, text: `${prev.text}\n${line.text}` };
    } else out.push(line);
  }
  return out;
}

/** Sentences of the lines that are article text. */
export function splitSentences(lines: Line[]): Sentence[] {
  const sentences: Sentence[] = [];
  for (const line of paragraphs(lines)) {
    if (line.furniture || !line.text.trim()) continue;
    const bullet = BULLET.exec(line.text);
    const depth = bullet ? 1 + Math.floor(bullet[1].replace(/\t/gu, '    ').length / 4) : 0;
    let from = bullet ? bullet[0].length : line.text.length - line.text.trimStart().length;
    const text = line.text;
    const boundary = /[.!?]["”’»)]?(?=\s+["“«(]?[\p{Lu}\d])/gu;
    let m: RegExpExecArray | null;
    while ((m = boundary.exec(text))) {
      if (!endsSentence(text, m.index)) continue;
      const end = m.index + m[0].length;
      push(sentences, line, from, end, bullet !== null, depth);
      from = end;
    }
    push(sentences, line, from, text.length, bullet !== null, depth);
  }
  return sentences;
}

function push(sentences: Sentence[], line: Line, from: number, to: number, bullet: boolean, depth: number): void {
  const raw = line.text.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (!text) return;
  sentences.push({ start: line.start + from + lead, end: line.start + from + lead + text.length, text, line: line.index, bullet, depth });
}
