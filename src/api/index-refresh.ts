// The matcher index of a running server, kept current: when a list gets a new version (an
// `import` or `update` from another process, or POST /updatez), a new index is built beside the
// one in use and swapped in when complete, first in process, then on each matcher thread in
// turn. Screening never stops meanwhile: requests are answered by the old index until the new
// one is ready, and by the new one after.
import { OffloadedScreener } from '../screen/offloaded.js';
import { Screener } from '../screen/screen.js';
import type { Store } from '../store/types.js';
import type { ApiContext } from './server.js';

/** What an index refresh needs of the server's context: the screener is swapped in it. */
export type RefreshableContext = Pick<ApiContext, 'store' | 'screener' | 'matcher'>;

export interface RefreshOutcome {
  /** Whether a new index was built and swapped in. */
  reindexed: boolean;
  /** The lists whose latest version was not in the index before. */
  outdated: string[];
  seconds: number;
}

/** The lists whose latest stored version is not the one the index was built from. */
async function outdatedLists(store: Store, screener: Screener): Promise<string[]> {
  const latest = await store.listDatasets();
  const names = new Set([...latest.map((s) => s.name), ...screener.index.versions.keys()]);
  const byName = new Map(latest.map((s) => [s.name, s.latest.id]));
  return [...names].filter((n) => byName.get(n) !== screener.index.versions.get(n)).sort();
}

export class IndexRefresh {
  private running: Promise<RefreshOutcome> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: RefreshableContext,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** True while a new index is being built. */
  get busy(): boolean {
    return this.running !== null;
  }

  /**
   * Build a new index when a list has a newer version than the index (or always, with
   * `force`), and swap it in. One refresh at a time: a call during one joins it.
   */
  refresh(options: { force?: boolean } = {}): Promise<RefreshOutcome> {
    this.running ??= this.run(options.force ?? false).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(force: boolean): Promise<RefreshOutcome> {
    const started = Date.now();
    const outdated = await outdatedLists(this.ctx.store, this.ctx.screener);
    if (!force && outdated.length === 0) return { reindexed: false, outdated, seconds: 0 };
    this.log(`rebuilding the matcher index${outdated.length ? ` (new versions of ${outdated.join(', ')})` : ''}; screening goes on meanwhile…`);
    const fresh = await Screener.open(this.ctx.store);
    this.ctx.screener = fresh;
    if (this.ctx.matcher instanceof OffloadedScreener) {
      this.ctx.matcher.useLocal(fresh);
      await this.ctx.matcher.reload();
    }
    const seconds = (Date.now() - started) / 1000;
    this.log(`matcher index rebuilt in ${seconds.toFixed(1)} s: ${[...fresh.index.versions].map(([name, id]) => `${name}@${id}`).join(', ')}`);
    return { reindexed: true, outdated, seconds };
  }

  /** Look for new list versions every `seconds` and refresh when there are (serve's watch). */
  watch(seconds: number): void {
    if (this.timer || !(seconds > 0)) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.refresh().catch((err: Error) => this.log(`index refresh failed: ${err.message}; the previous index stays in use`));
    }, seconds * 1000);
    this.timer.unref();
  }

  /** Stop watching and wait for a refresh under way (before the store is closed). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }
}
