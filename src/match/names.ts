// A name prepared for matching: Latin tokens (any script transliterated, case and marks
// folded), legal forms taken out of organisation names, an acronym, and phonetic keys.
import { doubleMetaphone } from 'double-metaphone';
import { formTokens, legalForms, type LegalForm } from '../text/orgtypes.js';

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
}

// Words that carry no identity in organisation names and do not count for acronyms.
const ACRONYM_SKIP = new Set(['of', 'the', 'and', 'for', 'de', 'la', 'del', 'im', 'na', 'i', 'y', 'et']);
// Titles and honorifics around person names, in the languages the lists and news use
// ("Presidente Putin", "Putyin elnök"), folded as analyzeName folds them.
const PERSON_TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'sheikh', 'shaikh', 'haji', 'hajji', 'maulavi', 'mullah', 'general', 'colonel',
  'president', 'presidente', 'presiden', 'prasident', 'praesident', 'prezident', 'prezydent', 'predsjednik', 'presedintele', 'presidenten', 'elnok',
  'herr', 'frau', 'monsieur', 'madame', 'senor', 'senora', 'gospodin',
]);

export function phoneticKey(token: string): string {
  return /^[a-z]+$/u.test(token) ? doubleMetaphone(token)[0] : '';
}

// Digits typed for letters inside words ("Ig0r Sech1n"): read as the letters they stand for.
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '9': 'g' };

function unLeet(token: string): string {
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

export function analyzeName(text: string, isPerson: boolean): AnalyzedName {
  let tokens = formTokens(text).map(unLeet);
  let forms: LegalForm[] = [];
  if (isPerson) {
    while (tokens.length > 1 && PERSON_TITLES.has(tokens[0])) tokens = tokens.slice(1);
    while (tokens.length > 1 && PERSON_TITLES.has(tokens[tokens.length - 1])) tokens = tokens.slice(0, -1);
  } else {
    ({ forms, rest: tokens } = legalForms().split(tokens));
    tokens = joinInitials(tokens);
  }
  const words = tokens.filter((t) => !ACRONYM_SKIP.has(t));
  const acronym = !isPerson && words.length >= 2 && words.length <= 8 ? words.map((w) => w[0]).join('') : null;
  return { text, tokens, forms, acronym, phonetic: tokens.map(phoneticKey) };
}
