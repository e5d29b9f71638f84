// A matcher thread for the HTTP API: opens the store for itself, builds its own index, and
// answers screening requests, so that scoring never runs on the server's event loop. It reads
// the parties' grouping again when judgements change (one cheap query per request).
import { parentPort, workerData } from 'node:worker_threads';
import { plainEntity } from '../match/entity.js';
import { BudgetExceeded } from '../match/limits.js';
import { openStore } from '../store/open.js';
import { Screener } from './screen.js';
import type { MatchRequest, MatchReply } from './offloaded.js';

const store = await openStore((workerData as { store: string }).store);
let screener = await Screener.open(store);
parentPort!.postMessage({ ready: true, versions: Object.fromEntries(screener.index.versions) });
parentPort!.on('message', (request: MatchRequest | { reload: true }) => {
  // A new list version: build a new index and swap it in; the server sends no screening here meanwhile.
  if ('reload' in request) {
    void Screener.open(store).then(
      (fresh) => {
        screener = fresh;
        parentPort!.postMessage({ reloaded: true, versions: Object.fromEntries(fresh.index.versions) });
      },
      (err: Error) => parentPort!.postMessage({ reloaded: false, error: err.message }),
    );
    return;
  }
  void (async () => {
    let reply: MatchReply;
    try {
      await screener.syncCanonical(store);
      const outcome = screener.screen(request.query, request.options);
      // Entities read from an index file keep their details behind getters: sent as plain objects.
      reply = { id: request.id, outcome: { ...outcome, results: outcome.results.map((r) => ({ ...r, entity: plainEntity(r.entity) })) } };
    } catch (err) {
      reply = { id: request.id, error: (err as Error).message, budgetMs: err instanceof BudgetExceeded ? err.budgetMs : undefined };
    }
    parentPort!.postMessage(reply);
  })();
});
