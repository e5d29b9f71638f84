// A matcher thread for the HTTP API: opens the store for itself, builds its own index, and
// answers screening requests, so that scoring never runs on the server's event loop. It reads
// the parties' grouping again when judgements change (one cheap query per request).
import { parentPort, workerData } from 'node:worker_threads';
import { BudgetExceeded } from '../match/limits.js';
import { openStore } from '../store/open.js';
import { Screener } from './screen.js';
import type { MatchRequest, MatchReply } from './offloaded.js';

const store = await openStore((workerData as { store: string }).store);
const screener = await Screener.open(store);
parentPort!.postMessage({ ready: true, versions: Object.fromEntries(screener.index.versions) });
parentPort!.on('message', (request: MatchRequest) => {
  void (async () => {
    let reply: MatchReply;
    try {
      await screener.syncCanonical(store);
      reply = { id: request.id, outcome: screener.screen(request.query, request.options) };
    } catch (err) {
      reply = { id: request.id, error: (err as Error).message, budgetMs: err instanceof BudgetExceeded ? err.budgetMs : undefined };
    }
    parentPort!.postMessage(reply);
  })();
});
