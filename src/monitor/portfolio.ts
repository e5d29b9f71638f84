// Portfolios: saved sets of customers or watched parties, each member a screening query under
// the customer's own key. Members come one by one or from a CSV read exactly as screen-batch
// reads one (column mapping, errors naming the line); a bad CSV leaves the portfolio unchanged.
import { randomBytes } from 'node:crypto';
import { checkWebhookTarget } from './webhook-guard.js';
import type { MatchQuery } from '../match/features.js';
import { batchRows, type ColumnMap } from '../screen/batch-input.js';
import type { SqlDb } from '../store/sql.js';

export interface Portfolio {
  name: string;
  createdAt: string;
  threshold: number | null;
  webhook: string | null;
  /** Deliveries to the webhook are signed with the portfolio's own secret (shown once, when made). */
  signed: boolean;
  members: number;
}

export interface Member {
  key: string;
  query: MatchQuery;
  addedAt: string;
  baselineAt: string | null;
}

/**
 * A new portfolio. With a webhook, a signing secret is made for it and returned: the only time
 * it is shown (the receiver keeps it to check X-Sanctrace-Signature).
 */
export async function createPortfolio(db: SqlDb, options: { name: string; threshold?: number | null; webhook?: string | null }): Promise<{ webhookSecret: string | null }> {
  if (!/^[\w.-]{1,80}$/u.test(options.name)) throw new Error(`portfolio name '${options.name}': use letters, digits, '.', '-' or '_'`);
  if (options.webhook) await checkWebhookTarget(options.webhook);
  if (options.threshold !== undefined && options.threshold !== null && !(options.threshold > 0 && options.threshold <= 1)) throw new Error(`threshold ${options.threshold}: between 0 and 1`);
  const existing = await db.all('SELECT name FROM portfolios WHERE name = ?', [options.name]);
  if (existing.length) throw new Error(`portfolio '${options.name}' exists already`);
  const webhookSecret = options.webhook ? randomBytes(32).toString('hex') : null;
  await db.run('INSERT INTO portfolios (name, created_at, threshold, webhook, webhook_secret) VALUES (?, ?, ?, ?, ?)', [options.name, new Date().toISOString(), options.threshold ?? null, options.webhook ?? null, webhookSecret]);
  return { webhookSecret };
}

export async function getPortfolio(db: SqlDb, name: string): Promise<Portfolio> {
  const rows = await db.all<{ name: string; created_at: string; threshold: number | null; webhook: string | null; webhook_secret: string | null; members: number }>(
    'SELECT p.name, p.created_at, p.threshold, p.webhook, p.webhook_secret, (SELECT COUNT(*) FROM portfolio_members m WHERE m.portfolio = p.name) AS members FROM portfolios p WHERE p.name = ?',
    [name],
  );
  const row = rows[0];
  if (!row) throw new Error(`no portfolio '${name}'`);
  return { name: row.name, createdAt: row.created_at, threshold: row.threshold === null ? null : Number(row.threshold), webhook: row.webhook, signed: row.webhook_secret !== null, members: Number(row.members) };
}

export async function listPortfolios(db: SqlDb): Promise<Portfolio[]> {
  const names = await db.all<{ name: string }>('SELECT name FROM portfolios ORDER BY name');
  return Promise.all(names.map((n) => getPortfolio(db, n.name)));
}

function checkQuery(key: string, query: MatchQuery): MatchQuery {
  if (!key.trim()) throw new Error('a member needs a key (the customer id)');
  const names = query.names.map((n) => n.trim()).filter(Boolean);
  if (names.length === 0) throw new Error(`member '${key}': no name`);
  return { schema: query.schema || 'LegalEntity', names, birthDates: query.birthDates ?? [], countries: query.countries ?? [], identifiers: query.identifiers ?? [] };
}

export async function addMembers(db: SqlDb, portfolio: string, members: { key: string; query: MatchQuery }[]): Promise<number> {
  await getPortfolio(db, portfolio);
  const checked = members.map((m) => ({ key: m.key.trim(), query: checkQuery(m.key, m.query) }));
  const now = new Date().toISOString();
  // All members or none; a member added again gets its new query and a new baseline.
  await db.transaction(async (tx) => {
    for (const m of checked) {
      await tx.run('DELETE FROM portfolio_members WHERE portfolio = ? AND member_key = ?', [portfolio, m.key]);
      await tx.run('INSERT INTO portfolio_members (portfolio, member_key, query, added_at) VALUES (?, ?, ?, ?)', [portfolio, m.key, JSON.stringify(m.query), now]);
    }
  });
  return checked.length;
}

/** Members from a CSV: the key column (default: the first column) and the columns screen-batch reads. */
export async function importMembers(db: SqlDb, portfolio: string, file: string, columns: Partial<ColumnMap> & { key?: string } = {}, schema = 'LegalEntity'): Promise<number> {
  const members: { key: string; query: MatchQuery }[] = [];
  let keyIndex = 0;
  for await (const item of batchRows(file, columns, schema)) {
    if ('header' in item) {
      if (columns.key) {
        keyIndex = item.header.indexOf(columns.key);
        if (keyIndex < 0) throw new Error(`${file}:1: no key column '${columns.key}' (columns: ${item.header.join(', ')})`);
      }
      continue;
    }
    if (!item.name) throw new Error(`${file}:${item.line}: no name in this row`);
    members.push({ key: item.fields[keyIndex] ?? String(item.line), query: { schema: item.schema, names: [item.name], countries: item.countries, birthDates: item.birthDates, identifiers: item.identifiers } });
  }
  return addMembers(db, portfolio, members);
}

export async function membersOf(db: SqlDb, portfolio: string): Promise<Member[]> {
  const rows = await db.all<{ member_key: string; query: string; added_at: string; baseline_at: string | null }>('SELECT member_key, query, added_at, baseline_at FROM portfolio_members WHERE portfolio = ? ORDER BY member_key', [portfolio]);
  return rows.map((r) => ({ key: r.member_key, query: JSON.parse(r.query) as MatchQuery, addedAt: r.added_at, baselineAt: r.baseline_at }));
}
