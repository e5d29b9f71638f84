// Data extension of the OpenRefine reconciliation API, as yente offers it: once a column is
// reconciled, "Add columns from reconciled values" asks which properties a type has
// (/reconcile/{dataset}/extend/property) and then their values for a batch of ids (POST
// /reconcile with `extend`). Values are the party's (every source of a merged party), readable
// (`render: caption`: "Belarus") or raw ("by").
import { isSchema, model } from '../model/ftm.js';
import { canonicalOf } from '../resolve/canonical.js';
import type { Store } from '../store/types.js';
import { BadRequest } from './beyond.js';
import { canonicalEntityResponse } from './entities.js';

/** At most this many ids per extension request (yente's MAX_BATCH is 100 too). */
export const EXTEND_MAX_IDS = 100;
const MAX_PROPERTIES = 50;

/** The manifest's `extend` member: where properties are proposed, and the settings a client may send. */
export function extendManifest(service: (path: string) => { service_url: string; service_path: string }) {
  return {
    propose_properties: service('/extend/property'),
    propose_settings: [
      { name: 'limit', label: 'Limit', type: 'number', default: 0, help_text: 'Maximum number of values to return per row (0 for no limit).' },
      {
        name: 'render',
        label: 'Value rendering',
        type: 'select',
        default: 'caption',
        choices: [
          { id: 'caption', name: 'User-readable value' },
          { id: 'raw', name: 'Machine-readable value' },
        ],
        help_text: "Return readable value (e.g. 'Russia') instead of raw value ('ru').",
      },
    ],
  };
}

/** The properties of a type worth a column: its featured ones first, then the rest (no entity links, nothing hidden), by label. */
export function proposedProperties(type: string, limit: number): { limit: number; type: string; properties: { id: string; name: string }[] } {
  if (!isSchema(type)) throw new BadRequest(`type: unknown type '${type}' (an FtM schema such as Company or Person)`);
  const schema = model.getSchema(type);
  const properties: { id: string; name: string }[] = [];
  const featured = new Set(schema.featured);
  for (const name of schema.featured) if (schema.hasProperty(name)) properties.push({ id: name, name: schema.getProperty(name).label });
  for (const prop of schema.getProperties().values()) {
    if (prop.hidden || prop.type.name === 'entity' || featured.has(prop.name)) continue;
    properties.push({ id: prop.name, name: prop.label });
  }
  const kept = limit > 0 ? properties.slice(0, limit) : properties;
  return { limit, type: schema.name, properties: kept.sort((a, b) => a.name.localeCompare(b.name)) };
}

interface ExtendQuery {
  ids: string[];
  properties: { id: string; settings?: { limit?: number; render?: 'caption' | 'raw' } }[];
}

function parseExtend(raw: unknown): ExtendQuery {
  let query = raw;
  if (typeof raw === 'string') {
    try {
      query = JSON.parse(raw);
    } catch {
      throw new BadRequest('extend: cannot decode the extension request (expected JSON: {"ids": [...], "properties": [{"id": ...}]})');
    }
  }
  const q = query as Partial<ExtendQuery> | null;
  if (!q || typeof q !== 'object' || !Array.isArray(q.ids) || !Array.isArray(q.properties)) throw new BadRequest('extend: expected {"ids": [...], "properties": [{"id": ...}]}');
  if (q.ids.length > EXTEND_MAX_IDS) throw new BadRequest(`extend.ids: too many ids in one batch (limit: ${EXTEND_MAX_IDS})`);
  if (q.properties.length > MAX_PROPERTIES) throw new BadRequest(`extend.properties: too many properties (limit: ${MAX_PROPERTIES})`);
  q.ids.forEach((id, i) => {
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) throw new BadRequest(`extend.ids[${i}]: expected an entity id of 1 to 200 characters`);
  });
  q.properties.forEach((p, i) => {
    if (!p || typeof p.id !== 'string' || p.id.length > 100) throw new BadRequest(`extend.properties[${i}].id: expected a property name`);
    const limit = p.settings?.limit;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new BadRequest(`extend.properties[${i}].settings.limit: expected a whole number ≥ 0`);
    const render = p.settings?.render;
    if (render !== undefined && render !== 'caption' && render !== 'raw') throw new BadRequest(`extend.properties[${i}].settings.render: expected 'caption' or 'raw'`);
  });
  return q as ExtendQuery;
}

/** The values of the asked properties for each id: {meta: [{id, name}], rows: {id: {prop: [{str}]}}}. */
export async function extendEntities(store: Store, raw: unknown): Promise<{ meta: { id: string; name: string }[]; rows: Record<string, Record<string, { str: string }[]>> }> {
  const query = parseExtend(raw);
  for (const id of query.ids) {
    const canonical = await canonicalOf(store.sql, id);
    if (canonical !== id) throw new BadRequest(`extend.ids: '${id}' was merged into '${canonical}': please specify the canonical entity id, not a referent`);
  }
  const meta = new Map<string, { id: string; name: string }>();
  const rows: Record<string, Record<string, { str: string }[]>> = Object.fromEntries(query.ids.map((id) => [id, {}]));
  for (const id of query.ids) {
    const entity = await canonicalEntityResponse(store, id);
    if (!entity) continue;
    const schema = model.getSchema(entity.schema);
    const row: Record<string, { str: string }[]> = {};
    for (const asked of query.properties) {
      if (!schema.hasProperty(asked.id)) continue;
      const prop = schema.getProperty(asked.id);
      if (!meta.has(asked.id)) meta.set(asked.id, { id: prop.name, name: prop.label });
      let values = entity.properties[prop.name] ?? [];
      const limit = asked.settings?.limit ?? 0;
      if (limit > 0) values = values.slice(0, limit);
      if ((asked.settings?.render ?? 'caption') === 'caption') values = values.map((v) => prop.type.getLabel?.(v) ?? v);
      row[asked.id] = values.map((v) => ({ str: v }));
    }
    rows[id] = row;
  }
  return { meta: [...meta.values()], rows };
}
