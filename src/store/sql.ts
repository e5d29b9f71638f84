// The little each SQL engine must provide so that one store implementation runs on both.
// Statements use `?` placeholders; the PostgreSQL adapter numbers them.
export type Row = Record<string, unknown>;
export type Param = string | number | null;

export interface SqlDb {
  readonly dialect: 'sqlite' | 'postgres';
  all<T = Row>(sql: string, params?: Param[]): Promise<T[]>;
  run(sql: string, params?: Param[]): Promise<void>;
  /** Rows one at a time (cursor), for exports and index builds over the whole store. */
  iterate<T = Row>(sql: string, params?: Param[]): AsyncIterable<T>;
  /** Run `fn` in one transaction on one connection; rolled back if it throws. */
  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T>;
  exec(script: string): Promise<void>;
  close(): Promise<void>;
  /**
   * A server's writes (audit records, judgements) wait up to `maxWaitMs` for another process's
   * write (an import) to commit, without blocking the event loop, instead of failing after a
   * short wait. Only SQLite needs it: PostgreSQL's writers do not take one lock for the file.
   */
  waitForWriters?(maxWaitMs: number): void;
}

export async function one<T = Row>(db: SqlDb, sql: string, params: Param[] = []): Promise<T | null> {
  const rows = await db.all<T>(sql, params);
  return rows[0] ?? null;
}
