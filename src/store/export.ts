// Export of stored entities as FtM JSON lines (the format OpenSanctions, yente and Aleph read)
// or as a flat CSV with one row per entity.
import { csvText } from '../text/csv.js';
import type { StoredEntity } from './types.js';

export interface FtmJsonEntity {
  id: string;
  schema: string;
  caption: string;
  properties: Record<string, string[]>;
  datasets: string[];
  first_seen: string;
  last_seen: string;
}

export function toFtmJson(entity: StoredEntity): FtmJsonEntity {
  const properties: Record<string, string[]> = {};
  for (const s of entity.statements) (properties[s.prop] ??= []).push(s.value);
  const first = entity.statements.map((s) => s.firstSeen.date).sort()[0] ?? entity.version.date;
  const last = entity.statements.map((s) => s.lastSeen.date).sort().at(-1) ?? entity.version.date;
  return { id: entity.id, schema: entity.schema, caption: entity.caption, properties, datasets: [entity.dataset], first_seen: first, last_seen: last };
}

export const CSV_COLUMNS = ['id', 'schema', 'name', 'aliases', 'birth_date', 'countries', 'identifiers', 'dataset', 'version_date'];

const IDENTIFIER_PROPS = ['registrationNumber', 'idNumber', 'passportNumber', 'taxNumber', 'imoNumber', 'innCode', 'ogrnCode', 'swiftBic', 'mmsi'];

export function toCsvRow(entity: StoredEntity): string {
  const get = (...props: string[]) => entity.statements.filter((s) => props.includes(s.prop)).map((s) => s.value);
  return csvText([
    [
      entity.id,
      entity.schema,
      entity.caption,
      get('alias', 'weakAlias', 'previousName').join(';'),
      get('birthDate').join(';'),
      get('country', 'nationality', 'citizenship', 'jurisdiction').filter((v, i, a) => a.indexOf(v) === i).join(';'),
      get(...IDENTIFIER_PROPS).join(';'),
      entity.dataset,
      entity.version.date,
    ],
  ]);
}
