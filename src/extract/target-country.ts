// Which country the text ties a target to. Every country word of the target's sentence (and of
// the sentence that announced its list) is a candidate: "Russian ransomware actor X", "the
// Panama-flagged X", "X, a state prosecutor in Bosnia and Herzegovina", "громадяни України X",
// "…, all located in China". A logistic model (trained from the gold files like the other
// decisions) weighs where the word stands against the target, what lies between (other names,
// an authority, a comma), and the word's own form; the likeliest candidate past the threshold
// is the target's country. A country in an authority's name ("Australia's Department of
// Foreign Affairs") or inside the target's own name ("Bank of China") is a candidate the
// model learns to refuse, not a rule.
import { countryWordCode } from './countries.js';
import type { ArticleDocument } from './document.js';
import { probability, type BinaryModel } from './learn/logistic.js';
import type { NameSpan } from './names.js';

interface Mention {
  code: string;
  /** Offsets into the original text. */
  start: number;
  end: number;
  text: string;
  /** "-flagged", "-registered", "-based"… when written so. */
  suffix: string | null;
  sentence: number;
}

export interface CountryCandidate {
  code: string;
  features: string[];
}

const WORD = /[\p{L}][\p{L}\p{M}.’'-]*/gu;
const SUFFIX = /^(.+?)-(flagged|registered|based|owned|linked|backed|born|controlled)$/iu;

// Every target of a sentence asks for the same words: found once per sentence.
const found = new WeakMap<ArticleDocument, Map<number, Mention[]>>();

/** The country words of a sentence: one, two or three words that name a country or its people. */
function mentionsIn(doc: ArticleDocument, k: number): Mention[] {
  let byDoc = found.get(doc);
  if (!byDoc) found.set(doc, (byDoc = new Map()));
  let mentions = byDoc.get(k);
  if (!mentions) byDoc.set(k, (mentions = findMentions(doc, k)));
  return [...mentions];
}

function findMentions(doc: ArticleDocument, k: number): Mention[] {
  const s = doc.sentences[k];
  const words = [...s.text.matchAll(WORD)].map((m) => ({ text: m[0].replace(/[.’']+$|[’']s$/u, ''), start: s.start + m.index, end: s.start + m.index + m[0].length }));
  const out: Mention[] = [];
  for (let i = 0; i < words.length; i++) {
    for (const n of [3, 2, 1]) {
      if (i + n > words.length) continue;
      const span = words.slice(i, i + n);
      const last = span[n - 1].text;
      const suffixed = SUFFIX.exec(last);
      const text = [...span.slice(0, n - 1).map((w) => w.text), suffixed ? suffixed[1] : last].join(' ');
      // A lone lowercase word is no country in the languages written with capitals ("german" is; "china" in "china clay" is not), except in Cyrillic adjectives.
      if (n === 1 && !/^\p{Lu}/u.test(text) && !/\p{Script=Cyrillic}/u.test(text)) continue;
      const code = countryWordCode(text);
      if (!code) continue;
      out.push({ code, start: span[0].start, end: span[n - 1].end, text, suffix: suffixed ? suffixed[2].toLowerCase() : null, sentence: k });
      i += n - 1;
      break;
    }
  }
  return out;
}

const bucket = (n: number) => (n === 0 ? '0' : n === 1 ? '1' : n <= 3 ? '2-3' : n <= 6 ? '4-6' : n <= 12 ? '7-12' : '13+');

/** Candidates for the country of `name` in sentence k, each with its features. */
export function countryCandidates(doc: ArticleDocument, k: number, name: NameSpan, ruleCountry: string | null): CountryCandidate[] {
  const s = doc.sentences[k];
  const mentions = mentionsIn(doc, k);
  if (s.listItem) {
    for (let j = k - 1; j >= 0 && j >= k - 40; j--) {
      if (!doc.sentences[j].announces) continue;
      mentions.push(...mentionsIn(doc, j));
      break;
    }
  }
  const codes = new Set(mentions.map((m) => m.code));
  const byCode = new Map<string, Set<string>>();
  for (const m of mentions) {
    const features = new Set<string>(mentionFeatures(doc, s.index, name, m));
    features.add(`codes:${codes.size === 1 ? '1' : codes.size === 2 ? '2' : '3+'}`);
    if (ruleCountry === m.code) features.add('rule-agrees');
    else if (ruleCountry) features.add('rule-differs');
    const had = byCode.get(m.code);
    if (had) for (const f of features) had.add(f);
    else byCode.set(m.code, features);
  }
  return [...byCode].map(([code, features]) => ({ code, features: [...features, 'bias'] }));
}

function mentionFeatures(doc: ArticleDocument, k: number, name: NameSpan, m: Mention): string[] {
  const s = doc.sentences[k];
  const f: string[] = [];
  if (m.sentence !== k) return ['announcing', m.suffix ? `suffix:${m.suffix}` : 'plain'];
  if (m.start < name.end && m.end > name.start) return ['in-target'];
  const before = m.end <= name.start;
  const gap = before ? doc.text.slice(m.end, name.start) : doc.text.slice(name.end, m.start);
  const gapWords = gap.split(/\s+/u).filter((w) => /\p{L}/u.test(w));
  f.push(before ? 'before' : 'after', `${before ? 'b' : 'a'}-dist:${bucket(gapWords.length)}`);
  const namesBetween = s.names.filter((n) => n !== name && (before ? n.start >= m.end && n.end <= name.start : n.start >= name.end && n.end <= m.start)).length;
  f.push(`names-between:${namesBetween === 0 ? '0' : namesBetween === 1 ? '1' : '2+'}`);
  if (gapWords.length > 0 && gapWords.every((w) => !/^\p{Lu}/u.test(w))) f.push(`${before ? 'b' : 'a'}-lower-gap`);
  if (/[;]/u.test(gap)) f.push('semicolon-between');
  if (!before && /^\s*,/u.test(gap)) f.push('appositive');
  if (!before && /^\s*\(/u.test(gap)) f.push('bracket');
  if (m.suffix) f.push(`suffix:${m.suffix}`, `suffix-${before ? 'before' : 'after'}`);
  if (/[’']s\b/u.test(doc.text.slice(m.end - 2, m.end + 2))) f.push('possessive');
  if (s.authorities.some((a) => s.start + a.start < m.end && s.start + a.end > m.start)) f.push('in-authority');
  if (s.names.some((n) => n !== name && n.start < m.end && n.end > m.start)) f.push('in-other-name');
  const prev = doc.text.slice(Math.max(s.start, m.start - 30), m.start).match(/(\p{L}+)\s*$/u)?.[1]?.toLowerCase();
  if (prev) f.push(`prev:${prev}`);
  const next = doc.text.slice(m.end, m.end + 30).match(/^\s*(\p{L}+)/u)?.[1];
  if (next) f.push(/^\p{Lu}/u.test(next) ? 'next:Cap' : `next:${next.toLowerCase()}`);
  if (/\b(located|based|headquartered|registered|incorporated)\s+in\b|\b(from|of)\s*$/iu.test(gap)) f.push('located-in');
  if (/^\p{Ll}/u.test(m.text) || /\p{Script=Cyrillic}/u.test(m.text)) f.push('form:lower-or-cyrillic');
  return f;
}

/** The target's country by the model, or null when no candidate is likely enough. */
export function decideCountry(model: BinaryModel, candidates: CountryCandidate[]): string | null {
  let best: { code: string; p: number } | null = null;
  for (const c of candidates) {
    const p = probability(model, c.features);
    if (!best || p > best.p) best = { code: c.code, p };
  }
  return best && best.p >= model.threshold ? best.code : null;
}
