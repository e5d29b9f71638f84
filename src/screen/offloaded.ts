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
}

export class OffloadedScreener implements ScreensQueries {
  private readonly threads: Thread[] = [];
  private readonly waiting = new Map<number, { resolve: (r: ScreeningResult) => void; reject: (e: Error) => void; thread: Thread }>();
  private next = 0;
  /** Resolves once every thread has its index. */
  readonly ready: Promise<void>;

  constructor(
    storeLocation: string,
    threads: number,
    private readonly local: Screener,
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
          worker.on('message', (message: { ready?: boolean } | MatchReply) => {
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

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
