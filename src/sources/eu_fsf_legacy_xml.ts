// The EU Financial Sanctions File in its legacy (pre-2017) XML layout: `<WHOLE Date="DD/MM/YYYY">`
// with `<ENTITY Id Type="P|E" programme reg_date legal_basis remark>` holding NAME, BIRTH,
// PASSPORT, CITIZEN and ADDRESS children. ENTITY Id is the same number the current format
// calls logicalId, so ids agree across both layouts. Sample: shared/data/raw/eu_fsf/
// opendatalabcz_2016-02-11_legacy/data.xml (the first 595 entities of the 2016-02-11 file).
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { cleanText, parseDate } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { children, text, xmlRecords, type XmlNode } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

function build(entity: XmlNode, dataset: string, file: string): SourceEntity[] {
  const number = cleanText(entity.attrs.Id);
  if (!number) throw new ImportError('ENTITY without Id', { file, line: entity.line, field: 'Id' });
  const schema = entity.attrs.Type === 'P' ? 'Person' : 'Organization';
  const id = entityId(dataset, number);
  const b = new EntityBuilder(id, schema);
  const names = children(entity, 'NAME');
  if (names.length === 0) throw new ImportError(`ENTITY ${number} without NAME`, { file, line: entity.line, field: 'NAME' });
  names.forEach((name, i) => {
    const whole = text(name, 'WHOLENAME') ?? [text(name, 'FIRSTNAME'), text(name, 'MIDDLENAME'), text(name, 'LASTNAME')].filter(Boolean).join(' ');
    b.add(i === 0 ? 'name' : 'alias', whole, { lang: languageOf(whole) });
    if (schema === 'Person') {
      b.add('position', text(name, 'FUNCTION'));
      b.add('title', text(name, 'TITLE'));
      const gender = text(name, 'GENDER');
      b.add('gender', gender === 'M' ? 'male' : gender === 'F' ? 'female' : null);
    }
  });
  if (schema === 'Person') {
    for (const birth of children(entity, 'BIRTH')) {
      b.add('birthDate', text(birth, 'DATE'));
      b.add('birthPlace', [text(birth, 'PLACE'), text(birth, 'COUNTRY')].filter(Boolean).join(', ') || null);
    }
    for (const passport of children(entity, 'PASSPORT')) {
      const raw = text(passport, 'NUMBER');
      if (raw) {
        b.add('passportNumber', raw.split(/\s+\(/u)[0]);
        b.add('notes', `Passport ${raw}`);
      }
    }
    for (const citizen of children(entity, 'CITIZEN')) b.add('nationality', text(citizen, 'COUNTRY'));
  }
  for (const address of children(entity, 'ADDRESS')) {
    b.add('address', ['NUMBER', 'STREET', 'ZIPCODE', 'CITY', 'COUNTRY', 'OTHER'].map((k) => text(address, k)).filter(Boolean).join(', ') || null);
    b.add('country', text(address, 'COUNTRY'));
  }
  b.add('notes', cleanText(entity.attrs.remark));
  b.add('topics', 'sanction');
  const sanction = sanctionEntity(id, {
    authority: AUTHORITY.EU,
    program: cleanText(entity.attrs.programme),
    listingDate: cleanText(entity.attrs.reg_date),
    authorityId: cleanText(entity.attrs.legal_basis),
    reason: cleanText(entity.attrs.remark),
    sourceUrl: cleanText(entity.attrs.pdf_link),
  });
  return [b.build(), sanction];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = basename(ctx.files[0]);
  let root: string | null = null;
  const onOpen = (name: string, attrs: Record<string, string>) => {
    root ??= name;
    if (name === 'WHOLE' && attrs.Date) {
      const date = parseDate(attrs.Date, 'DMY');
      if (date) ctx.setPublished(date);
    }
  };
  let count = 0;
  for await (const entity of xmlRecords(ctx.files[0], ['ENTITY'], { onBytes: ctx.progress, onOpen })) {
    if (root !== 'WHOLE') throw new ImportError(`not a legacy EU FSF XML: root element <${root}>`, { file });
    count += 1;
    yield* build(entity, ctx.dataset, file);
  }
  if (count === 0) throw new ImportError('no <ENTITY> records: not a legacy EU FSF XML', { file });
}

export const euFsfLegacyXmlFormat: ListFormat = {
  name: 'eu_fsf_legacy_xml',
  dataset: 'eu_fsf',
  title: 'EU Financial Sanctions File, legacy XML (before 2017)',
  spec: 'legacy FSD XML (WHOLE/ENTITY/NAME/BIRTH/PASSPORT/CITIZEN/ADDRESS); sample of 2016-02-11 (first 595 entities)',
  detect(_names, head) {
    return /<WHOLE[\s>]/u.test(head.toString('utf8')) && /<ENTITY[\s>]/u.test(head.toString('utf8'));
  },
  read,
};
