// Analyst review of the facts the news reader extracted: each reported designation and relation
// (ids `<article>-sanction-N`, `<article>-relation-N`, as src/extract/ftm.ts names them) can be
// accepted or rejected, with who and when. A rejected fact leaves profiles and timelines; an
// accepted one is marked reviewed. Reviewed articles export as gold files (the dev set's format),
// so the decisions grow the training set of scripts/train-news.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/types.js';
import { loadAnalysis } from './pipeline.js';

export type FactDecision = 'accepted' | 'rejected';

export interface FactReview {
  articleId: string;
  factId: string;
  decision: FactDecision;
  actor: string;
  decidedAt: string;
  comment: string | null;
}

export interface Fact {
  id: string;
  kind: 'designation' | 'relation';
  summary: string;
  confidence: number | null;
  review: FactReview | null;
}

export class ReviewError extends Error {}

interface ReviewRow {
  article_id: string;
  fact_id: string;
  decision: string;
  actor: string;
  decided_at: string;
  comment: string | null;
}

const toReview = (r: ReviewRow): FactReview => ({ articleId: r.article_id, factId: r.fact_id, decision: r.decision as FactDecision, actor: r.actor, decidedAt: r.decided_at, comment: r.comment });

/** The facts of one article, each with its review in force (or none). */
export async function articleFacts(store: Store, articleId: string): Promise<{ articleId: string; facts: Fact[] }> {
  const record = await store.getArticle(articleId);
  if (!record) throw new ReviewError(`no article '${articleId}'`);
  const analysis = loadAnalysis(record.body, record.analysis);
  const reviews = await reviewsInForce(store, record.id);
  const party = (id: number | null, text: string) => analysis.entities.find((e) => e.id === id)?.name ?? text;
  const facts: Fact[] = [
    ...analysis.designations.map((d, i) => ({
      id: `${record.id}-sanction-${i + 1}`,
      kind: 'designation' as const,
      summary: `${d.action} ${party(d.entity, d.target.text)} by ${d.authority}${d.date ? ` on ${d.date}` : ''}`,
      confidence: d.confidence ?? null,
    })),
    ...analysis.relations.map((r, i) => ({
      id: `${record.id}-relation-${i + 1}`,
      kind: 'relation' as const,
      summary: `${party(r.subjectEntity, r.subject)} ${r.predicate} ${party(r.objectEntity, r.object)}`,
      confidence: r.confidence ?? null,
    })),
  ].map((f) => ({ ...f, review: reviews.get(f.id) ?? null }));
  return { articleId: record.id, facts };
}

async function reviewsInForce(store: Store, articleId: string | null): Promise<Map<string, FactReview>> {
  const rows = articleId === null ? await store.sql.all<ReviewRow>('SELECT * FROM fact_reviews ORDER BY id') : await store.sql.all<ReviewRow>('SELECT * FROM fact_reviews WHERE article_id = ? ORDER BY id', [articleId]);
  const out = new Map<string, FactReview>();
  for (const r of rows) out.set(r.fact_id, toReview(r));
  return out;
}

/** Record an analyst's decision on one fact; refuses an unknown fact or decision by name. */
export async function reviewFact(store: Store, input: { factId: string; decision: string; actor: string; comment?: string | null }): Promise<FactReview> {
  if (input.decision !== 'accepted' && input.decision !== 'rejected') throw new ReviewError(`decision must be 'accepted' or 'rejected', not '${input.decision}'`);
  const match = /^(article-[0-9a-f]+)-(sanction|relation)-\d+$/u.exec(input.factId);
  if (!match) throw new ReviewError(`'${input.factId}' is not a fact id (article-…-sanction-N or article-…-relation-N)`);
  const { facts } = await articleFacts(store, match[1]);
  if (!facts.some((f) => f.id === input.factId)) throw new ReviewError(`no fact '${input.factId}' in article ${match[1]}`);
  const review: FactReview = { articleId: match[1], factId: input.factId, decision: input.decision, actor: input.actor, decidedAt: new Date().toISOString(), comment: input.comment ?? null };
  await store.sql.run('INSERT INTO fact_reviews (article_id, fact_id, decision, actor, decided_at, comment) VALUES (?, ?, ?, ?, ?, ?)', [review.articleId, review.factId, review.decision, review.actor, review.decidedAt, review.comment]);
  return review;
}

/** Every review in force, by fact id (profiles and timelines leave out the rejected facts). */
export async function reviewsByFact(store: Store): Promise<Map<string, FactReview>> {
  return reviewsInForce(store, null);
}

/** Write every reviewed article as X.txt + X.gold.json (rejected facts left out); returns the files written. */
export async function exportGold(store: Store, dir: string): Promise<string[]> {
  const reviews = await reviewsInForce(store, null);
  const articleIds = [...new Set([...reviews.values()].map((r) => r.articleId))].sort();
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const id of articleIds) {
    const record = (await store.getArticle(id))!;
    const a = loadAnalysis(record.body, record.analysis);
    const state = (factId: string) => reviews.get(factId)?.decision ?? 'unreviewed';
    const party = (entity: number | null, text: string) => a.entities.find((e) => e.id === entity)?.name ?? text;
    const gold = {
      source: a.source,
      published: a.publication.date,
      designations: a.designations
        .map((d, i) => ({ review: state(`${id}-sanction-${i + 1}`), target: d.target.text, target_type: d.targetType, authority: d.authority, action: d.action, date: d.date, reason: d.reason, country: d.country }))
        .filter((d) => d.review !== 'rejected'),
      entities: a.entities.map((e) => ({ name: e.name, aliases: e.aliases.filter((x) => x !== e.name), type: e.type })),
      relations: a.relations
        .map((r, i) => ({ review: state(`${id}-relation-${i + 1}`), subject: party(r.subjectEntity, r.subject), predicate: r.predicate, object: party(r.objectEntity, r.object), evidence: r.evidence.text }))
        .filter((r) => r.review !== 'rejected'),
      boilerplate_lines: a.lines.filter((l) => l.furniture && l.text.trim()).map((l) => l.text),
    };
    writeFileSync(join(dir, `${id}.txt`), record.body);
    writeFileSync(join(dir, `${id}.gold.json`), `${JSON.stringify(gold, null, 1)}\n`);
    written.push(join(dir, `${id}.gold.json`));
  }
  return written;
}
