// OpenSanctions `targets.simple.csv`: one row per target with `;`-joined multi-values
// (id, schema, name, aliases, birth_date, countries, addresses, identifiers, sanctions, phones,
// emails, program_ids, dataset, first_seen, last_seen, last_change). The `sanctions` cell holds
// free text (one listing per `;` item); it becomes a Sanction's summary. Spec: OpenSanctions
// bulk data docs; sample: shared/data/raw/opensanctions/noname_ua_war_sanctions_2026-03-13.
import { basename } from 'node:path';
import { parse as parseSync } from 'csv-parse/sync';
import { EntityBuilder, type SourceEntity } from '../model/entity.js';
import { isSchema } from '../model/ftm.js';
import { cleanText } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { prefixed } from './ftm_json.js';
import { csvRows } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const REQUIRED = ['id', 'schema', 'name', 'aliases', 'identifiers', 'sanctions'];

function multi(cell: string | undefined): string[] {
  const text = cleanText(cell);
  if (!text) return [];
  // Items are `;`-joined and quoted when they hold a `;` or a quote themselves.
  try {
    return (parseSync(text, { delimiter: ';', relax_quotes: true, trim: true })[0] as string[]).map((v) => v.trim()).filter(Boolean);
  } catch {
    return [text];
  }
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = basename(ctx.files[0]);
  let header: string[] | null = null;
  for await (const { fields, line } of csvRows(ctx.files[0], { onBytes: ctx.progress })) {
    if (!header) {
      const missing = REQUIRED.filter((c) => !fields.includes(c));
      if (missing.length) throw new ImportError(`not a targets.simple.csv: missing column(s) ${missing.join(', ')}`, { file, line });
      header = fields;
      continue;
    }
    const columns = header;
    const get = (c: string) => fields[columns.indexOf(c)];
    const schema = get('schema');
    if (!isSchema(schema)) throw new ImportError(`unknown schema '${schema}'`, { file, line, field: 'schema' });
    if (!cleanText(get('name'))) throw new ImportError('row without a name', { file, line, field: 'name' });
    const id = prefixed(ctx.dataset, get('id'));
    const b = new EntityBuilder(id, schema);
    b.add('name', get('name'), { lang: languageOf(get('name')) });
    for (const alias of multi(get('aliases'))) b.add('alias', alias, { lang: languageOf(alias) });
    if (schema === 'Person') b.add('birthDate', multi(get('birth_date')));
    b.add('country', multi(get('countries')));
    b.add('address', multi(get('addresses')));
    b.add(schema === 'Vessel' ? 'imoNumber' : 'idNumber', multi(get('identifiers')).map((i) => i.replace(/^IMO/u, '')));
    b.add('phone', multi(get('phones')));
    b.add('email', multi(get('emails')));
    b.add('programId', multi(get('program_ids')));
    b.add('topics', 'sanction');
    yield b.build();
    const summaries = multi(get('sanctions'));
    for (const [i, summary] of summaries.entries()) {
      const sanction = new EntityBuilder(`${id}-sanction-${i + 1}`, 'Sanction');
      sanction.add('entity', id).add('authority', cleanText(get('dataset'))).add('summary', summary).add('programId', multi(get('program_ids')));
      yield sanction.build();
    }
  }
  if (!header) throw new ImportError('empty file', { file });
}

export const opensanctionsSimpleCsvFormat: ListFormat = {
  name: 'opensanctions_simple_csv',
  dataset: 'opensanctions',
  title: 'OpenSanctions targets.simple.csv',
  spec: 'OpenSanctions targets.simple.csv (16 columns with program_ids); sample: Ukraine War and Sanctions, 2026-03-13',
  detect(_names, head) {
    return /^"?id"?,"?schema"?,"?name"?,"?aliases"?,"?birth_date"?/u.test(head.toString('utf8'));
  },
  read,
};
