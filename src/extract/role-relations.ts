// A title before a person's name says whom they work for or head: "Secretary of State Antony
// Blinken", "Deputy Secretary of the Treasury Michael Faulkender", "Cyber Police Chief Vahid …",
// "Putin's Press Secretary Dmitry Peskov". The name finder keeps the title as the name's role;
// here the body in it becomes the other end of an employee_of or director_of relation. A body
// the lexicon knows as an authority ("of State", "the Treasury") is named as the text names it
// elsewhere ("the State Department"), so the relation meets the party, not the title's word.
import { authoritiesIn, countryOf, isCountryWord } from './lexicon.js';
import { isGivenNameWord, type NameSpan } from './names.js';
import type { Predicate, Relation } from './relations.js';
import type { Sentence } from './sentences.js';

const HEAD = /(?<![\p{L}])(?:chief|head|leader|director(?:-general)?|president|chairman|chairwoman|chair|minister|commander|governor|ceo|founder|mayor)(?![\p{L}])/iu;
const STAFF = /(?<![\p{L}])(?:secretary|spokes(?:man|woman|person)|deputy|ambassador|official|officer|adviser|advisor|envoy|prosecutor|judge|under)(?![\p{L}])/iu;
// Words of a title that say nothing of the body: "Foreign Policy Chief", "Acting Under Secretary".
const TITLE_ONLY = /^(?:acting|under|vice|assistant|senior|deputy|first|executive|special|foreign|policy|press|managing|general|prime|defen[cs]e|interior|finance|chief|head|secretary|minister|director|president|spokes(?:man|woman|person)|leader|commander|chairman|of|the|for)$/iu;

/** The role's predicate: a staff word anywhere makes it employee_of ("Deputy … Chief", "Press Secretary"). */
function predicateOf(role: string): Predicate | null {
  if (STAFF.test(role)) return 'employee_of';
  return HEAD.test(role) ? 'director_of' : null;
}

/** The body a role names: after "of (the)", a possessive before the title, or the words before the title. */
function bodyOf(whole: string): string | null {
  // "Saeed Montazer Al-Mahdi and Cyber Police Chief": the title is the last of what the run joined.
  const role = whole.split(/\s+and\s+|,\s*/u).pop() ?? whole;
  const of = /\bof\s+(?:the\s+)?((?:[\p{Lu}][\p{L}.’'-]*)(?:\s+(?:of\s+|and\s+|the\s+)?[\p{Lu}][\p{L}.’'-]*)*)\s*$/u.exec(role);
  if (of) return of[1];
  const possessive = /^((?:[\p{Lu}][\p{L}.-]*\s+){0,3}[\p{Lu}][\p{L}.-]*)[’']s\s/u.exec(role);
  if (possessive) return possessive[1];
  const words = role.split(/\s+/u);
  // Country adjectives and the title's own words are not the body ("Belarusian Defense Minister").
  const kept = words.filter((w) => !TITLE_ONLY.test(w) && !countryOf(w) && !/^U\.?S\.?$/u.test(w) && !HEAD.test(w) && !STAFF.test(w));
  return kept.length ? kept.join(' ') : null;
}

/** employee_of / director_of relations from the titles of the named persons. */
export function roleRelations(sentences: Sentence[], namesOf: (s: Sentence) => NameSpan[]): Relation[] {
  // The authorities as the text names them: the longest mention of each, where it is a name.
  const named = new Map<string, string>();
  for (const s of sentences) {
    for (const a of authoritiesIn(s.text)) {
      const text = s.text.slice(a.start, a.end).replace(/^the\s+/iu, '');
      if (!/^\p{Lu}/u.test(text) || /^(?:Secretary|Minister)\b/u.test(text)) continue;
      // The body itself ("the Department of the Treasury") before its offices ("OFAC", "BIS").
      const rank = (t: string) => (/\b(?:Department|Ministry)\b/u.test(t) ? 1000 : 0) + t.length;
      const had = named.get(a.authority);
      if (!had || rank(text) > rank(had)) named.set(a.authority, text);
    }
  }
  const out: Relation[] = [];
  for (const s of sentences) {
    for (const person of namesOf(s)) {
      if (!person.role) continue;
      const predicate = predicateOf(person.role);
      const body = bodyOf(person.role);
      if (!predicate || !body || body.length < 2) continue;
      const authority = authoritiesIn(body)[0] ?? authoritiesIn(person.role).filter((a) => a.authority !== 'US')[0];
      const object = authority ? (named.get(authority.authority) ?? body) : body;
      // A head of state or a country's minister is not read as the country's director, and a
      // nationality ("Russian lawyer") is no employer.
      if (isCountryWord(object) || countryOf(object)) continue;
      if (object === person.text || !/^\p{Lu}/u.test(object) || /\sand\s/u.test(object) || object.split(/\s+/u).length > 6) continue;
      // The one with the title is a person: a given name first ("Round Of Sanctions" in a headline is not).
      if (!isGivenNameWord(person.text.split(/\s+/u)[0]) || person.text.split(/\s+/u).length < 2) continue;
      const start = s.text.indexOf(person.role);
      const from = start >= 0 ? s.start + start : person.start;
      out.push({ subject: person.text, predicate, object, evidence: { start: from, end: person.end, text: s.text.slice(from - s.start, person.end - s.start) } });
    }
  }
  return out;
}

// A head's title in the languages of the dev texts: the one who leads, chairs or founded a body.
const LEADS = String.raw`leader|head|chief|director|chairman|chairwoman|president|founder|co-founder|governor|ceo|commander|глава|главы|главе|главой|лидер\p{L}*|директор\p{L}*|гендиректор\p{L}*|председател\p{L}*|руководител\p{L}*|президент\p{L}*|основател\p{L}*|губернатор\p{L}*|голова|голови|керівник\p{L}*|gobernador[a]?|director[a]?|president[ea]|líder|jef[ea]|fundador[a]?|dirigente|cabecilla|directeur|directrice|présidente?|chef|dirigeante?|fondat(?:eur|rice)|gouverneur|Leiter(?:in)?|Chef(?:in)?|Vorsitzender?|Präsident(?:in)?|Gründer(?:in)?|Direktor(?:in)?`;
// "глава «Технопромэкспорта» Сергей Топор-Гилка", "la gobernadora de Alabama, Ellen Ivey",
// "лидер музыкальной группы «Океан Эльзы» Святослав Вакарчук": the title, a few words of
// description, the body, then the person.
const TITLE_BEFORE_BODY = new RegExp(String.raw`(?<![\p{L}])(?:${LEADS})(?:\s+[\p{Ll}\p{Lu}][\p{L}-]*){0,4}?\s+(?:(?:of|de|del|de la|du|des|von|der|des)\s+)?(?:the\s+)?[«"“]?$`, 'iu');
const BODY_TO_PERSON = /^[»"”]?\s*,?\s*$/u;
// "the Equipment Development Department (EDD) and its director, Li Shangfu".
const ITS_HEAD = new RegExp(String.raw`^[)\s]*(?:\([^)]{1,20}\)\s*)?(?:,\s*)?and\s+its\s+(?:${LEADS}),?\s*$`, 'iu');

/** A person's name, not a body's: two to four capitalised words, no legal form, a given name first where it is Latin. */
function personLike(name: NameSpan, givenNameFirst = true): boolean {
  const words = name.text.split(/\s+/u);
  if (words.length < 2 || words.length > 4 || !words.every((w) => /^\p{Lu}/u.test(w))) return false;
  if (/(?<![\p{L}])(?:LLC|Ltd|Inc|Group|Company|Corporation|Bank|Ministry|Department|Council|Committee|Party|Union|Agency)(?![\p{L}])/u.test(name.text)) return false;
  return !givenNameFirst || /\p{Script=Cyrillic}/u.test(name.text) || isGivenNameWord(words[0]);
}

/** director_of from a head's title before a body and a person ("глава «X» Y", "el gobernador de X, Y", "X and its director, Y"). */
export function titledRelations(sentences: Sentence[], namesOf: (s: Sentence) => NameSpan[]): Relation[] {
  const out: Relation[] = [];
  for (const s of sentences) {
    const names = namesOf(s).filter((n) => !n.part).sort((a, b) => a.start - b.start);
    for (let i = 0; i + 1 < names.length; i++) {
      const person = names[i + 1];
      // "Equipment Development Department (EDD) and its director": the body by its full name.
      const body = i > 0 && names[i - 1].alias?.start === names[i].start ? names[i - 1] : names[i];
      const quoted = /[«"“]\s*$/u.test(s.text.slice(0, body.start - s.start));
      const between = s.text.slice(names[i].end - s.start, person.start - s.start);
      const before = s.text.slice(Math.max(0, body.start - s.start - 80), body.start - s.start);
      const titled = BODY_TO_PERSON.test(between) && TITLE_BEFORE_BODY.test(before);
      // The title says the one after the body is a person: any two to four capitalised words ("Li Shangfu").
      if (!(titled || ITS_HEAD.test(between)) || !personLike(person, false) || (personLike(body) && !quoted) || isCountryWord(body.text)) continue;
      const from = titled ? body.start - (before.length - before.search(TITLE_BEFORE_BODY)) : body.start;
      out.push({ subject: person.text, predicate: 'director_of', object: body.text, evidence: { start: from, end: person.end, text: s.text.slice(from - s.start, person.end - s.start) } });
    }
  }
  return out;
}
