// Facet counts of a /search answer, as yente gives them: per field (countries, topics, datasets,
// schema, identifiers, genders), each value with a human label and how many of the results
// carry it, counted over every result of the query (not only the page shown).
import { model } from '../model/ftm.js';
import { officialSource } from '../sources/registry.js';
import type { EntityResponse } from './entities.js';

export const FACETS = ['datasets', 'schema', 'countries', 'identifiers', 'topics', 'genders'] as const;
export type Facet = (typeof FACETS)[number];
export const DEFAULT_FACETS: Facet[] = ['countries', 'topics', 'datasets'];

export interface SearchFacet {
  label: string;
  values: { name: string; label: string; count: number }[];
}

// The FtM property type whose values a facet counts (yente's type groups).
const TYPE_OF: Partial<Record<Facet, string>> = { countries: 'country', identifiers: 'identifier', topics: 'topic', genders: 'gender' };
const LABEL: Record<Facet, string> = { datasets: 'Data sources', schema: 'Entity types', countries: 'Countries', identifiers: 'Identifiers', topics: 'Topics', genders: 'Genders' };

function valuesOf(party: EntityResponse, facet: Facet): string[] {
  if (facet === 'datasets') return party.datasets;
  if (facet === 'schema') return [party.schema];
  const type = TYPE_OF[facet]!;
  const schema = model.getSchema(party.schema);
  const found = new Set<string>();
  for (const [prop, values] of Object.entries(party.properties)) {
    if (!schema.hasProperty(prop) || schema.getProperty(prop).type.name !== type) continue;
    for (const v of values) found.add(facet === 'countries' ? v.toLowerCase() : v);
  }
  return [...found];
}

function labelOf(facet: Facet, value: string): string {
  if (facet === 'datasets') return officialSource(value)?.title ?? value;
  if (facet === 'schema') return model.getSchema(value).plural ?? value;
  const type = model.getType(TYPE_OF[facet]!);
  return type.getLabel?.(value) ?? value;
}

/** The facets asked for, over the parties found: values by count (then name), at most 1,000 per facet. */
export function searchFacets(parties: EntityResponse[], facets: readonly Facet[]): Record<string, SearchFacet> {
  const out: Record<string, SearchFacet> = {};
  for (const facet of facets) {
    const counts = new Map<string, number>();
    for (const party of parties) for (const v of valuesOf(party, facet)) counts.set(v, (counts.get(v) ?? 0) + 1);
    const values = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 1000)
      .map(([name, count]) => ({ name, label: labelOf(facet, name), count }));
    out[facet] = { label: LABEL[facet], values };
  }
  return out;
}
