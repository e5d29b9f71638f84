import { loadSettings } from '../src/config.js';
import { MatchIndex } from '../src/match/index.js';
import { openStore } from '../src/store/open.js';
const store = await openStore(loadSettings().db);
const index = await MatchIndex.build(store);
await store.close();
const df = new Map<string, number>();
let persons = 0;
for (const e of index.entities) {
  if (e.kind !== 'person' && e.kind !== 'unknown') continue;
  persons++;
  const seen = new Set<string>();
  for (const n of e.names) for (const t of n.tokens) seen.add(t);
  for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
}
console.log('persons', persons, 'tokens', df.size);
for (const t of process.argv.slice(2)) console.log(t, df.get(t) ?? 0);
const sorted = [...df.entries()].sort((a, b) => b[1] - a[1]);
console.log(sorted.slice(0, 40).map(([t, n]) => `${t}:${n}`).join(' '));
console.log('df>=20:', sorted.filter(([, n]) => n >= 20).length, 'df>=50:', sorted.filter(([, n]) => n >= 50).length);
