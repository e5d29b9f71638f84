// Screening precision on every bundled list (what `sanctrace init` loads): the false hits that
// issue 12 reported are gone, the misses are found, MZKT's UK record joins the MZKT party after
// cross-referencing and /match gives one result per party.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server.js';
import { loadSettings } from '../../src/config.js';
import { sourcesOf } from '../../src/resolve/canonical.js';
import { xref } from '../../src/resolve/xref.js';
import { Screener } from '../../src/screen/screen.js';
import { loadBundled } from '../../src/sources/bundled.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';

let store: Store;
let screener: Screener;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanctrace-precision-'));
  store = await openStore(join(dir, 'store.sqlite'));
  await loadBundled(store, loadSettings().defaultDataDir, join(dir, 'cache'));
  screener = await Screener.open(store);
});

after(async () => {
  await store.close();
});

function screen(schema: string, name: string) {
  return screener.screen({ schema, names: [name] }, { limit: 20 }).results;
}

test('a Person query never meets an organisation: Ann Wagner is not the Wagner Group, Catalina Bravo not GRANTS PROMOTION', () => {
  for (const [name, organisation] of [
    ['Ann Wagner', /wagner group|pmc wagner|company 'wagner'/iu],
    ['Catalina Bravo', /grants promotion/iu],
  ] as const) {
    const results = screen('Person', name);
    assert.ok(!results.some((r) => organisation.test(r.entity.caption)), `${name}: ${results.map((r) => r.entity.caption).join(', ')}`);
    assert.ok(results.every((r) => r.entity.kind !== 'organization'), `${name}: only persons and entities of unknown kind`);
  }
  // A LegalEntity query (unknown kind) may still meet the group.
  assert.ok(screen('LegalEntity', 'Wagner Group').some((r) => r.match && /wagner/iu.test(r.entity.caption)));
});

test('one shared common word does not carry the score: the Johnsons, Dennis Lloyd, Mariah Sanchez, Khawaja Muhammad Asif', () => {
  const cases: [string, RegExp][] = [
    ['Dawn Johnson', /JOHNSON HU/iu],
    ['Bill Johnson', /JOHNSON HU/iu],
    ['Ron Johnson', /JOHNSON HU/iu],
    ['Dennis Lloyd', /Dennis Tan Ong/iu],
    ['Mariah Sanchez', /Sanchez-Lopez/iu],
    ['Khawaja Muhammad Asif', /KHAWAJA|AL-SALAH/iu],
  ];
  for (const [name, wrong] of cases) {
    const hits = screen('Person', name).filter((r) => r.match);
    assert.ok(!hits.some((r) => wrong.test(r.entity.caption)), `${name}: ${hits.map((r) => `${r.entity.caption} ${r.score.toFixed(2)}`).join(', ')}`);
  }
});

test('one generic or common word as the whole query matches nothing: "Group", "John"', () => {
  assert.deepEqual(screen('LegalEntity', 'Group').filter((r) => r.match).map((r) => r.entity.caption), []);
  const john = screen('Person', 'John');
  assert.deepEqual(john.filter((r) => r.match).map((r) => r.entity.caption), []);
  // A rare one-word name still does: MZKT is the plant.
  const mzkt = screen('Company', 'MZKT')[0];
  assert.equal(mzkt.entity.id, 'us_ofac_sdn-34769');
  assert.ok(mzkt.match);
});

test('Chinese and Korean names compare by syllable and character, not by sound alone', () => {
  for (const [name, wrong] of [
    ['文 陈', /Win Shein/iu],
    ['承翰 蘇', /HAN JANG SU/iu],
    ['明 晨 郭', /CHEN Mingguo/iu],
  ] as const) {
    const hits = screen('Person', name).filter((r) => r.match);
    assert.ok(!hits.some((r) => wrong.test(r.entity.caption)), `${name}: ${hits.map((r) => `${r.entity.caption} ${r.score.toFixed(2)}`).join(', ')}`);
  }
  // The same characters as listed are still the listed person.
  const chen = screen('Person', '陈明国').find((r) => /CHEN Mingguo/iu.test(r.entity.caption));
  assert.ok(chen?.match, 'the listed characters 陈明国 are CHEN Mingguo');
});

test('Viktor Bout is found first, as a match, with the name feature saying why', () => {
  const first = screen('Person', 'Viktor Bout')[0];
  assert.match(first.entity.caption, /^BOUT, Viktor/u);
  assert.ok(first.match, `score ${first.score}`);
  assert.match(first.features[0].detail, /'viktor', 'bout'/u);
});

test('Putin in Arabic, Persian, Chinese, Korean and with a title is Vladimir Putin, as a match', () => {
  for (const [name, how] of [
    ['فلاديمير بوتين', /script|consonants/u],
    ['ولادیمیر پوتین', /script|consonants/u],
    ['弗拉基米尔·普京', /script/u],
    ['블라디미르 푸틴', /script/u],
    ['Президент Путин', /'putin'/u],
    ['Präsident Putin', /'putin'/u],
  ] as const) {
    const first = screen('Person', name)[0];
    assert.match(first.entity.caption, /Vladimir.*PUTIN|PUTIN, Vladimir/iu, `${name} → ${first.entity.caption}`);
    assert.ok(first.match, `${name}: ${first.score}`);
    assert.match(first.features[0].detail, how, `${name}: ${first.features[0].detail}`);
  }
});

test("MZKT's UK record joins the MZKT party after xref; the profile lists it and /match gives one result per party", async () => {
  // Both names of 'MZKT (MINSK WHEEL TRACTOR PLANT)' are names of the UK record.
  const uk = screen('Company', 'Minsk Wheel Tractor Plant').find((r) => r.entity.id === 'gb_hmt_ofsi-14044');
  assert.ok(uk?.match && uk.score === 1, `UK record: ${uk?.score}`);
  await xref(store, { queryFrom: ['gb_hmt_ofsi'] });
  const party = await sourcesOf(store.sql, 'us_ofac_sdn-34769');
  assert.equal(party.canonicalId, 'us_ofac_sdn-34769');
  assert.ok(party.members.includes('gb_hmt_ofsi-14044'), party.members.join(', '));
  const app: FastifyInstance = await buildApi({ store, screener });
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const profile = (await (await fetch(`${base}/entities/us_ofac_sdn-34769`)).json()) as { datasets: string[]; referents: string[] };
    assert.ok(profile.datasets.includes('gb_hmt_ofsi'), profile.datasets.join(', '));
    assert.ok(profile.referents.includes('gb_hmt_ofsi-14044'));
    const res = await fetch(`${base}/match/default?limit=10`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ queries: { q: { schema: 'Company', properties: { name: ['MZKT'] } } } }),
    });
    const results = ((await res.json()) as { responses: { q: { results: { id: string; referents: string[] }[] } } }).responses.q.results;
    const ids = results.map((r) => r.id);
    assert.equal(ids[0], 'us_ofac_sdn-34769');
    assert.ok(!ids.includes('gb_hmt_ofsi-14044'), `the UK record is inside the party, not a result of its own: ${ids.join(', ')}`);
    const members = results.flatMap((r) => [r.id, ...r.referents]);
    assert.equal(new Set(members).size, members.length, 'no source entity appears in two results');
  } finally {
    await app.close();
  }
});

test('equal scores rank by support: with his birth date, the Putin records that carry it come before the one that does not', () => {
  // The index's own ranking, source by source (after xref the screener shows one party).
  const results = screener.index.search({ schema: 'Person', names: ['Vladimir Vladimirovich Putin'], birthDates: ['1952-10-07'] }, { limit: 10 });
  const tied = results.filter((r) => r.score === 1);
  assert.ok(tied.length >= 3, `several records at 1.00: ${tied.map((r) => r.entity.id).join(', ')}`);
  const dated = (r: (typeof results)[number]) => r.features.some((f) => f.feature === 'birth_date' && f.value >= 0);
  const firstUndated = tied.findIndex((r) => !dated(r));
  assert.ok(firstUndated > 0, 'a record without the birth date is not first');
  assert.ok(tied.slice(0, firstUndated).every(dated) && tied.slice(firstUndated).every((r) => !dated(r)), tied.map((r) => `${r.entity.id} ${r.support}`).join(', '));
});
