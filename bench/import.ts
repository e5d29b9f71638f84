// Import benchmark: for each bundled list version, the time to parse it alone (the baseline:
// the format reader with nothing stored) and to import it into a fresh SQLite store, with the
// process's peak memory; then all of them together into one store. Each measurement runs in a
// child process so peak memory is per list. Usage: npx tsx bench/import.ts [--postgres URL]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettings } from '../src/config.js';
import { readManifest } from '../src/sources/bundled.js';

const here = fileURLToPath(import.meta.url);
const root = resolve(here, '../..');

interface Measure {
  label: string;
  parseMs: number;
  importMs: number;
  entities: number;
  peakMb: number;
}

function child(args: string[]): Measure {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/import-worker.ts'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`bench worker failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Measure;
}

const settings = loadSettings();
const manifest = readManifest(settings.defaultDataDir);
const work = mkdtempSync(join(tmpdir(), 'sanctrace-bench-'));
const rows: Measure[] = [];
for (const i of manifest.lists.keys()) {
  rows.push(child(['one', String(i), join(work, `one-${i}.sqlite`), join(work, 'cache')]));
}
const all = child(['all', '-', join(work, 'all.sqlite'), join(work, 'cache')]);
rmSync(work, { recursive: true, force: true });

const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(`${'list version'.padEnd(44)}${pad('entities', 9)}${pad('parse s', 9)}${pad('import s', 10)}${pad('import/parse', 13)}${pad('ent/s', 8)}${pad('peak MB', 9)}`);
for (const r of [...rows, all]) {
  console.log(
    `${r.label.padEnd(44).slice(0, 44)}${pad(r.entities, 9)}${pad((r.parseMs / 1000).toFixed(2), 9)}${pad((r.importMs / 1000).toFixed(2), 10)}${pad(r.parseMs ? `${(r.importMs / r.parseMs).toFixed(1)}x` : '-', 13)}${pad(Math.round(r.entities / (r.importMs / 1000)), 8)}${pad(r.peakMb.toFixed(0), 9)}`,
  );
}
