// The match index kept on disk: a second open reads it instead of analysing the lists again,
// gives the same answers, and never serves a list version it was not built from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { openStore } from '../../src/store/open.js';
import { raw } from '../helpers/paths.js';

const MZKT = { schema: 'LegalEntity', names: ['Minsk Wheeled Tractor Plant'] };
const answer = (screener: Screener) => screener.screen(MZKT, { limit: 5 }).results.map((r) => [r.entity.id, r.score, r.entity.caption, r.features]);

test('a second open reads the index file, with the same answers; a new list version is built anew; a damaged file is rebuilt', async () => {
  const location = join(mkdtempSync(join(tmpdir(), 'sanctrace-index-file-')), 'store.sqlite');
  const store = await openStore(location);
  try {
    await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2024-04-26/sdn.csv')], publishedAt: '2024-04-26' });
    const built = await Screener.open(store);
    assert.equal(built.origin.from, 'built');
    assert.ok(built.origin.path?.startsWith(`${location}.index`), 'the file sits beside the store');
    const read = await Screener.open(store);
    assert.equal(read.origin.from, 'file');
    assert.equal(read.origin.path, built.origin.path);
    // Real content: MZKT is OFAC 34769, explained by its name, the same from the file as built.
    assert.equal(answer(read)[0][0], 'us_ofac_sdn-34769');
    assert.deepEqual(answer(read), answer(built));
    assert.equal(read.index.entities.length, built.index.entities.length);

    // A new version of the list: the old file is not for it; a build names the new version.
    await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2024-05-03/sdn.csv')], publishedAt: '2024-05-03' });
    const newer = await Screener.open(store);
    assert.equal(newer.origin.from, 'built');
    assert.notEqual(newer.origin.path, built.origin.path);
    assert.notEqual(newer.index.versions.get('us_ofac_sdn'), built.index.versions.get('us_ofac_sdn'));
    const wuhan = newer.screen({ schema: 'Company', names: ['Wuhan Global Sensor Technology'] }, { limit: 1 }).results[0];
    assert.match(wuhan.entity.caption, /WUHAN GLOBAL SENSOR/u, 'listed on 2024-05-03 only');

    // A truncated file (a full disk, a crash elsewhere) is never read as an index: it is rebuilt.
    truncateSync(newer.origin.path!, 1000);
    const repaired = await Screener.open(store);
    assert.equal(repaired.origin.from, 'built');
    assert.deepEqual(answer(repaired), answer(newer));
    assert.equal((await Screener.open(store)).origin.from, 'file');
    assert.ok(readdirSync(`${location}.index`).every((f) => !f.endsWith('.tmp')), 'no temporary file left');
  } finally {
    await store.close();
  }
});
