// Builds data/reference/listed-names.json.gz: every name and alias of the bundled lists (weak
// aliases left out), folded as the matcher folds an organisation name (transliterated, lower
// case, legal forms dropped, words sorted), with what kind of party carries it and, per
// authority, the earliest date the lists show it listed: the Sanction's listing or start date,
// or the date of the first list version that holds it (which says "listed by then"). The news
// reader reads "is this span a listed name, and was it already listed when the article was
// written" from it: the lists as a gazetteer, one table in training, cross-validation and use.
// Built from the store of `sanctrace init` (the bundled lists, all their versions).
// Usage: npx tsx scripts/build-listed-names.ts [store]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadSettings, PACKAGE_ROOT } from '../src/config.js';
import { toMatchEntity } from '../src/match/entity.js';
import { isMatchable } from '../src/model/ftm.js';
import { openStore } from '../src/store/open.js';
import { LISTED_KIND, listedNameKey, type ListedName } from '../src/text/listed-names.js';

const store = await openStore(process.argv[2] ?? loadSettings().db);
const table = new Map<string, ListedName>();
const earlier = (a: string | undefined, b: string) => (a && a <= b ? a : b);
const sources: string[] = [];
for (const summary of await store.listDatasets()) {
  sources.push(summary.name);
  const since = new Map<string, Map<string, string>>();
  const parties: { id: string; kind: number; names: string[] }[] = [];
  for await (const entity of store.iterateEntities({ versionId: summary.latest.id })) {
    if (entity.schema === 'Sanction') {
      const subject = entity.statements.find((s) => s.prop === 'entity')?.value;
      const authority = entity.statements.find((s) => s.prop === 'authority')?.value;
      const dates = entity.statements.filter((s) => s.prop === 'listingDate' || s.prop === 'startDate').map((s) => s.value.slice(0, 10)).filter((d) => /^\d{4}-\d{2}-\d{2}$/u.test(d));
      if (!subject || !authority) continue;
      const bySubject = since.get(subject) ?? new Map<string, string>();
      const first = [...dates, ...entity.statements.map((s) => s.firstSeen.date)].sort()[0];
      if (first) bySubject.set(authority, earlier(bySubject.get(authority), first));
      since.set(subject, bySubject);
    } else if (isMatchable(entity.schema)) {
      const m = toMatchEntity(entity);
      const kind = entity.schema === 'Vessel' ? LISTED_KIND.vessel : m.kind === 'person' ? LISTED_KIND.person : LISTED_KIND.organization;
      parties.push({ id: entity.id, kind, names: m.names.filter((n) => n.kind !== 'weakAlias' && !n.via).map((n) => n.text) });
    }
  }
  for (const party of parties) {
    for (const text of party.names) {
      const key = listedNameKey(text);
      if (!key) continue;
      const entry = table.get(key) ?? { kinds: 0, since: {} };
      entry.kinds |= party.kind;
      for (const [authority, date] of since.get(party.id) ?? []) entry.since[authority] = earlier(entry.since[authority], date);
      table.set(key, entry);
    }
  }
}
await store.close();
const names = Object.fromEntries([...table].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, Object.keys(v.since).length ? [v.kinds, v.since] : [v.kinds]]));
const target = join(PACKAGE_ROOT, 'data', 'reference', 'listed-names.json.gz');
writeFileSync(target, gzipSync(JSON.stringify({ source: `names of the bundled lists (${sources.join(', ')})`, names }), { level: 9 }));
console.log(`${table.size} distinct listed names, ${[...table.values()].filter((v) => Object.keys(v.since).length).length} with a listing date → ${target}`);
