// The words news uses for sanctioning authorities, countries and their people, and the words
// that announce, lift, extend or recall a sanction. Authority labels are those of the lists
// (src/sources/authorities.ts), so reported and official listings line up on one timeline.
import { toCountryCode } from '../model/values.js';
import { AUTHORITY } from '../sources/authorities.js';

export interface AuthorityMention {
  authority: string;
  start: number;
  end: number;
  /** Higher for a named agency ("State Department") than for a capital or country ("Washington"). */
  specificity: number;
}

// Most specific first: the first pattern that covers a stretch of text wins it.
const AUTHORITY_PATTERNS: [RegExp, string, number][] = [
  [/\b(?:U\.?S\.? |US |United States )?(?:Department of (?:the )?Treasury|Treasury Department|Treasury(?:'s|’s)? Office of Foreign Assets Control|Office of Foreign Assets Control|OFAC|U\.?S\.? Treasury|US Treasury|Treasury)\b/gu, AUTHORITY.OFAC, 3],
  [/\b(?:U\.?S\.? |US |United States )?(?:State Department|Department of State|Secretary of State)\b/gu, AUTHORITY.US_STATE, 3],
  [/\b(?:U\.?S\.? |US )?(?:Commerce Department|Department of Commerce|Bureau of Industry and Security|BIS)\b/gu, AUTHORITY.US_COMMERCE, 3],
  [/\b(?:Chinese |China(?:'s|’s)? )?(?:Foreign Ministry|Ministry of Foreign Affairs|MFA)\b/gu, AUTHORITY.CHINA_MFA, 3],
  [/\b(?:Chinese |China(?:'s|’s)? )?(?:Ministry of Commerce|Commerce Ministry|MOFCOM)\b/gu, AUTHORITY.CHINA_MOFCOM, 3],
  [/\b(?:UN |United Nations )?Security Council\b|\bUnited Nations\b|\bUN\b/gu, AUTHORITY.UN, 2],
  [/\b(?:European Union|European Council|European Commission|Council of the EU|EU Council|EU|Council(?= today| has| decided| adopted| imposed))\b/gu, AUTHORITY.EU, 2],
  [/\b(?:UK|U\.K\.|United Kingdom|Britain|British government|Foreign Office|FCDO|OFSI|HM Treasury|Foreign Secretary)\b/gu, AUTHORITY.UK, 2],
  [/\b(?:Canada|Canadian government|Ottawa|Global Affairs Canada)\b/gu, AUTHORITY.CANADA, 2],
  [/\b(?:Beijing|China)\b(?=[^.]{0,40}\b(?:sanction|blacklist|countermeasure))/gu, AUTHORITY.CHINA_MFA, 1],
  [/\b(?:U\.S\.|US|USA|United States|Washington|American|the White House)\b/gu, AUTHORITY.US, 1],
];

/** Authority mentions in a text, longest and most specific first where they overlap. */
export function authoritiesIn(text: string): AuthorityMention[] {
  const found: AuthorityMention[] = [];
  for (const [pattern, authority, specificity] of AUTHORITY_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      found.push({ authority, start, end, specificity });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

// Country words news uses that the list-side country table does not know.
const COUNTRY_WORDS: Record<string, string> = {
  prc: 'cn', dprk: 'kp', 'north korea': 'kp', 'north korean': 'kp', usa: 'us', 'u.s.': 'us', us: 'us', uk: 'gb', 'u.k.': 'gb', britain: 'gb',
  russia: 'ru', belarus: 'by', iran: 'ir', syria: 'sy', 'south korea': 'kr', taiwan: 'tw', turkey: 'tr', türkiye: 'tr',
};

/** ISO-2 (upper case) for a country name or its people's adjective ("Chinese", "DPRK"), else null. */
export function countryOf(word: string): string | null {
  const lower = word.toLowerCase().replace(/[’']s$/u, '');
  // Two- and three-letter words are names ("AL DIAB", "AVON"), not ISO codes, unless news uses them so (US, UK, PRC).
  const code = COUNTRY_WORDS[lower] ?? (lower.length > 3 ? toCountryCode(lower) : null);
  return code && /^[a-z]{2}$/u.test(code) ? code.toUpperCase() : null;
}

/** True when the words are a country or its adjective, never a party's name. */
export function isCountryWord(words: string): boolean {
  return countryOf(words) !== null || /^(the )?(people[’']s republic of china|republic of \w+|european union|russian federation)$/iu.test(words);
}

// Words that begin a sentence with a capital without being a name.
export const SENTENCE_WORDS = new Set([
  'the', 'a', 'an', 'on', 'in', 'at', 'as', 'and', 'but', 'or', 'for', 'of', 'to', 'by', 'with', 'from', 'this', 'that', 'these', 'those', 'it', 'its', 'they', 'their', 'we', 'our', 'he', 'she', 'his', 'her',
  'alongside', 'additionally', 'furthermore', 'meanwhile', 'now', 'lastly', 'also', 'however', 'according', 'under', 'after', 'before', 'since', 'last', 'today', 'specifically', 'all', 'both', 'each', 'every',
  'designated', 'sanctioned', 'blacklisted', 'new', 'other', 'some', 'most', 'many', 'several', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'head', 'named', 'following', 'background', 'key',
  'what', 'who', 'which', 'when', 'where', 'why', 'how', 'there', 'here', 'then', 'than', 'if', 'while', 'although', 'despite', 'during', 'between', 'among', 'about', 'into', 'over', 'such',
]);

/** Trigger of a new listing; passive forms put the targets before the verb. */
export const DESIGNATION_TRIGGERS: { pattern: RegExp; passive: boolean }[] = [
  { pattern: /\b(?:was|were|been|be|are|is|being)\s+(?:also\s+|now\s+|additionally\s+)?(?:sanctioned|designated|blacklisted|listed|targeted|added to (?:the|its|their) [\w\s]{0,30}?list|included in (?:the|its|their) [\w\s]{0,40}?(?:list|sanctions)|subject(?:ed)? to (?:new |additional |the )?(?:sanctions|restrictive measures))\b/giu, passive: true },
  { pattern: /\b(?:imposes|imposed?|imposing|announced|introduced|slapped|placed|levied|adopted|expanded|decided to impose)\s+(?:new |fresh |additional |further )?(?:sanctions|restrictive measures|penalties|a (?:new )?(?:package|round) of sanctions)\s+(?:on|against|targeting|upon)\b/giu, passive: false },
  { pattern: /\b(?:sanctions|restrictive measures)\s+(?:were |was |have been |has been )?(?:imposed\s+)?(?:on|against|targeting)\b/giu, passive: false },
  { pattern: /\b(?:sanctioned|designated|blacklisted|targeted|added)\b(?!\s+(?:by|under|in|for|persons|entities|individuals|or))/giu, passive: false },
  { pattern: /\b(?:removed|delisted|lifted (?:the )?sanctions (?:on|against)|unfroze the assets of)\b/giu, passive: false },
  { pattern: /\b(?:include|includes|included|including)\b:?|\b(?:are|were)\s*:?(?=\s+\p{Lu})/gu, passive: false },
];

export const DELISTING = /\b(delist(?:ed|ing)?|removed\b[^.]{0,80}?\bfrom (?:the |its |their )?(?:[\w-]+ ){0,3}?list|lift(?:ed|s|ing)? (?:the )?sanctions|unfr[eo]z(?:e|en))\b/iu;
export const EXTENSION = /\b(extend(?:ed|s)?|prolong(?:ed|s)?|renew(?:ed|s)?|roll(?:ed)? over)\b[^.]{0,60}\b(sanctions|restrictive measures|measures)\b|\b(sanctions|measures)\b[^.]{0,40}\b(extended|prolonged|renewed)\b/iu;
// A sanction told as history: already in force, since a past date, last year, previously.
export const HISTORY = /\b(already|has been subject|have been subject|had been|previously|earlier|formerly|last year|in the past|since (?:\w+ )?(?:19|20)\d{2}|under (?:\w+ )?sanctions|on the (?:\w+ )?sanctions list|which are under)\b/iu;
// Where the reason for a listing begins.
export const REASON = /\s(?:for(?! the (?:regime|state))|over|due to|because of|in connection with|as (?:they|it) (?:were|was) accused of|in response to)\s/iu;
// Where the target list ends without a reason: the legal basis or the list it leaves.
export const TARGETS_END = /,?\s(?:under (?:the )?(?=\p{Lu})|pursuant to|(?:from|to) (?:its|the|their) [\w\s-]{0,40}?list|until\s)/u;
