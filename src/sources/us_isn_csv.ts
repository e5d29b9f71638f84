// The State Department's Nonproliferation Sanctions (ISN) table, as the International Trade
// Administration published it in CSV for the Consolidated Screening List (webservices repository,
// data/screening_lists/isn/isn.csv). Two layouts, read by header name:
//   2015-2016: Source List,Programs,Name,Alternative Names,Country,Federal Register Notice,
//              Effective Date,Remarks/Notes,Web Link
//   2014 (legacy): Programs,Name,Address,Country,Federal Register Notice,Effective Date,
//              Date Lifted/Waived/Expired
// One row per party, sanctioning statute and Federal Register notice; dates are MM/DD/YYYY. The
// rows of one party (grouped by name) become one subject with one Sanction per statute and notice.
// The legacy file is ASCII except two 0xFF bytes written where the published table has a space
// ("7th<FF>of Tir", "Valfajr 8th<FF>Shipping"); it is decoded as Windows-1252, where 0xFF is 'ÿ',
// and 'ÿ' is read as a space in that layout only (no name in the table has a real 'ÿ').
// The file states no publication date. Samples: shared/data/raw/us_isn (2014 legacy, 2016).
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId, sha1, slug } from '../model/ids.js';
import { cleanText, parseDate, toCountryCode } from '../model/values.js';
import { AUTHORITY } from './authorities.js';
import { csvRows, groupByKey, twoPassProgress, type Pass } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const COLUMNS = {
  program: 'Programs',
  name: 'Name',
  aliases: 'Alternative Names',
  address: 'Address',
  country: 'Country',
  notice: 'Federal Register Notice',
  effective: 'Effective Date',
  lifted: 'Date Lifted/Waived/Expired',
  remarks: 'Remarks/Notes',
  link: 'Web Link',
} as const;

const REQUIRED_COLUMNS = [COLUMNS.program, COLUMNS.name, COLUMNS.notice, COLUMNS.effective];

type Column = (typeof COLUMNS)[keyof typeof COLUMNS];

interface IsnRow {
  line: number;
  get(column: Column): string | null;
  /** The party's name with aliases and a trailing "(Country)" taken out. */
  name: ParsedName;
}

interface ParsedName {
  name: string;
  aliases: string[];
  country: string | null;
}

// Aliases written into the name: "X [also known as: A; B]", "X (aka A)", "X AKA: A".
const NAME_ALIASES = [/\s*\[(?:also known? as|aka):?\s*([^\]]*)\]?/iu, /\s*\((?:aka|a\.k\.a\.)\s+([^)]*)\)/iu, /\s+AKA:\s*(.+)$/u];
const TRAILING_BRACKET = /\s*\(([^()]+)\)$/u;

function splitAliases(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((alias) => alias.trim().replace(/^and\s+/iu, '').replace(/^"|"$/gu, ''))
    .filter(Boolean);
}

/** "Karl Lee (China) [also known as: Li Fang Wei]" → Karl Lee, alias Li Fang Wei, country cn. */
export function parseName(raw: string): ParsedName {
  let name = raw;
  const aliases: string[] = [];
  for (const pattern of NAME_ALIASES) {
    const match = pattern.exec(name);
    if (!match) continue;
    aliases.push(...splitAliases(match[1], /;/u));
    name = (name.slice(0, match.index) + name.slice(match.index + match[0].length)).trim();
  }
  // The legacy table adds the country in brackets to some rows of a party, not to others.
  const bracket = TRAILING_BRACKET.exec(name);
  const country = bracket ? toCountryCode(bracket[1]) : null;
  if (bracket && country) name = name.slice(0, bracket.index).trim();
  return { name, aliases, country };
}

// Whether a name is a person: the table does not say, and holds both. A name counts as a person
// only on clear evidence, else it stays LegalEntity:
// 1. a rank or honorific in front ("Brigadier General Qasem Soleimani", "Mr. Karl Lee");
// 2. OFAC's "SURNAME, Given" order;
// 3. a name of 2-5 plain words (no acronym, digit or bracket) that also carries a personal-name
//    marker: a common given name first ("Abdul Qadeer Khan"), a Korean hyphenated given name
//    ("Kang Mun-Kil"), a common Chinese surname with a one-word given name ("Chen Qingchang"), or
//    initials ("Q.C. Chen").
// Any organisation word (Company, Bureau, Industries…) rules a person out. Names of Iranian firms
// such as "Ghorb Nooh" or "Omran Sahel" carry no marker and stay LegalEntity, as they should;
// persons whose first name is not in the short list (e.g. "Gotthard Lerch") stay LegalEntity too.
const ORG_WORDS = new Set(
  ('co corp corporation company companies ltd limited inc llc plc sa ag gmbh srl nv bhd sdn pte fzco pjs ssk jsc ' +
    'group industries industry industrial organization organisation institute bureau plant complex center centre bank ' +
    'ministry academy university laboratory laboratories trading trade shipping lines line engineering engineers technology ' +
    'technologies technic technique tech electronics electronic international services holding force forces corps army navy ' +
    'government committee commission department office directorate administration development export import enterprise ' +
    'factory association network agency airfreight freight marine maritime energy cement chemical chemicals chemie metallurgy ' +
    'equipment machinery research scientific construction headquarters logistics investment investments fund exchange ' +
    'consultant consultants partnership systems works design aerospace aviation airlines republic national state')
    .split(' '),
);
const RANK = /^(?:mr|mrs|ms|dr|general|gen|brigadier|brig|colonel|col|major|admiral|vice admiral|rear admiral|lieutenant|lt|captain|capt)\.?\s/iu;
const SURNAME_FIRST = /^[A-Z][A-Z' -]+, [A-Z][a-z]/u;
const KOREAN_NAME = /^[A-Z][a-z]{0,3} [A-Z][a-z']*-[A-Za-z][a-z']*$/u;
const INITIALS = /(?:^|\s)(?:[A-Z]\.){1,3}(?:\s|$)/u;
const PLAIN_WORD = /^(?:[A-Z][a-z']+(?:-[A-Za-z][a-z']+)?|(?:[A-Z]\.){1,3}|al|bin|ibn|ud|el|de|di|van|von)$/u;
const GIVEN_NAMES = new Set(
  ('abdul abdullah ahmad ahmed ali amir amr ayman farid hamid hassan hasan hossein hosein hussein ibrahim ismail jafar javad ' +
    'kamal karim khalid mahmoud mehdi mehrdad milad mohammad mohammed mohamed muhammad mohsen mostafa mustafa naser nasser ' +
    'omar parviz qasem rahim reza saeed said salim selim seyed sayed shah yahya yousef yusuf ' +
    'aleksandr alexander alexey alexei anatoliy andrei boris dmitry igor ivan mikhail nikolai oleg pavel petr sergei sergey ' +
    'vladimir viktor yuri alberto antonio carlos daniel david franz georg george gerhard hans jack jakob james jan john joseph ' +
    'josef juan karl luciano luis manfred marco mark martin michael paul peter richard robert stefan thomas william wolfgang')
    .split(' '),
);
const CHINESE_SURNAMES = new Set(
  ('li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao liang zheng xie song tang han feng ' +
    'deng cao peng zeng xiao tian dong pan yuan jiang cai yu du ye cheng wei su lu ding ren shen yao jin fu liao shao qin')
    .split(' '),
);

export function isClearlyPerson(name: string): boolean {
  const words = name.split(/\s+/u);
  if (words.some((w) => ORG_WORDS.has(w.toLowerCase().replace(/[.,]/gu, '')))) return false;
  if (RANK.test(name) || SURNAME_FIRST.test(name)) return true;
  if (words.length < 2 || words.length > 5 || !words.every((w) => PLAIN_WORD.test(w))) return false;
  if (GIVEN_NAMES.has(words[0].toLowerCase().split('-')[0])) return true;
  if (KOREAN_NAME.test(name) || INITIALS.test(name)) return true;
  return words.length === 2 && CHINESE_SURNAMES.has(words[0].toLowerCase()) && /^[A-Z][a-z]+$/u.test(words[1]);
}

function headerColumns(fields: string[], file: string, line: number): Map<string, number> {
  const columns = new Map(fields.map((name, i) => [name.trim().replace(/^\ufeff/u, ''), i]));
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    throw new ImportError(`not an ISN nonproliferation sanctions table: missing column ${missing.map((c) => `'${c}'`).join(', ')}`, { file, line, field: missing[0] });
  }
  return columns;
}

async function* isnRows(file: string, ctx: ReadContext, pass: Pass): AsyncGenerator<IsnRow> {
  const name = basename(file);
  let columns: Map<string, number> | null = null;
  let legacy = false;
  for await (const row of csvRows(file, { encoding: 'auto', onBytes: twoPassProgress(file, ctx, pass) })) {
    if (!columns) {
      columns = headerColumns(row.fields, name, row.line);
      legacy = !columns.has('Source List');
      continue;
    }
    if (row.fields.length !== columns.size) throw new ImportError(`row has ${row.fields.length} fields, the header ${columns.size}`, { file: name, line: row.line });
    const cells = legacy ? row.fields.map((f) => f.replace(/\u00ff/gu, ' ')) : row.fields;
    const get = (column: Column) => {
      const i = columns!.get(column);
      return i === undefined ? null : cleanText(cells[i]);
    };
    const raw = get(COLUMNS.name);
    if (!raw) throw new ImportError('row without a name', { file: name, line: row.line, field: COLUMNS.name });
    yield { line: row.line, get, name: parseName(raw) };
  }
  if (!columns) throw new ImportError('empty file: no header line', { file: name, line: 1 });
}

/** The party a row is about: its name, case, spacing and punctuation aside ("Yahya Rahim-Safavi"). */
function subjectKey(row: IsnRow): string {
  return slug(row.name.name) || row.name.name;
}

/** One listing: a statute under one Federal Register notice (or, without one, an effective date). */
function sanctionKey(row: IsnRow): string {
  const listing = [row.get(COLUMNS.program), row.get(COLUMNS.notice) ?? row.get(COLUMNS.effective)].filter(Boolean).join(' ');
  const text = slug(listing);
  return text.length <= 48 ? text : sha1(listing).slice(0, 12);
}

/** An MM/DD/YYYY date as ISO; text that is not one date is kept as written (it lands in notes). */
function usDate(text: string | null): string | null {
  return text ? (parseDate(text, 'MDY') ?? text) : null;
}

function sanctionOf(subjectId: string, row: IsnRow): SourceEntity {
  const effective = usDate(row.get(COLUMNS.effective));
  return sanctionEntity(
    subjectId,
    {
      authority: AUTHORITY.US_STATE,
      program: row.get(COLUMNS.program),
      listingDate: effective,
      startDate: effective,
      endDate: usDate(row.get(COLUMNS.lifted)),
      authorityId: row.get(COLUMNS.notice),
      reason: row.get(COLUMNS.remarks),
      sourceUrl: row.get(COLUMNS.link),
    },
    sanctionKey(row),
  );
}

function addAliases(b: EntityBuilder, text: string | null): void {
  for (const alias of splitAliases(text ?? '', /,\s+/u)) {
    const formerly = /^F\.K\.A\.\s*(.+)$/iu.exec(alias);
    if (formerly) b.add('previousName', formerly[1]);
    else b.add('alias', alias);
  }
}

function* groupEntities(rows: IsnRow[], ctx: ReadContext, file: string): Generator<SourceEntity> {
  const id = entityId(ctx.dataset, subjectKey(rows[0]));
  const b = new EntityBuilder(id, isClearlyPerson(rows[0].name.name) ? 'Person' : 'LegalEntity');
  const sanctions = new Map<string, { line: number; entity: SourceEntity }>();
  for (const row of rows) {
    b.add('name', row.name.name);
    b.add('alias', row.name.aliases);
    addAliases(b, row.get(COLUMNS.aliases));
    b.add('country', [row.get(COLUMNS.country), row.name.country]);
    b.add('address', row.get(COLUMNS.address));
    const key = sanctionKey(row);
    const earlier = sanctions.get(key);
    if (earlier) ctx.warn({ file, line: row.line, message: `same programme and notice as line ${earlier.line} for '${row.name.name}'; the first is kept` });
    else sanctions.set(key, { line: row.line, entity: sanctionOf(id, row) });
  }
  b.add('topics', 'sanction');
  yield b.build();
  for (const { entity } of sanctions.values()) yield entity;
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  if (ctx.files.length !== 1) throw new ImportError(`the ISN table is one CSV file; got ${ctx.files.length}`, { file: ctx.files.map((f) => basename(f)).join(', ') });
  const file = ctx.files[0];
  for await (const rows of groupByKey((pass) => isnRows(file, ctx, pass), subjectKey)) yield* groupEntities(rows, ctx, basename(file));
}

export const usIsnCsvFormat: ListFormat = {
  name: 'us_isn_csv',
  dataset: 'us_state_isn',
  title: 'US State Department Nonproliferation Sanctions (ISN), ITA CSV',
  spec: 'ITA webservices data/screening_lists/isn/isn.csv, 2016 and 2014 legacy layouts; samples in shared/data/raw/us_isn',
  detect(_names, head) {
    const first = head.toString('latin1').split(/\r?\n/u)[0].replace(/^\ufeff/u, '');
    const columns = first.split(',').map((c) => c.trim().replace(/^"|"$/gu, ''));
    return REQUIRED_COLUMNS.every((c) => columns.includes(c));
  },
  read,
};
