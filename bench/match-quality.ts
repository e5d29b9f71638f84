// Matching quality on the labelled material in ../shared/data/raw/pairs, printed as tables:
// name_bench precision/recall/F1 at the default threshold per case group, beside the reference
// matcher's frozen run (nomenklatura logic_v2) on the same pairs; agreement with the official
// OFAC search tool's scores; the 80 spellings of Putin; the cross-script pairs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEFAULT_THRESHOLD } from '../src/match/features.js';
import { scoreNamePair } from '../src/match/pairs.js';
import { RAW } from '../test/helpers/paths.js';

const PAIRS = join(RAW, 'pairs');
type Row = Record<string, string>;
const csv = (path: string, skipComments = false): Row[] =>
  parse(readFileSync(path), { columns: true, skip_empty_lines: true, comment: skipComments ? '#' : undefined, relax_column_count: true }) as Row[];

interface Counts { tp: number; fp: number; fn: number; tn: number }
const empty = (): Counts => ({ tp: 0, fp: 0, fn: 0, tn: 0 });
function add(c: Counts, truth: boolean, predicted: boolean): void {
  if (truth && predicted) c.tp++;
  else if (truth) c.fn++;
  else if (predicted) c.fp++;
  else c.tn++;
}
function prf(c: Counts): string {
  const p = c.tp / (c.tp + c.fp || 1);
  const r = c.tp / (c.tp + c.fn || 1);
  const f = (2 * p * r) / (p + r || 1);
  return `${p.toFixed(3)}  ${r.toFixed(3)}  ${f.toFixed(3)}`;
}

// 1. name_bench, ours and the reference's frozen scores on the same pairs.
const cases = csv(join(PAIRS, 'nomenklatura/name_bench_cases.csv'));
const frozen = new Map(csv(join(PAIRS, 'nomenklatura/name_bench_logicv2-frozen.csv')).map((r) => [`${r.schema}|${r.name1}|${r.name2}`, r]));
const ours = new Map<string, Counts>();
// Calibration: what a score means, as the share of labelled matches among the pairs in its band.
const BANDS = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0001];
const bands = BANDS.slice(0, -1).map(() => ({ match: 0, pairs: 0 }));
const theirs = new Map<string, Counts>();
for (const row of cases) {
  const ref = frozen.get(`${row.schema}|${row.name1}|${row.name2}`);
  if (!ref) continue; // score only the pairs both matchers ran on
  const truth = row.is_match === 'true';
  const score = scoreNamePair(row.schema, row.name1, row.name2).score;
  const band = BANDS.findIndex((b, k) => score >= b && score < BANDS[k + 1]);
  if (band >= 0) {
    bands[band].pairs++;
    if (truth) bands[band].match++;
  }
  for (const group of ['ALL', row.case_group]) {
    if (!ours.has(group)) ours.set(group, empty());
    if (!theirs.has(group)) theirs.set(group, empty());
    add(ours.get(group)!, truth, score >= DEFAULT_THRESHOLD);
    add(theirs.get(group)!, truth, ref.predicted_match === 'true');
  }
}
// The figures when issue 12 was filed, printed beside today's so a change shows its effect.
const BEFORE = { nameBenchF1: 0.804, ofacAgreement: 66.5, putin: '61/81', cross: '10/22' };
console.log(`name_bench (${ours.get('ALL')!.tp + ours.get('ALL')!.fp + ours.get('ALL')!.fn + ours.get('ALL')!.tn} pairs scored by both), threshold ${DEFAULT_THRESHOLD}`);
console.log('group              sanctrace P  R      F1     | logic_v2 frozen P  R      F1');
for (const [group, counts] of [...ours.entries()].sort()) console.log(`${group.padEnd(18)} ${prf(counts)}  | ${prf(theirs.get(group)!)}`);
console.log(`name_bench F1: ${prf(ours.get('ALL')!).split('  ')[2]} (before ${BEFORE.nameBenchF1}; target ≥ 0.92)`);
console.log(`calibration on name_bench (share of labelled matches per score band): ${bands.map((b, k) => `${BANDS[k].toFixed(1)}–${Math.min(1, BANDS[k + 1]).toFixed(1)}: ${b.pairs ? (b.match / b.pairs).toFixed(2) : '-'} of ${b.pairs}`).join(' · ')}`);

// 2. The OFAC search tool's scores (0-100) beside ours.
const fixtures = csv(join(PAIRS, 'nomenklatura/ofac_fixtures.csv'));
let agree = 0;
let sumDiff = 0;
for (const row of fixtures) {
  const score = scoreNamePair('LegalEntity', row.query_name, row.result_name).score;
  const ofac = Number(row.ofac_score) / 100;
  sumDiff += Math.abs(score - ofac);
  if (score >= DEFAULT_THRESHOLD === ofac >= 0.9) agree++;
}
console.log(`\nOFAC tool fixtures: ${fixtures.length} pairs; same decision (ours ≥ ${DEFAULT_THRESHOLD} vs OFAC ≥ 90) on ${agree} (${((100 * agree) / fixtures.length).toFixed(1)}%; before ${BEFORE.ofacAgreement}%; target ≥ 85%); mean |score − OFAC/100| = ${(sumDiff / fixtures.length).toFixed(3)}`);

// 3. Putin in 80 spellings and scripts, against the listed name.
const putin = readFileSync(join(PAIRS, 'nomenklatura/putin_names.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
const listed = ['PUTIN, Vladimir Vladimirovich', 'Владимир Владимирович Путин'];
const found = putin.filter((name) => listed.some((l) => scoreNamePair('Person', name, l).score >= DEFAULT_THRESHOLD));
console.log(`\nputin_names: ${found.length}/${putin.length} spellings match the listed names at ${DEFAULT_THRESHOLD} (before ${BEFORE.putin}; target 81/81)`);
console.log(`  missed: ${putin.filter((n) => !found.includes(n)).slice(0, 20).join(' · ')}${putin.length - found.length > 20 ? ' …' : ''}`);

// 4. Cross-script pairs with the minimum score their authors expect.
const cross = readFileSync(join(PAIRS, 'watchman/cross_script_pairs.csv'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
let crossOk = 0;
for (const line of cross) {
  const [query, expected, min] = line.split(',');
  const score = scoreNamePair('Person', query, expected).score;
  if (score >= Math.min(Number(min), DEFAULT_THRESHOLD)) crossOk++;
}
console.log(`\ncross_script_pairs: ${crossOk}/${cross.length} at or above min(expected, ${DEFAULT_THRESHOLD}) (before ${BEFORE.cross}; target ≥ 20/22)`);
