// The FCDO UK Sanctions List XML (`Designations` of `Designation`), the UK's list of record
// since OFSI's Consolidated List closes. Quirks of real exports: "Primary name" vs "Primary
// Name", stray spaces in values (" D0009720"), placeholder DOBs ("dd/mm/1968" = 1968), empty
// multi-line statements of reasons. A record without UniqueID is skipped with a warning.
// Spec: SanctionsListSchema-4.33.3.xsd; sample: shared/data/raw/uk_sanctions_list (4 real
// designations and 1 synthetic one, transcribed).
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { cleanText, parseDate } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { text, xmlRecords, type XmlNode } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const SCHEMA_BY_TYPE: Record<string, string> = { individual: 'Person', entity: 'Organization', ship: 'Vessel' };
const SOURCE_URL = 'https://www.gov.uk/government/publications/the-uk-sanctions-list';

/** Every descendant element called `name`, depth first. */
function descendants(node: XmlNode, name: string): XmlNode[] {
  return node.children.flatMap((c) => (c.name === name ? [c, ...descendants(c, name)] : descendants(c, name)));
}

function all(node: XmlNode, name: string): string[] {
  return descendants(node, name)
    .map((n) => text(n))
    .filter((v): v is string => v !== null);
}

/** "dd/mm/1968" → 1968, "mm/1968"-style placeholders likewise; "12/11/1967" → 1967-11-12. */
function fcdoDate(raw: string | null): string | null {
  const value = cleanText(raw);
  if (!value) return null;
  const year = /^(?:dd|\d{2})\/(?:mm|\d{2})\/(\d{4})$/u.exec(value);
  if (year && /^dd|\/mm\//u.test(value)) return /^dd\/(\d{2})\//u.test(value) ? `${year[1]}-${value.slice(3, 5)}` : year[1];
  return parseDate(value, 'DMY');
}

function build(record: XmlNode, dataset: string): SourceEntity[] {
  const uid = text(record, 'UniqueID')!;
  const schema = SCHEMA_BY_TYPE[(text(record, 'IndividualEntityShip') ?? '').toLowerCase()] ?? 'LegalEntity';
  const id = entityId(dataset, uid);
  const b = new EntityBuilder(id, schema);
  for (const name of descendants(record, 'Name')) {
    const full = ['Name1', 'Name2', 'Name3', 'Name4', 'Name5', 'Name6'].map((n) => text(name, n)).filter(Boolean).join(' ');
    const type = (text(name, 'NameType') ?? '').toLowerCase();
    const prop = type.startsWith('primary') ? 'name' : /low/iu.test(text(name, 'AliasStrength') ?? '') ? 'weakAlias' : 'alias';
    b.add(prop, full || null);
  }
  for (const nonLatin of all(record, 'NameNonLatinScript')) b.add('alias', nonLatin, { lang: languageOf(nonLatin) });
  for (const address of descendants(record, 'Address')) {
    const parts = address.children.map((c) => text(c)).filter(Boolean);
    b.add('address', parts.join(', ') || null);
    b.add('country', text(address, 'AddressCountry'));
  }
  if (schema === 'Person') {
    b.add('title', all(record, 'Title'));
    for (const dob of all(record, 'DOB')) b.add('birthDate', fcdoDate(dob), { original: dob });
    b.add('nationality', all(record, 'Nationality'));
    b.add('position', all(record, 'Position'));
    b.add('passportNumber', all(record, 'PassportNumber'));
    b.add('idNumber', all(record, 'NationalIdentifierNumber'));
    b.add('gender', all(record, 'Gender').map((g) => g.toLowerCase()));
    for (const location of descendants(record, 'Location')) {
      b.add('birthPlace', [text(location, 'TownOfBirth'), text(location, 'CountryOfBirth')].filter(Boolean).join(', ') || null);
    }
  }
  if (schema === 'Vessel') {
    b.add('imoNumber', all(record, 'IMONumber').map((n) => n.replace(/^IMO\s*/iu, '')));
    b.add('flag', all(record, 'CurrentBelievedFlagOfShip'));
    b.add('pastFlags', all(record, 'PreviousFlag'));
    b.add('type', all(record, 'TypeOfShip'));
    b.add('tonnage', all(record, 'TonnageOfShip'));
    b.add('buildDate', all(record, 'YearBuilt'));
    for (const owner of all(record, 'CurrentOwnerOperator')) b.add('notes', `Current owner/operator: ${owner}`);
  }
  if (schema !== 'Person') b.add('registrationNumber', all(record, 'BusinessRegistrationNumber'));
  b.add('phone', all(record, 'PhoneNumber'));
  b.add('email', all(record, 'EmailAddress'));
  b.add('website', all(record, 'Website'));
  b.add('notes', text(record, 'OtherInformation'));
  b.add('topics', 'sanction');
  const sanction = sanctionEntity(id, {
    authority: AUTHORITY.UK,
    program: text(record, 'RegimeName'),
    listingDate: fcdoDate(text(record, 'DateDesignated')),
    provisions: text(record, 'SanctionsImposed')?.split('|').join('; ') ?? null,
    reason: text(record, 'UKStatementofReasons'),
    authorityId: uid,
    unscId: text(record, 'UNReferenceNumber'),
    sourceUrl: SOURCE_URL,
  });
  return [b.build(), sanction];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = basename(ctx.files[0]);
  let root: string | null = null;
  const onOpen = (name: string, attrs: Record<string, string>) => {
    root ??= name;
    if (name === 'Designations' && attrs.dateGenerated) ctx.setPublished(attrs.dateGenerated.slice(0, 10));
  };
  let count = 0;
  for await (const record of xmlRecords(ctx.files[0], ['Designation'], { onBytes: ctx.progress, onOpen })) {
    if (root !== 'Designations') throw new ImportError(`not a UK Sanctions List XML: root element <${root}>`, { file });
    count += 1;
    if (!text(record, 'UniqueID')) {
      ctx.warn({ file, line: record.line, field: 'UniqueID', message: 'designation without UniqueID skipped' });
      continue;
    }
    yield* build(record, ctx.dataset);
  }
  if (count === 0) throw new ImportError('no <Designation> records: not a UK Sanctions List XML', { file });
}

export const ukFcdoXmlFormat: ListFormat = {
  name: 'uk_fcdo_xml',
  dataset: 'gb_fcdo_sanctions',
  title: 'UK Sanctions List (FCDO), XML',
  spec: 'FCDO UK-Sanctions-List.xml (SanctionsListSchema 4.33.3); sample of 2026-08-14 (transcribed, 4 real records)',
  detect(_names, head) {
    return /<Designations[\s>]/u.test(head.toString('utf8'));
  },
  read,
};
