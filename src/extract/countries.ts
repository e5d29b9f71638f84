// Country names and their people's adjectives in the languages we read, in any grammatical
// case: "Panama", "Панами" (Ukrainian genitive), "Японии", "Haitian", "Japanese". Built from
// the country names of i18n-iso-countries (English, French, Spanish, German, Russian, Ukrainian,
// Bulgarian); a word is a country word when it is a name's stem plus an inflection or a
// demonym ending. Countries are parties of relations but never targets of a designation.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const countries = require('i18n-iso-countries') as typeof import('i18n-iso-countries');
const LANGS = ['en', 'fr', 'es', 'de', 'ru', 'uk', 'bg'];
for (const lang of LANGS) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));

// Case endings (Slavic) and demonym endings (English and others) that may follow a stem.
const ENDINGS = new Set(['', 'а', 'и', 'і', 'ї', 'у', 'ю', 'ы', 'ой', 'ей', 'ом', 'ів', 'ах', 'ям', 'ії', 'ию', 'ии', 'ею', 'є', 'е', 'я', 'ою', 'ия', 'ія', 'ої', 'ій', 'им', 'ими', 'их', 'ому', 'ого', 'ая', 'ую', 'ое', 'ые', 'ие', 'іи', 'ии', 'ської', 'ского', 'ский', 'ська', 'n', 'an', 'ian', 'ians', 'ans', 'ese', 'ish', 'i', 'ic', 'ean', 'ien', 'ienne', 'ois', 'aise', 'o', 'ano', 'ana', 'isch', 'ische', 'er']);

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** Country name → ISO-2, by words folded; stems drop a last vowel or soft sign. */
const byWords = new Map<string, string[][]>();
for (const lang of LANGS) {
  for (const [code, names] of Object.entries(countries.getNames(lang, { select: 'all' }))) {
    for (const name of names as string[]) {
      const words = fold(name).split(/[\s-]+/u).filter(Boolean);
      if (words.length === 0 || words.length > 3) continue;
      const key = words[0].slice(0, 3);
      const list = byWords.get(key) ?? [];
      list.push([code, ...words]);
      byWords.set(key, list);
    }
  }
}

function stemOf(word: string): string {
  return word.length >= 5 ? word.replace(/[aeiouyаеиоуыэюяіїєьй]$/u, '') : word;
}

// Slavic adjectives of a country: "японското" (Bulgarian, of Япония), "российский", "українського".
// (Folded: "й" has lost its breve, so "российский" reads "россиискии".)
const ADJECTIVE = /^[иі]?(?:ск|ськ|цк)\p{L}{1,5}$/u;

function wordMatches(text: string, name: string): boolean {
  if (text === name) return true;
  if (/[\p{Script=Cyrillic}]/u.test(name)) {
    for (const base of [name.replace(/[аеиоуыэюяіїєь]$/u, ''), name.replace(/[аеиоуыэюяіїєь]+$/u, '')]) {
      if (base.length >= 3 && base !== name && text.startsWith(base) && ADJECTIVE.test(text.slice(base.length))) return true;
    }
  }
  const stem = stemOf(name);
  if (stem.length < 4 || !text.startsWith(stem)) return false;
  return ENDINGS.has(text.slice(stem.length)) || ENDINGS.has(text.slice(name.length)) && text.startsWith(name);
}

// Countries written as acronyms, in the languages we read (i18n-iso-countries has full names only).
const ACRONYMS: Record<string, string> = {
  usa: 'US', 'u.s.a.': 'US', сша: 'US', eeuu: 'US', 'ee.uu.': 'US', 'ee. uu.': 'US', сащ: 'US', uk: 'GB', 'u.k.': 'GB', prc: 'CN', кнр: 'CN', rpc: 'CN',
  dprk: 'KP', кндр: 'KP', rpdc: 'KP', rok: 'KR', рф: 'RU', 'р.ф.': 'RU', uae: 'AE', оаэ: 'AE', оае: 'AE', eau: 'AE', vae: 'AE', рб: 'BY',
};

/** ISO-2 when the words are a country or its adjective in any of the languages, else null. */
export function countryWordCode(text: string): string | null {
  const acronym = ACRONYMS[text.trim().toLowerCase()];
  if (acronym) return acronym;
  const words = fold(text).split(/[\s-]+/u).filter(Boolean);
  if (words.length === 0 || words.length > 3) return null;
  for (const [code, ...names] of byWords.get(words[0].slice(0, 3)) ?? []) {
    if (names.length !== words.length) continue;
    if (names.every((n, i) => wordMatches(words[i], n))) return code.toUpperCase();
  }
  return null;
}
