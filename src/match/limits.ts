// What one query may hold, so that no request, row or key can keep the matcher busy for long:
// a name is compared word against word with every candidate name, so its length and word count
// bound the work. Enforced where queries come in (the API answers 400 naming the limit) and
// again by the index itself, which never scores more than these.
export const QUERY_LIMITS = {
  nameLength: 300,
  nameWords: 24,
  namesPerQuery: 20,
  valuesPerProperty: 20,
  /** A country, date or identifier: none is longer than a name. */
  valueLength: 300,
  /** Results a request may ask for in all (limit × queries): its response and audit record stay small. */
  resultsPerRequest: 1000,
} as const;

/**
 * Wall time one request may spend matching (SANCTRACE_REQUEST_BUDGET_MS, default 2 s). The
 * limits above bound one name; this bounds a request of many names and queries, so that no
 * request holds the matcher for long whatever it holds.
 */
export const REQUEST_BUDGET_MS = Number(process.env.SANCTRACE_REQUEST_BUDGET_MS ?? '') || 2000;

/** Matching stopped at its deadline: the request asked for more work than it may. */
export class BudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`the request needs more than the ${budgetMs} ms of matching a request may use; send fewer or shorter names, or fewer queries, per request`);
  }
}

/** The first limit the names break, as a sentence, or null. */
export function nameLimitBroken(names: string[]): string | null {
  if (names.length > QUERY_LIMITS.namesPerQuery) return `${names.length} names, more than the ${QUERY_LIMITS.namesPerQuery} a query may hold`;
  for (const name of names) {
    if (name.length > QUERY_LIMITS.nameLength) return `a name of ${name.length} characters, longer than the limit of ${QUERY_LIMITS.nameLength}`;
    const words = name.split(/\s+/u).filter(Boolean).length;
    if (words > QUERY_LIMITS.nameWords) return `a name of ${words} words, more than the limit of ${QUERY_LIMITS.nameWords}`;
  }
  return null;
}

/** Names cut to the limits (the index's own guard; callers refuse instead). */
export function withinLimits(names: string[]): string[] {
  return names.slice(0, QUERY_LIMITS.namesPerQuery).map((n) => n.slice(0, QUERY_LIMITS.nameLength).split(/\s+/u).slice(0, QUERY_LIMITS.nameWords).join(' '));
}

/** Depth of nested objects and arrays in a JSON text, stopping once past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (inString) {
      if (c === 92) k++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}
