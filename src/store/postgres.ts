// PostgreSQL adapter (node-postgres): the shared server store for several API replicas.
import pg from 'pg';
import type { Param, SqlDb } from './sql.js';

/** `?` placeholders → `$1, $2, …` (our SQL never has a literal `?`). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/gu, () => `$${++n}`);
}

type Queryable = pg.Pool | pg.PoolClient;

class PgConnection implements SqlDb {
  readonly dialect = 'postgres' as const;

  constructor(
    protected readonly q: Queryable,
    private readonly pool: pg.Pool,
  ) {}

  async all<T>(sql: string, params: Param[] = []): Promise<T[]> {
    const result = await this.q.query(numbered(sql), params);
    return result.rows as T[];
  }

  async run(sql: string, params: Param[] = []): Promise<void> {
    await this.q.query(numbered(sql), params);
  }

  async *iterate<T>(sql: string, params: Param[] = []): AsyncIterable<T> {
    // A server-side cursor in its own transaction keeps memory flat on large reads.
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`DECLARE sanctrace_cursor NO SCROLL CURSOR FOR ${numbered(sql)}`, params);
      while (true) {
        const batch = await client.query('FETCH 2000 FROM sanctrace_cursor');
        for (const row of batch.rows) yield row as T;
        if (batch.rows.length < 2000) break;
      }
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(new PgConnection(client, this.pool));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  }

  async exec(script: string): Promise<void> {
    await this.q.query(script);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export class PostgresDb extends PgConnection {
  constructor(connectionString: string) {
    const pool = new pg.Pool({ connectionString, max: 4 });
    super(pool, pool);
  }
}
