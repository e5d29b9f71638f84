// Which writing system a name is in, and a language guess for Cyrillic (Belarusian and
// Ukrainian have letters Russian lacks). Used to tag original-script names with a language.
export type Script = 'latin' | 'cyrillic' | 'arabic' | 'han' | 'greek' | 'hebrew' | 'hangul' | 'kana' | 'other' | 'none';

const SCRIPTS: [Script, RegExp][] = [
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['han', /\p{Script=Han}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['greek', /\p{Script=Greek}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['latin', /\p{Script=Latin}/u],
];

/** The first non-Latin script found, else latin, else none. */
export function scriptOf(text: string): Script {
  for (const [script, pattern] of SCRIPTS) if (pattern.test(text)) return script;
  return /\p{L}/u.test(text) ? 'other' : 'none';
}

/** ISO 639-3 language guess for a non-Latin name, or null for Latin text. */
export function languageOf(text: string): string | null {
  switch (scriptOf(text)) {
    case 'cyrillic':
      if (/[ўЎ]/u.test(text) || (/[іІ]/u.test(text) && /[ыЫэЭ]/u.test(text))) return 'bel';
      if (/[їЇєЄґҐ]/u.test(text) || (/[іІ]/u.test(text) && !/[ыЫэЭёЁ]/u.test(text))) return 'ukr';
      return 'rus';
    case 'arabic':
      return 'ara';
    case 'han':
      return 'zho';
    case 'kana':
      return 'jpn';
    case 'hangul':
      return 'kor';
    case 'greek':
      return 'ell';
    case 'hebrew':
      return 'heb';
    default:
      return null;
  }
}
