// A relation stated of a group rather than of named parties: "three Chinese enterprises … were
// accused of transferring missile equipment to Pakistan", "all sanctioned individuals are
// connected to IRGC Unit 840", "they were accused of …". The group stands for targets the text
// names elsewhere; it is resolved against the article's own designations by what the phrase says
// (how many, of which kind, from which country), and only where that leaves no doubt.
import { countryWordCode } from './countries.js';
import type { Designation, TargetType } from './designations.js';
import type { Relation } from './relations.js';

export interface GroupReference {
  /** "three" → 3; null where the phrase gives no number ("all sanctioned individuals", "they"). */
  count: number | null;
  kind: 'organisation' | 'person' | 'vessel' | 'any';
  /** ISO-2 of a country adjective in the phrase ("Chinese" → CN). */
  country: string | null;
}

const NUMBERS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, both: 2 };
const KINDS: [RegExp, GroupReference['kind']][] = [
  [/^(?:companies|enterprises|entities|firms|businesses|organi[sz]ations|banks|groups|manufacturers|suppliers|subsidiaries)$/iu, 'organisation'],
  [/^(?:individuals|persons|people|officials|men|women|nationals|citizens|businessmen|executives|oligarchs)$/iu, 'person'],
  [/^(?:vessels|ships|tankers)$/iu, 'vessel'],
];

// "[all|the|these] [three] [sanctioned|Chinese|…] enterprises": a determiner or a number first, so
// that "Chinese enterprises" alone (a description of a list just given) reads the same way.
const GROUP = /(?<![\p{L}])(?:(all|both|these|those|the|such)\s+)?(?:(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+)?((?:[\p{L}.-]+\s+){0,3}?)(companies|enterprises|entities|firms|businesses|organi[sz]ations|banks|manufacturers|suppliers|subsidiaries|individuals|persons|people|officials|nationals|citizens|businessmen|executives|oligarchs|vessels|ships|tankers)(?![\p{L}])/giu;
const PRONOUN = /(?<![\p{L}])(?:they|them|their|these|those)(?![\p{L}])/iu;

/**
 * The group a stretch of text (between the last name and a relation's verb) speaks of, if any.
 * Without a number, a determiner, a pronoun or a country adjective, a plural noun is too loose.
 */
export function groupIn(stretch: string, allowPronoun = true): GroupReference | null {
  let found: GroupReference | null = null;
  for (const m of stretch.matchAll(GROUP)) {
    const [, determiner, number, modifiers, noun] = m;
    const kind = KINDS.find(([re]) => re.test(noun))?.[1] ?? 'any';
    const words = modifiers.trim().split(/\s+/u).filter(Boolean);
    const country = countryOfWords(words);
    const count = number ? (NUMBERS[number.toLowerCase()] ?? Number(number)) : determiner?.toLowerCase() === 'both' ? 2 : null;
    if (!determiner && !number && !country) continue;
    found = { count, kind, country };
  }
  if (found) return found;
  return allowPronoun && PRONOUN.test(stretch) ? { count: null, kind: 'any', country: null } : null;
}

function countryOfWords(words: string[]): string | null {
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      const code = countryWordCode(words.slice(i, i + n).join(' '));
      if (code) return code;
    }
  }
  return null;
}

const KIND_TYPES: Record<GroupReference['kind'], TargetType[] | null> = {
  organisation: ['Organization'],
  person: ['Person'],
  vessel: ['Vessel'],
  any: null,
};

/**
 * The designated targets a group stands for: those of its kind and country, of the events the
 * text reports now (not history), other than the parties its own sentence names. A number in the
 * phrase must be met exactly; a pronoun resolves only to the targets of one listing sentence.
 */
export function membersOf(group: GroupReference, designations: Designation[], excluded: string[]): string[] {
  const types = KIND_TYPES[group.kind];
  const fits = designations.filter(
    (d) =>
      d.action === 'designated' &&
      !d.target.part &&
      !excluded.includes(d.target.text) &&
      (!types || types.includes(d.targetType)) &&
      (!group.country || d.country === group.country),
  );
  const targets = [...new Set(fits.map((d) => d.target.text))];
  if (group.count !== null) return targets.length === group.count ? targets : [];
  if (group.kind !== 'any' || group.country) return targets.length >= 2 ? targets : [];
  // "they": the targets of one listing sentence, where the text has exactly one such list.
  const sentences = new Set(fits.map((d) => d.evidence.start));
  return sentences.size === 1 && targets.length >= 2 ? targets : [];
}

/** Group relations replaced by one relation per member; a group nobody resolves is dropped. */
export function resolveGroupRelations(relations: (Relation & { group?: GroupReference; named?: string[] })[], designations: Designation[]): Relation[] {
  const out: Relation[] = [];
  for (const { group, named, ...r } of relations) {
    if (!group) {
      out.push(r);
      continue;
    }
    for (const member of membersOf(group, designations, [...(named ?? []), r.object])) {
      if (member === r.object || out.some((o) => o.predicate === r.predicate && o.subject === member && o.object === r.object)) continue;
      out.push({ ...r, subject: member });
    }
  }
  return out;
}
