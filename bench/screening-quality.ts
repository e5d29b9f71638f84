// Screening quality against every bundled list, as a customer file would be screened:
// - false hits: the synthetic customers of yente's validation report (name, birth date,
//   nationality; nobody on any list), screened as Person queries; a result at or above the
//   threshold is a false hit;
// - recall on typo'd listed persons: names of listed persons (UN and OFAC, every 3rd) with a
//   letter dropped, two letters swapped, a letter doubled, or the name parts reordered, with the
//   listed birth date where the list has one, and names the lists write in another script as a
//   plain transliteration types them; found when the listed entity is a match.
// Prints each figure and the worst false hits, so a change to the matcher shows both sides.
// Usage: npx tsx bench/screening-quality.ts [store] [--show N]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadSettings } from '../src/config.js';
import { DEFAULT_THRESHOLD, type MatchQuery } from '../src/match/features.js';
import { MatchIndex, type MatchResult } from '../src/match/index.js';
import { toCountryCode } from '../src/model/values.js';
import { openStore } from '../src/store/open.js';
import { transliterate } from '../src/text/translit.js';
import { RAW } from '../test/helpers/paths.js';

const args = process.argv.slice(2);
const showAt = args.indexOf('--show');
const show = showAt >= 0 ? Number(args[showAt + 1]) : 15;
const location = args.find((a, i) => !a.startsWith('--') && (showAt < 0 || i !== showAt + 1)) ?? loadSettings().db;
if (!existsSync(location)) throw new Error(`no store at ${location}: run 'sanctrace init' first`);
const store = await openStore(location);
const index = await MatchIndex.build(store);
await store.close();

type Row = Record<string, string>;
// The figures of the matcher when issue 12 was filed (same files, same sample), beside today's.
const BEFORE: Record<string, string> = { 'negatives_global.csv': '2.40 %', 'negatives_us.csv': '1.10 %', recall: '0.962 (every 7th person; edits could hit a first letter)' };
const falseHits: { file: string; query: string; hit: MatchResult }[] = [];
for (const file of ['negatives_global.csv', 'negatives_us.csv']) {
  const rows = parse(readFileSync(join(RAW, 'pairs/yente_validation', file)), { columns: true, skip_empty_lines: true }) as Row[];
  let hits = 0;
  for (const row of rows) {
    const country = toCountryCode(row.nationality);
    const query: MatchQuery = { schema: 'Person', names: [row.full_name], birthDates: row.date_of_birth ? [row.date_of_birth] : [], countries: country ? [country] : [] };
    const top = index.search(query, { limit: 1 })[0];
    if (top?.match) {
      hits++;
      falseHits.push({ file, query: `${row.full_name} (${row.date_of_birth}, ${row.nationality})`, hit: top });
    }
  }
  console.log(`false hits, ${file}: ${hits}/${rows.length} = ${((100 * hits) / rows.length).toFixed(2)} % at ${DEFAULT_THRESHOLD} (before ${BEFORE[file]}; target ≤ 0.2 %)`);
}

// Typo'd positives: deterministic edits of listed person names.
const edits: [string, (name: string, k: number) => string][] = [
  ['drop', (n, k) => n.slice(0, k) + n.slice(k + 1)],
  ['swap', (n, k) => n.slice(0, k) + n[k + 1] + n[k] + n.slice(k + 2)],
  ['double', (n, k) => n.slice(0, k) + n[k] + n.slice(k)],
  ['reorder', (n) => n.split(/\s+/u).reverse().join(' ')],
];
const persons = index.entities.filter((e) => e.schema === 'Person' && (e.dataset.startsWith('un') || e.dataset.startsWith('ofac')) && e.names.length > 0);
const perEdit = new Map<string, { found: number; total: number }>();
const missed: string[] = [];
persons.forEach((entity, i) => {
  if (i % 3 !== 0) return;
  const name = entity.names[0].text.replace(/,/gu, '');
  if (name.replace(/\s/gu, '').length < 6) return;
  const [label, edit] = edits[i % edits.length];
  // Edit inside a word, past its first letter (a typo rarely hits the initial).
  let k = Math.floor(name.length / 2);
  while (k < name.length - 2 && !/\p{L}\p{L}\p{L}/u.test(name.slice(k - 1, k + 2))) k++;
  const query: MatchQuery = { schema: 'Person', names: [edit(name, k)], birthDates: entity.birthDates.slice(0, 1) };
  const results = index.search(query, { limit: 20 });
  const found = results.some((r) => r.match && r.entity.id === entity.id);
  const counts = perEdit.get(label) ?? { found: 0, total: 0 };
  counts.total++;
  if (found) counts.found++;
  else if (missed.length < show) missed.push(`${label}: '${query.names[0]}' for ${entity.id} '${entity.caption}' → ${results[0] ? `${results[0].entity.caption} ${results[0].score.toFixed(2)}` : 'nothing'}`);
  perEdit.set(label, counts);
});
// Other romanisations: a listed person's name in another script (Cyrillic, Arabic, Greek…) as
// a plain transliteration would type it ("Лукашенко Александр" → "Lukashenko Aleksandr").
persons.forEach((entity, i) => {
  if (i % 3 !== 0) return;
  const written = entity.names.find((n) => n.writing !== 'latin' && n.writing !== 'han');
  if (!written) return;
  const query: MatchQuery = { schema: 'Person', names: [transliterate(written.text)], birthDates: entity.birthDates.slice(0, 1) };
  const results = index.search(query, { limit: 20 });
  const found = results.some((r) => r.match && r.entity.id === entity.id);
  const counts = perEdit.get('romanise') ?? { found: 0, total: 0 };
  counts.total++;
  if (found) counts.found++;
  else if (missed.length < show) missed.push(`romanise: '${query.names[0]}' for ${entity.id} '${entity.caption}' → ${results[0] ? `${results[0].entity.caption} ${results[0].score.toFixed(2)}` : 'nothing'}`);
  perEdit.set('romanise', counts);
});
const all = [...perEdit.values()].reduce((a, c) => ({ found: a.found + c.found, total: a.total + c.total }), { found: 0, total: 0 });
console.log(`recall on typo'd listed persons: ${all.found}/${all.total} = ${(all.found / all.total).toFixed(3)} (${[...perEdit].map(([k, c]) => `${k} ${(c.found / c.total).toFixed(3)}`).join(', ')}; before ${BEFORE.recall}; target ≥ 0.99)`);
if (show > 0) {
  console.log('\nfalse hits:');
  for (const f of falseHits.sort((a, b) => b.hit.score - a.hit.score).slice(0, show)) console.log(`  ${f.query} → ${f.hit.entity.schema} ${f.hit.entity.caption} ${f.hit.score.toFixed(2)}: ${f.hit.features.map((x) => x.detail).join(' | ')}`);
  console.log('\nmissed positives:');
  for (const m of missed) console.log(`  ${m}`);
}
