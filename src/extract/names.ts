// Names in running text, by the shapes names take: runs of capitalised words joined by "of",
// "and", "&"; quoted names after a legal form (OJSC “Stankogomel”); a name followed by its
// acronym in brackets (Minsk Wheel Tractor Plant (MZKT)), which also yields an alias pair.
import { countryWordCode } from './countries.js';
import { countryOf, isCountryWord, SENTENCE_WORDS } from './lexicon.js';
import { isGivenName } from '../text/name-equivalence.js';
import { transliterate } from '../text/translit.js';

export interface NameSpan {
  /** Offsets into the original text. */
  start: number;
  end: number;
  text: string;
  /** Set for "Name (ACRONYM)" and "Name (aka Other)": the name in brackets. */
  alias?: { start: number; end: number; text: string };
  /** Set for a quoted name after a legal form: the form as written ("OJSC"). */
  form?: string;
  /** ISO-2 of a country adjective just before the name ("the Chinese Shenzhen 5G…" → CN). */
  country?: string;
  /** A title or role before a person's name ("Belarusian Defense Minister" Viktar Chenin). */
  role?: string;
  /** One of several names the finder had joined with "and" ("Ali Rezvani" of "Ali Rezvani and Ameneh Sadat Zabihpour"). */
  part?: boolean;
}

const FUNCTION_WORDS = new Set(['the', 'a', 'an', 'and', 'or', 'but', 'of', 'in', 'on', 'at', 'to', 'by', 'for', 'with', 'from', 'as', 'this', 'that', 'these', 'those', 'it', 'its', 'their', 'his', 'her', 'our', 'we', 'they', 'he', 'she', 'if', 'than', 'then', 'into', 'over', 'under', 'after', 'before', 'since', 'while', 'during', 'between', 'among', 'about', 'according']);
const MONTH = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$/iu;
const WEEKDAY = /^(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\.?$/iu;
// Titles that stand before a person's name and belong to their role, not their name.
export const TITLE_WORDS = new Set(['minister', 'president', 'secretary', 'chairman', 'chairwoman', 'chair', 'director', 'director-general', 'head', 'governor', 'ambassador', 'general', 'prime', 'deputy', 'leader', 'spokesman', 'spokesperson', 'chief', 'ceo', 'commander', 'colonel', 'judge', 'prosecutor', 'mayor', 'senator', 'king', 'prince', 'emir', 'sheikh', 'oligarch', 'businessman', 'counterpart']);

const TITLE_MODIFIERS = new Set(['acting', 'under', 'vice', 'assistant', 'senior', 'deputy', 'first', 'executive', 'special', 'foreign', 'defense', 'defence', 'press', 'managing']);

const LEGAL_FORM = /^(?:OJSC|JSC|CJSC|PJSC|OAO|ZAO|PAO|OOO|LLC|Ltd\.?|LTD|RUE|UE|JV|СП|ОАО|ЗАО|ПАО|ООО|АО|ТОВ|ПрАТ|GmbH|AG|SA|S\.A\.|LLP|PLC|Inc\.?|Corp\.?|Co\.?|Company|Limited|Corporation)$/u;
const CONNECTORS = new Set(['of', 'and', '&', 'de', 'for', 'the', 'du', 'des', 'der', 'al', 'el', 'bin', 'ibn', 'von', 'van']);
// A token: a word with inner hyphens, apostrophes and dots ("Xi'an", "AGAT-System", "Co.", "St."), or a number.
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.\-&]*|&/gu;

// Arabic and other name particles written in lower case and glued to the next word: "al-Ghazali", "bin-Laden", "ad-Din".
const PARTICLE_WORD = /^(?:al|el|ad|ar|as|ash|at|az|ud|bin|ibn|abu|bint|ul)[-‑’'][\p{Lu}]/u;

// Japanese and Chinese write no spaces and no capitals: a run of them is a clause, not a name
// (kana particles inside one, a date "2024年3月1日"); the capitalised-run finder has nothing to read there.
const CJK_CLAUSE = /[\p{Script=Hiragana}]|^\d+[年月日]|[\p{Script=Han}\p{Script=Katakana}]{9,}/u;

function isNameWord(word: string): boolean {
  if (CJK_CLAUSE.test(word)) return false;
  return /^[\p{Lu}\p{N}]/u.test(word) || /^[\p{Lo}]/u.test(word) || PARTICLE_WORD.test(word);
}

/** Names in a stretch of text (offset: where the stretch starts in the original text). */
export function findNames(text: string, offset = 0): NameSpan[] {
  const spans: NameSpan[] = [];
  // Quoted names after a legal form: OJSC “Stankogomel”, LLC "InnoTech Solutions".
  for (const m of text.matchAll(/\b(OJSC|JSC|CJSC|PJSC|OAO|ZAO|OOO|LLC|RUE|UE|JV|ОАО|ЗАО|ООО|АО|ПАО)\s*[“"«„]([^”"»“]{2,80})[”"»“]/gu)) {
    const inner = m[2].replace(/[,.]\s*$/u, '').trim();
    const start = m.index + m[0].indexOf(inner);
    spans.push({ start: offset + start, end: offset + start + inner.length, text: inner, form: m[1] });
  }
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
  const words = tokens.map((t) => t.text);
  let i = 0;
  while (i < tokens.length) {
    if (!isNameWord(tokens[i].text) || spans.some((s) => s.start - offset <= tokens[i].start && tokens[i].start < s.end - offset)) {
      i++;
      continue;
    }
    let j = i;
    // Extend over name words and connectors between name words, on one line, not across punctuation.
    while (j + 1 < tokens.length) {
      const gap = text.slice(tokens[j].end, tokens[j + 1].start);
      // A dash between spaces separates ("Владимир Путин - Катерина Тихонова"); only an unspaced one joins.
      // An opening apostrophe or ayn belongs to the next word ("Haytham 'Ali Tabataba'i").
      if (!/^[ \t]*$/u.test(gap) && !/^[-–]$/u.test(gap) && !/^[ \t]+['‘’ʿʻ]$/u.test(gap)) break;
      const next = tokens[j + 1].text;
      // "Вячеслава Петушенко. В этот список…": a full word with a period ends the sentence (an
      // initial or an abbreviated legal form does not).
      if (/^\p{Lu}\p{Ll}{3,}\.$/u.test(tokens[j].text) && !/^(?:Corp|Bros|Intl|Dept|Univ|Govt|Assn)\.$/u.test(tokens[j].text)) break;
      if (isNameWord(next)) j++;
      // "Skydio Inc. and BRINC Drones": a legal form ends a name, "and" does not join it to the next.
      else if (next.toLowerCase() === 'and' && /^(Inc|Ltd|LLC|Co|Corp|PLC|GmbH|AG|SA|JSC|LLP)\.?$/u.test(tokens[j].text)) break;
      else if (CONNECTORS.has(next.toLowerCase()) && j + 2 < tokens.length && isNameWord(tokens[j + 2].text) && /^[ \t]+$/u.test(text.slice(tokens[j + 1].end, tokens[j + 2].start))) j += 2;
      else break;
    }
    let first = i;
    let country: string | undefined;
    let role: string | undefined;
    // A sentence's first word, a capitalised function word, a date or a country adjective is not part of the name.
    for (;;) {
      const word = tokens[first]?.text ?? '';
      if (first > j) break;
      // In an all-capitals name ("NEW KONK") "NEW" is a name word, not a sentence's "New".
      const capitals = word.length > 1 && word === word.toUpperCase() && word !== 'THE';
      // Mid-sentence a capitalised "New" or "Key" belongs to the name ("traveling to New Zealand",
      // "New H3C Semiconductor"); only function words are cut there, the rest at a sentence's start.
      const atStart = first === 0 || /(?:^|[.!?:;"“”«»()\n•·–—-])\s*$/u.test(text.slice(Math.max(0, tokens[first].start - 3), tokens[first].start));
      const sentenceWord = SENTENCE_WORDS.has(word.toLowerCase()) && (atStart || FUNCTION_WORDS.has(word.toLowerCase()));
      if ((sentenceWord && !capitals) || MONTH.test(word) || WEEKDAY.test(word) || /^\d{1,4}(st|nd|rd|th)?,?$/u.test(word)) first++;
      else if (first < j && /^[\p{Lu}][\p{L}]+-based$/u.test(word)) first++;
      else if (first < j && countryOf(word)) {
        country ??= countryOf(word) ?? undefined;
        first++;
      } else break;
    }
    // "Defense Minister Viktar Chenin": the title and what precedes it are the role.
    let titled = false;
    for (let k = j - 1; k >= first; k--) {
      if (TITLE_WORDS.has(tokens[k].text.toLowerCase()) && j - k >= 2) {
        role = text.slice(tokens[i].start, tokens[k].end);
        first = k + 1;
        titled = true;
        break;
      }
    }
    // "Deputy Secretary of the Treasury Michael Faulkender": the run after "<title> of the" starts with the body the title names.
    const titleBefore = TITLE_OF.exec(text.slice(Math.max(0, tokens[i].start - 60), tokens[i].start));
    if (!titled && titleBefore) {
      role = titleBefore[0].trim();
      titled = true;
    }
    const personAt = titled ? afterTitle(words, first, j) : -1;
    if (personAt > first) {
      // The body the title belongs to ("of State", "of Commerce", "the Treasury") is part of the role.
      role = `${role ?? ''} ${text.slice(tokens[first].start, tokens[personAt - 1].end)}`.trim();
      first = personAt;
    }
    first = givenNameStart(words, first, j);
    let last = j;
    while (last >= first && (CONNECTORS.has(tokens[last].text.toLowerCase()) || SENTENCE_WORDS.has(tokens[last].text.toLowerCase()))) last--;
    if (first <= last) {
      let name = text.slice(tokens[first].start, tokens[last].end).replace(/[’']s$/u, '');
      // "Panama-flagged CH Billion", "Hong Kong-flagged Star Forest": the flag or seat is not the name.
      const prefix = /^(?:[\p{Lu}][\p{L}]*\s)*[\p{Lu}][\p{L}]+-(?:flagged|based|registered|linked|backed)\s+(?=[\p{Lu}\p{N}])/u.exec(name);
      let shift = 0;
      if (prefix) {
        shift = prefix[0].length;
        name = name.slice(shift);
      }
      // A sentence-final full stop is not part of the name unless it ends an abbreviation (Co., Inc.).
      if (/\.$/u.test(name) && !/\b(Co|Inc|Ltd|Corp|St|Jr|Sr|S\.A|L\.L\.C)\.$/u.test(name)) name = name.slice(0, -1);
      const start = tokens[first].start + shift;
      // "Iranian-linked", "Florida-based": an adjective of a place, not a party.
      const placeAdjective = /^[\p{Lu}][\p{L}]+-(linked|based|backed|born|owned|run|made|registered|flagged)$/u.test(name);
      // "Deputy Secretary", "Acting Under Secretary": a title on its own names nobody.
      const titleOnly = name.split(/\s+/u).every((w) => TITLE_WORDS.has(w.toLowerCase()) || TITLE_MODIFIERS.has(w.toLowerCase()));
      if (name && !titleOnly && /\p{L}/u.test(name) && !LEGAL_FORM.test(name) && !isCountryWord(name) && !MONTH.test(name) && !placeAdjective) {
        const span: NameSpan = { start: offset + start, end: offset + start + name.length, text: name, country, role };
        const bracket = /^\s*\((?:aka |a\.k\.a\. |also known as |Bel\. |Rus\. )?([^()]{2,60})\)/u.exec(text.slice(start + name.length));
        if (bracket && /\p{Lu}/u.test(bracket[1])) {
          const aliasStart = start + name.length + bracket[0].indexOf(bracket[1]);
          span.alias = { start: offset + aliasStart, end: offset + aliasStart + bracket[1].length, text: bracket[1] };
        }
        spans.push(span);
      }
    }
    i = j + 1;
  }
  return spans.sort((a, b) => a.start - b.start);
}

// A title with the body it belongs to written after it: "Secretary of the ", "Minister of ".
// Capitalised, as a title before a name is: "deputy leader of al-Shabaab" is a predicate, not a title.
const TITLE_OF = new RegExp(String.raw`((?:[\p{Lu}][\p{L}.-]*\s+){0,3}(?:${[...TITLE_WORDS].map((w) => w[0].toUpperCase() + w.slice(1)).join('|')}))\s+of\s+(?:the\s+)?$`, 'u');

/**
 * After a title, where the person's name starts: at the first given name after at least one other
 * word ("of State Antony Blinken" → Antony). -1 where no given name follows.
 */
function afterTitle(words: string[], first: number, last: number): number {
  // A name right after the title ("Chief Vahid Mohammad Naser Majid") is whole already.
  if (isGivenNameWord(words[first])) return -1;
  for (let m = first + 1; m < last; m++) {
    if (/^\p{Lu}/u.test(words[m]) && !FUNCTION_WORDS.has(words[m].toLowerCase()) && isGivenNameWord(words[m]) && !CONNECTORS.has(words[m - 1].toLowerCase())) return m;
  }
  return -1;
}

/** A given name in any script and case: "Нестор", "Тимофея" (genitive of Тимофей), "Dmitry". */
export function isGivenNameWord(word: string): boolean {
  const folded = transliterate(word).toLowerCase().replace(/’/gu, '');
  if (folded.length < 3) return false;
  if (isGivenName(folded)) return true;
  // Slavic case endings after the nominative: -a/-ya (genitive), -u/-yu (dative/accusative), -om/-em, -e.
  const stem = /^(.{3,}?)(?:ya|yu|a|u|om|em|e|ovi)$/u.exec(folded)?.[1];
  return stem !== undefined && (isGivenName(stem) || isGivenName(`${stem}y`) || isGivenName(`${stem}iy`));
}

/**
 * Where a person's name starts inside a run of capitalised words. "України Нестор Шуфрич",
 * "Минэнерго Евгений Грабчака", "of Russia Dmitry Medvedev": in Cyrillic only proper names are
 * capitalised, so a place or body in the genitive glues onto the name after it; a given name
 * after such words starts the person's name. In Latin script only a leading connector or a
 * country word before a given name is cut, since "Korea Rounsan Trading Corporation" is a name.
 */
function givenNameStart(words: string[], first: number, last: number): number {
  while (first < last && CONNECTORS.has(words[first].toLowerCase()) && words[first] !== words[first].toUpperCase()) first++;
  const cyrillic = /\p{Script=Cyrillic}/u.test(words.slice(first, last + 1).join(' '));
  for (let m = first + 1; m < last; m++) {
    if (!isGivenNameWord(words[m]) || isGivenNameWord(words[m - 1])) continue;
    const before = words.slice(first, m);
    if (cyrillic || before.every((w) => countryWordCode(w) !== null || CONNECTORS.has(w.toLowerCase()))) return m;
    return first;
  }
  return first;
}
