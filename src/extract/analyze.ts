// One article from raw text to facts: furniture dropped, sentences, publication date, the
// parties (grouped and linked to the store), the sanction events and the relations, each with
// offsets into the original text.
import type { Screener } from '../screen/screen.js';
import { sha256Text } from './hash.js';
import { articleText, cleanLines, type Line } from './clean.js';
import { publicationDate, type Publication } from './dates.js';
import { extractDesignations, type Designation } from './designations.js';
import { groupEntities, type ArticleEntity } from './entities.js';
import { findNames } from './names.js';
import { extractRelations, type Relation } from './relations.js';
import { splitSentences, type Sentence } from './sentences.js';

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

/** Analyse one article; with a screener, parties are linked to the store's list entries. */
export function analyzeArticle(input: ArticleInput, screener: Screener | null = null): ArticleAnalysis {
  const lines = cleanLines(input.text);
  const sentences = splitSentences(lines);
  const publication = publicationDate(lines, input.published ?? null);
  const designations = extractDesignations(sentences, publication.date, publication.period ?? null);
  const relations = extractRelations(sentences);
  const types = new Map(designations.map((d) => [d.target.text, d.targetType] as const));
  const names = [...designations.map((d) => d.target), ...sentences.flatMap((s) => findNames(s.text, s.start))].sort((a, b) => a.start - b.start);
  const unique = names.filter((n, i) => names.findIndex((o) => o.start === n.start && o.end === n.end) === i);
  const entities = groupEntities(unique, screener, types);
  resolveDefiniteMentions(input.text, sentences, entities);
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
    .map((d) => ({ subject: d.target.text, predicate: 'sanctioned_by' as const, object: d.authority, evidence: { start: d.evidence.start, end: d.evidence.end, text: d.evidence.text } }));
  return {
    id: `article-${sha256Text(input.text).slice(0, 16)}`,
    source: input.source,
    title: input.title ?? titleOf(lines),
    language: input.language ?? null,
    publication,
    text: input.text,
    lines,
    sentences,
    entities,
    designations: designations.map((d) => ({ ...d, entity: entityOf(d.target.text) })),
    relations: [...relations, ...history].map((r) => ({ ...r, subjectEntity: partyOf(r.subject, r.evidence), objectEntity: partyOf(r.object, r.evidence) })),
  };
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
