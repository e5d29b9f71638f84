// The README's promise, run as a user would: `init` loads the bundled real lists, then
// `entity`, `diff` and `sources` answer from them (SQLite store in a temp folder).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NEWS, REPO_ROOT } from '../helpers/paths.js';

const home = mkdtempSync(join(tmpdir(), 'sanctrace-cli-'));

function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, SANCTRACE_HOME: home },
    maxBuffer: 1 << 26,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function json<T>(...args: string[]): T {
  const result = cli(...args, '--json');
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as T;
}

interface Shown {
  entity: { id: string; dataset: string; schema: string; caption: string; version: { date: string }; statements: { prop: string; value: string; lang: string | null }[] };
  sanctions: { dataset: string; statements: { prop: string; value: string }[] }[];
}

const values = (s: { statements: { prop: string; value: string }[] }, prop: string) => s.statements.filter((x) => x.prop === prop).map((x) => x.value);

before(() => {
  const init = cli('init', '--json');
  assert.equal(init.status, 0, init.stderr);
  const again = JSON.parse(cli('init', '--json').stdout) as { loaded: number };
  assert.equal(again.loaded, 0, 'a second init changes nothing');
});

test('entity finds MZKT in every list that has it, with programs, dates and source versions', () => {
  const byName = json<Shown[]>('entity', 'Minsk Wheel Tractor Plant');
  const byAcronym = json<Shown[]>('entity', 'MZKT');
  const all = new Map([...byName, ...byAcronym].map((s) => [s.entity.id, s]));

  const ofac = all.get('us_ofac_sdn-34769');
  assert.ok(ofac, 'OFAC 34769');
  assert.equal(ofac.entity.version.date, '2024-05-03');
  assert.ok(values(ofac.entity, 'registrationNumber').includes('100534485'));
  const programs = ofac.sanctions.flatMap((s) => values(s, 'program'));
  assert.ok(programs.includes('BELARUS-EO14038') && programs.includes('NPWMD'), programs.join());

  const csl = [...all.values()].filter((s) => s.entity.dataset === 'us_trade_csl');
  const entityList = csl.find((s) => s.sanctions.some((x) => values(x, 'program').includes('Entity List')));
  assert.ok(entityList, 'CSL Entity List row');
  assert.ok(entityList.sanctions.some((x) => [...values(x, 'listingDate'), ...values(x, 'startDate')].includes('2022-04-07')));

  const eu = [...all.values()].find((s) => s.entity.dataset === 'eu_journal' && s.sanctions.some((x) => values(x, 'listingDate').includes('2020-12-17')));
  assert.ok(eu, 'EU Belarus listing of 17.12.2020');
  assert.ok(values(eu.entity, 'registrationNumber').includes('100534485'));

  const uk = [...all.values()].filter((s) => s.entity.dataset === 'gb_hmt_ofsi');
  assert.ok(uk.length >= 1, 'UK OFSI entry');
  assert.ok(uk.some((s) => s.sanctions.some((x) => values(x, 'authority').includes('UK'))));

  const canada = [...all.values()].filter((s) => s.entity.dataset === 'ca_sema');
  const canadaDates = canada.flatMap((s) => s.sanctions.flatMap((x) => values(x, 'listingDate'))).sort();
  assert.deepEqual(canadaDates, ['2022-03-08', '2022-11-17']);
  const belarusian = canada.flatMap((s) => s.entity.statements).find((x) => x.value.includes('МЗКЦ'));
  assert.ok(belarusian, 'the Belarusian alias ААТ «МЗКЦ»');
});

test('diff shows MZKT added to the SDN list on 2022-02-25 under BELARUS-EO14038', () => {
  const text = cli('diff', 'us_ofac_sdn', '2022-02-24', '2022-02-25', '--limit', '200');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /MINSK WHEEL TRACTOR PLANT \(us_ofac_sdn-34769, \w+\) under BELARUS-EO14038/u);
  const delta = json<{ added: { id: string }[]; removed: unknown[]; programs: Record<string, string[]> }>('diff', 'us_ofac_sdn', '2022-02-24', '2022-02-25');
  assert.deepEqual(delta.programs['us_ofac_sdn-34769'], ['BELARUS-EO14038']);
});

test('diff counts added and removed between two OFAC and two UK versions', () => {
  const ofac = json<{ added: { schema: string }[]; removed: { schema: string }[] }>('diff', 'us_ofac_sdn', '2024-04-26', '2024-05-03');
  // Listed parties only: listing records (Sanction) and links between parties are not counted.
  const parties = (items: { schema: string }[]) => items.filter((i) => ['Person', 'Organization', 'Company', 'LegalEntity', 'Vessel', 'Airplane'].includes(i.schema)).length;
  // 14,668 → 14,965 records: at least the net growth was added.
  assert.ok(parties(ofac.added) - parties(ofac.removed) === 14965 - 14668, `${parties(ofac.added)} added, ${parties(ofac.removed)} removed`);
  const uk = json<{ added: { schema: string }[]; removed: { schema: string }[]; changed: unknown[] }>('diff', 'gb_hmt_ofsi', '2025-04-10', '2025-04-14');
  assert.equal(parties(uk.added), 2, 'two new groups');
  assert.equal(parties(uk.removed), 0);
});

test('sources lists every bundled list with versions and dates', () => {
  const datasets = json<{ name: string; versions: number }[]>('sources');
  const names = datasets.map((d) => d.name);
  for (const name of ['us_ofac_sdn', 'us_ofac_cons', 'un_sc_sanctions', 'us_trade_csl', 'us_state_isn', 'us_bis_dpl', 'eu_journal', 'gb_hmt_ofsi', 'ca_sema']) {
    assert.ok(names.includes(name), name);
  }
  assert.equal(datasets.find((d) => d.name === 'us_ofac_sdn')?.versions, 6);
});

test('bad input: an unknown format and a missing file fail with the file named and exit non-zero', () => {
  const unknown = cli('import', join(REPO_ROOT, 'README.md'));
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /README\.md: unknown list format/u);
  const missing = cli('import', join(home, 'nope.csv'));
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /nope\.csv: no such file/u);
});

test('init reads the bundled seed articles: `article` shows MZKT designated by the State Department, linked to OFAC 34769, with its history', () => {
  const articles = json<{ id: string; source: string }[]>('articles');
  assert.equal(articles.length, 3);
  const mzkt = articles.find((a) => a.source.endsWith('seed_000_mzkt_sanctions.txt'))!;
  const shown = cli('article', mzkt.id.slice(0, 14));
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, /DESIGNATED (?:Minsk Wheel Tractor Plant|MZKT) \[Organization\] by US State Department → us_ofac_sdn-34769/u);
  assert.match(shown.stdout, /HISTORY MZKT \[Organization\] by EU on 2020-12/u);
  assert.match(shown.stdout, /DESIGNATED Granpect Co\. Ltd\.? \[Organization, CN\] by US State Department/u);
  assert.match(shown.stdout, /Minsk Wheel Tractor Plant —supplies→ Pakistan's National Defense Complex/u);
  const text = shown.stdout.slice(shown.stdout.indexOf('--- text ---'));
  assert.match(text, /\[Minsk Wheel Tractor Plant\]\{\d+\} \(\[MZKT\]\{\d+\}\)/u);
  assert.doesNotMatch(text, /top of page|bottom of page|Source:\s*$/mu);
});

test('fact review from the CLI: list an article\'s facts, reject one and accept another (who and when), refuse an unknown id, export the reviewed article as gold files', () => {
  const articles = json<{ id: string; source: string }[]>('articles');
  const mzkt = articles.find((a) => a.source.endsWith('seed_000_mzkt_sanctions.txt'))!;
  const facts = json<{ id: string; kind: string; summary: string; confidence: number | null; review: null | { decision: string; actor: string } }[]>('facts', mzkt.id.slice(0, 14));
  const state = facts.find((f) => f.kind === 'designation' && /by US State Department/u.test(f.summary))!;
  const relation = facts.find((f) => f.kind === 'relation')!;
  assert.ok(state && relation && state.confidence !== null);
  const rejected = cli('reject', state.id, '--comment', 'checking the CLI');
  assert.equal(rejected.status, 0, rejected.stderr);
  assert.match(rejected.stdout, /rejected by cli:/u);
  assert.equal(cli('accept', relation.id).status, 0);
  const after = json<typeof facts>('facts', mzkt.id);
  assert.equal(after.find((f) => f.id === state.id)?.review?.decision, 'rejected');
  assert.match(after.find((f) => f.id === relation.id)?.review?.actor ?? '', /^cli:/u);
  const unknown = cli('reject', `${mzkt.id}-sanction-999`);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no fact '.*-sanction-999'/u);
  const dir = mkdtempSync(join(tmpdir(), 'sanctrace-gold-'));
  const exported = cli('export-gold', dir);
  assert.equal(exported.status, 0, exported.stderr);
  const gold = JSON.parse(readFileSync(join(dir, `${mzkt.id}.gold.json`), 'utf8')) as { designations: { authority: string; action: string }[] };
  assert.equal(gold.designations.filter((d) => d.authority === 'US State Department' && d.action === 'designated').length, facts.filter((f) => f.kind === 'designation' && /^designated .* by US State Department/u.test(f.summary)).length - 1);
  // Put it back for the tests after this one.
  assert.equal(cli('accept', state.id).status, 0);
});

test('ingest reads a folder of articles, skips what is not an article with its reason, and refuses bad files by name', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sanctrace-news-in-'));
  writeFileSync(join(folder, 'dev_05.txt'), readFileSync(join(NEWS, 'dev_05.txt')));
  writeFileSync(join(folder, 'notes.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
  const run = json<{ articles: { stored: boolean; designations: number }[]; skipped: { source: string; skipped: string }[] }>('ingest', folder, '--no-link');
  assert.equal(run.articles.length, 1);
  // The seven people the UK listed (one name, "Muhammed Abd Al-Razzaq Kanafani", is read as two).
  assert.ok(run.articles[0].designations >= 7 && run.articles[0].designations <= 8, String(run.articles[0].designations));
  assert.ok(run.skipped.some((s) => s.source.endsWith('notes.bin')));
  const empty = join(folder, 'empty.txt');
  writeFileSync(empty, '');
  const refused = cli('ingest', empty);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /empty\.txt.*empty/u);
});

test('eval-news prints the per-file scores against the gold files, and says they are not held out', () => {
  const out = cli('eval-news', NEWS);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /shipped models \(trained on these files: not a held-out figure\)/u);
  const all = out.stdout.split('\n').find((l) => l.startsWith('ALL'))!;
  const designationF1 = Number(all.split(/\s+/u)[3]);
  assert.ok(designationF1 >= 0.7, all);
  assert.match(out.stdout, /seed_000_mzkt_sanctions\.txt/u);
  assert.match(out.stdout, /dev_56\.txt/u);
  const bad = cli('eval-news', NEWS, '--folds', '1');
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--folds: expected a whole number from 2 to 59/u);
});

test("xref of the bundled lists makes MZKT one party: OFAC, the CSL's SDN and Entity List rows and the EU rows; the seed articles' mentions attach to it; undo and redo", async () => {
  const run = json<{ entities: number; candidates: number; autoMerged: number; queued: number }>('xref');
  assert.ok(run.entities > 40_000 && run.autoMerged > 1000 && run.queued > 0, JSON.stringify(run));
  const party = json<{ canonicalId: string; members: string[] }>('canonical', 'us_ofac_sdn-34769');
  assert.equal(party.canonicalId, 'us_ofac_sdn-34769', 'the OFAC id stays the id of the party');
  assert.ok(party.members.includes('us_trade_csl-ofac-34769'), "the CSL's copy of the SDN entry");
  assert.ok(party.members.some((m) => m.startsWith('us_trade_csl-') && m !== 'us_trade_csl-ofac-34769'), `the CSL Entity List row in ${party.members.join(', ')}`);
  assert.ok(party.members.includes('eu_journal-32006r0765-i-b-8-entity'), 'the EU Belarus annex row');
  // Any source id leads to the same party.
  assert.equal(json<{ canonicalId: string }>('canonical', 'eu_journal-32006r0765-i-b-8-entity').canonicalId, 'us_ofac_sdn-34769');

  // The party's timeline holds the listings of all its sources and what the seed articles report.
  const { openStore } = await import('../../src/store/open.js');
  const { timeline } = await import('../../src/api/profile.js');
  const store = await openStore(join(home, 'sanctrace.sqlite'));
  try {
    const entries = await timeline(store, 'eu_journal-32006r0765-i-b-8-entity');
    assert.ok(entries.some((e) => e.source.kind === 'list' && e.authority === 'US Treasury (OFAC)'));
    assert.ok(entries.some((e) => e.source.kind === 'list' && e.authority === 'EU'));
    assert.ok(entries.some((e) => e.source.kind === 'news' && e.authority === 'US State Department' && e.action === 'designated'), 'the seed article, linked to OFAC 34769, on the EU row’s party');
  } finally {
    await store.close();
  }

  const merges = json<{ mergeId: string; entities: string[]; inForce: boolean }[]>('merges', '--entity', 'eu_journal-32006r0765-i-b-8-entity');
  const mergeId = merges.find((m) => m.inForce)!.mergeId;
  assert.equal(cli('undo', mergeId).status, 0);
  const undone = json<{ canonicalId: string; members: string[] }>('canonical', 'eu_journal-32006r0765-i-b-8-entity');
  assert.ok(!undone.members.includes('us_ofac_sdn-34769'), 'after undo the EU row is no longer part of the OFAC party');
  assert.equal(cli('redo', mergeId).status, 0);
  assert.deepEqual(json<{ members: string[] }>('canonical', 'us_ofac_sdn-34769').members.sort(), [...party.members].sort(), 'redo restores the party');

  // A 'not same' blocks a later merge through any path.
  const blocked = cli('judge', 'us_trade_csl-ofac-34769', 'gb_hmt_ofsi-14044', 'not-same');
  assert.equal(blocked.status, 0, blocked.stderr);
  const refused = cli('judge', 'us_ofac_sdn-34769', 'gb_hmt_ofsi-14044', 'same');
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /cannot be merged: .*judged not the same/u);
});
