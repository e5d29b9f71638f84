// Builds data/reference/name-equivalence.json.gz from nomenklatura's Wikidata given-name
// equivalence table (../shared/data/raw/pairs/nomenklatura/names_wikidata_equivalence.txt.gz):
// each group of one name in many scripts ("alexander, александр, aliaksandr…") becomes the set
// of its folded Latin spellings, so the matcher can tell that two spellings are one name.
// Usage: npx tsx scripts/build-name-equivalence.ts [source.txt.gz]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../src/config.js';
import { formTokens } from '../src/text/orgtypes.js';

const source = process.argv[2] ?? join(PACKAGE_ROOT, '..', 'shared', 'data', 'raw', 'pairs', 'nomenklatura', 'names_wikidata_equivalence.txt.gz');
const groups: string[][] = [];
for (const line of gunzipSync(readFileSync(source)).toString('utf8').split('\n')) {
  const [names] = line.split(' => ');
  if (!names) continue;
  const spellings = new Set<string>();
  for (const name of names.split(', ')) {
    const tokens = formTokens(name);
    // One-word Latin spellings only: multi-word renderings and tiny tokens say too little.
    if (tokens.length === 1 && tokens[0].length >= 3 && /^[a-z]+$/u.test(tokens[0])) spellings.add(tokens[0]);
  }
  if (spellings.size >= 2) groups.push([...spellings].sort());
}
const target = join(PACKAGE_ROOT, 'data', 'reference', 'name-equivalence.json.gz');
writeFileSync(target, gzipSync(JSON.stringify({ source: 'nomenklatura names_wikidata_equivalence.txt.gz (Wikidata given names, CC0)', groups })));
console.log(`${groups.length} groups, ${groups.reduce((n, g) => n + g.length, 0)} spellings → ${target}`);
