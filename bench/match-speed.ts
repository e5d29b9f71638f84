// Screening speed against all bundled lists, with a brute-force Jaro-Winkler scan over every
// name as the baseline in the same run: index build time and memory, single-query latency
// (p50/p99), names per second, the speed ratio, recall@10 of both on perturbed listed names,
// and the recall of our blocking step against a full scan with our own scorer.
// Usage: npx tsx bench/match-speed.ts [store]   (default: the store of `npm start`)
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { screenBatch } from '../src/screen/batch.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../src/config.js';
import { analyzeQuery, DEFAULT_THRESHOLD, scoreCandidate, type MatchQuery } from '../src/match/features.js';
import { MatchIndex } from '../src/match/index.js';
import { jaroWinkler } from '../src/match/strings.js';
import { loadBundled } from '../src/sources/bundled.js';
import { openStore } from '../src/store/open.js';
import { normalizeName } from '../src/text/normalize.js';

const settings = loadSettings();
const location = process.argv[2] ?? settings.db;
const fresh = !existsSync(location);
const storePath = fresh ? join(mkdtempSync(join(tmpdir(), 'sanctrace-speed-')), 'store.sqlite') : location;
const store = await openStore(storePath);
if (fresh) await loadBundled(store, settings.defaultDataDir, join(tmpdir(), 'sanctrace-speed-cache'));

const rssBefore = process.memoryUsage().rss;
let t = performance.now();
const index = await MatchIndex.build(store);
const buildMs = performance.now() - t;
const names = index.entities.reduce((n, e) => n + e.names.length, 0);
const rssMb = (process.memoryUsage().rss - rssBefore) / 1e6;

// Queries: listed names with one letter dropped (what a typo or a variant spelling does), from
// every 25th entity, with the entity they came from as the expected answer.
const queries: { query: MatchQuery; expected: string }[] = [];
index.entities.forEach((e, i) => {
  if (i % 25 !== 0 || e.names.length === 0) return;
  const name = e.names[0].text;
  const cut = Math.floor(name.length / 2);
  queries.push({ query: { schema: e.schema, names: [name.slice(0, cut) + name.slice(cut + 1)] }, expected: e.id });
});

const latencies: number[] = [];
let foundOurs = 0;
for (const { query, expected } of queries) {
  t = performance.now();
  const results = index.search(query, { limit: 10 });
  latencies.push(performance.now() - t);
  if (results.some((r) => r.entity.id === expected)) foundOurs++;
}
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
const oursPerSecond = (1000 * queries.length) / latencies.reduce((a, b) => a + b, 0);

// Baseline: Jaro-Winkler of the whole normalised query against every listed name.
const flat = index.entities.flatMap((e) => e.names.map((n) => ({ id: e.id, text: normalizeName(n.text) })));
const sample = queries.filter((_, i) => i % Math.max(1, Math.floor(queries.length / 100)) === 0).slice(0, 100);
let foundBaseline = 0;
t = performance.now();
for (const { query, expected } of sample) {
  const q = normalizeName(query.names[0]);
  const best = new Map<string, number>();
  for (const n of flat) {
    const s = jaroWinkler(q, n.text);
    if (s > (best.get(n.id) ?? 0)) best.set(n.id, s);
  }
  const top = [...best.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
  if (top.some(([id]) => id === expected)) foundBaseline++;
}
const baselineMs = (performance.now() - t) / sample.length;

// Blocking recall: what a full scan with our scorer finds above the threshold, that the index also finds.
let fullMatches = 0;
let blockedMatches = 0;
for (const { query } of sample.slice(0, 30)) {
  const analyzed = analyzeQuery(query);
  const full = new Set(index.entities.filter((e) => scoreCandidate(analyzed, e).score >= DEFAULT_THRESHOLD).map((e) => e.id));
  const viaIndex = new Set(index.search(query, { limit: 1000 }).filter((r) => r.match).map((r) => r.entity.id));
  fullMatches += full.size;
  blockedMatches += [...full].filter((id) => viaIndex.has(id)).length;
}

const p50 = pct(50);
console.log(`index: ${index.entities.length} entities, ${names} names from ${index.versions.size} lists; built in ${(buildMs / 1000).toFixed(1)} s; +${rssMb.toFixed(0)} MB RSS`);
console.log('                         p50 ms   p99 ms   names/s   recall@10');
console.log(`sanctrace index          ${p50.toFixed(2).padStart(6)}   ${pct(99).toFixed(2).padStart(6)}   ${Math.round(oursPerSecond).toString().padStart(7)}   ${(foundOurs / queries.length).toFixed(3)} (${queries.length} queries)`);
console.log(`brute-force Jaro-Winkler ${baselineMs.toFixed(2).padStart(6)}        -   ${Math.round(1000 / baselineMs).toString().padStart(7)}   ${(foundBaseline / sample.length).toFixed(3)} (${sample.length} queries)`);
console.log(`speed ratio (baseline mean / ours mean): ${(baselineMs / (1000 / oursPerSecond)).toFixed(0)}x`);
console.log(`blocking recall vs a full scan with our scorer: ${blockedMatches}/${fullMatches} = ${(blockedMatches / Math.max(1, fullMatches)).toFixed(3)} (30 queries; before 0.946; target ≥ 0.995)`);
console.log(`recall@10 on one-letter-dropped listed names: ${(foundOurs / queries.length).toFixed(3)} (before 0.944; target ≥ 0.99)`);
// Batch on both cores: the same queries as a CSV through `screen-batch`'s worker threads.
const batchDir = mkdtempSync(join(tmpdir(), 'sanctrace-speed-batch-'));
const batchInput = join(batchDir, 'names.csv');
// Ten rounds of the queries, so the steady rate is not dominated by the workers' index builds.
const batchNames = Array.from({ length: 10 }, () => queries.map((q) => [q.query.names[0]])).flat();
writeFileSync(batchInput, stringify([['name'], ...batchNames]));
await store.close();
const batch = await screenBatch({ input: batchInput, output: join(batchDir, 'out.csv'), store: storePath, workers: 2 });
const screening = batch.seconds - batch.startupSeconds;
console.log(
  `batch on 2 worker threads: ${batch.rows} names in ${batch.seconds.toFixed(1)} s = ${Math.round(batch.rows / batch.seconds)} names/s overall; ` +
    `${Math.round(batch.rows / screening)} names/s after the ${batch.startupSeconds.toFixed(1)} s the workers take to build their indexes`,
);
