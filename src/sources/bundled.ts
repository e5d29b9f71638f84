// The embedded default: dated, gzip-compressed snapshots of real official lists shipped in
// data/default, so a fresh install has real data offline. Loaded on first start.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Store } from '../store/types.js';
import { importList, type ImportOutcome } from './pipeline.js';

export interface BundledList {
  dataset: string;
  format: string;
  /** The list's publication date where the file does not state it (from SOURCES.md). */
  publishedAt: string | null;
  /** Gzip files relative to the bundle folder; unpacked to their name without .gz. */
  files: string[];
  origin: string;
  licence: string;
  /** This version really has far fewer entities than the one before (see `shrink` for why). */
  allowShrink?: boolean;
  shrink?: string;
}

export interface BundleManifest {
  description: string;
  lists: BundledList[];
}

export function readManifest(dir: string): BundleManifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new Error(`no bundled lists: ${path} is missing`);
  return JSON.parse(readFileSync(path, 'utf8')) as BundleManifest;
}

/** A bundled gzip file unpacked into the cache (once; again only when the bundle is newer). */
export async function unpack(bundleDir: string, relative: string, cacheDir: string): Promise<string> {
  const source = join(bundleDir, relative);
  const target = join(cacheDir, 'default', relative.replace(/\.gz$/u, ''));
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) return target;
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.part`;
  await pipeline(createReadStream(source), createGunzip(), createWriteStream(partial));
  renameSync(partial, target);
  return target;
}

export interface BundleEvent {
  /** 'start' before a list version is unpacked, 'progress' while it is read, 'done' with its outcome. */
  phase: 'start' | 'progress' | 'done';
  list: BundledList;
  index: number;
  total: number;
  outcome?: ImportOutcome;
  bytesDone?: number;
  bytesTotal?: number;
}

/** Import every bundled list version not yet in the store (a no-op the second time). */
export async function loadBundled(store: Store, bundleDir: string, cacheDir: string, onEvent?: (e: BundleEvent) => void): Promise<ImportOutcome[]> {
  const manifest = readManifest(bundleDir);
  const outcomes: ImportOutcome[] = [];
  for (const [index, list] of manifest.lists.entries()) {
    onEvent?.({ phase: 'start', list, index, total: manifest.lists.length });
    const files: string[] = [];
    for (const file of list.files) files.push(await unpack(bundleDir, file, cacheDir));
    const outcome = await importList(store, {
      paths: files,
      format: list.format,
      dataset: list.dataset,
      publishedAt: list.publishedAt,
      allowShrink: list.allowShrink === true,
      onProgress: (bytesDone, bytesTotal) => onEvent?.({ phase: 'progress', list, index, total: manifest.lists.length, bytesDone, bytesTotal }),
    });
    outcomes.push(outcome);
    onEvent?.({ phase: 'done', list, index, total: manifest.lists.length, outcome });
  }
  return outcomes;
}
