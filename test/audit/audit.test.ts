// The audit trail on real OFAC versions: screenings record who, when, the list versions and every
// scored result; a false positive decided for one customer is suppressed for that customer only,
// until the listed entity changes in a new list version; the hash chain detects an edited record,
// a deleted record and a cut-off tail; the CSV export parses. The chain runs on both engines.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { decideHit } from '../../src/audit/decisions.js';
import { AUDIT_CSV_COLUMNS, auditCsv, auditHtml } from '../../src/audit/export.js';
import { appendAudit, listAudit, verifyAudit } from '../../src/audit/log.js';
import { screenAudited } from '../../src/audit/screening.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { raw, REPO_ROOT } from '../helpers/paths.js';
import { backends } from '../helpers/stores.js';

const MZKT = 'us_ofac_sdn-34769';
const mzktQuery = { schema: 'Company', names: ['Minsk Wheeled Tractor Plant'], countries: [], birthDates: [], identifiers: [] };

describe('screening decisions on real OFAC versions', () => {
  let store: Store;
  let dir: string;
  let anchor: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanctrace-audit-'));
    anchor = join(dir, 'audit-anchor.json');
    store = await openStore(join(dir, 'store.sqlite'));
    for (const date of ['2022-02-24', '2022-02-25']) await importList(store, { paths: [raw(`ofac_sdn/jackdwyer_${date}/sdn.csv`)], publishedAt: date });
  });
  after(async () => store.close());

  /** Screen MZKT's name for a customer on an index of the store as it is now. */
  async function screenMzkt(customer: string) {
    const screener = await Screener.open(store);
    return (await screenAudited(store, screener, [{ key: 'q', customer, query: mzktQuery, options: { limit: 3 } }], { actor: 'key:7:compliance-bot', source: 'api', anchorFile: anchor }))[0]!;
  }

  test('a screening writes who, when, the list version used and every result with its score and reasons', async () => {
    const outcome = await screenMzkt('CUST-001');
    assert.equal(outcome.results[0]?.entity.id, MZKT);
    const [record] = await listAudit(store.sql, { kind: 'screening', customer: 'CUST-001' });
    assert.equal(record?.actor, 'key:7:compliance-bot');
    assert.ok(Date.now() - Date.parse(record!.at) < 60_000);
    const payload = record!.payload as { versions: Record<string, { date: string }>; queries: { customer: string; results: { entityId: string; score: number; explanation: string }[] }[] };
    assert.equal(payload.versions.us_ofac_sdn?.date, '2022-02-25', 'the list version the result came from');
    const hit = payload.queries[0]!.results.find((r) => r.entityId === MZKT)!;
    assert.ok(hit.score >= 0.8, String(hit.score));
    assert.match(hit.explanation, /name:/u);
  });

  test('a false positive for one customer suppresses that hit for that customer only, until the listed entity changes', async () => {
    const decision = await decideHit(store.sql, { customer: 'CUST-002', entityId: MZKT, decision: 'false_positive', comment: 'our customer is a tractor dealer in Mogilev', actor: 'analyst:anna' }, anchor);
    assert.ok(decision.auditSeq > 0);
    const again = await screenMzkt('CUST-002');
    assert.equal(again.suppressed.get(MZKT)?.decidedBy, 'analyst:anna');
    const other = await screenMzkt('CUST-003');
    assert.equal(other.suppressed.size, 0, 'another customer still sees the hit');
    // The screening record keeps the suppressed hit, flagged, with the decision it rests on.
    const last = (await listAudit(store.sql, { kind: 'screening', customer: 'CUST-002' })).at(-1)!;
    const kept = (last.payload as { queries: { results: { entityId: string; suppressed?: boolean; suppressedBy?: number }[] }[] }).queries[0]!.results.find((r) => r.entityId === MZKT);
    assert.deepEqual([kept?.suppressed, kept?.suppressedBy], [true, decision.auditSeq]);
    // OFAC's 2024-05-03 list changed MZKT (the NPWMD programme was added): the decision no longer covers it.
    await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2024-05-03/sdn.csv')], publishedAt: '2024-05-03' });
    const after2024 = await screenMzkt('CUST-002');
    assert.equal(after2024.results[0]?.entity.id, MZKT);
    assert.equal(after2024.suppressed.size, 0, 'shown again: the listed entity changed since the decision');
  });

  test('the CSV export parses with a row per result and per decision; the HTML report escapes names and states the verification', async () => {
    const records = await listAudit(store.sql);
    const rows = parse(auditCsv(records), { columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(rows[0]!), AUDIT_CSV_COLUMNS);
    assert.ok(rows.some((r) => r.kind === 'screening' && r.customer === 'CUST-001' && r.entity_id === MZKT && r.list_version_date === '2022-02-25'));
    assert.ok(rows.some((r) => r.kind === 'decision' && r.decision === 'false_positive' && r.comment.includes('Mogilev')));
    const html = auditHtml(records, await verifyAudit(store.sql, anchor));
    assert.match(html, /Chain verified/u);
    assert.doesNotMatch(html, /<script/u);
  });

  test('the CLI verifies (exit 0), then names an edited record (exit 1), and exports CSV', async () => {
    const db = join(dir, 'store.sqlite');
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), '--db', db, ...args], { encoding: 'utf8', env: { ...process.env, SANCTRACE_AUDIT_ANCHOR: anchor } });
    const ok = cli('audit', 'verify');
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /verified: \d+ records/u);
    const exported = cli('audit', 'export', '--format', 'csv', '-o', join(dir, 'audit.csv'));
    assert.equal(exported.status, 0, exported.stderr);
    assert.ok((parse(readFileSync(join(dir, 'audit.csv')), { columns: true }) as unknown[]).length > 3);
    await store.sql.run("UPDATE audit_log SET payload = replace(payload, 'CUST-001', 'CUST-999') WHERE seq = 1");
    const broken = cli('audit', 'verify');
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /record 1: content does not match its hash \(edited\)/u);
    assert.match(broken.stdout, new RegExp(`anchor: ${anchor.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}`, 'u'), 'the anchor path is shown');
  });

  test('a missing anchor is a failure, not a clean verification (issue 14, row 12)', async () => {
    const db = join(dir, 'store.sqlite');
    const elsewhere = join(dir, 'moved-anchor.json');
    const verify = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), '--db', db, 'audit', 'verify'], { encoding: 'utf8', env: { ...process.env, SANCTRACE_AUDIT_ANCHOR: elsewhere } });
    assert.equal(verify.status, 1, verify.stdout);
    assert.match(verify.stdout, /the anchor .*moved-anchor\.json is missing/u);
  });
});

for (const backend of backends()) {
  describe(`the hash chain on ${backend.name}`, () => {
    let store: Store;
    let anchor: string;
    before(async () => {
      ({ store } = await backend.fresh());
      anchor = join(mkdtempSync(join(tmpdir(), 'sanctrace-anchor-')), 'anchor.json');
      for (let i = 1; i <= 6; i++) await appendAudit(store.sql, [{ actor: `analyst:${i}`, kind: 'decision', payload: { customer: `C${i}`, entityId: MZKT, decision: 'needs_escalation', comment: null } }], anchor);
    });
    after(async () => {
      await store.close();
      await backend.teardown();
    });

    test('whole, then an edit, a deletion in the middle and a cut-off tail are each found at their record', async () => {
      assert.deepEqual((await verifyAudit(store.sql, anchor)).problems, []);
      await store.sql.run("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2");
      assert.deepEqual((await verifyAudit(store.sql, anchor)).problems.map((p) => p.seq), [2]);
      await store.sql.run("UPDATE audit_log SET actor = 'analyst:2' WHERE seq = 2");
      assert.equal((await verifyAudit(store.sql, anchor)).ok, true, 'restored exactly, the chain is whole again');
      await store.sql.run('DELETE FROM audit_log WHERE seq = 4');
      const deleted = await verifyAudit(store.sql, anchor);
      assert.equal(deleted.problems[0]?.seq, 5);
      assert.match(deleted.problems[0]!.reason, /records 4–4 are missing/u);
      await store.sql.run('DELETE FROM audit_log WHERE seq >= 4');
      const cut = await verifyAudit(store.sql, anchor);
      assert.equal(cut.ok, false, 'the chain 1–3 is whole, but the anchor says it reached 6');
      assert.match(cut.problems[0]!.reason, /reached record 6/u);
    });
  });
}
