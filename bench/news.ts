// News extraction speed and quality on the dev set (../shared/data/news): the per-file score
// table, articles per second on one core without linking, and with linking through the matcher
// over the store of `npm start` (when it has lists).
// Usage: npx tsx bench/news.ts [store]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '../src/config.js';
import { analyzeArticle, type StageTimes } from '../src/extract/analyze.js';
import { defaultModels } from '../src/extract/learn/models.js';
import { clearLinkCache } from '../src/extract/linking.js';
import { scoreArticle, scoreTable, type GoldFile } from '../src/extract/evaluate.js';
import { Screener } from '../src/screen/screen.js';
import { openStore } from '../src/store/open.js';
import { NEWS } from '../test/helpers/paths.js';

const files = readdirSync(NEWS).filter((f) => f.endsWith('.txt')).sort();
const texts = files.map((f) => ({ source: f, text: readFileSync(join(NEWS, f), 'utf8') }));
const gold = files.map((f) => JSON.parse(readFileSync(join(NEWS, f.replace(/\.txt$/u, '.gold.json')), 'utf8')) as GoldFile);

function rate(screener: Screener | null, rounds: number, cold = false): number {
  analyzeArticle(texts[0], screener);
  if (screener && cold) clearLinkCache(screener);
  const stages: StageTimes = { furniture: 0, language: 0, events: 0, relations: 0, parties: 0 };
  const started = performance.now();
  for (let r = 0; r < rounds; r++) for (const t of texts) analyzeArticle(t, screener, defaultModels(), stages);
  const total = Object.values(stages).reduce((a, b) => a + b, 0);
  console.log(`  share of time: ${Object.entries(stages).map(([k, v]) => `${k === 'parties' ? (screener ? 'parties + linking' : 'parties') : k} ${((100 * v) / total).toFixed(0)} %`).join(', ')}`);
  return (rounds * texts.length) / ((performance.now() - started) / 1000);
}

console.log(scoreTable(texts.map((t, i) => scoreArticle(files[i], analyzeArticle(t), gold[i]))));
console.log(`\nwithout linking: ${rate(null, 5).toFixed(0)} articles/s on one core (${texts.length} dev articles × 5)`);
const location = process.argv[2] ?? loadSettings().db;
if (existsSync(location)) {
  const store = await openStore(location);
  const screener = await Screener.open(store);
  await store.close();
  // Cold: every name screened once (a first feed); warm: names seen before are linked from the
  // screener's bounded cache of hits (a feed where parties recur).
  console.log(`with linking against ${screener.index.entities.length} listed entities, cold cache: ${rate(screener, 1, true).toFixed(0)} articles/s on one core`);
  console.log(`with linking, names seen before (warm cache): ${rate(screener, 3).toFixed(0)} articles/s on one core`);
  console.log(scoreTable(texts.map((t, i) => scoreArticle(files[i], analyzeArticle(t, screener), gold[i]))).split('\n').pop());
} else console.log(`no store at ${location}: run npm start for the linking figure`);
