// What every list format module provides, and what the import pipeline gives it.
// A format module knows one file layout; nothing outside src/sources knows any file format.
import type { SourceEntity } from '../model/entity.js';

/** Where in an input a problem sits. Every import error and warning names it. */
export interface Where {
  file: string;
  line?: number;
  field?: string;
}

/** A problem that makes the whole import fail (the store stays as it was). */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly where: Where,
  ) {
    super(`${where.file}${where.line !== undefined ? `:${where.line}` : ''}${where.field ? ` [${where.field}]` : ''}: ${message}`);
    this.name = 'ImportError';
  }
}

export interface ImportWarning extends Where {
  message: string;
}

export interface ReadContext {
  /** Input files, in the order the format expects (see ListFormat.files). */
  files: string[];
  /** The dataset the entities go into; entity ids must start with `${dataset}-`. */
  dataset: string;
  /** A recoverable problem (a cut-off last row, a repeated header): reported, not fatal. */
  warn(warning: ImportWarning): void;
  /** The list's own publication date (ISO), when the file states it. */
  setPublished(date: string): void;
  /** Bytes of input consumed so far, for progress bars. */
  progress(bytesRead: number): void;
}

export interface ListFormat {
  /** Format id used on the command line (`--format ofac_sdn_csv`). */
  name: string;
  /** Default dataset (list) the format's files belong to. */
  dataset: string;
  title: string;
  /**
   * True when these files are in this format. `head` is the first 64 KiB of the first file;
   * `names` are the base names of all files (lower case).
   */
  detect(names: string[], head: Buffer): boolean;
  /** Stream the entities of the files. Must throw ImportError for malformed input. */
  read(ctx: ReadContext): AsyncIterable<SourceEntity>;
  /** Sample or spec this module was written against, for `sanctrace sources`. */
  spec: string;
}

/** One change in a delta file (OpenSanctions ADD/MOD/DEL): applied to the previous version. */
export interface DeltaOp {
  op: 'ADD' | 'MOD' | 'DEL';
  /** For DEL only `id` is meaningful. */
  entity: SourceEntity;
}

/**
 * A format whose files describe changes, not a whole list. The pipeline builds the new version
 * from the dataset's latest version with the ops applied.
 */
export interface DeltaFormat extends Omit<ListFormat, 'read'> {
  delta: true;
  readDelta(ctx: ReadContext): AsyncIterable<DeltaOp>;
}

export type AnyFormat = ListFormat | DeltaFormat;

export function isDeltaFormat(format: AnyFormat): format is DeltaFormat {
  return (format as DeltaFormat).delta === true;
}
