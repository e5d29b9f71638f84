// Screening at scale: a synthetic list of 1 million entities / 3 million names drawn from the
// real name distribution of the bundled lists (given names, surnames, organisation words and
// legal forms as they occur there), indexed in memory; build time, memory, p50/p99 latency and
// recall@10 of misspelt queries. Names are analysed by the same code as listed names.
// Usage: node --max-old-space-size=8000 --import tsx bench/match-scale.ts [entities] [store]
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../src/config.js';
import { isPersonSchema, kindOf, type CandidateName, type MatchEntity } from '../src/match/entity.js';
import { MatchIndex } from '../src/match/index.js';
import { analyzeName } from '../src/match/names.js';
import { loadBundled } from '../src/sources/bundled.js';
import { openStore } from '../src/store/open.js';

const target = Number(process.argv[2] ?? 1_000_000);
const settings = loadSettings();
const location = process.argv[3] ?? settings.db;
const fresh = !existsSync(location);
const store = await openStore(fresh ? join(mkdtempSync(join(tmpdir(), 'sanctrace-scale-')), 'store.sqlite') : location);
if (fresh) await loadBundled(store, settings.defaultDataDir, join(tmpdir(), 'sanctrace-scale-cache'));
const real = await MatchIndex.build(store);
await store.close();

// The real distribution: words by position in person names, organisation words, legal forms.
const given: string[] = [];
const surnames: string[] = [];
const orgWords: string[] = [];
const forms: string[] = [];
for (const entity of real.entities) {
  for (const name of entity.names) {
    const words = name.text.split(/[\s,]+/u).filter((w) => /\p{L}{2}/u.test(w));
    if (words.length === 0) continue;
    if (isPersonSchema(entity.schema)) {
      const comma = name.text.includes(',');
      surnames.push(comma ? words[0] : words[words.length - 1]);
      given.push(comma ? words[words.length - 1] : words[0]);
    } else {
      orgWords.push(...words.filter((w) => !name.forms.some((f) => f.written?.includes(w.toLowerCase()))));
      for (const form of name.forms) forms.push(form.display);
    }
  }
}

let seed = 42;
function random(): number {
  // mulberry32: a fixed seed, so every run builds the same synthetic list.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list: string[]) => list[Math.floor(random() * list.length)];
function typo(text: string): string {
  const at = 1 + Math.floor(random() * (text.length - 2));
  return text.slice(0, at) + text.slice(at + 1);
}

function synthetic(i: number): MatchEntity {
  const person = random() < 0.6;
  const schema = person ? 'Person' : 'Company';
  let texts: string[];
  if (person) {
    const first = pick(given);
    const last = pick(surnames);
    texts = [`${first} ${last}`, `${last.toUpperCase()}, ${first}`, `${typo(first)} ${pick(given)} ${last}`];
  } else {
    const words = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(orgWords));
    const form = pick(forms);
    texts = [`${words.join(' ')} ${form}`, words.join(' '), `${form} ${words.map((w) => w.toUpperCase()).join(' ')}`];
  }
  const names: CandidateName[] = texts.map((text, k) => ({ ...analyzeName(text, person), kind: k === 0 ? 'name' : 'alias' }));
  return {
    id: `synthetic-${i}`,
    schema,
    dataset: 'synthetic',
    caption: texts[0],
    versionId: 0,
    names,
    identifiers: new Set(),
    birthDates: [],
    countries: new Set(),
    gender: null,
    programs: [],
    authorities: [],
    republishedAs: [],
    kind: kindOf(schema, names, false),
  };
}

global.gc?.();
const heapBefore = process.memoryUsage();
const started = performance.now();
const index = new MatchIndex();
let names = 0;
for (let i = 0; i < target; i++) {
  names += index.add(synthetic(i)).names.length;
  if (i > 0 && i % 250_000 === 0) process.stderr.write(`  ${i} entities indexed, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
const buildSeconds = (performance.now() - started) / 1000;
global.gc?.();
const after = process.memoryUsage();

const queries = Array.from({ length: 1000 }, () => {
  const entity = index.entities[Math.floor(random() * index.entities.length)];
  return { query: { schema: entity.schema, names: [typo(entity.names[0].text)] }, expected: entity.id };
});
const latencies: number[] = [];
let found = 0;
for (const { query, expected } of queries) {
  const t = performance.now();
  const results = index.search(query, { limit: 10 });
  latencies.push(performance.now() - t);
  if (results.some((r) => r.entity.id === expected)) found++;
}
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
console.log(`synthetic index: ${index.entities.length} entities, ${names} names (from ${given.length + surnames.length + orgWords.length} real name words of ${real.entities.length} listed entities)`);
console.log(`build (analysis + blocking keys): ${buildSeconds.toFixed(1)} s; memory: +${((after.rss - heapBefore.rss) / 1e9).toFixed(2)} GB RSS, heap ${(after.heapUsed / 1e9).toFixed(2)} GB`);
console.log(`queries (1000 listed names with one letter dropped): p50 ${pct(50).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, recall@10 ${(found / queries.length).toFixed(3)}`);
