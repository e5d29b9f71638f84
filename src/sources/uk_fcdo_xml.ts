// The FCDO UK Sanctions List as XML (UK-Sanctions-List.xml, schema SanctionsListSchema-4.x):
// <Designations dateGenerated="…"> holding one <Designation> per listing, keyed by its UniqueID
// ("AFG0011"), with names, non-Latin names, addresses and Individual/Entity/Ship details.
// The only sample is raw/uk_sanctions_list/jaggeman_2026-08-14_transcribed/uk_sample.xml: four
// real designations carved out of the 2026-08-14 file plus one synthetic one without UniqueID.
// Element paths beyond the sample (phones, entity and ship details) follow the published schema.
// Quirks: NameType "Primary Name" and "Primary name"; stray spaces inside values
// (" D0009720"); DOB "dd/mm/1968" for unknown parts; an empty multi-line UKStatementofReasons.
import { basename } from 'node:path';
import { EntityBuilder, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { cleanText, parseDate } from '../model/values.js';
import { AUTHORITY } from './authorities.js';
import { children, text, xmlRecords, type XmlNode } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';
import { NameLinks, UK_SCHEMATA, addOrNote, imoNumber, namesInOrder, type Relation, type UkName, ukDate, ukFullName, ukLanguage, ukNameKind, ukSanction } from './uk_ofsi_rows.js';

const SOURCE_URL = 'https://www.gov.uk/government/publications/the-uk-sanctions-list';
const GIVEN_NAMES = ['Name1', 'Name2', 'Name3', 'Name4', 'Name5'];

/** Elements at `path` below `node` ("Addresses/Address"). */
function nodes(node: XmlNode | undefined, path: string): XmlNode[] {
  const [first, ...rest] = path.split('/');
  const found = children(node, first);
  return rest.length === 0 ? found : found.flatMap((n) => nodes(n, rest.join('/')));
}

/** Trimmed texts of the elements at `path` below `node`, empty ones left out. */
function texts(node: XmlNode | undefined, path: string): string[] {
  return nodes(node, path)
    .map((n) => text(n))
    .filter((t): t is string => t !== null);
}

function addNames(b: EntityBuilder, designation: XmlNode, file: string): void {
  const names: UkName[] = [];
  const primaryParts: XmlNode[] = [];
  for (const name of nodes(designation, 'Names/Name')) {
    const full = ukFullName(GIVEN_NAMES.map((n) => text(name, n)), text(name, 'Name6'), b.schema);
    const kind = ukNameKind(text(name, 'NameType'), text(name, 'AliasStrength')) ?? 'aka';
    if (full) names.push({ kind, value: full, lang: null });
    if (full && kind === 'primary') primaryParts.push(name);
  }
  if (names.length === 0) throw new ImportError('designation without a name', { file, line: designation.line, field: 'Names' });
  // The list does not say which name a non-Latin one writes: it is an alias in its own script.
  for (const nonLatin of nodes(designation, 'NonLatinNames/NonLatinName')) {
    const name = text(nonLatin, 'NameNonLatinScript');
    const lang = name && ukLanguage([text(nonLatin, 'NonLatinScriptLanguage'), text(nonLatin, 'NonLatinScriptType')], name);
    if (name) names.push({ kind: 'aka', value: name, lang });
  }
  for (const { prop, value, lang } of namesInOrder(names)) b.add(prop, value, { lang });
  if (b.schema !== 'Person') return;
  for (const name of primaryParts) {
    const given = GIVEN_NAMES.map((n) => text(name, n));
    b.add('firstName', given[0]).add('middleName', given.slice(1).filter(Boolean).join(' ')).add('lastName', text(name, 'Name6'));
  }
}

function addContacts(b: EntityBuilder, designation: XmlNode): void {
  b.add('title', texts(designation, 'Titles/Title'));
  for (const address of nodes(designation, 'Addresses/Address')) {
    const lines = ['AddressLine1', 'AddressLine2', 'AddressLine3', 'AddressLine4', 'AddressLine5', 'AddressLine6', 'AddressPostalCode', 'AddressCountry'];
    b.add('address', lines.map((l) => text(address, l)).filter(Boolean).join(', ') || null);
    b.add('country', text(address, 'AddressCountry'));
  }
  for (const phone of texts(designation, 'PhoneNumbers/PhoneNumber')) addOrNote(b, 'phone', phone, 'Phone number');
  for (const email of texts(designation, 'EmailAddresses/EmailAddress')) addOrNote(b, 'email', email, 'Email address');
  for (const website of texts(designation, 'Websites/Website')) addOrNote(b, 'website', website, 'Website');
}

function addIndividual(b: EntityBuilder, individual: XmlNode): void {
  for (const dob of texts(individual, 'DOBs/DOB')) addOrNote(b, 'birthDate', ukDate(dob) ?? dob, 'DOB', dob);
  for (const place of nodes(individual, 'BirthDetails/Location')) {
    addOrNote(b, 'birthPlace', [text(place, 'TownOfBirth'), text(place, 'CountryOfBirth')].filter(Boolean).join(', ') || null);
    addOrNote(b, 'birthCountry', text(place, 'CountryOfBirth'));
  }
  for (const gender of texts(individual, 'Genders/Gender')) addOrNote(b, 'gender', gender.toLowerCase(), 'Gender');
  for (const nationality of texts(individual, 'Nationalities/Nationality')) addOrNote(b, 'nationality', nationality);
  for (const position of texts(individual, 'Positions/Position')) addOrNote(b, 'position', position);
  for (const passport of nodes(individual, 'PassportDetails/Passport')) {
    addOrNote(b, 'passportNumber', text(passport, 'PassportNumber'));
    const info = text(passport, 'PassportAdditionalInformation');
    if (info) b.add('notes', `Passport: ${info}`);
  }
  for (const id of nodes(individual, 'NationalIdentifierDetails/NationalIdentifier')) {
    addOrNote(b, 'idNumber', text(id, 'NationalIdentifierNumber'));
    const info = text(id, 'NationalIdentifierAdditionalInformation');
    if (info) b.add('notes', `National identifier: ${info}`);
  }
}

// Relations the list states by name, and where they point.
const RELATIONS: Record<string, Relation> = {
  'EntityDetails/Entity/ParentCompanies/ParentCompany': { schema: 'Ownership', role: 'Parent company', statedByOwner: false },
  'EntityDetails/Entity/Subsidiaries/Subsidiary': { schema: 'Ownership', role: 'Subsidiary', statedByOwner: true },
  'ShipDetails/Ship/CurrentOwnerOperators/CurrentOwnerOperator': { schema: 'UnknownLink', role: 'Current owner/operator', statedByOwner: false },
  'ShipDetails/Ship/PreviousOwnerOperators/PreviousOwnerOperator': { schema: 'UnknownLink', role: 'Previous owner/operator', statedByOwner: false },
};

function addEntityAndShip(b: EntityBuilder, designation: XmlNode, links: NameLinks): void {
  for (const entity of nodes(designation, 'EntityDetails/Entity')) {
    for (const number of texts(entity, 'BusinessRegistrationNumbers/BusinessRegistrationNumber')) addOrNote(b, 'registrationNumber', number);
    for (const type of texts(entity, 'TypeOfEntities/TypeOfEntity')) addOrNote(b, 'legalForm', type, 'Type of entity');
  }
  for (const ship of nodes(designation, 'ShipDetails/Ship')) {
    for (const imo of texts(ship, 'IMONumbers/IMONumber')) addOrNote(b, 'imoNumber', imoNumber(imo), 'IMO number');
    for (const flag of texts(ship, 'CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip')) addOrNote(b, 'flag', flag, 'Flag');
    for (const flag of texts(ship, 'PreviousFlags/PreviousFlag')) addOrNote(b, 'pastFlags', flag, 'Previous flag');
    for (const type of texts(ship, 'TypeOfShipDetails/TypeOfShip')) addOrNote(b, 'type', type, 'Type of ship');
    for (const tonnage of texts(ship, 'TonnageOfShipDetails/TonnageOfShip')) addOrNote(b, 'tonnage', tonnage, 'Tonnage');
    for (const length of texts(ship, 'LengthOfShipDetails/LengthOfShip')) b.add('notes', `Length of ship: ${length}`);
    for (const year of texts(ship, 'YearsBuilt/YearBuilt')) addOrNote(b, 'buildDate', year, 'Year built');
  }
  for (const [path, relation] of Object.entries(RELATIONS)) {
    for (const name of texts(designation, path)) {
      b.add('notes', `${relation.role}: ${name}`);
      links.want(b.id, relation, name);
    }
  }
}

function designationEntities(designation: XmlNode, uniqueId: string, dataset: string, file: string, links: NameLinks): SourceEntity[] {
  const type = text(designation, 'IndividualEntityShip');
  const schema = UK_SCHEMATA[(type ?? '').toLowerCase()];
  if (!schema) throw new ImportError(`unknown IndividualEntityShip '${type ?? ''}'`, { file, line: designation.line, field: 'IndividualEntityShip' });
  const id = entityId(dataset, uniqueId);
  const b = new EntityBuilder(id, schema);
  addNames(b, designation, file);
  addContacts(b, designation);
  for (const individual of nodes(designation, 'IndividualDetails/Individual')) addIndividual(b, individual);
  addEntityAndShip(b, designation, links);
  b.add('notes', text(designation, 'OtherInformation'));
  b.add('sourceUrl', SOURCE_URL);
  b.add('topics', 'sanction');
  const party = b.build();
  links.addNames(id, party.statements.filter((s) => s.prop === 'name' || s.prop === 'alias').map((s) => s.value));
  const sanction = ukSanction(
    id,
    {
      authority: AUTHORITY.UK,
      program: text(designation, 'RegimeName'),
      listingDate: ukDate(text(designation, 'DateDesignated')),
      reason: cleanText(text(designation, 'UKStatementofReasons')),
      unscId: text(designation, 'UNReferenceNumber'),
      sourceUrl: SOURCE_URL,
    },
    {
      authorityIds: [uniqueId, text(designation, 'OFSIGroupID')],
      provisions: (text(designation, 'SanctionsImposed') ?? '').split('|').map((p) => p.trim()).filter(Boolean),
    },
  );
  return [party, sanction];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = ctx.files[0];
  const name = basename(file);
  const links = new NameLinks();
  let sawRoot = false;
  let designations = 0;
  const onOpen = (element: string, attrs: Record<string, string>): void => {
    if (element !== 'Designations') return;
    sawRoot = true;
    const generated = parseDate(attrs.dateGenerated ?? null);
    if (generated) ctx.setPublished(generated);
  };
  // Files without the root attribute still carry <DateGenerated>14/08/2026</DateGenerated>.
  const onText = (element: string, value: string): void => {
    const generated = element === 'DateGenerated' ? ukDate(value) : null;
    if (generated) ctx.setPublished(generated);
  };
  for await (const designation of xmlRecords(file, ['Designation'], { onOpen, onText, onBytes: ctx.progress })) {
    if (!sawRoot) throw new ImportError('not a UK Sanctions List: no <Designations> root', { file: name, line: designation.line });
    designations++;
    const uniqueId = text(designation, 'UniqueID');
    if (!uniqueId) {
      // Without its UniqueID a designation has no stable key to follow across versions.
      ctx.warn({ file: name, line: designation.line, field: 'UniqueID', message: 'designation without UniqueID skipped' });
      continue;
    }
    yield* designationEntities(designation, uniqueId, ctx.dataset, name, links);
  }
  if (designations === 0) throw new ImportError('no <Designation> in the file: not a UK Sanctions List', { file: name });
  yield* links.links(ctx.dataset);
}

export const ukFcdoXmlFormat: ListFormat = {
  name: 'uk_fcdo_xml',
  dataset: 'gb_fcdo_sanctions',
  title: 'UK Sanctions List, FCDO (UK-Sanctions-List.xml)',
  spec: 'FCDO UK Sanctions List XML (SanctionsListSchema-4.33.3); sample: 4 real designations of the 2026-08-14 file (transcribed) + 1 synthetic',
  detect(_names, head) {
    const xml = head.toString('utf8');
    return /<Designations[\s>]/u.test(xml) && /<(UniqueID|IndividualEntityShip|DateGenerated)>/u.test(xml);
  },
  read,
};
