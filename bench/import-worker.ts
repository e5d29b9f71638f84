// One measurement of bench/import.ts, in its own process so peak memory (maxRSS) is its own.
import { basename } from 'node:path';
import { loadBundled, readManifest, unpack } from '../src/sources/bundled.js';
import { loadSettings } from '../src/config.js';
import { getFormat } from '../src/sources/registry.js';
import { importList } from '../src/sources/pipeline.js';
import { isDeltaFormat } from '../src/sources/types.js';
import { openStore } from '../src/store/open.js';

const [mode, index, dbPath, cacheDir] = process.argv.slice(2);
const settings = loadSettings();
const manifest = readManifest(settings.defaultDataDir);

async function unpacked(files: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const rel of files) out.push(await unpack(settings.defaultDataDir, rel, cacheDir));
  return out;
}

const store = await openStore(dbPath);
if (mode === 'one') {
  const list = manifest.lists[Number(index)];
  const files = await unpacked(list.files);
  const format = getFormat(list.format);
  let parsed = 0;
  const parseStart = performance.now();
  if (!isDeltaFormat(format)) {
    const ctx = { files, dataset: list.dataset, warn: () => {}, setPublished: () => {}, progress: () => {} };
    for await (const _ of format.read(ctx)) parsed += 1;
  }
  const parseMs = performance.now() - parseStart;
  const importStart = performance.now();
  const outcome = await importList(store, { paths: files, format: list.format, dataset: list.dataset, publishedAt: list.publishedAt });
  const importMs = performance.now() - importStart;
  const label = `${list.dataset} ${outcome.version.publishedAt ?? ''} ${basename(files[0])}`;
  console.log(JSON.stringify({ label, parseMs, importMs, parsed, entities: outcome.version.entityCount, peakMb: process.resourceUsage().maxRSS / 1024 }));
} else {
  const start = performance.now();
  const outcomes = await loadBundled(store, settings.defaultDataDir, cacheDir);
  const importMs = performance.now() - start;
  const entities = outcomes.reduce((n, o) => n + o.version.entityCount, 0);
  console.log(JSON.stringify({ label: `ALL ${outcomes.length} versions (init)`, parseMs: 0, importMs, entities, peakMb: process.resourceUsage().maxRSS / 1024 }));
}
await store.close();
