// Articles in the store, on SQLite and on a real PostgreSQL server: stored once by content,
// read back whole, and a failing save leaves no half-stored article.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeArticle } from '../../src/extract/analyze.js';
import { articleToFtm } from '../../src/extract/ftm.js';
import { ingestDocument, loadAnalysis } from '../../src/extract/pipeline.js';
import { NEWS } from '../helpers/paths.js';
import { backends } from '../helpers/stores.js';

const text = readFileSync(join(NEWS, 'seed_000_mzkt_sanctions.txt'), 'utf8');

for (const backend of backends()) {
  describe(`articles on ${backend.name}`, () => {
    after(() => backend.teardown());

    test('an article is stored once, read back whole, with its FtM entities', async () => {
      const { store } = await backend.fresh();
      try {
        const first = await ingestDocument(store, { source: 'seed_000.txt', text }, null);
        assert.equal(first.stored, true);
        assert.equal((await ingestDocument(store, { source: 'elsewhere.txt', text }, null)).stored, false);
        const record = (await store.getArticle(first.analysis.id.slice(0, 14)))!;
        assert.equal(record.body, text);
        assert.deepEqual(loadAnalysis(record.body, record.analysis).designations.map((d) => d.target.text), first.analysis.designations.map((d) => d.target.text));
        const entities = await store.getArticleEntities(record.id);
        assert.equal(entities.filter((e) => e.schema === 'Sanction').length, first.analysis.designations.length);
        assert.deepEqual((await store.listArticles()).map((a) => a.id), [record.id]);
      } finally {
        await store.close();
      }
    });

    test('a save that fails half-way stores nothing of the article', async () => {
      const { store } = await backend.fresh();
      try {
        const analysis = analyzeArticle({ source: 'seed_000.txt', text });
        const entities = articleToFtm(analysis).map((e) => ({ entityId: e.id, schema: e.schema, linkedId: null, data: '{}' }));
        // The same entity twice violates the key after the article row and some entities were written.
        const broken = [...entities, entities[1]];
        await assert.rejects(store.saveArticle({ id: analysis.id, sha256: 'x', source: 's', title: null, language: null, published: null, ingestedAt: new Date().toISOString(), body: text, analysis: '{}' }, broken));
        assert.equal(await store.getArticle(analysis.id), null);
        assert.deepEqual(await store.getArticleEntities(analysis.id), []);
      } finally {
        await store.close();
      }
    });
  });
}
