// The document model of an article: its kept lines and sentences, its language, the cues of
// sanction events per sentence, the authorities named per sentence, the names found, and the
// issuer — the authority the document speaks for (a release's title "Treasury Sanctions …",
// a dateline "WASHINGTON — Today, the U.S. Department of the Treasury's OFAC …", "the Council
// today decided"), to which "we", "today" and "the Department" refer.
import { cueStems, DELIST_CUES, EXTEND_CUES, FIRST_PERSON, HISTORY_CUES, SANCTION_CUES } from './cues.js';
import type { Line } from './clean.js';
import { detectLanguage, tagEnglish, type Language, type Token } from './language.js';
import { authoritiesIn, type AuthorityMention } from './lexicon.js';
import { findNames, type NameSpan } from './names.js';
import type { Sentence } from './sentences.js';

export interface DocSentence extends Sentence {
  index: number;
  sanctionCues: string[];
  delist: boolean;
  extend: boolean;
  history: boolean;
  firstPerson: boolean;
  /** Offsets relative to the sentence text. */
  authorities: (AuthorityMention & { text: string })[];
  names: NameSpan[];
  /** English only: parts of speech and lemmas. */
  tokens: Token[] | null;
  /** Ends with ":" — announces the list that follows. */
  announces: boolean;
  /** A bullet or line right after an announcing sentence (or a sibling of such a bullet). */
  listItem: boolean;
  /** In the document's head (title, dateline, first paragraph). */
  head: boolean;
}

export interface ArticleDocument {
  text: string;
  language: Language;
  sentences: DocSentence[];
  /** The authority the document speaks for, if its head names one. */
  issuer: { authority: string; text: string; specificity: number } | null;
  /** Counts of each authority over the whole document. */
  authorityCounts: Map<string, number>;
  /** How often each name (as written) is found in the document. */
  nameCounts: Map<string, number>;
  /** The event the head (title, first paragraph) tells: a delisting, an extension, a listing. */
  leadEvent: 'delisted' | 'extended' | 'designated' | null;
  /** The first sentence with a sanction cue and no history cue. */
  firstEventSentence: number | null;
}

export function readDocument(text: string, lines: Line[], sentences: Sentence[]): ArticleDocument {
  const kept = lines.filter((l) => !l.furniture && l.text.trim()).map((l) => l.text).join('\n');
  const language = detectLanguage(kept);
  const firstLines = new Set(lines.filter((l) => !l.furniture && l.text.trim()).slice(0, 3).map((l) => l.index));
  const out: DocSentence[] = [];
  let listOpen = false;
  sentences.forEach((s, index) => {
    const prev = out[index - 1];
    const newLine = !prev || prev.line !== s.line;
    if (newLine && prev && !prev.announces && !(prev.listItem && (s.bullet || isShortRow(s.text)))) listOpen = false;
    if (prev?.announces && newLine) listOpen = true;
    const authorities = authoritiesIn(s.text).map((a) => ({ ...a, text: s.text.slice(a.start, a.end) }));
    out.push({
      ...s,
      index,
      sanctionCues: cueStems(s.text, SANCTION_CUES),
      delist: cueStems(s.text, DELIST_CUES).length > 0,
      extend: cueStems(s.text, EXTEND_CUES).length > 0,
      history: cueStems(s.text, HISTORY_CUES).length > 0,
      firstPerson: FIRST_PERSON.test(s.text),
      authorities,
      names: withParts(findNames(s.text, s.start)),
      tokens: language === 'en' && s.text.length < 2000 ? tagEnglish(s.text) : null,
      announces: /:\s*$/u.test(s.text),
      // A paragraph of prose after "…Central Government:" (a letter's salutation) is not an item.
      listItem: listOpen && newLine && (s.bullet || s.text.split(/\s+/u).length <= 30),
      head: firstLines.has(s.line),
    });
  });
  const authorityCounts = new Map<string, number>();
  for (const s of out) for (const a of s.authorities) authorityCounts.set(a.authority, (authorityCounts.get(a.authority) ?? 0) + 1);
  const nameCounts = new Map<string, number>();
  for (const s of out) for (const n of s.names) nameCounts.set(n.text, (nameCounts.get(n.text) ?? 0) + 1);
  const firstEvent = out.find((s) => s.sanctionCues.length > 0 && !s.history);
  // The head: the sentences of the first kept lines (title, dateline, first paragraph), at most four.
  const head = out.filter((s) => s.head).slice(0, 4);
  return { text, language, sentences: out, issuer: issuerOf(head), authorityCounts, nameCounts, leadEvent: leadEventOf(head, out), firstEventSentence: firstEvent?.index ?? null };
}

function leadEventOf(head: DocSentence[], sentences: DocSentence[]): ArticleDocument['leadEvent'] {
  const told = head.length > 0 ? head : sentences.slice(0, 3);
  if (told.some((s) => s.delist)) return 'delisted';
  if (told.some((s) => s.extend)) return 'extended';
  if (told.some((s) => s.sanctionCues.length > 0)) return 'designated';
  return null;
}

function isShortRow(text: string): boolean {
  return text.split(/\s+/u).length <= 14 && !/[.!?]\s*$/u.test(text);
}

/**
 * The authority the head speaks for: in the first head sentence that tells a sanction (and is
 * not history) its most specific authority; "The U.N. Security Council … approved the addition"
 * before "The U.S. Treasury had earlier announced" is the UN's story. Without such a sentence,
 * the most specific authority of the head; on a tie the first.
 */
function issuerOf(head: DocSentence[]): ArticleDocument['issuer'] {
  const telling = head.find((s) => s.authorities.length > 0 && s.sanctionCues.length > 0 && !s.history);
  if (telling) {
    // The actor is the subject: an authority before the sanction verb ("The European Union has
    // lifted sanctions on three Russian businessmen") outranks one after it, then specificity.
    const cueAt = Math.min(...telling.sanctionCues.map((c) => telling.text.toLowerCase().indexOf(c)).filter((i) => i >= 0));
    const subject = (a: { start: number }) => (a.start < cueAt ? 1 : 0);
    const a = [...telling.authorities].sort((x, y) => subject(y) - subject(x) || y.specificity - x.specificity)[0];
    return { authority: a.authority, text: a.text, specificity: a.specificity };
  }
  let best: ArticleDocument['issuer'] = null;
  for (const s of head) {
    for (const a of s.authorities) if (!best || a.specificity > best.specificity) best = { authority: a.authority, text: a.text, specificity: a.specificity };
  }
  return best;
}

// "Ali Rezvani and Ameneh Sadat Zabihpour", "Lockheed Martin and Boeing Defense": the name finder
// joins capitalised runs over "and"; the parts are names too. Both the whole and its parts are
// kept as candidates: the learned decisions tell "Research and Production" from two parties.
const JOINER = /\s+(?:and|y|et|und|и|та|і|&)\s+/u;

function withParts(names: NameSpan[]): NameSpan[] {
  const out: NameSpan[] = [];
  for (const name of names) {
    out.push(name);
    const parts = name.text.split(JOINER);
    if (parts.length < 2 || parts.some((p) => !/^[\p{Lu}\p{N}]/u.test(p))) continue;
    let at = 0;
    for (const part of parts) {
      const offset = name.text.indexOf(part, at);
      at = offset + part.length;
      out.push({ start: name.start + offset, end: name.start + offset + part.length, text: part, part: true });
    }
  }
  return out;
}
