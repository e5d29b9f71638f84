import { readFileSync } from 'node:fs';
import { scoreNamePair } from '../src/match/pairs.js';
const cross = readFileSync('../shared/data/raw/pairs/watchman/cross_script_pairs.csv', 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
for (const line of cross) {
  const [q, e, min] = line.split(',');
  const s = scoreNamePair('Person', q, e);
  const ok = s.score >= Math.min(Number(min), 0.7);
  if (!ok || process.argv[2]) console.log(`${ok ? 'ok  ' : 'MISS'} ${s.score.toFixed(2)} (${min}) ${q} | ${e} :: ${s.features.map((f) => f.detail).join(' | ')}`);
}
const putin = readFileSync('../shared/data/raw/pairs/nomenklatura/putin_names.txt', 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
for (const n of putin) {
  const best = Math.max(...['PUTIN, Vladimir Vladimirovich', 'Владимир Владимирович Путин'].map((l) => scoreNamePair('Person', n, l).score));
  if (best < 0.7) console.log(`PUTIN MISS ${best.toFixed(2)} ${n} :: ${scoreNamePair('Person', n, 'PUTIN, Vladimir Vladimirovich').features.map((f) => f.detail).join(' | ')}`);
}
