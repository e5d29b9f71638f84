// Some lists republish other lists' records under the original key: trade.gov's CSL carries
// every OFAC record as `ofac-<uid>`. The copy often has more of the record than our snapshot of
// the original (an SDN sdn.csv without its alt.csv has no strong aliases), so the original
// borrows the copy's names and facts, each name marked with the list it came from.
import { entityId } from '../model/ids.js';
import { OFFICIAL_SOURCES } from '../sources/registry.js';
import type { MatchEntity } from './entity.js';

/** Lend every republished record's names and facts to its original, where the index has it. */
export function lendRepublishedNames(entities: MatchEntity[]): void {
  const byId = new Map(entities.map((e) => [e.id, e]));
  for (const source of OFFICIAL_SOURCES) {
    for (const rule of source.republishes ?? []) {
      const prefix = `${source.dataset}-${rule.keyPrefix}`;
      for (const copy of entities) {
        if (copy.dataset !== source.dataset || !copy.id.startsWith(prefix)) continue;
        const key = copy.id.slice(prefix.length);
        const original = rule.datasets.map((d) => byId.get(entityId(d, key))).find((e) => e !== undefined);
        if (original) lend(copy, original);
      }
    }
  }
}

function lend(copy: MatchEntity, original: MatchEntity): void {
  const known = new Set(original.names.map((n) => n.text.toLowerCase()));
  for (const name of copy.names) {
    if (known.has(name.text.toLowerCase())) continue;
    known.add(name.text.toLowerCase());
    original.names.push({ ...name, via: copy.dataset });
  }
  for (const id of copy.identifiers) original.identifiers.add(id);
  for (const country of copy.countries) original.countries.add(country);
  original.birthDates = [...new Set([...original.birthDates, ...copy.birthDates])];
  original.gender ??= copy.gender;
  original.republishedAs.push(copy.id);
}
