// Wall time of one `sanctrace screen` on a store, as a user runs it: the first run after the
// index file is removed (it builds and writes the index, as every run did before the index was
// kept), then warm runs that read it. The ratio is cold / warm, in the same run.
// Usage: npx tsx bench/screen-start.ts [store]   (needs `npm run build`; default: the store of `npm start`)
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings, PACKAGE_ROOT } from '../src/config.js';
import { indexDirFor } from '../src/store/open.js';

const store = process.argv[2] ?? loadSettings().db;
if (!existsSync(store)) throw new Error(`${store}: no store (run 'npm start' or 'sanctrace init' first)`);
const folder = indexDirFor(store);
const run = () => {
  const started = performance.now();
  const stderr = execFileSync(process.execPath, [join(PACKAGE_ROOT, 'bin/sanctrace.js'), '--db', store, 'screen', 'Minsk Wheeled Tractor Plant', '--limit', '1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { seconds: (performance.now() - started) / 1000, output: stderr };
};
if (folder) rmSync(folder, { recursive: true, force: true });
const cold = run();
const warm = [run(), run(), run()].map((r) => r.seconds).sort((a, b) => a - b);
console.log(`screen, cold (index built and written): ${cold.seconds.toFixed(2)} s wall`);
console.log(`screen, warm (index read from its file): median ${warm[1].toFixed(2)} s, best ${warm[0].toFixed(2)} s wall (target ≤ 1 s)`);
console.log(`ratio cold / warm: ${(cold.seconds / warm[1]).toFixed(1)}x`);
