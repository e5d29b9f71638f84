import { loadSettings } from '../src/config.js';
import { MatchIndex } from '../src/match/index.js';
import { openStore } from '../src/store/open.js';
const store = await openStore(loadSettings().db);
const index = await MatchIndex.build(store);
await store.close();
for (const arg of process.argv.slice(2)) {
  const [schema, name] = arg.includes(':') ? arg.split(':') : ['Person', arg];
  console.log(`== ${schema}: ${name}`);
  for (const r of index.search({ schema, names: [name] }, { limit: 4 })) console.log(`  ${r.score.toFixed(3)} s${r.support} ${r.match ? 'MATCH' : '     '} ${r.entity.id} ${r.entity.schema} ${r.entity.caption} :: ${r.features.map((f) => f.detail).join(' | ')}`);
}
