// Cross-source resolution quality and speed on the bundled lists. Ground truth: pairs of
// entities from different lists that carry the same rare identifier value (registration,
// passport, IMO… numbers). Identifiers are kept out of the scorer (weight 0, no pairing by
// them), so the figures say how well names, dates and countries alone find those pairs.
//   same      = the pair shares an identifier value
//   different = both carry identifiers but share none (a proxy: lists do not always give the
//               same kind of number, so some of these are the same party)
//   unknown   = at least one side carries no identifier: not counted in precision
// Usage: npx tsx bench/xref.ts [store]   (default: the store of npm start, else a fresh bundled one)
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../src/config.js';
import { identifierPairs, xref, DEFAULT_HIGH, DEFAULT_REVIEW } from '../src/resolve/xref.js';
import { Screener } from '../src/screen/screen.js';
import { loadBundled } from '../src/sources/bundled.js';
import { openStore } from '../src/store/open.js';

const settings = loadSettings();
const source = process.argv[2] ?? settings.db;
const work = join(mkdtempSync(join(tmpdir(), 'sanctrace-xref-bench-')), 'store.sqlite');
if (existsSync(source)) copyFileSync(source, work);
const store = await openStore(work);
if (!existsSync(source)) await loadBundled(store, settings.defaultDataDir, join(tmpdir(), 'sanctrace-xref-cache'));

const entities = (await Screener.open(store)).index.entities;
const truth = identifierPairs(entities);
const hasIds = new Set(entities.filter((e) => e.identifiers.size > 0).map((e) => e.id));
console.log(`${entities.length} entities in the latest versions; ${truth.size} cross-list pairs share an identifier (ground truth); ${hasIds.size} entities carry identifiers`);

const run = await xref(store, { withoutIdentifiers: true, dryRun: true, review: 0.7 });
console.log(`xref without identifiers: ${run.candidates} pairs ≥ 0.70 in ${run.seconds.toFixed(1)} s (${Math.round(run.entities / run.seconds)} entities/s)`);

const classify = (left: string, right: string) => (truth.has(`${left}\u0000${right}`) ? 'same' : hasIds.has(left) && hasIds.has(right) ? 'different' : 'unknown');
function measure(from: number, to: number) {
  const chosen = run.pairs.filter((p) => p.score >= from && p.score < to);
  const counts = { same: 0, different: 0, unknown: 0 };
  for (const p of chosen) counts[classify(p.left, p.right)]++;
  const precision = counts.same + counts.different ? counts.same / (counts.same + counts.different) : NaN;
  return { pairs: chosen.length, ...counts, precision, recall: counts.same / truth.size };
}
const row = (label: string, m: ReturnType<typeof measure>) =>
  `${label.padEnd(34)}${String(m.pairs).padStart(8)}${String(m.same).padStart(8)}${String(m.different).padStart(8)}${String(m.unknown).padStart(9)}${m.precision.toFixed(3).padStart(11)}${m.recall.toFixed(3).padStart(8)}`;
console.log(`\n${'set'.padEnd(34)}${'pairs'.padStart(8)}${'same'.padStart(8)}${'differ'.padStart(8)}${'unknown'.padStart(9)}${'precision'.padStart(11)}${'recall'.padStart(8)}`);
console.log(row(`auto-merge (score ≥ ${DEFAULT_HIGH})`, measure(DEFAULT_HIGH, 2)));
console.log(row(`review queue (${DEFAULT_REVIEW} ≤ score < ${DEFAULT_HIGH})`, measure(DEFAULT_REVIEW, DEFAULT_HIGH)));
console.log(row(`both (score ≥ ${DEFAULT_REVIEW})`, measure(DEFAULT_REVIEW, 2)));
console.log('\nthreshold sweep (pairs at or above):');
for (const t of [0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 1.0]) console.log(row(`score ≥ ${t.toFixed(2)}`, measure(t, 2)));
console.log('\nWith identifiers on (the default), pairs that share one are merged when their names score ≥ the review threshold.');
await store.close();
