// Relations with a learned decision: every pair of names (and countries) within one sentence
// is a candidate; a one-vs-rest logistic model over the words between them, their order and
// shapes, and what the hand patterns of relations.ts said, picks the predicate or none.
import type { ArticleDocument, DocSentence } from './document.js';
import { relationFeatures } from './features.js';
import { countryOf } from './lexicon.js';
import { probability, type MulticlassModel } from './learn/logistic.js';
import { isGivenNameWord, type NameSpan } from './names.js';
import type { Predicate, Relation } from './relations.js';

export interface PairCandidate {
  sentence: number;
  subject: NameSpan;
  object: NameSpan;
  features: string[];
}

const MAX_NAMES = 14;
const MAX_GAP = 260;

/** The names of a sentence, with the countries and authorities findNames leaves out ("to Pakistan"). */
export function relationParties(s: DocSentence): NameSpan[] {
  const spans = [...s.names];
  for (const a of s.authorities) {
    const start = s.start + a.start;
    if (!spans.some((n) => n.start < start + a.text.length && n.end > start)) spans.push({ start, end: start + a.text.length, text: a.text });
  }
  for (const m of s.text.matchAll(/(?<![\p{L}])[\p{Lu}][\p{L}]+(?:\s[\p{Lu}][\p{L}]+)?(?![\p{L}])/gu)) {
    if (!countryOf(m[0])) continue;
    const start = s.start + m.index;
    if (!spans.some((n) => n.start < start + m[0].length && n.end > start)) spans.push({ start, end: start + m[0].length, text: m[0] });
  }
  return spans.sort((a, b) => a.start - b.start).slice(0, MAX_NAMES);
}

export function pairCandidates(doc: ArticleDocument, rules: Relation[]): PairCandidate[] {
  const out: PairCandidate[] = [];
  doc.sentences.forEach((s, k) => {
    const parties = relationParties(s);
    for (const a of parties) {
      for (const b of parties) {
        if (a === b || Math.abs(a.start - b.start) > MAX_GAP || a.text === b.text) continue;
        // Names inside one another ("Ali Rezvani" of "Ali Rezvani and …") are one mention, not a pair.
        if (a.start < b.end && b.start < a.end) continue;
        const rule = rules.find((r) => r.evidence.start >= s.start && r.evidence.end <= s.end && (r.subject === a.text || a.text.includes(r.subject)) && (r.object === b.text || b.text.includes(r.object) || r.object.includes(b.text)));
        out.push({ sentence: k, subject: a, object: b, features: relationFeatures(s, a, b, rule?.predicate ?? null) });
      }
    }
  });
  return out;
}

// One-vs-rest: "none" is most pairs' likeliest class; a predicate this likely is stated all the same.
const RELATION_THRESHOLD = 0.35;

export function learnedRelations(doc: ArticleDocument, rules: Relation[], model: MulticlassModel, threshold = RELATION_THRESHOLD): (Relation & { confidence: number })[] {
  const out: (Relation & { confidence: number })[] = [];
  // sanctioned_by comes from the events (history told of a party), not from pairs of names.
  const predicates = model.classes.filter((c) => c !== 'none' && c !== 'sanctioned_by');
  for (const c of pairCandidates(doc, rules)) {
    if (countryOf(c.subject.text) && countryOf(c.object.text)) continue;
    const scored = predicates.map((label) => ({ label, probability: probability(model.models[label], c.features) })).sort((a, b) => b.probability - a.probability)[0];
    if (!scored || scored.probability < threshold || !typesAgree(scored.label as Predicate, c.subject.text, c.object.text)) continue;
    const { label, probability: p } = scored;
    const s = doc.sentences[c.sentence];
    out.push({ subject: c.subject.text, predicate: label as Predicate, object: c.object.text, evidence: { start: s.start, end: s.end, text: s.text }, confidence: Math.round(p * 1000) / 1000 });
  }
  return out;
}

const ORGANISATION = /(?<![\p{L}])(?:LLC|Ltd|Limited|Inc|Corp|Corporation|Co|Company|Group|Holdings?|GmbH|AG|JSC|Bank|Plant|Institute|Bureau|Ministry|Agency|Committee|Council|Department|Office|Service|Army|Corps|Unit|Center|Centre|Commission|Party|Cartel|Alliance)(?![\p{L}])/u;
const personLike = (name: string) => {
  const words = name.split(/\s+/u);
  return words.length >= 2 && words.length <= 4 && isGivenNameWord(words[0]) && !ORGANISATION.test(name);
};

/** A person heads or works for a body, not for another person; a body is not a person's employee. */
function typesAgree(predicate: Predicate, subject: string, object: string): boolean {
  if (predicate === 'director_of' || predicate === 'employee_of' || predicate === 'part_of') return !personLike(object) && !(ORGANISATION.test(subject) && predicate !== 'part_of');
  if (predicate === 'owns' || predicate === 'controls') return !personLike(object);
  return true;
}
