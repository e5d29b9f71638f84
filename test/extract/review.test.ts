// Analyst review of extracted facts on both store engines: accept and reject with who and when,
// the newest decision in force, unknown facts refused by name, and reviewed articles exported as
// gold files that the trainer reads (rejected facts left out).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGoldDir } from '../../src/extract/learn/crossval.js';
import { ingestDocument } from '../../src/extract/pipeline.js';
import { articleFacts, exportGold, reviewFact } from '../../src/extract/review.js';
import { postgresBackend, sqliteBackend } from '../helpers/stores.js';
import { RAW } from '../helpers/paths.js';

const NEWS = join(RAW, '..', 'news');
const backends = [sqliteBackend(), postgresBackend()];
after(async () => {
  for (const b of backends) await b.teardown();
});

for (const backend of backends) {
  test(`fact review on ${backend.name}: accept, reject, refuse unknown ids, export gold files`, async () => {
    const { store } = await backend.fresh();
    try {
      const { analysis } = await ingestDocument(store, { source: 'seed_000_mzkt_sanctions.txt', text: readFileSync(join(NEWS, 'seed_000_mzkt_sanctions.txt'), 'utf8') }, null);
      const { facts } = await articleFacts(store, analysis.id);
      const mzkt = facts.find((f) => f.kind === 'designation' && /designated (Minsk Wheel Tractor Plant|MZKT) by US State Department/u.test(f.summary))!;
      assert.ok(mzkt, facts.map((f) => f.summary).join('; '));
      assert.ok(mzkt.confidence !== null && mzkt.confidence > 0);
      const granpect = facts.find((f) => /Granpect/u.test(f.summary))!;
      const supply = facts.find((f) => f.kind === 'relation' && /supplies/u.test(f.summary))!;

      await reviewFact(store, { factId: granpect.id, decision: 'accepted', actor: 'cli:anna' });
      await reviewFact(store, { factId: supply.id, decision: 'accepted', actor: 'cli:anna' });
      // The newest decision is in force: rejected after being accepted.
      await reviewFact(store, { factId: supply.id, decision: 'rejected', actor: 'key:2:ben', comment: 'the object is a country' });
      const after = (await articleFacts(store, analysis.id)).facts;
      const g = after.find((f) => f.id === granpect.id)!.review!;
      assert.equal(g.decision, 'accepted');
      assert.equal(g.actor, 'cli:anna');
      assert.match(g.decidedAt, /^\d{4}-\d{2}-\d{2}T/u);
      assert.equal(after.find((f) => f.id === supply.id)!.review!.decision, 'rejected');

      await assert.rejects(reviewFact(store, { factId: `${analysis.id}-sanction-999`, decision: 'accepted', actor: 'x' }), /no fact '.*-sanction-999'/u);
      await assert.rejects(reviewFact(store, { factId: granpect.id, decision: 'maybe', actor: 'x' }), /decision must be 'accepted' or 'rejected', not 'maybe'/u);
      await assert.rejects(reviewFact(store, { factId: 'article-ffff-sanction-1', decision: 'accepted', actor: 'x' }), /no article 'article-ffff'/u);

      const dir = mkdtempSync(join(tmpdir(), 'sanctrace-gold-'));
      const written = await exportGold(store, dir);
      assert.equal(written.length, 1);
      const [exported] = readGoldDir(dir);
      assert.ok(exported.gold.designations.some((d) => /Granpect/u.test(d.target) && (d as { review?: string }).review === 'accepted'));
      assert.equal(exported.gold.relations.length, analysis.relations.length - 1, 'the rejected relation is left out');
      assert.ok(exported.gold.boilerplate_lines.includes('top of page'));
    } finally {
      await store.close();
    }
  });
}
