// rigour's name symbol tables (MIT, data/reference/rigour/symbols.yml): the words that mark an
// organisation name in many languages ("company", "компания", "شركة", "gongsi"…), the titles and
// particles of person names, and cross-script spellings of a few surnames. Loaded once, folded
// the way the matcher folds names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as parse } from 'js-yaml';
import { PACKAGE_ROOT } from '../config.js';
import { formTokens } from './orgtypes.js';

interface SymbolTables {
  org_symbols: Record<string, unknown[]>;
  person_symbols: Record<string, unknown[]>;
  person_name_parts: Record<string, unknown[]>;
}

interface Symbols {
  /** Folded one-word organisation descriptors ("company", "kompaniya", "sharika"). */
  orgWords: Set<string>;
  /** Descriptor word → the symbol it writes ("co", "company", "corporation" → co; "intl" → international). */
  orgSymbols: Map<string, string>;
  /** Groups of one person-name part in many scripts, as written (normalised later). */
  namePartGroups: string[][];
}

let loaded: Symbols | null = null;

// Two-letter descriptors ("co", "ag") are also name parts and initials: only longer ones count.
const MIN_ORG_WORD = 3;

function load(): Symbols {
  const tables = parse(readFileSync(join(PACKAGE_ROOT, 'data/reference/rigour/symbols.yml'), 'utf8')) as SymbolTables;
  const orgWords = new Set<string>();
  const orgSymbols = new Map<string, string>();
  for (const [key, values] of Object.entries(tables.org_symbols)) {
    for (const value of [key, ...values]) {
      if (value === null || value === undefined) continue;
      const tokens = formTokens(String(value));
      if (tokens.length !== 1 || !/^[a-z]+$/u.test(tokens[0])) continue;
      if (tokens[0].length >= MIN_ORG_WORD) orgWords.add(tokens[0]);
      // A word of two symbols (rare) keeps the first.
      if (!orgSymbols.has(tokens[0])) orgSymbols.set(tokens[0], key);
    }
  }
  const namePartGroups = Object.values(tables.person_name_parts).map((values) => values.filter((v) => v !== null && v !== undefined).map(String));
  return { orgWords, orgSymbols, namePartGroups };
}

export function symbols(): Symbols {
  loaded ??= load();
  return loaded;
}

/** True when a folded name word marks an organisation ("company", "institute", "gongsi"). */
export function isOrgWord(token: string): boolean {
  return symbols().orgWords.has(token);
}

/** The symbol an organisation word writes ("corp", "company", "компания" → co), or null. */
export function orgSymbolOf(token: string): string | null {
  return symbols().orgSymbols.get(token) ?? null;
}
