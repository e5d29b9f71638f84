// The in-memory candidate index over every name of every screenable entity in the latest list
// versions. Cheap blocking keys (whole words, sound keys, word prefixes, acronyms) bring a query
// to a few hundred candidates; only those are scored.
import { isA, isMatchable } from '../model/ftm.js';
import { listPrecedence } from '../sources/registry.js';
import type { Store } from '../store/types.js';
import { toMatchEntity, type MatchEntity } from './entity.js';
import { analyzeQuery, DEFAULT_THRESHOLD, schemaGate, scoreCandidate, weightsWith, type AnalyzedQuery, type FeatureResult, type MatchQuery } from './features.js';
import { BudgetExceeded, withinLimits } from './limits.js';
import { lendRepublishedNames } from './republication.js';

// Entities keyed between two turns of the event loop while an index is built (a few ms of work).
const YIELD_EVERY = 2_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface MatchResult {
  entity: MatchEntity;
  score: number;
  match: boolean;
  matchedName: string | null;
  features: FeatureResult[];
  /** Evidence beyond the score that orders equal scores (see Scored.support). */
  support: number;
  /** When the entity is one source of a resolved party: the party's id and its other sources. */
  canonicalId?: string;
  referents?: string[];
}

export interface SearchOptions {
  threshold?: number;
  limit?: number;
  /** Only entities of these lists. */
  datasets?: string[];
  /** Only entities listed by these authorities ("EU", "US Treasury (OFAC)"…; case-insensitive). */
  authorities?: string[];
  /** Only entities of these schemata or their descendants ("Organization" includes Company). */
  schemata?: string[];
  /** Not entities of exactly these schemata (yente's exclude_schema: descendants are kept). */
  excludeSchemata?: string[];
  /** Only entities with one of these topics (yente's topics filter). */
  topics?: string[];
  /** Only entities changed after this time, 'YYYY-MM-DDTHH:MM:SS' (yente's changed_since; see MatchEntity.lastChange). */
  changedSince?: string;
  /** Not these entities (yente's exclude_entity_ids; the caller names every source of a party). */
  excludeIds?: string[];
  /** Overrides of the feature weights for this request (names as in WEIGHTS). */
  weights?: Partial<Record<string, number>>;
  /** Lists in the order that breaks ties between equal scores (default: listPrecedence()). */
  precedence?: string[];
  /** Most candidates scored per query. */
  candidates?: number;
  /** Date.now() past which matching stops with BudgetExceeded (the request's time budget; epoch time so that it means the same on a matcher thread). */
  deadline?: { at: number; budgetMs: number };
}

// A key shared by more entities than this says little ("company", "al"): it is skipped.
const COMMON_KEY_LIMIT = 2000;
const PREFIX_LENGTH = 4;
const CANDIDATE_VOTE_FLOOR = 0.35;

// Typo keys: words of this length or more (and one shorter, for codes like "EP-MNP" whose
// parts are three letters), at most this many words per key and per query word.
const SLIP_MIN_LENGTH = 4;
const DELETION_KEY_LIMIT = 64;
const SLIP_LIMIT = 64;
const JOINED_PART_MIN = 2;

/** The word with each one letter left out, once each ("hamzi" → amzi, hmzi, hazi, hami, hamz). */
function deletionKeys(word: string): string[] {
  if (word.length < SLIP_MIN_LENGTH - 1 || word.length > 24) return [];
  const keys = new Set<string>();
  for (let k = 0; k < word.length; k++) keys.add(word.slice(0, k) + word.slice(k + 1));
  return [...keys];
}

/** The entities under one blocking key, in entity order (arrays while built, typed arrays when read from a file). */
export type Postings = number[] | Int32Array;

function push(map: Map<string, Postings>, key: string, index: number): void {
  if (!key) return;
  const list = map.get(key) as number[] | undefined;
  if (!list) map.set(key, [index]);
  else if (list[list.length - 1] !== index) list.push(index);
}

/** What an index is made of, for writing it to a file and reading it back (index-file.ts). */
export interface IndexParts {
  entities: MatchEntity[];
  versions: Map<string, number>;
  keys: Record<BlockingKey, Map<string, Postings>>;
  deletions: Map<string, string | string[]>;
}
export const BLOCKING_KEYS = ['words', 'sounds', 'prefixes', 'acronyms', 'joined'] as const;
export type BlockingKey = (typeof BLOCKING_KEYS)[number];

export class MatchIndex {
  readonly entities: MatchEntity[] = [];
  /** The list versions the index was built from: every result names the version it ran against. */
  readonly versions = new Map<string, number>();
  private words = new Map<string, Postings>();
  private sounds = new Map<string, Postings>();
  private prefixes = new Map<string, Postings>();
  private acronyms = new Map<string, Postings>();
  private joined = new Map<string, Postings>();
  /** One-letter deletions of every listed word → the words ("hamzi" under "hmzi", "amzi"…). */
  private deletions = new Map<string, string | string[]>();

  /** The index's parts, to be written to a file (index-file.ts). */
  parts(): IndexParts {
    const { words, sounds, prefixes, acronyms, joined } = this;
    return { entities: this.entities, versions: this.versions, keys: { words, sounds, prefixes, acronyms, joined }, deletions: this.deletions };
  }

  /** An index from parts read back from a file. */
  static fromParts(parts: IndexParts): MatchIndex {
    const index = new MatchIndex();
    for (const entity of parts.entities) index.entities.push(entity);
    for (const [name, id] of parts.versions) index.versions.set(name, id);
    ({ words: index.words, sounds: index.sounds, prefixes: index.prefixes, acronyms: index.acronyms, joined: index.joined } = parts.keys);
    index.deletions = parts.deletions;
    return index;
  }

  /**
   * The index over the latest version of every list (or of `datasets`). It lets the event loop
   * run between lists and every few thousand entities, so a server rebuilding its index live
   * (POST /updatez, a new list version) keeps answering meanwhile.
   */
  static async build(store: Store, datasets?: string[]): Promise<MatchIndex> {
    const index = new MatchIndex();
    for (const summary of await store.listDatasets()) {
      if (datasets && !datasets.includes(summary.name)) continue;
      index.versions.set(summary.name, summary.latest.id);
      const listings = new Map<string, { programs: string[]; authorities: string[] }>();
      const added: MatchEntity[] = [];
      for await (const entity of store.iterateEntities({ versionId: summary.latest.id })) {
        if (isMatchable(entity.schema)) added.push(toMatchEntity(entity));
        else if (entity.schema === 'Sanction') {
          const subject = entity.statements.find((s) => s.prop === 'entity')?.value;
          if (!subject) continue;
          const listing = listings.get(subject) ?? { programs: [], authorities: [] };
          for (const s of entity.statements) {
            if (s.prop === 'program') listing.programs.push(s.value);
            else if (s.prop === 'authority') listing.authorities.push(s.value);
          }
          listings.set(subject, listing);
        }
      }
      for (const entity of added) {
        entity.programs = [...new Set(listings.get(entity.id)?.programs ?? [])];
        entity.authorities = [...new Set(listings.get(entity.id)?.authorities ?? [])];
      }
      index.entities.push(...added);
      // Between lists (no statement open on the store's connection): let the server answer.
      await yieldToEventLoop();
    }
    lendRepublishedNames(index.entities);
    for (const [i, entity] of index.entities.entries()) {
      index.addKeys(entity, i);
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
    }
    return index;
  }

  /** Add one entity to the index (synthetic stores, tests); build() adds whole lists at once. */
  add(entity: MatchEntity): MatchEntity {
    this.entities.push(entity);
    this.addKeys(entity, this.entities.length - 1);
    return entity;
  }

  private addKeys(entity: MatchEntity, i: number): void {
    for (const name of entity.names) {
      name.tokens.forEach((token, k) => {
        if (!this.words.has(token)) this.addDeletions(token);
        push(this.words, token, i);
        push(this.sounds, name.phonetic[k], i);
        if (token.length >= PREFIX_LENGTH) push(this.prefixes, token.slice(0, PREFIX_LENGTH), i);
      });
      // The name's words written together ("IranAir", "KalaNaft"), for queries that drop a space.
      if (name.tokens.length >= 2 && name.tokens.length <= 4) push(this.joined, name.tokens.join(''), i);
      if (name.acronym) push(this.acronyms, name.acronym, i);
      // A one-word name may be an acronym itself ("MZKT"): let longer queries find it too.
      if (name.tokens.length === 1) push(this.acronyms, name.tokens[0], i);
    }
  }

  private addDeletions(word: string): void {
    for (const key of deletionKeys(word)) {
      const held = this.deletions.get(key);
      if (held === undefined) this.deletions.set(key, word);
      else if (typeof held === 'string') this.deletions.set(key, [held, word]);
      else if (held.length < DELETION_KEY_LIMIT) held.push(word);
    }
  }

  /**
   * Listed words one typing slip from the query word (a letter dropped, added, changed or two
   * swapped): they share a one-letter deletion, or one is a deletion of the other. A typo in the
   * one rare word of a name ("AL-HMAZI") would otherwise leave only its common words to block on.
   */
  private slipsOf(word: string): string[] {
    const found = new Set<string>();
    const take = (held: string | string[] | undefined) => {
      if (held === undefined) return;
      for (const w of typeof held === 'string' ? [held] : held) if (w !== word && found.size < SLIP_LIMIT) found.add(w);
    };
    take(this.deletions.get(word));
    for (const key of deletionKeys(word)) {
      if (this.words.has(key)) take(key);
      take(this.deletions.get(key));
    }
    return [...found];
  }

  /** Ways to cut a word into two listed words, each of some length. */
  private splitsOf(word: string): [string, string][] {
    const splits: [string, string][] = [];
    for (let k = JOINED_PART_MIN; k <= word.length - JOINED_PART_MIN; k++) {
      const left = word.slice(0, k);
      const right = word.slice(k);
      if (this.words.has(left) && this.words.has(right)) splits.push([left, right]);
    }
    return splits;
  }

  // Votes per entity while one query's candidates are gathered, and which entities have any:
  // typed arrays over all entities, reset after each query (a Map per query was most of the
  // candidate step's time).
  private votes = new Float64Array(0);
  private voted = new Uint8Array(0);

  /** Entities sharing blocking keys with the query, most shared first. */
  candidates(analyzed: AnalyzedQuery, limit = 150, wanted?: (entity: MatchEntity) => boolean): number[] {
    const total = Math.max(2, this.entities.length);
    if (this.votes.length < this.entities.length) {
      this.votes = new Float64Array(this.entities.length);
      this.voted = new Uint8Array(this.entities.length);
    }
    const votes = this.votes;
    const voted = this.voted;
    // In the order entities first got a vote: equal votes keep that order, as they always have.
    const touched: number[] = [];
    // A rare key ("lukashenk…") says more than a common one ("alexander"): weigh by rarity.
    const vote = (map: Map<string, Postings>, key: string, weight: number) => {
      const list = map.get(key);
      if (!list || list.length > COMMON_KEY_LIMIT) return;
      const share = weight * Math.log(total / list.length);
      for (const i of list) {
        if (!voted[i]) {
          voted[i] = 1;
          touched.push(i);
        }
        votes[i] += share;
      }
    };
    try {
      for (const name of analyzed.analyzed) {
        name.tokens.forEach((token, k) => {
          vote(this.words, token, 3);
          vote(this.sounds, name.phonetic[k], 2);
          if (token.length >= PREFIX_LENGTH) vote(this.prefixes, token.slice(0, PREFIX_LENGTH), 1);
          vote(this.acronyms, token, 3);
          vote(this.joined, token, 3);
          // A three-letter query word looks up the longer words it is a deletion of ("omr" → omar).
          if (token.length >= SLIP_MIN_LENGTH - 1) for (const slip of this.slipsOf(token)) vote(this.words, slip, 2.5);
          // Two listed words typed together ("IbrahimHaqqani", "BANK OFMOSCOW"): both halves vote.
          if (token.length >= 2 * JOINED_PART_MIN && !this.words.has(token)) {
            for (const [left, right] of this.splitsOf(token)) {
              vote(this.words, left, 2);
              vote(this.words, right, 2);
            }
          }
          // A word of another script votes with its Latin spellings ("بوتين" for putin).
          for (const form of name.alternatives[k] ?? []) if (form !== token) vote(this.words, form, 3 / Math.max(1, name.alternatives[k]!.length / 4));
        });
        if (name.acronym) vote(this.acronyms, name.acronym, 3);
      }
      // Filters (lists, schemata, topics…) apply before the cut, so that they never leave a query without candidates.
      const eligible = wanted ? touched.filter((i) => wanted(this.entities[i])) : touched;
      // Candidates sharing only a small part of the best candidate's key weight (a common prefix
      // or sound) cannot outscore it on names: they are not scored. They are dropped before the
      // sort (which keeps the order of the rest), so that only the few worth scoring are sorted.
      let best = 0;
      for (const i of eligible) if (votes[i] > best) best = votes[i];
      const floor = best * CANDIDATE_VOTE_FLOOR;
      const ranked = eligible.filter((i) => votes[i] >= floor).sort((a, b) => votes[b] - votes[a]);
      if (ranked.length > limit) ranked.length = limit;
      return ranked;
    } finally {
      for (const i of touched) {
        votes[i] = 0;
        voted[i] = 0;
      }
    }
  }

  search(query: MatchQuery, options: SearchOptions = {}): MatchResult[] {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const weights = weightsWith(options.weights);
    // Never more work than the limits allow, whatever the caller let through.
    const analyzed = analyzeQuery({ ...query, names: withinLimits(query.names) });
    const wanted = entityFilter(options);
    const results: MatchResult[] = [];
    const deadline = options.deadline;
    for (const i of this.candidates(analyzed, options.candidates, wanted)) {
      if (deadline && Date.now() > deadline.at) throw new BudgetExceeded(deadline.budgetMs);
      const entity = this.entities[i];
      if (!wanted(entity) || schemaGate(analyzed, entity)) continue;
      const scored = scoreCandidate(analyzed, entity, weights);
      results.push({ entity, score: scored.score, match: scored.score >= threshold, matchedName: scored.matchedName, features: scored.features, support: scored.support });
    }
    // Equal scores are ordered by the evidence beyond the score (more names agreeing, identifiers,
    // dates), then list precedence, then id, so a result list is reproducible.
    const order = options.precedence ?? DEFAULT_PRECEDENCE;
    const ranks = new Map(order.map((dataset, k) => [dataset, k] as const));
    const rank = (dataset: string) => ranks.get(dataset) ?? order.length;
    results.sort((a, b) => b.score - a.score || b.support - a.support || rank(a.entity.dataset) - rank(b.entity.dataset) || (a.entity.id < b.entity.id ? -1 : 1));
    return results.slice(0, options.limit ?? 10);
  }
}

const DEFAULT_PRECEDENCE = listPrecedence();

function entityFilter(options: SearchOptions): (entity: MatchEntity) => boolean {
  const authorities = options.authorities?.map((a) => a.toLowerCase());
  return (entity) =>
    (!options.datasets || options.datasets.includes(entity.dataset)) &&
    (!authorities || entity.authorities.some((a) => authorities.includes(a.toLowerCase()))) &&
    (!options.schemata || options.schemata.some((s) => isA(entity.schema, s))) &&
    (!options.excludeSchemata || !options.excludeSchemata.includes(entity.schema)) &&
    (!options.topics || (entity.topics ?? []).some((t) => options.topics!.includes(t))) &&
    (!options.changedSince || (!!entity.lastChange && `${entity.lastChange}T00:00:00` > options.changedSince)) &&
    (!options.excludeIds || !options.excludeIds.includes(entity.id));
}
