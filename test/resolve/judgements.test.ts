// Judgements and canonical parties on both engines, with real list ids: merging joins groups
// through any path, a 'not same' blocks every path, undo keeps the judgements (retracted, with
// who and when) and redo applies them again; the canonical id follows list precedence.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalOf, sourcesOf } from '../../src/resolve/canonical.js';
import { judge, judgementsAbout, merge, MergeBlocked, redoMerge, undoMerge } from '../../src/resolve/judgements.js';
import type { Store } from '../../src/store/types.js';
import { backends } from '../helpers/stores.js';

const OFAC = 'us_ofac_sdn-34769';
const CSL = 'us_trade_csl-ofac-34769';
const EU = 'eu_journal-32006r0765-i-b-8-entity';
const UK = 'gb_hmt_ofsi-14044';
const CA = 'ca_sema-belarus-1-part-2-33';

for (const backend of backends()) {
  describe(`judgements on ${backend.name}`, () => {
    let store: Store;
    before(async () => ({ store } = await backend.fresh()));
    after(async () => {
      await store.close();
      await backend.teardown();
    });

    test('a merge through a chain makes one party whose id is the OFAC record; judgements say who and when', async () => {
      const { mergeId } = await merge(store.sql, [EU, CSL], { actor: 'analyst:anna' });
      await judge(store.sql, [{ left: CSL, right: OFAC, judgement: 'same' }], { actor: 'analyst:ben', comment: 'the CSL copy' });
      assert.equal(await canonicalOf(store.sql, EU), OFAC, 'EU = CSL and CSL = OFAC: one party, named by the authority’s own list');
      const { members } = await sourcesOf(store.sql, EU);
      assert.equal(members[0], OFAC, 'the canonical source first');
      assert.deepEqual([...members].sort(), [CSL, EU, OFAC].sort());
      const about = await judgementsAbout(store.sql, [EU]);
      assert.equal(about[0]?.actor, 'analyst:anna');
      assert.equal(about[0]?.mergeId, mergeId);
      assert.ok(Date.parse(about[0]!.createdAt) > 0);
    });

    test("a 'not same' blocks a merge through any path", async () => {
      await judge(store.sql, [{ left: EU, right: UK, judgement: 'not_same' }], { actor: 'analyst:anna', comment: 'different registration' });
      await assert.rejects(judge(store.sql, [{ left: OFAC, right: UK, judgement: 'same' }], { actor: 'analyst:ben' }), MergeBlocked);
      await judge(store.sql, [{ left: UK, right: CA, judgement: 'same' }], { actor: 'analyst:ben' });
      await assert.rejects(judge(store.sql, [{ left: CA, right: CSL, judgement: 'same' }], { actor: 'analyst:ben' }), /judged not the same by analyst:anna/u);
      assert.notEqual(await canonicalOf(store.sql, UK), OFAC);
    });

    test('undo separates the sources and keeps its judgements as retracted; redo joins them again', async () => {
      const [{ mergeId }] = (await judgementsAbout(store.sql, [EU])).filter((j) => j.mergeId) as { mergeId: string }[];
      await undoMerge(store.sql, mergeId, 'analyst:carl');
      assert.equal(await canonicalOf(store.sql, EU), EU, 'the EU row is on its own again');
      assert.equal(await canonicalOf(store.sql, CSL), OFAC, 'the other judgement still holds');
      const retracted = (await judgementsAbout(store.sql, [EU])).find((j) => j.mergeId === mergeId)!;
      assert.equal(retracted.retractedBy, 'analyst:carl');
      await redoMerge(store.sql, mergeId, 'analyst:carl');
      assert.equal(await canonicalOf(store.sql, EU), OFAC);
    });
  });
}
