// OpenSanctions delta files (`entities.delta.json`): JSON lines `{"op": "ADD"|"MOD"|"DEL",
// "entity": {…FtM entity…}}`; ADD and MOD carry the whole new entity, DEL only its id. Each
// dataset version (run id `20240528134729-3iv`: a UTC timestamp and a suffix) publishes the
// delta against the previous one, and a delta index (`delta.json`:
// `{"versions": {run id: URL of its entities.delta.json}, "updated_at"}`) lists them.
// Given an index, the deltas it lists are read from the index's folder, oldest first, where
// they are saved as `<run id>/entities.delta.json` or under a name holding the run id (the yente
// fixtures' `t2__<run id>__entities.delta.json`). Versions older than the first one present
// are taken to be in the store already; a gap after it breaks the chain and stops the import.
// The publication date is the date of the newest run id applied (file names without one give none).
// Entities are converted as in ftm_json.ts (same id prefixing), so a delta applies to an
// import of entities.ftm.json. Samples: shared/data/raw/opensanctions/yente_fixtures
// (entities.delta.json, t2__*__entities.delta.json, t1__delta.json, t2__delta.json).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseDate } from '../model/values.js';
import { ftmConverter, ftmSourceId, jsonLines, sniffFtmJson, type FtmConverter } from './ftm_json.js';
import { readHead } from './io.js';
import { ImportError, type DeltaFormat, type DeltaOp, type ReadContext, type Where } from './types.js';

const OPS = new Set(['ADD', 'MOD', 'DEL']);

/** The run id in a file name or index key ("20240527194702-wnk") and its ISO date, if any. */
function runOf(text: string): { run: string; date: string } | null {
  const match = /(?:^|[^0-9])((\d{4})(\d{2})(\d{2})\d{6})(-[a-z0-9]+)?(?=[^0-9]|$)/u.exec(text);
  if (!match) return null;
  const date = parseDate(`${match[2]}-${match[3]}-${match[4]}`);
  return date ? { run: match[1] + (match[5] ?? ''), date } : null;
}

interface DeltaFile {
  path: string;
  run: { run: string; date: string } | null;
}

/** The local copy of a run's delta file beside the index, or null. */
function findRunFile(folder: string, names: string[], run: string): string | null {
  const inFolder = join(folder, run, 'entities.delta.json');
  if (existsSync(inFolder)) return inFolder;
  const flat = names.find((name) => name.includes(run) && name.endsWith('.delta.json'));
  return flat ? join(folder, flat) : null;
}

/** The delta files an index lists, oldest first, as far as they are present. */
function indexedFiles(index: string, ctx: ReadContext): DeltaFile[] {
  const file = basename(index);
  let versions: Record<string, unknown>;
  try {
    versions = (JSON.parse(readFileSync(index, 'utf8')) as { versions: Record<string, unknown> }).versions;
  } catch (err) {
    throw new ImportError(`delta index is not valid JSON: ${(err as Error).message}`, { file });
  }
  const folder = dirname(index);
  const names = readdirSync(folder);
  const runs = Object.keys(versions).sort();
  const found: DeltaFile[] = [];
  for (const run of runs) {
    const path = findRunFile(folder, names, run);
    if (path) {
      found.push({ path, run: runOf(run) });
    } else if (found.length === 0) {
      ctx.warn({ file, field: run, message: `delta of version ${run} not found beside the index; taken to be applied already` });
    } else {
      throw new ImportError(`delta of version ${run} missing (${String(versions[run])}): later deltas cannot be applied without it`, { file, field: run });
    }
  }
  if (found.length === 0) throw new ImportError(`none of the ${runs.length} delta file(s) listed is present in ${folder}`, { file });
  return found;
}

/** All delta files to apply, in order: indexes expanded, each file once, oldest run first. */
function deltaFiles(ctx: ReadContext): DeltaFile[] {
  const files: DeltaFile[] = [];
  for (const path of ctx.files) {
    const kind = sniffFtmJson(readHead(path));
    if (kind === 'delta-index') files.push(...indexedFiles(path, ctx));
    else if (kind === 'delta') files.push({ path, run: runOf(basename(path)) });
    else throw new ImportError('not an OpenSanctions delta file or delta index', { file: basename(path), line: 1 });
  }
  const unique = [...new Map(files.map((f) => [resolve(f.path), f])).values()];
  // Run ids sort by time. The sort is stable: files without one keep their order, first.
  return unique.sort((a, b) => (a.run?.run ?? '').localeCompare(b.run?.run ?? ''));
}

function toOps(value: unknown, where: Where, convert: FtmConverter, dataset: string): DeltaOp[] {
  const { op, entity } = (value ?? {}) as { op?: unknown; entity?: unknown };
  if (typeof op !== 'string' || !OPS.has(op)) throw new ImportError(`op must be ADD, MOD or DEL, not ${JSON.stringify(op)}`, { ...where, field: 'op' });
  const kind = op as DeltaOp['op'];
  if (kind === 'DEL') {
    const { id, schema } = (entity ?? {}) as { id?: unknown; schema?: unknown };
    if (typeof id !== 'string' || id === '') throw new ImportError('DEL without an entity id', { ...where, field: 'id' });
    return [{ op: kind, entity: { id: ftmSourceId(dataset, id), schema: typeof schema === 'string' ? schema : 'Thing', statements: [] } }];
  }
  // Nested entities of an ADD/MOD are set the same way as the entity itself.
  return convert(entity, where).map((e) => ({ op: kind, entity: e }));
}

async function* readDelta(ctx: ReadContext): AsyncGenerator<DeltaOp> {
  const convert = ftmConverter(ctx);
  let published: string | null = null;
  for (const file of deltaFiles(ctx)) {
    const name = basename(file.path);
    for await (const { value, line } of jsonLines(file.path, ctx)) yield* toOps(value, { file: name, line }, convert, ctx.dataset);
    published = file.run?.date ?? published;
  }
  if (published) ctx.setPublished(published);
}

export const ftmDeltaFormat: DeltaFormat = {
  name: 'ftm_delta',
  dataset: 'opensanctions',
  title: 'OpenSanctions delta files (entities.delta.json ADD/MOD/DEL) and delta index (delta.json)',
  spec: 'OpenSanctions/yente delta format; samples: yente test fixtures entities.delta.json, t2 dated deltas and the t1/t2 delta.json indexes in shared/data/raw/opensanctions/yente_fixtures',
  delta: true,
  detect: (_names, head) => {
    const kind = sniffFtmJson(head);
    return kind === 'delta' || kind === 'delta-index';
  },
  readDelta,
};
