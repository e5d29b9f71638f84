// Builds data/reference/name-equivalence.json.gz from nomenklatura's Wikidata given-name
// equivalence table (../shared/data/raw/pairs/nomenklatura/names_wikidata_equivalence.txt.gz):
// each group of one name in many scripts ("alexander, александр, aliaksandr, ألكسندر…") keeps
// its folded Latin spellings, so the matcher can tell that two spellings are one name, and its
// one-word spellings in other scripts as written (folded, not transliterated), so that a name
// typed in Arabic, Hebrew, Chinese or Korean finds its Latin forms.
// Usage: npx tsx scripts/build-name-equivalence.ts [source.txt.gz]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../src/config.js';
import { normalizeName } from '../src/text/normalize.js';
import { formTokens } from '../src/text/orgtypes.js';
import { foldScriptVariants } from '../src/text/script-forms.js';

const source = process.argv[2] ?? join(PACKAGE_ROOT, '..', 'shared', 'data', 'raw', 'pairs', 'nomenklatura', 'names_wikidata_equivalence.txt.gz');
const groups: string[][] = [];
let scriptForms = 0;
for (const line of gunzipSync(readFileSync(source)).toString('utf8').split('\n')) {
  const [names] = line.split(' => ');
  if (!names) continue;
  const spellings = new Set<string>();
  const written = new Set<string>();
  for (const name of names.split(', ')) {
    const tokens = formTokens(name);
    // One-word Latin spellings only: multi-word renderings and tiny tokens say too little.
    if (tokens.length === 1 && tokens[0].length >= 3 && /^[a-z]+$/u.test(tokens[0])) spellings.add(tokens[0]);
    // Korean and Chinese given names written in two parts ("jong-un", "ji sung") also as one word.
    else if (tokens.length === 2 && tokens.every((t) => t.length <= 4 && /^[a-z]+$/u.test(t))) spellings.add(tokens.join(''));
    const folded = foldScriptVariants(normalizeName(name));
    // A word in a non-Latin script (no space; a Chinese character alone is a name too): a lookup
    // key for its Latin forms.
    const han = /^\p{Script=Han}+$/u.test(folded);
    if (!/[a-z]/u.test(folded) && !folded.includes(' ') && ([...folded].length >= 2 || han)) written.add(folded);
  }
  if (spellings.size >= 2 || (spellings.size >= 1 && written.size >= 1)) {
    groups.push([...[...spellings].sort(), ...[...written].sort()]);
    scriptForms += written.size;
  }
}
const target = join(PACKAGE_ROOT, 'data', 'reference', 'name-equivalence.json.gz');
writeFileSync(target, gzipSync(JSON.stringify({ source: 'nomenklatura names_wikidata_equivalence.txt.gz (Wikidata given names, CC0)', groups }), { level: 9 }));
console.log(`${groups.length} groups, ${groups.reduce((n, g) => n + g.length, 0)} spellings (${scriptForms} in other scripts) → ${target}`);
