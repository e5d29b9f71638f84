// The words news uses for sanctioning authorities, countries and their people, and the words
// that announce, lift, extend or recall a sanction. Authority labels are those of the lists
// (src/sources/authorities.ts), so reported and official listings line up on one timeline.
import { countryWordCode } from './countries.js';
import { toCountryCode } from '../model/values.js';
import { AUTHORITY } from '../sources/authorities.js';

export interface AuthorityMention {
  authority: string;
  start: number;
  end: number;
  /** Higher for a named agency ("State Department") than for a capital or country ("Washington"). */
  specificity: number;
}

// Most specific first: the first pattern that covers a stretch of text wins it. Patterns are
// written for every language of the news we read (English, Russian, Ukrainian, Bulgarian,
// Spanish, French, German); `word()` gives them letter boundaries that also hold for Cyrillic
// (JavaScript's \b only knows ASCII), and Slavic case endings are matched by `\p{L}*`.
const word = (source: string) => new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${source})(?![\p{L}\p{N}])`, 'gu');
const AUTHORITY_PATTERNS: [RegExp, string, number][] = [
  [word(String.raw`(?:U\.?S\.? |US |United States )?(?:Department of (?:the )?Treasury|Treasury Department|Treasury(?:'s|’s)? Office of Foreign Assets Control|Office of Foreign Assets Control|OFAC|U\.?S\.? Treasury|US Treasury|Treasury|Departamento del Tesoro(?: de (?:los )?(?:Estados Unidos|EE\.? ?UU\.?))?|Oficina de Control de Activos Extranjeros|Bureau de contrôle des avoirs étrangers|Amt für die Kontrolle ausländischer Vermögenswerte|Управлени\p{L}* по контролю (?:за|над) иностранными активами(?: США)?|Управлінн\p{L}* (?:з|по) контролю (?:за|над) іноземними активами(?: США)?|Tesoro(?: estadounidense)?|Trésor (?:américain|des États-Unis)|département du Trésor(?: américain)?|US-Finanzministerium|Finanzministerium der USA|Минфин\p{L}* США|Министерств\p{L}* финансов США|Мінфін\p{L}* США|Міністерств\p{L}* фінансів США|Министерството на финансите на САЩ)`), AUTHORITY.OFAC, 3],
  [word(String.raw`(?:U\.?S\.? |US |United States )?(?:State Department|Department of State|Secretary of State|Departamento de Estado|Département d['’]État|US-Außenministerium|Госдеп\p{L}*|Государственн\p{L}* департамент\p{L}* США|Держдеп\p{L}*|Державн\p{L}* департамент\p{L}* США|Държавния департамент)`), AUTHORITY.US_STATE, 3],
  [word(String.raw`(?:U\.?S\.? |US )?(?:Commerce Department|Department of Commerce|Secretary of Commerce|Commerce Secretary|Bureau of Industry and Security|BIS|Entity List|Departamento de Comercio|Министерств\p{L}* торговли США)`), AUTHORITY.US_COMMERCE, 3],
  [word(String.raw`(?:Chinese |China(?:'s|’s)? )(?:Foreign Ministry|Ministry of Foreign Affairs|MFA)|МИД\p{L}* (?:КНР|Китая)`), AUTHORITY.CHINA_MFA, 3],
  [word(String.raw`(?:Chinese |China(?:'s|’s)? )?(?:Ministry of Commerce|Commerce Ministry|MOFCOM|unreliable entity list)`), AUTHORITY.CHINA_MOFCOM, 3],
  [word(String.raw`(?:Russian |Russia(?:'s|’s)? )(?:Foreign Ministry|Ministry of Foreign Affairs|MFA)|МИД\p{L}* (?:России|РФ)|Министерств\p{L}* иностранных дел (?:России|Российской Федерации|РФ)|Ministerio de (?:Relaciones|Asuntos) Exteriores de Rusia|Kremlin|Кремл\p{L}*`), AUTHORITY.RUSSIA, 3],
  [word(String.raw`(?:Japanese |Japan(?:'s|’s)? )(?:Foreign Ministry|Ministry of Foreign Affairs|MOFA|Government|government)|Government of Japan|MOFA Japan|Ministry of Economy, Trade and Industry|METI`), AUTHORITY.JAPAN, 3],
  [word(String.raw`SECO|State Secretariat for Economic Affairs|Swiss (?:Federal Council|government|Government)|Federal Council|Bundesrat|Conseil fédéral|Staatssekretariat für Wirtschaft`), AUTHORITY.SWITZERLAND, 3],
  [word(String.raw`MFAT|(?:New Zealand(?:'s|’s)? )?Ministry of Foreign Affairs and Trade|New Zealand (?:Government|government)|Winston Peters`), AUTHORITY.NEW_ZEALAND, 3],
  [word(String.raw`(?:Australia(?:'s|’s)? )?Department of Foreign Affairs and Trade|DFAT|Australian (?:Government|government)|Penny Wong|Senator Wong`), AUTHORITY.AUSTRALIA, 3],
  [word(String.raw`NSDC|National Security and Defen[cs]e Council(?: of Ukraine)?|nationalen? Sicherheitsrat\p{L}*|Rat\p{L}* für nationale Sicherheit und Verteidigung|Conseil national de sécurité et de défense|Consejo de Seguridad Nacional y Defensa|Selenskyj|РНБО|СНБО|СНБ[ОУ]\p{L}*|Рад\p{L}* національної безпеки і оборони(?: України)?|Совет\p{L}* национальной безопасности и обороны(?: Украины)?|Zelensky[iy]?|Zelens'yy?|Зеленськ\p{L}*|Зеленск\p{L}*`), AUTHORITY.UKRAINE, 3],
  [word(String.raw`(?<!(?:[Nn]ational|nationalen|National Security and Defen[cs]e)\s)(?:UN |U\.N\. |United Nations )?Security Council(?: Committee)?|United Nations|UN|U\.N\.|UNSC|Совет\p{L}* Безопасности ООН|Радбез\p{L}* ООН|ООН|Consejo de Seguridad|Naciones Unidas|ONU|Conseil de sécurité|Nations unies|Sicherheitsrat|Vereinten Nationen|Съвет\p{L}* за сигурност`), AUTHORITY.UN, 2],
  [word(String.raw`European Union|European Council|European Commission|Council of the (?:European Union|EU)|EU Council|EU|Council(?= today| has| decided| adopted| imposed| of the EU| of the European)|Евросоюз\p{L}*|Европейск\p{L}* союз\p{L}*|ЕС|Євросоюз\p{L}*|Європейськ\p{L}* Союз\p{L}*|ЄС|Европейския съюз|Unión Europea|UE|(?:Conseil de l['’])?Union [eE]uropéenne|Conseil de l['’]UE|Europäische\p{L}* Union|Brussels|Bruxelles|Брюссел\p{L}*|Брюсел\p{L}*`), AUTHORITY.EU, 2],
  [word(String.raw`UK|U\.K\.|United Kingdom|Britain|British government|Foreign Office|FCDO|OFSI|HM Treasury|Foreign Secretary|Foreign,? Commonwealth (?:and|&) Development Office|Великобритани\p{L}*|Британи\p{L}*|Лондон\p{L}*|Reino Unido|Royaume-Uni|Großbritannien|Vereinigte\p{L}* Königreich`), AUTHORITY.UK, 2],
  [word(String.raw`Canada|Canadian government|Government of Canada|Ottawa|Global Affairs Canada|Канад\p{L}*`), AUTHORITY.CANADA, 2],
  [word(String.raw`Australia|Canberra|Австрали\p{L}*`), AUTHORITY.AUSTRALIA, 2],
  [word(String.raw`Japan|Tokyo|Япони\p{L}*|Япония|Japón|Japon`), AUTHORITY.JAPAN, 2],
  [word(String.raw`Switzerland|Swiss|Schweiz|Suisse|Suiza|Швейцари\p{L}*`), AUTHORITY.SWITZERLAND, 2],
  [word(String.raw`New Zealand|Wellington|Nueva Zelanda|Nouvelle-Zélande|Новой Зеланди\p{L}*|Нов\p{L}* Зеланди\p{L}*`), AUTHORITY.NEW_ZEALAND, 2],
  [word(String.raw`Ukraine|Kyiv|Kiev|Україн\p{L}*|Украин\p{L}*|Киев\p{L}*|Київ\p{L}*|Ucrania`), AUTHORITY.UKRAINE, 1],
  [word(String.raw`(?:Foreign Ministry|Ministry of Foreign Affairs|MFA)|Beijing|China|Китай|КНР|Пекин\p{L}*`), AUTHORITY.CHINA_MFA, 1],
  [word(String.raw`Russia|Moscow|Росси\p{L}*|Москв\p{L}*|Rusia|Russie|Russland|Русия`), AUTHORITY.RUSSIA, 1],
  [word(String.raw`U\.S\.|US|USA|United States|Washington|American|the White House|США|Вашингтон\p{L}*|Estados Unidos|EE\.? ?UU\.?|États-Unis|USA|Vereinigten Staaten|САЩ`), AUTHORITY.US, 1],
];

// A country's government in any language we read: "the Japanese government", "японското
// правителство", "уряд Канади", "Bundesregierung der Schweiz". The country word is read by
// countryWordCode (countries.ts), so every country and case ending is covered without a pattern each.
const GOVERNMENT = String.raw`[Gg]overnment|[Cc]abinet|правител\p{L}*|правительств\p{L}*|уряд\p{L}*|[Rr]egierung|[Bb]undesregierung|[Gg]ouvernement|[Gg]obierno|[Mm]inistry of [Ff]oreign [Aa]ffairs|[Ff]oreign [Mm]inistry|МИД|МЗС|МВнР`;
const GOVERNMENT_OF = new RegExp(String.raw`(?<![\p{L}])([\p{L}]+)\s+(?:${GOVERNMENT})(?![\p{L}])|(?<![\p{L}])(?:${GOVERNMENT})\s+(?:of\s+|de\s+(?:l['’]|la\s+)?|du\s+|der\s+|des\s+)?(?:the\s+)?([\p{L}]+)`, 'gu');
const BY_COUNTRY: Record<string, string> = {
  US: AUTHORITY.US, GB: AUTHORITY.UK, CA: AUTHORITY.CANADA, AU: AUTHORITY.AUSTRALIA, JP: AUTHORITY.JAPAN, CH: AUTHORITY.SWITZERLAND,
  NZ: AUTHORITY.NEW_ZEALAND, UA: AUTHORITY.UKRAINE, RU: AUTHORITY.RUSSIA, CN: AUTHORITY.CHINA_MFA,
};

// "one Russian government official", "government-owned": the government word describes a
// person or thing, it does not act.
const GOVERNMENT_AS_MODIFIER = /^[\s-]*(?:officials?|officers?|figures?|critics?|employees?|workers?|bonds?|debt|agenc(?:y|ies)|ministers?|spokes\p{L}*|sources?|representatives?|advisers?|advisors?|entit(?:y|ies)|owned|controlled|linked|backed|affiliated|contracts?|buildings?|servants?)(?![\p{L}])/u;

function governmentsIn(text: string): AuthorityMention[] {
  const out: AuthorityMention[] = [];
  for (const m of text.matchAll(GOVERNMENT_OF)) {
    if (GOVERNMENT_AS_MODIFIER.test(text.slice(m.index + m[0].length))) continue;
    const code = countryWordCode(m[1] ?? m[2] ?? '');
    const authority = code ? BY_COUNTRY[code] : undefined;
    if (authority) out.push({ authority, start: m.index, end: m.index + m[0].length, specificity: 3 });
  }
  return out;
}

// A government mention one of the patterns reads whole keeps that pattern's authority and rank.
const WHOLE_PATTERNS = AUTHORITY_PATTERNS.map(([p]) => new RegExp(String.raw`^(?:${p.source})$`, 'u'));

/** Authority mentions in a text, longest and most specific first where they overlap. */
export function authoritiesIn(text: string): AuthorityMention[] {
  const found: AuthorityMention[] = [];
  for (const g of governmentsIn(text)) if (!WHOLE_PATTERNS.some((p) => p.test(text.slice(g.start, g.end)))) found.push(g);
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
// A quote may open the reason (added X "for their support of …"); "based on its contributions to …" gives one too.
export const REASON = /\s["“‘]?(?:for(?! the (?:regime|state))|over|due to|because of|in connection with|as (?:they|it) (?:were|was) accused of|in response to|based on (?:its|their|his|her))\s/iu;
// Where the target list ends without a reason: the legal basis or the list it leaves.
export const TARGETS_END = /,?\s(?:under (?:the )?(?=\p{Lu})|pursuant to|(?:from|to) (?:its|the|their) [\w\s-]{0,40}?list|until\s)/u;
