// The store on any SqlDb (SQLite or PostgreSQL): same SQL, same behaviour, same tests.
import type { SourceEntity } from '../model/entity.js';
import { propertyType } from '../model/ftm.js';
import { sha1 } from '../model/ids.js';
import { normalizeName } from '../text/normalize.js';
import { migrate } from './migrations.js';
import { one, type Param, type Row, type SqlDb } from './sql.js';
import { ImportBusy, ShrinkRefused } from './types.js';
import type {
  ArticleEntityRecord,
  ArticleRecord,
  DatasetSummary,
  Delta,
  EntityChange,
  EntitySummary,
  IterateOptions,
  NewVersion,
  StatementRecord,
  Store,
  StoredEntity,
  VersionCompletion,
  VersionRecord,
  VersionRef,
  VersionWriter,
} from './types.js';

const BATCH_ENTITIES = 500;
const ROWS_PER_INSERT = 200;
const KEYS_PER_SELECT = 500;

interface VersionRow {
  id: number;
  dataset: string;
  published_at: string | null;
  imported_at: string;
  sort_key: string;
  content_hash: string;
  format: string;
  files: string;
  entity_count: number;
  statement_count: number;
  added: number;
  changed: number;
  removed: number;
  warnings: string;
  previous_id: number | null;
}

interface StatementRow {
  id: number;
  entity_id: string;
  schema: string;
  prop: string;
  prop_type: string;
  value: string;
  original_value: string | null;
  lang: string | null;
  dataset: string;
  first_seen_version: number;
  last_seen_version: number;
}

function toVersion(row: VersionRow): VersionRecord {
  return {
    id: Number(row.id),
    dataset: row.dataset,
    publishedAt: row.published_at,
    importedAt: row.imported_at,
    sortKey: row.sort_key,
    contentHash: row.content_hash,
    format: row.format,
    files: JSON.parse(row.files) as string[],
    entityCount: Number(row.entity_count),
    statementCount: Number(row.statement_count),
    added: Number(row.added),
    changed: Number(row.changed),
    removed: Number(row.removed),
    warnings: JSON.parse(row.warnings) as VersionRecord['warnings'],
    previousId: row.previous_id === null ? null : Number(row.previous_id),
  };
}

/** The date a version stands for: the list's publication date, else the day it was imported. */
export function versionDate(v: Pick<VersionRecord, 'publishedAt' | 'importedAt'>): string {
  return v.publishedAt ?? v.importedAt.slice(0, 10);
}

function sortKeyOf(publishedAt: string | null, importedAt: string): string {
  return `${publishedAt ?? importedAt.slice(0, 10)} ${importedAt}`;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function placeholders(rows: number, cols: number): string {
  const row = `(${new Array(cols).fill('?').join(', ')})`;
  return new Array(rows).fill(row).join(', ');
}

/** Display label of an entity: its first name, or for a listing its authority and programme. */
export function captionOf(entity: SourceEntity): string {
  const first = (prop: string) => entity.statements.find((s) => s.prop === prop)?.value;
  if (entity.schema === 'Sanction') return [first('authority'), first('program')].filter(Boolean).join(' · ') || entity.id;
  const named = first('name') ?? entity.statements.find((s) => propertyType(entity.schema, s.prop) === 'name')?.value;
  return named ?? first('role') ?? entity.id;
}

interface PreparedStatement {
  key: string;
  params: Param[];
}

interface PreparedEntity {
  entity: SourceEntity;
  hash: string;
  caption: string;
  statements: PreparedStatement[];
}

/** Writes the entities of one version inside the import transaction, in batches. */
class BatchWriter implements VersionWriter {
  private batch: PreparedEntity[] = [];
  private readonly ids = new Set<string>();
  statementCount = 0;

  constructor(
    private readonly tx: SqlDb,
    private readonly versionId: number,
    private readonly dataset: string,
  ) {}

  get entityCount(): number {
    return this.ids.size;
  }

  async put(entity: SourceEntity): Promise<void> {
    if (!entity.id.startsWith(`${this.dataset}-`)) throw new Error(`entity id ${entity.id} does not start with the dataset name ${this.dataset}-`);
    if (this.ids.has(entity.id)) throw new Error(`entity ${entity.id} written twice in one version`);
    this.ids.add(entity.id);
    this.batch.push(this.prepare(entity));
    this.statementCount += entity.statements.length;
    if (this.batch.length >= BATCH_ENTITIES) await this.flush();
  }

  private prepare(entity: SourceEntity): PreparedEntity {
    const statements = entity.statements.map((s) => {
      const lang = s.lang ?? null;
      const original = s.original ?? null;
      const key = sha1(this.dataset, entity.id, entity.schema, s.prop, s.value, lang, original);
      const type = propertyType(entity.schema, s.prop) ?? 'string';
      const norm = type === 'name' ? ` ${normalizeName(s.value)} ` : null;
      const params: Param[] = [key, this.dataset, entity.id, entity.schema, s.prop, type, s.value, original, lang, norm, this.versionId, this.versionId];
      return { key, params };
    });
    const hash = sha1(entity.id, entity.schema, ...statements.map((s) => s.key).sort());
    return { entity, hash, caption: captionOf(entity), statements };
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    const stateIds = await this.selectMap('SELECT id, hash AS k FROM entity_states WHERE hash IN', batch.map((e) => e.hash));
    const fresh = batch.filter((e) => !stateIds.has(e.hash));
    if (fresh.length > 0) {
      const statements = fresh.flatMap((e) => e.statements);
      for (const part of chunks(statements, ROWS_PER_INSERT)) {
        await this.tx.run(
          `INSERT INTO statements (key, dataset, entity_id, schema, prop, prop_type, value, original_value, lang, norm, first_seen_version, last_seen_version)
           VALUES ${placeholders(part.length, 12)} ON CONFLICT (key) DO NOTHING`,
          part.flatMap((s) => s.params),
        );
      }
      const statementIds = await this.selectMap('SELECT id, key AS k FROM statements WHERE key IN', [...new Set(statements.map((s) => s.key))]);
      for (const part of chunks(fresh, ROWS_PER_INSERT)) {
        const rows = await this.tx.all<{ id: number; hash: string }>(
          `INSERT INTO entity_states (hash, entity_id, schema, caption) VALUES ${placeholders(part.length, 4)} RETURNING id, hash`,
          part.flatMap((e) => [e.hash, e.entity.id, e.entity.schema, e.caption]),
        );
        for (const row of rows) stateIds.set(row.hash, Number(row.id));
      }
      const links = fresh.flatMap((e) => [...new Set(e.statements.map((s) => statementIds.get(s.key)!))].map((sid) => [stateIds.get(e.hash)!, sid]));
      for (const part of chunks(links, ROWS_PER_INSERT * 2)) {
        await this.tx.run(`INSERT INTO state_statements (state_id, statement_id) VALUES ${placeholders(part.length, 2)}`, part.flat());
      }
    }
    for (const part of chunks(batch, ROWS_PER_INSERT)) {
      await this.tx.run(
        `INSERT INTO version_entities (version_id, entity_id, state_id) VALUES ${placeholders(part.length, 3)}`,
        part.flatMap((e) => [this.versionId, e.entity.id, stateIds.get(e.hash)!]),
      );
    }
  }

  private async selectMap(sqlPrefix: string, keys: string[]): Promise<Map<string, number>> {
    const map = new Map<string, number>();
    for (const part of chunks(keys, KEYS_PER_SELECT)) {
      const rows = await this.tx.all<{ id: number; k: string }>(`${sqlPrefix} (${part.map(() => '?').join(', ')})`, part);
      for (const row of rows) map.set(row.k, Number(row.id));
    }
    return map;
  }
}

// The advisory lock key that serialises imports on PostgreSQL ('sanctrac' as a number).
const IMPORT_LOCK = 0x73616e6374726163n.toString();

export class SqlStore implements Store {
  constructor(
    private readonly db: SqlDb,
    readonly indexDir: string | null = null,
  ) {}

  get sql(): SqlDb {
    return this.db;
  }

  get kind(): 'sqlite' | 'postgres' {
    return this.db.dialect;
  }

  async migrate(): Promise<void> {
    await migrate(this.db);
  }

  async saveArticle(article: ArticleRecord, entities: ArticleEntityRecord[]): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (await one(tx, 'SELECT id FROM articles WHERE sha256 = ?', [article.sha256])) return false;
      await tx.run('INSERT INTO articles (id, sha256, source, title, language, published, ingested_at, body, analysis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        article.id, article.sha256, article.source, article.title, article.language, article.published, article.ingestedAt, article.body, article.analysis,
      ]);
      for (const e of entities) {
        await tx.run('INSERT INTO article_entities (article_id, entity_id, schema, linked_id, data) VALUES (?, ?, ?, ?, ?)', [article.id, e.entityId, e.schema, e.linkedId, e.data]);
      }
      return true;
    });
  }

  async getArticle(idOrPrefix: string): Promise<ArticleRecord | null> {
    const rows = await this.db.all<ArticleRow>('SELECT * FROM articles WHERE id = ? OR id LIKE ? OR sha256 LIKE ? ORDER BY id LIMIT 2', [idOrPrefix, `${idOrPrefix}%`, `${idOrPrefix}%`]);
    return rows.length === 1 || rows[0]?.id === idOrPrefix ? toArticle(rows[0]) : null;
  }

  async listArticles(): Promise<Omit<ArticleRecord, 'body' | 'analysis'>[]> {
    const rows = await this.db.all<ArticleRow>('SELECT id, sha256, source, title, language, published, ingested_at FROM articles ORDER BY ingested_at, id');
    return rows.map((r) => {
      const { body: _body, analysis: _analysis, ...rest } = toArticle({ ...r, body: '', analysis: '' });
      return rest;
    });
  }

  async getArticleEntities(articleId: string): Promise<ArticleEntityRecord[]> {
    const rows = await this.db.all<ArticleEntityRow>('SELECT * FROM article_entities WHERE article_id = ? ORDER BY entity_id', [articleId]);
    return rows.map(toArticleEntity);
  }

  async articleEntitiesLinkedTo(entityId: string): Promise<(ArticleEntityRecord & { articleId: string })[]> {
    const rows = await this.db.all<ArticleEntityRow>('SELECT * FROM article_entities WHERE linked_id = ? ORDER BY article_id, entity_id', [entityId]);
    return rows.map((r) => ({ ...toArticleEntity(r), articleId: r.article_id }));
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  async findVersionByHash(dataset: string, contentHash: string): Promise<VersionRecord | null> {
    const row = await one<VersionRow>(this.db, 'SELECT * FROM versions WHERE dataset = ? AND content_hash = ?', [dataset, contentHash]);
    return row ? toVersion(row) : null;
  }

  async writeVersion(meta: NewVersion, fill: (writer: VersionWriter) => Promise<VersionCompletion>): Promise<VersionRecord> {
    // One import at a time per store. A second one is refused with a clear message rather than
    // racing the first (SQLite: 'database is locked' once the busy timeout runs out; PostgreSQL:
    // a duplicate key on the entity states both insert).
    let begun = false;
    return this.db
      .transaction(async (tx) => {
        begun = true;
        if (tx.dialect === 'postgres') {
          const [lock] = await tx.all<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(CAST(? AS bigint)) AS locked', [IMPORT_LOCK]);
          if (!lock?.locked) throw new ImportBusy();
        }
        return this.writeVersionIn(tx, meta, fill);
      })
      .catch((err: Error & { code?: string }) => {
        if (!begun && (err.code === 'SQLITE_BUSY' || /database is locked/u.test(err.message))) throw new ImportBusy();
        throw err;
      });
  }

  private async writeVersionIn(tx: SqlDb, meta: NewVersion, fill: (writer: VersionWriter) => Promise<VersionCompletion>): Promise<VersionRecord> {
    const importedAt = new Date().toISOString();
    const inserted = await tx.all<{ id: number }>(
      'INSERT INTO versions (dataset, published_at, imported_at, sort_key, content_hash, format, files) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
      [meta.dataset, meta.publishedAt, importedAt, sortKeyOf(meta.publishedAt, importedAt), meta.contentHash, meta.format, JSON.stringify(meta.files)],
    );
    const versionId = Number(inserted[0].id);
    const writer = new BatchWriter(tx, versionId, meta.dataset);
    const completion = await fill(writer);
    await writer.flush();
    const publishedAt = completion.publishedAt ?? meta.publishedAt;
    const sortKey = sortKeyOf(publishedAt, importedAt);
    await this.refreshSeen(tx, versionId, sortKey);
    const previous = await one<{ id: number; entity_count: number; published_at: string | null }>(
      tx,
      'SELECT id, entity_count, published_at FROM versions WHERE dataset = ? AND id <> ? AND sort_key < ? ORDER BY sort_key DESC, id DESC LIMIT 1',
      [meta.dataset, versionId, sortKey],
    );
    // Thrown inside the transaction: a refused version leaves nothing behind.
    const before = previous ? Number(previous.entity_count) : 0;
    if (previous && meta.maxShrink != null && before > 0 && writer.entityCount < before * (1 - meta.maxShrink)) {
      throw new ShrinkRefused({ entityCount: before, publishedAt: previous.published_at }, writer.entityCount, meta.maxShrink);
    }
    const counts = previous ? await this.countChanges(tx, Number(previous.id), versionId) : { added: writer.entityCount, changed: 0, removed: 0 };
    await tx.run(
      `UPDATE versions SET published_at = ?, sort_key = ?, entity_count = ?, statement_count = ?, added = ?, changed = ?, removed = ?, warnings = ?, previous_id = ? WHERE id = ?`,
      [publishedAt, sortKey, writer.entityCount, writer.statementCount, counts.added, counts.changed, counts.removed, JSON.stringify(completion.warnings), previous ? Number(previous.id) : null, versionId],
    );
    const row = await one<VersionRow>(tx, 'SELECT * FROM versions WHERE id = ?', [versionId]);
    return toVersion(row!);
  }

  /** Move first/last-seen of this version's statements when it is older/newer than what they record. */
  private async refreshSeen(tx: SqlDb, versionId: number, sortKey: string): Promise<void> {
    const inVersion = 'SELECT ss.statement_id FROM version_entities ve JOIN state_statements ss ON ss.state_id = ve.state_id WHERE ve.version_id = ?';
    await tx.run(
      `UPDATE statements SET last_seen_version = ? WHERE id IN (${inVersion}) AND (SELECT sort_key FROM versions WHERE id = statements.last_seen_version) < ?`,
      [versionId, versionId, sortKey],
    );
    await tx.run(
      `UPDATE statements SET first_seen_version = ? WHERE id IN (${inVersion}) AND (SELECT sort_key FROM versions WHERE id = statements.first_seen_version) > ?`,
      [versionId, versionId, sortKey],
    );
  }

  private async countChanges(db: SqlDb, fromId: number, toId: number): Promise<{ added: number; changed: number; removed: number }> {
    const row = await one<{ added: number; changed: number; removed: number }>(
      db,
      `SELECT
        (SELECT COUNT(*) FROM version_entities b WHERE b.version_id = ? AND NOT EXISTS (SELECT 1 FROM version_entities a WHERE a.version_id = ? AND a.entity_id = b.entity_id)) AS added,
        (SELECT COUNT(*) FROM version_entities b JOIN version_entities a ON a.entity_id = b.entity_id AND a.version_id = ? WHERE b.version_id = ? AND a.state_id <> b.state_id) AS changed,
        (SELECT COUNT(*) FROM version_entities a WHERE a.version_id = ? AND NOT EXISTS (SELECT 1 FROM version_entities b WHERE b.version_id = ? AND b.entity_id = a.entity_id)) AS removed`,
      [toId, fromId, fromId, toId, fromId, toId],
    );
    return { added: Number(row!.added), changed: Number(row!.changed), removed: Number(row!.removed) };
  }

  async listDatasets(): Promise<DatasetSummary[]> {
    const rows = await this.db.all<{ dataset: string; n: number }>('SELECT dataset, COUNT(*) AS n FROM versions GROUP BY dataset ORDER BY dataset');
    const out: DatasetSummary[] = [];
    for (const row of rows) out.push({ name: row.dataset, versions: Number(row.n), latest: (await this.latestVersion(row.dataset))! });
    return out;
  }

  async listVersions(dataset: string): Promise<VersionRecord[]> {
    const rows = await this.db.all<VersionRow>('SELECT * FROM versions WHERE dataset = ? ORDER BY sort_key, id', [dataset]);
    return rows.map(toVersion);
  }

  async getVersion(id: number): Promise<VersionRecord | null> {
    const row = await one<VersionRow>(this.db, 'SELECT * FROM versions WHERE id = ?', [id]);
    return row ? toVersion(row) : null;
  }

  async latestVersion(dataset: string): Promise<VersionRecord | null> {
    const row = await one<VersionRow>(this.db, 'SELECT * FROM versions WHERE dataset = ? ORDER BY sort_key DESC, id DESC LIMIT 1', [dataset]);
    return row ? toVersion(row) : null;
  }

  private async latestVersionIds(dataset?: string): Promise<number[]> {
    const rows = await this.db.all<{ id: number }>(
      `SELECT v.id FROM versions v WHERE ${dataset ? 'v.dataset = ? AND' : ''}
        v.id = (SELECT w.id FROM versions w WHERE w.dataset = v.dataset ORDER BY w.sort_key DESC, w.id DESC LIMIT 1)`,
      dataset ? [dataset] : [],
    );
    return rows.map((r) => Number(r.id));
  }

  private async versionRefs(): Promise<Map<number, VersionRef>> {
    const rows = await this.db.all<VersionRow>('SELECT * FROM versions');
    return new Map(rows.map((r) => [Number(r.id), { versionId: Number(r.id), date: versionDate(toVersion(r)) }]));
  }

  private toStatement(row: StatementRow, refs: Map<number, VersionRef>): StatementRecord {
    return {
      id: Number(row.id),
      entityId: row.entity_id,
      schema: row.schema,
      prop: row.prop,
      propType: row.prop_type,
      value: row.value,
      originalValue: row.original_value,
      lang: row.lang,
      dataset: row.dataset,
      firstSeen: refs.get(Number(row.first_seen_version))!,
      lastSeen: refs.get(Number(row.last_seen_version))!,
    };
  }

  async getEntity(id: string, versionId?: number): Promise<StoredEntity | null> {
    const located = await one<{ version_id: number; state_id: number; dataset: string }>(
      this.db,
      versionId !== undefined
        ? 'SELECT ve.version_id, ve.state_id, v.dataset FROM version_entities ve JOIN versions v ON v.id = ve.version_id WHERE ve.entity_id = ? AND ve.version_id = ?'
        : 'SELECT ve.version_id, ve.state_id, v.dataset FROM version_entities ve JOIN versions v ON v.id = ve.version_id WHERE ve.entity_id = ? ORDER BY v.sort_key DESC, v.id DESC LIMIT 1',
      versionId !== undefined ? [id, versionId] : [id],
    );
    if (!located) return null;
    const state = (await one<{ schema: string; caption: string }>(this.db, 'SELECT schema, caption FROM entity_states WHERE id = ?', [Number(located.state_id)]))!;
    const rows = await this.db.all<StatementRow>(
      'SELECT s.* FROM state_statements ss JOIN statements s ON s.id = ss.statement_id WHERE ss.state_id = ? ORDER BY s.prop, s.id',
      [Number(located.state_id)],
    );
    const refs = await this.versionRefs();
    return {
      id,
      schema: state.schema,
      dataset: located.dataset,
      caption: state.caption,
      version: refs.get(Number(located.version_id))!,
      statements: rows.map((r) => this.toStatement(r, refs)),
    };
  }

  async getReferencing(id: string): Promise<StoredEntity[]> {
    const rows = await this.db.all<{ entity_id: string }>("SELECT DISTINCT entity_id FROM statements WHERE prop_type = 'entity' AND value = ?", [id]);
    const out: StoredEntity[] = [];
    for (const row of rows) {
      const entity = await this.getEntity(row.entity_id);
      if (entity && entity.statements.some((s) => s.propType === 'entity' && s.value === id)) out.push(entity);
    }
    return out;
  }

  async searchNames(text: string, limit = 50): Promise<EntitySummary[]> {
    const norm = normalizeName(text);
    if (!norm) return [];
    const latest = await this.latestVersionIds();
    if (latest.length === 0) return [];
    const rows = await this.db.all<EntitySummary>(
      `SELECT DISTINCT ve.entity_id AS id, es.schema, es.caption
       FROM statements s
       JOIN version_entities ve ON ve.entity_id = s.entity_id AND ve.version_id IN (${latest.map(() => '?').join(', ')})
       JOIN entity_states es ON es.id = ve.state_id
       WHERE s.norm LIKE ? ORDER BY ve.entity_id LIMIT ?`,
      [...latest, `% ${norm} %`, limit],
    );
    return rows;
  }

  async diff(fromVersionId: number, toVersionId: number): Promise<Delta> {
    const from = await this.getVersion(fromVersionId);
    const to = await this.getVersion(toVersionId);
    if (!from) throw new Error(`no version ${fromVersionId}`);
    if (!to) throw new Error(`no version ${toVersionId}`);
    if (from.dataset !== to.dataset) throw new Error(`versions ${fromVersionId} (${from.dataset}) and ${toVersionId} (${to.dataset}) are of different lists`);
    const sideOnly = (a: number, b: number) =>
      this.db.all<{ id: string; schema: string; caption: string }>(
        `SELECT x.entity_id AS id, es.schema, es.caption FROM version_entities x JOIN entity_states es ON es.id = x.state_id
         WHERE x.version_id = ? AND NOT EXISTS (SELECT 1 FROM version_entities y WHERE y.version_id = ? AND y.entity_id = x.entity_id) ORDER BY x.entity_id`,
        [a, b],
      );
    const added = await sideOnly(toVersionId, fromVersionId);
    const removed = await sideOnly(fromVersionId, toVersionId);
    const changedRows = await this.db.all<{ id: string; schema: string; caption: string; a: number; b: number }>(
      `SELECT b.entity_id AS id, es.schema, es.caption, a.state_id AS a, b.state_id AS b
       FROM version_entities b JOIN version_entities a ON a.entity_id = b.entity_id AND a.version_id = ?
       JOIN entity_states es ON es.id = b.state_id
       WHERE b.version_id = ? AND a.state_id <> b.state_id ORDER BY b.entity_id`,
      [fromVersionId, toVersionId],
    );
    const changed: EntityChange[] = [];
    for (const row of changedRows) {
      const values = async (stateId: number) =>
        new Set(
          (
            await this.db.all<{ prop: string; value: string }>(
              'SELECT s.prop, s.value FROM state_statements ss JOIN statements s ON s.id = ss.statement_id WHERE ss.state_id = ?',
              [Number(stateId)],
            )
          ).map((s) => `${s.prop}: ${s.value}`),
        );
      const before = await values(row.a);
      const after = await values(row.b);
      changed.push({
        id: row.id,
        schema: row.schema,
        caption: row.caption,
        addedValues: [...after].filter((v) => !before.has(v)).sort(),
        removedValues: [...before].filter((v) => !after.has(v)).sort(),
      });
    }
    return { dataset: to.dataset, from, to, added, removed, changed };
  }

  async *iterateEntities(options: IterateOptions = {}): AsyncIterable<StoredEntity> {
    const versionIds = options.versionId !== undefined ? [options.versionId] : await this.latestVersionIds(options.dataset);
    const refs = await this.versionRefs();
    const datasets = new Map((await this.db.all<{ id: number; dataset: string }>('SELECT id, dataset FROM versions')).map((r) => [Number(r.id), r.dataset]));
    for (const versionId of versionIds) {
      const schemaFilter = options.schemata?.length ? `AND es.schema IN (${options.schemata.map(() => '?').join(', ')})` : '';
      let current: StoredEntity | null = null;
      const rows = this.db.iterate<StatementRow & { ve_entity: string; es_schema: string; es_caption: string }>(
        `SELECT ve.entity_id AS ve_entity, es.schema AS es_schema, es.caption AS es_caption, s.*
         FROM version_entities ve JOIN entity_states es ON es.id = ve.state_id
         JOIN state_statements ss ON ss.state_id = ve.state_id JOIN statements s ON s.id = ss.statement_id
         WHERE ve.version_id = ? ${schemaFilter} ORDER BY ve.entity_id, s.prop, s.id`,
        [versionId, ...(options.schemata ?? [])],
      );
      for await (const row of rows) {
        if (!current || current.id !== row.ve_entity) {
          if (current) yield current;
          current = {
            id: row.ve_entity,
            schema: row.es_schema,
            caption: row.es_caption,
            dataset: datasets.get(versionId)!,
            version: refs.get(versionId)!,
            statements: [],
          };
        }
        current.statements.push(this.toStatement(row, refs));
      }
      if (current) yield current;
    }
  }

  async countStatements(): Promise<number> {
    const row = await one<Row>(this.db, 'SELECT COUNT(*) AS n FROM statements');
    return Number(row?.n ?? 0);
  }
}

interface ArticleRow {
  id: string;
  sha256: string;
  source: string;
  title: string | null;
  language: string | null;
  published: string | null;
  ingested_at: string;
  body: string;
  analysis: string;
}

interface ArticleEntityRow {
  article_id: string;
  entity_id: string;
  schema: string;
  linked_id: string | null;
  data: string;
}

function toArticle(r: ArticleRow): ArticleRecord {
  return { id: r.id, sha256: r.sha256, source: r.source, title: r.title, language: r.language, published: r.published, ingestedAt: r.ingested_at, body: r.body, analysis: r.analysis };
}

function toArticleEntity(r: ArticleEntityRow): ArticleEntityRecord {
  return { entityId: r.entity_id, schema: r.schema, linkedId: r.linked_id, data: r.data };
}
