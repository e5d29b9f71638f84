// Open a store from a location: a file path (SQLite) or a postgres:// URL.
import { SqliteDb } from './sqlite.js';
import { PostgresDb } from './postgres.js';
import { SqlStore } from './sql-store.js';
import type { Store } from './types.js';

export async function openStore(location: string): Promise<Store> {
  const db = /^postgres(ql)?:\/\//u.test(location) ? new PostgresDb(location) : new SqliteDb(location.replace(/^sqlite:/u, ''));
  const store = new SqlStore(db);
  await store.migrate();
  return store;
}
