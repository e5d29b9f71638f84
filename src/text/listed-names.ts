// The lists as a gazetteer: is a name, as written in a text, a name or alias some bundled list
// carries, of what kind of party, and since when each authority lists it. Read from
// data/reference/listed-names.json.gz (built by scripts/build-listed-names.ts). Names are
// compared folded: transliterated, lower case, legal forms dropped, words in sorted order
// ("Metalhouse LLC" and "METALHOUSE, OOO" are one key).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../config.js';
import { analyzeName } from '../match/names.js';

export const LISTED_KIND = { person: 1, organization: 2, vessel: 4 } as const;

export interface ListedName {
  /** LISTED_KIND bits of the parties carrying the name. */
  kinds: number;
  /** Per authority ("EU", "US Treasury (OFAC)"…): the earliest date the lists show it listed (on or before). */
  since: Record<string, string>;
}

const NOT_LISTED: ListedName = { kinds: 0, since: {} };
let table: Map<string, [number, Record<string, string>?]> | null = null;
// The reader asks about one name many times (target, party, relation features): remembered, bounded.
const asked = new Map<string, ListedName>();
const ASKED_LIMIT = 20_000;

/** The folded key of a name, or null when nothing of it is left to compare (a bare legal form, one letter). */
export function listedNameKey(text: string): string | null {
  const tokens = analyzeName(text, false).tokens.filter(Boolean);
  const key = [...tokens].sort().join(' ');
  return key.length >= 2 ? key : null;
}

/** What the bundled lists know of this name; kinds 0 when no list carries it. */
export function listedName(text: string): ListedName {
  table ??= new Map(Object.entries((JSON.parse(gunzipSync(readFileSync(join(PACKAGE_ROOT, 'data/reference/listed-names.json.gz'))).toString('utf8')) as { names: Record<string, [number, Record<string, string>?]> }).names));
  const known = asked.get(text);
  if (known) return known;
  const key = listedNameKey(text);
  const row = key ? table.get(key) : undefined;
  const found = row ? { kinds: row[0], since: row[1] ?? {} } : NOT_LISTED;
  if (asked.size >= ASKED_LIMIT) asked.clear();
  asked.set(text, found);
  return found;
}

/** The kinds of listed party (LISTED_KIND bits) that carry this name, 0 when none does. */
export function listedKinds(text: string): number {
  return listedName(text).kinds;
}
