// Cleaning of raw list values into the forms FtM expects: ISO dates (with their precision kept as
// a prefix: 1954, 1954-08, 1954-08-30) and ISO 3166 alpha-2 country codes (lower case, as FtM stores them).
import { createRequire } from 'node:module';
import { isValid } from 'date-fns';
import { model } from './ftm.js';

const FTM_COUNTRY_CODES = model.types.country.values;

const require = createRequire(import.meta.url);
// i18n-iso-countries is CommonJS with JSON locale files; require keeps its data loading simple.
const countries = require('i18n-iso-countries') as typeof import('i18n-iso-countries');
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
countries.registerLocale(require('i18n-iso-countries/langs/fr.json'));

/** Collapse runs of white space (incl. non-breaking) and trim; empty → null. */
export function cleanText(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const text = String(raw).replace(/[\s\u00a0\u200b\ufeff]+/gu, ' ').trim();
  return text === '' || text === '-0-' ? null : text;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDay(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (!isValid(date) || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

export type DayOrder = 'DMY' | 'MDY';

/**
 * Parse a date as lists write them into an ISO prefix of the precision given:
 * "1954-08-30", "30 Aug 1954", "Aug 1954", "circa 1954", "30.08.1954", "30/08/1954" (DMY) or
 * "08/30/1954" (MDY, US lists), "1954-08-30T00:00:00". Returns null when nothing sure is there:
 * a date is never invented from an ambiguous string.
 */
export function parseDate(raw: string | null | undefined, order: DayOrder = 'DMY'): string | null {
  const text = cleanText(raw);
  if (!text) return null;
  const s = text.toLowerCase().replace(/^(circa|ca\.?|approximately|approx\.?|about|c\.)\s*/u, '');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t\s].*)?$/u.exec(s);
  if (m) return isoDay(+m[1], +m[2], +m[3]);
  m = /^(\d{4})-(\d{1,2})$/u.exec(s);
  if (m && +m[2] >= 1 && +m[2] <= 12) return `${m[1]}-${pad(+m[2])}`;
  m = /^(\d{4})$/u.exec(s);
  if (m && +m[1] >= 1000 && +m[1] < 3000) return m[1];
  m = /^(\d{1,2})[./\s-](\d{1,2})[./\s-](\d{4})$/u.exec(s);
  if (m) {
    const [a, b] = [+m[1], +m[2]];
    // Respect the list's declared order; only when it is impossible (month 13+) do we swap.
    if (order === 'MDY') return a <= 12 ? isoDay(+m[3], a, b) : isoDay(+m[3], b, a);
    return b <= 12 ? isoDay(+m[3], b, a) : isoDay(+m[3], a, b);
  }
  m = /^(\d{1,2})[./-](\d{4})$/u.exec(s);
  if (m && +m[1] >= 1 && +m[1] <= 12) return `${m[2]}-${pad(+m[1])}`;
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4})$/u.exec(s);
  if (m && MONTHS[m[2]]) return isoDay(+m[3], MONTHS[m[2]], +m[1]);
  m = /^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/u.exec(s);
  if (m && MONTHS[m[1]]) return isoDay(+m[3], MONTHS[m[1]], +m[2]);
  m = /^([a-z]+)\.?[\s-]+(\d{4})$/u.exec(s);
  if (m && MONTHS[m[1]]) return `${m[2]}-${pad(MONTHS[m[1]])}`;
  return null;
}

/** Several dates in one cell ("1954; 1955", "between 1960 and 1962") → each parsed. */
export function parseDates(raw: string | null | undefined, order: DayOrder = 'DMY'): string[] {
  const text = cleanText(raw);
  if (!text) return [];
  const whole = parseDate(text, order);
  if (whole) return [whole];
  return text
    .split(/\s*(?:;|,(?=\s*\d{4}\b)|\bto\b|\band\b|\bbetween\b|\bor\b)\s*/iu)
    .map((part) => parseDate(part, order))
    .filter((d): d is string => d !== null);
}

// Names that lists use and the ISO tables do not know; all lower case.
const COUNTRY_ALIASES: Record<string, string> = {
  'korea, north': 'kp', 'north korea': 'kp', "democratic people's republic of korea": 'kp', dprk: 'kp',
  'korea, south': 'kr', 'south korea': 'kr', 'republic of korea': 'kr',
  burma: 'mm', syria: 'sy', 'syrian arab republic': 'sy', russia: 'ru', iran: 'ir',
  'iran (islamic republic of)': 'ir', 'venezuela (bolivarian republic of)': 've', venezuela: 've',
  'bolivia (plurinational state of)': 'bo', laos: 'la', "lao people's democratic republic": 'la',
  'viet nam': 'vn', vietnam: 'vn', 'united states': 'us', usa: 'us', 'u.s.a.': 'us', 'united states of america': 'us',
  uk: 'gb', 'united kingdom': 'gb', 'great britain': 'gb', 'united kingdom of great britain and northern ireland': 'gb',
  'congo, democratic republic of the': 'cd', 'democratic republic of the congo': 'cd', 'congo (democratic republic)': 'cd',
  'congo, republic of the': 'cg', 'republic of the congo': 'cg', 'congo (republic)': 'cg',
  'the gambia': 'gm', gambia: 'gm', 'tanzania, united republic of': 'tz', tanzania: 'tz',
  'moldova, republic of': 'md', moldova: 'md', 'palestinian territories': 'ps', palestine: 'ps', 'west bank': 'ps', gaza: 'ps',
  'occupied palestinian territory': 'ps', 'state of palestine': 'ps', kosovo: 'xk', 'turkey': 'tr', türkiye: 'tr', turkiye: 'tr',
  "cote d'ivoire": 'ci', "côte d'ivoire": 'ci', 'ivory coast': 'ci', 'hong kong': 'hk', macau: 'mo', macao: 'mo',
  taiwan: 'tw', 'china': 'cn', "china, people's republic of": 'cn', "people's republic of china": 'cn',
  'czech republic': 'cz', czechia: 'cz', 'the netherlands': 'nl', netherlands: 'nl', 'bosnia and herzegovina': 'ba',
  'bosnia-herzegovina': 'ba', 'north macedonia': 'mk', macedonia: 'mk', 'the former yugoslav republic of macedonia': 'mk',
  'united arab emirates': 'ae', uae: 'ae', 'saint kitts and nevis': 'kn', 'st. kitts and nevis': 'kn',
  'saint vincent and the grenadines': 'vc', 'st. vincent and the grenadines': 'vc', 'saint lucia': 'lc',
  'micronesia, federated states of': 'fm', 'brunei': 'bn', 'cabo verde': 'cv', 'cape verde': 'cv', eswatini: 'sz', swaziland: 'sz',
  'crimea': 'ua', 'region: crimea': 'ua', 'sudan, south': 'ss', 'south sudan': 'ss',
  'soviet union': 'suhh', ussr: 'suhh', yugoslavia: 'yucs', 'serbia and montenegro': 'csxx', 'czechoslovakia': 'cshh',
  'bélarus': 'by', belarus: 'by', 'byelorussia': 'by', 'belorussia': 'by',
};

// Nationalities as lists write them ("Iranian", "Belarusian").
const DEMONYMS: Record<string, string> = {
  afghan: 'af', albanian: 'al', algerian: 'dz', american: 'us', belarusian: 'by', belarussian: 'by', bosnian: 'ba',
  british: 'gb', burmese: 'mm', canadian: 'ca', chinese: 'cn', congolese: 'cd', cuban: 'cu', egyptian: 'eg',
  eritrean: 'er', french: 'fr', german: 'de', guinean: 'gn', indian: 'in', indonesian: 'id', iranian: 'ir', iraqi: 'iq',
  israeli: 'il', jordanian: 'jo', kazakh: 'kz', kenyan: 'ke', korean: 'kp', kuwaiti: 'kw', kyrgyz: 'kg', lebanese: 'lb',
  libyan: 'ly', malian: 'ml', mauritanian: 'mr', moroccan: 'ma', nicaraguan: 'ni', nigerian: 'ng', 'north korean': 'kp',
  pakistani: 'pk', palestinian: 'ps', qatari: 'qa', russian: 'ru', rwandan: 'rw', saudi: 'sa', 'saudi arabian': 'sa',
  serbian: 'rs', somali: 'so', sudanese: 'sd', 'south sudanese': 'ss', syrian: 'sy', tajik: 'tj', tunisian: 'tn',
  turkish: 'tr', turkmen: 'tm', ugandan: 'ug', ukrainian: 'ua', uzbek: 'uz', venezuelan: 've', yemeni: 'ye', zimbabwean: 'zw',
};

// The same country names repeat thousands of times in a list, and a look-up scans the ISO
// tables: remember each answer (a few thousand distinct spellings at most).
const countryCache = new Map<string, string | null>();

/** A country name or code as lists write it → FtM country code (lower-case alpha-2), or null. */
export function toCountryCode(raw: string | null | undefined): string | null {
  const key = raw ?? '';
  if (!countryCache.has(key)) countryCache.set(key, countryCodeOf(raw));
  return countryCache.get(key)!;
}

function countryCodeOf(raw: string | null | undefined): string | null {
  const text = cleanText(raw);
  if (!text) return null;
  const lower = text.toLowerCase().replace(/\.$/u, '');
  if (COUNTRY_ALIASES[lower]) return COUNTRY_ALIASES[lower];
  if (DEMONYMS[lower]) return DEMONYMS[lower];
  // FtM's own codes, beyond ISO: 'eu', 'zz' (global), 'suhh' (Soviet Union), 'gb-nir'…
  if (FTM_COUNTRY_CODES.has(lower)) return lower;
  if (/^[a-z]{2}$/u.test(lower) && countries.isValid(lower.toUpperCase())) return lower;
  if (/^[a-z]{3}$/u.test(lower)) {
    const a2 = countries.alpha3ToAlpha2(lower.toUpperCase());
    if (a2) return a2.toLowerCase();
  }
  const byName = countries.getAlpha2Code(text, 'en') ?? countries.getAlpha2Code(text, 'fr');
  if (byName) return byName.toLowerCase();
  // "Minsk, Belarus" or "Belarus (citizen)": try the last comma part and the text before brackets.
  const last = lower.split(',').pop()!.trim();
  if (last !== lower) return toCountryCode(last);
  const unbracketed = lower.replace(/\s*\(.*\)\s*/u, '').trim();
  if (unbracketed && unbracketed !== lower) return toCountryCode(unbracketed);
  return null;
}
