// A source entity as an importer produces it: an FtM schema and a list of property statements.
// The builder checks every property against the FtM model and cleans values by their FtM type,
// so no importer can write a property FtM does not know.
import { commonSchema, getSchema, propertyType } from './ftm.js';
import { cleanText, parseDates, toCountryCode } from './values.js';

/** One property value of one entity, as read from a source. */
export interface PropStatement {
  prop: string;
  value: string;
  /** ISO 639-3 language or script hint of the value ("rus", "bel", "zho"), when the source gives it. */
  lang?: string | null;
  /** The value exactly as the source wrote it, when cleaning changed it (dates, countries). */
  original?: string | null;
}

export interface SourceEntity {
  id: string;
  schema: string;
  statements: PropStatement[];
}

export interface AddOptions {
  lang?: string | null;
  /** Keep the source value as the original even when it was not changed by cleaning. */
  original?: string | null;
}

export class EntityBuilder {
  private readonly statements: PropStatement[] = [];
  private readonly seen = new Set<string>();

  constructor(
    readonly id: string,
    public schema: string,
  ) {
    getSchema(schema);
  }

  /**
   * Add one or more values of `prop`. Empty values are skipped. Dates must be ISO or
   * unambiguous (US "MM/DD/YYYY" lists parse them first with parseDate(.., 'MDY')); countries
   * are names or codes. A value of a type that does not clean (a date that is no date) is
   * kept in the entity's notes with its property name rather than lost.
   */
  add(prop: string, value: string | null | undefined | (string | null | undefined)[], opts: AddOptions = {}): this {
    if (Array.isArray(value)) {
      for (const v of value) this.add(prop, v, opts);
      return this;
    }
    const type = propertyType(this.schema, prop);
    if (type === null) throw new Error(`property '${prop}' is not in FtM schema '${this.schema}'`);
    const text = cleanText(value);
    if (text === null) return this;
    let clean: string[] = [text];
    // One cell may hold several dates ("6.3.1955 or 15.3.1955"): each becomes a value.
    if (type === 'date') clean = parseDates(text);
    else if (type === 'country') clean = [toCountryCode(text)].filter((c): c is string => c !== null);
    if (clean.length === 0) {
      if (propertyType(this.schema, 'notes') !== null) this.push({ prop: 'notes', value: `${prop}: ${text}` });
      return this;
    }
    for (const value of clean) {
      const original = opts.original ?? (value !== text ? text : null);
      this.push({ prop, value, lang: opts.lang ?? null, original });
    }
    return this;
  }

  private push(stmt: PropStatement): void {
    const key = `${stmt.prop}\u0000${stmt.value}\u0000${stmt.lang ?? ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.statements.push(stmt);
  }

  has(prop: string): boolean {
    return this.statements.some((s) => s.prop === prop);
  }

  values(prop: string): string[] {
    return this.statements.filter((s) => s.prop === prop).map((s) => s.value);
  }

  first(prop: string): string | null {
    return this.statements.find((s) => s.prop === prop)?.value ?? null;
  }

  /** Narrow the schema (LegalEntity → Company) when later rows of a record tell more. */
  narrow(schema: string): this {
    const common = commonSchema(this.schema, schema);
    if (common === null) throw new Error(`entity ${this.id}: schema ${this.schema} cannot become ${schema}`);
    this.schema = common;
    return this;
  }

  build(): SourceEntity {
    return { id: this.id, schema: this.schema, statements: [...this.statements] };
  }
}

/** The FtM "Sanction" entity that records one listing of `entityId` by an authority. */
export interface SanctionFields {
  authority: string;
  /** One or more programme codes or names. */
  program?: string | string[] | null;
  programId?: string | null;
  listingDate?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  reason?: string | null;
  sourceUrl?: string | null;
  country?: string | null;
  authorityId?: string | null;
  unscId?: string | null;
  provisions?: string | null;
  status?: string | null;
}

export function sanctionEntity(subjectId: string, fields: SanctionFields, key: string = ''): SourceEntity {
  const b = new EntityBuilder(`${subjectId}-sanction${key ? `-${key}` : ''}`, 'Sanction');
  b.add('entity', subjectId);
  for (const [prop, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null) b.add(prop, value);
  }
  return b.build();
}
