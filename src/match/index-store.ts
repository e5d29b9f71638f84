// The match index of a store's latest list versions: read from its file when one was written
// for exactly these versions and this matcher, else built from the store and written for the
// next command. A file that cannot be read (missing, truncated, another matcher's) is rebuilt;
// a folder that cannot be written only costs the next command a build.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/types.js';
import { MatchIndex } from './index.js';
import { indexFileName, readIndexFile, writeIndexFile, type VersionStamp } from './index-file.js';

export interface IndexOrigin {
  /** 'file': read from `path`; 'built': analysed from the store (and written to `path` when set). */
  from: 'file' | 'built';
  path: string | null;
  seconds: number;
  /** Why the index was not kept on disk, when it was not. */
  warning?: string;
}

/** The latest version of every list (or of `datasets`), as MatchIndex.build takes them. */
async function latestVersions(store: Store, datasets?: string[]): Promise<VersionStamp[]> {
  return (await store.listDatasets())
    .filter((summary) => !datasets || datasets.includes(summary.name))
    .map(({ name, latest }) => ({ dataset: name, id: latest.id, contentHash: latest.contentHash, importedAt: latest.importedAt }));
}

/** The index holds exactly these versions (a version imported while it was built makes it another). */
function holds(index: MatchIndex, versions: VersionStamp[]): boolean {
  return index.versions.size === versions.length && versions.every((v) => index.versions.get(v.dataset) === v.id);
}

export async function openMatchIndex(store: Store, datasets?: string[]): Promise<{ index: MatchIndex; origin: IndexOrigin }> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const folder = store.indexDir;
  const versions = folder ? await latestVersions(store, datasets) : [];
  const path = folder ? join(folder, indexFileName(versions, datasets)) : null;
  if (path) {
    let index: MatchIndex | null;
    try {
      index = readIndexFile(path);
    } catch {
      index = null; // A damaged file: built again below, and written over.
    }
    if (index && holds(index, versions)) return { index, origin: { from: 'file', path, seconds: seconds() } };
  }
  const index = await MatchIndex.build(store, datasets);
  if (!folder || !path || !holds(index, versions)) return { index, origin: { from: 'built', path: null, seconds: seconds() } };
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    await writeIndexFile(path, index);
    return { index, origin: { from: 'built', path, seconds: seconds() } };
  } catch (err) {
    return { index, origin: { from: 'built', path: null, seconds: seconds(), warning: `the match index could not be saved in ${folder}: ${(err as Error).message}` } };
  }
}

/** One line for a command's output: where its index came from. */
export function describeOrigin(origin: IndexOrigin): string {
  if (origin.from === 'file') return `match index read from ${origin.path} in ${origin.seconds.toFixed(2)} s`;
  return `match index built in ${origin.seconds.toFixed(1)} s${origin.path ? `, saved as ${origin.path} for the next command` : ''}${origin.warning ? ` (${origin.warning})` : ''}`;
}
