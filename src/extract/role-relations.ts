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
