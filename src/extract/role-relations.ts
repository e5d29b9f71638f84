// A title before a person's name says whom they work for or head: "Secretary of State Antony
// Blinken", "Deputy Secretary of the Treasury Michael Faulkender", "Cyber Police Chief Vahid …",
// "Putin's Press Secretary Dmitry Peskov". The name finder keeps the title as the name's role;
// here the body in it becomes the other end of an employee_of or director_of relation. A body
// the lexicon knows as an authority ("of State", "the Treasury") is named as the text names it
// elsewhere ("the State Department"), so the relation meets the party, not the title's word.
import { countryWordCode } from './countries.js';
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

// "the Lazarus Group hacking group and two of its subgroups, Andariel and Bluenoroff", "quatre de
// ses sociétés subordonnées, A, B, C et D": a body, then members it has, listed after the words.
const MEMBERS = /(?:(?:\d+|two|three|four|five|six|several|some|deux|trois|quatre|cinq|plusieurs)\s+(?:of|de)\s+)?(?:its|their|ses|leurs)\s+(?:own\s+)?(subgroups?|sub-groups?|units?|divisions?|branch(?:es)?|wings?|subsidiar(?:y|ies)|affiliates?|front compan(?:y|ies)|compan(?:y|ies)|sociétés subordonnées|filiales?|subordinate (?:companies|entities))\s*[,:]?\s*$/iu;
const PART_WORDS = /^(?:subgroups?|sub-groups?|units?|divisions?|branch(?:es)?|wings?)$/iu;
const LIST_GAP = /^\s*(?:,|;|,?\s*(?:and|et|y|und|и|та))\s*$/u;

/** part_of (subgroups, units) or owns (subsidiaries, companies) from a body and the members listed after "its …". */
export function memberRelations(sentences: Sentence[], namesOf: (s: Sentence) => NameSpan[]): Relation[] {
  const out: Relation[] = [];
  for (const s of sentences) {
    const names = namesOf(s).filter((n) => !n.part).sort((a, b) => a.start - b.start);
    for (let i = 1; i < names.length; i++) {
      const gap = s.text.slice(names[i - 1].end - s.start, names[i].start - s.start);
      const m = MEMBERS.exec(gap);
      if (!m) continue;
      // The owner: the name before the words (its own alias in brackets skipped).
      const owner = names.slice(0, i).reverse().find((n) => !names.some((o) => o.alias?.start === n.start)) ?? names[i - 1];
      if (s.text.slice(owner.end - s.start, names[i - 1].end - s.start).includes('.')) continue;
      // A country, or a name that only qualifies another ("le ministère … de la RPDC"), owns nothing here.
      if (isCountryWord(owner.text) || countryOf(owner.text) || countryWordCode(owner.text) || /(?:^|\s)(?:of|de|du|des|of the|de la|de l’|de l')\s*$/iu.test(s.text.slice(0, owner.start - s.start))) continue;
      const listed = [names[i]];
      for (let j = i + 1; j < names.length && LIST_GAP.test(s.text.slice(names[j - 1].end - s.start, names[j].start - s.start)); j++) listed.push(names[j]);
      // "Andariel and Bluenoroff" read as one name: its parts are the members.
      const members = listed.flatMap((n): NameSpan[] => {
        const joined = /^(\p{Lu}.*?)\s+(?:and|et|y|und|и|та)\s+(\p{Lu}.*)$/u.exec(n.text);
        if (!joined) return [n];
        const second = n.start + n.text.length - joined[2].length;
        return [
          { start: n.start, end: n.start + joined[1].length, text: joined[1] },
          { start: second, end: n.end, text: joined[2] },
        ];
      });
      const part = PART_WORDS.test(m[1]);
      const end = listed[listed.length - 1].end;
      const evidence = { start: owner.start, end, text: s.text.slice(owner.start - s.start, end - s.start) };
      for (const member of members) {
        out.push(part ? { subject: member.text, predicate: 'part_of', object: owner.text, evidence } : { subject: owner.text, predicate: 'owns', object: member.text, evidence });
      }
    }
  }
  return out;
}

// The words that end the name of a body inside another: "Central Finance Unit", "Sanctions Committee".
const UNIT = /\s(?:Unit|Committee|Department|Division|Directorate|Bureau|Branch|Wing|Council|Command|Office|Service|Brigade|Corps|Forces?|Section|Agency|Directorate-General)$/u;

/** part_of from a possessive: "Hezbollah's Central Finance Unit", "the Security Council's Al Qaeda Sanctions Committee". */
export function possessiveUnitRelations(sentences: Sentence[], namesOf: (s: Sentence) => NameSpan[]): Relation[] {
  const out: Relation[] = [];
  for (const s of sentences) {
    const names = namesOf(s).filter((n) => !n.part).sort((a, b) => a.start - b.start);
    for (const [i, n] of names.entries()) {
      const whole = /^(.+?)(?:’s|'s)\s+(.+)$/u.exec(n.text);
      const next = names[i + 1];
      const pair = !whole && next && /^(?:’s|'s)\s+$/u.test(s.text.slice(n.end - s.start, next.start - s.start)) ? [n.text.replace(/(?:’s|'s)$/u, ''), next.text] : null;
      const [owner, unit] = whole ? [whole[1], whole[2]] : (pair ?? []);
      if (!owner || !unit || !UNIT.test(` ${unit}`) || unit.split(/\s+/u).length < 2 || isCountryWord(owner) || countryOf(owner)) continue;
      const end = pair ? next!.end : n.end;
      out.push({ subject: unit, predicate: 'part_of', object: owner, evidence: { start: n.start, end, text: s.text.slice(n.start - s.start, end - s.start) } });
    }
  }
  return out;
}
