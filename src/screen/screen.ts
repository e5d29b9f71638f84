// Screening one party against the lists: the query as an FtM-shaped record, the results with
// scores and reasons, and the list versions they were computed against (for the audit trail).
import { DEFAULT_THRESHOLD, type MatchQuery } from '../match/features.js';
import type { MatchIndex, MatchResult, SearchOptions } from '../match/index.js';
import { openMatchIndex, type IndexOrigin } from '../match/index-store.js';
import { canonicalMap } from '../resolve/canonical.js';
import { one } from '../store/sql.js';
import type { Store } from '../store/types.js';

export interface ScreeningResult {
  query: MatchQuery;
  threshold: number;
  /** dataset → version id: what the results were computed against. */
  versions: Record<string, number>;
  results: MatchResult[];
}

/** Changes whenever a judgement is made or undone. */
async function judgementsStamp(store: Store): Promise<string> {
  const row = await one<{ n: number; last: number | null; undone: number }>(store.sql, 'SELECT count(*) AS n, max(id) AS last, count(retracted_at) AS undone FROM judgements');
  return `${row?.n ?? 0}/${row?.last ?? 0}/${row?.undone ?? 0}`;
}

export class Screener {
  /** Source entity → canonical id, for the entities resolved into one party (src/resolve). */
  private canonical = new Map<string, string>();
  private members = new Map<string, string[]>();
  private stamp = '';

  private constructor(
    readonly index: MatchIndex,
    /** Where the index came from (its file, or a build), for the command's output. */
    readonly origin: IndexOrigin,
  ) {}

  static async open(store: Store, datasets?: string[]): Promise<Screener> {
    const { index, origin } = await openMatchIndex(store, datasets);
    const screener = new Screener(index, origin);
    await screener.reloadCanonical(store);
    return screener;
  }

  /**
   * Read the grouping again when the judgements changed since it was read (made by the CLI or
   * another replica): one cheap query per call.
   */
  async syncCanonical(store: Store): Promise<void> {
    if ((await judgementsStamp(store)) !== this.stamp) await this.reloadCanonical(store);
  }

  /** Read the grouping again (after judgements or merges), without rebuilding the index. */
  async reloadCanonical(store: Store): Promise<void> {
    this.stamp = await judgementsStamp(store);
    this.canonical = await canonicalMap(store.sql);
    this.members = new Map();
    for (const [id, canonicalId] of this.canonical) this.members.set(canonicalId, [...(this.members.get(canonicalId) ?? []), id]);
  }

  screen(query: MatchQuery, options: SearchOptions = {}): ScreeningResult {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const limit = options.limit ?? 10;
    // One result per party: the best-scoring of its sources speaks for it, with all its sources.
    const raw = this.index.search(query, { ...options, threshold, limit: this.canonical.size ? limit * 3 : limit });
    const results: MatchResult[] = [];
    const seen = new Set<string>();
    for (const r of raw) {
      const canonicalId = this.canonical.get(r.entity.id);
      if (!canonicalId) {
        results.push(r);
        continue;
      }
      if (seen.has(canonicalId)) continue;
      seen.add(canonicalId);
      results.push({ ...r, canonicalId, referents: (this.members.get(canonicalId) ?? []).filter((m) => m !== canonicalId) });
    }
    return { query, threshold, versions: Object.fromEntries(this.index.versions), results: results.slice(0, limit) };
  }
}
