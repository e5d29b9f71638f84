// The EU Financial Sanctions File, XML schema 1.1 (`export` with `sanctionEntity` elements,
// data in attributes). Ids use the entity's logicalId, which the FSF keeps across exports.
// Spec: the FSF 1.1 XSD (webgate.ec.europa.eu/fsd/fsf); samples: two extracts of export
// 123465 of 2020-04-15 in shared/data/raw/eu_fsf/deriv_2020-04-15 (several files of one
// export import together as one version).
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { cleanText } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { child, children, text, xmlRecords, type XmlNode } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

// FSF nameLanguage is ISO 639-1; statements carry ISO 639-3.
const LANGUAGES: Record<string, string> = { EN: 'eng', RU: 'rus', BE: 'bel', UK: 'ukr', AR: 'ara', ZH: 'zho', FR: 'fra', DE: 'deu', ES: 'spa', FA: 'fas', KO: 'kor', EL: 'ell', IT: 'ita', PT: 'por', PL: 'pol', RO: 'ron', BG: 'bul', SR: 'srp', HR: 'hrv', TR: 'tur' };

function attr(node: XmlNode, name: string): string | null {
  return cleanText(node.attrs[name]);
}

function build(record: XmlNode, dataset: string, file: string): SourceEntity[] {
  const logicalId = attr(record, 'logicalId');
  if (!logicalId) throw new ImportError('sanctionEntity without logicalId', { file, line: record.line, field: 'logicalId' });
  const subjectType = attr(child(record, 'subjectType') ?? record, 'code');
  const schema = subjectType === 'person' ? 'Person' : subjectType === 'enterprise' ? 'Organization' : 'LegalEntity';
  const id = entityId(dataset, logicalId);
  const b = new EntityBuilder(id, schema);
  const names = children(record, 'nameAlias');
  if (names.length === 0) throw new ImportError(`entity ${logicalId} without nameAlias`, { file, line: record.line, field: 'nameAlias' });
  names.forEach((alias, i) => {
    const whole = attr(alias, 'wholeName') ?? [attr(alias, 'firstName'), attr(alias, 'middleName'), attr(alias, 'lastName')].filter(Boolean).join(' ');
    const lang = LANGUAGES[(attr(alias, 'nameLanguage') ?? '').toUpperCase()] ?? languageOf(whole);
    const prop = i === 0 ? 'name' : attr(alias, 'strong') === 'false' ? 'weakAlias' : 'alias';
    b.add(prop, whole, { lang: lang === 'eng' ? null : lang });
    if (schema === 'Person') {
      b.add('title', attr(alias, 'title'));
      b.add('position', attr(alias, 'function'));
      const gender = attr(alias, 'gender');
      b.add('gender', gender === 'M' ? 'male' : gender === 'F' ? 'female' : null);
    }
  });
  if (schema === 'Person') {
    for (const c of children(record, 'citizenship')) b.add('nationality', attr(c, 'countryIso2Code'));
    for (const d of children(record, 'birthdate')) {
      b.add('birthDate', attr(d, 'birthdate') ?? attr(d, 'year'));
      b.add('birthPlace', [attr(d, 'city'), attr(d, 'place'), attr(d, 'countryDescription')].filter(Boolean).join(', ') || null);
    }
  }
  for (const ident of children(record, 'identification')) {
    const number = attr(ident, 'number');
    const type = attr(ident, 'identificationTypeCode') ?? '';
    if (!number) continue;
    if (schema === 'Person' && /passport/iu.test(type)) b.add('passportNumber', number);
    else if (/regnumber|registration/iu.test(type)) b.add('registrationNumber', number);
    else if (/tax|fiscal/iu.test(type)) b.add('taxNumber', number);
    else b.add('idNumber', number);
    b.add('notes', [attr(ident, 'identificationTypeDescription') ?? type, number, attr(ident, 'countryDescription')].filter(Boolean).join(' '));
  }
  for (const a of children(record, 'address')) {
    b.add('address', ['street', 'poBox', 'city', 'zipCode', 'region', 'place', 'countryDescription'].map((k) => attr(a, k)).filter(Boolean).join(', ') || null);
    b.add('country', attr(a, 'countryIso2Code'));
  }
  for (const remark of children(record, 'remark')) b.add('notes', text(remark));
  b.add('topics', 'sanction');
  const regulations = children(record, 'regulation');
  const dates = regulations.map((r) => attr(r, 'publicationDate')).filter((d): d is string => d !== null).sort();
  const sanction = sanctionEntity(id, {
    authority: AUTHORITY.EU,
    program: [...new Set(regulations.map((r) => attr(r, 'programme')).filter((p): p is string => p !== null))],
    listingDate: attr(record, 'designationDate') ?? dates[0] ?? null,
    reason: children(record, 'remark').map((r) => text(r)).filter(Boolean).join(' ') || null,
    authorityId: attr(record, 'euReferenceNumber'),
    unscId: attr(record, 'unitedNationId'),
    sourceUrl: regulations.map((r) => text(r, 'publicationUrl')).find(Boolean) ?? null,
  });
  return [b.build(), sanction];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const seen = new Set<string>();
  for (const path of ctx.files) {
    const file = basename(path);
    let root: string | null = null;
    const onOpen = (name: string, attrs: Record<string, string>) => {
      root ??= name;
      if (name === 'export' && attrs.generationDate) ctx.setPublished(attrs.generationDate.slice(0, 10));
    };
    for await (const record of xmlRecords(path, ['sanctionEntity'], { onBytes: ctx.progress, onOpen })) {
      if (root !== 'export') throw new ImportError(`not an EU FSF 1.1 XML: root element <${root}>`, { file });
      const entities = build(record, ctx.dataset, file);
      if (seen.has(entities[0].id)) continue;
      seen.add(entities[0].id);
      yield* entities;
    }
    if (root !== 'export') throw new ImportError('not an EU FSF 1.1 XML', { file });
  }
}

export const euFsfXmlFormat: ListFormat = {
  name: 'eu_fsf_xml',
  dataset: 'eu_fsf',
  title: 'EU Financial Sanctions File, XML 1.1',
  spec: 'EU FSF XML schema 1.1 (namespace http://eu.europa.ec/fpi/fsd/export); samples: extracts of export 123465, 2020-04-15',
  detect(_names, head) {
    return /<export[^>]*fpi\/fsd\/export/u.test(head.toString('utf8'));
  },
  read,
};
