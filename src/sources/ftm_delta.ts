// OpenSanctions delta files: JSON lines of `{"op": "ADD"|"MOD"|"DEL", "entity": {...}}` that
// turn one version of a dataset into the next. The pipeline applies them to the dataset's
// latest version. A delta index (`{"versions": {"20240527134702-zbn": url}}`, the file yente
// polls) is not data: it is refused with a pointer to the delta files it lists.
// Samples: shared/data/raw/opensanctions/yente_fixtures (entities.delta.json, t2__*.delta.json).
import { basename } from 'node:path';
import { readHead } from './io.js';
import { fromFtmObject, jsonLines, unknownPropWarner, type FtmObject } from './ftm_json.js';
import { ImportError, type DeltaFormat, type DeltaOp, type ReadContext } from './types.js';

const OPS = new Set(['ADD', 'MOD', 'DEL']);

async function* readDelta(ctx: ReadContext): AsyncGenerator<DeltaOp> {
  for (const path of [...ctx.files].sort()) {
    const file = basename(path);
    if (/^\s*\{\s*"versions"/u.test(readHead(path, 256).toString('utf8'))) {
      throw new ImportError('this is a delta index (version → URL); import the entities.delta.json files it lists', { file });
    }
    // "20240527194702-wnk" in the name: the version's timestamp.
    const stamp = /(\d{4})(\d{2})(\d{2})\d{6}/u.exec(file);
    if (stamp) ctx.setPublished(`${stamp[1]}-${stamp[2]}-${stamp[3]}`);
    const warn = unknownPropWarner(ctx, file);
    for await (const { value, line } of jsonLines(path, ctx)) {
      const { op, entity } = value as { op?: string; entity?: FtmObject };
      if (!op || !OPS.has(op)) throw new ImportError(`unknown op '${String(op)}'`, { file, line, field: 'op' });
      if (!entity) throw new ImportError('delta line without entity', { file, line, field: 'entity' });
      if (op === 'DEL') {
        if (typeof entity.id !== 'string') throw new ImportError('DEL without entity id', { file, line, field: 'entity.id' });
        yield { op, entity: { id: `${ctx.dataset}-${entity.id}`, schema: 'Thing', statements: [] } };
        continue;
      }
      for (const e of fromFtmObject(entity, ctx.dataset, { file, line }, warn)) yield { op: op as 'ADD' | 'MOD', entity: e };
    }
  }
}

export const ftmDeltaFormat: DeltaFormat = {
  name: 'ftm_delta',
  dataset: 'opensanctions',
  title: 'OpenSanctions delta files (ADD/MOD/DEL of FtM entities)',
  spec: 'OpenSanctions entities.delta.json (yente delta updates); samples: yente test fixtures',
  delta: true,
  detect(_names, head) {
    return /^\s*\{\s*"op"\s*:\s*"(ADD|MOD|DEL)"/u.test(head.toString('utf8'));
  },
  readDelta,
};
