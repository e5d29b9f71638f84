// Who supplies, owns, controls, heads, works for, meets or agrees with whom, from the shapes
// such statements take in news sentences; each relation keeps its evidence span.
import { authoritiesIn, countryOf, isCountryWord } from './lexicon.js';
import { findNames, type NameSpan } from './names.js';
import type { Sentence } from './sentences.js';
import { groupIn, type GroupReference } from './group-reference.js';
import { memberRelations, possessiveUnitRelations, roleRelations, titledRelations } from './role-relations.js';

export type Predicate = 'supplies' | 'owns' | 'controls' | 'part_of' | 'director_of' | 'employee_of' | 'met_with' | 'agreement_with' | 'sanctioned_by' | 'related';

export interface Relation {
  subject: string;
  predicate: Predicate;
  object: string;
  evidence: { start: number; end: number; text: string };
  /** How sure the reader is (0–1), where a learned decision made it. */
  confidence?: number;
}

/** A relation stated of a group ("three Chinese enterprises … transferring … to Pakistan"), resolved later against the article's targets. */
export interface GroupRelation extends Relation {
  group?: GroupReference;
  /** The names its sentence gives, which the group does not include. */
  named?: string[];
}

// A party in a relation may be a country ("supplied … to Pakistan", "Belarus and Pakistan signed").
const PARTY = String.raw`((?:[\p{Lu}][\p{L}\p{N}'’.-]*)(?:\s+(?:of\s+|and\s+|for\s+|the\s+)?[\p{Lu}][\p{L}\p{N}'’.-]*)*)`;

interface Pattern {
  predicate: Predicate;
  pattern: RegExp;
  /** Which group is the subject and which the object; "before" = the last name before the match. */
  subject: number | 'before';
  object: number;
  /** The name before the match is the object, the group the subject ("X and his son, Y": Y related X). */
  reverse?: boolean;
}

// Roles that head a body, and roles of those who work for one (news writes both before a name,
// "FSB chief Alexander Bortnikov", and after it, "Renel Destina, believed to be the main leader of …").
const HEAD_ROLE = String.raw`(?:chief|head|leader|director(?:-general)?|director general|managing director|executive director|boss|chairman|chairwoman|chair|founder|commander|president|CEO|chief executive|owner)`;
const STAFF_ROLE = String.raw`(?:spokes(?:person|man|woman)|official|officer|employee|member|partner|analyst|envoy|adviser|advisor|deputy|press secretary|secretary|ambassador|agent|representative|coordinator|expert|attorney|lawyer)`;
// "Nemesio Oseguera Cervantes, aka “El Mencho”, the co-founder…": an alias between a name and its apposition.
const AKA = String.raw`(?:(?:a\.?k\.?a\.?|also known as)\s+[“"][^”"]{1,40}[”"],?\s+)?`;
const FAMILY = String.raw`(?:son|daughter|daughters|sons|wife|husband|brother|sister|father|mother|nephew|niece|son-in-law|daughter-in-law|cousin|spouse)`;

const PATTERNS: Pattern[] = [
  { predicate: 'supplies', pattern: new RegExp(String.raw`\b(?:has been |have been |had been )?(?:suppl(?:y|ies|ied|ying)|provid(?:e|es|ed|ing)|transferr?(?:ing|ed|s)?|deliver(?:s|ed|ing)?|exported|exporting|sell(?:s|ing)?|sold)\b[^.;]{0,80}?\bto\s+(?:the\s+)?${PARTY}`, 'gu'), subject: 'before', object: 1 },
  { predicate: 'supplies', pattern: new RegExp(String.raw`\bfor supplying\s+(?:the\s+)?${PARTY}\s+with\b`, 'gu'), subject: 'before', object: 1 },
  { predicate: 'met_with', pattern: new RegExp(String.raw`\b(?:met|meets|meet|meeting|talks|talked|spoke)\s+with\s+(?:his |her |their |the )?(?:[\p{L}-]+\s+){0,3}?(?:counterpart\s+|Minister\s+|President\s+|Secretary\s+|leader\s+)?${PARTY}`, 'gu'), subject: 'before', object: 1 },
  { predicate: 'part_of', pattern: new RegExp(String.raw`${PARTY},\s+to which\s+(?:the\s+)?${PARTY}\s+is\s+(?:accountable|subordinate|attached)`, 'gu'), subject: 2, object: 1 },
  { predicate: 'part_of', pattern: new RegExp(String.raw`${PARTY}(?:\s+is|,)\s+(?:a\s+)?(?:subsidiary|part|unit|division|branch)\s+of\s+(?:the\s+)?${PARTY}`, 'gu'), subject: 1, object: 2 },
  { predicate: 'owns', pattern: new RegExp(String.raw`${PARTY}\s+(?:owns|owned|acquired|holds a stake in)\s+(?:the\s+)?${PARTY}`, 'gu'), subject: 1, object: 2 },
  { predicate: 'controls', pattern: new RegExp(String.raw`${PARTY}\s+(?:controls|controlled|runs|operates)\s+(?:the\s+)?${PARTY}`, 'gu'), subject: 1, object: 2 },
  { predicate: 'director_of', pattern: new RegExp(String.raw`${PARTY},\s+(?:the\s+)?(?:president|director(?:-general)?|director general|head|chairman|chief executive|CEO|founder|owner)\s+of\s+(?:the\s+)?(?:[\p{L}-]+-based\s+)?${PARTY}`, 'gu'), subject: 1, object: 2 },
  { predicate: 'director_of', pattern: new RegExp(String.raw`(?:president|director(?:-general)?|director general|head|chairman|chief executive|CEO)\s+of\s+(?:the\s+)?(?:[\p{L} -]+?,\s+)?${PARTY}(?:\s*\([^)]*\))?,\s+${PARTY}`, 'gu'), subject: 2, object: 1 },
  { predicate: 'employee_of', pattern: new RegExp(String.raw`${PARTY}:\s+${PARTY}\s+(?:official|officer|employee|agent|member)\b`, 'gu'), subject: 1, object: 2 },
  // "Renel Destina, believed to be the main leader of the Grand Ravine gang"; "Jeremy Paner, a partner at Hughes Hubbard".
  { predicate: 'director_of', pattern: new RegExp(String.raw`${PARTY},\s+${AKA}(?:[\p{Ll}-]+\s+){0,5}?${HEAD_ROLE}\s+(?:of|at)\s+(?:the\s+)?(?:[\p{L}-]+-based\s+)?${PARTY}`, 'gu'), subject: 1, object: 2 },
  { predicate: 'employee_of', pattern: new RegExp(String.raw`${PARTY},\s+(?:[\p{Ll}-]+\s+){0,4}?${STAFF_ROLE}\s+(?:of|at|for|with)\s+(?:the\s+)?${PARTY}`, 'gu'), subject: 1, object: 2 },
  // "FSB chief Alexander Bortnikov", "Hezbollah's leader Hassan Nasrallah", "State Department spokesperson Tammy Bruce".
  { predicate: 'director_of', pattern: new RegExp(String.raw`${PARTY}(?:’s|'s)?\s+${HEAD_ROLE}\s+${PARTY}`, 'gu'), subject: 2, object: 1 },
  { predicate: 'employee_of', pattern: new RegExp(String.raw`${PARTY}(?:’s|'s)?\s+${STAFF_ROLE}\s+${PARTY}`, 'gu'), subject: 2, object: 1 },
  // "Lukashenko's press secretary, Natallia Eismant": a possessive title, then the person after a comma.
  { predicate: 'employee_of', pattern: new RegExp(String.raw`${PARTY}(?:’s|'s)\s+${STAFF_ROLE},\s+${PARTY}`, 'gu'), subject: 2, object: 1 },
  // "Al-Ghazali is a senior member of AQAP", "Abukar Ali Adan is deputy leader of al-Shabaab".
  { predicate: 'employee_of', pattern: new RegExp(String.raw`${PARTY}\s+(?:is|was|has been)\s+(?:a|an|the)?\s*(?:[\p{Ll}-]+\s+){0,2}?(?:member|deputy leader|deputy head|deputy commander|operative|official|officer|employee)\s+(?:of|in|at|for)\s+(?:the\s+)?${PARTY}`, 'gu'), subject: 1, object: 2 },
  { predicate: 'director_of', pattern: new RegExp(String.raw`${PARTY}\s+(?:is|was|has been)\s+(?:a|an|the)?\s*(?:[\p{Ll}-]+\s+){0,2}?(?<!deputy )${HEAD_ROLE}\s+(?:of|at)\s+(?:the\s+)?${PARTY}`, 'gu'), subject: 1, object: 2 },
  // "Ali Youssef Charara and his Beirut-based telecommunications company Spectrum Investment Group Holding".
  { predicate: 'owns', pattern: new RegExp(String.raw`${PARTY},?\s+and\s+(?:his|her|its|their)\s+(?:[\p{L}-]+\s+){0,3}?(?:company|firm|business|subsidiary|bank)\s+${PARTY}`, 'gu'), subject: 1, object: 2 },
  // "TKB subsidiary Joint Stock Company Investtradebank", "Rosneft's subsidiary X".
  { predicate: 'owns', pattern: new RegExp(String.raw`${PARTY}(?:’s|'s)?\s+(?:wholly[- ]owned\s+)?subsidiary,?\s+${PARTY}`, 'gu'), subject: 1, object: 2 },
  // "Russia’s state-owned TASS news agency", "Iran’s state-run IRIB".
  { predicate: 'owns', pattern: new RegExp(String.raw`${PARTY}(?:’s|'s)\s+state-owned\s+(?:[\p{Ll}-]+\s+){0,2}?${PARTY}`, 'gu'), subject: 1, object: 2 },
  { predicate: 'controls', pattern: new RegExp(String.raw`${PARTY}(?:’s|'s)\s+state-(?:run|controlled)\s+(?:[\p{Ll}-]+\s+){0,2}?${PARTY}`, 'gu'), subject: 1, object: 2 },
  // "TV Zvezda, a Russian state-owned TV network run by the Russian Defence Ministry".
  { predicate: 'controls', pattern: new RegExp(String.raw`${PARTY},\s+(?:a|an|the)\s+(?:[\p{L}-]+\s+){0,6}?(?:run|controlled|operated|directed)\s+by\s+(?:the\s+)?${PARTY}`, 'gu'), subject: 2, object: 1 },
  // "Wanas al-Faqih is an AQIM associate".
  { predicate: 'related', pattern: new RegExp(String.raw`${PARTY}\s+(?:is|was)\s+an?\s+${PARTY}\s+(?:associate|affiliate|ally|supporter|financier|facilitator)\b`, 'gu'), subject: 1, object: 2 },
  // "owned or controlled by", "a front company for", "on behalf of".
  { predicate: 'owns', pattern: new RegExp(String.raw`${PARTY},?\s+(?:which is\s+|is\s+|was\s+)?(?:wholly\s+|majority[- ]|partly\s+)?owned(?:,? (?:or|and) controlled)?\s+by\s+(?:the\s+)?${PARTY}`, 'gu'), subject: 2, object: 1 },
  { predicate: 'controls', pattern: new RegExp(String.raw`${PARTY},?\s+(?:which is\s+|is\s+|was\s+)?(?:controlled|run|operated|directed)\s+by\s+(?:the\s+)?${PARTY}`, 'gu'), subject: 2, object: 1 },
  // A front company is controlled by the one it fronts for: "Y, a front company for X"; "X and its front company Y".
  { predicate: 'controls', pattern: new RegExp(String.raw`\b(?:front(?: company)?|cover company|shell company)\s+(?:for|of)\s+(?:the\s+)?${PARTY}`, 'gu'), subject: 1, object: 1, reverse: true },
  { predicate: 'controls', pattern: new RegExp(String.raw`${PARTY}(?:’s|'s)?(?:\s+\p{Ll}+){0,3}\s+and\s+(?:its|their)\s+front(?:\s+compan(?:y|ies))?,?\s+${PARTY}`, 'gu'), subject: 1, object: 2 },
  { predicate: 'related', pattern: new RegExp(String.raw`\b(?:on behalf of|for or on behalf of|in connection with|in support of)\s+(?:the\s+)?${PARTY}`, 'gu'), subject: 'before', object: 1 },
  // Family: "Putin's daughters Katerina Tikhonova", "and his son, Viktor Lukashenko".
  { predicate: 'related', pattern: new RegExp(String.raw`${PARTY}(?:’s|'s)\s+(?:two\s+|eldest\s+|youngest\s+)?${FAMILY},?\s+${PARTY}`, 'gu'), subject: 2, object: 1 },
  { predicate: 'related', pattern: new RegExp(String.raw`\b(?:his|her)\s+(?:two\s+|eldest\s+|youngest\s+)?${FAMILY}\b(?:\s+and\s+[\p{Ll} ]{2,40}?)?,?\s+${PARTY}`, 'gu'), subject: 1, object: 1, reverse: true },
  { predicate: 'agreement_with', pattern: new RegExp(String.raw`${PARTY}\s+and\s+${PARTY}\s+(?:signed|concluded|agreed|reached|approved)\b[^.]{0,80}\b(?:agreement|deal|memorandum|contract|roadmap|treaty)`, 'gu'), subject: 1, object: 2 },
  { predicate: 'related', pattern: new RegExp(String.raw`\b(?:connected|linked|affiliated|associated)\s+(?:to|with)\s+(?:the\s+)?${PARTY}`, 'gu'), subject: 'before', object: 1 },
];

function partyAfter(text: string, from: number, offset: number): string | null {
  const rest = text.slice(from);
  const named = findNames(rest, offset + from)[0];
  const country = /^(?:the\s+)?([\p{Lu}][\p{L}]+(?:\s[\p{Lu}][\p{L}]+)?)/u.exec(rest);
  // A country named first ("to Pakistan's National Defense Complex" keeps its owner's name).
  if (named && named.start - offset - from <= 40) {
    const possessive = /^(?:the\s+)?([\p{Lu}][\p{L}]+[’']s\s+)/u.exec(rest);
    return possessive && named.start - offset - from === possessive[0].length ? rest.slice(0, named.end - offset - from).replace(/^the\s+/u, '') : named.text;
  }
  return country && countryOf(country[1]) ? country[1] : null;
}

function clean(name: string): string {
  // "San Marino-flagged Tulip BZ", "Marshall Islands-registered Zaas …": the flag or seat is not the party.
  return name
    .replace(/^(?:[\p{Lu}][\p{L}]*\s)*[\p{Lu}][\p{L}]+-(?:flagged|based|registered|linked|backed)\s+(?=[\p{Lu}\p{N}])/u, '')
    .replace(/[’']s$/u, '')
    .replace(/[.,]$/u, '')
    .trim();
}

function validParty(name: string): boolean {
  return name.length >= 2 && (findNames(name).length > 0 || isCountryWord(name) || countryOf(name) !== null);
}

/** Relations stated in the sentences; `subjects` gives the party a sentence is about when it names none ("they"). */
export function extractRelations(sentences: Sentence[]): GroupRelation[] {
  const relations: GroupRelation[] = [];
  const namesOf = new Map<Sentence, NameSpan[]>();
  let lastSubject: NameSpan | null = null;
  for (const sentence of sentences) {
    const text = sentence.text;
    const names = findNames(text, sentence.start);
    for (const { predicate, pattern, subject, object, reverse } of PATTERNS) {
      pattern.lastIndex = 0;
      for (const m of text.matchAll(pattern)) {
        if (reverse) {
          const before = names.filter((n) => n.end - sentence.start <= m.index && authoritiesIn(n.text).length === 0);
          const relative = findNames(clean(m[subject as number]))[0]?.text;
          const of = before[before.length - 1]?.text;
          if (relative && of && relative !== of) relations.push({ subject: relative, predicate, object: of, evidence: { start: sentence.start + m.index, end: sentence.start + m.index + m[0].length, text: m[0] } });
          continue;
        }
        // After a verb the object is the first party named: titles and adjectives before it are
        // not part of it ("his Pakistani counterpart Khawaja Muhammad Asif").
        const after = subject === 'before' ? partyAfter(text, m.index + m[0].length - m[object].length, sentence.start) : null;
        const objectName = after ?? clean(m[object]);
        let subjectName: string | null;
        if (subject === 'before') {
          const before = names.filter((n) => n.end - sentence.start <= m.index && authoritiesIn(n.text).length === 0);
          // A group closer to the verb than any name is who does it: "Alongside MZKT, three Chinese enterprises were listed, as they were accused of transferring …".
          const last = before[before.length - 1];
          const group = groupIn(text.slice(last ? last.end - sentence.start : 0, m.index), !last && !lastSubject);
          if (group && validParty(objectName)) {
            relations.push({ subject: text.slice(0, m.index).trim().split(/\s+/u).slice(-3).join(' '), predicate, object: objectName, evidence: { start: sentence.start + m.index, end: sentence.start + m.index + m[0].length, text: m[0] }, group, named: names.map((n) => n.text) });
            continue;
          }
          // The party doing it: the nearest name before the verb, else the one the text spoke of last ("they").
          subjectName = before[before.length - 1]?.text ?? (/\b(it|they|the (plant|company|companies|enterprise))\b/iu.test(text.slice(0, m.index)) ? (lastSubject?.text ?? null) : null);
        } else subjectName = clean(m[subject]);
        if (!subjectName || !validParty(subjectName) || !validParty(objectName) || subjectName === objectName) continue;
        relations.push({ subject: subjectName, predicate, object: objectName, evidence: { start: sentence.start + m.index, end: sentence.start + m.index + m[0].length, text: m[0] } });
      }
    }
    if (names[0]) lastSubject = names[0];
    namesOf.set(sentence, names);
  }
  return [...relations, ...roleRelations(sentences, (s) => namesOf.get(s) ?? []), ...titledRelations(sentences, (s) => namesOf.get(s) ?? []), ...memberRelations(sentences, (s) => namesOf.get(s) ?? []), ...possessiveUnitRelations(sentences, (s) => namesOf.get(s) ?? [])];
}
