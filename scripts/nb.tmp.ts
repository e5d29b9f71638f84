import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { scoreNamePair } from '../src/match/pairs.js';
const rows = parse(readFileSync('../shared/data/raw/pairs/nomenklatura/name_bench_cases.csv'), { columns: true }) as Record<string, string>[];
const frozen = new Map((parse(readFileSync('../shared/data/raw/pairs/nomenklatura/name_bench_logicv2-frozen.csv'), { columns: true }) as Record<string, string>[]).map((r) => [`${r.schema}|${r.name1}|${r.name2}`, r]));
const group = process.argv[2];
for (const r of rows) {
  if (!frozen.has(`${r.schema}|${r.name1}|${r.name2}`)) continue;
  if (group && r.case_group !== group) continue;
  const s = scoreNamePair(r.schema, r.name1, r.name2);
  const truth = r.is_match === 'true';
  if (truth !== s.score >= 0.7) console.log(`${truth ? 'FN' : 'FP'} ${s.score.toFixed(2)} [${r.case_group}] ${r.schema}: ${r.name1} | ${r.name2} :: ${s.features.map((f) => f.detail).join(' | ')}`);
}
