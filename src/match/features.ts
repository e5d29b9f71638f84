// The scoring algorithm as a table of named features, after nomenklatura's logic_v2: each a
// small function of (query, candidate) that returns its effect on the score and a sentence
// saying why. `name` sets the base score; qualifiers move it when other facts agree or not.
import { compareNames, PairMemo, type NameComparison } from './compare.js';
import { isPersonSchema, normalizeIdentifier, type CandidateName, type MatchEntity } from './entity.js';
import { analyzeName, type AnalyzedName } from './names.js';
import { isA } from '../model/ftm.js';

export interface MatchQuery {
  schema: string;
  names: string[];
  birthDates?: string[];
  countries?: string[];
  identifiers?: string[];
  gender?: string | null;
}

export interface AnalyzedQuery extends MatchQuery {
  analyzed: AnalyzedName[];
  isPerson: boolean;
  /** For a query that does not say person or organisation (LegalEntity): the names read both ways. */
  asPerson: AnalyzedName[];
  asOrganization: AnalyzedName[];
  /** The word pairs this query has compared (see PairMemo). */
  memo: PairMemo;
}

export interface FeatureResult {
  feature: string;
  /** The score contribution: the base for `name`, a delta for the qualifiers. */
  value: number;
  detail: string;
}

/** Every tuning knob, declared once with its default and meaning (documented by /algorithms later). */
export const WEIGHTS = {
  weakAliasFactor: { value: 0.9, description: 'an inexact match on a weak alias counts this share (OFAC: weak aliases are broad, fuzzy hits on them are noise; an exact hit counts in full)' },
  previousNameFactor: { value: 0.95, description: 'a match on a former name counts this share' },
  identifierMatch: { value: 0.98, description: 'score when a strong identifier (registration, IMO, passport…) is the same' },
  birthDateMatch: { value: 0.05, description: 'raise when a birth date agrees to the day' },
  birthYearMismatch: { value: -0.2, description: 'lower when no birth year is the same (a person born in another year is another person, unless a list is wrong)' },
  birthDateMismatch: { value: -0.05, description: 'lower when the year agrees but the day does not' },
  countryMismatch: { value: -0.1, description: 'lower when both sides name countries and none is shared' },
  legalFormMismatch: { value: -0.35, description: 'lower when both organisation names carry legal forms of different kinds' },
  schemaMismatch: { value: -0.3, description: 'lower when a person is compared with an organisation or vessel' },
} as const;

export const DEFAULT_THRESHOLD = 0.7;
const AGREEING_NAMES_COUNTED = 2;

export type WeightName = keyof typeof WEIGHTS;
export type Weights = Record<WeightName, number>;

/** The weights of one request: the defaults with the caller's overrides (unknown names refused). */
export function weightsWith(overrides: Partial<Record<string, number>> = {}): Weights {
  const weights = Object.fromEntries(Object.entries(WEIGHTS).map(([k, w]) => [k, w.value])) as Weights;
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in WEIGHTS)) throw new Error(`unknown weight '${name}' (known: ${Object.keys(WEIGHTS).join(', ')})`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`weight '${name}' must be a number`);
    weights[name as WeightName] = value;
  }
  return weights;
}

export const DEFAULT_WEIGHTS = weightsWith();

export function analyzeQuery(query: MatchQuery): AnalyzedQuery {
  const isPerson = isPersonSchema(query.schema);
  const asPerson = query.names.map((n) => analyzeName(n, true));
  // "PAO" is a Russian legal form in a company name and a surname in a person's.
  const asOrganization = isPerson ? asPerson : query.names.map((n) => analyzeName(n, false));
  return { ...query, isPerson, analyzed: isPerson ? asPerson : asOrganization, asPerson, asOrganization, memo: new PairMemo() };
}

/** The query's names read the way the candidate's are: as a person's or an organisation's. */
function namesFor(query: AnalyzedQuery, candidate: MatchEntity): AnalyzedName[] {
  if (query.isPerson || isA(query.schema, 'Organization') || isA(query.schema, 'Vessel')) return query.analyzed;
  return isPersonSchema(candidate.schema) ? query.asPerson : query.asOrganization;
}

export interface NameFeature extends FeatureResult {
  comparison: NameComparison | null;
  matchedName: CandidateName | null;
  /** How many of the candidate's names match the query on their own (ties rank by it). */
  agreeing: number;
}

function describe(query: AnalyzedName, name: CandidateName, comparison: NameComparison, factor: number): string {
  const via = name.via ? ` (published by ${name.via})` : '';
  const kind = name.kind === 'weakAlias' ? (factor < 1 ? `weakAlias ×${factor}` : 'weakAlias (exact, counted in full)') : name.kind;
  if (comparison.acronym) return `'${query.text}' = acronym of ${kind} '${comparison.acronym}'${via}`;
  const pairs = comparison.pairs.map((p) => (p.how === 'same' ? `'${p.query}'` : `'${p.query}'~'${p.candidate}' (${p.how} ${p.similarity.toFixed(2)})`));
  const missing = comparison.unmatched.length ? `; unmatched: ${comparison.unmatched.map((t) => `'${t}'`).join(', ')}` : '';
  return `${kind} '${name.text}'${via}: ${pairs.join(', ') || 'no word in common'}${missing}`;
}

function nameFactor(name: CandidateName, comparison: NameComparison, weights: Weights): number {
  if (name.kind === 'previousName') return weights.previousNameFactor;
  if (name.kind !== 'weakAlias') return 1;
  const exact = comparison.score === 1 && !comparison.acronym && comparison.pairs.every((p) => p.how === 'same');
  return exact ? 1 : weights.weakAliasFactor;
}

export function nameFeature(query: AnalyzedQuery, candidate: MatchEntity, weights: Weights = DEFAULT_WEIGHTS): NameFeature {
  // A Person query reads a LegalEntity that is not an organisation (the CSL types persons so) as
  // a person's name; a LegalEntity query reads a listed person as one.
  const person = query.isPerson ? candidate.kind !== 'organization' : isPersonSchema(candidate.schema) && !isA(query.schema, 'Organization');
  let best: { value: number; query: AnalyzedName; name: CandidateName; comparison: NameComparison; factor: number } | null = null;
  const agreeing = new Set<CandidateName>();
  for (const q of namesFor(query, candidate)) {
    for (const name of candidate.names) {
      const comparison = compareNames(q, name, person, query.memo);
      const factor = nameFactor(name, comparison, weights);
      const value = comparison.score * factor;
      if (value >= DEFAULT_THRESHOLD) agreeing.add(name);
      if (value > (best?.value ?? 0)) best = { value, query: q, name, comparison, factor };
    }
  }
  if (!best) return { feature: 'name', value: 0, detail: 'no name in common', comparison: null, matchedName: null, agreeing: 0 };
  // The sentence is written for the winning pair only: most pairs compared are not it.
  return { feature: 'name', value: best.value, detail: describe(best.query, best.name, best.comparison, best.factor), comparison: best.comparison, matchedName: best.name, agreeing: agreeing.size };
}

function legalFormFeature(query: AnalyzedQuery, name: CandidateName | null, weights: Weights): FeatureResult | null {
  const queryForms = query.analyzed.flatMap((n) => n.forms);
  if (!name || queryForms.length === 0 || name.forms.length === 0) return null;
  for (const qf of queryForms) {
    for (const cf of name.forms) {
      if (qf.compare === cf.compare || (qf.generic && qf.generic === cf.generic)) {
        const written = qf.written && cf.written && qf.written !== cf.written ? ` (written '${qf.written}' and '${cf.written}')` : '';
        return { feature: 'legal_form', value: 0, detail: `'${qf.display}' legal form matched '${cf.display}'${written}` };
      }
    }
  }
  return { feature: 'legal_form', value: weights.legalFormMismatch, detail: `legal forms differ: ${queryForms.map((f) => f.display).join(', ')} vs ${name.forms.map((f) => f.display).join(', ')}` };
}

function identifierFeature(query: AnalyzedQuery, candidate: MatchEntity, weights: Weights): FeatureResult | null {
  for (const raw of query.identifiers ?? []) {
    const id = normalizeIdentifier(raw);
    if (id.length >= 4 && candidate.identifiers.has(id)) return { feature: 'identifier', value: weights.identifierMatch, detail: `identifier ${raw} matched` };
  }
  return null;
}

function birthDateFeature(query: AnalyzedQuery, candidate: MatchEntity, weights: Weights): FeatureResult | null {
  const dates = query.birthDates ?? [];
  if (dates.length === 0 || candidate.birthDates.length === 0) return null;
  for (const d of dates) {
    const exact = candidate.birthDates.find((c) => c === d || (d.length > c.length && d.startsWith(c)) || (c.length > d.length && c.startsWith(d)));
    if (exact) return { feature: 'birth_date', value: d.length >= 10 && exact.length >= 10 ? weights.birthDateMatch : 0, detail: `birth date ${d} = ${exact}` };
  }
  const years = new Set(candidate.birthDates.map((c) => c.slice(0, 4)));
  const sameYear = dates.find((d) => years.has(d.slice(0, 4)));
  if (sameYear) return { feature: 'birth_date', value: weights.birthDateMismatch, detail: `birth date ${sameYear} ≠ ${candidate.birthDates.join(', ')} (same year): ${weights.birthDateMismatch}` };
  return { feature: 'birth_date', value: weights.birthYearMismatch, detail: `birth year ${dates.map((d) => d.slice(0, 4)).join('/')} ≠ ${[...years].join('/')}: ${weights.birthYearMismatch}` };
}

function countryFeature(query: AnalyzedQuery, candidate: MatchEntity, weights: Weights): FeatureResult | null {
  const countries = (query.countries ?? []).map((c) => c.toLowerCase());
  if (countries.length === 0 || candidate.countries.size === 0) return null;
  const shared = countries.find((c) => candidate.countries.has(c));
  if (shared) return { feature: 'country', value: 0, detail: `country ${shared} matched` };
  return { feature: 'country', value: weights.countryMismatch, detail: `country ${countries.join('/')} ≠ ${[...candidate.countries].join('/')}: ${weights.countryMismatch}` };
}

/**
 * A person is never the same party as an organisation, vessel or aircraft: a Person query does
 * not meet an entity that is (or whose names show it is) one, and an Organization, Company or
 * Vessel query does not meet a person. LegalEntity queries meet both. Returns the reason, or null.
 */
export function schemaGate(query: AnalyzedQuery, candidate: MatchEntity): string | null {
  if (query.isPerson && candidate.kind === 'organization') {
    const why = isA(candidate.schema, 'LegalEntity') && !isA(candidate.schema, 'Organization') && !isPersonSchema(candidate.schema) ? ` (a ${candidate.schema} whose names are an organisation's)` : '';
    return `a Person query is never matched to a ${candidate.schema}${why}`;
  }
  if (!query.isPerson && query.schema !== 'LegalEntity' && candidate.kind === 'person') return `a ${query.schema} query is never matched to a person`;
  return null;
}

function schemaFeature(query: AnalyzedQuery, candidate: MatchEntity, weights: Weights): FeatureResult | null {
  const compatible = isA(candidate.schema, query.schema) || isA(query.schema, candidate.schema);
  if (compatible) return null;
  return { feature: 'schema', value: weights.schemaMismatch, detail: `a ${query.schema} query against a ${candidate.schema}: ${weights.schemaMismatch}` };
}

export interface Scored {
  score: number;
  features: FeatureResult[];
  matchedName: string | null;
  /**
   * Evidence beyond the score, for ordering equal scores: names of the candidate that match on
   * their own, plus one for an identifier, a birth date and a country that agree.
   */
  support: number;
}

/** Score one candidate: the name base, then identifier, legal form, birth date, country, schema. */
export function scoreCandidate(query: AnalyzedQuery, candidate: MatchEntity, weights: Weights = DEFAULT_WEIGHTS): Scored {
  const gate = schemaGate(query, candidate);
  if (gate) return { score: 0, features: [{ feature: 'schema', value: 0, detail: gate }], matchedName: null, support: 0 };
  const name = nameFeature(query, candidate, weights);
  const features: FeatureResult[] = [{ feature: name.feature, value: name.value, detail: name.detail }];
  let score = name.value;
  // A second name that agrees is evidence; a list that spells one name four ways is not more.
  let support = Math.min(name.agreeing, AGREEING_NAMES_COUNTED);
  const identifier = identifierFeature(query, candidate, weights);
  if (identifier) {
    features.push(identifier);
    score = Math.max(score, identifier.value);
    support++;
  }
  for (const qualifier of [legalFormFeature(query, name.matchedName, weights), birthDateFeature(query, candidate, weights), countryFeature(query, candidate, weights), schemaFeature(query, candidate, weights)]) {
    if (!qualifier) continue;
    features.push(qualifier);
    score += qualifier.value;
    if (qualifier.value >= 0 && (qualifier.feature === 'birth_date' || qualifier.feature === 'country')) support++;
  }
  return { score: Math.max(0, Math.min(1, score)), features, matchedName: name.matchedName?.text ?? null, support };
}
