// Schema migrations, applied in order and recorded in schema_migrations. Never edit a
// migration that has shipped: add the next one. One DDL text serves both engines.
import type { SqlDb } from './sql.js';

interface Migration {
  id: number;
  name: string;
  /** DDL with {serial} and {rowid} placeholders, see dialect(). */
  sql: string;
}

// Statements are deduplicated by content key across versions; an entity state is the set of
// statements of one entity; a version lists which state each of its entities is in. So an
// unchanged entity costs one row per version, and any past version can be rebuilt exactly.
// One DDL for both engines: `{serial}` is the auto-numbered key, `{rowid}` drops SQLite's
// hidden rowid on tables keyed by their primary key (PostgreSQL has no such thing).
const INITIAL = `
CREATE TABLE versions (
  id {serial},
  dataset TEXT NOT NULL,
  published_at TEXT,
  imported_at TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  format TEXT NOT NULL,
  files TEXT NOT NULL,
  entity_count INTEGER NOT NULL DEFAULT 0,
  statement_count INTEGER NOT NULL DEFAULT 0,
  added INTEGER NOT NULL DEFAULT 0,
  changed INTEGER NOT NULL DEFAULT 0,
  removed INTEGER NOT NULL DEFAULT 0,
  warnings TEXT NOT NULL DEFAULT '[]',
  previous_id INTEGER,
  UNIQUE (dataset, content_hash)
);
CREATE TABLE statements (
  id {serial},
  key TEXT NOT NULL UNIQUE,
  dataset TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  schema TEXT NOT NULL,
  prop TEXT NOT NULL,
  prop_type TEXT NOT NULL,
  value TEXT NOT NULL,
  original_value TEXT,
  lang TEXT,
  norm TEXT,
  first_seen_version INTEGER NOT NULL REFERENCES versions(id),
  last_seen_version INTEGER NOT NULL REFERENCES versions(id)
);
CREATE INDEX statements_entity ON statements (entity_id);
CREATE INDEX statements_ref ON statements (value) WHERE prop_type = 'entity';
CREATE TABLE entity_states (
  id {serial},
  hash TEXT NOT NULL UNIQUE,
  entity_id TEXT NOT NULL,
  schema TEXT NOT NULL,
  caption TEXT NOT NULL
);
CREATE TABLE state_statements (
  state_id INTEGER NOT NULL REFERENCES entity_states(id),
  statement_id INTEGER NOT NULL REFERENCES statements(id),
  PRIMARY KEY (state_id, statement_id)
){rowid};
CREATE TABLE version_entities (
  version_id INTEGER NOT NULL REFERENCES versions(id),
  entity_id TEXT NOT NULL,
  state_id INTEGER NOT NULL REFERENCES entity_states(id),
  PRIMARY KEY (version_id, entity_id)
){rowid};
CREATE INDEX version_entities_entity ON version_entities (entity_id);
`;

function dialect(ddl: string, engine: 'sqlite' | 'postgres'): string {
  return ddl
    .replaceAll('{serial}', engine === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'SERIAL PRIMARY KEY')
    .replaceAll('{rowid}', engine === 'sqlite' ? ' WITHOUT ROWID' : '');
}

// Articles read from news, stored once by content hash, with what was extracted from them: the
// FtM entities (Article, reported Sanctions, relationships) apart from the official lists, so
// reported designations stand next to official listings, never mixed into a list version.
const ARTICLES = `
CREATE TABLE articles (
  id TEXT NOT NULL PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  title TEXT,
  language TEXT,
  published TEXT,
  ingested_at TEXT NOT NULL,
  body TEXT NOT NULL,
  analysis TEXT NOT NULL
){rowid};
CREATE TABLE article_entities (
  article_id TEXT NOT NULL REFERENCES articles(id),
  entity_id TEXT NOT NULL,
  schema TEXT NOT NULL,
  linked_id TEXT,
  data TEXT NOT NULL,
  PRIMARY KEY (article_id, entity_id)
){rowid};
CREATE INDEX article_entities_linked ON article_entities (linked_id);
`;

export const MIGRATIONS: Migration[] = [
  { id: 1, name: 'statements, entity states, versions', sql: INITIAL },
  { id: 2, name: 'articles and the entities extracted from them', sql: ARTICLES },
];

export async function migrate(db: SqlDb): Promise<number[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = new Set((await db.all<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => Number(r.id)));
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.id)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(dialect(migration.sql, db.dialect));
      await tx.run('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)', [migration.id, migration.name, new Date().toISOString()]);
    });
    applied.push(migration.id);
  }
  return applied;
}
