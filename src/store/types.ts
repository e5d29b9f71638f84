// The store: lists as versions of FtM entities made of statements. Two implementations
// (SQLite, PostgreSQL) share one SQL implementation and pass the same test suite.
import type { SourceEntity } from '../model/entity.js';
import type { ImportWarning } from '../sources/types.js';
import type { SqlDb } from './sql.js';

export interface VersionRecord {
  id: number;
  dataset: string;
  /** The list's own publication date (ISO), when known. */
  publishedAt: string | null;
  importedAt: string;
  /** Orders the versions of one list: publication date, else import time. */
  sortKey: string;
  contentHash: string;
  format: string;
  files: string[];
  entityCount: number;
  statementCount: number;
  added: number;
  changed: number;
  removed: number;
  warnings: ImportWarning[];
  /** The version this one was compared with when counting added/changed/removed. */
  previousId: number | null;
}

export interface NewVersion {
  dataset: string;
  publishedAt: string | null;
  contentHash: string;
  format: string;
  files: string[];
  /**
   * Most share of the previous version's entities the new one may lack (0.05 = 5 %); a bigger
   * drop is refused (ShrinkRefused) and nothing is written. Undefined or null: no guard.
   */
  maxShrink?: number | null;
}

/** A new version with far fewer entities than the one before it: most likely a cut-off file. */
export class ShrinkRefused extends Error {
  constructor(
    readonly previous: { entityCount: number; publishedAt: string | null },
    readonly entityCount: number,
    readonly maxShrink: number,
  ) {
    const drop = 1 - entityCount / previous.entityCount;
    super(`${entityCount} entities where the previous version (${previous.publishedAt ?? 'undated'}) has ${previous.entityCount}: ${(100 * drop).toFixed(1)} % fewer, more than the ${(100 * maxShrink).toFixed(0)} % a list loses between versions`);
  }
}

/** Another import holds the store: this one is refused before it writes anything. */
export class ImportBusy extends Error {
  constructor() {
    super('another import is writing to this store; this one was refused before writing anything: run it again when that import has finished');
  }
}

export interface StatementRecord {
  id: number;
  entityId: string;
  schema: string;
  prop: string;
  propType: string;
  value: string;
  originalValue: string | null;
  lang: string | null;
  dataset: string;
  firstSeen: VersionRef;
  lastSeen: VersionRef;
}

export interface VersionRef {
  versionId: number;
  date: string;
}

export interface StoredEntity {
  id: string;
  schema: string;
  dataset: string;
  caption: string;
  /** The version this view of the entity comes from. */
  version: VersionRef;
  statements: StatementRecord[];
}

export interface EntitySummary {
  id: string;
  schema: string;
  caption: string;
}

export interface EntityChange extends EntitySummary {
  /** Statement values that appeared / disappeared, as "prop: value". */
  addedValues: string[];
  removedValues: string[];
}

export interface Delta {
  dataset: string;
  from: VersionRecord;
  to: VersionRecord;
  added: EntitySummary[];
  removed: EntitySummary[];
  changed: EntityChange[];
}

export interface DatasetSummary {
  name: string;
  versions: number;
  latest: VersionRecord;
}

export interface VersionWriter {
  /** Add one entity to the version being written (ids unique within a version). */
  put(entity: SourceEntity): Promise<void>;
}

export interface VersionCompletion {
  publishedAt?: string | null;
  warnings: ImportWarning[];
}

export interface IterateOptions {
  /** A version id; default: the latest version of every list (or of `dataset`). */
  versionId?: number;
  dataset?: string;
  /** Only entities of these schemata (and their descendants are not expanded: exact names). */
  schemata?: string[];
}

/** An article as stored: its text, the extraction (JSON) and the FtM entities made from it. */
export interface ArticleRecord {
  id: string;
  sha256: string;
  source: string;
  title: string | null;
  language: string | null;
  published: string | null;
  ingestedAt: string;
  body: string;
  /** The extraction result as JSON (lines, sentences, parties, designations, relations). */
  analysis: string;
}

export interface ArticleEntityRecord {
  entityId: string;
  schema: string;
  /** The list entity this one is about, where the extraction linked it. */
  linkedId: string | null;
  /** The FtM entity as JSON ({id, schema, properties}). */
  data: string;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Where match indexes of this store are kept on disk (match/index-file.ts); null: never kept. */
  readonly indexDir: string | null;
  /** The SQL connection, for the modules that own their own tables (resolve, audit, monitor, access). */
  readonly sql: SqlDb;
  /** Store an article and its entities in one transaction; false when the same content is stored already. */
  saveArticle(article: ArticleRecord, entities: ArticleEntityRecord[]): Promise<boolean>;
  getArticle(idOrPrefix: string): Promise<ArticleRecord | null>;
  listArticles(): Promise<Omit<ArticleRecord, 'body' | 'analysis'>[]>;
  getArticleEntities(articleId: string): Promise<ArticleEntityRecord[]>;
  /** Article entities about a list entity (reported sanctions, relations), for its profile. */
  articleEntitiesLinkedTo(entityId: string): Promise<(ArticleEntityRecord & { articleId: string })[]>;
  migrate(): Promise<void>;
  close(): Promise<void>;
  findVersionByHash(dataset: string, contentHash: string): Promise<VersionRecord | null>;
  /**
   * Write a new version in one transaction: `fill` puts the entities; any error rolls back
   * everything, so the store is exactly as before.
   */
  writeVersion(meta: NewVersion, fill: (writer: VersionWriter) => Promise<VersionCompletion>): Promise<VersionRecord>;
  listDatasets(): Promise<DatasetSummary[]>;
  listVersions(dataset: string): Promise<VersionRecord[]>;
  getVersion(id: number): Promise<VersionRecord | null>;
  latestVersion(dataset: string): Promise<VersionRecord | null>;
  /** The entity as of `versionId` (default: the latest version of its list that holds it). */
  getEntity(id: string, versionId?: number): Promise<StoredEntity | null>;
  /** Entities (in the latest version of their list) that point at `id` through an entity property. */
  getReferencing(id: string): Promise<StoredEntity[]>;
  /** Ids of entities in latest versions with a name containing the normalised text. */
  searchNames(text: string, limit?: number): Promise<EntitySummary[]>;
  diff(fromVersionId: number, toVersionId: number): Promise<Delta>;
  iterateEntities(options?: IterateOptions): AsyncIterable<StoredEntity>;
  countStatements(): Promise<number>;
}
