import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { scoreNamePair } from '../src/match/pairs.js';
const rows = parse(readFileSync('../shared/data/raw/pairs/nomenklatura/ofac_fixtures.csv'), { columns: true }) as Record<string, string>[];
for (const r of rows) {
  const s = scoreNamePair('LegalEntity', r.query_name, r.result_name);
  const ofac = Number(r.ofac_score) / 100;
  if ((s.score >= 0.7) !== (ofac >= 0.9)) console.log(`${ofac >= 0.9 ? 'FN' : 'FP'} ours ${s.score.toFixed(2)} ofac ${r.ofac_score}: ${r.query_name} | ${r.result_name} :: ${s.features.map((f) => f.detail).join(' | ')}`);
}
