// Follow-the-Money entities as JSON lines (OpenSanctions `entities.ftm.json`, yente fixtures,
// our own export). Source ids are prefixed with the dataset so they cannot collide with other
// lists, and every entity-typed property value is prefixed the same way so references hold.
// Spec: https://followthemoney.tech/docs/ (entity JSON); samples shared/data/raw/opensanctions.
import { createInterface } from 'node:readline';
import { basename } from 'node:path';
import type { PropStatement, SourceEntity } from '../model/entity.js';
import { isSchema, propertyType } from '../model/ftm.js';
import { cleanText } from '../model/values.js';
import { openText } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

export interface FtmObject {
  id?: unknown;
  schema?: unknown;
  properties?: Record<string, unknown[]>;
}

/**
 * One FtM JSON object → our entities (nested entity objects become entities of their own).
 * `unknownProp` is told about properties the model does not know (model version drift).
 */
export function fromFtmObject(obj: FtmObject, dataset: string, where: { file: string; line: number }, unknownProp: (schema: string, prop: string) => void): SourceEntity[] {
  if (typeof obj.id !== 'string' || !obj.id) throw new ImportError('entity without "id"', { ...where, field: 'id' });
  if (typeof obj.schema !== 'string' || !isSchema(obj.schema)) throw new ImportError(`unknown or missing schema '${String(obj.schema)}'`, { ...where, field: 'schema' });
  const out: SourceEntity[] = [];
  const statements: PropStatement[] = [];
  for (const [prop, values] of Object.entries(obj.properties ?? {})) {
    const type = propertyType(obj.schema, prop);
    if (type === null) {
      unknownProp(obj.schema, prop);
      continue;
    }
    for (const value of Array.isArray(values) ? values : [values]) {
      if (value && typeof value === 'object') {
        const nested = fromFtmObject(value as FtmObject, dataset, where, unknownProp);
        out.push(...nested);
        statements.push({ prop, value: nested[nested.length - 1].id });
        continue;
      }
      const text = cleanText(value === null || value === undefined ? null : String(value));
      if (text) statements.push({ prop, value: type === 'entity' ? prefixed(dataset, text) : text });
    }
  }
  out.push({ id: prefixed(dataset, obj.id), schema: obj.schema, statements });
  return out;
}

export function prefixed(dataset: string, id: string): string {
  return id.startsWith(`${dataset}-`) ? id : `${dataset}-${id}`;
}

/** JSON lines of a file with their line numbers; a line that is not JSON is an ImportError. */
export async function* jsonLines(path: string, ctx: ReadContext): AsyncGenerator<{ value: unknown; line: number }> {
  const file = basename(path);
  let line = 0;
  for await (const text of createInterface({ input: openText(path, 'utf8', ctx.progress), crlfDelay: Infinity })) {
    line += 1;
    if (!text.trim()) continue;
    try {
      yield { value: JSON.parse(text) as unknown, line };
    } catch (err) {
      throw new ImportError(`not valid JSON: ${(err as Error).message}`, { file, line });
    }
  }
}

export function unknownPropWarner(ctx: ReadContext, file: string): (schema: string, prop: string) => void {
  const warned = new Set<string>();
  return (schema, prop) => {
    const key = `${schema}.${prop}`;
    if (warned.has(key)) return;
    warned.add(key);
    ctx.warn({ file, field: key, message: 'property not in the FtM model; its values are skipped' });
  };
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const seen = new Set<string>();
  for (const path of ctx.files) {
    const file = basename(path);
    const warn = unknownPropWarner(ctx, file);
    for await (const { value, line } of jsonLines(path, ctx)) {
      if ((value as { op?: unknown }).op !== undefined) throw new ImportError('a delta line (op/entity): import it with --format ftm_delta', { file, line });
      for (const entity of fromFtmObject(value as FtmObject, ctx.dataset, { file, line }, warn)) {
        if (seen.has(entity.id)) {
          ctx.warn({ file, line, message: `entity ${entity.id} repeated; the first is kept` });
          continue;
        }
        seen.add(entity.id);
        yield entity;
      }
    }
  }
}

export const ftmJsonFormat: ListFormat = {
  name: 'ftm_json',
  dataset: 'opensanctions',
  title: 'Follow-the-Money entities, JSON lines',
  spec: 'FtM entity JSON lines (OpenSanctions entities.ftm.json); samples: yente test fixtures',
  detect(_names, head) {
    const first = head.toString('utf8').trimStart().split('\n')[0];
    return /^\{.*"schema"\s*:/u.test(first) && /"id"\s*:/u.test(first) && !/^\{\s*"op"\s*:/u.test(first);
  },
  read,
};
