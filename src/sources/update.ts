// `sanctrace update`: fetch the current files of each official list, check them, import them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Store } from '../store/types.js';
import { readHead } from './io.js';
import { importList, type ImportOutcome } from './pipeline.js';
import { getFormat, OFFICIAL_SOURCES, type OfficialSource } from './registry.js';

export interface UpdateOptions {
  cacheDir: string;
  /** Replace the scheme and host of every URL (mirror or local test server). */
  mirror?: string | null;
  /** Only these datasets; default: every source with official URLs. */
  only?: string[];
  sources?: OfficialSource[];
  onEvent?: (event: UpdateEvent) => void;
  fetchTimeoutMs?: number;
  /** Accept a downloaded version with far fewer entities than the stored one (see MAX_SHRINK). */
  allowShrink?: boolean;
}

export type UpdateEvent =
  | { kind: 'download'; dataset: string; url: string }
  | { kind: 'imported'; dataset: string; outcome: ImportOutcome }
  | { kind: 'failed'; dataset: string; error: Error }
  | { kind: 'skipped'; dataset: string; reason: string };

export interface UpdateResult {
  dataset: string;
  outcome?: ImportOutcome;
  error?: string;
}

export function mirrored(url: string, mirror: string | null | undefined): string {
  if (!mirror) return url;
  const original = new URL(url);
  return new URL(original.pathname + original.search, mirror.endsWith('/') ? mirror : `${mirror}/`).toString();
}

function localName(url: string, source: OfficialSource): string {
  const name = basename(new URL(url).pathname).toLowerCase();
  return name.includes('.') ? name : `${source.dataset}.xml`;
}

async function download(url: string, target: string, timeoutMs: number): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length === 0) throw new Error(`${url}: empty response`);
  writeFileSync(target, body);
}

/** Download and import each source; one failing list does not stop the others. */
export async function updateSources(store: Store, options: UpdateOptions): Promise<UpdateResult[]> {
  const sources = (options.sources ?? OFFICIAL_SOURCES).filter((s) => !options.only || options.only.includes(s.dataset));
  const results: UpdateResult[] = [];
  for (const source of sources) {
    if (source.urls.length === 0) {
      options.onEvent?.({ kind: 'skipped', dataset: source.dataset, reason: source.note ?? 'no official machine-readable URL' });
      continue;
    }
    try {
      const dir = join(options.cacheDir, 'downloads', source.dataset, new Date().toISOString().replace(/[:.]/gu, '-'));
      mkdirSync(dir, { recursive: true });
      const files: string[] = [];
      for (const url of source.urls) {
        const from = mirrored(url, options.mirror);
        options.onEvent?.({ kind: 'download', dataset: source.dataset, url: from });
        const target = join(dir, localName(url, source));
        await download(from, target, options.fetchTimeoutMs ?? 120_000);
        files.push(target);
      }
      // Verify before importing: a captive portal's HTML page must not become a list version.
      const format = getFormat(source.format);
      if (!format.detect(files.map((f) => basename(f).toLowerCase()), readHead(files[0]))) {
        throw new Error(`downloaded files are not in the expected ${source.format} format`);
      }
      // The shrink guard matters most here: a download cut off by the network imports as a list.
      const outcome = await importList(store, { paths: files, format: source.format, dataset: source.dataset, publishedAt: null, allowShrink: options.allowShrink === true });
      options.onEvent?.({ kind: 'imported', dataset: source.dataset, outcome });
      results.push({ dataset: source.dataset, outcome });
    } catch (err) {
      const error = err as Error;
      options.onEvent?.({ kind: 'failed', dataset: source.dataset, error });
      results.push({ dataset: source.dataset, error: error.message });
    }
  }
  return results;
}
