// Alerts raised by monitoring: what changed for which member, and what caused it (the list
// version or article whose import triggered the re-screening).
import type { SqlDb } from '../store/sql.js';

export type AlertKind = 'new' | 'changed' | 'removed' | 'news';

export type AlertCause =
  | { kind: 'list'; dataset: string; versionId: number; versionDate: string }
  | { kind: 'article'; articleId: string; title: string | null }
  | { kind: 'manual'; actor: string };

export interface AlertDetail {
  matchedName: string | null;
  caption: string;
  dataset: string;
  programs: string[];
  explanation: string;
  previousScore?: number;
  evidence?: string;
}

export interface Alert {
  id: number;
  portfolio: string;
  memberKey: string;
  entityId: string;
  kind: AlertKind;
  score: number;
  cause: AlertCause;
  detail: AlertDetail;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

interface AlertRow {
  id: number;
  portfolio: string;
  member_key: string;
  entity_id: string;
  kind: string;
  score: number;
  cause: string;
  detail: string;
  created_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

export const toAlert = (r: AlertRow): Alert => ({
  id: Number(r.id),
  portfolio: r.portfolio,
  memberKey: r.member_key,
  entityId: r.entity_id,
  kind: r.kind as AlertKind,
  score: Number(r.score),
  cause: JSON.parse(r.cause) as AlertCause,
  detail: JSON.parse(r.detail) as AlertDetail,
  createdAt: r.created_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
});

export async function listAlerts(db: SqlDb, filter: { portfolio?: string; since?: string; unacknowledged?: boolean; ids?: number[] } = {}): Promise<Alert[]> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.portfolio) {
    where.push('portfolio = ?');
    params.push(filter.portfolio);
  }
  if (filter.since) {
    where.push('created_at >= ?');
    params.push(filter.since);
  }
  if (filter.unacknowledged) where.push('acknowledged_at IS NULL');
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    where.push(`id IN (${filter.ids.map(() => '?').join(', ')})`);
    params.push(...filter.ids);
  }
  const rows = await db.all<AlertRow>(`SELECT * FROM alerts${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC`, params);
  return rows.map(toAlert);
}

/**
 * The listed party's name for each entity id, as the latest list version holding it names it
 * (a delisted party keeps its last name): what the UI shows for a hit, where an alert's own
 * detail may hold only the id.
 */
export async function latestCaptions(db: SqlDb, entityIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(entityIds)];
  const names = new Map<string, string>();
  // In slices: a query's parameters are bounded (SQLite, PostgreSQL).
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows = await db.all<{ id: string; caption: string }>(
      `SELECT ve.entity_id AS id, es.caption FROM version_entities ve JOIN versions v ON v.id = ve.version_id JOIN entity_states es ON es.id = ve.state_id
       WHERE ve.entity_id IN (${part.map(() => '?').join(', ')}) ORDER BY v.sort_key, v.id`,
      part,
    );
    // Oldest first: the latest version's name is set last.
    for (const r of rows) names.set(r.id, r.caption);
  }
  return names;
}

export async function acknowledgeAlert(db: SqlDb, id: number, actor: string): Promise<void> {
  const rows = await db.all('SELECT id FROM alerts WHERE id = ?', [id]);
  if (!rows.length) throw new Error(`no alert ${id}`);
  await db.run('UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL', [new Date().toISOString(), actor, id]);
}
