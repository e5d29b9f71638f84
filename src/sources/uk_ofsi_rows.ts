// The OFSI Consolidated List's rows → entities, shared by the CSV and XLSX readers (the same
// columns in both). One party is a "Group ID" spread over several rows: one per name (primary
// name, AKAs, FKAs) that repeat the party's other details. Layouts: the pre-2022 29 columns
// and the 2022 36 columns (non-Latin names, passport/NI numbers, alias quality).
import { EntityBuilder, sanctionEntity, type SourceEntity } from '../model/entity.js';
import { entityId } from '../model/ids.js';
import { cleanText, parseDate } from '../model/values.js';
import { languageOf } from '../text/script.js';
import { AUTHORITY } from './authorities.js';
import { ImportError } from './types.js';

export const REQUIRED_COLUMNS = ['Name 6', 'Group Type', 'Group ID'];
const SCHEMA_BY_GROUP_TYPE: Record<string, string> = { individual: 'Person', entity: 'Organization', ship: 'Vessel' };
const SOURCE_URL = 'https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets';

export interface UkRow {
  get(column: string): string | null;
  line: number;
}

/** "Last Updated,27/04/2020" → ISO date. */
export function lastUpdated(cells: (string | null)[]): string | null {
  if (!/^last updated/iu.test(cells[0] ?? '')) return null;
  return ukDate(cells[1] ?? null) ?? ukDate((cells[0] ?? '').replace(/^last updated\s*/iu, ''));
}

/** "00/00/1954" → 1954, "00/08/1954" → 1954-08, "30/08/1954" → 1954-08-30 (00 = not known). */
export function ukDate(raw: string | null): string | null {
  const text = cleanText(raw);
  if (!text) return null;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/u.exec(text);
  if (m) {
    if (m[2] === '00') return m[3];
    if (m[1] === '00') return `${m[3]}-${m[2]}`;
  }
  return parseDate(text, 'DMY');
}

/** "1) Saudi Arabia 2) Qatar" → ['Saudi Arabia', 'Qatar']. */
function numbered(raw: string | null): string[] {
  const text = cleanText(raw);
  if (!text) return [];
  return text
    .split(/\s*\(?\b\d{1,2}\)\s*/u)
    .map((p) => p.replace(/[.,;]$/u, '').trim())
    .filter(Boolean);
}

function fullName(row: UkRow, schema: string): string | null {
  const parts = ['Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5', 'Name 6'].map((c) => row.get(c)).filter((p): p is string => p !== null);
  if (schema !== 'Person') return row.get('Name 6') ?? (parts.join(' ') || null);
  return parts.join(' ') || null;
}

function nameProp(aliasType: string, quality: string): string {
  if (/primary/iu.test(aliasType)) return 'name';
  if (/fka|former/iu.test(aliasType)) return 'previousName';
  if (/low/iu.test(quality)) return 'weakAlias';
  return 'alias';
}

/** Turn all rows of one Group ID into the party and its listing. */
export function groupEntities(rows: UkRow[], dataset: string, file: string): SourceEntity[] {
  const first = rows[0];
  const groupId = first.get('Group ID')!;
  const groupType = (first.get('Group Type') ?? '').toLowerCase();
  const schema = SCHEMA_BY_GROUP_TYPE[groupType];
  if (!schema) throw new ImportError(`unknown Group Type '${first.get('Group Type')}'`, { file, line: first.line, field: 'Group Type' });
  const id = entityId(dataset, groupId);
  const b = new EntityBuilder(id, schema);
  const primaries = rows.filter((r) => /primary/iu.test(r.get('Alias Type') ?? ''));
  // A group without a row marked primary still has a name: its first row's.
  for (const row of primaries.length ? [...primaries, ...rows.filter((r) => !primaries.includes(r))] : rows) {
    const name = fullName(row, schema);
    if (!name) throw new ImportError('row without a name', { file, line: row.line, field: 'Name 6' });
    const prop = primaries.length === 0 && row === rows[0] ? 'name' : nameProp(row.get('Alias Type') ?? '', row.get('Alias Quality') ?? '');
    b.add(prop, name, { lang: languageOf(name) });
    const nonLatin = row.get('Name Non-Latin Script');
    if (nonLatin) b.add('alias', nonLatin, { lang: languageOf(nonLatin) });
  }
  const reasons: string[] = [];
  let ukRef: string | null = null;
  for (const row of rows) {
    if (schema === 'Person') {
      b.add('title', row.get('Title'));
      const dob = ukDate(row.get('DOB'));
      if (dob) b.add('birthDate', dob, { original: row.get('DOB') });
      b.add('birthPlace', [row.get('Town of Birth'), row.get('Country of Birth')].filter(Boolean).join(', ') || null);
      b.add('nationality', numbered(row.get('Nationality')));
      b.add('passportNumber', row.get('Passport Number'));
      b.add('idNumber', row.get('National Identification Number'));
      b.add('position', numbered(row.get('Position')));
    }
    for (const detail of ['Passport Details', 'NI Number', 'National Identification Details', 'NI Details']) {
      if (row.get(detail)) b.add('notes', `${detail}: ${row.get(detail)}`);
    }
    const address = ['Address 1', 'Address 2', 'Address 3', 'Address 4', 'Address 5', 'Address 6', 'Post/Zip Code', 'Country']
      .map((c) => row.get(c))
      .filter(Boolean)
      .join(', ');
    b.add('address', address || null);
    b.add('country', row.get('Country'));
    const info = row.get('Other Information');
    if (info) {
      ukRef ??= /\(UK Sanctions List Ref\):\s*([A-Z]{2,4}\d{3,5})/u.exec(info)?.[1] ?? null;
      const reason = /\(UK Statement of Reasons\):\s*(.+?)(?=\s\([A-Z][\w ]+\):|$)/u.exec(info)?.[1];
      if (reason) reasons.push(reason);
      b.add('notes', info);
    }
  }
  b.add('sourceUrl', SOURCE_URL);
  b.add('topics', 'sanction');
  const sanction = sanctionEntity(id, {
    authority: AUTHORITY.UK,
    program: first.get('Regime'),
    listingDate: ukDate(first.get('Listed On')),
    startDate: ukDate(first.get('UK Sanctions List Date Designated')) ?? ukDate(first.get('Listed On')),
    reason: reasons[0] ?? null,
    authorityId: ukRef ? `${ukRef} (Group ID ${groupId})` : `Group ID ${groupId}`,
    sourceUrl: SOURCE_URL,
  });
  return [b.build(), sanction];
}

/** Rows grouped by Group ID, in order of first appearance; returns the entities. */
export class GroupCollector {
  private readonly groups = new Map<string, UkRow[]>();

  constructor(private readonly file: string) {}

  add(row: UkRow): void {
    const group = row.get('Group ID');
    if (!group) throw new ImportError('row without a Group ID', { file: this.file, line: row.line, field: 'Group ID' });
    const rows = this.groups.get(group);
    if (rows) rows.push(row);
    else this.groups.set(group, [row]);
  }

  *entities(dataset: string): Generator<SourceEntity> {
    for (const rows of this.groups.values()) yield* groupEntities(rows, dataset, this.file);
  }
}

/** A header row → a lookup of its column positions; names the missing required column. */
export function headerIndex(header: (string | null)[], file: string, line: number): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const clean = cleanText(name);
    if (clean) index.set(clean, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length) throw new ImportError(`not an OFSI Consolidated List: missing column(s) ${missing.join(', ')}`, { file, line });
  return index;
}
