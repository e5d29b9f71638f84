// One article from raw text to facts: furniture dropped, sentences, publication date, the
// parties (grouped and linked to the store), the sanction events and the relations, each with
// offsets into the original text.
import type { Screener } from '../screen/screen.js';
import { sha256Text } from './hash.js';
import { articleText, cleanLines, type Line } from './clean.js';
import { publicationDate, type Publication } from './dates.js';
import { extractDesignations, type Designation } from './designations.js';
import { groupEntities, linkEntities, type ArticleEntity } from './entities.js';
import type { NameSpan } from './names.js';
import { extractRelations, type Relation } from './relations.js';
import { reasonRelations } from './reason-relations.js';
import { resolveGroupRelations } from './group-reference.js';
import { isPlaceName } from './places.js';
import { authoritiesIn, isCountryWord } from './lexicon.js';
import { countryWordCode } from './countries.js';
import { splitSentences, type Sentence } from './sentences.js';
import { readDocument, type ArticleDocument } from './document.js';
import { learnedDesignations } from './events.js';
import { entityFeatures, lineFeatures } from './features.js';
import { learnedRelations } from './learned-relations.js';
import { probability, type BinaryModel } from './learn/logistic.js';
import { defaultModels, type NewsModels } from './learn/models.js';

export interface ArticleInput {
  source: string;
  text: string;
  title?: string | null;
  published?: string | null;
  language?: string | null;
}

export interface LinkedDesignation extends Designation {
  /** The article entity the target belongs to. */
  entity: number | null;
}

export interface LinkedRelation extends Relation {
  subjectEntity: number | null;
  objectEntity: number | null;
}

/** Milliseconds spent per stage, summed over the articles analysed with it (bench/news.ts). */
export interface StageTimes {
  furniture: number;
  language: number;
  events: number;
  relations: number;
  parties: number;
}

export interface ArticleAnalysis {
  id: string;
  source: string;
  title: string | null;
  language: string | null;
  publication: Publication;
  text: string;
  lines: Line[];
  sentences: Sentence[];
  entities: ArticleEntity[];
  designations: LinkedDesignation[];
  relations: LinkedRelation[];
}

/**
 * Analyse one article; with a screener, parties are linked to the store's list entries. With
 * models (the shipped ones by default) the learned decisions choose furniture, targets, events,
 * authorities, parties and relations; with `null` the hand rules alone do.
 */
export function analyzeArticle(input: ArticleInput, screener: Screener | null = null, models: NewsModels | null = defaultModels(), stages?: StageTimes): ArticleAnalysis {
  let mark = performance.now();
  const lap = (stage: keyof StageTimes) => {
    if (!stages) return;
    const now = performance.now();
    stages[stage] += now - mark;
    mark = now;
  };
  const ruleLines = cleanLines(input.text);
  const lines = models ? decideFurniture(ruleLines, models.furniture) : ruleLines;
  lap('furniture');
  const sentences = splitSentences(lines);
  const publication = publicationDate(lines, input.published ?? null);
  const doc = readDocument(input.text, lines, sentences);
  lap('language');
  const period = publication.period ?? null;
  const designations = models ? learnedDesignations(doc, publication.date, period, models) : extractDesignations(sentences, publication.date, period);
  const ruleRelations = resolveGroupRelations(extractRelations(sentences), designations);
  // The hand patterns are precise where they fire; the learned pairs add what they miss.
  const stated = models ? unionRelations(ruleRelations, learnedRelations(doc, ruleRelations, models.relation)) : ruleRelations;
  // A listing's reason names whom its targets served: one relation per target of the event.
  const relations = [...(models ? shareOverList(stated, designations) : stated), ...reasonRelations(designations)];
  lap('events');
  const types = new Map(designations.map((d) => [d.target.text, d.targetType] as const));
  const names = [...designations.map((d) => d.target), ...doc.sentences.flatMap((s) => s.names)].sort((a, b) => a.start - b.start);
  const unique = names.filter((n, i) => names.findIndex((o) => o.start === n.start && o.end === n.end) === i);
  lap('relations');
  // Parties are kept before they are linked: linking costs a screening per name, and a name the
  // entity model drops would be linked for nothing.
  const grouped = groupEntities(unique, null, types);
  const kept = models ? keepParties(doc, grouped, designations, relations, models.entity) : grouped;
  const entities = screener ? linkEntities(kept, screener) : kept;
  resolveDefiniteMentions(input.text, sentences, entities);
  lap('parties');
  const entityOf = (text: string) => entities.find((e) => e.aliases.includes(text) || e.name === text)?.id ?? null;
  // A relation's end named with more words than the party ("Pakistan's National Defense Complex"
  // for National Defense Complex) is that party; one named nowhere else (a country) becomes one.
  const partyOf = (text: string, evidence: Relation['evidence']): number => {
    const exact = entityOf(text);
    if (exact !== null) return exact;
    const within = entities.filter((e) => e.aliases.some((a) => a.length >= 4 && text.includes(a))).sort((a, b) => b.name.length - a.name.length)[0];
    if (within) {
      if (!within.aliases.includes(text)) within.aliases.push(text);
      return within.id;
    }
    const at = input.text.indexOf(text, evidence.start);
    const created: ArticleEntity = { id: entities.length + 1, name: text, type: 'Other', mentions: at >= 0 && at < evidence.end ? [{ start: at, end: at + text.length, text }] : [], aliases: [text], link: null };
    entities.push(created);
    return created.id;
  };
  for (const d of designations) {
    const owner = entities.find((e) => e.id === entityOf(d.target.text));
    if (owner && owner.type === 'Other') owner.type = d.targetType;
  }
  // A sanctioned_by relation for every listing told as history: the party's past, with its evidence.
  const history: Relation[] = designations
    .filter((d) => d.action === 'other')
    .map((d) => ({ subject: d.target.text, predicate: 'sanctioned_by' as const, object: d.authorityText ?? d.authority, evidence: { start: d.evidence.start, end: d.evidence.end, text: d.evidence.text }, confidence: d.confidence }));
  return {
    id: `article-${sha256Text(input.text).slice(0, 16)}`,
    source: input.source,
    title: input.title ?? titleOf(lines),
    language: input.language ?? doc.language,
    publication,
    text: input.text,
    lines,
    sentences,
    entities,
    designations: onePerEvent(designations.map((d) => ({ ...d, entity: entityOf(d.target.text) }))),
    relations: onePerPair([...relations, ...history].map((r) => ({ ...r, subjectEntity: partyOf(r.subject, r.evidence), objectEntity: partyOf(r.object, r.evidence) }))),
  };
}

/**
 * "MZKT" and "Minsk Wheel Tractor Plant" designated by the same authority are one event of one
 * party: the first report of it speaks (unless a later one is much surer), with the reason,
 * date and country any of its reports give.
 */
function onePerEvent(designations: LinkedDesignation[]): LinkedDesignation[] {
  const groups = new Map<string, LinkedDesignation[]>();
  for (const d of designations) {
    const key = `${d.entity ?? d.target.text}|${d.authority}|${d.action}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const kept = [...groups.values()].map((group) => {
    const top = Math.max(...group.map((d) => d.confidence ?? 0));
    // The first sentence that reports it, and in it the fullest name ("Minsk Wheel Tractor Plant" over "MZKT").
    const speaker = group.filter((d) => (d.confidence ?? 0) >= 0.8 * top).sort((a, b) => a.evidence.start - b.evidence.start || b.target.text.length - a.target.text.length)[0] ?? group[0];
    const dated = speaker.date ? speaker : (group.find((d) => d.date) ?? speaker);
    return { ...speaker, reason: speaker.reason ?? group.find((d) => d.reason)?.reason ?? null, date: dated.date, datePrecision: dated.datePrecision, country: speaker.country ?? group.find((d) => d.country)?.country ?? null };
  });
  return kept.sort((a, b) => a.target.start - b.target.start);
}

function unionRelations(rules: Relation[], learned: Relation[]): Relation[] {
  const overlaps = (a: string, b: string) => a === b || a.includes(b) || b.includes(a);
  // A learned pair the patterns state the other way round ("Tulip BZ, owned by Zaas …") is dropped.
  const stated = (l: Relation, r: Relation) => r.predicate === l.predicate && ((overlaps(r.subject, l.subject) && overlaps(r.object, l.object)) || (overlaps(r.subject, l.object) && overlaps(r.object, l.subject)));
  return [...rules, ...learned.filter((l) => !rules.some((r) => stated(l, r)))];
}

/** One relation per (subject party, predicate, object party): the first statement of it speaks. */
function onePerPair<R extends Relation & { subjectEntity: number; objectEntity: number }>(relations: R[]): R[] {
  const seen = new Set<string>();
  return relations.filter((r) => {
    const key = `${r.subjectEntity}|${r.predicate}|${r.objectEntity}`;
    if (seen.has(key) || r.subjectEntity === r.objectEntity) return false;
    seen.add(key);
    return true;
  });
}

/**
 * "…sanctions against A, B and C for transferring items to North Korea's missile programme": a
 * reason told once for a list of targets holds for each of them. A supplies or related relation
 * of one target is shared with the other targets of the same event sentence.
 */
function shareOverList(relations: Relation[], designations: Designation[]): Relation[] {
  const out = [...relations];
  for (const r of relations) {
    if (r.predicate !== 'supplies' && r.predicate !== 'related') continue;
    const own = designations.find((d) => d.target.text === r.subject && d.evidence.start <= r.evidence.start && r.evidence.end <= d.evidence.end);
    if (!own) continue;
    for (const d of designations) {
      if (d === own || d.evidence.start !== own.evidence.start || d.target.text === r.object || d.target.part) continue;
      if (out.some((o) => o.predicate === r.predicate && o.subject === d.target.text && o.object === r.object)) continue;
      out.push({ ...r, subject: d.target.text });
    }
  }
  return out;
}

/** The furniture model decides each line; the rule that fired is one of its features. */
// The rules that look only at where a line stands (after the last sentence) are the model's to
// overrule; a line matching a furniture pattern ("top of page", a paywall teaser) stays dropped.
const POSITIONAL_RULES = new Set(['trailing menu or teaser', 'related-article teaser']);

// The first line of a text is its headline unless a site pattern says otherwise: the model may
// not drop a plain one ("Sanctions news from the wire"), since the document model reads the
// issuer and the lead event from it.
const PLAIN_HEADLINE = /^(?=(?:\S+\s+){2,})(?!date\s+\d)[^|•·»›@©]+$/iu;

export function decideFurniture(lines: Line[], model: BinaryModel): Line[] {
  const first = lines.findIndex((l) => l.text.trim());
  const decided = lines.map((line, i) => {
    if (!line.text.trim()) return line;
    if (line.furniture && !POSITIONAL_RULES.has(line.furniture)) return line;
    if (i === first && !line.furniture && PLAIN_HEADLINE.test(line.text.trim())) return line;
    const p = probability(model, lineFeatures(lines, i, line.furniture));
    return { ...line, furniture: p >= model.threshold ? (line.furniture ?? `learned (${p.toFixed(2)})`) : null };
  });
  // A paragraph wrapped over lines is one unit: a line that starts in lower case right after a
  // kept line that did not end a sentence continues that text, whatever the line alone looks like.
  for (let i = 1; i < decided.length; i++) {
    const line = decided[i];
    const prev = decided[i - 1];
    if (!line.furniture || (lines[i].furniture && !POSITIONAL_RULES.has(lines[i].furniture!))) continue;
    if (!prev.furniture && prev.text.trim() && /^\s*\p{Ll}/u.test(line.text) && !/[.!?"”]\s*$/u.test(prev.text)) decided[i] = { ...line, furniture: null };
  }
  return decided;
}

/** Mentions of a party with the sentence each stands in. */
export function mentionsBySentence(doc: ArticleDocument, entity: ArticleEntity): { sentence: number; span: NameSpan }[] {
  return entity.mentions
    .map((m) => ({ sentence: doc.sentences.findIndex((s) => s.start <= m.start && m.end <= s.end), span: { start: m.start, end: m.end, text: m.text } }))
    .filter((m) => m.sentence >= 0);
}

/** Parties worth keeping: targets and relation ends always, other names when the entity model says so. */
function keepParties(doc: ArticleDocument, entities: ArticleEntity[], designations: Designation[], relations: Relation[], model: BinaryModel): ArticleEntity[] {
  const needed = new Set([...designations.map((d) => d.target.text), ...relations.flatMap((r) => [r.subject, r.object])]);
  const kept = entities.filter((e) => {
    if (e.aliases.some((a) => needed.has(a))) return true;
    // A city, region or country is where things happen (the gold files type them Location or
    // Country, not a party); one that stands in a relation was kept above.
    if (isPlainPlace(e.name)) return false;
    const mentions = mentionsBySentence(doc, e);
    if (mentions.length === 0) return false;
    return probability(model, entityFeatures(doc, mentions, false)) >= model.threshold;
  });
  kept.forEach((e, i) => (e.id = i + 1));
  return kept;
}

function isPlainPlace(name: string): boolean {
  if (authoritiesIn(name).some((a) => a.start === 0 && a.end === name.length && a.specificity >= 2)) return false;
  return isPlaceName(name) || isCountryWord(name) || countryWordCode(name) !== null;
}

// "the plant", "the company": the organisation named last before it (within a few sentences).
const DEFINITE = /\b[Tt]he (plant|company|enterprise|factory|firm|manufacturer|bank|group)\b(?!\s+(?:of|that|which|who)\b)/gu;

function resolveDefiniteMentions(text: string, sentences: Sentence[], entities: ArticleEntity[]): void {
  const mentions = entities.flatMap((e) => e.mentions.map((m) => ({ ...m, entity: e }))).sort((a, b) => a.start - b.start);
  for (const sentence of sentences) {
    for (const m of sentence.text.matchAll(DEFINITE)) {
      const at = sentence.start + m.index;
      const antecedent = mentions.filter((x) => x.end <= at && at - x.end < 600 && x.entity.type !== 'Person').pop();
      if (antecedent && !antecedent.entity.mentions.some((x) => x.start === at)) antecedent.entity.mentions.push({ start: at, end: at + m[0].length, text: text.slice(at, at + m[0].length) });
    }
  }
}

/** The first kept line that reads as a headline. */
function titleOf(lines: Line[]): string | null {
  return lines.find((l) => !l.furniture && l.text.trim().split(/\s+/u).length >= 4)?.text.trim() ?? null;
}

export { articleText };
