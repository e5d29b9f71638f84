// Reading articles into the store: analyse each document, make its FtM entities, and store
// article and entities in one transaction, once per content (the same text again is a no-op).
import type { Screener } from '../screen/screen.js';
import type { Store } from '../store/types.js';
import { analyzeArticle, type ArticleAnalysis } from './analyze.js';
import { articleToFtm } from './ftm.js';
import { sha256Text } from './hash.js';

export interface DocumentInput {
  source: string;
  text: string;
  title?: string | null;
  published?: string | null;
  language?: string | null;
}

export interface IngestOutcome {
  analysis: ArticleAnalysis;
  /** False when an article with the same text was stored before. */
  stored: boolean;
}

export async function ingestDocument(store: Store, doc: DocumentInput, screener: Screener | null): Promise<IngestOutcome> {
  if (!doc.text.trim()) throw new Error(`${doc.source}: no text`);
  const analysis = analyzeArticle(doc, screener);
  const entities = articleToFtm(analysis);
  const stored = await store.saveArticle(
    {
      id: analysis.id,
      sha256: sha256Text(doc.text),
      source: doc.source,
      title: analysis.title,
      language: analysis.language,
      published: analysis.publication.date,
      ingestedAt: new Date().toISOString(),
      body: doc.text,
      analysis: JSON.stringify(storedAnalysis(analysis)),
    },
    entities.map((e) => ({ entityId: e.id, schema: e.schema, linkedId: e.linkedId, data: JSON.stringify({ id: e.id, schema: e.schema, statements: e.statements }) })),
  );
  return { analysis, stored };
}

/** What is kept of an analysis: everything but the text, which the article row holds once. */
function storedAnalysis(analysis: ArticleAnalysis): Omit<ArticleAnalysis, 'text'> {
  const { text: _text, ...rest } = analysis;
  return rest;
}

/** An analysis read back from the store. */
export function loadAnalysis(body: string, json: string): ArticleAnalysis {
  return { ...(JSON.parse(json) as Omit<ArticleAnalysis, 'text'>), text: body };
}
