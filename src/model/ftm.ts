// The Follow the Money data model, from the published package, loaded once.
// Everything that needs to know whether a schema or property exists asks here.
import ftm from '@opensanctions/followthemoney';
import type { Model as FtmModel, Schema } from '@opensanctions/followthemoney';

const { Model, defaultModel } = ftm;

export const model: FtmModel = new Model(defaultModel);

export function getSchema(name: string): Schema {
  const schema = model.schemata[name];
  if (!schema) throw new Error(`unknown FtM schema '${name}'`);
  return schema;
}

export function isSchema(name: string): boolean {
  return model.schemata[name] !== undefined;
}

// Schema.getProperties() rebuilds its map on every call: importers ask millions of times.
const propertyTypes = new Map<string, Map<string, string>>();

/** The FtM property type name ('name', 'date', 'country', 'identifier', 'entity', …) or null if not a property of the schema. */
export function propertyType(schema: string, prop: string): string | null {
  let types = propertyTypes.get(schema);
  if (!types) {
    types = new Map([...getSchema(schema).getProperties()].map(([name, property]) => [name, property.type.name]));
    propertyTypes.set(schema, types);
  }
  return types.get(prop) ?? null;
}

/** Schemata that can be screened against (people, companies, vessels, …), as FtM marks them. */
export function isMatchable(schema: string): boolean {
  return getSchema(schema).matchable;
}

/** True if `schema` is `ancestor` or descends from it (Company isA LegalEntity). */
export function isA(schema: string, ancestor: string): boolean {
  return getSchema(schema).isA(ancestor);
}

/**
 * The most specific schema both can be (LegalEntity + Company → Company), or null when they
 * are unrelated (Person + Vessel). Used when one list record is described in several rows.
 */
export function commonSchema(a: string, b: string): string | null {
  if (a === b) return a;
  if (isA(a, b)) return a;
  if (isA(b, a)) return b;
  return null;
}
