// Builds data/reference/name-frequency.json.gz: for every word of listed persons' names, the
// number of listed persons (across all bundled lists) whose names carry it. The matcher reads a
// word's rarity from it: "putin" (8 persons) is a name that says who is meant on its own,
// "mohammed" (561) is not. Built from the store of `sanctrace init` (the bundled lists).
// Usage: npx tsx scripts/build-name-frequency.ts [store]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadSettings, PACKAGE_ROOT } from '../src/config.js';
import { MatchIndex } from '../src/match/index.js';
import { openStore } from '../src/store/open.js';

const store = await openStore(process.argv[2] ?? loadSettings().db);
const index = await MatchIndex.build(store);
await store.close();
const counts = new Map<string, number>();
let persons = 0;
for (const entity of index.entities) {
  if (entity.kind === 'organization') continue;
  persons++;
  const words = new Set(entity.names.flatMap((n) => n.tokens).filter((t) => /^[a-z]{2,}$/u.test(t)));
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
}
// Words of one person only are rare by default: leaving them out keeps the table small.
const words = Object.fromEntries([...counts].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1]));
const target = join(PACKAGE_ROOT, 'data', 'reference', 'name-frequency.json.gz');
writeFileSync(target, gzipSync(JSON.stringify({ source: `listed persons of the bundled lists (${[...index.versions.keys()].join(', ')})`, persons, words }), { level: 9 }));
console.log(`${persons} persons, ${Object.keys(words).length} words held by two or more → ${target}`);
