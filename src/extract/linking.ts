// Linking a party of a news article to a listed entity, with screening's discipline: a screening
// hit is a candidate, not a link. A hit becomes a link only when the party's type can be the
// listed entity's schema, the words of the party's name are all in the listed name, and one-word
// names and acronyms meet stricter rules, because an article names many parties that are not on
// any list ("Group" of "Group of Seven", "John", a minister whose surname sounds like a place).
// Every link keeps its score and says in words why it was made.
import { analyzeQuery, nameFeature, type NameFeature } from '../match/features.js';
import type { MatchEntity } from '../match/entity.js';
import type { MatchIndex, MatchResult } from '../match/index.js';
import { analyzeName, type AnalyzedName } from '../match/names.js';
import { isA } from '../model/ftm.js';
import type { Screener } from '../screen/screen.js';
import { listPrecedence } from '../sources/registry.js';
import { isGivenName } from '../text/name-equivalence.js';
import { legalForms } from '../text/orgtypes.js';
import type { StoreLink } from './entities.js';

export type MentionType = 'Person' | 'Organization' | 'Vessel' | 'Other';

export interface PartyToLink {
  type: MentionType;
  /** Every name the article uses for the party ("Minsk Wheel Tractor Plant", "MZKT"). */
  names: string[];
  /** ISO-2 codes the article ties the party to ("the Chinese company …" → CN), if any. */
  countries?: string[];
}

/** One hit weighed for one name of the party: the link it makes, or why it makes none. */
export interface LinkVerdict {
  name: string;
  entityId: string;
  caption: string;
  schema: string;
  /** The screening score (for an accepted hit, after the country adjustment). */
  score: number;
  link: StoreLink | null;
  /** Why the hit was refused (null when it was accepted). */
  refused: string | null;
}

export interface LinkJudgement {
  link: StoreLink | null;
  verdicts: LinkVerdict[];
}

/** A multi-word name of a Person, Organization or Vessel links from this score. */
export const LINK_BAR = 0.85;
/** A party of unknown type ('Other') needs a stronger score. */
export const OTHER_LINK_BAR = 0.9;
/** A one-word name or acronym held by more entities of one list than this is not rare. */
export const RARE_HOLDERS = 3;
/** Country the article gives agrees with the listed entity's: a small raise. */
export const COUNTRY_AGREES = 0.03;
/** Both name countries and none is shared: a lowering (as screening's countryMismatch). */
export const COUNTRY_CONFLICTS = -0.1;
/** A one-word or acronym link is refused when the party's full name scores below this against the hit. */
const FULL_NAME_CONTRADICTS = 0.5;
const HITS_PER_NAME = 10;
const CANDIDATES = 40;

// Words a mention may carry that the listed name lacks without naming another party: legal-form
// words, the matcher's own low-weight organisation words, and function words.
const ALLOWED_UNMATCHED = new Set([
  'company', 'companies', 'co', 'corporation', 'corp', 'group', 'holding', 'holdings', 'bank', 'trust', 'foundation', 'industries',
  'international', 'enterprise', 'enterprises', 'services', 'trading', 'systems', 'management', 'association', 'society', 'plant',
  'factory', 'the', 'of', 'and', 'for', 'de', 'del', 'la', 'le', 'des', 'du', 'el', 'al', 'in', 'on', 'at',
]);
// Words that do not tell one party from another on their own: a name made only of these and at
// most one other word is held to the one-word rule ("Group", "Bank Group", "Defense Ministry Group").
const NON_DISTINCTIVE = new Set([
  ...ALLOWED_UNMATCHED,
  'government', 'ministry', 'agency', 'committee', 'council', 'department', 'office', 'service', 'commission', 'authority', 'bureau',
  'army', 'police', 'party', 'alliance', 'union', 'fund', 'institute', 'center', 'centre', 'organization', 'organisation', 'movement',
  'network', 'national', 'state', 'federal', 'republic', 'global', 'general', 'limited', 'ltd', 'inc', 'llc', 'plc', 'sa', 'ag', 'gmbh',
]);


const formWords = new Map<string, boolean>();
function isFormWord(token: string): boolean {
  let form = formWords.get(token);
  if (form === undefined) {
    form = legalForms().split(['x', token]).forms.length > 0;
    if (formWords.size < 10_000) formWords.set(token, form);
  }
  return form;
}

function allowedUnmatched(token: string): boolean {
  return ALLOWED_UNMATCHED.has(token) || isFormWord(token);
}

// What an exact one-word match may differ by: legal forms and the words that go with them
// ("QuantumCTek Co." = "QuantumCTek Co., Ltd.", "Stankogomel" = "OPEN JOINT STOCK COMPANY STANKOGOMEL").
const FORM_LIKE = new Set(['company', 'companies', 'co', 'corp', 'corporation', 'limited', 'ltd', 'inc', 'llc', 'plc', 'the', 'of', 'and']);
function withoutForms(tokens: string[]): string {
  return tokens.filter((t) => !FORM_LIKE.has(t) && !isFormWord(t)).join(' ');
}

/**
 * Whether a party of this type can be an entity of this schema, in the FtM hierarchy: a person
 * is never an organisation, company or vessel, an organisation or vessel never a person. The
 * generic LegalEntity (lists that do not say which) may be a person or an organisation.
 * A party of unknown type ('Other', a name found by shape only) may link only to a legal entity
 * that is not a person, and only by a name of at least two words with a strong score (the
 * one-word and score rules below): a bare capitalised word in an article is too often a first
 * name, a place or a common noun for it to name a listed person.
 */
export function compatibleSchema(type: MentionType, schema: string): boolean {
  const person = isA(schema, 'Person');
  switch (type) {
    case 'Person':
      return person || schema === 'LegalEntity';
    case 'Organization':
      return isA(schema, 'Organization') || schema === 'LegalEntity';
    case 'Vessel':
      return isA(schema, 'Vessel');
    case 'Other':
      return isA(schema, 'LegalEntity') && !person;
  }
}


function querySchema(type: MentionType): string {
  return type === 'Other' ? 'LegalEntity' : type;
}

/** Written as an acronym: capitals (and digits), no spaces, at least two letters ("MZKT", "NIIEVM"). */
export function isAcronymMention(text: string): boolean {
  return /^[\p{Lu}\p{N}]{2,}$/u.test(text) && (text.match(/\p{Lu}/gu)?.length ?? 0) >= 2;
}

interface NameShape {
  text: string;
  /** Words as written. */
  words: number;
  analyzed: AnalyzedName;
  /** The name's words that tell parties apart (no legal forms, no generic or function words). */
  core: string[];
  acronym: boolean;
}

function shapeOf(text: string, type: MentionType): NameShape {
  const analyzed = analyzeName(text, type === 'Person');
  const core = analyzed.tokens.filter((t) => !NON_DISTINCTIVE.has(t) && !isFormWord(t));
  return { text, words: text.trim().split(/\s+/u).length, analyzed, core, acronym: isAcronymMention(text.trim()) };
}

// Who holds which short name, per list: a one-word name or acronym is evidence only when few
// entities of a list hold it. Counted per list because one party is listed by several (MZKT is
// on the OFAC, EU, UK and Canadian lists, and the CSL republishes the OFAC record); names lent by
// a republication count for the entity they were lent to, in its own list.
interface Holders {
  size: number;
  names: Map<string, MatchEntity[]>;
  acronyms: Map<string, MatchEntity[]>;
}
const holdersByIndex = new WeakMap<MatchIndex, Holders>();

function holdersOf(index: MatchIndex): Holders {
  let holders = holdersByIndex.get(index);
  if (holders && holders.size === index.entities.length) return holders;
  holders = { size: index.entities.length, names: new Map(), acronyms: new Map() };
  const add = (map: Map<string, MatchEntity[]>, key: string, entity: MatchEntity) => {
    const list = map.get(key);
    if (!list) map.set(key, [entity]);
    else if (list[list.length - 1] !== entity) list.push(entity);
  };
  for (const entity of index.entities) {
    for (const name of entity.names) {
      if (name.tokens.length > 0 && name.tokens.length <= 3) add(holders.names, name.tokens.join(' '), entity);
      if (name.acronym) add(holders.acronyms, name.acronym, entity);
    }
  }
  holdersByIndex.set(index, holders);
  return holders;
}

/** How many entities of one list hold the key, in any of the maps (each entity once). */
function heldInList(maps: Map<string, MatchEntity[]>[], key: string, dataset: string): number {
  return new Set(maps.flatMap((map) => (map.get(key) ?? []).filter((e) => e.dataset === dataset))).size;
}

function countryAdjustment(countries: string[], entity: MatchEntity): { value: number; detail: string | null } {
  const wanted = countries.map((c) => c.toLowerCase());
  if (wanted.length === 0 || entity.countries.size === 0) return { value: 0, detail: null };
  const listed = [...entity.countries].map((c) => c.toLowerCase());
  const shared = wanted.find((c) => listed.includes(c));
  if (shared) return { value: COUNTRY_AGREES, detail: `country ${shared.toUpperCase()} agrees: +${COUNTRY_AGREES}` };
  return { value: COUNTRY_CONFLICTS, detail: `country ${wanted.join('/').toUpperCase()} ≠ listed ${listed.join('/').toUpperCase()}: ${COUNTRY_CONFLICTS}` };
}

/** The query's words the listed name left without a partner (the matcher lists both sides together). */
function unmatchedOfQuery(tokens: string[], feature: NameFeature): string[] {
  const comparison = feature.comparison!;
  const partnered = new Map<string, number>();
  for (const pair of comparison.pairs) for (const t of pair.query.split(' ')) partnered.set(t, (partnered.get(t) ?? 0) + 1);
  const left: string[] = [];
  for (const t of tokens) {
    const n = partnered.get(t) ?? 0;
    if (n > 0) partnered.set(t, n - 1);
    else left.push(t);
  }
  return left;
}

const fixed = (n: number) => n.toFixed(2);
/** "one-word name 'MZKT'", "name 'Unchon Trading Corporation' (one distinctive word, 'unchon')". */
const oneWord = (shape: NameShape) => (shape.words === 1 ? `one-word name '${shape.text}'` : `name '${shape.text}' (one distinctive word, '${shape.core[0]}')`);

interface Context {
  party: PartyToLink;
  shapes: NameShape[];
  holders: Holders;
}

/** The query's distinctive words the hit's best name lacks (legal forms and generic words aside). */
function missingWords(type: MentionType, shape: NameShape, entity: MatchEntity, feature: NameFeature): string[] {
  const comparison = feature.comparison!;
  // Written together or apart ("SergeiLavrov"): the matcher compared the names as one string.
  if (comparison.pairs.length === 1 && comparison.pairs[0].query.includes(' ')) return [];
  const person = type === 'Person' && isA(entity.schema, 'Person');
  return unmatchedOfQuery(analyzeName(shape.text, person).tokens, feature).filter((t) => !allowedUnmatched(t));
}

/**
 * The party's longer names against the hit of one of its one-word names: an exact one-word
 * name is refused when the full name scores low against the hit ("Bluenoroff" of "Andariel and
 * Bluenoroff" is fine, "NDC" of "National Development Complex" is not National Defense
 * Commission); an acronym, which fits many names, needs a full name with every word in the hit.
 */
function contradiction(ctx: Context, entity: MatchEntity, acronym: boolean): string | null {
  const full = ctx.shapes.filter((s) => s.core.length >= 2);
  if (full.length === 0) return acronym ? `an acronym of a listed name is no link without the party's full name in the article` : null;
  let best: { shape: NameShape; value: number; missing: string[] } | null = null;
  for (const shape of full) {
    const feature = nameFeature(analyzeQuery({ schema: querySchema(ctx.party.type), names: [shape.text] }), entity);
    const missing = feature.comparison ? missingWords(ctx.party.type, shape, entity, feature) : shape.core;
    if (!best || missing.length < best.missing.length || (missing.length === best.missing.length && feature.value > best.value)) best = { shape, value: feature.value, missing };
  }
  if (acronym && best!.missing.length > 0) return `the party's full name '${best!.shape.text}' has ${best!.missing.map((t) => `'${t}'`).join(', ')}, not in ${entity.caption}: another party`;
  if (best!.value >= FULL_NAME_CONTRADICTS) return null;
  return `the party's full name '${best!.shape.text}' scores ${fixed(best!.value)} against ${entity.caption}: another party`;
}

/** Names refused before any screening call: generic words only, one word of unknown type, a given name alone. */
function refusedUpFront(shape: NameShape, type: MentionType): string | null {
  if (shape.analyzed.tokens.length === 0) return 'no name words';
  if (shape.core.length === 0) return `'${shape.text}' is only generic words (${shape.analyzed.tokens.join(', ')})`;
  if (type === 'Other' && shape.words < 2) return `'${shape.text}': a one-word name of unknown type never links`;
  if (shape.core.length === 1 && shape.analyzed.tokens.length === 1) {
    const word = shape.core[0];
    // "John", "Ismael": a given name names thousands; an acronym written in capitals is not one.
    if (isGivenName(word) && (type === 'Person' || !shape.acronym)) return `'${shape.text}' is a given name: one word never links on it`;
  }
  return null;
}

function judge(ctx: Context, shape: NameShape, hit: MatchResult): { refused: string } | { score: number; reason: string; multiWord: boolean } {
  const { party, holders } = ctx;
  const entity = hit.entity;
  if (!compatibleSchema(party.type, entity.schema)) return { refused: `a ${party.type} mention cannot be a listed ${entity.schema}` };
  // The matcher's reading of what a LegalEntity is (legal forms, organisation words: match/entity.ts).
  if (party.type === 'Person' && entity.schema === 'LegalEntity' && entity.kind === 'organization') return { refused: `a Person mention cannot be ${entity.caption}, a LegalEntity named as an organisation` };
  const query = analyzeQuery({ schema: querySchema(party.type), names: [shape.text] });
  const feature = nameFeature(query, entity);
  const comparison = feature.comparison;
  if (!comparison || !feature.matchedName) return { refused: 'no name in common' };
  const country = countryAdjustment(party.countries ?? [], entity);
  const score = Math.max(0, Math.min(1, hit.score + country.value));
  const bar = party.type === 'Other' ? OTHER_LINK_BAR : LINK_BAR;
  const countryNote = country.detail ? `; ${country.detail}` : '';
  if (score < bar) return { refused: `score ${fixed(score)} below ${bar}${countryNote}` };
  const listed = feature.matchedName;
  const inList = entity.dataset;

  // The acronym feature ("NDC" = acronym of National Defense Commission) counts only for an
  // organisation mention written as an acronym, held by few entities of the list, and not
  // contradicted by the party's full name in the article.
  if (comparison.acronym) {
    if (party.type !== 'Organization') return { refused: `acronym match, but a ${party.type} mention never links through an acronym` };
    if (shape.words > 1 || !shape.acronym) return { refused: `acronym match, but '${shape.text}' is not written as an acronym` };
    const held = heldInList([holders.acronyms, holders.names], shape.analyzed.tokens[0], inList);
    if (held > RARE_HOLDERS) return { refused: `acronym '${shape.text}' is held by ${held} entities of ${inList}` };
    const against = contradiction(ctx, entity, true);
    if (against) return { refused: against };
    return { score, multiWord: false, reason: `acronym '${shape.text}' of the organisation's listed name '${comparison.acronym}', held by ${held} ${held === 1 ? 'entity' : 'entities'} of ${inList} (score ${fixed(score)})${countryNote}` };
  }

  // One distinctive word: only an exact listed name (after case and diacritics folding, legal
  // forms aside: "MZKT" = "OJSC MZKT"), of the same type, that few entities of the list hold.
  if (shape.core.length <= 1) {
    const exact = comparison.pairs.length > 0 && comparison.pairs.every((p) => p.how === 'same') && withoutForms(shape.analyzed.tokens) === withoutForms(listed.tokens);
    if (!exact) return { refused: `${oneWord(shape)} is not exactly the listed name '${listed.text}' (${feature.detail})` };
    const key = listed.tokens.join(' ');
    const held = heldInList([holders.names], key, inList);
    if (held > RARE_HOLDERS) return { refused: `${oneWord(shape)} is held by ${held} entities of ${inList}: not rare` };
    const against = contradiction(ctx, entity, false);
    if (against) return { refused: against };
    return { score, multiWord: false, reason: `${oneWord(shape)} is exactly the listed ${listed.kind} '${listed.text}', held by ${held} ${held === 1 ? 'entity' : 'entities'} of ${inList} (score ${fixed(score)})${countryNote}` };
  }

  // Several words: every distinctive word of the mention must be in the listed name
  // ("National Development Complex" is not "National Defense Commission"), and the score ≥ the bar.
  const missing = missingWords(party.type, shape, entity, feature);
  if (missing.length > 0) return { refused: `${missing.map((t) => `'${t}'`).join(', ')} of '${shape.text}' not in the listed name '${listed.text}'` };
  return { score, multiWord: true, reason: `every word of '${shape.text}' is in the listed ${listed.kind} '${listed.text}' (score ${fixed(score)} ≥ ${bar})${countryNote}; ${feature.detail}` };
}

const PRECEDENCE = listPrecedence();
const rank = (dataset: string) => (PRECEDENCE.includes(dataset) ? PRECEDENCE.indexOf(dataset) : PRECEDENCE.length);

// The same names recur across articles (MZKT, Lukashenka, OFAC's targets): the hits of a name
// are kept per screener (a rebuilt index is a new screener), up to a bound, so a feed of
// articles screens each name once. The bound keeps memory flat on a stream of unique names.
const HIT_CACHE_SIZE = 50_000;
const hitCache = new WeakMap<Screener, Map<string, ReturnType<Screener['screen']>['results']>>();

function hitsFor(screener: Screener, schema: string, name: string): ReturnType<Screener['screen']>['results'] {
  let cache = hitCache.get(screener);
  if (!cache) hitCache.set(screener, (cache = new Map()));
  const key = `${schema}\u0000${name}`;
  const had = cache.get(key);
  if (had) return had;
  const hits = screener.screen({ schema, names: [name] }, { limit: HITS_PER_NAME, candidates: CANDIDATES }).results;
  if (cache.size >= HIT_CACHE_SIZE) cache.clear();
  cache.set(key, hits);
  return hits;
}

/** Forget the hits kept for a screener (benchmarks measure a cold start with it). */
export function clearLinkCache(screener: Screener): void {
  hitCache.delete(screener);
}

/** Every hit weighed for every name of the party, and the link (the best accepted hit) or null. */
export function judgeLink(screener: Screener, party: PartyToLink): LinkJudgement {
  const names = [...new Set(party.names.map((n) => n.trim()).filter((n) => n.length >= 3))];
  const shapes = names.map((n) => shapeOf(n, party.type));
  const ctx: Context = { party, shapes, holders: holdersOf(screener.index) };
  const verdicts: LinkVerdict[] = [];
  const accepted: { link: StoreLink; multiWord: boolean }[] = [];
  for (const shape of shapes) {
    const upFront = refusedUpFront(shape, party.type);
    if (upFront) {
      verdicts.push({ name: shape.text, entityId: '', caption: '', schema: '', score: 0, link: null, refused: upFront });
      continue;
    }
    const hits = hitsFor(screener, querySchema(party.type), shape.text);
    for (const hit of hits) {
      // Below the bar even with a country raise: nothing to weigh.
      if (hit.score + COUNTRY_AGREES < LINK_BAR) break;
      const verdict = judge(ctx, shape, hit);
      const base = { name: shape.text, entityId: hit.entity.id, caption: hit.entity.caption, schema: hit.entity.schema };
      if ('refused' in verdict) {
        verdicts.push({ ...base, score: hit.score, link: null, refused: verdict.refused });
        continue;
      }
      const link: StoreLink = { entityId: hit.entity.id, caption: hit.entity.caption, dataset: hit.entity.dataset, score: verdict.score, reason: verdict.reason };
      verdicts.push({ ...base, score: verdict.score, link, refused: null });
      accepted.push({ link, multiWord: verdict.multiWord });
    }
  }
  // The strongest link; at equal scores a several-word name over a one-word one, then list precedence.
  accepted.sort((a, b) => b.link.score - a.link.score || Number(b.multiWord) - Number(a.multiWord) || rank(a.link.dataset) - rank(b.link.dataset) || (a.link.entityId < b.link.entityId ? -1 : 1));
  return { link: accepted[0]?.link ?? null, verdicts };
}

/** The listed entity a party of an article is, or null when no hit meets the rules above. */
export function linkParty(screener: Screener, type: MentionType, names: string[], countries: string[] = []): StoreLink | null {
  return judgeLink(screener, { type, names, countries }).link;
}
