// A cut-off list file never becomes the latest version (issue 14, row 2): the real 2024-05-03
// SDN file cut at line 7,000, or in the middle of a row, is refused with both counts and the
// file named, the store keeps the whole version (MZKT still screens), and --allow-shrink
// accepts a drop that is meant. A file without OFAC's end-of-file byte is named in a warning.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Screener } from '../../src/screen/screen.js';
import { importList } from '../../src/sources/pipeline.js';
import { ImportError } from '../../src/sources/types.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { raw, REPO_ROOT } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'sanctrace-shrink-'));
const db = join(dir, 'store.sqlite');
const full = raw('ofac_sdn/jackdwyer_2024-05-03/sdn.csv');
let store: Store;

before(async () => {
  store = await openStore(db);
  await importList(store, { paths: [full], publishedAt: '2024-05-03' });
});

function cut(name: string, text: string): string {
  const folder = mkdtempSync(join(dir, `${name}-`));
  const file = join(folder, 'sdn.csv');
  writeFileSync(file, text, 'latin1');
  return file;
}

const lines = readFileSync(full, 'latin1').split('\r\n');

test('the SDN file cut at line 7,000 is refused through the CLI, naming the file and both counts; nothing changes', async () => {
  const file = cut('head', lines.slice(0, 7000).join('\r\n') + '\r\n');
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), '--db', db, 'import', file, '--date', '2024-05-12'], { encoding: 'utf8' });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /sdn\.csv: \d+ entities where the previous version \(2024-05-03\) has \d+: \d+\.\d % fewer/u);
  assert.match(result.stderr, /--allow-shrink/u);
  assert.match(result.stderr, /end-of-file marker/u, 'the missing 0x1A byte is named too');
  const versions = (await store.listDatasets()).find((d) => d.name === 'us_ofac_sdn')!;
  assert.equal(versions.latest.publishedAt, '2024-05-03', 'the whole version stays the latest');
  const screener = await Screener.open(store);
  assert.equal(screener.screen({ schema: 'Company', names: ['Minsk Wheel Tractor Plant'] }).results[0]?.entity.id, 'us_ofac_sdn-34769');
});

test('a file cut in the middle of a row is refused too; --allow-shrink accepts a drop that is meant', async () => {
  const text = lines.join('\r\n');
  const file = cut('mid-row', text.slice(0, Math.floor(text.length * 0.4)));
  await assert.rejects(importList(store, { paths: [file], publishedAt: '2024-05-12' }), (err: unknown) => err instanceof ImportError && /sdn\.csv: .*% fewer/u.test(err.message));
  const meant = await importList(store, { paths: [file], publishedAt: '2024-05-12', allowShrink: true });
  assert.equal(meant.unchanged, false);
  assert.ok(meant.version.removed > 1000, `removed ${meant.version.removed}`);
});
