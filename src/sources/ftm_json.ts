// OpenSanctions / FollowTheMoney entities as JSON lines (`entities.ftm.json`): one object per line,
// `{"id", "schema", "properties": {prop: [values]}, "caption", "datasets", "referents",
// "first_seen", "last_seen", "last_change", "target"}`. Only id, schema and properties are FtM
// data; the rest is OpenSanctions bookkeeping (crawl times, source ids) and is not kept.
// The source ids are kept, prefixed with our dataset; every entity-typed value (Sanction.entity,
// Ownership.owner, addressEntity …) gets the same prefix so references still resolve.
// Nested exports (targets.nested.json) put whole entities inside properties: they are flattened.
// The file states no publication date. The conversion is shared with the delta format
// (ftm_delta.ts). Samples: shared/data/raw/opensanctions/yente_fixtures/*entities.ftm.json.
import { createInterface } from 'node:readline';
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import { basename } from 'node:path';
import type { Property } from '@opensanctions/followthemoney';
import { EntityBuilder, type SourceEntity } from '../model/entity.js';
import { getSchema, isSchema } from '../model/ftm.js';
import { isGzip, openText } from './io.js';
import { ImportError, type ListFormat, type ReadContext, type Where } from './types.js';

/** Our id for an OpenSanctions entity id: kept verbatim (ids are case-sensitive) behind the dataset. */
export function ftmSourceId(dataset: string, id: string): string {
  return `${dataset}-${id}`;
}

function property(schema: string, prop: string): Property | undefined {
  return getSchema(schema).getProperties().get(prop);
}

export type FtmJsonKind = 'entities' | 'delta' | 'delta-index';

function headText(head: Buffer): string {
  // A gzipped export: inflate what the head holds (the stream is cut, so flush what is there).
  const bytes = isGzip(head) ? gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH }) : head;
  return bytes.toString('utf8').replace(/^\ufeff/u, '');
}

function classifyObject(value: unknown): FtmJsonKind | null {
  if (!isObject(value)) return null;
  if (typeof value.op === 'string' && isObject(value.entity)) return 'delta';
  if (isObject(value.versions)) return 'delta-index';
  if (typeof value.id === 'string' && typeof value.schema === 'string') return 'entities';
  return null;
}

/**
 * What an OpenSanctions JSON file holds: FtM entity lines, delta op lines, or a delta index
 * (`{"versions": {…}}`). Lines longer than the head are judged by how they start.
 */
export function sniffFtmJson(head: Buffer): FtmJsonKind | null {
  let text: string;
  try {
    text = headText(head).trimStart();
  } catch {
    return null;
  }
  if (!text.startsWith('{')) return null;
  const end = text.indexOf('\n');
  for (const candidate of end >= 0 ? [text.slice(0, end), text] : [text]) {
    try {
      const kind = classifyObject(JSON.parse(candidate));
      if (kind) return kind;
    } catch {
      // Not complete within the head: judged by its start below.
    }
  }
  if (/^\{\s*"(op|entity)"\s*:/u.test(text)) return 'delta';
  if (/^\{\s*"versions"\s*:/u.test(text)) return 'delta-index';
  // An entity line starts with its id, or its caption when the keys are sorted; the schema
  // may come after the properties, beyond the head.
  const firstLine = end >= 0 ? text.slice(0, end) : text;
  const entityStart = /^\{\s*"(id|caption)"\s*:/u.test(firstLine) && /"id"\s*:\s*"[^"]+"/u.test(firstLine);
  return entityStart && /"(schema"\s*:\s*"[A-Z]|properties"\s*:\s*\{)/u.test(firstLine) ? 'entities' : null;
}

export interface JsonLine {
  value: unknown;
  line: number;
}

/**
 * The JSON value of each non-blank line. A line that is not JSON is an ImportError, except a
 * last line after good ones: a cut-off download, warned and skipped.
 */
export async function* jsonLines(file: string, ctx: Pick<ReadContext, 'warn' | 'progress'>): AsyncGenerator<JsonLine> {
  const name = basename(file);
  const input = openText(file, 'utf8', ctx.progress);
  const lines = createInterface({ input, crlfDelay: Infinity });
  // readline does not pass errors of its input (broken UTF-8) on to the loop.
  let failure: unknown = null;
  input.on('error', (err) => {
    failure = err;
    lines.close();
  });
  let lineNo = 0;
  let bad: { line: number; message: string } | null = null;
  let good = 0;
  for await (const text of lines) {
    lineNo += 1;
    if (!text.trim()) continue;
    if (bad) throw new ImportError(`not a JSON line: ${bad.message}`, { file: name, line: bad.line });
    try {
      const value: unknown = JSON.parse(lineNo === 1 ? text.replace(/^\ufeff/u, '') : text);
      good += 1;
      yield { value, line: lineNo };
    } catch (err) {
      bad = { line: lineNo, message: (err as Error).message };
    }
  }
  if (failure) throw failure;
  if (bad && good === 0) throw new ImportError(`not a JSON line: ${bad.message}`, { file: name, line: bad.line });
  if (bad) ctx.warn({ file: name, line: bad.line, message: `last line is not complete JSON (cut-off download?); skipped: ${bad.message}` });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns one FtM JSON entity object into source entities: itself first, then nested ones. */
export type FtmConverter = (raw: unknown, where: Where) => SourceEntity[];

interface BackReference {
  prop: string;
  id: string;
}

/**
 * The FtM JSON → SourceEntity conversion for `ctx.dataset`. Unknown schemata and properties
 * (the exporter's model is newer than ours) are warned once each and skipped.
 */
export function ftmConverter(ctx: Pick<ReadContext, 'dataset' | 'warn'>): FtmConverter {
  const warned = new Set<string>();
  const warnOnce = (key: string, where: Where, message: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    ctx.warn({ ...where, field: key, message });
  };

  const convert = (raw: unknown, where: Where, back: BackReference | null): SourceEntity[] => {
    if (!isObject(raw)) throw new ImportError('an FtM entity must be a JSON object', where);
    const { id, schema, properties } = raw;
    if (typeof id !== 'string' || id === '') throw new ImportError('FtM entity without an id', { ...where, field: 'id' });
    if (typeof schema !== 'string' || schema === '') throw new ImportError(`FtM entity ${id} without a schema`, { ...where, field: 'schema' });
    if (!isSchema(schema)) {
      warnOnce(schema, where, `schema ${schema} is not in our FtM model; its entities are skipped`);
      return [];
    }
    if (properties !== undefined && !isObject(properties)) throw new ImportError(`properties of ${id} must be an object`, { ...where, field: 'properties' });
    const ownId = ftmSourceId(ctx.dataset, id);
    const builder = new EntityBuilder(ownId, schema);
    const nested: SourceEntity[] = [];
    for (const [prop, rawValues] of Object.entries(properties ?? {})) {
      const field = `${schema}:${prop}`;
      const definition = property(schema, prop);
      if (!definition) {
        warnOnce(field, where, `property ${prop} is not in our FtM model for ${schema}; skipped`);
        continue;
      }
      for (const value of Array.isArray(rawValues) ? rawValues : [rawValues]) {
        if (isObject(value)) {
          // A nested entity: flattened. Through a reverse property (Person.sanctions holds the
          // Sanction), the link belongs on the nested entity (Sanction.entity → this one).
          if (definition.type.name !== 'entity') throw new ImportError(`property ${prop} holds an object, not a value`, { ...where, field });
          const children = convert(value, { ...where, field }, definition.stub ? { prop: definition.getReverse().name, id: ownId } : null);
          nested.push(...children);
          if (!definition.stub && children.length > 0) builder.add(prop, children[0].id);
        } else if (typeof value === 'string' || typeof value === 'number') {
          // FtM refuses values of reverse properties: the other entity holds the link.
          if (definition.stub) warnOnce(field, where, `reverse property ${prop}: kept only where the other entity states the link`);
          else builder.add(prop, definition.type.name === 'entity' ? ftmSourceId(ctx.dataset, String(value)) : String(value));
        } else if (value !== null) {
          throw new ImportError(`property ${prop} of ${id} holds a ${typeof value}`, { ...where, field });
        }
      }
    }
    if (back && property(schema, back.prop)) builder.add(back.prop, back.id);
    return [builder.build(), ...nested];
  };

  return (raw, where) => convert(raw, where, null);
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const convert = ftmConverter(ctx);
  // Each id is yielded once (the store takes it once). Nested exports repeat an entity wherever
  // it is linked, which is normal; a line repeating another line is not, and is warned.
  const seenOnLine = new Map<string, boolean>();
  for (const file of ctx.files) {
    const name = basename(file);
    for await (const { value, line } of jsonLines(file, ctx)) {
      if (isObject(value) && 'op' in value) throw new ImportError('this is an OpenSanctions delta file; import it with the ftm_delta format', { file: name, line });
      const entities = convert(value, { file: name, line });
      const [own] = entities;
      if (own && seenOnLine.get(own.id)) ctx.warn({ file: name, line, message: `entity ${own.id} appears on two lines; the first is kept` });
      for (const [i, entity] of entities.entries()) {
        if (seenOnLine.has(entity.id)) continue;
        seenOnLine.set(entity.id, i === 0);
        yield entity;
      }
    }
  }
}

export const ftmJsonFormat: ListFormat = {
  name: 'ftm_json',
  dataset: 'opensanctions',
  title: 'OpenSanctions FollowTheMoney entities (entities.ftm.json, JSON lines)',
  spec: 'FtM JSON lines as OpenSanctions exports them (flat and nested); samples: yente test fixtures zala, parteispenden, t1 in shared/data/raw/opensanctions/yente_fixtures',
  detect: (_names, head) => sniffFtmJson(head) === 'entities',
  read,
};
