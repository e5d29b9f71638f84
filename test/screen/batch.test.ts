// Batch screening of a CSV: real listed names and common names through the worker threads,
// errors that name the line, and a resumed run that neither redoes nor loses rows.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { screenBatch } from '../../src/screen/batch.js';
import { importList } from '../../src/sources/pipeline.js';
import { ImportError } from '../../src/sources/types.js';
import { openStore } from '../../src/store/open.js';
import { raw } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'sanctrace-batch-'));
const storePath = join(dir, 'store.sqlite');
const input = join(dir, 'customers.csv');
let listed: string[] = [];

before(async () => {
  const store = await openStore(storePath);
  await importList(store, { paths: [raw('ofac_sdn/jackdwyer_2022-02-25/sdn.csv')], publishedAt: '2022-02-25' });
  await store.close();
  // Real SDN names (every 40th record) between common names that are not listed.
  const sdn = parse(readFileSync(raw('ofac_sdn/jackdwyer_2022-02-25/sdn.csv'), 'latin1'), { relax_column_count: true, relax_quotes: true }) as string[][];
  listed = sdn.filter((r, i) => r.length > 2 && i % 40 === 0).map((r) => r[1]).slice(0, 150);
  const rows = listed.flatMap((name, i) => [[`L${i}`, name], [`C${i}`, ['John Smith', 'Maria Garcia', 'Peter Brown'][i % 3]]]);
  writeFileSync(input, stringify([['customer_id', 'full_name'], ...rows]));
});

function readOutput(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { columns: true }) as Record<string, string>[];
}

test('every row comes back in order with its best hit, list, programme, explanation and list versions', async () => {
  const output = join(dir, 'out.csv');
  const summary = await screenBatch({ input, output, store: storePath, workers: 2, chunkSize: 40 });
  assert.equal(summary.rows, 300);
  const rows = readOutput(output);
  const inputRows = parse(readFileSync(input), { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((r) => r.customer_id), inputRows.map((r) => r.customer_id));
  const listedRows = rows.filter((r) => r.customer_id.startsWith('L'));
  assert.ok(listedRows.every((r) => r.sanctrace_match === 'true' && r.list === 'us_ofac_sdn' && r.explanation.startsWith('name:')), 'listed names are matches with their reasons');
  assert.ok(listedRows.some((r) => r.programs.length > 0));
  assert.ok(rows.filter((r) => r.customer_id.startsWith('C')).every((r) => r.sanctrace_match === 'false'), 'common names are no matches');
  assert.match(rows[0].list_versions, /us_ofac_sdn:\d+/u);
});

test('an interrupted run resumes: rows already written are not redone, a half-written row is redone', async () => {
  const full = join(dir, 'full.csv');
  await screenBatch({ input, output: full, store: storePath, workers: 1 });
  const text = readFileSync(full, 'utf8');
  const lines = text.split('\n');
  const cut = join(dir, 'cut.csv');
  // Header + 120 rows + half of the 121st, as a killed process leaves it.
  writeFileSync(cut, `${lines.slice(0, 121).join('\n')}\n${lines[121].slice(0, 20)}`);
  const resumed = await screenBatch({ input, output: cut, store: storePath, workers: 2, resume: true });
  assert.equal(resumed.skipped, 120);
  assert.equal(resumed.rows, 180);
  assert.equal(readFileSync(cut, 'utf8'), text);
});

test('a run cut inside a quoted multi-line field resumes from the last complete row (issue 14, row 14)', async () => {
  // Customer names with line breaks inside quotes, as addresses and notes come from CRMs.
  const multiline = join(dir, 'multiline.csv');
  const names = listed.slice(0, 30).map((name, i) => [`M${i}`, i % 3 === 0 ? `${name}\nline two of the note` : name]);
  writeFileSync(multiline, stringify([['customer_id', 'full_name'], ...names]));
  const full = join(dir, 'multiline-full.csv');
  await screenBatch({ input: multiline, output: full, store: storePath, workers: 1 });
  const text = readFileSync(full, 'utf8');
  // Cut just after the line break inside the quoted name of the 10th row (M9).
  const at = text.indexOf('\nline two', text.indexOf('\nM9,')) + 1;
  assert.ok(at > 0);
  const cut = join(dir, 'multiline-cut.csv');
  writeFileSync(cut, text.slice(0, at));
  const resumed = await screenBatch({ input: multiline, output: cut, store: storePath, workers: 1, resume: true });
  assert.equal(resumed.skipped, 9, 'rows M0–M8 were complete; M9 is redone');
  assert.equal(readFileSync(cut, 'utf8'), text);
});

async function rejects(content: string | Buffer, pattern: RegExp, name = 'bad.csv') {
  const file = join(dir, name);
  writeFileSync(file, content);
  await assert.rejects(screenBatch({ input: file, output: join(dir, `${name}.out`), store: storePath, workers: 1 }), (err: Error) => {
    assert.ok(err instanceof ImportError, err.message);
    assert.match(err.message, pattern);
    return true;
  });
}

test('malformed batch files: missing name column, wrong delimiter, bad encoding, a 10 MB line', async () => {
  await rejects('id,city\n1,Minsk\n', /bad\.csv:1 \[name\]: no name column/u);
  await rejects('id full_name\n1 Minsk Wheel Tractor Plant\n', /bad\.csv:1: one column only .*wrong delimiter/u);
  await rejects(Buffer.concat([Buffer.from('id,full_name\n1,ok\n2,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n')]), /bad\.csv:3: invalid UTF-8/u);
  await rejects(`id,full_name\n1,ok\n2,"${'x'.repeat(10 * 1024 * 1024)}"\n`, /bad\.csv:3: malformed CSV/u);
});
