// SQLite adapter (better-sqlite3): the embedded default store, one file.
import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Param, SqlDb } from './sql.js';

export class SqliteDb implements SqlDb {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private inTransaction = false;
  /** See waitForWriters: 0 (the CLI's default) fails a write after the synchronous busy wait. */
  private writeWaitMs = 0;
  private turn: Promise<void> = Promise.resolve();
  private readonly transactionScope = new AsyncLocalStorage<SqliteDb>();

  constructor(path: string) {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
      // The store holds who screened whom: readable by its owner only. SQLite gives its -wal and
      // -shm files the database file's mode.
      if (!existsSync(path)) closeSync(openSync(path, 'w', 0o600));
      else chmodSync(path, 0o600);
    }
    this.db = new Database(path);
    // WAL: readers never block the importer, and a killed import leaves only an uncommitted log.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    // A second writer waits up to 2 s for a running write's commit instead of failing at once
    // with 'database is locked'. better-sqlite3 waits synchronously, so the wait is kept short:
    // past it the API answers 503 with Retry-After (an import holds the lock for its whole run).
    this.db.pragma('busy_timeout = 2000');
    this.db.pragma('cache_size = -65536');
  }

  async all<T>(sql: string, params: Param[] = []): Promise<T[]> {
    return this.db.prepare(sql).all(...params) as T[];
  }

  async run(sql: string, params: Param[] = []): Promise<void> {
    const statement = this.db.prepare(sql);
    await this.whenWritable(() => statement.run(...params));
  }

  waitForWriters(maxWaitMs: number): void {
    this.writeWaitMs = maxWaitMs;
    // The synchronous wait of each try is short: the event loop goes on between tries.
    if (maxWaitMs > 0) this.db.pragma('busy_timeout = 50');
  }

  /** Run a write, trying again every 100 ms while another connection holds the write lock (up to writeWaitMs). */
  private async whenWritable<T>(write: () => T): Promise<T> {
    const until = Date.now() + this.writeWaitMs;
    for (;;) {
      try {
        return write();
      } catch (err) {
        const busy = (err as { code?: string }).code === 'SQLITE_BUSY';
        if (!busy || this.inTransaction || Date.now() >= until) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async *iterate<T>(sql: string, params: Param[] = []): AsyncIterable<T> {
    for (const row of this.db.prepare(sql).iterate(...params)) yield row as T;
  }

  async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    if (this.transactionScope.getStore() === this) throw new Error('nested transaction');
    // One transaction at a time on the connection: a second one (another request) waits its turn.
    const previous = this.turn;
    let done!: () => void;
    this.turn = new Promise<void>((resolve) => (done = resolve));
    await previous;
    try {
      await this.whenWritable(() => this.db.exec('BEGIN IMMEDIATE'));
      this.inTransaction = true;
      try {
        const result = await this.transactionScope.run(this, () => fn(this));
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        this.db.exec('ROLLBACK');
        throw err;
      } finally {
        this.inTransaction = false;
      }
    } finally {
      done();
    }
  }

  async exec(script: string): Promise<void> {
    this.db.exec(script);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
