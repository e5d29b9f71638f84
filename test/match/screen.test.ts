// Screening real list data: spellings, scripts, word order, legal forms and acronyms of listed
// parties are found with their reasons; common names that are not listed are not.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_THRESHOLD } from '../../src/match/features.js';
import { scoreNamePair } from '../../src/match/pairs.js';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import { raw } from '../helpers/paths.js';

let screener: Screener;

before(async () => {
  const store = await openStore(join(mkdtempSync(join(tmpdir(), 'sanctrace-screen-')), 'store.sqlite'));
  await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2024-05-03/sdn.csv')], publishedAt: '2024-05-03' });
  await importList(store, { paths: [raw('us_csl/watchman_2022-05-06/consolidated.csv.gz')], publishedAt: '2022-05-06' });
  await importList(store, { paths: [raw('eu_journal/opensanctions_2026-08-22')], publishedAt: '2026-08-22' });
  screener = await Screener.open(store);
  await store.close();
});

function screen(schema: string, name: string, birthDates?: string[]) {
  return screener.screen({ schema, names: [name], birthDates }, { limit: 20 });
}

function hit(results: ReturnType<typeof screen>, id: string) {
  return results.results.find((r) => r.entity.id === id);
}

test('every spelling, script and acronym of MZKT matches OFAC 34769, with the name feature saying why', () => {
  const cases: [string, RegExp][] = [
    ['Minsk Wheeled Tractor Plant', /'wheeled'~'wheel'/u],
    ['MZKT', /'mzkt'/u],
    ['ОАО МЗКТ', /'mzkt'/u],
    ['Volat', /'volat'/u],
  ];
  for (const [name, reason] of cases) {
    const outcome = screen('Company', name);
    const ofac = hit(outcome, 'us_ofac_sdn-34769');
    assert.ok(ofac?.match, `${name}: OFAC 34769 is a match (got ${ofac?.score})`);
    assert.match(ofac.features.find((f) => f.feature === 'name')!.detail, reason);
    const eu = outcome.results.find((r) => r.entity.dataset === 'eu_journal' && r.match);
    assert.ok(eu, `${name}: the EU listing of the plant is a match too`);
    assert.ok(outcome.versions.us_ofac_sdn > 0, 'the result names the list versions it used');
  }
  const form = hit(screen('Company', 'ОАО МЗКТ'), 'us_ofac_sdn-34769')!;
  assert.match(form.features.find((f) => f.feature === 'legal_form')!.detail, /'ОАО' legal form matched 'OJSC'/u);
});

test('Lukashenka in Cyrillic and Latin spellings matches OFAC 9760; birth dates raise or lower the score', () => {
  for (const name of ['Alexander Lukashenko', 'Лукашенко Александр Григорьевич', 'Lukashenka Aliaksandr']) {
    const ofac = hit(screen('Person', name), 'us_ofac_sdn-9760');
    assert.ok(ofac?.match, `${name} → OFAC 9760 (score ${ofac?.score})`);
  }
  const plain = hit(screen('Person', 'Alexander Lukashenko'), 'us_ofac_sdn-9760')!;
  const sameDay = hit(screen('Person', 'Alexander Lukashenko', ['1954-08-30']), 'us_ofac_sdn-9760')!;
  const otherYear = hit(screen('Person', 'Alexander Lukashenko', ['1962']), 'us_ofac_sdn-9760')!;
  assert.ok(sameDay.score > plain.score);
  assert.ok(otherYear.score < plain.score);
  assert.match(otherYear.features.find((f) => f.feature === 'birth_date')!.detail, /birth year 1962 ≠ 1954: -0\.15/u);
});

const pair = scoreNamePair;

test('legal forms are compared as forms: Co., Ltd. = Company Limited; ООО БАЙ is not ООО БАЙКАЛ', () => {
  const xian = pair('Company', "Xi'an Longde Technology Development Co., Ltd.", "Xi'an Longde Technology Development Company Limited");
  assert.ok(xian.score >= DEFAULT_THRESHOLD, String(xian.score));
  assert.ok(xian.features.some((f) => f.feature === 'legal_form' && /matched/u.test(f.detail)));
  assert.ok(pair('Company', 'Granpect Co. Ltd.', 'Granpect Company Limited').score >= DEFAULT_THRESHOLD);
  const bai = pair('Company', 'ООО БАЙ', 'ООО БАЙКАЛ');
  assert.ok(bai.score < DEFAULT_THRESHOLD, `${bai.score}: ${bai.features.map((f) => f.detail).join('; ')}`);
});

test('common names that are not listed give no hit above the threshold', () => {
  for (const name of ['George Bush', 'John Smith']) {
    const top = screen('Person', name).results[0];
    assert.ok(top, `${name}: people sharing a word are scored, so a broken index would show here`);
    assert.ok(!top.match, `${name}: top ${top.entity.caption} ${top.score}`);
  }
});
