// Screening on matcher threads (src/screen/match-worker.ts), for the HTTP API: the event loop
// only parses requests, reads the store and writes answers, so a costly query never holds up
// /healthz or anyone else's request. Requests go to the least busy thread. Until the threads
// have built their indexes (a few seconds after start), the in-process screener answers.
import type { Worker } from 'node:worker_threads';
import { startWorker } from './worker-thread.js';
import type { MatchQuery } from '../match/features.js';
import type { SearchOptions } from '../match/index.js';
import { BudgetExceeded } from '../match/limits.js';
import type { Screener, ScreeningResult } from './screen.js';

export interface MatchRequest {
  id: number;
  query: MatchQuery;
  options: SearchOptions;
}

export type MatchReply = { id: number; outcome: ScreeningResult } | { id: number; error: string; budgetMs?: number };

/** Anything that screens: the in-process Screener, or the threads. */
export interface ScreensQueries {
  screen(query: MatchQuery, options?: SearchOptions): ScreeningResult | Promise<ScreeningResult>;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  busy: number;
  /** Set while the thread rebuilds its index: settled by its `reloaded` message. */
  exited?: boolean;
  reloading?: { resolve: (versions: Record<string, number>) => void; reject: (e: Error) => void };
}

type ThreadMessage = { ready: true } | { reloaded: true; versions: Record<string, number> } | { reloaded: false; error: string } | MatchReply;

export class OffloadedScreener implements ScreensQueries {
  private readonly threads: Thread[] = [];
  private readonly waiting = new Map<number, { resolve: (r: ScreeningResult) => void; reject: (e: Error) => void; thread: Thread }>();
  private next = 0;
  /** Resolves once every thread has its index. */
  readonly ready: Promise<void>;

  constructor(
    storeLocation: string,
    threads: number,
    private local: Screener,
  ) {
    const readies: Promise<void>[] = [];
    for (let i = 0; i < threads; i++) {
      const worker = startWorker('match-worker', { store: storeLocation });
      const thread: Thread = { worker, ready: false, busy: 0 };
      this.threads.push(thread);
      readies.push(
        new Promise((resolve, reject) => {
          worker.on('error', (err) => {
            thread.ready = false;
            reject(err);
          });
          worker.on('message', (message: ThreadMessage) => {
            if ('reloaded' in message) {
              const waiter = thread.reloading;
              thread.reloading = undefined;
              if (message.reloaded) waiter?.resolve(message.versions);
              else waiter?.reject(new Error(`a matcher thread could not rebuild its index: ${message.error}`));
              return;
            }
            if ('ready' in message) {
              thread.ready = true;
              resolve();
              return;
            }
            this.settle(message as MatchReply);
          });
        }),
      );
      // A thread that dies fails its requests (a 500 naming it), never leaves them hanging.
      worker.on('exit', (code) => {
        thread.ready = false;
        thread.exited = true;
        thread.reloading?.reject(new Error(`a matcher thread stopped (exit ${code})`));
        thread.reloading = undefined;
        for (const [id, w] of this.waiting) {
          if (w.thread !== thread) continue;
          this.waiting.delete(id);
          w.reject(new Error(`a matcher thread stopped (exit ${code})`));
        }
      });
    }
    this.ready = Promise.all(readies).then(() => {});
  }

  private settle(reply: MatchReply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    waiter.thread.busy--;
    if ('outcome' in reply) waiter.resolve(reply.outcome);
    else waiter.reject(reply.budgetMs !== undefined ? new BudgetExceeded(reply.budgetMs) : new Error(reply.error));
  }

  screen(query: MatchQuery, options: SearchOptions = {}): ScreeningResult | Promise<ScreeningResult> {
    const ready = this.threads.filter((t) => t.ready);
    if (ready.length === 0) return this.local.screen(query, options);
    const thread = ready.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = ++this.next;
    thread.busy++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, thread });
      thread.worker.postMessage({ id, query, options } satisfies MatchRequest);
    });
  }

  /** The in-process screener that answers while no thread is ready (swapped for a rebuilt one). */
  useLocal(screener: Screener): void {
    this.local = screener;
  }

  /**
   * Rebuild every thread's index from the store's latest list versions, one thread at a time:
   * a rebuilding thread gets no requests (the others, or the in-process screener, answer), and
   * takes them again once its new index is in. Resolves with the versions the threads now hold.
   */
  async reload(): Promise<Record<string, number>> {
    let versions: Record<string, number> = {};
    for (const thread of this.threads) {
      // A thread still building its first index, or one that died, is left alone.
      if (!thread.ready) continue;
      thread.ready = false;
      try {
        versions = await new Promise<Record<string, number>>((resolve, reject) => {
          thread.reloading = { resolve, reject };
          thread.worker.postMessage({ reload: true });
        });
      } finally {
        thread.ready = !thread.exited;
      }
    }
    return versions;
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
