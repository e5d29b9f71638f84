// Spelling folds as ordered tables of (pattern, replacement): romanisation skeletons, Korean
// system folds, abjad letter variants and digraphs all apply theirs through this one loop.
export type Rewrites = readonly (readonly [RegExp, string])[];

export function rewrite(text: string, rules: Rewrites): string {
  return rules.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
}
