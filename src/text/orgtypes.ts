// Organisation legal forms ("Co. Ltd.", "Company Limited", "OJSC", "ОАО", "ООО", "LLC"…) from
// rigour's org_types table (MIT, data/reference/rigour): recognised in a name so they are
// compared as forms, not as name words. Each form has a display label, a `compare` label
// (variants of one form) and a `generic` class (LLC, JSC, …) that wider matches share.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as parse } from 'js-yaml';
import { PACKAGE_ROOT } from '../config.js';
import { normalizeName } from './normalize.js';
import { transliterate } from './translit.js';

export interface LegalForm {
  display: string;
  compare: string;
  generic: string | null;
  /** The words the name used for it, folded ("company limited"); set by split(). */
  written?: string;
}

interface OrgTypeRow {
  display: string;
  compare?: string;
  generic?: string;
  aliases?: string[];
}

/** Name text → the tokens used to look legal forms up (transliterated, folded, split). */
export function formTokens(text: string): string[] {
  return normalizeName(transliterate(text)).split(' ').filter(Boolean);
}

// "Company" before a form ("Company Limited", "Co. Ltd.") belongs to the form, not the name.
const FORM_LEAD_WORDS = new Set(['company', 'co', 'corporation', 'corp']);

export class LegalForms {
  /** First token → the forms whose alias starts with it, longest alias first. */
  private readonly byFirst = new Map<string, { tokens: string[]; form: LegalForm }[]>();

  constructor(rows: OrgTypeRow[]) {
    for (const row of rows) {
      // YAML reads some aliases as numbers or leaves a label out: everything is text here.
      const aliases = (row.aliases ?? []).filter((a) => a !== null && a !== undefined).map(String);
      const display = row.display ? String(row.display) : aliases[0];
      if (!display) continue;
      const form: LegalForm = { display, compare: row.compare ? String(row.compare) : display, generic: row.generic ?? null };
      for (const alias of new Set([display, ...aliases])) {
        const tokens = formTokens(alias);
        if (tokens.length === 0) continue;
        const list = this.byFirst.get(tokens[0]) ?? [];
        list.push({ tokens, form });
        this.byFirst.set(tokens[0], list);
      }
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  }

  static load(path = join(PACKAGE_ROOT, 'data/reference/rigour/org_types.yml')): LegalForms {
    const doc = parse(readFileSync(path, 'utf8')) as { types: OrgTypeRow[] };
    return new LegalForms(doc.types);
  }

  /**
   * Split name tokens into legal forms and the rest: "minsk wheel tractor plant ojsc" →
   * forms [OJSC], rest [minsk, wheel, tractor, plant]. Longest alias wins at each position.
   */
  split(tokens: string[]): { forms: LegalForm[]; rest: string[] } {
    const forms: LegalForm[] = [];
    const rest: string[] = [];
    let lead: string | null = null;
    for (let i = 0; i < tokens.length; ) {
      if (FORM_LEAD_WORDS.has(tokens[i]) && i > 0 && this.matchAt(tokens, i + 1)) {
        lead = tokens[i];
        i += 1;
        continue;
      }
      const match = this.matchAt(tokens, i);
      // A one-token name that is itself a form word ("Co") is a name, not a form.
      if (match && tokens.length > match.tokens.length) {
        forms.push({ ...match.form, written: [...(lead ? [lead] : []), ...match.tokens].join(' ') });
        lead = null;
        i += match.tokens.length;
      } else {
        rest.push(tokens[i]);
        i += 1;
      }
    }
    return { forms, rest };
  }

  private matchAt(tokens: string[], i: number): { tokens: string[]; form: LegalForm } | undefined {
    return (this.byFirst.get(tokens[i]) ?? []).find((c) => c.tokens.every((t, k) => tokens[i + k] === t));
  }
}

let shared: LegalForms | null = null;

/** The table loaded once per process. */
export function legalForms(): LegalForms {
  shared ??= LegalForms.load();
  return shared;
}
