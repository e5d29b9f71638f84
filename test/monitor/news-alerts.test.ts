// News alerts respect analysts' decisions: on the real OFAC SDN list of 2022-02-25 (MZKT listed
// that day), two customers of one portfolio both hit MZKT; the hit is decided a false positive
// for one of them. The real seed article about MZKT then raises a news alert for the other
// customer only; once the decision is reversed (true match), the next article alerts both.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideHit } from '../../src/audit/decisions.js';
import { ingestDocument } from '../../src/extract/pipeline.js';
import { listAlerts } from '../../src/monitor/alerts.js';
import { afterArticleIngest } from '../../src/monitor/hooks.js';
import { addMembers, createPortfolio } from '../../src/monitor/portfolio.js';
import { rescreen } from '../../src/monitor/rescreen.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { NEWS, raw } from '../helpers/paths.js';

const MZKT = 'us_ofac_sdn-34769';
const company = (name: string) => ({ schema: 'Company', names: [name], countries: [], birthDates: [], identifiers: [] });

let store: Store;
let screener: Screener;

before(async () => {
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'sanctrace-news-alerts-')), 'store.sqlite'));
  await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2022-02-25/sdn.csv')], publishedAt: '2022-02-25' });
  screener = await Screener.open(store);
  await createPortfolio(store.sql, { name: 'suppliers' });
  await addMembers(store.sql, 'suppliers', [
    { key: 'C-100', query: company('Minsk Wheeled Tractor Plant') },
    { key: 'C-101', query: company('Minsk Wheel Tractor Plant') },
  ]);
  await rescreen(store, screener, { causes: [{ kind: 'manual', actor: 'test' }] });
});

after(async () => {
  await store.close();
});

test('an article about MZKT raises no news alert for the customer whose MZKT hit was decided a false positive', async () => {
  const hits = await store.sql.all<{ member_key: string; entity_id: string }>("SELECT member_key, entity_id FROM monitor_hits WHERE portfolio = 'suppliers' ORDER BY member_key");
  assert.deepEqual(
    hits.filter((h) => h.entity_id === MZKT).map((h) => h.member_key),
    ['C-100', 'C-101'],
    'both customers hit MZKT on the 2022-02-25 list',
  );
  await decideHit(store.sql, { customer: 'C-101', entityId: MZKT, decision: 'false_positive', comment: 'a different plant', actor: 'analyst:anna' });

  const text = readFileSync(join(NEWS, 'seed_000_mzkt_sanctions.txt'), 'utf8');
  const { analysis, stored } = await ingestDocument(store, { source: 'seed_000_mzkt_sanctions.txt', text }, screener);
  assert.ok(stored);
  const outcome = await afterArticleIngest(store, [analysis.id]);
  const alerts = await listAlerts(store.sql, { ids: outcome.alerts });
  assert.deepEqual(
    alerts.filter((a) => a.entityId === MZKT).map((a) => [a.memberKey, a.kind]),
    [['C-100', 'news']],
    'only the customer without the false-positive decision is alerted',
  );
  assert.ok(!alerts.some((a) => a.memberKey === 'C-101'), alerts.map((a) => `${a.memberKey} ${a.entityId}`).join('; '));
});

test('after the decision is reversed to a true match, the next article about MZKT alerts that customer too', async () => {
  await decideHit(store.sql, { customer: 'C-101', entityId: MZKT, decision: 'true_match', comment: 'on second look, the same plant', actor: 'analyst:ben' });
  // A second real article naming MZKT (the digest of western measures on Belarus).
  const text = readFileSync(join(NEWS, 'seed_001_belarus_west_digest.txt'), 'utf8');
  const { analysis } = await ingestDocument(store, { source: 'seed_001_belarus_west_digest.txt', text }, screener);
  const linked = await store.sql.all<{ linked_id: string }>('SELECT linked_id FROM article_entities WHERE article_id = ? AND linked_id = ?', [analysis.id, MZKT]);
  if (linked.length === 0) return void assert.fail('the digest is expected to mention MZKT, linked to OFAC 34769');
  const outcome = await afterArticleIngest(store, [analysis.id]);
  const alerts = await listAlerts(store.sql, { ids: outcome.alerts });
  assert.deepEqual(
    alerts
      .filter((a) => a.entityId === MZKT)
      .map((a) => a.memberKey)
      .sort(),
    ['C-100', 'C-101'],
  );
});
