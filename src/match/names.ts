// A name prepared for matching: Latin tokens (any script transliterated, case and marks
// folded), legal forms taken out of organisation names, an acronym, and phonetic keys. Person
// names in other scripts are read word by word: a word the cross-script tables know carries its
// Latin spellings; Chinese characters and Korean syllables are one token each, as their Latin
// spellings write them.
import { doubleMetaphone } from 'double-metaphone';
import { latinFormsOf, representativeLatin } from '../text/name-equivalence.js';
import { foreignNameFromHangul, isHangul, koreanFamilyName } from '../text/korean.js';
import { formTokens, legalForms, type LegalForm } from '../text/orgtypes.js';
import { isAbjad } from '../text/script-forms.js';
import { transliterate } from '../text/translit.js';

/** How a name was written, which decides how its words compare with Latin spellings. */
export type Writing = 'latin' | 'han' | 'hangul' | 'abjad' | 'other';

export interface AnalyzedName {
  /** The name as listed. */
  text: string;
  /** Name words, transliterated and folded, without legal forms. */
  tokens: string[];
  forms: LegalForm[];
  /** Initials of the name words of a multi-word organisation name ("mzkt"), else null. */
  acronym: string | null;
  /** Double-metaphone key per token (empty for tokens without letters). */
  phonetic: string[];
  writing: Writing;
  /** Per token: the Latin spellings the cross-script tables give for the written word, else null. */
  alternatives: (string[] | null)[];
  /** Per token: the word or character as written in its own script (non-Latin writings only). */
  written: (string | null)[];
  /** Per token of a person's name: whether it is (part of) the family name, as far as known. */
  family: boolean[];
}

// Words that carry no identity in organisation names and do not count for acronyms.
const ACRONYM_SKIP = new Set(['of', 'the', 'and', 'for', 'de', 'la', 'del', 'im', 'na', 'i', 'y', 'et']);
// Titles and honorifics around person names, in the languages the lists and news use
// ("Presidente Putin", "Putyin elnök", "Президент Путин"), folded as analyzeName folds them.
const PERSON_TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'sheikh', 'shaikh', 'shaykh', 'haji', 'hajji', 'maulavi', 'mawlawi', 'mullah', 'general', 'colonel',
  'president', 'presidente', 'presiden', 'prasident', 'praesident', 'prezident', 'prezydent', 'predsjednik', 'presedintele', 'presidenten', 'elnok',
  'herr', 'frau', 'monsieur', 'madame', 'senor', 'senora', 'gospodin', 'doctor', 'doktor', 'professor', 'minister', 'premier', 'imam', 'ayatollah',
]);

export function phoneticKey(token: string): string {
  return /^[a-z]+$/u.test(token) ? doubleMetaphone(token)[0] : '';
}

// Digits typed for letters inside words ("Ig0r Sech1n"): read as the letters they stand for.
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '9': 'g' };

function unLeet(token: string): string {
  // "1st", "22nd" are ordinals, not letters typed as digits.
  if (/^\d+(st|nd|rd|th)$/u.test(token)) return token;
  return /\p{L}/u.test(token) && /\d/u.test(token) ? token.replace(/[013459]/gu, (d) => LEET[d]) : token;
}

/** "a b c company" → "abc company": spelt-out initials of an organisation are one word. */
function joinInitials(tokens: string[]): string[] {
  const out: string[] = [];
  let initials = false;
  for (const token of tokens) {
    const single = token.length === 1 && /\p{L}/u.test(token);
    if (single && initials) out[out.length - 1] += token;
    else out.push(token);
    initials = single || (initials && single);
  }
  return out;
}

const HAN = /\p{Script=Han}/u;

const UNITS: Record<string, number> = { zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19 };
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10 };
const ROMAN: Record<string, number> = { ii: 2, iii: 3, iv: 4, vi: 6, vii: 7, viii: 8, ix: 9, xi: 11, xii: 12 };

/**
 * Numbers written as words or numerals are one number: "Brigade Forty-Four" and "Brigade 44",
 * "1st"/"First International Bank", "Apollo Fund VIII"/"Fund 8" (organisation and vessel names).
 */
function numbersAsDigits(tokens: string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const ordinal = /^(\d+)(st|nd|rd|th)$/u.exec(t);
    if (TENS[t] !== undefined) {
      const unit = UNITS[tokens[k + 1]];
      if (unit !== undefined && unit > 0 && unit < 10) {
        out.push(String(TENS[t] + unit));
        k++;
      } else out.push(String(TENS[t]));
    } else if (UNITS[t] !== undefined) out.push(String(UNITS[t]));
    else if (ORDINALS[t] !== undefined) out.push(String(ORDINALS[t]));
    else if (ordinal) out.push(ordinal[1]);
    else if (ROMAN[t] !== undefined && k > 0) out.push(String(ROMAN[t]));
    else out.push(t);
  }
  return out;
}

export function writingOf(text: string): Writing {
  if (HAN.test(text)) return 'han';
  if (isHangul(text)) return 'hangul';
  if (isAbjad(text)) return 'abjad';
  return /[^\p{Script=Latin}\p{Script=Common}\p{M}]/u.test(text) ? 'other' : 'latin';
}

// Modern Greek writes d, b and g of foreign names as ντ, μπ and γκ ("Βλαντίμιρ" = Vladimir).
function greekDigraphs(text: string): string {
  if (!/\p{Script=Greek}/u.test(text)) return text;
  const folded = text.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
  return folded.replace(/ντ/giu, 'd').replace(/μπ/giu, 'b').replace(/γκ/giu, 'g').replace(/ου/giu, 'u').replace(/αυ/giu, 'av').replace(/ευ/giu, 'ev');
}

interface PersonWords {
  tokens: string[];
  alternatives: (string[] | null)[];
  written: (string | null)[];
}

const syllableOf = (character: string) => transliterate(character).toLowerCase().replace(/[^a-z]/gu, '');

/**
 * Chinese, Japanese and Korean names in characters are written without spaces ("金正恩",
 * "山田太郎"): the longest runs the tables know are words ("正恩" jeongeun, "太郎" taro), every
 * other character is a syllable of its own, with the readings the tables give it ("金" kim).
 */
function hanWords(characters: string[], push: (token: string, alternatives: string[] | null, written: string | null) => void): void {
  for (let k = 0; k < characters.length; ) {
    let length = Math.min(4, characters.length - k);
    for (; length >= 2; length--) {
      const piece = characters.slice(k, k + length).join('');
      const forms = latinFormsOf(piece);
      if (forms) {
        push(representativeLatin(forms, piece), forms, piece);
        break;
      }
    }
    if (length < 2) {
      length = 1;
      push(syllableOf(characters[k]), latinFormsOf(characters[k]), characters[k]);
    }
    k += length;
  }
}

/** A person's name in a non-Latin script, word by word (see the module comment). */
function personWords(text: string, writing: Writing): PersonWords {
  const out: PersonWords = { tokens: [], alternatives: [], written: [] };
  const push = (token: string, alternatives: string[] | null, written: string | null) => {
    if (!token) return;
    out.tokens.push(token);
    out.alternatives.push(alternatives);
    out.written.push(written);
  };
  // Split on anything but letters, marks and digits, keeping the marks: Burmese, Thai and
  // Devanagari write vowels with them, and Hangul syllables stay composed.
  greekDigraphs(text.normalize('NFC'))
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean)
    .forEach((word, w) => {
      if (/^[\p{Script=Latin}\p{M}\p{N}]+$/u.test(word)) {
        for (const token of formTokens(word)) push(token, null, null);
        return;
      }
      const forms = latinFormsOf(word);
      const characters = [...word];
      if (writing === 'han' && HAN.test(word)) {
        if (forms && characters.length >= 2) push(representativeLatin(forms, word), forms, word);
        else hanWords(characters, push);
        return;
      }
      if (isHangul(word)) {
        // A Korean name leads with a family name; other words the tables know are foreign names.
        const korean = w === 0 && characters.length <= 4 && koreanFamilyName(characters[0]) !== null;
        if (forms && !korean) push(representativeLatin(forms, word), forms, word);
        else if (characters.length >= 4) push(foreignNameFromHangul(syllableOf(word)), null, word);
        else {
          characters.forEach((syllable, k) => {
            const family = w === 0 && k === 0 ? koreanFamilyName(syllable) : null;
            push(family ? family[0] : syllableOf(syllable), family, syllable);
          });
        }
        return;
      }
      const tokens = formTokens(word);
      if (tokens.length === 1 && forms) push(tokens[0], forms, word);
      else for (const token of tokens) push(token, null, word);
    });
  return out;
}

export function analyzeName(text: string, isPerson: boolean): AnalyzedName {
  const writing = writingOf(text);
  let forms: LegalForm[] = [];
  let words: PersonWords;
  if (isPerson && writing !== 'latin') words = personWords(text, writing);
  else {
    const tokens = formTokens(text).map(unLeet);
    words = { tokens, alternatives: tokens.map(() => null), written: tokens.map(() => null) };
  }
  let { tokens, alternatives, written } = words;
  const keep = (from: number, to: number) => {
    tokens = tokens.slice(from, to);
    alternatives = alternatives.slice(from, to);
    written = written.slice(from, to);
  };
  if (isPerson) {
    while (tokens.length > 1 && PERSON_TITLES.has(tokens[0])) keep(1, tokens.length);
    while (tokens.length > 1 && PERSON_TITLES.has(tokens[tokens.length - 1])) keep(0, tokens.length - 1);
  } else {
    ({ forms, rest: tokens } = legalForms().split(tokens));
    tokens = numbersAsDigits(joinInitials(tokens));
    alternatives = tokens.map(() => null);
    written = tokens.map(() => null);
  }
  const family = isPerson ? familyTokens(text, tokens, writing) : tokens.map(() => false);
  const acronymWords = tokens.filter((t) => !ACRONYM_SKIP.has(t));
  const acronym = !isPerson && acronymWords.length >= 2 && acronymWords.length <= 8 ? acronymWords.map((w) => w[0]).join('') : null;
  return { text, tokens, forms, acronym, phonetic: tokens.map(phoneticKey), writing, alternatives, written, family };
}

const PATRONYMIC_END = /(ovich|evich|ovych|ovna|evna|ivna|vich|vitch)$/u;

/**
 * Which words of a person's name are the family name: those before a comma ("PUTIN, Vladimir"),
 * a word written in capitals in a mixed-case name ("Viktor YANUKOVYCH", "CHEN Mingguo"), the
 * first syllable of a Chinese or Korean name, the first word when the name ends in a patronymic
 * ("Путин Владимир Владимирович"), else the last word.
 */
function familyTokens(text: string, tokens: string[], writing: Writing): boolean[] {
  const marks = tokens.map(() => false);
  if (tokens.length === 0) return marks;
  const comma = text.indexOf(',');
  if (comma > 0) {
    const before = new Set(formTokens(text.slice(0, comma)));
    tokens.forEach((t, k) => (marks[k] = before.has(t)));
    if (marks.some(Boolean)) return marks;
  }
  const words = text.split(/\s+/u).filter((w) => /\p{L}/u.test(w));
  const capitals = words.filter((w) => w.length >= 2 && w === w.toUpperCase() && w !== w.toLowerCase());
  if (capitals.length > 0 && capitals.length < words.length) {
    const upper = new Set(capitals.flatMap((w) => formTokens(w)));
    tokens.forEach((t, k) => (marks[k] = upper.has(t)));
    if (marks.some(Boolean)) return marks;
  }
  if (writing === 'han' || writing === 'hangul' || (tokens.length >= 3 && PATRONYMIC_END.test(tokens[tokens.length - 1]))) marks[0] = true;
  else marks[tokens.length - 1] = true;
  return marks;
}
