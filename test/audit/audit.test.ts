// The audit trail on real OFAC versions: screenings record who, when, the list versions and every
// scored result; a false positive decided for one customer is suppressed for that customer only,
// until the listed entity changes in a new list version; the hash chain detects an edited record,
// a deleted record and a cut-off tail; the CSV export parses. The chain runs on both engines, and
// so does retention: old records exported to an archive and pruned, both still verifiable.
import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { decideHit } from '../../src/audit/decisions.js';
import { AUDIT_CSV_COLUMNS, auditCsv, auditHtml } from '../../src/audit/export.js';
import { appendAudit, auditCheckpoints, listAudit, verifyAudit, type AuditRow, type PrunePayload } from '../../src/audit/log.js';
import { exportAndPruneAudit, PruneRefused, verifyArchive } from '../../src/audit/retention.js';
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

  test('a long query input is kept as a preview and the sha256 of the whole, explanations quoting it are cut; a real one whole (issue 14, row 4)', async () => {
    const screener = await Screener.open(store);
    const words = ['MINSK', 'WHEELED', 'TRACTOR', 'PLANT', 'HOLDING', 'MANAGEMENT', 'COMPANY'];
    const names = Array.from({ length: 20 }, (_, i) => Array.from({ length: 60 }, (_, k) => words[(i + k) % words.length]).join(' ').slice(0, 300));
    const query = { schema: 'Company', names, countries: [], birthDates: [], identifiers: [] };
    // Dates are not limited in length: a birth-date mismatch quotes one in every result.
    const dated = { schema: 'Person', names: ['Mohammad Ali'], countries: [], birthDates: Array.from({ length: 20 }, (_, i) => `${1955 + i}-01-01${'x'.repeat(1000)}`), identifiers: [] };
    const queries = [
      { key: 'long', customer: 'CUST-LONG', query, options: { limit: 3 } },
      { key: 'dates', customer: 'CUST-LONG', query: dated, options: { limit: 10 } },
    ];
    await screenAudited(store, screener, queries, { actor: 'anonymous', source: 'api', anchorFile: anchor });
    const [record] = await listAudit(store.sql, { kind: 'screening', customer: 'CUST-LONG' });
    const [kept, withDates] = (record!.payload as { queries: { key: string; customer: string; query: { names: string[] }; input: { sha256: string; chars: number; names: number }; results: { explanation: string }[] }[] }).queries;
    assert.deepEqual([kept.key, kept.customer, kept.input.names], ['long', 'CUST-LONG', 20]);
    assert.equal(kept.input.sha256, createHash('sha256').update(JSON.stringify({ key: 'long', customer: 'CUST-LONG', query })).digest('hex'));
    assert.equal(kept.query.names.length, 5);
    assert.ok(kept.query.names.every((n, i) => n.length <= 101 && n.startsWith(names[i]!.slice(0, 100))));
    assert.ok(JSON.stringify(kept.query).length < 1024, 'the ~6 KB input is kept in under 1 KB');
    assert.ok(JSON.stringify(withDates!.query).length < 1024, 'the ~20 KB of dates too');
    const explanations = withDates!.results.map((r) => r.explanation);
    assert.ok(explanations.length > 0 && explanations.every((e) => e.length <= 601), String(explanations.map((e) => e.length)));
    assert.ok(explanations.some((e) => e.startsWith('name: ') && e.endsWith('…')), 'a result quoting a 1,010-character date is cut at 600');
    const [real] = await listAudit(store.sql, { kind: 'screening', customer: 'CUST-001' });
    const whole = (real!.payload as { queries: { query: unknown; input?: unknown }[] }).queries[0]!;
    assert.deepEqual([whole.query, whole.input], [mzktQuery, undefined]);
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

/** A decision record written at `at` (the clock is set for the append, so the real writer runs). */
async function decisionAt(store: Store, anchor: string, at: string | null, n: number) {
  if (at) mock.timers.enable({ apis: ['Date'], now: Date.parse(at) });
  try {
    return (await appendAudit(store.sql, [{ actor: `analyst:${n}`, kind: 'decision', payload: { customer: `C${n}`, entityId: MZKT, decision: 'needs_escalation', comment: null } }], anchor))[0]!;
  } finally {
    if (at) mock.timers.reset();
  }
}

const storedRows = async (store: Store) =>
  (await store.sql.all<AuditRow>('SELECT seq, at, actor, kind, payload, prev_hash, hash FROM audit_log ORDER BY seq')).map((r) => ({ ...r, seq: Number(r.seq) }));
const archiveRows = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditRow);

for (const backend of backends()) {
  describe(`audit retention on ${backend.name}: export, then prune, both verifiable (issue 14, row 4)`, () => {
    let dir: string;
    after(async () => backend.teardown());
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'sanctrace-retention-'));
    });

    /** Four records in March 2023, three written now. */
    async function seeded() {
      const { store } = await backend.fresh();
      const anchor = join(mkdtempSync(join(dir, 'anchor-')), 'anchor.json');
      for (let i = 1; i <= 4; i++) await decisionAt(store, anchor, `2023-03-0${i}T10:00:00.000Z`, i);
      for (let i = 5; i <= 7; i++) await decisionAt(store, anchor, null, i);
      return { store, anchor };
    }

    test('the archive holds exactly the records before the date, as stored; the table the newer ones and the prune record; both verify', async () => {
      const { store, anchor } = await seeded();
      try {
        const rows = await storedRows(store);
        const archive = join(dir, `${backend.name}-2023.jsonl`);
        const outcome = await exportAndPruneAudit(store.sql, { before: '2024-01-01', archiveFile: archive, anchorFile: anchor, actor: 'cli:ops' });
        assert.deepEqual([outcome.records, outcome.firstSeq, outcome.throughSeq], [4, 1, 4]);
        assert.deepEqual(archiveRows(archive), rows.slice(0, 4), 'the old records, in seq order, exactly as stored');
        const left = await storedRows(store);
        assert.deepEqual(left.slice(0, 3), rows.slice(4), 'the newer records are untouched');
        assert.deepEqual(left.map((r) => [r.seq, r.kind]), [[5, 'decision'], [6, 'decision'], [7, 'decision'], [8, 'prune']]);
        const prune = (await listAudit(store.sql, { kind: 'prune' }))[0]!;
        assert.equal(prune.actor, 'cli:ops');
        assert.deepEqual(prune.payload as PrunePayload, { before: '2024-01-01T00:00:00.000Z', firstSeq: 1, throughSeq: 4, throughHash: rows[3]!.hash, records: 4, archive: `${backend.name}-2023.jsonl`, archiveSha256: outcome.archiveSha256 });
        const [checkpoint] = await auditCheckpoints(store.sql);
        assert.deepEqual(checkpoint, outcome.checkpoint);
        assert.deepEqual([checkpoint!.prunedThroughSeq, checkpoint!.prunedThroughHash, checkpoint!.records], [4, rows[3]!.hash, 4]);
        const verified = await verifyAudit(store.sql, anchor);
        assert.deepEqual(verified.problems, []);
        assert.deepEqual([verified.records, verified.head?.seq, verified.checkpoint?.prunedThroughSeq], [4, 8, 4]);
        assert.deepEqual((await verifyArchive(archive, checkpoint)).problems, []);
        assert.equal((await verifyArchive(archive)).ok, true, 'on its own too: from the genesis');
      } finally {
        await store.close();
      }
    });

    test('the newest record is never pruned; a second prune continues from the checkpoint, its archive from the first', async () => {
      const { store, anchor } = await seeded();
      try {
        const first = await exportAndPruneAudit(store.sql, { before: '2024-01-01', archiveFile: join(dir, `${backend.name}-a.jsonl`), anchorFile: anchor });
        const head = await decisionAt(store, anchor, null, 9);
        const second = await exportAndPruneAudit(store.sql, { before: '2999-01-01', archiveFile: join(dir, `${backend.name}-b.jsonl`), anchorFile: anchor });
        assert.deepEqual([second.firstSeq, second.throughSeq], [5, head.seq - 1], 'everything but the head');
        assert.deepEqual((await storedRows(store)).map((r) => r.seq), [head.seq, head.seq + 1], 'the head, then the prune record');
        assert.deepEqual(second.checkpoint?.follows, { seq: 4, hash: first.checkpoint!.prunedThroughHash });
        assert.deepEqual((await verifyAudit(store.sql, anchor)).problems, []);
        assert.deepEqual((await verifyArchive(join(dir, `${backend.name}-b.jsonl`), second.checkpoint)).problems, []);
        assert.deepEqual((await verifyArchive(join(dir, `${backend.name}-a.jsonl`), first.checkpoint)).problems, []);
        const nothing = await exportAndPruneAudit(store.sql, { before: '2020-01-01', archiveFile: join(dir, `${backend.name}-c.jsonl`), anchorFile: anchor });
        assert.equal(nothing.records, 0, 'no record before that date: nothing to prune');
        assert.equal(existsSync(join(dir, `${backend.name}-c.jsonl`)), false, 'and no archive written');
      } finally {
        await store.close();
      }
    });

    test('an edited archive, a deleted remaining record and a forged checkpoint are each reported', async () => {
      const { store, anchor } = await seeded();
      try {
        const archive = join(dir, `${backend.name}-tamper.jsonl`);
        const { checkpoint } = await exportAndPruneAudit(store.sql, { before: '2024-01-01', archiveFile: archive, anchorFile: anchor });
        const lines = archiveRows(archive);
        lines[1]!.payload = lines[1]!.payload.replace('C2', 'C9');
        writeFileSync(archive, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
        const tampered = await verifyArchive(archive, checkpoint);
        assert.equal(tampered.ok, false);
        assert.deepEqual(tampered.problems.map((p) => p.seq), [2, 4]);
        assert.match(tampered.problems[0]!.reason, /content does not match its hash \(edited\)/u);
        assert.match(tampered.problems[1]!.reason, /sha256 .* is not the checkpoint's/u);
        await store.sql.run('DELETE FROM audit_log WHERE seq = 6');
        const deleted = await verifyAudit(store.sql, anchor);
        assert.deepEqual(deleted.problems.map((p) => p.seq), [7]);
        assert.match(deleted.problems[0]!.reason, /records 6–6 are missing/u);
        await store.sql.run('DELETE FROM audit_log WHERE seq = 5');
        assert.match((await verifyAudit(store.sql, anchor)).problems[0]!.reason, /records 5–6 are missing \(deleted\) \(the checkpoint says records through 4 were pruned\)/u);
      } finally {
        await store.close();
      }
      // Records deleted with a checkpoint row written by hand: no prune record vouches for it.
      const forged = await seeded();
      try {
        const rows = await storedRows(forged.store);
        await forged.store.sql.run('DELETE FROM audit_log WHERE seq <= 3');
        await forged.store.sql.run('INSERT INTO audit_checkpoints (pruned_through_seq, pruned_through_hash, pruned_at, archive_sha256, archive_name, records) VALUES (?, ?, ?, ?, ?, ?)', [3, rows[2]!.hash, new Date().toISOString(), '0'.repeat(64), 'gone.jsonl', 3]);
        const result = await verifyAudit(forged.store.sql, forged.anchor);
        assert.deepEqual(result.problems.map((p) => p.seq), [3]);
        assert.match(result.problems[0]!.reason, /no 'prune' record in the chain vouches for the checkpoint/u);
        assert.equal((await verifyAudit(forged.store.sql)).ok, false, 'without an anchor too');
      } finally {
        await forged.store.close();
      }
    });

    test('an unwritable archive path, an existing archive, a broken chain or a failed delete: nothing deleted, no archive left', async () => {
      const { store, anchor } = await seeded();
      try {
        const rows = await storedRows(store);
        const unchanged = async () => {
          assert.deepEqual(await storedRows(store), rows);
          assert.deepEqual(await auditCheckpoints(store.sql), []);
        };
        await assert.rejects(exportAndPruneAudit(store.sql, { before: '2024-01-01', archiveFile: join(dir, 'no-such-folder', 'a.jsonl'), anchorFile: anchor }), (err: Error) => err instanceof PruneRefused && /cannot write the archive/u.test(err.message));
        await unchanged();
        const existing = join(dir, `${backend.name}-existing.jsonl`);
        writeFileSync(existing, 'keep me\n');
        await assert.rejects(exportAndPruneAudit(store.sql, { before: '2024-01-01', archiveFile: existing, anchorFile: anchor }), /exists already/u);
        assert.equal(readFileSync(existing, 'utf8'), 'keep me\n');
        await unchanged();
        await assert.rejects(exportAndPruneAudit(store.sql, { before: 'last year', archiveFile: join(dir, 'x.jsonl') }), /not an ISO date/u);
        await store.sql.run("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2");
        const broken = join(dir, `${backend.name}-broken.jsonl`);
        await assert.rejects(exportAndPruneAudit(store.sql, { before: '2024-01-01', archiveFile: broken, anchorFile: anchor }), /record 2: content does not match its hash \(edited\); nothing was pruned/u);
        assert.equal(existsSync(broken), false, 'no archive of a broken chain');
        await store.sql.run("UPDATE audit_log SET actor = 'analyst:2' WHERE seq = 2");
        await unchanged();
        // A failure after the archive was written (here the delete is refused): rolled back, and the
        // archive, a mere copy of records still in the table, is removed.
        await store.sql.exec(
          backend.name === 'sqlite'
            ? "CREATE TRIGGER keep_audit BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit rows are kept'); END"
            : "CREATE FUNCTION keep_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit rows are kept'; END $$ LANGUAGE plpgsql; CREATE TRIGGER keep_audit BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION keep_audit()",
        );
        const late = join(dir, `${backend.name}-late.jsonl`);
        await assert.rejects(exportAndPruneAudit(store.sql, { before: '2024-01-01', archiveFile: late, anchorFile: anchor }), /audit rows are kept/u);
        assert.equal(existsSync(late), false, 'the archive written before the failure is removed');
        await unchanged();
        await store.sql.exec('DROP TRIGGER keep_audit' + (backend.name === 'sqlite' ? '' : ' ON audit_log'));
        assert.deepEqual((await verifyAudit(store.sql, anchor)).problems, []);
      } finally {
        await store.close();
      }
    });
  });
}

describe('audit prune and verify --archive from the CLI', () => {
  let dir: string;
  let store: Store;
  let anchor: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanctrace-prune-cli-'));
    anchor = join(dir, 'anchor.json');
    store = await openStore(join(dir, 'store.sqlite'));
    for (let i = 1; i <= 3; i++) await decisionAt(store, anchor, `2023-06-0${i}T09:00:00.000Z`, i);
    await decisionAt(store, anchor, null, 4);
  });
  after(async () => store.close());
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), '--db', join(dir, 'store.sqlite'), ...args], { encoding: 'utf8', env: { ...process.env, SANCTRACE_AUDIT_ANCHOR: anchor } });

  test('prune prints the count, the sha256 and the checkpoint, refuses to overwrite; verify --archive checks both, and fails on an edited archive', async () => {
    const archive = join(dir, 'audit-2023.jsonl');
    const pruned = cli('audit', 'prune', '--before', '2024-01-01', '--archive', archive);
    assert.equal(pruned.status, 0, pruned.stderr);
    assert.match(pruned.stdout, /3 records \(1–3\) archived to .*audit-2023\.jsonl and pruned/u);
    assert.match(pruned.stdout, /archive sha256 [0-9a-f]{64}/u);
    assert.match(pruned.stdout, /checkpoint #\d+: pruned through record 3 [0-9a-f]{64}/u);
    const again = cli('audit', 'prune', '--before', '2024-01-01', '--archive', archive);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /exists already/u);
    const ok = cli('audit', 'verify', '--archive', archive);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /audit trail verified: 2 records after the checkpoint \(records through 3 pruned to audit-2023\.jsonl\)/u);
    assert.match(ok.stdout, /archive verified: .*3 records \(1–3\)/u);
    const listed = cli('audit', 'list', '--kind', 'prune');
    assert.match(listed.stdout, /prune\s+pruned records 1–3 \(3, before 2024-01-01T00:00:00\.000Z\)/u);
    writeFileSync(archive, readFileSync(archive, 'utf8').replace('analyst:2', 'analyst:X'));
    const broken = cli('audit', 'verify', '--archive', archive);
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /ARCHIVE BROKEN/u);
    assert.match(broken.stdout, /record 2: content does not match its hash \(edited\)/u);
  });
});
