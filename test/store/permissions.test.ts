// The store and its audit anchor hold who screened whom: owner-only files (issue 14, row 15),
// for a new store and for one created with wider permissions before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit } from '../../src/audit/log.js';
import { openStore } from '../../src/store/open.js';

const mode = (file: string) => statSync(file).mode & 0o777;

test('the SQLite store, its WAL and the audit anchor are readable by their owner only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanctrace-modes-'));
  const file = join(dir, 'store.sqlite');
  const anchor = join(dir, 'audit-anchor.json');
  const store = await openStore(file);
  await appendAudit(store.sql, [{ actor: 'test', kind: 'decision', payload: { customer: 'c', entityId: 'e', decision: 'false_positive' } }], anchor);
  assert.equal(mode(file), 0o600);
  if (existsSync(`${file}-wal`)) assert.equal(mode(`${file}-wal`), 0o600);
  assert.equal(mode(anchor), 0o600);
  await store.close();
});

test('a store file made world-readable before is made owner-only when opened', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanctrace-modes-'));
  const file = join(dir, 'store.sqlite');
  writeFileSync(file, '');
  chmodSync(file, 0o644);
  const store = await openStore(file);
  assert.equal(mode(file), 0o600);
  await store.close();
});
