// What the matcher knows of a listed entity: its names analysed once, and the properties the
// scoring features compare (identifiers, birth dates, countries, gender), from the store.
import { isA } from '../model/ftm.js';
import type { StoredEntity } from '../store/types.js';
import { isOrgWord } from '../text/symbols.js';
import { analyzeName, type AnalyzedName } from './names.js';

export type NameKind = 'name' | 'alias' | 'weakAlias' | 'previousName';

export interface CandidateName extends AnalyzedName {
  kind: NameKind;
  /** Set when the name comes from another list's republication of this record. */
  via?: string;
}

export interface MatchEntity {
  id: string;
  schema: string;
  dataset: string;
  caption: string;
  versionId: number;
  names: CandidateName[];
  identifiers: Set<string>;
  birthDates: string[];
  countries: Set<string>;
  gender: string | null;
  /** Programmes of the entity's listings (filled by the index from its Sanction records). */
  programs: string[];
  /** Authorities of the entity's listings ("US Treasury (OFAC)", "EU"…), from its Sanction records. */
  authorities: string[];
  /** Ids of other lists' republications of this very record (the CSL's copy of an OFAC entry). */
  republishedAs: string[];
  /** What the entity is, where its schema does not say (a LegalEntity): see kindOf. */
  kind: EntityKind;
  /** Its FtM topics ('sanction', 'role.pep'…), for yente's topics filter. */
  topics?: string[];
  /** When the newest of its current values first appeared (YYYY-MM-DD): yente's last_change, for changed_since. */
  lastChange?: string | null;
}

export type EntityKind = 'person' | 'organization' | 'unknown';

/**
 * The entity as a plain object, for sending to another thread or writing as JSON: an entity
 * read from an index file holds its details behind getters, which neither copies.
 */
export function plainEntity(e: MatchEntity): MatchEntity {
  return {
    id: e.id, schema: e.schema, dataset: e.dataset, caption: e.caption, versionId: e.versionId, names: e.names, identifiers: e.identifiers, birthDates: e.birthDates, countries: e.countries,
    gender: e.gender, programs: e.programs, authorities: e.authorities, republishedAs: e.republishedAs, kind: e.kind, topics: e.topics, lastChange: e.lastChange,
  };
}

// Descriptors that mark an organisation beyond rigour's table (which has "group", "institute",
// "company" in many languages but not these); the news linker reads LegalEntity kinds from here too.
const ORGANIZATION_WORDS = new Set([
  'company', 'companies', 'co', 'corp', 'corporation', 'group', 'holding', 'holdings', 'bank', 'trust', 'foundation', 'industries', 'international',
  'enterprise', 'enterprises', 'services', 'service', 'trading', 'systems', 'management', 'association', 'society', 'plant', 'factory',
  'government', 'ministry', 'agency', 'committee', 'council', 'department', 'office', 'commission', 'authority', 'bureau', 'army', 'police',
  'party', 'alliance', 'union', 'fund', 'institute', 'center', 'centre', 'organization', 'organisation', 'movement', 'network', 'national',
  'state', 'federal', 'republic', 'global', 'general', 'limited', 'ltd', 'inc', 'llc', 'plc', 'gmbh', 'academy', 'university', 'laboratory',
  'technology', 'technologies', 'electronics', 'forces', 'front', 'brigade', 'battalion', 'media', 'shipping', 'airlines', 'airline', 'pmc',
  'militia', 'logistics', 'petroleum', 'oil', 'gas', 'energy', 'mining', 'school', 'hospital', 'charity', 'navy', 'guard', 'corps',
]);

/**
 * Person, organisation or unknown. A Person is a person and an Organization, Company, Vessel or
 * Airplane is not; a LegalEntity (the CSL and the EU type most entries so) is an organisation
 * when one of its names carries a legal form or an organisation word ("Wagner Group", "LLC
 * Morgan", "Catalano Limited"), a person when it has a birth date or gender, else unknown.
 */
export function kindOf(schema: string, names: AnalyzedName[], personFacts: boolean): EntityKind {
  if (isPersonSchema(schema)) return 'person';
  if (isA(schema, 'Organization') || isA(schema, 'Vessel') || isA(schema, 'Airplane') || isA(schema, 'Asset')) return 'organization';
  if (names.some((n) => n.forms.length > 0 || n.tokens.some((t) => ORGANIZATION_WORDS.has(t) || isOrgWord(t)))) return 'organization';
  return personFacts ? 'person' : 'unknown';
}

const NAME_KINDS: NameKind[] = ['name', 'alias', 'weakAlias', 'previousName'];
const IDENTIFIER_PROPS = ['registrationNumber', 'idNumber', 'passportNumber', 'taxNumber', 'innCode', 'ogrnCode', 'imoNumber', 'mmsi', 'swiftBic', 'leiCode', 'vatCode', 'okpoCode'];
const COUNTRY_PROPS = ['country', 'nationality', 'citizenship', 'jurisdiction', 'flag'];

/** Identifiers compared without punctuation or spaces and case-folded ("IMO 9187629" = "9187629"). */
export function normalizeIdentifier(value: string): string {
  return value.toUpperCase().replace(/^IMO/u, '').replace(/[^A-Z0-9]/gu, '');
}

export function isPersonSchema(schema: string): boolean {
  return isA(schema, 'Person');
}

/** The two names of "OUTSIDE (INSIDE)", each with a letter; none when the name has no such part. */
export function parenthesised(name: string): string[] {
  const match = /^([^()]*\p{L}[^()]*)\(([^()]*\p{L}[^()]*)\)\s*$/u.exec(name.trim());
  if (!match) return [];
  const inside = match[2].replace(/^\s*(a\.?k\.?a\.?|f\.?k\.?a\.?|formerly|also known as)\s+/iu, '').trim();
  return [match[1].trim(), inside].filter((part) => part.length > 0);
}

export function toMatchEntity(entity: StoredEntity): MatchEntity {
  const person = isPersonSchema(entity.schema);
  const names: CandidateName[] = [];
  const seen = new Set<string>();
  // The list's own family-name field, where it has one, marks those words in every name.
  const lastNames = new Set(entity.statements.filter((s) => s.prop === 'lastName').flatMap((s) => analyzeName(s.value, true).tokens));
  for (const kind of NAME_KINDS) {
    for (const s of entity.statements) {
      if (s.prop !== kind || seen.has(s.value)) continue;
      seen.add(s.value);
      const name = analyzeName(s.value, person);
      if (lastNames.size > 0) name.family = name.tokens.map((t, k) => name.family[k] || lastNames.has(t));
      names.push({ ...name, kind });
      // "MZKT (MINSK WHEEL TRACTOR PLANT)", "Hurras AL-DIN (HaD)": both are names of the party.
      if (!person) {
        for (const part of parenthesised(s.value)) {
          if (seen.has(part)) continue;
          seen.add(part);
          names.push({ ...analyzeName(part, false), kind: kind === 'name' ? 'alias' : kind });
        }
      }
    }
  }
  const values = (props: string[]) => entity.statements.filter((s) => props.includes(s.prop)).map((s) => s.value);
  const birthDates = values(['birthDate']);
  const gender = values(['gender'])[0] ?? null;
  const kind = kindOf(entity.schema, names, birthDates.length > 0 || gender !== null);
  // A LegalEntity that is no organisation (the CSL types persons so) has a person's names: read
  // them as such, with family names and scripts.
  if (!person && kind !== 'organization') names.forEach((name, k) => (names[k] = { ...analyzeName(name.text, true), kind: name.kind, ...(name.via ? { via: name.via } : {}) }));
  return {
    id: entity.id,
    schema: entity.schema,
    dataset: entity.dataset,
    caption: entity.caption,
    versionId: entity.version.versionId,
    names,
    identifiers: new Set(values(IDENTIFIER_PROPS).map(normalizeIdentifier).filter((v) => v.length >= 4)),
    birthDates,
    countries: new Set(values(COUNTRY_PROPS)),
    gender,
    programs: [],
    authorities: [],
    republishedAs: [],
    kind,
    topics: values(['topics']),
    lastChange: entity.statements.reduce<string | null>((d, s) => (s.firstSeen && (!d || s.firstSeen.date > d) ? s.firstSeen.date : d), null),
  };
}
