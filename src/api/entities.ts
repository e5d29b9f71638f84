// Entities as the yente API shows them: {id, caption, schema, properties, datasets, referents,
// target, first_seen, last_seen, last_change}, from the store's statements.
import { sourcesOf } from '../resolve/canonical.js';
import type { StoredEntity, Store } from '../store/types.js';

export interface EntityResponse {
  id: string;
  caption: string;
  schema: string;
  properties: Record<string, string[]>;
  datasets: string[];
  referents: string[];
  target: boolean;
  first_seen: string | null;
  last_seen: string | null;
  last_change: string | null;
}

const day = (d: string | null | undefined) => (d ? `${d.slice(0, 10)}T00:00:00` : null);

export function toEntityResponse(entity: StoredEntity): EntityResponse {
  const properties: Record<string, string[]> = {};
  let first: string | null = null;
  let last: string | null = null;
  for (const s of entity.statements) {
    const list = (properties[s.prop] ??= []);
    if (!list.includes(s.value)) list.push(s.value);
    const seen = s.firstSeen?.date ?? null;
    if (seen && (!first || seen < first)) first = seen;
    const lastSeen = s.lastSeen?.date ?? null;
    if (lastSeen && (!last || lastSeen > last)) last = lastSeen;
  }
  return {
    id: entity.id,
    caption: entity.caption,
    schema: entity.schema,
    properties,
    datasets: [entity.dataset],
    referents: [],
    target: entity.statements.some((s) => s.prop === 'topics' && s.value === 'sanction'),
    first_seen: day(first),
    last_seen: day(last ?? entity.version.date),
    last_change: day(last ?? entity.version.date),
  };
}

export async function entityResponse(store: Store, id: string): Promise<EntityResponse | null> {
  const entity = await store.getEntity(id);
  return entity ? toEntityResponse(entity) : null;
}

/**
 * A party as one entity: the canonical id, the values of all its source entities together,
 * every list it is on (`datasets`) and its source ids (`referents`), as yente shows merged
 * entities. An entity never resolved with another is itself.
 */
export async function canonicalEntityResponse(store: Store, id: string): Promise<EntityResponse | null> {
  const { canonicalId, members } = await sourcesOf(store.sql, id);
  const parts = (await Promise.all(members.map((m) => entityResponse(store, m)))).filter((p): p is EntityResponse => p !== null);
  const main = parts.find((p) => p.id === canonicalId) ?? parts[0];
  if (!main) return null;
  if (parts.length === 1) return main;
  const properties: Record<string, string[]> = {};
  for (const part of parts) for (const [prop, values] of Object.entries(part.properties)) properties[prop] = [...new Set([...(properties[prop] ?? []), ...values])];
  const dates = (pick: (p: EntityResponse) => string | null) => parts.map(pick).filter((d): d is string => d !== null).sort();
  return {
    ...main,
    id: canonicalId,
    properties,
    datasets: [...new Set(parts.flatMap((p) => p.datasets))],
    referents: members.filter((m) => m !== canonicalId),
    target: parts.some((p) => p.target),
    first_seen: dates((p) => p.first_seen)[0] ?? null,
    last_seen: dates((p) => p.last_seen).at(-1) ?? null,
    last_change: dates((p) => p.last_change).at(-1) ?? null,
  };
}
