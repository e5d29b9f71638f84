// Transliteration of every script in the lists to plain Latin letters, so that Лукашенко,
// Лукашэнка and Lukashenko compare as text. any-ascii covers all scripts (Cyrillic with its
// Belarusian and Ukrainian letters, Greek, Arabic, Han as pinyin syllables); we add word
// breaks between Han syllables and drop the quote marks it uses for soft signs and ayn.
import anyAscii from 'any-ascii';

const HAN = /\p{Script=Han}/u;

export function transliterate(text: string): string {
  if (/^[\x20-\x7e]*$/u.test(text)) return text;
  // Han characters come out as "XiJinPing": one syllable per character, so break them apart.
  const spaced = HAN.test(text) ? text.replace(/(\p{Script=Han})/gu, ' $1 ') : text;
  return anyAscii(spaced)
    .replace(/['`ʹʺ]/gu, '')
    .replace(/<<|>>/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}
