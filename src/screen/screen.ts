// Screening one party against the lists: the query as an FtM-shaped record, the results with
// scores and reasons, and the list versions they were computed against (for the audit trail).
import { DEFAULT_THRESHOLD, type MatchQuery } from '../match/features.js';
import { MatchIndex, type MatchResult, type SearchOptions } from '../match/index.js';
import type { Store } from '../store/types.js';

export interface ScreeningResult {
  query: MatchQuery;
  threshold: number;
  /** dataset → version id: what the results were computed against. */
  versions: Record<string, number>;
  results: MatchResult[];
}

export class Screener {
  private constructor(readonly index: MatchIndex) {}

  static async open(store: Store, datasets?: string[]): Promise<Screener> {
    return new Screener(await MatchIndex.build(store, datasets));
  }

  screen(query: MatchQuery, options: SearchOptions = {}): ScreeningResult {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    return {
      query,
      threshold,
      versions: Object.fromEntries(this.index.versions),
      results: this.index.search(query, { ...options, threshold }),
    };
  }
}
