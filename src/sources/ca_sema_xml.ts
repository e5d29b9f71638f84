// Canada's Consolidated Special Economic Measures Act (SEMA) list, the official
// `<data-set><record>` XML (sema-lmes.xml), in both layouts seen in real copies:
// - current (2025-05-25 sample): Country, LastName, GivenName, EntityOrShip, TitleOrShip, Aliases,
//   DateOfBirthOrShipBuildDate, ShipIMONumber, Schedule, Item, DateOfListing;
// - 2020 (2020-04 sample): Entity, Title and DateOfBirth instead, and no DateOfListing.
// `Country` is the bilingual regime label ("Belarus / Bélarus", "Venezuela " with a stray space).
// The file states no publication date, and the latest DateOfListing is not one: none is set.
//
// Ids: regime + Schedule + Item, which the list never repeats. Between the two samples the items
// kept their numbers but Canada relabelled most schedules (Ukraine "1" became "Part 1", Iran "1"
// became "1, Part 1"), so ids of 2020 records differ from those of the same records in 2025.
import { basename } from 'node:path';
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { cleanText } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { text, xmlRecords, type XmlNode } from './io.js';
import { ImportError, type ListFormat, type ReadContext } from './types.js';

const ROOT = 'data-set';
const SOURCE_URL = 'https://www.international.gc.ca/world-monde/international_relations-relations_internationales/sanctions/consolidated-consolide.aspx';
const KNOWN_FIELDS = new Set([
  'Country', 'LastName', 'GivenName', 'EntityOrShip', 'Entity', 'TitleOrShip', 'Title', 'Aliases',
  'DateOfBirthOrShipBuildDate', 'DateOfBirth', 'ShipIMONumber', 'Schedule', 'Item', 'DateOfListing',
]);
// Ship types the list writes in TitleOrShip ("Oil Tanker", "Ro-Ro Cargo", "FSO Gas Unit").
const SHIP_TYPE = /\b(?:tanker|cargo|vessel|ship|carrier|bulker|tug|ferry|FSO|FPSO)\b/iu;

// ---- Aliases -------------------------------------------------------------------------------
//
// The Aliases cell is free text. The rule, from the 2,976 cells of both samples:
// 1. Language labels ("Belarusian:", "Russian :", "Arabic:") start a new group and give the
//    language of the Cyrillic or Arabic names after them.
// 2. ";" always separates names.
// 3. "," separates names, except where the comma is part of a name: before or after a bare legal
//    form ("Банк Зенит, ПАО", "ОАО, БЭТО", "SSC RF Trinity, JSC"), before a lower-case Cyrillic
//    word ("Министерство образования, науки и молодежи…"), and inside brackets.
// 4. "/" and " or " (for people also " and ") separate alternatives of one name. For people a
//    one-word alternative stands for one word of the full name beside it: "Katsiaryna or Katerina
//    Smuschkovich" gives both full names, "Алексей Александров or Фролов" gives "Алексей Фролов".
// 5. A name in Latin script followed by one in Arabic, Hebrew or Chinese script without a
//    separator is two names; the English word " and " between Cyrillic names separates them.
// 6. "Баранов, Олег Анатольевич" (surname, given name and patronymic) is one name.
// A person's one-word name that is left (a nickname, "Givi"; a spelling of one part, "PASHENKO")
// is a weak alias. Organisations' one-word names (acronyms: "IRGC", "BSZ") are aliases.

export interface CaAlias {
  name: string;
  lang: string | null;
  weak: boolean;
  /** The name as typed, when Latin look-alike letters were replaced in it. */
  original: string | null;
}

const LANGUAGE_LABEL = /\(?\b(Belarussian|Belarusian|Russian|Ukrainian|Arabic|Hebrew|Chinese|Persian|Farsi)\s*:/giu;
const LABEL_LANGUAGES: Record<string, string> = {
  belarussian: 'bel', belarusian: 'bel', russian: 'rus', ukrainian: 'ukr', arabic: 'ara', hebrew: 'heb', chinese: 'zho', persian: 'fas', farsi: 'fas',
};
const LEGAL_FORM = /^(?:ООО|ОАО|ЗАО|ПАО|АО|AО|AO|АП|МК|САО|ФГУП|ФКП|FSUE|JSC|OJSC|PJSC|CJSC|LLC|Ltd\.?|Limited|Inc\.?|Corp\.?|Co\.?|Pte\.?|S\.A\.?|GmbH|PLC)$/iu;
// Abbreviations of Belarusian legal forms (Russian writes ОАО/ООО, Ukrainian ВАТ/ТОВ).
const BELARUSIAN_FORM = /(?:^|[\s«"“])(?:ААТ|ТАА)(?=[\s«"“]|$)/u;
// "Баранов, Олег Анатольевич": a surname, then given name and patronymic.
const INVERTED_NAME = /^(\S+),\s+(\S+\s+\S+(?:vich|vna|вич|вна|ична|ич))$/iu;
const NON_LATIN_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Han}]/u;

function words(name: string): string[] {
  return name.split(/\s+/u).filter(Boolean);
}

/** Cut the cell at language labels: [text, label language or null]. */
function labelledGroups(cell: string): [string, string | null][] {
  const groups: [string, string | null][] = [];
  let start = 0;
  let lang: string | null = null;
  for (const match of cell.matchAll(LANGUAGE_LABEL)) {
    groups.push([cell.slice(start, match.index), lang]);
    lang = LABEL_LANGUAGES[match[1].toLowerCase()];
    start = match.index + match[0].length;
  }
  groups.push([cell.slice(start), lang]);
  return groups;
}

/** Split at commas that separate names (rule 3). */
function splitCommas(piece: string): string[] {
  const parts = piece.split(/\s*,\s*/u);
  const out: string[] = [];
  let current = '';
  parts.forEach((part, i) => {
    const unclosed = (current.match(/\(/gu)?.length ?? 0) > (current.match(/\)/gu)?.length ?? 0) && parts.slice(i).some((p) => p.includes(')'));
    const joins = current !== '' && (LEGAL_FORM.test(part) || LEGAL_FORM.test(current) || /^[а-яё]/u.test(part) || unclosed);
    if (joins) current = `${current}, ${part}`;
    else {
      if (current) out.push(current);
      current = part;
    }
  });
  if (current) out.push(current);
  return out;
}

/** A Latin name run into an Arabic/Hebrew/Chinese one becomes two (rule 5). */
function splitScripts(part: string): string[] {
  const out: string[][] = [];
  let previous: boolean | null = null;
  for (const word of words(part)) {
    const nonLatin: boolean | null = NON_LATIN_SCRIPT.test(word) ? true : /\p{Script=Latin}/u.test(word) ? false : previous;
    if (out.length === 0 || (nonLatin !== previous && previous !== null && nonLatin !== null)) out.push([]);
    out[out.length - 1].push(word);
    previous = nonLatin;
  }
  return out.map((w) => w.join(' '));
}

/** People: one-word alternatives take the place of a word in the full name beside them (rule 4). */
function expandAlternatives(alternatives: string[]): string[] {
  const isFull = (a: string) => words(a).length > 1;
  if (!alternatives.some(isFull)) return alternatives;
  return alternatives.map((alt, i) => {
    if (isFull(alt)) return alt;
    const next = alternatives.slice(i + 1).find(isFull);
    if (next) return [alt, ...words(next).slice(1)].join(' ');
    const previous = alternatives.slice(0, i).reverse().find(isFull)!;
    return [...words(previous).slice(0, -1), alt].join(' ');
  });
}

/** Stray brackets, quotes and list punctuation left at the ends of a name. */
function tidy(name: string): string | null {
  let out = name.replace(/\bAKA\b/gu, ' ').replace(/^[\s,;:.]+|[\s,;:]+$/gu, '');
  if (/^\([^()]*\)$/u.test(out)) out = out.slice(1, -1);
  if (out.startsWith('(') && !out.includes(')')) out = out.slice(1);
  if (out.endsWith(')') && !out.includes('(')) out = out.slice(0, -1);
  if (/^["“”]/u.test(out) && !/["“”].*["“”]/u.test(out)) out = out.slice(1);
  out = cleanText(out) ?? '';
  return /\p{L}/u.test(out) ? out : null;
}

// Latin letters typed for their Cyrillic look-alikes ("Вiталiй", "Pаїса", "MЦCT").
const HOMOGLYPHS: Record<string, string> = {
  A: 'А', a: 'а', B: 'В', C: 'С', c: 'с', E: 'Е', e: 'е', H: 'Н', I: 'І', i: 'і', K: 'К', M: 'М',
  O: 'О', o: 'о', P: 'Р', p: 'р', T: 'Т', X: 'Х', x: 'х', y: 'у',
};
const LATIN_RUN = /\p{Script=Latin}+/gu;

/**
 * Cyrillic text with Latin look-alike letters in it, written in Cyrillic only. Inside a word
 * that has Cyrillic letters every look-alike is replaced; a Latin word made only of look-alikes
 * ("АO", "c") is replaced when no other Latin word in the name is a real one ("SPARC").
 */
export function repairCyrillic(name: string): string {
  if (!/\p{Script=Cyrillic}/u.test(name)) return name;
  const swap = (run: string) => [...run].map((ch) => HOMOGLYPHS[ch] ?? ch).join('');
  const lookAlikesOnly = (run: string) => [...run].every((ch) => HOMOGLYPHS[ch]);
  const allLookAlikes = (name.match(LATIN_RUN) ?? []).every(lookAlikesOnly);
  return name.replace(/[\p{Script=Latin}\p{Script=Cyrillic}]+/gu, (word) => {
    const latin = word.match(LATIN_RUN)?.join('') ?? '';
    if (!latin || !lookAlikesOnly(latin)) return word;
    const inCyrillicWord = latin !== word;
    return inCyrillicWord || allLookAlikes ? swap(word) : word;
  });
}

/** ISO 639-3 language of a non-Latin alias: letters that prove it, else the list's label, else a guess. */
export function aliasLanguage(name: string, label: string | null): string | null {
  const guess = languageOf(name);
  if (guess === null) return null;
  const cyrillic = guess === 'rus' || guess === 'bel' || guess === 'ukr';
  if (!cyrillic) return guess;
  if (/[ўЎ]/u.test(name)) return 'bel';
  if (/[їЇєЄґҐ]/u.test(name)) return 'ukr';
  // Russian has no "і": a name with it is not Russian, whatever the label says.
  if (label === 'bel' || label === 'ukr' || (label === 'rus' && !/[іІ]/u.test(name))) return label;
  if (BELARUSIAN_FORM.test(name)) return 'bel';
  return guess;
}

/** Separators of alternatives (rule 4): people's names never contain "and", nor do Cyrillic ones the English word. */
function alternativesSeparator(run: string, isPerson: boolean): RegExp {
  return isPerson || /\p{Script=Cyrillic}/u.test(run) ? /\s*\/\s*|\s+(?:or|and)\s+/iu : /\s*\/\s*|\s+or\s+/iu;
}

/** The names in one ";"-separated piece of the cell (rules 3 to 6). */
function namesInPiece(piece: string, isPerson: boolean): string[] {
  const inverted = isPerson ? INVERTED_NAME.exec(piece) : null;
  const parts = inverted ? [`${inverted[2]} ${inverted[1]}`] : splitCommas(piece);
  const names = parts.flatMap(splitScripts).flatMap((run) => {
    const alternatives = run
      .split(alternativesSeparator(run, isPerson))
      .map(tidy)
      .filter((n): n is string => n !== null);
    return isPerson ? expandAlternatives(alternatives) : alternatives;
  });
  // "НПО Лавочкина, АО or Акционерное Общество …": the legal form belongs to the name before it.
  return names.reduce<string[]>((out, name) => {
    if (LEGAL_FORM.test(name) && out.length > 0) out[out.length - 1] += `, ${name}`;
    else out.push(name);
    return out;
  }, []);
}

/** The names in an Aliases cell, each with its language and whether it is a weak alias. */
export function splitAliases(cell: string | null, isPerson: boolean): CaAlias[] {
  const text = cleanText(cell)?.replace(/,\s*(or|and)\s+/giu, ' $1 ') ?? '';
  return labelledGroups(text).flatMap(([group, label]) =>
    group
      .split(/\s*;\s*/u)
      .flatMap((piece) => namesInPiece(piece, isPerson))
      .map((typed) => {
        const name = repairCyrillic(typed);
        return { name, lang: aliasLanguage(name, label), weak: isPerson && words(name).length === 1, original: name !== typed ? typed : null };
      }),
  );
}

// ---- Records -------------------------------------------------------------------------------

/** The English half of a bilingual label ("Belarus / Bélarus" → "Belarus"). */
function englishPart(label: string | null): string | null {
  return cleanText(label?.split(/\s*\/\s*/u)[0]);
}

/** Schedule as a key part: spacing made uniform ("1,Part 3" = "1, Part 3"), "N/A" = none. */
function scheduleKey(raw: string | null): string | null {
  const schedule = cleanText(raw)?.replace(/\s*,\s*/gu, ', ');
  return schedule && !/^n\/?a$/iu.test(schedule) ? schedule : null;
}

/** Birth or build dates; "1963-1964" is a span of years, which FtM dates cannot express. */
function dates(raw: string | null): string[] {
  const span = /^(\d{4})\s*-\s*(\d{4})$/u.exec(raw ?? '');
  if (span && +span[2] > +span[1] && +span[2] - +span[1] < 10) {
    return Array.from({ length: +span[2] - +span[1] + 1 }, (_, i) => String(+span[1] + i));
  }
  return raw ? [raw] : [];
}

function schemaOf(record: XmlNode): 'Person' | 'Vessel' | 'Organization' {
  if (text(record, 'LastName') || text(record, 'GivenName')) return 'Person';
  if (text(record, 'ShipIMONumber') || SHIP_TYPE.test(text(record, 'TitleOrShip') ?? '')) return 'Vessel';
  return 'Organization';
}

function build(record: XmlNode, id: string, regime: string, schedule: string | null, item: string, file: string): SourceEntity[] {
  const schema = schemaOf(record);
  const last = text(record, 'LastName');
  const given = text(record, 'GivenName');
  const name = schema === 'Person' ? [given, last].filter(Boolean).join(' ') : (text(record, 'EntityOrShip') ?? text(record, 'Entity'));
  if (!name) throw new ImportError('record without a name', { file, line: record.line, field: 'EntityOrShip' });
  const title = text(record, 'TitleOrShip') ?? text(record, 'Title');
  const born = dates(text(record, 'DateOfBirthOrShipBuildDate') ?? text(record, 'DateOfBirth'));
  const b = new EntityBuilder(id, schema);
  b.add('name', repairCyrillic(name), { lang: languageOf(name) });
  if (schema === 'Person') {
    b.add('lastName', last).add('firstName', given).add('birthDate', born);
    b.add('title', englishPart(title));
  } else if (schema === 'Vessel') {
    b.add('imoNumber', text(record, 'ShipIMONumber')).add('type', title).add('buildDate', born);
  } else {
    b.add('notes', title);
  }
  for (const alias of splitAliases(text(record, 'Aliases'), schema === 'Person')) {
    b.add(alias.weak ? 'weakAlias' : 'alias', alias.name, { lang: alias.lang, original: alias.original });
  }
  b.add('topics', 'sanction');
  const provisions = schedule ? `Schedule ${schedule}` : null;
  const sanction = sanctionEntity(id, {
    authority: AUTHORITY.CANADA,
    program: regime,
    provisions,
    listingDate: text(record, 'DateOfListing'),
    authorityId: [regime, provisions, `item ${item}`].filter(Boolean).join(', '),
    sourceUrl: SOURCE_URL,
  });
  return [b.build(), sanction];
}

async function* read(ctx: ReadContext): AsyncGenerator<SourceEntity> {
  const file = basename(ctx.files[0]);
  let root: string | null = null;
  const onOpen = (name: string, _attrs: Record<string, string>, line: number) => {
    if (root !== null) return;
    root = name;
    if (name !== ROOT) throw new ImportError(`not a SEMA list: root element <${name}>, expected <${ROOT}>`, { file, line });
  };
  const seen = new Set<string>();
  const unknownFields = new Set<string>();
  for await (const record of xmlRecords(ctx.files[0], ['record'], { onBytes: ctx.progress, onOpen })) {
    for (const field of record.children) {
      if (KNOWN_FIELDS.has(field.name) || unknownFields.has(field.name)) continue;
      unknownFields.add(field.name);
      ctx.warn({ file, line: field.line, field: field.name, message: `unknown element <${field.name}> ignored (new layout?)` });
    }
    const regime = englishPart(text(record, 'Country'));
    if (!regime) throw new ImportError('record without a regime', { file, line: record.line, field: 'Country' });
    const item = text(record, 'Item');
    if (!item) throw new ImportError('record without an item number', { file, line: record.line, field: 'Item' });
    const schedule = scheduleKey(text(record, 'Schedule'));
    const id = entityId(ctx.dataset, regime, schedule, item);
    if (seen.has(id)) {
      ctx.warn({ file, line: record.line, field: 'Item', message: `${regime}, schedule ${schedule ?? '-'}, item ${item} appears again; the first record is kept` });
      continue;
    }
    seen.add(id);
    yield* build(record, id, regime, schedule, item, file);
  }
  if (seen.size === 0) throw new ImportError('no <record> elements: not a SEMA list', { file });
}

export const caSemaXmlFormat: ListFormat = {
  name: 'ca_sema_xml',
  dataset: 'ca_sema',
  title: 'Canada Consolidated Autonomous Sanctions List (SEMA), XML',
  spec: 'Global Affairs Canada sema-lmes.xml; real samples of 2020-04 (Entity/Title layout) and 2025-05-25 (EntityOrShip layout)',
  detect(_names, head) {
    const t = head.toString('utf8');
    return /<data-set[\s>]/u.test(t) && /<record>/u.test(t) && /<Country>/u.test(t) && /<Item>/u.test(t);
  },
  read,
};
