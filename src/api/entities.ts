// Entities as the yente API shows them: {id, caption, schema, properties, datasets, referents,
// target, first_seen, last_seen, last_change}, from the store's statements; with ?nested=true
// and at /adjacent, also the entities that point at it or that it points at, nested in its
// properties under the FtM property that links them (sanctions, unknownLinkTo, ownershipOwner…).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { model, propertyType } from '../model/ftm.js';
import { canonicalOf, sourcesOf } from '../resolve/canonical.js';
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
  // The last change: when the newest of its current values first appeared (a value dropped
  // without another appearing is not seen here). The matcher's changed_since reads the same.
  let changed: string | null = null;
  for (const s of entity.statements) {
    const list = (properties[s.prop] ??= []);
    if (!list.includes(s.value)) list.push(s.value);
    const seen = s.firstSeen?.date ?? null;
    if (seen && (!first || seen < first)) first = seen;
    if (seen && (!changed || seen > changed)) changed = seen;
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
    last_change: day(changed ?? entity.version.date),
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

/** A screening result as the party it speaks for: the merged party when it is one source of one, else the entity (one view for /match, /search and /reconcile). */
export async function partyResponse(store: Store, result: { entity: { id: string }; canonicalId?: string }): Promise<EntityResponse | null> {
  return result.canonicalId ? canonicalEntityResponse(store, result.entity.id) : entityResponse(store, result.entity.id);
}

export type NestedValue = string | NestedEntity;
export interface NestedEntity extends Omit<EntityResponse, 'properties'> {
  properties: Record<string, NestedValue[]>;
}

/** The FtM property on the other side of `schema.prop` (Sanction.entity → sanctions), or null. */
function reverseOf(schema: string, prop: string): string | null {
  const s = model.getSchema(schema);
  if (!s.hasProperty(prop)) return null;
  const property = s.getProperty(prop);
  return property.hasReverse ? property.getReverse().name : null;
}

const isEdge = (schema: string) => model.getSchema(schema).isEdge;

/**
 * The entities adjacent to a party, as yente nests them: every entity that points at one of its
 * sources (its Sanction records, links, ownerships, family ties…) under the reverse property
 * (`sanctions`, `unknownLinkTo`, `ownershipOwner`…), and every entity it points at under its own
 * property. An adjacent entity has the party left out of its properties; when it is an edge
 * (UnknownLink, Ownership, Family…) its other end is nested in it, as a party. An id the store
 * does not hold stays an id (yente's unretrieved ids).
 */
async function adjacentOf(store: Store, root: EntityResponse, members: string[]): Promise<Map<string, NestedValue[]>> {
  const own = new Set([root.id, ...members]);
  const byProp = new Map<string, NestedValue[]>();
  const seen = new Set<string>();
  const add = (prop: string, value: NestedValue) => {
    const key = `${prop}\u0000${typeof value === 'string' ? value : value.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    const list = byProp.get(prop);
    if (list) list.push(value);
    else byProp.set(prop, [value]);
  };
  const other = new Map<string, EntityResponse | null>();
  const party = async (id: string) => {
    if (!other.has(id)) other.set(id, await canonicalEntityResponse(store, id));
    return other.get(id)!;
  };
  const nest = async (entity: StoredEntity): Promise<NestedEntity> => {
    const response = toEntityResponse(entity);
    const properties: Record<string, NestedValue[]> = {};
    for (const [prop, values] of Object.entries(response.properties)) {
      if (propertyType(entity.schema, prop) !== 'entity') {
        properties[prop] = values;
        continue;
      }
      const kept: NestedValue[] = [];
      // The party itself is the path back: left out, as yente does.
      for (const value of values) if (!own.has(value)) kept.push(isEdge(entity.schema) ? ((await party(value)) ?? value) : value);
      if (kept.length) properties[prop] = kept;
    }
    return { ...response, properties };
  };
  for (const member of members) {
    for (const ref of await store.getReferencing(member)) {
      if (own.has(ref.id)) continue;
      const nested = await nest(ref);
      for (const s of ref.statements) {
        if (s.propType !== 'entity' || !own.has(s.value)) continue;
        const reverse = reverseOf(ref.schema, s.prop);
        if (reverse) add(reverse, nested);
      }
    }
  }
  for (const [prop, values] of Object.entries(root.properties)) {
    if (propertyType(root.schema, prop) !== 'entity') continue;
    for (const value of values) {
      if (own.has(value)) continue;
      // An edge it points at is nested with its other end; any other entity is shown as its party.
      const stored = await store.getEntity(value);
      add(prop, !stored ? value : isEdge(stored.schema) ? await nest(stored) : ((await party(value)) ?? value));
    }
  }
  return byProp;
}

/** /entities/{id}?nested=true: the party with its adjacent entities nested in its properties. */
export async function nestedEntityResponse(store: Store, id: string): Promise<NestedEntity | null> {
  const root = await canonicalEntityResponse(store, id);
  if (!root) return null;
  const { members } = await sourcesOf(store.sql, id);
  const adjacent = await adjacentOf(store, root, members);
  const properties: Record<string, NestedValue[]> = { ...root.properties };
  for (const [prop, values] of adjacent) properties[prop] = values;
  return { ...root, properties };
}

export interface AdjacentPage {
  results: NestedValue[];
  total: { value: number; relation: 'eq' };
  limit: number;
  offset: number;
}

/**
 * /entities/{id}/adjacent: the party (not nested) and, per linking property that has any, a
 * page of its adjacent entities with their total; `property` restricts it to one property.
 * Ids the store does not hold are left out of the pages, as yente does when paginating.
 */
export async function adjacentResponse(store: Store, id: string, page: { limit: number; offset: number; property?: string }): Promise<{ entity: EntityResponse; adjacent: Record<string, AdjacentPage> } | null> {
  const entity = await canonicalEntityResponse(store, id);
  if (!entity) return null;
  const { members } = await sourcesOf(store.sql, id);
  const adjacent: Record<string, AdjacentPage> = {};
  for (const [prop, values] of await adjacentOf(store, entity, members)) {
    if (page.property !== undefined && prop !== page.property) continue;
    const retrieved = values.filter((v) => typeof v !== 'string');
    if (retrieved.length === 0) continue;
    adjacent[prop] = { results: retrieved.slice(page.offset, page.offset + page.limit), total: { value: retrieved.length, relation: 'eq' }, limit: page.limit, offset: page.offset };
  }
  return { entity, adjacent };
}

/** The entity-typed properties of a schema, its reverse ones (sanctions, ownershipOwner…) included. */
export function entityProperties(schema: string): string[] {
  return [...model.getSchema(schema).getProperties()].filter(([, p]) => p.type.name === 'entity').map(([name]) => name);
}

/**
 * A route's preHandler for /entities/{id}…: a source merged into a party is answered, as yente
 * answers it, with a 308 to the same path under the party's canonical id (the rest of the path
 * and the query string kept). A canonical id goes on to the handler.
 */
export function redirectMerged(ctx: { store: Store }) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const id = (req.params as { id: string }).id;
    const canonicalId = await canonicalOf(ctx.store.sql, id);
    if (canonicalId === id) return;
    const rest = req.url.slice('/entities/'.length);
    const end = rest.search(/[/?]/u);
    await reply.redirect(`/entities/${encodeURIComponent(canonicalId)}${end < 0 ? '' : rest.slice(end)}`, 308);
  };
}
