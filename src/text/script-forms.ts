// Folding of letters that one script writes in several ways, so that a name typed on a Persian,
// Urdu or Arabic keyboard looks up the same way: Persian yeh and keheh are Arabic yeh and kaf,
// hamza-carrying alefs are alef, teh marbuta is heh, Arabic tatweel and zero-width joiners go.
import { rewrite } from './rewrite.js';
const ABJAD_VARIANTS: [RegExp, string][] = [
  [/[یىئ]/gu, 'ي'],
  [/[کګ]/gu, 'ك'],
  [/[أإآٱ]/gu, 'ا'],
  [/ة/gu, 'ه'],
  [/ۀ/gu, 'ه'],
  [/ؤ/gu, 'و'],
  // Tatweel, zero-width (non-)joiners and harakat: written one at a time, not as a class, so the
  // pattern holds no joined sequence.
  [/\u0640|\u200c|\u200d|\p{Mn}/gu, ''],
];

export function foldScriptVariants(word: string): string {
  if (!/[\u0600-\u06ff]/u.test(word)) return word;
  return rewrite(word, ABJAD_VARIANTS);
}

/** True for text in a script that writes consonants and leaves most vowels out. */
export function isAbjad(text: string): boolean {
  return /[\p{Script=Arabic}\p{Script=Hebrew}]/u.test(text);
}
