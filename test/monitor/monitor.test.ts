// Monitoring on real OFAC versions: a portfolio screened against the SDN list of 2022-02-24 gets
// exactly one new alert when the 2022-02-25 list adds MZKT, naming that version as the cause; a
// customer listed in both versions raises nothing; re-running raises nothing twice; alerts reach
// a webhook through failures; an article about a watched party raises a news alert. Then the
// same through the real CLI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestDocument } from '../../src/extract/pipeline.js';
import { listAlerts } from '../../src/monitor/alerts.js';
import { afterArticleIngest, afterListImport } from '../../src/monitor/hooks.js';
import { addMembers, createPortfolio, importMembers } from '../../src/monitor/portfolio.js';
import { deliverPending, signatureHeaders } from '../../src/monitor/webhook.js';
import { postWebhook } from '../../src/monitor/webhook-post.js';
import { buildApi } from '../../src/api/server.js';
import { createApiKey } from '../../src/access/keys.js';
import { rescreen } from '../../src/monitor/rescreen.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { NEWS, raw, REPO_ROOT } from '../helpers/paths.js';

const MZKT = 'us_ofac_sdn-34769';
const company = (name: string) => ({ schema: 'Company', names: [name], countries: [], birthDates: [], identifiers: [] });

describe('a portfolio re-screened when OFAC publishes 2022-02-25', () => {
  let store: Store;
  let hook: Server;
  let hookUrl: string;
  const received: { attempt: number; raw: string; headers: IncomingHttpHeaders; body: { alert: { entityId: string; cause: { versionDate: string } } } }[] = [];
  let attempts = 0;

  before(async () => {
    // The test's receiver listens on loopback: the admin setting for hooks on a private network allows it.
    process.env.SANCTRACE_WEBHOOK_ALLOW_PRIVATE = '1';
    store = await openStore(join(mkdtempSync(join(tmpdir(), 'sanctrace-monitor-')), 'store.sqlite'));
    // A webhook receiver that fails twice before it accepts.
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        attempts++;
        if (attempts <= 2) return void res.writeHead(500).end('try later');
        received.push({ attempt: attempts, raw: body, headers: req.headers, body: JSON.parse(body) as (typeof received)[number]['body'] });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`;
  });
  after(async () => {
    delete process.env.SANCTRACE_WEBHOOK_ALLOW_PRIVATE;
    hook.close();
    await store.close();
  });

  test('import 2022-02-24, baseline, import 2022-02-25: one new alert for MZKT caused by that version, delivered through two failures', async () => {
    await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2022-02-24/sdn.csv')], publishedAt: '2022-02-24' });
    const { webhookSecret } = await createPortfolio(store.sql, { name: 'belarus-suppliers', webhook: hookUrl });
    assert.match(webhookSecret ?? '', /^[0-9a-f]{64}$/u, 'a hook gets its own signing secret');
    // Real names: MZKT (listed on 2022-02-25), Belaruskali (listed since 2021), and a name on no list.
    await addMembers(store.sql, 'belarus-suppliers', [
      { key: 'C-100', query: company('Minsk Wheeled Tractor Plant') },
      { key: 'C-200', query: company('Belaruskali OAO') },
      { key: 'C-300', query: company('Blue River Trading LLC') },
    ]);
    const baseline = await rescreen(store, await Screener.open(store), { causes: [{ kind: 'manual', actor: 'test' }] });
    assert.equal(baseline.baselined, 3);
    assert.deepEqual(baseline.alerts, [], 'the first screening sets the baseline');
    const baselineHits = await store.sql.all<{ member_key: string }>("SELECT member_key FROM monitor_hits WHERE portfolio = 'belarus-suppliers'");
    assert.deepEqual([...new Set(baselineHits.map((h) => h.member_key))], ['C-200'], 'only Belaruskali is listed on 2022-02-24');

    const imported = await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2022-02-25/sdn.csv')], publishedAt: '2022-02-25' });
    const outcome = await afterListImport(store, [imported.version], { baseDelayMs: 20 });
    const alerts = await listAlerts(store.sql, { portfolio: 'belarus-suppliers' });
    const news = alerts.filter((a) => a.kind === 'new');
    assert.equal(news.length, 1, alerts.map((a) => `${a.kind} ${a.memberKey} ${a.entityId}`).join('; '));
    assert.equal(news[0]!.memberKey, 'C-100');
    assert.equal(news[0]!.entityId, MZKT);
    assert.deepEqual(news[0]!.cause, { kind: 'list', dataset: 'us_ofac_sdn', versionId: imported.version.id, versionDate: '2022-02-25' });
    assert.match(news[0]!.detail.explanation, /name:/u);
    assert.ok(!alerts.some((a) => a.memberKey === 'C-200' && a.kind === 'new'), 'Belaruskali was listed before: no new alert');

    const delivery = outcome.deliveries.find((d) => d.alertId === news[0]!.id)!;
    assert.deepEqual([delivery.status, delivery.attempts], ['delivered', 3]);
    assert.equal(received.at(-1)?.body.alert.entityId, MZKT);
    assert.equal(received.at(-1)?.body.alert.cause.versionDate, '2022-02-25');
    // Signed with the portfolio's secret over "<timestamp>.<body>": the receiver can check it.
    const call = received.at(-1)!;
    const timestamp = Number(call.headers['x-sanctrace-timestamp']);
    assert.equal(call.headers['x-sanctrace-signature'], signatureHeaders(webhookSecret!, call.raw, timestamp)['x-sanctrace-signature']);

    const again = await afterListImport(store, [imported.version], { baseDelayMs: 20 });
    assert.deepEqual(again.alerts, [], 'nothing changed: no alert twice');
  });

  test('a dead webhook ends failed with its attempts recorded, and the import is not affected', async () => {
    await createPortfolio(store.sql, { name: 'dead-hook', webhook: 'http://127.0.0.1:9/never' });
    await addMembers(store.sql, 'dead-hook', [{ key: 'X-1', query: company('Minsk Wheel Tractor Plant') }]);
    await rescreen(store, await Screener.open(store), { portfolio: 'dead-hook', causes: [{ kind: 'manual', actor: 'test' }] });
    // The member's hit vanishes from its record so the next run sees it as new.
    await store.sql.run("DELETE FROM monitor_hits WHERE portfolio = 'dead-hook'");
    const latest = (await store.listVersions('us_ofac_sdn')).at(-1)!;
    const outcome = await afterListImport(store, [latest], { baseDelayMs: 5, maxAttempts: 3, timeoutMs: 500 });
    const dead = outcome.deliveries.find((d) => d.url.includes(':9/'))!;
    assert.deepEqual([dead.status, dead.attempts], ['failed', 3]);
    assert.ok(dead.lastError);
  });

  test('an article reporting a sanction on a watched party raises a news alert with the article as its cause', async () => {
    const text = readFileSync(join(NEWS, 'seed_000_mzkt_sanctions.txt'), 'utf8');
    const { analysis, stored } = await ingestDocument(store, { source: 'seed_000_mzkt_sanctions.txt', text }, await Screener.open(store));
    assert.ok(stored);
    const outcome = await afterArticleIngest(store, [analysis.id]);
    const alerts = await listAlerts(store.sql, { ids: outcome.alerts });
    const mine = alerts.find((a) => a.memberKey === 'C-100');
    assert.equal(mine?.kind, 'news');
    assert.equal(mine?.entityId, MZKT);
    assert.deepEqual(mine?.cause, { kind: 'article', articleId: analysis.id, title: analysis.title });
  });

  test('members from a CSV: a bad row is refused with its line and nothing is added', async () => {
    await createPortfolio(store.sql, { name: 'from-csv' });
    const dir = mkdtempSync(join(tmpdir(), 'sanctrace-members-'));
    writeFileSync(join(dir, 'bad.csv'), 'customer_id,name\nA1,Volat\nA2,\n');
    await assert.rejects(importMembers(store.sql, 'from-csv', join(dir, 'bad.csv')), /bad\.csv:3: no name/u);
    assert.equal((await store.sql.all("SELECT * FROM portfolio_members WHERE portfolio = 'from-csv'")).length, 0);
    writeFileSync(join(dir, 'good.csv'), 'customer_id,name\nA1,Volat\nA2,Granpect Co. Ltd.\n');
    assert.equal(await importMembers(store.sql, 'from-csv', join(dir, 'good.csv')), 2);
  });
});

describe('webhooks are called after the answer, never inside a request', () => {
  let store: Store;
  let hook: Server;
  let release: () => void = () => {};
  const seen: string[] = [];
  before(async () => {
    process.env.SANCTRACE_WEBHOOK_ALLOW_PRIVATE = '1';
    store = await openStore(join(mkdtempSync(join(tmpdir(), 'sanctrace-hook-bg-')), 'store.sqlite'));
    // A receiver that holds every call until the test lets it answer.
    hook = createServer((req, res) => {
      seen.push(req.url ?? '');
      req.resume();
      release = () => res.writeHead(204).end();
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    delete process.env.SANCTRACE_WEBHOOK_ALLOW_PRIVATE;
    hook.close();
    await store.close();
  });

  test('POST /articles about a watched party answers while its hanging webhook is still being called; the delivery ends delivered', async () => {
    await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2022-02-25/sdn.csv')], publishedAt: '2022-02-25' });
    await createPortfolio(store.sql, { name: 'watch', webhook: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts` });
    await addMembers(store.sql, 'watch', [{ key: 'C-100', query: company('Minsk Wheeled Tractor Plant') }]);
    const screener = await Screener.open(store);
    await rescreen(store, screener, { causes: [{ kind: 'manual', actor: 'test' }] });
    const key = (await createApiKey(store.sql, { label: 'analyst', role: 'analyst' })).key;
    const app = await buildApi({ store, screener });
    try {
      const text = readFileSync(join(NEWS, 'seed_000_mzkt_sanctions.txt'), 'utf8');
      const res = await app.inject({ method: 'POST', url: '/articles', headers: { authorization: `Bearer ${key}` }, payload: { text, source: 'seed_000_mzkt_sanctions.txt' } });
      assert.equal(res.statusCode, 201, res.body);
      const pending = await store.sql.all<{ status: string }>('SELECT status FROM webhook_deliveries');
      assert.deepEqual(pending.map((d) => d.status), ['pending'], 'answered with the delivery still under way');
      for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(seen, ['/alerts'], 'the hook is called after the answer');
      release();
      let status = 'pending';
      for (let i = 0; i < 100 && status === 'pending'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = (await store.sql.all<{ status: string }>('SELECT status FROM webhook_deliveries'))[0]!.status;
      }
      assert.equal(status, 'delivered');
    } finally {
      await app.close();
    }
  });
});

test('through the CLI: portfolio create/add, import of the next OFAC version, alerts --json', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'sanctrace-monitor-cli-')), 'store.sqlite');
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), '--db', db, ...args], { encoding: 'utf8' });
  const must = (...args: string[]) => {
    const r = cli(...args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  must('import', raw('ofac_sdn/jackdwyer_2022-02-24/sdn.csv'), '--date', '2022-02-24');
  must('portfolio', 'create', 'watch');
  must('portfolio', 'add', 'watch', 'C-100', 'Minsk', 'Wheeled', 'Tractor', 'Plant', '--schema', 'Company');
  must('monitor');
  const imported = must('import', raw('ofac_sdn/jackdwyer_2022-02-25/sdn.csv'), '--date', '2022-02-25');
  assert.match(imported.stderr, /monitoring: 1 new alert/u);
  const alerts = JSON.parse(must('alerts', '--json').stdout) as { kind: string; entityId: string; cause: { versionDate: string } }[];
  assert.deepEqual(alerts.map((a) => [a.kind, a.entityId, a.cause.versionDate]), [['new', MZKT, '2022-02-25']]);
  assert.equal(cli('portfolio', 'add', 'nope', 'K', 'x').status, 1);
});

describe('webhooks cannot reach what only the server reaches (SSRF)', () => {
  let store: Store;
  let calls = 0;
  let hook: Server;
  let port = 0;
  before(async () => {
    delete process.env.SANCTRACE_WEBHOOK_ALLOW_PRIVATE;
    store = await openStore(join(mkdtempSync(join(tmpdir(), 'sanctrace-ssrf-')), 'store.sqlite'));
    // A receiver on loopback that redirects every call to the metadata address.
    hook = createServer((req, res) => {
      calls++;
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    port = (hook.address() as AddressInfo).port;
  });
  after(async () => {
    delete process.env.SANCTRACE_WEBHOOK_ALLOW_PRIVATE;
    hook.close();
    await store.close();
  });

  test('metadata, loopback, private and plain-http hooks are refused when set, each with its reason', async () => {
    for (const [url, reason] of [
      ['http://169.254.169.254/latest/meta-data/', /https only/u],
      ['https://169.254.169.254/latest/meta-data/', /private, loopback or link-local address \(169\.254\.169\.254\)/u],
      ['https://[::1]:22/', /private, loopback or link-local address \(::1\)/u],
      ['https://localhost:6379/', /localhost is a private, loopback or link-local address/u],
      ['https://10.1.2.3/hook', /private/u],
      ['https://[::ffff:127.0.0.1]/hook', /private/u],
      ['https://user:pw@example.org/hook', /no credentials/u],
      ['not a url', /not a URL/u],
    ] as const) {
      await assert.rejects(createPortfolio(store.sql, { name: `p-${url.length}-${calls}`, webhook: url }), reason, url);
    }
    assert.deepEqual(await store.sql.all('SELECT name FROM portfolios'), [], 'nothing stored for a refused hook');
  });

  test('a hook set under the admin setting is checked again at delivery: refused without a call once the setting is off', async () => {
    process.env.SANCTRACE_WEBHOOK_ALLOW_PRIVATE = '1';
    await createPortfolio(store.sql, { name: 'lan-hook', webhook: `http://127.0.0.1:${port}/alerts` });
    delete process.env.SANCTRACE_WEBHOOK_ALLOW_PRIVATE;
    await store.sql.run("INSERT INTO webhook_deliveries (alert_id, url, status, attempts) VALUES (0, ?, 'pending', 0)", [`http://127.0.0.1:${port}/alerts`]);
    const [refused] = await deliverPending(store.sql, { baseDelayMs: 1, maxAttempts: 3, timeoutMs: 500 });
    assert.deepEqual([refused.status, refused.attempts, calls], ['failed', 0, 0]);
    assert.match(refused.lastError ?? '', /https only/u);
  });

  test('the connection checks the address it resolves (DNS rebinding): a name that resolves to loopback is refused without a call', async () => {
    delete process.env.SANCTRACE_WEBHOOK_ALLOW_PRIVATE;
    const before = calls;
    // The name is resolved by the connection itself and checked before connecting, so a second,
    // different DNS answer after the check can never be what is called.
    await assert.rejects(postWebhook(`http://localhost:${port}/alerts`, { headers: {}, body: '{}', timeoutMs: 2000, allowPrivate: false }), /localhost resolved to a private, loopback or link-local address \((127\.0\.0\.1|::1)\) when connecting: refused/u);
    assert.equal(calls, before, 'no call reached the receiver');
  });

  test('a redirect is not followed: the delivery fails naming it, after one call', async () => {
    process.env.SANCTRACE_WEBHOOK_ALLOW_PRIVATE = '1';
    await store.sql.run("UPDATE webhook_deliveries SET status = 'pending'");
    const [redirected] = await deliverPending(store.sql, { baseDelayMs: 1, maxAttempts: 3, timeoutMs: 500 });
    assert.deepEqual([redirected.status, redirected.attempts, calls], ['failed', 1, 1]);
    assert.match(redirected.lastError ?? '', /HTTP 302: redirects are not followed/u);
  });
});
