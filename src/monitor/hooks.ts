// What runs after new material arrives: a new list version re-screens every portfolio on a fresh
// index (alerts name that version as their cause); a new article raises 'news' alerts for
// members whose current hits it reports on, except hits decided false positives for that member.
// Then the new alerts go to the webhooks.
import { suppressions } from '../audit/decisions.js';
import { Screener } from '../screen/screen.js';
import { versionDate } from '../store/sql-store.js';
import type { Store, VersionRecord } from '../store/types.js';
import { latestCaptions, type AlertCause } from './alerts.js';
import { rescreen, type RescreenSummary } from './rescreen.js';
import { deliverPending, queueDeliveries, type DeliveryOptions, type DeliveryResult } from './webhook.js';

export interface MonitorOutcome extends RescreenSummary {
  deliveries: DeliveryResult[];
}

const NOTHING: MonitorOutcome = { portfolios: 0, members: 0, baselined: 0, alerts: [], deliveries: [] };

async function hasMembers(store: Store): Promise<boolean> {
  const [row] = await store.sql.all<{ n: number }>('SELECT COUNT(*) AS n FROM portfolio_members');
  return Number(row?.n ?? 0) > 0;
}

/** After importing list versions (only the ones actually new: re-imports are no-ops). */
export async function afterListImport(store: Store, versions: VersionRecord[], delivery: DeliveryOptions = {}, onProgress?: (done: number, total: number) => void): Promise<MonitorOutcome> {
  if (versions.length === 0 || !(await hasMembers(store))) return NOTHING;
  const causes: AlertCause[] = versions.map((v) => ({ kind: 'list', dataset: v.dataset, versionId: v.id, versionDate: versionDate(v) }));
  const summary = await rescreen(store, await Screener.open(store), { causes, onProgress });
  return { ...summary, deliveries: await deliver(store, summary.alerts, delivery) };
}

/** After storing articles: members whose hits the article reports on (a party linked to a hit) get a 'news' alert. */
export async function afterArticleIngest(store: Store, articleIds: string[], delivery: DeliveryOptions = {}): Promise<MonitorOutcome> {
  if (articleIds.length === 0 || !(await hasMembers(store))) return NOTHING;
  const alerts: number[] = [];
  for (const articleId of articleIds) {
    const article = await store.getArticle(articleId);
    if (!article) continue;
    const linked = await store.sql.all<{ linked_id: string; schema: string; data: string }>('SELECT linked_id, schema, data FROM article_entities WHERE article_id = ? AND linked_id IS NOT NULL', [articleId]);
    const reported = new Map<string, string>();
    for (const e of linked) {
      // A reported designation says most; otherwise any mention of the party.
      // Stored as the FtM entity's statements ({id, schema, statements}, src/extract/ftm.ts).
      const statements = (JSON.parse(e.data) as { statements?: { prop: string; value: string }[] }).statements ?? [];
      const first = (prop: string) => statements.find((s) => s.prop === prop)?.value;
      const summary = e.schema === 'Sanction' ? `reported: ${[first('authority'), first('reason') ?? first('summary')].filter(Boolean).join(' — ')}` : `mentioned (${e.schema})`;
      if (!reported.has(e.linked_id) || e.schema === 'Sanction') reported.set(e.linked_id, summary);
    }
    if (reported.size === 0) continue;
    const ids = [...reported.keys()];
    const hits = await store.sql.all<{ portfolio: string; member_key: string; entity_id: string; score: number }>(
      `SELECT portfolio, member_key, entity_id, score FROM monitor_hits WHERE entity_id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    const cause: AlertCause = { kind: 'article', articleId, title: article.title };
    // A hit decided a false positive for this member (on the entity as it is now) raises no news
    // alert either: the article is about the listed party, which is not this customer.
    const suppressedFor = new Map<string, Set<string>>();
    for (const key of new Set(hits.map((h) => h.member_key))) {
      suppressedFor.set(key, new Set((await suppressions(store.sql, key, hits.filter((h) => h.member_key === key).map((h) => h.entity_id))).keys()));
    }
    const names = await latestCaptions(store.sql, hits.map((h) => h.entity_id));
    await store.sql.transaction(async (tx) => {
      for (const hit of hits) {
        if (suppressedFor.get(hit.member_key)?.has(hit.entity_id)) continue;
        const already = await tx.all('SELECT id FROM alerts WHERE portfolio = ? AND member_key = ? AND entity_id = ? AND kind = ? AND cause = ?', [hit.portfolio, hit.member_key, hit.entity_id, 'news', JSON.stringify(cause)]);
        if (already.length) continue;
        const detail = { matchedName: null, caption: names.get(hit.entity_id) ?? hit.entity_id, dataset: hit.entity_id.split('-')[0] ?? '', programs: [], explanation: reported.get(hit.entity_id) ?? '', evidence: article.title ?? article.source };
        await tx.run('INSERT INTO alerts (portfolio, member_key, entity_id, kind, score, cause, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [hit.portfolio, hit.member_key, hit.entity_id, 'news', hit.score, JSON.stringify(cause), JSON.stringify(detail), new Date().toISOString()]);
        const [row] = await tx.all<{ id: number }>('SELECT MAX(id) AS id FROM alerts');
        alerts.push(Number(row!.id));
      }
    });
  }
  return { ...NOTHING, alerts, deliveries: await deliver(store, alerts, delivery) };
}

async function deliver(store: Store, alertIds: number[], options: DeliveryOptions): Promise<DeliveryResult[]> {
  if (alertIds.length === 0) return [];
  // Delivery problems are recorded, never thrown: the import has succeeded.
  try {
    if ((await queueDeliveries(store.sql, alertIds)) === 0) return [];
    if (options.background) {
      // Queued: the caller (an API request) returns now; the attempts are recorded as they end.
      setImmediate(() => void deliverPending(store.sql, options).catch(() => {}));
      return [];
    }
    return await deliverPending(store.sql, options);
  } catch {
    return [];
  }
}
