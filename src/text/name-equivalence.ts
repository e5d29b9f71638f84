// Given names that are one name in several languages and scripts (Alexander, Aleksandr,
// Aliaksandr, Александр, ألكسندر; Mohammed, Magomed), from Wikidata via nomenklatura; built into
// data/reference/name-equivalence.json.gz by scripts/build-name-equivalence.ts and loaded once,
// with rigour's cross-script name parts (Putin in fifteen scripts) added at load.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../config.js';
import { normalizeName } from './normalize.js';
import { formTokens } from './orgtypes.js';
import { foldScriptVariants } from './script-forms.js';
import { symbols } from './symbols.js';

interface Table {
  /** Spelling (folded Latin, or a word of another script as written) → its groups. */
  groupsOf: Map<string, number[]>;
  groups: string[][];
}

let table: Table | null = null;
const LATIN = /^[a-z]+$/u;

function load(): Table {
  const { groups } = JSON.parse(gunzipSync(readFileSync(join(PACKAGE_ROOT, 'data/reference/name-equivalence.json.gz'))).toString('utf8')) as { groups: string[][] };
  for (const parts of symbols().namePartGroups) {
    const group = new Set<string>();
    for (const part of parts) {
      const tokens = formTokens(part);
      if (tokens.length === 1 && LATIN.test(tokens[0])) group.add(tokens[0]);
      const folded = foldScriptVariants(normalizeName(part));
      if (!/[a-z]/u.test(folded) && !folded.includes(' ')) group.add(folded);
    }
    if (group.size >= 2) groups.push([...group]);
  }
  const groupsOf = new Map<string, number[]>();
  groups.forEach((group, i) => {
    for (const spelling of group) {
      const list = groupsOf.get(spelling);
      if (list) list.push(i);
      else groupsOf.set(spelling, [i]);
    }
  });
  return { groupsOf, groups };
}

function loaded(): Table {
  table ??= load();
  return table;
}

/** True when two folded Latin spellings are listed as one given name. */
export function sameGivenName(a: string, b: string): boolean {
  const { groupsOf } = loaded();
  const ga = groupsOf.get(a);
  const gb = ga && groupsOf.get(b);
  return gb !== undefined && ga!.some((g) => gb.includes(g));
}

/** True when the folded word is a given name in Wikidata's table ("igor", "mohammed"). */
export function isGivenName(word: string): boolean {
  // The table also holds the names as other scripts write them: those are not folded words.
  return LATIN.test(word) && loaded().groupsOf.has(word);
}

// A word in many groups (a common name) is bounded: the first spellings of each group suffice.
const MAX_LATIN_FORMS = 40;

/**
 * The one Latin spelling that stands for a word of another script: the one most of its groups
 * share ("普京" → putin), so that two scripts' words meet on the same token.
 */
export function representativeLatin(forms: string[], word: string): string {
  const { groupsOf } = loaded();
  const ids = new Set(groupsOf.get(foldScriptVariants(normalizeName(word))) ?? []);
  let best = forms[0];
  let bestCount = -1;
  for (const form of forms) {
    // Shared by most of the word's groups, then the spelling found in most groups overall.
    const groups = groupsOf.get(form) ?? [];
    const count = groups.filter((g) => ids.has(g)).length * 10_000 + groups.length;
    if (count > bestCount) {
      best = form;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The Latin spellings of a name word written in another script ("بوتين" → putin, poutine…;
 * "弗拉基米尔" → vladimir, wladimir…), or null when the tables do not know the word.
 */
export function latinFormsOf(word: string): string[] | null {
  const { groupsOf, groups } = loaded();
  const ids = groupsOf.get(foldScriptVariants(normalizeName(word)));
  if (!ids) return null;
  const forms = new Set<string>();
  for (const id of ids) {
    for (const spelling of groups[id]) if (LATIN.test(spelling) && forms.size < MAX_LATIN_FORMS) forms.add(spelling);
  }
  return forms.size ? [...forms] : null;
}
