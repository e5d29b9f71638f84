// What the matcher knows of a listed entity: its names analysed once, and the properties the
// scoring features compare (identifiers, birth dates, countries, gender), from the store.
import { isA } from '../model/ftm.js';
import type { StoredEntity } from '../store/types.js';
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

export function toMatchEntity(entity: StoredEntity): MatchEntity {
  const person = isPersonSchema(entity.schema);
  const names: CandidateName[] = [];
  const seen = new Set<string>();
  for (const kind of NAME_KINDS) {
    for (const s of entity.statements) {
      if (s.prop !== kind || seen.has(s.value)) continue;
      seen.add(s.value);
      names.push({ ...analyzeName(s.value, person), kind });
    }
  }
  const values = (props: string[]) => entity.statements.filter((s) => props.includes(s.prop)).map((s) => s.value);
  return {
    id: entity.id,
    schema: entity.schema,
    dataset: entity.dataset,
    caption: entity.caption,
    versionId: entity.version.versionId,
    names,
    identifiers: new Set(values(IDENTIFIER_PROPS).map(normalizeIdentifier).filter((v) => v.length >= 4)),
    birthDates: values(['birthDate']),
    countries: new Set(values(COUNTRY_PROPS)),
    gender: values(['gender'])[0] ?? null,
    programs: [],
    authorities: [],
    republishedAs: [],
  };
}
