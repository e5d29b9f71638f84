// Name comparison with its reasons: align the words of two names one to one (any order), score
// each pair by spelling, sound and initials, and weigh by word length so that a missing or
// wrong word costs what it is worth. Acronyms and legal forms are features of their own.
import { phoneticKey, type AnalyzedName } from './names.js';
import { koreanSkeleton } from '../text/korean.js';
import { sameGivenName } from '../text/name-equivalence.js';
import { isRareNameWord } from '../text/name-frequency.js';
import { isOrgWord, orgSymbolOf } from '../text/symbols.js';
import { toCountryCode } from '../model/values.js';
import { abjadSpells } from './abjad.js';
import { jaroWinkler, levenshtein } from './strings.js';
import { rewrite } from '../text/rewrite.js';

export interface TokenPair {
  query: string;
  candidate: string;
  similarity: number;
  how: 'same' | 'romanisation' | 'equivalent' | 'script' | 'consonants' | 'homophone' | 'spelling' | 'sound' | 'initial';
}

export interface NameComparison {
  score: number;
  pairs: TokenPair[];
  /** Words of either side that found no partner. */
  unmatched: string[];
  /** Set when the query is the candidate's acronym (or the other way round). */
  acronym: string | null;
}

// Below this spelling similarity two words are different words.
const SPELLING_FLOOR = 0.88;
// Words of very different length are different words however they start ("bai"/"baikal").
const LENGTH_RATIO_FLOOR = 0.7;
const EDIT_FLOOR = 0.7;
// Person names differing in three letters of ten ("Monteiro"/"Montenegro", "Sancho"/"Sanchez")
// are other names, however alike they start.
const PERSON_EDIT_FLOOR = 0.75;

function editSimilarity(a: string, b: string): number {
  return 1 - levenshtein(a, b) / Math.max(a.length, b.length);
}
const SINGLE_WORD_SOUND_FACTOR = 0.75;
const SOUND_SPELLING_FLOOR = 0.75;
const NUMBER_MISMATCH_FACTOR = 0.7;
const CONFLICT_FACTOR = 0.85;
const ORGANIZATION_CONFLICT_FACTOR = 0.8;

/** Words not paired (`used` marks the paired ones). */
const leftOver = (tokens: string[], used: Uint8Array) => tokens.filter((_, i) => !used[i]);
function distinctLeft(tokens: string[], used: Uint8Array): boolean {
  return leftOver(tokens, used).some((t) => t.length >= 2 && !GENERIC_WORDS.has(t) && !isOrgWord(t) && !/\d/u.test(t));
}
function countryLeft(tokens: string[], used: Uint8Array): boolean {
  return leftOver(tokens, used).some((t) => t.length >= 4 && toCountryCode(t) !== null);
}

const SON_OF = new Set(['bin', 'ibn', 'bint', 'ben', 'ould']);
/** The names after "bin"/"ibn": the father and forefathers of an Arabic name. */
function fathersOf(tokens: string[]): string[] {
  return tokens.filter((_, k) => k > 0 && SON_OF.has(tokens[k - 1]));
}
/**
 * The other side's family name is unpaired, while a pair joins one side's family word with a
 * word of the other that is not its family name. `mine[k]`/`theirs[k]` are the pairs' word
 * positions on each side; `usedTheirs` marks the other side's paired words.
 */
function familyMissed(myFamily: boolean[], theirFamily: boolean[], mine: number[], theirs: number[], usedTheirs: Uint8Array): boolean {
  const listedFamilyMissing = theirFamily.some((f, j) => f && !usedTheirs[j]);
  if (!listedFamilyMissing) return false;
  return mine.some((i, k) => myFamily[i] && !theirFamily[theirs[k]]);
}

function fathersDiffer(q: string[], c: string[]): boolean {
  const qf = fathersOf(q);
  const cf = fathersOf(c);
  return qf.length > 0 && cf.length > 0 && qf[0] !== cf[0] && q.includes(cf[0]) && c.includes(qf[0]);
}

// Words common to organisation names ("company", "bank", "trust") say less than the rest.
const GENERIC_WORDS = new Set(['company', 'co', 'corporation', 'corp', 'group', 'holding', 'holdings', 'bank', 'trust', 'foundation', 'industries', 'international', 'enterprise', 'enterprises', 'services', 'trading', 'systems', 'management', 'association', 'society', 'plant', 'factory', 'the']);
const GENERIC_WEIGHT = 0.3;

// Patronymics ("Ryhorovich", "Grigorievich") are spelt differently in each language and often
// left out: each counts as a short word whatever its spelling, so a missing one costs the same
// on every list, and a differing one is no conflict.
const PATRONYMIC = /(ovich|evich|ovych|ovna|evna|ivna|ich|vich|vitch|vits|witsch|witsj|vitsj|wich|vic)$/u;
const PATRONYMIC_WEIGHT = 4;

function weight(token: string): number {
  if (GENERIC_WORDS.has(token)) return token.length * GENERIC_WEIGHT;
  if (token.length >= 7 && PATRONYMIC.test(token)) return PATRONYMIC_WEIGHT;
  return token.length;
}

// Systematic differences between romanisation systems, folded away: x/ks, kh/h, ph/f, w/v,
// y/i/j before a vowel (Aliaksandr, Alyaksandr), -iy/-ii/-y endings (Dmitriy, Dmitrii, Dmitry),
// ou/u (French Loukachenko), doubled letters (Mohammed, Mohamed).
const ROMANISATION_RULES: [RegExp, string][] = [
  [/x/gu, 'ks'],
  [/kh/gu, 'h'],
  [/ph/gu, 'f'],
  [/w/gu, 'v'],
  [/ou/gu, 'u'],
  [/(iy|yi|ii|ij)/gu, 'i'],
  [/[yij](?=[aeou])/gu, 'j'],
  [/y/gu, 'i'],
  [/(.)\1+/gu, '$1'],
];
const skeletons = new Map<string, string>();

/** A token with the differences between romanisation systems folded away. */
export function romanisationSkeleton(token: string): string {
  let skeleton = skeletons.get(token);
  if (skeleton === undefined) {
    skeleton = rewrite(token, ROMANISATION_RULES);
    if (skeletons.size < 500_000) skeletons.set(token, skeleton);
  }
  return skeleton;
}

function hasRepeats(tokens: string[]): boolean {
  for (let k = 1; k < tokens.length; k++) if (tokens.indexOf(tokens[k]) < k) return true;
  return false;
}

function withoutRepeats(name: AnalyzedName): AnalyzedName {
  const keep = name.tokens.map((t, k) => name.tokens.indexOf(t) === k);
  const pick = <T>(values: T[]) => values.filter((_, k) => keep[k]);
  return { ...name, tokens: pick(name.tokens), phonetic: pick(name.phonetic), alternatives: pick(name.alternatives), written: pick(name.written), family: pick(name.family) };
}

/** 1 when both names carry the same numbers (or none), else the number-mismatch factor. */
function digitAgreement(q: string[], c: string[]): number {
  const digits = (tokens: string[]) => tokens.join(' ').replace(/[^0-9 ]/gu, '').split(' ').filter(Boolean).sort().join(' ');
  return digits(q) === digits(c) ? 1 : NUMBER_MISMATCH_FACTOR;
}

/** Similarity of two names written without spaces: 1 − edit distance / length, when close. */
function joinedSimilarity(a: string, b: string): number {
  if (a.length < 6 || b.length < 6) return a === b ? 1 : 0;
  // One slip per ten letters: "Patr ushev" is Patrushev, "Yusuf al-San'ani" is not al-Madani.
  const max = Math.max(1, Math.floor(Math.max(a.length, b.length) * 0.1));
  const distance = levenshtein(a, b, max);
  return distance > max ? 0 : 1 - distance / Math.max(a.length, b.length);
}
const JOINED_READINGS_LIMIT = 200;

/** Every way a name can be written together, each word by its token or its Latin spellings. */
function joinedReadings(name: AnalyzedName, fold: (s: string) => string): Set<string> {
  let readings = [''];
  name.tokens.forEach((token, k) => {
    const options = [token, ...(name.alternatives[k] ?? []).slice(0, 8)];
    readings = readings.flatMap((r) => options.map((o) => r + o)).slice(0, JOINED_READINGS_LIMIT);
  });
  return new Set(readings.map(fold));
}

/**
 * The names written together. Syllabic names (Chinese, Korean) only when the letters agree, with
 * each word read as any of its Latin spellings ("金正恩" as kim + jongun = "Kim Jong Un"); an
 * abjad name when the Latin letters can be written so ("عبد الله" = Abdullah).
 */
function joinedNames(query: AnalyzedName, candidate: AnalyzedName, mode: Mode): number {
  const q = query.tokens;
  const c = candidate.tokens;
  if (mode === 'han' || mode === 'hangul') {
    const fold = (s: string) => koreanSkeleton(romanisationSkeleton(s));
    const theirs = joinedReadings(candidate, fold);
    return [...joinedReadings(query, fold)].some((r) => theirs.has(r)) ? 1 : 0;
  }
  if (mode === 'abjad-query') return abjadSpells(q.join(''), c.join('')) ? CONSONANTS.similarity : 0;
  if (mode === 'abjad-candidate') return abjadSpells(c.join(''), q.join('')) ? CONSONANTS.similarity : 0;
  return joinedSimilarity(q.join(''), c.join(''));
}
const SINGLE_WORD_PERSON_CAP = 0.6;
// A family name alone that few listed persons carry ("Präsident Putin", "Erdoğan") names them.
const RARE_FAMILY_NAME_SCORE = 0.8;
// A query made only of words any organisation may carry ("Group", "Holding Company") names none.
const GENERIC_ONLY_CAP = 0.5;

function isGeneric(token: string): boolean {
  return GENERIC_WORDS.has(token) || isOrgWord(token);
}

/**
 * A name of generic words alone on either side ("Group"; a listed alias 'Group' or 'STG GROUP',
 * whose StG is a legal form) names no one; two or more such words that are the whole of both
 * names ("Société Générale") are a name.
 */
function genericOnly(q: string[], c: string[]): boolean {
  const sameWords = q.length >= 2 && q.length === c.length && q.every((t, k) => t === c[k]);
  return !sameWords && (q.every(isGeneric) || c.every(isGeneric));
}

/**
 * One word is little to go on. A one-word person query meets a full name only when it is the
 * name's family name and few listed persons carry it (then RARE_FAMILY_NAME_SCORE); a one-word
 * listed alias ("George", "John") meets a full name never; one word against one word only when
 * the word is rare ("Shamsuddin", not "Mohammed").
 */
function oneWordDiscipline(q: string[], c: string[], candidate: AnalyzedName, pairs: TokenPair[], pairedC: number[], score: number): number {
  if (q.length === 1 && c.length > 1) {
    const j = pairedC[0];
    const rareFamily = pairs.length === 1 && pairs[0].similarity >= 0.9 && candidate.family[j] && isRareNameWord(c[j]);
    return rareFamily ? Math.max(Math.min(score, SINGLE_WORD_PERSON_CAP), RARE_FAMILY_NAME_SCORE * pairs[0].similarity) : Math.min(score, SINGLE_WORD_PERSON_CAP);
  }
  if (c.length === 1 && q.length > 1) return Math.min(score, SINGLE_WORD_PERSON_CAP);
  if (q.length === 1 && c.length === 1 && !isRareNameWord(c[0])) return Math.min(score, SINGLE_WORD_PERSON_CAP);
  return score;
}
const PATRONYMIC_KIN_FLOOR = 0.7;

/** The father's name inside a patronymic, Belarusian/Ukrainian h read as Russian g (Ryhor = Grigor). */
function fatherName(patronymic: string): string {
  return patronymic.replace(PATRONYMIC, '').replace(/[iy]$/u, '').replace(/h/gu, 'g');
}

function isPatronymic(token: string): boolean {
  return token.length >= 7 && PATRONYMIC.test(token);
}

function patronymicsDiffer(q: string[], c: string[]): boolean {
  const fathers = (tokens: string[]) => tokens.filter((t) => t.length >= 7 && PATRONYMIC.test(t)).map(fatherName);
  const qp = fathers(q);
  const cp = fathers(c);
  return qp.length > 0 && cp.length > 0 && qp.every((a) => cp.every((b) => jaroWinkler(a, b) < PATRONYMIC_KIN_FLOOR));
}

type TokenSimilarity = Omit<TokenPair, 'query' | 'candidate'>;
const SAME: TokenSimilarity = { similarity: 1, how: 'same' };
const INITIAL: TokenSimilarity = { similarity: 0.7, how: 'initial' };
const ROMANISATION: TokenSimilarity = { similarity: 1, how: 'romanisation' };
// One given name in two languages (Alexander/Aleksandr): near-certain, but not the same spelling.
const EQUIVALENT: TokenSimilarity = { similarity: 0.95, how: 'equivalent' };
// A word of another script whose Latin spellings, from the cross-script tables, include this one.
const SCRIPT: TokenSimilarity = { similarity: 0.95, how: 'script' };
// An Arabic, Persian, Urdu or Hebrew word that the Latin spelling can be written as (abjad.ts).
const CONSONANTS: TokenSimilarity = { similarity: 0.9, how: 'consonants' };
// Two Chinese characters read alike (晨 and 陈 are both chén), two Hangul syllables romanised
// alike (종 and 정): the same sound, another name.
const HOMOPHONE: TokenSimilarity = { similarity: 0.3, how: 'homophone' };
// Two patronymics from one father's name in two languages or scripts ("Wladimirowitsj",
// "Vladimirovich", Korean "bladimilobich").
const PATRONYMIC_KIN: TokenSimilarity = { similarity: 0.9, how: 'equivalent' };
const TRANSPOSITION: TokenSimilarity = { similarity: 0.9, how: 'spelling' };
// One letter more or less in a short word ("son"/"sson", "chl"/"chol"): a slip or another
// syllable ("bin"/"bing"), so it counts for little; the rest of the name must carry the match.
// A letter changed ("sah"/"sam", "hun"/"han") makes another syllable.
const SHORT_SLIP: TokenSimilarity = { similarity: 0.75, how: 'spelling' };
// Wikidata's groups also hold nicknames and loose renderings (John/Jan, Ali/Eli): an equivalence
// counts only between words of some length that are also spelt somewhat alike.
const EQUIVALENT_SPELLING_FLOOR = 0.7;
// Sound keys are coarse: a sound match counts a little less than a typing slip, and only
// between words that share most of their letters ("josue"/"jesse" do not).
const SOUND_SIMILARITY = [0.85, 0.9];
const SOUND_EDIT_FLOOR = 0.5;
// Words this short are syllables (Korean, Chinese, Burmese names) or initials: "bin"/"bing",
// "zhu"/"zhou", "hun"/"man" are other names, so only a same spelling, a swapped pair or one
// letter more or less counts, and that little.
const SHORT_WORD = 3;

/**
 * How the words of two names compare, by how the query and the candidate were written: Latin
 * against Latin by spelling and sound; an abjad word by the letters it writes; Chinese characters
 * and Korean syllables by their romanisations only (a syllable off by one letter is another
 * name, and two characters that sound alike are not the same).
 */
type Mode = 'plain' | 'abjad-query' | 'abjad-candidate' | 'han' | 'hangul';

function modeOf(query: AnalyzedName, candidate: AnalyzedName): Mode {
  if (query.writing === 'han' || candidate.writing === 'han') return 'han';
  if (query.writing === 'hangul' || candidate.writing === 'hangul') return 'hangul';
  if (query.writing === 'abjad' && candidate.writing !== 'abjad') return 'abjad-query';
  if (candidate.writing === 'abjad' && query.writing !== 'abjad') return 'abjad-candidate';
  return 'plain';
}

// Screening compares the same few query words with the words of hundreds of listed names, and a
// batch repeats common words: token pairs are scored once and remembered (bounded). The cache is
// keyed word by word (query word, then listed word) so that a lookup builds no key string: both
// words are strings the names already hold, whose hashes V8 keeps.
const PAIR_CACHE_LIMIT = 1_000_000;
const MODES: Mode[] = ['plain', 'abjad-query', 'abjad-candidate', 'han', 'hangul'];
type PairCache = { size: number; byQuery: Map<string, Map<string, TokenSimilarity | null>> };
const pairCaches: Record<Mode, PairCache>[] = [0, 1].map(() => Object.fromEntries(MODES.map((m) => [m, { size: 0, byQuery: new Map() }])) as Record<Mode, PairCache>);

function tokenSimilarity(a: string, b: string, pa: string, pb: string, isPerson: boolean, mode: Mode): TokenSimilarity | null {
  if (a === b) return SAME;
  if (isPerson && (a.length === 1 || b.length === 1)) return a[0] === b[0] ? INITIAL : null;
  const abjad = mode === 'abjad-query' || mode === 'abjad-candidate';
  // Below half the length no rule below can hold ("bai"/"baikal"): no need to compute anything
  // (an abjad word is shorter than its Latin spelling: it leaves the vowels out).
  if (!abjad && Math.min(a.length, b.length) * 2 < Math.max(a.length, b.length)) return null;
  const cache = pairCaches[isPerson ? 1 : 0][mode];
  let known = cache.byQuery.get(a);
  if (known === undefined) {
    known = new Map();
    cache.byQuery.set(a, known);
  }
  let similarity = known.get(b);
  if (similarity === undefined) {
    similarity = computeTokenSimilarity(a, b, pa, pb, isPerson, mode);
    if (cache.size >= PAIR_CACHE_LIMIT) {
      cache.byQuery.clear();
      cache.size = 0;
      known = new Map();
      cache.byQuery.set(a, known);
    }
    known.set(b, similarity);
    cache.size++;
  }
  return similarity;
}

function isTransposition(a: string, b: string): boolean {
  return a.length === b.length && levenshtein(a, b, 1) === 1 && [...a].sort().join('') === [...b].sort().join('');
}

// The female and male forms of one name (Antonia/Antonio, Aleksandra/Aleksandr, Putina/Putin)
// belong to two people: alike, but no match on their own.
const GENDER_FORM: TokenSimilarity = { similarity: 0.75, how: 'spelling' };
const GENDER_ENDINGS = /^(a|o|e|i|y|iy|ii|ij|us|)$/u;
function genderForms(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < 3) return false;
  for (let k = short.length; k >= short.length - 2 && k >= 3; k--) {
    const stem = short.slice(0, k);
    if (!long.startsWith(stem)) continue;
    const [x, y] = [short.slice(k), long.slice(k)];
    if ((x === 'a') !== (y === 'a') && GENDER_ENDINGS.test(x) && GENDER_ENDINGS.test(y)) return true;
  }
  return false;
}

function computeTokenSimilarity(a: string, b: string, pa: string, pb: string, isPerson: boolean, mode: Mode): TokenSimilarity | null {
  if (isPerson && genderForms(a, b)) return GENDER_FORM;
  // One organisation descriptor written two ways ("Co"/"Company", "Int'l"/"International"),
  // from rigour's symbol table.
  if (!isPerson) {
    const symbol = orgSymbolOf(a);
    if (symbol !== null && symbol === orgSymbolOf(b)) return EQUIVALENT;
  }
  if (mode === 'han') return romanisationSkeleton(a) === romanisationSkeleton(b) ? ROMANISATION : null;
  if (mode === 'hangul' && Math.min(a.length, b.length) <= 6) return koreanSkeleton(a) === koreanSkeleton(b) ? ROMANISATION : null;
  if (a.length >= 4 && b.length >= 4 && romanisationSkeleton(a) === romanisationSkeleton(b)) return ROMANISATION;
  if (isPerson && Math.min(a.length, b.length) <= SHORT_WORD) {
    if (isTransposition(a, b)) return TRANSPOSITION;
    if (a.length !== b.length && levenshtein(a, b, 1) <= 1 && Math.max(a.length, b.length) >= 3) return SHORT_SLIP;
    return mode === 'abjad-query' ? (abjadSpells(a, b) ? CONSONANTS : null) : mode === 'abjad-candidate' ? (abjadSpells(b, a) ? CONSONANTS : null) : null;
  }
  const jw = jaroWinkler(a, b);
  const bySpelling = spellingSimilarity(a, b, pa, pb, jw, isPerson);
  if (isPerson && (bySpelling?.similarity ?? 0) < EQUIVALENT.similarity && a.length >= 4 && b.length >= 4 && jw >= EQUIVALENT_SPELLING_FLOOR && sameGivenName(a, b)) return EQUIVALENT;
  if (bySpelling) return bySpelling;
  if (mode === 'abjad-query' && abjadSpells(a, b)) return CONSONANTS;
  if (mode === 'abjad-candidate' && abjadSpells(b, a)) return CONSONANTS;
  return null;
}

// One word that is the other plus an ending of two letters or more ("Shapoval"/"Shapovalov",
// "Torres"/"Torresi" is one) is a related name, not a slip: it counts as a weak spelling match.
const STEM_SIMILARITY = 0.8;
const ONE_SLIP_LENGTH = 5;
const ONE_SLIP_SIMILARITY = 0.9;
function stemmed(a: string, b: string): boolean {
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long.length - short.length >= 2 && long.startsWith(short);
}

function spellingSimilarity(a: string, b: string, pa: string, pb: string, jw: number, isPerson: boolean): TokenSimilarity | null {
  const ratio = Math.min(a.length, b.length) / Math.max(a.length, b.length);
  const sound = pa !== '' && pa === pb && pa.length >= 2;
  const edit = editSimilarity(a, b);
  // One slip in a longer word ("kkazada"/"kakazada", "shamsddin"/"shamsuddin") is a typo
  // whatever Jaro-Winkler says of where it fell.
  if (Math.min(a.length, b.length) >= ONE_SLIP_LENGTH && levenshtein(a, b, 1) <= 1) return { similarity: Math.max(jw, ONE_SLIP_SIMILARITY), how: 'spelling' };
  if (sound && a[0] === b[0] && ratio >= 0.5 && jw >= SOUND_SPELLING_FLOOR && edit >= SOUND_EDIT_FLOOR) return { similarity: Math.min(SOUND_SIMILARITY[1], Math.max(SOUND_SIMILARITY[0], jw)), how: 'sound' };
  // Jaro-Winkler rewards a shared start ("gran…"): the edit distance must agree too.
  if (jw >= SPELLING_FLOOR && ratio >= LENGTH_RATIO_FLOOR && edit >= (isPerson ? PERSON_EDIT_FLOOR : EDIT_FLOOR)) return { similarity: stemmed(a, b) ? Math.min(jw, STEM_SIMILARITY) : jw, how: 'spelling' };
  return null;
}

/**
 * A word whose Latin spellings the tables give. A Chinese character alone has too many (成 reads
 * chéng, and Cantonese and Hokkien spellings besides): its readings count only for the name
 * read as a whole (joinedNames), not word by word.
 */
function tableWord(name: AnalyzedName, k: number): boolean {
  const written = name.written[k];
  return name.alternatives[k] !== null && !(name.writing === 'han' && written !== null && [...written].length === 1);
}

/** A word of another script meets a Latin word its tables list (or two such words share one). */
function sameInScripts(q: AnalyzedName, i: number, c: AnalyzedName, j: number): boolean {
  const qa = tableWord(q, i) ? q.alternatives[i] : null;
  const ca = tableWord(c, j) ? c.alternatives[j] : null;
  if (qa && qa.includes(c.tokens[j])) return true;
  if (ca && ca.includes(q.tokens[i])) return true;
  return qa !== null && ca !== null && qa.some((form) => ca.includes(form));
}

/**
 * What one query remembers of its word pairs while it meets hundreds of listed names: per query
 * name, per way of comparing (person or not, mode), per query word, the listed words already
 * compared. A lookup in these small maps is far cheaper than one in the shared cache, which
 * holds every pair of a run. It lives as long as the query (AnalyzedQuery.memo).
 */
export class PairMemo {
  private readonly byName = new Map<AnalyzedName, (Map<string, TokenSimilarity | null>[] | undefined)[]>();

  /** The per-word maps of a query name compared one way (created on first use). */
  wordsOf(name: AnalyzedName, isPerson: boolean, mode: Mode): Map<string, TokenSimilarity | null>[] {
    let ways = this.byName.get(name);
    if (!ways) {
      ways = [];
      this.byName.set(name, ways);
    }
    const way = (isPerson ? MODES.length : 0) + MODES.indexOf(mode);
    let words = ways[way];
    if (!words) {
      words = name.tokens.map(() => new Map());
      ways[way] = words;
    }
    return words;
  }
}

/** Two words without spellings from the tables, outside Chinese and Korean: by spelling alone. */
function plainPairSimilarity(a: string, b: string, pa: string, pb: string, isPerson: boolean, mode: Mode): TokenSimilarity | null {
  const direct = tokenSimilarity(a, b, pa, pb, isPerson, mode);
  if (!direct && isPerson && isPatronymic(a) && isPatronymic(b) && jaroWinkler(fatherName(a), fatherName(b)) >= PATRONYMIC_KIN_FLOOR) return PATRONYMIC_KIN;
  return direct;
}

function pairSimilarity(q: AnalyzedName, i: number, c: AnalyzedName, j: number, isPerson: boolean, mode: Mode, memo?: Map<string, TokenSimilarity | null>[]): TokenSimilarity | null {
  const a = q.tokens[i];
  const b = c.tokens[j];
  // The common case skips the script checks below, which cannot hold.
  if (q.alternatives[i] === null && c.alternatives[j] === null && mode !== 'han' && mode !== 'hangul') {
    if (!memo) return plainPairSimilarity(a, b, q.phonetic[i], c.phonetic[j], isPerson, mode);
    const known = memo[i];
    let similarity = known.get(b);
    if (similarity === undefined) {
      similarity = plainPairSimilarity(a, b, q.phonetic[i], c.phonetic[j], isPerson, mode);
      known.set(b, similarity);
    }
    return similarity;
  }
  // Two Chinese characters with one reading are two names unless they are the same character.
  if ((mode === 'han' || mode === 'hangul') && q.written[i] && c.written[j] && q.written[i] !== c.written[j] && q.writing === c.writing) {
    const similar = tokenSimilarity(a, b, q.phonetic[i], c.phonetic[j], isPerson, mode);
    return similar ? HOMOPHONE : null;
  }
  if (a !== b && (tableWord(q, i) || tableWord(c, j)) && sameInScripts(q, i, c, j)) return SCRIPT;
  const direct = tokenSimilarity(a, b, q.phonetic[i], c.phonetic[j], isPerson, mode);
  if (!direct && isPerson && isPatronymic(a) && isPatronymic(b) && jaroWinkler(fatherName(a), fatherName(b)) >= PATRONYMIC_KIN_FLOOR) return PATRONYMIC_KIN;
  if (direct || mode !== 'han') return direct;
  // A word of several characters the tables know ("山田" yamata) may meet a Latin spelling
  // they lack ("Yamada") by the usual spelling rules; a single character may not.
  return spelledAlike(q, i, b, isPerson) ?? spelledAlike(c, j, a, isPerson);
}

function spelledAlike(name: AnalyzedName, k: number, other: string, isPerson: boolean): TokenSimilarity | null {
  const written = name.written[k];
  if (!written || [...written].length < 2) return null;
  for (const form of name.alternatives[k] ?? []) {
    const similarity = tokenSimilarity(form, other, phoneticKey(form), phoneticKey(other), isPerson, 'plain');
    if (similarity && similarity.similarity >= ONE_SLIP_SIMILARITY) return { similarity: similarity.similarity * SCRIPT.similarity, how: 'script' };
  }
  return null;
}

// A customer's own name word that the listed name lacks counts more against the match than a
// listed word the customer left out (lists carry middle names and patronymics that forms omit).
const QUERY_UNMATCHED_FACTOR = 2;
// Chinese and Korean names are short and every syllable is part of the name: one left over on
// either side is another person ("Hui Shen" is not "Hui Sheng Shen").
const SYLLABIC_INCOMPLETE_CAP = 0.6;

// Scratch space of compareNames, reused between calls (screening compares hundreds of names per
// query, and objects made per word pair were most of its garbage): the word pairs that have a
// similarity, their order, and which words of each side are taken. Longer names get their own.
const WORD_SCRATCH = 256;
const optionSimilarity: TokenSimilarity[] = [];
const optionQuery: number[] = [];
const optionCandidate: number[] = [];
const optionOrder: number[] = [];
const takenQueryScratch = new Uint8Array(WORD_SCRATCH);
const takenCandidateScratch = new Uint8Array(WORD_SCRATCH);
// Below this many pairs an insertion sort (stable, as Array.prototype.sort is) is the faster.
const INSERTION_SORT_LIMIT = 48;

/** Orders optionOrder as a stable sort by similarity, then query-word length, both descending. */
function sortOptions(q: string[], count: number): void {
  const before = (x: number, y: number) => optionSimilarity[y].similarity - optionSimilarity[x].similarity || q[optionQuery[y]].length - q[optionQuery[x]].length;
  optionOrder.length = count;
  for (let k = 0; k < count; k++) optionOrder[k] = k;
  if (count > INSERTION_SORT_LIMIT) {
    optionOrder.sort(before);
    return;
  }
  for (let k = 1; k < count; k++) {
    const item = optionOrder[k];
    let m = k - 1;
    while (m >= 0 && before(optionOrder[m], item) > 0) {
      optionOrder[m + 1] = optionOrder[m];
      m--;
    }
    optionOrder[m + 1] = item;
  }
}

/** Words of a name written together, by their total length first (most such comparisons need no string). */
function joinedLength(tokens: string[]): number {
  let length = 0;
  for (const t of tokens) length += t.length;
  return length;
}

/** joinedNames, without building the strings when their lengths alone rule a plain match out. */
function joinedScore(query: AnalyzedName, candidate: AnalyzedName, mode: Mode): number {
  if (mode === 'plain') {
    const a = joinedLength(query.tokens);
    const b = joinedLength(candidate.tokens);
    if (a < 6 || b < 6) {
      if (a !== b) return 0;
    } else if (Math.abs(a - b) > Math.max(1, Math.floor(Math.max(a, b) * 0.1))) return 0;
  }
  const joined = joinedNames(query, candidate, mode);
  return joined === 0 ? 0 : joined * digitAgreement(query.tokens, candidate.tokens);
}

function noPairs(q: string[], c: string[], query: AnalyzedName, candidate: AnalyzedName, mode: Mode): NameComparison {
  // With no pair of words alike the score is 0 whatever the factors below would do; only the
  // names written together can still meet.
  const joined = q.length !== c.length ? joinedScore(query, candidate, mode) : 0;
  if (joined > 0) return { score: joined, pairs: [{ query: q.join(' '), candidate: c.join(' '), similarity: joined, how: 'spelling' }], unmatched: [], acronym: null };
  return { score: 0, pairs: [], unmatched: [...q, ...c], acronym: null };
}

/** Two names compared, with the reasons; `memo` (the query's) saves recomputing its word pairs. */
export function compareNames(query: AnalyzedName, candidate: AnalyzedName, isPerson: boolean, memo?: PairMemo): NameComparison {
  // A word typed twice ("Sergey Sergey Shoigu") is one word of the name.
  const asTyped = query;
  if (query.tokens.length > 1 && hasRepeats(query.tokens) && !hasRepeats(candidate.tokens)) query = withoutRepeats(query);
  const q = query.tokens;
  const c = candidate.tokens;
  if (q.length === 0 || c.length === 0) return { score: 0, pairs: [], unmatched: [...q, ...c], acronym: null };
  if (q.length === 1 && candidate.acronym && q[0] === candidate.acronym && q[0].length >= 3) {
    return { score: 0.92, pairs: [], unmatched: [], acronym: candidate.text };
  }
  if (c.length === 1 && query.acronym && c[0] === query.acronym && c[0].length >= 3) {
    return { score: 0.92, pairs: [], unmatched: [], acronym: query.text };
  }
  const mode = isPerson ? modeOf(query, candidate) : 'plain';
  // A name without its repeated words is made anew for each comparison: nothing to remember.
  const words = memo && query === asTyped ? memo.wordsOf(query, isPerson, mode) : undefined;
  let count = 0;
  for (let i = 0; i < q.length; i++) {
    for (let j = 0; j < c.length; j++) {
      const sim = pairSimilarity(query, i, candidate, j, isPerson, mode, words);
      if (!sim) continue;
      optionSimilarity[count] = sim;
      optionQuery[count] = i;
      optionCandidate[count] = j;
      count++;
    }
  }
  if (count === 0) return noPairs(q, c, query, candidate, mode);
  sortOptions(q, count);
  const usedQ = q.length <= WORD_SCRATCH ? takenQueryScratch.fill(0, 0, q.length) : new Uint8Array(q.length);
  const usedC = c.length <= WORD_SCRATCH ? takenCandidateScratch.fill(0, 0, c.length) : new Uint8Array(c.length);
  const pairs: TokenPair[] = [];
  const pairedQ: number[] = [];
  const pairedC: number[] = [];
  let matched = 0;
  for (let k = 0; k < count; k++) {
    const option = optionOrder[k];
    const i = optionQuery[option];
    const j = optionCandidate[option];
    if (usedQ[i] || usedC[j]) continue;
    usedQ[i] = 1;
    usedC[j] = 1;
    pairedQ.push(i);
    pairedC.push(j);
    const { similarity, how } = optionSimilarity[option];
    pairs.push({ query: q[i], candidate: c[j], similarity, how });
    matched += similarity * (weight(q[i]) + weight(c[j]));
  }
  const queryFactor = isPerson ? QUERY_UNMATCHED_FACTOR : 1;
  // Summed as two totals in word order, as a reduce over each side would.
  let queryTotal = 0;
  for (let i = 0; i < q.length; i++) queryTotal += weight(q[i]) * (usedQ[i] ? 1 : queryFactor);
  let candidateTotal = 0;
  for (let j = 0; j < c.length; j++) candidateTotal += weight(c[j]);
  const total = queryTotal + candidateTotal;
  const unmatched: string[] = [];
  for (let i = 0; i < q.length; i++) if (!usedQ[i]) unmatched.push(q[i]);
  for (let j = 0; j < c.length; j++) if (!usedC[j]) unmatched.push(c[j]);
  let score = matched / total;
  // A native Chinese or Korean name (written in single-syllable words) must pair every word;
  // a foreign name written in those scripts ("블라디미르 푸틴") is held to the usual rules.
  const native = (name: AnalyzedName) => name.written.some((w) => w !== null && [...w].length === 1);
  const syllabic = (mode === 'han' || mode === 'hangul') && (native(query) || native(candidate));
  if (syllabic && unmatched.length > 0) score = Math.min(score, SYLLABIC_INCOMPLETE_CAP);
  // One word against one word on sound alone ("Volat"/"Velada") is weak evidence.
  if (q.length === 1 && c.length === 1 && pairs[0]?.how === 'sound') score *= SINGLE_WORD_SOUND_FACTOR;
  // A one-word person alias ("George") matching one word of a full name says little.
  if (isPerson) score = oneWordDiscipline(q, c, candidate, pairs, pairedC, score);
  else if (genericOnly(q, c)) score = Math.min(score, GENERIC_ONLY_CAP);
  // A number that differs ("Management Company 23") names another party.
  if (unmatched.some((t) => /\d/u.test(t))) score *= NUMBER_MISMATCH_FACTOR;
  // Both sides keep a long word the other lacks: a different name, not a missing middle name.
  const conflicting = (t: string) => t.length >= 1 && !(t.length >= 7 && PATRONYMIC.test(t));
  let qLeft = 0;
  for (let i = 0; i < q.length; i++) if (!usedQ[i] && conflicting(q[i])) qLeft++;
  let cLeft = 0;
  for (let j = 0; j < c.length; j++) if (!usedC[j] && conflicting(c[j])) cLeft++;
  if (isPerson && qLeft > 0 && cLeft > 0) score *= CONFLICT_FACTOR;
  // Organisations: a distinctive word on each side ("Banco Santander Chile"/"… México", "Saudi
  // Arabian Gas/Oil Company") or a country one side names alone is another company of a group.
  else if (!isPerson && ((distinctLeft(q, usedQ) && distinctLeft(c, usedC)) || countryLeft(q, usedQ) || countryLeft(c, usedC))) score *= ORGANIZATION_CONFLICT_FACTOR;
  // "Omar bin Abdullah" is Omar son of Abdullah, "Abdullah bin Omar" his father's namesake.
  else if (isPerson && fathersDiffer(q, c)) score *= CONFLICT_FACTOR;
  // One side's family name is missing while the other's met one of its given names ("John
  // Davis" against "David John WAYE", "Khawaja Muhammad Asif" against "KHAWAJA, Mohamad"):
  // another family.
  else if (isPerson && (familyMissed(query.family, candidate.family, pairedQ, pairedC, usedC) || familyMissed(candidate.family, query.family, pairedC, pairedQ, usedQ))) score *= CONFLICT_FACTOR;
  // Two patronymics left over that are not spellings of one another name two different fathers
  // ("Ivanovich" vs "Viktorovich"); "Ryhorovich"/"Grigorievich" are one name in two languages.
  else if (isPerson && patronymicsDiffer(q.filter((_, i) => !usedQ[i]), c.filter((_, j) => !usedC[j]))) score *= CONFLICT_FACTOR;
  // Written together or apart ("SergeiLavrov", "Patr ushev"): compare the names as one string too.
  const joined = q.length !== c.length ? joinedScore(query, candidate, mode) : 0;
  if (joined > score) {
    const pair: TokenPair = { query: q.join(' '), candidate: c.join(' '), similarity: joined, how: 'spelling' };
    return { score: joined, pairs: [pair], unmatched: [], acronym: null };
  }
  return { score, pairs, unmatched, acronym: null };
}
