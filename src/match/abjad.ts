// Names written in Arabic, Persian, Urdu or Hebrew letters against their Latin spellings. These
// scripts write consonants and long vowels (و as w/u/o, ي as y/i/e, ا as a) and leave short vowels
// out, so "بوتين" transliterates to "bwtyn" and "محمد" to "mhmd". An alignment over letter classes
// tells whether a Latin spelling can be written so: every consonant must meet a consonant of its
// class, a written long vowel must meet a vowel it can stand for, and the Latin side's short
// vowels are free (unwritten). "bwtyn" meets "putin", "mhmwd" meets "mahmoud" but not "mohamed",
// "hsyn" meets "hussein" but not "hassan".
import { rewrite } from '../text/rewrite.js';

// Consonant classes: letters the abjad writes with one letter, or that transliterations confuse.
const CLASS: Record<string, string> = {
  b: 'b', p: 'b', f: 'b', v: 'b',
  k: 'k', q: 'k', c: 'k', g: 'g', j: 'g',
  t: 't', d: 'd', s: 's', z: 'z', x: 's',
  h: 'h', l: 'l', r: 'r', m: 'm', n: 'n',
};
const LATIN_VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
// What each written long-vowel letter can stand for on the Latin side.
const LONG_VOWEL: Record<string, Set<string>> = {
  w: new Set(['o', 'u', 'w', 'v']),
  // Hebrew vav, which any-ascii writes as v: a consonant or the vowel o/u.
  v: new Set(['o', 'u', 'w', 'v']),
  y: new Set(['i', 'e', 'y', 'j']),
  a: new Set(['a', 'e', 'o']),
};
// Digraphs of Latin spellings that an abjad writes with one letter.
const LATIN_DIGRAPHS: [RegExp, string][] = [
  [/kh/gu, 'h'],
  [/gh/gu, 'g'],
  [/sh|sch|ch|tch/gu, 's'],
  [/th|dh/gu, 't'],
  [/ph/gu, 'f'],
  [/ts|tz/gu, 's'],
];

function prepareLatin(token: string): string {
  return rewrite(token, LATIN_DIGRAPHS).replace(/(.)\1+/gu, '$1');
}

function prepareAbjad(token: string): string {
  // Transliteration marks for hamza and ayn carry no Latin letter.
  return rewrite(token.replace(/['`]/gu, ''), LATIN_DIGRAPHS).replace(/(.)\1+/gu, '$1');
}

const DELETE_LONG_VOWEL = 0.5;
const MISMATCH = 1;

/** Alignment cost of an abjad transliteration against a Latin spelling (0 = can be written so). */
export function abjadCost(abjadToken: string, latinToken: string): number {
  const a = prepareAbjad(abjadToken);
  const l = prepareLatin(latinToken);
  const n = a.length;
  const m = l.length;
  // cost[i][j]: a[0..i) against l[0..j).
  let previous = new Array<number>(m + 1);
  previous[0] = 0;
  for (let j = 1; j <= m; j++) previous[j] = previous[j - 1] + (LATIN_VOWELS.has(l[j - 1]) ? 0 : MISMATCH);
  for (let i = 1; i <= n; i++) {
    const ai = a[i - 1];
    const long = LONG_VOWEL[ai];
    const current = new Array<number>(m + 1);
    current[0] = previous[0] + (long ? DELETE_LONG_VOWEL : MISMATCH);
    for (let j = 1; j <= m; j++) {
      const lj = l[j - 1];
      const skipLatin = current[j - 1] + (LATIN_VOWELS.has(lj) ? 0 : MISMATCH);
      const skipAbjad = previous[j] + (long ? DELETE_LONG_VOWEL : MISMATCH);
      let meet = MISMATCH;
      if (long) meet = long.has(lj) ? 0 : MISMATCH;
      else if (CLASS[ai] !== undefined && CLASS[ai] === CLASS[lj]) meet = 0;
      current[j] = Math.min(skipLatin, skipAbjad, previous[j - 1] + meet);
    }
    previous = current;
  }
  return previous[m];
}

/** True when the Latin spelling can be the abjad word: the alignment leaves nothing unexplained. */
export function abjadSpells(abjadToken: string, latinToken: string): boolean {
  const consonants = abjadToken.replace(/[awvy'`]/gu, '').length;
  return consonants >= 2 && abjadCost(abjadToken, latinToken) < DELETE_LONG_VOWEL;
}
