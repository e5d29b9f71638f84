// HTTP screening throughput: the API server in this process over the store of `npm start`,
// loaded from a second process on loopback (bench/http-load.mjs) with single-name POST
// /match/default requests at several concurrencies; requests/s and p50/p99 latency as a table.
// Usage: npx tsx bench/http.ts [store] [seconds per run]

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildApi } from '../src/api/server.js';
import { loadSettings, PACKAGE_ROOT } from '../src/config.js';
import { Screener } from '../src/screen/screen.js';
import { openStore } from '../src/store/open.js';

const location = process.argv[2] ?? loadSettings().db;
if (!existsSync(location)) throw new Error(`no store at ${location}: run npm start first`);
const seconds = process.argv[3] ?? '10';
const store = await openStore(location);
const app = await buildApi({ store, screener: await Screener.open(store) });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`POST /match/default, one name per request, ${seconds} s per run, server: this process (1 core), load: a second process`);
console.log('concurrency   requests/s   p50 ms   p99 ms   errors');
for (const concurrency of [1, 8, 32]) {
  // The load generator must not share this process's event loop: spawnSync would block the server.
  const child = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [join(PACKAGE_ROOT, 'bench/http-load.mjs'), base, seconds, String(concurrency)], (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
  const r = JSON.parse(child) as { rps: number; p50: number; p99: number; errors: number };
  console.log(`${String(concurrency).padStart(11)}   ${r.rps.toFixed(0).padStart(10)}   ${r.p50.toFixed(2).padStart(6)}   ${r.p99.toFixed(2).padStart(6)}   ${r.errors}`);
}
await app.close();
await store.close();
