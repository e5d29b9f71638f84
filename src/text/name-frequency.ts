// How many listed persons carry a name word, from data/reference/name-frequency.json.gz (built
// from the bundled lists by scripts/build-name-frequency.ts). A word few listed persons carry
// ("putin", "lukashenko") names someone on its own; a word many carry ("mohammed", "john") does
// not, and a one-word query made of it is no match.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../config.js';

let words: Map<string, number> | null = null;

/** Held by at most this many listed persons: a rare name word. */
export const RARE_NAME_PERSONS = 10;

export function personsWithWord(word: string): number {
  words ??= new Map(Object.entries((JSON.parse(gunzipSync(readFileSync(join(PACKAGE_ROOT, 'data/reference/name-frequency.json.gz'))).toString('utf8')) as { words: Record<string, number> }).words));
  // Words not in the table are held by one listed person or none.
  return words.get(word) ?? 1;
}

export function isRareNameWord(word: string): boolean {
  return personsWithWord(word) <= RARE_NAME_PERSONS;
}
