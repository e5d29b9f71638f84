// Re-screening a portfolio: every member against the current index, compared with the hits last
// seen for it. A hit that appears is 'new', one whose listed entity (or its listing) changed or
// whose score crossed the threshold is 'changed', one that disappears (delisted) is 'removed'.
// A member's first screening sets its baseline and raises nothing. Hits an analyst decided are
// false positives for that member (src/audit/decisions.ts) raise nothing while unchanged.
import { DEFAULT_THRESHOLD } from '../match/features.js';
import type { MatchResult } from '../match/index.js';
import type { Screener } from '../screen/screen.js';
import type { Store } from '../store/types.js';
import { suppressions } from '../audit/decisions.js';
import { entityStates } from '../audit/state.js';
import { latestCaptions, type AlertCause, type AlertDetail, type AlertKind } from './alerts.js';
import { listPortfolios, membersOf } from './portfolio.js';

export interface RescreenSummary {
  portfolios: number;
  members: number;
  baselined: number;
  alerts: number[];
}

interface Seen {
  entity_id: string;
  score: number;
  entity_state: string;
}

const detailOf = (r: MatchResult): AlertDetail => ({
  matchedName: r.matchedName,
  caption: r.entity.caption,
  dataset: r.entity.dataset,
  programs: r.entity.programs,
  explanation: r.features.map((f) => `${f.feature}: ${f.detail}`).join('; '),
});

/**
 * Re-screen the portfolios (all, or one). `causeFor` names what triggered it for a hit's list
 * (the imported version of that list, else the first cause given).
 */
export async function rescreen(store: Store, screener: Screener, options: { portfolio?: string; causes: AlertCause[]; onProgress?: (done: number, total: number) => void }): Promise<RescreenSummary> {
  const summary: RescreenSummary = { portfolios: 0, members: 0, baselined: 0, alerts: [] };
  const causeFor = (dataset: string): AlertCause => options.causes.find((c) => c.kind === 'list' && c.dataset === dataset) ?? options.causes[0] ?? { kind: 'manual', actor: 'unknown' };
  const portfolios = (await listPortfolios(store.sql)).filter((p) => !options.portfolio || p.name === options.portfolio);
  if (options.portfolio && portfolios.length === 0) throw new Error(`no portfolio '${options.portfolio}'`);
  const total = portfolios.reduce((n, p) => n + p.members, 0);
  for (const portfolio of portfolios) {
    summary.portfolios++;
    const threshold = portfolio.threshold ?? DEFAULT_THRESHOLD;
    for (const member of await membersOf(store.sql, portfolio.name)) {
      const hits = screener.screen(member.query, { threshold, limit: 10 }).results.filter((r) => r.match);
      const states = await entityStates(store.sql, hits.map((h) => h.entity.id));
      const suppressed = await suppressions(store.sql, member.key, hits.map((h) => h.entity.id));
      const seen = new Map((await store.sql.all<Seen>('SELECT entity_id, score, entity_state FROM monitor_hits WHERE portfolio = ? AND member_key = ?', [portfolio.name, member.key])).map((s) => [s.entity_id, s]));
      const now = new Date().toISOString();
      const raised: { kind: AlertKind; entityId: string; score: number; cause: AlertCause; detail: AlertDetail }[] = [];
      if (member.baselineAt) {
        for (const hit of hits) {
          if (suppressed.has(hit.entity.id)) continue;
          const before = seen.get(hit.entity.id);
          const state = states.get(hit.entity.id) ?? '';
          if (!before) raised.push({ kind: 'new', entityId: hit.entity.id, score: hit.score, cause: causeFor(hit.entity.dataset), detail: detailOf(hit) });
          else if (before.entity_state !== state) raised.push({ kind: 'changed', entityId: hit.entity.id, score: hit.score, cause: causeFor(hit.entity.dataset), detail: { ...detailOf(hit), previousScore: Number(before.score) } });
        }
        const current = new Set(hits.map((h) => h.entity.id));
        const gone = [...seen.keys()].filter((id) => !current.has(id));
        // A delisted party is named as its last version named it.
        const names = gone.length ? await latestCaptions(store.sql, gone) : new Map<string, string>();
        for (const [entityId, before] of seen) {
          if (current.has(entityId)) continue;
          const dataset = entityId.split('-')[0] ?? '';
          raised.push({ kind: 'removed', entityId, score: Number(before.score), cause: causeFor(dataset), detail: { matchedName: null, caption: names.get(entityId) ?? entityId, dataset, programs: [], explanation: 'no longer a hit: delisted, changed, or below the threshold' } });
        }
      } else summary.baselined++;
      // The member's hits, its baseline and its alerts change together or not at all.
      const ids = await store.sql.transaction(async (tx) => {
        await tx.run('DELETE FROM monitor_hits WHERE portfolio = ? AND member_key = ?', [portfolio.name, member.key]);
        for (const hit of hits) {
          await tx.run('INSERT INTO monitor_hits (portfolio, member_key, entity_id, score, entity_state, seen_at) VALUES (?, ?, ?, ?, ?, ?)', [portfolio.name, member.key, hit.entity.id, hit.score, states.get(hit.entity.id) ?? '', now]);
        }
        if (!member.baselineAt) await tx.run('UPDATE portfolio_members SET baseline_at = ? WHERE portfolio = ? AND member_key = ?', [now, portfolio.name, member.key]);
        const out: number[] = [];
        for (const a of raised) {
          await tx.run('INSERT INTO alerts (portfolio, member_key, entity_id, kind, score, cause, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [portfolio.name, member.key, a.entityId, a.kind, a.score, JSON.stringify(a.cause), JSON.stringify(a.detail), now]);
          const [row] = await tx.all<{ id: number }>('SELECT MAX(id) AS id FROM alerts');
          out.push(Number(row!.id));
        }
        return out;
      });
      summary.alerts.push(...ids);
      summary.members++;
      options.onProgress?.(summary.members, total);
    }
  }
  return summary;
}
