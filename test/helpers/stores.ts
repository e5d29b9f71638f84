// The two store backends the same tests run on: a SQLite file and a real PostgreSQL server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { startPostgres, type TestPostgres } from './postgres.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A new, empty store and its location (file path or URL). */
  fresh(): Promise<{ store: Store; location: string }>;
  teardown(): Promise<void>;
}

export function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'sanctrace-sqlite-'));
  let n = 0;
  return {
    name: 'sqlite',
    async fresh() {
      const location = join(dir, `store-${++n}.sqlite`);
      return { store: await openStore(location), location };
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postgresBackend(): Backend {
  let server: TestPostgres | null = null;
  let n = 0;
  return {
    name: 'postgres',
    async fresh() {
      server ??= await startPostgres();
      const name = `store_${process.pid}_${++n}`;
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const location = server.url.replace(/\/postgres$/u, `/${name}`);
      return { store: await openStore(location), location };
    },
    async teardown() {
      server?.stop();
    },
  };
}

export function backends(): Backend[] {
  return [sqliteBackend(), postgresBackend()];
}
