// Scoring the extraction against gold files in the format of ../shared/data/news/*.gold.json:
// precision, recall and F1 for designations (target + authority + action; date and country
// reported separately), entities, relations and furniture lines, per file and overall.
import { compareNames } from '../match/compare.js';
import { analyzeName } from '../match/names.js';
import type { ArticleAnalysis } from './analyze.js';

export interface GoldFile {
  published: string | null;
  designations: { target: string; target_type: string; authority: string; action: string; date: string | null; country: string | null }[];
  entities: { name: string; aliases: string[]; type: string }[];
  relations: { subject: string; predicate: string; object: string; evidence: string }[];
  boilerplate_lines: string[];
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface FileScore {
  file: string;
  designations: Counts;
  authority: { right: number; total: number };
  dates: { right: number; total: number };
  countries: { right: number; total: number };
  entities: Counts;
  relations: Counts;
  boilerplate: Counts;
  /** Article lines of eight words or more that were dropped as furniture. */
  sentencesLost: number;
  published: boolean;
}

export const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[“”"«»„’']/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Two names for one party: the same words, or one's words all in the other's ("Chenin" in "Viktar Chenin"), or a close spelling. */
export function sameName(a: string, b: string): boolean {
  const fa = fold(a);
  const fb = fold(b);
  if (!fa || !fb) return false;
  if (fa === fb) return true;
  const wa = fa.split(' ');
  const wb = fb.split(' ');
  const [short, long] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  if (short.every((w) => long.includes(w)) && short.join('').length >= 4) return true;
  return compareNames(analyzeName(a, false), analyzeName(b, false), false).score >= 0.9;
}

/** All the names an analysed article has for a party (its text, and its entity's aliases). */
function namesFor(analysis: ArticleAnalysis, text: string, entity: number | null): string[] {
  const owner = analysis.entities.find((e) => e.id === entity);
  return [text, ...(owner?.aliases ?? [])];
}

export function goldNames(gold: GoldFile, name: string): string[] {
  const entity = gold.entities.find((e) => sameName(e.name, name) || e.aliases.some((a) => sameName(a, name)));
  return entity ? [entity.name, ...entity.aliases] : [name];
}

const anyMatch = (as: string[], bs: string[]) => as.some((a) => bs.some((b) => sameName(a, b)));

function matchPairs<P, G>(predicted: P[], gold: G[], same: (p: P, g: G) => boolean): { pairs: [P, G][]; counts: Counts } {
  const used = new Set<number>();
  const pairs: [P, G][] = [];
  for (const p of predicted) {
    const i = gold.findIndex((g, k) => !used.has(k) && same(p, g));
    if (i >= 0) {
      used.add(i);
      pairs.push([p, gold[i]]);
    }
  }
  return { pairs, counts: { tp: pairs.length, fp: predicted.length - pairs.length, fn: gold.length - pairs.length } };
}

export function scoreArticle(file: string, analysis: ArticleAnalysis, gold: GoldFile): FileScore {
  // Designations: one per (party, authority, action); the party matched by any of its names.
  const predicted = analysis.designations.filter(
    (d, i, all) => all.findIndex((o) => (o.entity !== null ? o.entity === d.entity : o.target.text === d.target.text) && o.authority === d.authority && o.action === d.action) === i,
  );
  const targetsMatch = (p: (typeof predicted)[number], g: GoldFile['designations'][number]) => anyMatch(namesFor(analysis, p.target.text, p.entity), goldNames(gold, g.target));
  const designations = matchPairs(predicted, gold.designations, (p, g) => targetsMatch(p, g) && g.authority.split(';').map((a) => a.trim()).includes(p.authority) && p.action === g.action);
  // Authority accuracy: over gold designations whose target and action were found, is the authority right?
  const byTarget = matchPairs(predicted, gold.designations, (p, g) => targetsMatch(p, g) && p.action === g.action);
  const authorityRight = byTarget.pairs.filter(([p, g]) => g.authority.split(';').map((a) => a.trim()).includes(p.authority)).length;
  const dated = designations.pairs.filter(([, g]) => g.date);
  const countried = designations.pairs.filter(([, g]) => g.country);

  const entities = matchPairs(analysis.entities, gold.entities.filter((e) => e.type !== 'Country' && e.type !== 'Location'), (p, g) => anyMatch([p.name, ...p.aliases], [g.name, ...g.aliases]));
  const relations = matchPairs(analysis.relations, gold.relations, (p, g) => p.predicate === g.predicate && anyMatch(namesFor(analysis, p.subject, p.subjectEntity), goldNames(gold, g.subject)) && anyMatch(namesFor(analysis, p.object, p.objectEntity), goldNames(gold, g.object)));

  const goldLines = new Set(gold.boilerplate_lines.map(fold));
  const dropped = analysis.lines.filter((l) => l.furniture && l.text.trim());
  const hit = new Set(dropped.map((l) => fold(l.text)).filter((t) => goldLines.has(t)));
  const lost = dropped.filter((l) => !goldLines.has(fold(l.text)) && !/the material is available only to/iu.test(l.text) && l.text.trim().split(/\s+/u).length >= 8).length;
  return {
    file,
    designations: designations.counts,
    authority: { right: authorityRight, total: byTarget.pairs.length },
    dates: { right: dated.filter(([p, g]) => p.date === g.date).length, total: dated.length },
    countries: { right: countried.filter(([p, g]) => (p.country ?? '').toUpperCase() === g.country).length, total: countried.length },
    entities: entities.counts,
    relations: relations.counts,
    boilerplate: { tp: hit.size, fp: dropped.length - dropped.filter((l) => goldLines.has(fold(l.text))).length, fn: goldLines.size - hit.size },
    sentencesLost: lost,
    published: (analysis.publication.date ?? null) === gold.published,
  };
}

export function prf(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.tp / (c.tp + c.fp || 1);
  const recall = c.tp / (c.tp + c.fn || 1);
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall || 1) };
}

export function sum(scores: FileScore[]): FileScore {
  const add = (a: Counts, b: Counts): Counts => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn });
  const ratio = (a: { right: number; total: number }, b: { right: number; total: number }) => ({ right: a.right + b.right, total: a.total + b.total });
  const zero = { tp: 0, fp: 0, fn: 0 };
  return scores.reduce<FileScore>(
    (t, s) => ({
      file: 'ALL',
      designations: add(t.designations, s.designations),
      authority: ratio(t.authority, s.authority),
      dates: ratio(t.dates, s.dates),
      countries: ratio(t.countries, s.countries),
      entities: add(t.entities, s.entities),
      relations: add(t.relations, s.relations),
      boilerplate: add(t.boilerplate, s.boilerplate),
      sentencesLost: t.sentencesLost + s.sentencesLost,
      published: t.published && s.published,
    }),
    { file: 'ALL', designations: zero, authority: { right: 0, total: 0 }, dates: { right: 0, total: 0 }, countries: { right: 0, total: 0 }, entities: zero, relations: zero, boilerplate: zero, sentencesLost: 0, published: true },
  );
}

/** The per-file and overall table the evaluation command prints. */
export function scoreTable(scores: FileScore[]): string {
  const f = (c: Counts) => {
    const { precision, recall, f1 } = prf(c);
    return `${precision.toFixed(2)} ${recall.toFixed(2)} ${f1.toFixed(2)}`;
  };
  const r = (x: { right: number; total: number }) => (x.total ? `${x.right}/${x.total}` : '-').padStart(6);
  const rows = [...scores, sum(scores)].map(
    (s) => `${s.file.padEnd(32)} ${f(s.designations)}   ${r(s.authority)} ${r(s.dates)} ${r(s.countries)}   ${f(s.entities)}   ${f(s.relations)}   ${f(s.boilerplate)} ${String(s.sentencesLost).padStart(5)}  ${s.file === 'ALL' ? '' : s.published ? 'yes' : 'no'}`,
  );
  return [
    `${'file'.padEnd(32)} designations     author  dates  cntry   entities         relations        furniture lines  lost  pub`,
    `${''.padEnd(32)} P    R    F1                            P    R    F1      P    R    F1      P    R    F1`,
    ...rows,
  ].join('\n');
}
