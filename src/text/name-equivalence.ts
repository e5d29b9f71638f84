// Given names that are one name in several languages and scripts (Alexander, Aleksandr,
// Aliaksandr; Mohammed, Magomed), from Wikidata via nomenklatura; built into
// data/reference/name-equivalence.json.gz by scripts/build-name-equivalence.ts and loaded once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../config.js';

let groupsOf: Map<string, number[]> | null = null;

function load(): Map<string, number[]> {
  const { groups } = JSON.parse(gunzipSync(readFileSync(join(PACKAGE_ROOT, 'data/reference/name-equivalence.json.gz'))).toString('utf8')) as { groups: string[][] };
  const map = new Map<string, number[]>();
  groups.forEach((group, i) => {
    for (const spelling of group) {
      const list = map.get(spelling);
      if (list) list.push(i);
      else map.set(spelling, [i]);
    }
  });
  return map;
}

/** True when two folded Latin spellings are listed as one given name. */
export function sameGivenName(a: string, b: string): boolean {
  groupsOf ??= load();
  const ga = groupsOf.get(a);
  const gb = ga && groupsOf.get(b);
  return gb !== undefined && ga!.some((g) => gb.includes(g));
}

/** True when the folded word is a given name in Wikidata's table ("igor", "mohammed"). */
export function isGivenName(word: string): boolean {
  groupsOf ??= load();
  return groupsOf.has(word);
}
