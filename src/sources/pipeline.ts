// Import of list files into the store: detect the format, hash the content (the same file
// twice is a no-op), stream the entities into one transaction that becomes a new version.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SourceEntity } from '../model/entity.js';
import { ImportBusy, ShrinkRefused, type Store, type VersionRecord } from '../store/types.js';
import { readHead } from './io.js';
import { FORMATS, getFormat } from './registry.js';
import { ImportError, isDeltaFormat, type AnyFormat, type DeltaFormat, type ImportWarning, type ReadContext } from './types.js';

export interface ImportRequest {
  /** Files or folders (a folder stands for every file below it). */
  paths: string[];
  /** Format name; detected from the files when absent. */
  format?: string;
  /** Dataset (list) name; the format's default when absent. */
  dataset?: string;
  /** Publication date to use when the file does not state its own. */
  publishedAt?: string | null;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  onWarning?: (warning: ImportWarning) => void;
  /** Accept a version with far fewer entities than the previous one (a list that really shrank). */
  allowShrink?: boolean;
}

/**
 * Most share of its entities a list may lose from one version to the next before the import is
 * refused as a likely cut-off file (`--allow-shrink` says the drop is meant). Real lists grow:
 * between consecutive bundled versions the count rose or fell by under 1 %.
 */
export const MAX_SHRINK = 0.05;

export interface ImportOutcome {
  version: VersionRecord;
  /** True when this exact content was imported before: nothing was written. */
  unchanged: boolean;
  format: string;
}

function expand(paths: string[]): string[] {
  return paths.flatMap((path) => {
    if (!existsSync(path)) throw new ImportError('no such file or folder', { file: path });
    if (statSync(path).isDirectory()) {
      return readdirSync(path)
        .filter((name) => !name.startsWith('.'))
        .sort()
        .flatMap((name) => expand([join(path, name)]));
    }
    return [path];
  });
}

export function detectFormat(files: string[]): AnyFormat {
  const names = files.map((f) => basename(f).toLowerCase());
  // Sniff the first data file: a folder of a list may also hold its documentation.
  const sample = files.find((f) => !/\.(md|txt|pdf|ya?ml)$/iu.test(f) || /\.txt$/iu.test(f) && !/readme/iu.test(f)) ?? files[0];
  const head = readHead(sample);
  const candidates = FORMATS.filter((format) => format.detect(names, head));
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) {
    throw new ImportError(`unknown list format; give one with --format (${FORMATS.map((f) => f.name).join(', ')})`, { file: basename(files[0]) });
  }
  throw new ImportError(`ambiguous format (${candidates.map((f) => f.name).join(', ')}); choose one with --format`, { file: basename(files[0]) });
}

async function contentHash(files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => basename(a).localeCompare(basename(b)))) {
    hash.update(basename(file)).update('\u0000');
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

async function* applyDelta(store: Store, dataset: string, format: DeltaFormat, ctx: ReadContext): AsyncIterable<SourceEntity> {
  const latest = await store.latestVersion(dataset);
  const entities = new Map<string, SourceEntity>();
  if (latest) {
    for await (const stored of store.iterateEntities({ versionId: latest.id })) {
      entities.set(stored.id, {
        id: stored.id,
        schema: stored.schema,
        statements: stored.statements.map((s) => ({ prop: s.prop, value: s.value, lang: s.lang, original: s.originalValue })),
      });
    }
  }
  for await (const { op, entity } of format.readDelta(ctx)) {
    if (op === 'DEL') entities.delete(entity.id);
    else entities.set(entity.id, entity);
  }
  yield* entities.values();
}

export async function importList(store: Store, request: ImportRequest): Promise<ImportOutcome> {
  const files = expand(request.paths);
  if (files.length === 0) throw new ImportError('no files to import', { file: request.paths.join(', ') });
  for (const file of files) {
    if (statSync(file).size === 0) throw new ImportError('file is empty', { file: basename(file) });
  }
  const format = request.format ? getFormat(request.format) : detectFormat(files);
  const dataset = request.dataset ?? format.dataset;
  const hash = await contentHash(files);
  const existing = await store.findVersionByHash(dataset, hash);
  if (existing) return { version: existing, unchanged: true, format: format.name };

  const totalBytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const warnings: ImportWarning[] = [];
  let published: string | null = null;
  let doneBytes = 0;
  let lastFileBytes = 0;
  const ctx: ReadContext = {
    files,
    dataset,
    warn: (w) => {
      warnings.push(w);
      request.onWarning?.(w);
    },
    setPublished: (date) => {
      published = date;
    },
    progress: (n) => {
      // Each file's reader counts from zero: a smaller number means the next file started.
      if (n < lastFileBytes) doneBytes += lastFileBytes;
      lastFileBytes = n;
      request.onProgress?.(Math.min(totalBytes, doneBytes + n), totalBytes);
    },
  };
  const write = store.writeVersion(
    { dataset, publishedAt: request.publishedAt ?? null, contentHash: hash, format: format.name, files: files.map((f) => basename(f)), maxShrink: request.allowShrink ? null : MAX_SHRINK },
    async (writer) => {
      const entities = isDeltaFormat(format) ? applyDelta(store, dataset, format, ctx) : format.read(ctx);
      for await (const entity of entities) await writer.put(entity);
      request.onProgress?.(totalBytes, totalBytes);
      if (published && request.publishedAt && published !== request.publishedAt) {
        ctx.warn({ file: basename(files[0]), message: `the file says it was published ${published}; given date ${request.publishedAt} ignored` });
      }
      return { publishedAt: published ?? request.publishedAt ?? null, warnings };
    },
  );
  const version = await write.catch((err: unknown) => {
    if (err instanceof ShrinkRefused) throw new ImportError(`${err.message}; refused as a likely cut-off file, nothing stored (import with --allow-shrink if the list really shrank)`, { file: files.map((f) => basename(f)).join(', ') });
    if (err instanceof ImportBusy) throw new ImportError(err.message, { file: files.map((f) => basename(f)).join(', ') });
    // Whatever else stops the write (an id the file gives two entities, say) is still this
    // file's refusal, and says so.
    if (!(err instanceof ImportError) && err instanceof Error) throw new ImportError(err.message, { file: files.map((f) => basename(f)).join(', ') });
    throw err;
  });
  return { version, unchanged: false, format: format.name };
}
