import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceEntity } from '../../src/model/entity.js';
import { ftmDeltaFormat } from '../../src/sources/ftm_delta.js';
import { ftmJsonFormat } from '../../src/sources/ftm_json.js';
import { readHead } from '../../src/sources/io.js';
import { ImportError, type DeltaOp, type ImportWarning } from '../../src/sources/types.js';
import { raw } from '../helpers/paths.js';
import { readAll, values } from '../helpers/read.js';

const fixture = (name: string) => raw('opensanctions', 'yente_fixtures', name);
const T2_DELTAS = [
  't2__20240527194702-wnk__entities.delta.json',
  't2__20240528014702-pfh__entities.delta.json',
  't2__20240528074703-npf__entities.delta.json',
  't2__20240528134729-3iv__entities.delta.json',
];

interface DeltaResult {
  ops: DeltaOp[];
  warnings: ImportWarning[];
  published: string | null;
}

async function readOps(files: string[]): Promise<DeltaResult> {
  const result: DeltaResult = { ops: [], warnings: [], published: null };
  const ctx = {
    files,
    dataset: 'opensanctions',
    warn: (w: ImportWarning) => result.warnings.push(w),
    setPublished: (d: string) => {
      result.published = d;
    },
    progress: () => {},
  };
  for await (const op of ftmDeltaFormat.readDelta(ctx)) result.ops.push(op);
  return result;
}

function countOps(ops: DeltaOp[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { op } of ops) counts[op] = (counts[op] ?? 0) + 1;
  return counts;
}

test('entities.delta.json: 1,700 ops (90 ADD, 1,039 MOD, 571 DEL), ids prefixed like ftm_json', async () => {
  const { ops, warnings, published } = await readOps([fixture('entities.delta.json')]);
  assert.equal(ops.length, 1700);
  assert.deepEqual(countOps(ops), { MOD: 1039, DEL: 571, ADD: 90 });
  assert.equal(ops.filter((o) => o.entity.schema === 'Sanction').length, 547);
  assert.ok(ops.every((o) => o.entity.id.startsWith('opensanctions-')));
  assert.deepEqual(warnings, []);
  // No run id in the name: the file does not say when it was published.
  assert.equal(published, null);

  const first = ops[0];
  assert.equal(first.op, 'MOD');
  assert.equal(first.entity.id, 'opensanctions-NK-2T3S8Hu29ktYnKSTgQp2wL');
  assert.ok(values(first.entity, 'alias').includes('Islamic State in Iraq and the Levant'));
  const dels = ops.filter((o) => o.op === 'DEL');
  assert.ok(dels.every((o) => o.entity.statements.length === 0));
  // Sanction.entity points at the prefixed subject id.
  const sanction = ops.find((o) => o.entity.schema === 'Sanction')!.entity;
  assert.ok(values(sanction, 'entity').every((id) => id.startsWith('opensanctions-')));
  // 'eu' is FtM's country code for the European Union (ISO has none): kept, not moved to notes.
  const cicurel = ops.find((o) => o.entity.id === 'opensanctions-ir-san-0b7a5f0876638d1dabf2afbc5043f378f1370ce3')!.entity;
  assert.deepEqual(values(cicurel, 'country'), ['eu']);
  assert.deepEqual(values(cicurel, 'notes'), []);
});

test('t2 delta index: the four local deltas in run order, the older missing one warned, published from the newest run', async () => {
  const { ops, warnings, published } = await readOps([fixture('t2__delta.json')]);
  assert.deepEqual(
    ops.map((o) => `${o.op} ${o.entity.id}`),
    [
      'ADD opensanctions-NK-2T3S8Hu29ktYnKSTgQp2wL',
      'ADD opensanctions-NK-2sJaJRaPJcWUfMbHjTtWcL',
      'ADD opensanctions-NK-500Poltergeist',
      'MOD opensanctions-NK-2T3S8Hu29ktYnKSTgQp2wL',
      'DEL opensanctions-NK-500Poltergeist',
      'ADD opensanctions-Q4365364',
    ],
  );
  assert.deepEqual(
    warnings.map((w) => w.field),
    ['20240527134702-zbn'],
  );
  assert.equal(published, '2024-05-28');
});

test('the same deltas given as files, in any order, are applied oldest run first', async () => {
  const fromIndex = await readOps([fixture('t2__delta.json')]);
  const fromFiles = await readOps([...T2_DELTAS].reverse().map(fixture));
  assert.deepEqual(fromFiles.ops, fromIndex.ops);
  assert.equal(fromFiles.published, '2024-05-28');
  const single = await readOps([fixture(T2_DELTAS[0])]);
  assert.equal(single.published, '2024-05-27');
});

test('t1 entities with the t2 deltas applied: 10 entities, the MOD renames, the DEL removes', async () => {
  const base = await readAll(ftmJsonFormat, [fixture('t1__entities.ftm.json')]);
  const state = new Map<string, SourceEntity>(base.byId);
  for (const { op, entity } of (await readOps([fixture('t2__delta.json')])).ops) {
    if (op === 'DEL') state.delete(entity.id);
    else state.set(entity.id, entity);
  }
  assert.equal(state.size, 10);
  assert.deepEqual(values(state.get('opensanctions-NK-2T3S8Hu29ktYnKSTgQp2wL'), 'name'), ['Foobar Foobargroup', 'IRGC', 'Iranian Revolutionary Guard Corps']);
  assert.equal(state.has('opensanctions-NK-500Poltergeist'), false);
  assert.ok(values(state.get('opensanctions-Q4365364'), 'name').includes('Vladimir Nikolaevich PLOTNIKOV'));
});

test('delta index without any of its deltas (t1), or with a gap in the chain, is an ImportError', async () => {
  await assert.rejects(readOps([fixture('t1__delta.json')]), (err: unknown) => err instanceof ImportError && err.where.file === 't1__delta.json');

  const folder = mkdtempSync(join(tmpdir(), 'sanctrace-ftm-delta-'));
  copyFileSync(fixture('t2__delta.json'), join(folder, 't2__delta.json'));
  for (const name of T2_DELTAS.filter((n) => !n.includes('-pfh'))) copyFileSync(fixture(name), join(folder, name));
  await assert.rejects(
    readOps([join(folder, 't2__delta.json')]),
    (err: unknown) => err instanceof ImportError && err.where.field === '20240528014702-pfh' && /missing/u.test(err.message),
  );
});

test('detect: delta files and delta indexes, not FtM entity files or the simple CSV', () => {
  const detect = (path: string) => ftmDeltaFormat.detect([], readHead(path));
  for (const name of ['entities.delta.json', ...T2_DELTAS, 't1__delta.json', 't2__delta.json']) assert.equal(detect(fixture(name)), true, name);
  for (const name of ['zala__entities.ftm.json', 'parteispenden__entities.ftm.json', 't1__entities.ftm.json', 't1__index.json']) assert.equal(detect(fixture(name)), false, name);
  assert.equal(detect(raw('opensanctions', 'noname_ua_war_sanctions_2026-03-13', 'targets.simple.csv')), false);
  // Its first line is longer than a short head: judged by how it starts.
  assert.equal(ftmDeltaFormat.detect([], readHead(fixture('entities.delta.json')).subarray(0, 300)), true);
  assert.equal(ftmDeltaFormat.detect([], readHead(fixture('zala__entities.ftm.json')).subarray(0, 300)), false);
});

test('malformed: an unknown op or a broken line names file and line', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'sanctrace-ftm-delta-'));
  const lines = readFileSync(fixture(T2_DELTAS[1]), 'utf8').trim().split('\n');
  const badOp = join(folder, 'badop.delta.json');
  writeFileSync(badOp, `${lines[0]}\n${lines[1].replace('"op":"MOD"', '"op":"UPSERT"')}\n`);
  await assert.rejects(readOps([badOp]), (err: unknown) => err instanceof ImportError && err.where.file === 'badop.delta.json' && err.where.line === 2 && err.where.field === 'op');

  const broken = join(folder, 'broken.delta.json');
  writeFileSync(broken, `${lines[0].slice(0, 100)}\n${lines[1]}\n`);
  await assert.rejects(readOps([broken]), (err: unknown) => err instanceof ImportError && err.where.file === 'broken.delta.json' && err.where.line === 1);
});
