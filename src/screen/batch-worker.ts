// A batch screening worker thread: opens the store read-only for itself, builds its own index,
// then screens the chunks of rows it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/open.js';
import { Screener } from './screen.js';
import { toRowResult, type ChunkRequest, type ChunkResult, type WorkerSetup } from './batch.js';

const setup = workerData as WorkerSetup;
const store = await openStore(setup.store);
const screener = await Screener.open(store);
await store.close();
parentPort!.postMessage({ ready: true });
parentPort!.on('message', (request: ChunkRequest) => {
  const results = request.rows.map((row) => {
    if (!row.name) return null;
    const outcome = screener.screen(
      { schema: row.schema, names: [row.name], countries: row.countries, birthDates: row.birthDates, identifiers: row.identifiers },
      { threshold: setup.threshold, limit: 1 },
    );
    return toRowResult(outcome.results[0]);
  });
  const reply: ChunkResult = { id: request.id, results, versions: Object.fromEntries(screener.index.versions) };
  parentPort!.postMessage(reply);
});
