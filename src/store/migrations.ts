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

// Cross-source resolution, screening audit, monitoring and access (issue 6). Each concern owns
// its tables and reads/writes them through the store's SqlDb (see src/resolve, src/audit,
// src/monitor, src/access).
//
// xref_candidates: pairs proposed by an xref run (left_id < right_id), with the score, the
// strong identifier they share (if any) and the explanation, as JSON.
// judgements: every decision on a pair (same / not_same / unsure), by whom and when, never
// updated except to mark it retracted (undo); merge_id groups the judgements one merge made.
// canonical_members: the materialised grouping (source entity → canonical id), rebuilt from the
// judgements in force.
// audit_log: append-only, each record hashing the previous one (seq is assigned by the writer).
// hit_decisions: an analyst's decision on one hit for one customer, with the state of the
// listed entity it was made on, so a false positive is suppressed until that entity changes.
// portfolios / portfolio_members / monitor_hits / alerts / webhook_deliveries: watched parties,
// the hits last seen for each, the alerts raised when they change, and their delivery.
// api_keys: hashed keys with a role (screener, analyst, admin).
const RESOLUTION_AUDIT_MONITORING = `
CREATE TABLE xref_runs (
  id {serial},
  started_at TEXT NOT NULL,
  finished_at TEXT,
  params TEXT NOT NULL,
  stats TEXT
);
CREATE TABLE xref_candidates (
  left_id TEXT NOT NULL,
  right_id TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  strong TEXT,
  explanation TEXT NOT NULL,
  run_id INTEGER NOT NULL,
  PRIMARY KEY (left_id, right_id)
){rowid};
CREATE INDEX xref_candidates_score ON xref_candidates (score);
CREATE TABLE judgements (
  id {serial},
  left_id TEXT NOT NULL,
  right_id TEXT NOT NULL,
  judgement TEXT NOT NULL,
  origin TEXT NOT NULL,
  actor TEXT NOT NULL,
  created_at TEXT NOT NULL,
  comment TEXT,
  merge_id TEXT,
  retracted_at TEXT,
  retracted_by TEXT
);
CREATE INDEX judgements_pair ON judgements (left_id, right_id);
CREATE INDEX judgements_merge ON judgements (merge_id);
CREATE TABLE canonical_members (
  entity_id TEXT NOT NULL PRIMARY KEY,
  canonical_id TEXT NOT NULL
){rowid};
CREATE INDEX canonical_members_canonical ON canonical_members (canonical_id);
CREATE TABLE audit_log (
  seq INTEGER NOT NULL PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE hit_decisions (
  id {serial},
  customer TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  decision TEXT NOT NULL,
  entity_state TEXT NOT NULL,
  comment TEXT,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  audit_seq INTEGER NOT NULL
);
CREATE INDEX hit_decisions_customer ON hit_decisions (customer, entity_id);
CREATE TABLE portfolios (
  name TEXT NOT NULL PRIMARY KEY,
  created_at TEXT NOT NULL,
  threshold DOUBLE PRECISION,
  webhook TEXT
){rowid};
CREATE TABLE portfolio_members (
  portfolio TEXT NOT NULL REFERENCES portfolios(name),
  member_key TEXT NOT NULL,
  query TEXT NOT NULL,
  added_at TEXT NOT NULL,
  PRIMARY KEY (portfolio, member_key)
){rowid};
CREATE TABLE monitor_hits (
  portfolio TEXT NOT NULL,
  member_key TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  entity_state TEXT NOT NULL,
  seen_at TEXT NOT NULL,
  PRIMARY KEY (portfolio, member_key, entity_id)
){rowid};
CREATE TABLE alerts (
  id {serial},
  portfolio TEXT NOT NULL,
  member_key TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  cause TEXT NOT NULL,
  detail TEXT NOT NULL,
  created_at TEXT NOT NULL,
  acknowledged_at TEXT,
  acknowledged_by TEXT
);
CREATE INDEX alerts_portfolio ON alerts (portfolio, created_at);
CREATE TABLE webhook_deliveries (
  id {serial},
  alert_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at TEXT,
  delivered_at TEXT
);
CREATE TABLE api_keys (
  id {serial},
  label TEXT NOT NULL,
  role TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
`;

// A member's first screening is its baseline: hits found then are the starting point, not news.
const MONITOR_BASELINE = `
ALTER TABLE portfolio_members ADD COLUMN baseline_at TEXT;
`;

// An analyst's review of a fact extracted from news (a reported designation or relation): rows are
// never rewritten, the newest per fact is in force, so the history of decisions stays readable.
const FACT_REVIEWS = `
CREATE TABLE fact_reviews (
  id {serial},
  article_id TEXT NOT NULL REFERENCES articles(id),
  fact_id TEXT NOT NULL,
  decision TEXT NOT NULL,
  actor TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  comment TEXT
);
CREATE INDEX fact_reviews_fact ON fact_reviews (fact_id);
`;

// Audit retention (issue 14): rows of audit_log older than a date are exported to an archive file
// and deleted; each prune leaves a checkpoint (the seq and hash of the last pruned record, and the
// archive's sha256), so verification starts from the newest checkpoint instead of the genesis and
// the archive can be verified against it (archive + live table = the whole chain).
const AUDIT_CHECKPOINTS = `
CREATE TABLE audit_checkpoints (
  id {serial},
  pruned_through_seq INTEGER NOT NULL,
  pruned_through_hash TEXT NOT NULL,
  pruned_at TEXT NOT NULL,
  archive_sha256 TEXT NOT NULL,
  archive_name TEXT NOT NULL,
  records INTEGER NOT NULL
);
`;

// Each portfolio's webhook deliveries are signed with its own secret, made when the hook is set.
const WEBHOOK_SECRETS = `
ALTER TABLE portfolios ADD COLUMN webhook_secret TEXT;
`;

export const MIGRATIONS: Migration[] = [
  { id: 1, name: 'statements, entity states, versions', sql: INITIAL },
  { id: 2, name: 'articles and the entities extracted from them', sql: ARTICLES },
  { id: 3, name: 'resolution, audit, monitoring and access', sql: RESOLUTION_AUDIT_MONITORING },
  { id: 4, name: 'monitoring baseline per member', sql: MONITOR_BASELINE },
  { id: 5, name: 'analyst reviews of facts extracted from news', sql: FACT_REVIEWS },
  { id: 6, name: 'audit retention checkpoints', sql: AUDIT_CHECKPOINTS },
  { id: 7, name: 'a signing secret per portfolio webhook', sql: WEBHOOK_SECRETS },
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
