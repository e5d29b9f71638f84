// Open a store from a location: a file path (SQLite) or a postgres:// URL.
import { resolve } from 'node:path';
import { SqliteDb } from './sqlite.js';
import { PostgresDb } from './postgres.js';
import { SqlStore } from './sql-store.js';
import type { Store } from './types.js';

/**
 * Where the match indexes of a store are kept: SANCTRACE_INDEX_DIR ('off': nowhere), else beside
 * a SQLite file, else in the sanctrace home (a PostgreSQL store has no file of its own).
 */
export function indexDirFor(location: string): string | null {
  const setting = process.env.SANCTRACE_INDEX_DIR;
  if (setting) return /^(0|off|false|no)$/iu.test(setting) ? null : resolve(setting);
  if (/^postgres(ql)?:\/\//u.test(location)) return resolve(process.env.SANCTRACE_HOME ?? '.sanctrace', 'index');
  const path = location.replace(/^sqlite:/u, '');
  return path === ':memory:' || path === '' ? null : `${resolve(path)}.index`;
}

export async function openStore(location: string): Promise<Store> {
  const db = /^postgres(ql)?:\/\//u.test(location) ? new PostgresDb(location) : new SqliteDb(location.replace(/^sqlite:/u, ''));
  const store = new SqlStore(db, indexDirFor(location));
  await store.migrate();
  return store;
}
