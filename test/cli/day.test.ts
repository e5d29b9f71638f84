// A day with the CLI, run as a user would (child processes, real data): init says what it
// imports list by list; screen-batch tells the index build from the screening rate; serve on a
// busy port fails at once; update names the URL and the network's reason when it cannot fetch,
// and plans the FCDO list for the UK; export writes parties unless --all; ingest of the real news
// folder skips its README and gold files with their reasons; xref counts as the review queue does.
// The store is made by `init` from a subset of the bundled lists (SANCTRACE_DEFAULT_DATA pointing
// at a manifest of five real list versions) so the file stays well under two minutes.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { NEWS, raw, REPO_ROOT } from '../helpers/paths.js';
import { freePort } from '../helpers/serve.js';

const work = mkdtempSync(join(tmpdir(), 'sanctrace-day-'));
const home = join(work, 'home');
const bundle = join(work, 'bundle');

// Five real list versions of the bundle: the OFAC consolidated CSV, the UN list, both ISN
// versions and the BIS Denied Persons List.
const BUNDLED = join(REPO_ROOT, 'data/default');
const KEEP = (l: { dataset: string; format: string }) => ['un_sc_sanctions', 'us_state_isn', 'us_bis_dpl'].includes(l.dataset) || (l.dataset === 'us_ofac_cons' && l.format === 'ofac_csv');

function cli(...args: string[]): { status: number; stdout: string; stderr: string; ms: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, SANCTRACE_HOME: home, SANCTRACE_DEFAULT_DATA: bundle, SANCTRACE_MIRROR: '' },
    maxBuffer: 1 << 26,
    timeout: 90_000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - started };
}

function json<T>(...args: string[]): T {
  const result = cli(...args, '--json');
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as T;
}

let initRun: ReturnType<typeof cli>;

before(() => {
  mkdirSync(bundle);
  const manifest = JSON.parse(readFileSync(join(BUNDLED, 'manifest.json'), 'utf8')) as { description: string; lists: { dataset: string; format: string; files: string[] }[] };
  const lists = manifest.lists.filter(KEEP);
  for (const folder of new Set(lists.flatMap((l) => l.files.map((f) => f.split('/')[0]!)))) symlinkSync(join(BUNDLED, folder), join(bundle, folder));
  writeFileSync(join(bundle, 'manifest.json'), JSON.stringify({ ...manifest, lists }));
  initRun = cli('init');
  assert.equal(initRun.status, 0, initRun.stderr);
});

test('init says what it imports: one line per list version with its entities, version and time (not a terminal: no bar)', () => {
  const lines = initRun.stderr.split('\n');
  assert.match(lines[0]!, /^importing 5 bundled list versions from /u);
  const done = lines.filter((l) => /^\d\/5 /u.test(l));
  assert.equal(done.length, 5, initRun.stderr);
  assert.match(initRun.stderr, /^1\/5 us_ofac_cons 2025-12-19: 1166 entities imported as version \d+ in \d+(?:\.\d)? m?s \(346 KB read\)$/mu);
  assert.match(initRun.stderr, /^2\/5 un_sc_sanctions 2026-02-27: 2512 entities imported as version \d+ in /mu, 'the UN list states its date in the file');
  assert.match(initRun.stderr, /^4\/5 us_state_isn 2016-12-02: 390 entities imported/mu);
  assert.match(initRun.stderr, /^5 list versions imported, 0 already present, in \d/mu);
  assert.ok(!initRun.stderr.includes('\u001b['), 'no terminal control codes when not on a terminal');
  assert.match(initRun.stdout, /5 list versions loaded, 0 already present/u);
});

test('screen-batch reports the index build apart from the steady screening rate', () => {
  const names = (parse(readFileSync(raw('ofac_sdn/jackdwyer_2022-02-25/sdn.csv')), { relax_quotes: true, relax_column_count: true }) as string[][]).slice(0, 200);
  const input = join(work, 'customers.csv');
  writeFileSync(input, `customer_id,name\n${names.map((r) => `C${r[0]},"${r[1]!.replace(/"/gu, '""')}"`).join('\n')}\n`);
  const run = cli('screen-batch', input, '-o', join(work, 'results.csv'), '--workers', '1');
  assert.equal(run.status, 0, run.stderr);
  const line = /^index built in (\d+\.\d) s; 200 rows screened in (\d+\.\d) s \((\d+) rows\/s steady\)$/mu.exec(run.stdout);
  assert.ok(line, run.stdout);
  const [indexSeconds, screenSeconds, rate] = [Number(line[1]), Number(line[2]), Number(line[3])];
  assert.ok(indexSeconds > 0, 'the index build is measured');
  assert.ok(Math.abs(rate - 200 / screenSeconds) <= Math.max(2, 0.1 * rate), `${rate} rows/s over ${screenSeconds} s`);
  assert.match(run.stdout, /^\d+ matches → .*results\.csv \(\d+\.\d s in all\)$/mu);
});

test('serve on a busy port fails at once, naming the port, with a non-zero exit', async () => {
  const busy: Server = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const { port } = busy.address() as AddressInfo;
  try {
    const run = cli('serve', '--port', String(port), '--no-xref');
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, new RegExp(`error: port ${port} on 127\\.0\\.0\\.1 is already in use \\(EADDRINUSE\\).*--port`, 'u'));
    assert.doesNotMatch(run.stderr, /building the matcher index/u, 'refused before the index is built');
  } finally {
    await new Promise((resolve) => busy.close(resolve));
  }
});

test('update that cannot connect names each URL and the reason (ECONNREFUSED), and says how to fetch otherwise', async () => {
  const port = await freePort();
  const mirror = `http://127.0.0.1:${port}`;
  const run = cli('update', '--only', 'un_sc_sanctions', 'us_bis_dpl', '--mirror', mirror);
  assert.equal(run.status, 1);
  assert.match(run.stdout, new RegExp(`^un_sc_sanctions: failed: ${mirror}/resources/xml/en/consolidated\\.xml: connection refused.*\\(ECONNREFUSED\\)$`, 'mu'));
  assert.match(run.stdout, new RegExp(`^us_bis_dpl: failed: ${mirror}/dpl/dpl\\.txt: connection refused.*\\(ECONNREFUSED\\)$`, 'mu'));
  assert.doesNotMatch(`${run.stdout}${run.stderr}`, /: fetch failed$/mu, 'never a bare "fetch failed"');
  assert.match(run.stderr, /2 list\(s\) could not be fetched from the mirror .*--mirror <url> or SANCTRACE_MIRROR/u);
});

test('the update plan fetches the FCDO UK Sanctions List for the UK, not the retired OFSI list (no network)', () => {
  const plan = json<{ dataset: string; authority: string; urls: string[]; skipped?: string }[]>('update', '--dry-run');
  const uk = plan.filter((p) => p.authority === 'UK');
  assert.deepEqual(
    uk.filter((p) => p.urls.length).map((p) => [p.dataset, p.urls]),
    [['gb_fcdo_sanctions', ['https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml']]],
  );
  assert.match(plan.find((p) => p.dataset === 'gb_hmt_ofsi')?.skipped ?? '', /retired .*28 January 2026.*importable/u);
  assert.ok(!plan.some((p) => p.urls.some((u) => /ofsi/iu.test(u))), 'no OFSI URL is fetched');
});

test('export --format csv writes the listed parties; --all adds the Sanction records and links; the help says which', () => {
  const parties = join(work, 'parties.csv');
  const all = join(work, 'all.csv');
  const partyRun = cli('export', '--format', 'csv', '-o', parties);
  assert.equal(partyRun.status, 0, partyRun.stderr);
  assert.match(partyRun.stderr, /^\d+ parties exported \(.*Person.*\); Sanction records and links left out \(--all to include them\)$/mu);
  const allRun = cli('export', '--format', 'csv', '--all', '-o', all);
  assert.equal(allRun.status, 0, allRun.stderr);
  const schemata = (file: string) => (parse(readFileSync(file), { columns: true }) as { schema: string }[]).map((r) => r.schema);
  const partyRows = schemata(parties);
  const allRows = schemata(all);
  const PARTIES = ['Person', 'Organization', 'Company', 'LegalEntity', 'PublicBody', 'Vessel', 'Airplane', 'Vehicle', 'Asset'];
  assert.ok(partyRows.length > 2000 && partyRows.every((s) => PARTIES.includes(s)), [...new Set(partyRows)].join());
  assert.ok(allRows.includes('Sanction') && allRows.includes('UnknownLink'), [...new Set(allRows)].join());
  assert.equal(allRows.filter((s) => PARTIES.includes(s)).length, partyRows.length, 'the same parties, plus the rest');
  const help = cli('export', '--help');
  assert.match(help.stdout.replace(/\s+/gu, ' '), /CSV: one row per listed party by default .*--all adds the records about them: Sanction/u);
});

test('ingest of the real news folder stores the articles and skips README.md, manifest.json and the gold files, each with its reason', () => {
  const run = cli('ingest', NEWS, '--no-link');
  assert.equal(run.status, 0, run.stderr);
  const files = readdirSync(NEWS);
  const articles = files.filter((f) => f.endsWith('.txt'));
  const gold = files.filter((f) => f.endsWith('.gold.json'));
  assert.match(run.stdout, /^skipped .*\/news\/README\.md: documentation of the folder \(README\.md\), not an article/mu);
  assert.match(run.stdout, /^skipped .*\/news\/manifest\.json: not an article file \(\.json; data such as a manifest/mu);
  assert.match(run.stdout, /^skipped .*\/news\/dev_01\.gold\.json: not an article file \(\.json; a gold annotation file for eval-news, of dev_01\.txt/mu);
  assert.doesNotMatch(run.stdout, /^stored .*README\.md$/mu);
  const stored = run.stdout.split('\n').filter((l) => l.startsWith('stored '));
  assert.equal(stored.length, articles.length);
  assert.match(run.stdout, new RegExp(`^${articles.length} articles stored, 0 already present, ${gold.length + 2} skipped$`, 'mu'));
});

test('xref counts what the review queue shows: auto-merged this run and in total, open in total and new this run', () => {
  interface Summary { candidates: number; autoMerged: number; autoMergedTotal: number; openForReview: number; newForReview: number; queued: number; merged: number; decided: number }
  const args = ['xref', '--list', 'us_state_isn', 'un_sc_sanctions', '--from', 'us_state_isn'];
  const first = json<Summary>(...args);
  assert.ok(first.autoMerged > 10 && first.openForReview > 0, JSON.stringify(first));
  assert.equal(first.autoMergedTotal, first.autoMerged, 'the first run made every automatic merge');
  assert.equal(first.newForReview, first.openForReview, 'on the first run every open pair is new');
  assert.equal(first.merged + first.openForReview + first.decided, first.candidates);
  const queue = json<{ counts: { open: number; autoMerged: number } }>('review', '--limit', '0');
  assert.deepEqual([queue.counts.open, queue.counts.autoMerged], [first.openForReview, first.autoMergedTotal], 'the queue shows what xref said');

  const again = cli(...args);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`^auto-merged: 0 this run, ${first.autoMergedTotal} in total$`, 'mu'));
  assert.match(again.stdout, new RegExp(`^open for review: ${first.openForReview} in total, 0 new this run`, 'mu'));
  const row = /^un_sc_sanctions × us_state_isn\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/mu.exec(again.stdout);
  assert.ok(row, again.stdout);
  assert.deepEqual(row.slice(1).map(Number), [first.candidates, first.merged, first.openForReview, first.decided], 'the table counts the same pairs');
});
