// The match index on disk, so that a command or a worker starts in a fraction of a second
// instead of analysing every listed name again. One file per set of list versions and matcher
// code: its name is a hash of both, so a file can never serve a version or a matcher it was not
// built from. Layout: a length-prefixed JSON header, then sections of typed arrays and strings.
// Entities are read in two parts: what the filters need for every candidate (id, schema, list,
// authorities, topics…) at once, and their names and facts only when one is first scored.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { plainEntity, type CandidateName, type EntityKind, type MatchEntity } from './entity.js';
import { BLOCKING_KEYS, MatchIndex, type BlockingKey, type IndexParts, type Postings } from './index.js';

const FORMAT = 1;
// Index files kept per folder: the newest few (an older version may still be in use by a
// server that has not swapped yet); older ones are removed when a new one is written.
const FILES_KEPT = 3;
const SEPARATOR = '\n';

/**
 * A hash of the code that analyses and indexes names (this folder and the text modules it uses,
 * as installed), so that any change to it makes earlier index files unusable.
 */
let fingerprint: string | null = null;
export function matcherFingerprint(): string {
  if (fingerprint) return fingerprint;
  const here = dirname(fileURLToPath(import.meta.url));
  const extension = extname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256').update(String(FORMAT));
  for (const folder of ['match', 'text', 'model']) {
    const path = resolve(here, '..', folder);
    for (const file of readdirSync(path).filter((f) => f.endsWith(extension)).sort()) hash.update(file).update(readFileSync(join(path, file)));
  }
  fingerprint = hash.digest('hex').slice(0, 16);
  return fingerprint;
}

/** What identifies one list version beyond its id: a store made again reuses ids, never import times. */
export interface VersionStamp {
  dataset: string;
  id: number;
  contentHash: string;
  importedAt: string;
}

/** The file name for an index of these list versions (and list filter) under this matcher. */
export function indexFileName(versions: VersionStamp[], datasets?: string[]): string {
  const key = JSON.stringify({ versions: versions.map((v) => [v.dataset, v.id, v.contentHash, v.importedAt]).sort(), datasets: datasets ? [...datasets].sort() : null });
  return `index-${matcherFingerprint()}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.bin`;
}

interface Header {
  format: number;
  matcher: string;
  versions: [string, number][];
  entities: number;
  /** Section name → [offset from the end of the header, byte length]. */
  sections: Record<string, [number, number]>;
}

/** The fields of an entity every candidate needs (filters, the person/organisation gate). */
type Light = [id: string, schema: number, dataset: number, versionId: number, kind: number, authorities: number, topics: number, lastChange: string | null];
/** The rest, read when the entity is first scored or shown. */
interface Details {
  caption: string;
  names: CandidateName[];
  identifiers: string[];
  birthDates: string[];
  countries: string[];
  gender: string | null;
  programs: string[];
  republishedAs: string[];
}
const KINDS: EntityKind[] = ['person', 'organization', 'unknown'];

/** A value's place in a table of distinct values (schemas, lists, sets of authorities…). */
function tableOf<T>(): { table: T[]; place: (value: T, key?: string) => number } {
  const table: T[] = [];
  const places = new Map<string, number>();
  return {
    table,
    place: (value, key = String(value)) => {
      let at = places.get(key);
      if (at === undefined) {
        at = table.length;
        table.push(value);
        places.set(key, at);
      }
      return at;
    },
  };
}

/** An entity read from a file: its filter fields at once, the rest on first use. */
class StoredMatchEntity implements MatchEntity {
  private details: Details | null = null;
  private parsed: { identifiers: Set<string>; countries: Set<string> } | null = null;
  constructor(
    readonly id: string,
    readonly schema: string,
    readonly dataset: string,
    readonly versionId: number,
    readonly kind: EntityKind,
    readonly authorities: string[],
    readonly topics: string[],
    readonly lastChange: string | null,
    private readonly source: () => Buffer,
  ) {}

  private get all(): Details {
    this.details ??= deserialize(this.source()) as Details;
    return this.details;
  }
  private get sets(): { identifiers: Set<string>; countries: Set<string> } {
    this.parsed ??= { identifiers: new Set(this.all.identifiers), countries: new Set(this.all.countries) };
    return this.parsed;
  }
  get caption(): string {
    return this.all.caption;
  }
  get names(): CandidateName[] {
    return this.all.names;
  }
  get identifiers(): Set<string> {
    return this.sets.identifiers;
  }
  get birthDates(): string[] {
    return this.all.birthDates;
  }
  get countries(): Set<string> {
    return this.sets.countries;
  }
  get gender(): string | null {
    return this.all.gender;
  }
  get programs(): string[] {
    return this.all.programs;
  }
  get republishedAs(): string[] {
    return this.all.republishedAs;
  }
  /** JSON.stringify sees own fields only: the details are written too. */
  toJSON(): MatchEntity {
    return plainEntity(this);
  }
}

const yieldToEventLoop = () => new Promise<void>((done) => setImmediate(done));
const YIELD_EVERY = 2_000;

/** Posting lists of one key kind as three sections: the keys, where each list starts, the lists. */
function postingSections(map: Map<string, Postings>): [string, Uint32Array, Int32Array] {
  const keys = [...map.keys()];
  const starts = new Uint32Array(keys.length + 1);
  let total = 0;
  keys.forEach((key, k) => {
    starts[k] = total;
    total += map.get(key)!.length;
  });
  starts[keys.length] = total;
  const postings = new Int32Array(total);
  keys.forEach((key, k) => postings.set(map.get(key)!, starts[k]));
  return [keys.join(SEPARATOR), starts, postings];
}

/**
 * Write the index as `path` (atomically: a reader sees the whole file or none), and remove older
 * index files of its folder beyond the newest few.
 */
export async function writeIndexFile(path: string, index: MatchIndex): Promise<void> {
  const parts = index.parts();
  const schemas = tableOf<string>();
  const lists = tableOf<string>();
  const authorities = tableOf<string[]>();
  const topics = tableOf<string[]>();
  const light: Light[] = [];
  const details: Buffer[] = [];
  for (const [k, e] of parts.entities.entries()) {
    light.push([e.id, schemas.place(e.schema), lists.place(e.dataset), e.versionId, KINDS.indexOf(e.kind), authorities.place(e.authorities, JSON.stringify(e.authorities)), topics.place(e.topics ?? [], JSON.stringify(e.topics ?? [])), e.lastChange ?? null]);
    const own: Details = { caption: e.caption, names: e.names, identifiers: [...e.identifiers], birthDates: e.birthDates, countries: [...e.countries], gender: e.gender, programs: e.programs, republishedAs: e.republishedAs };
    details.push(serialize(own));
    if (k % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
  }
  const detailStarts = new Uint32Array(details.length + 1);
  details.reduce((at, d, k) => ((detailStarts[k + 1] = at + d.length), at + d.length), 0);
  const sections: [string, Buffer][] = [
    ['light', Buffer.from(JSON.stringify({ schemas: schemas.table, lists: lists.table, authorities: authorities.table, topics: topics.table, entities: light }))],
    ['detailStarts', Buffer.from(detailStarts.buffer)],
    ['details', Buffer.concat(details)],
  ];
  for (const name of BLOCKING_KEYS) {
    const [keys, starts, postings] = postingSections(parts.keys[name]);
    sections.push([`${name}.keys`, Buffer.from(keys)], [`${name}.starts`, Buffer.from(starts.buffer)], [`${name}.postings`, Buffer.from(postings.buffer)]);
  }
  // Deletions point at listed words: stored as places in the word keys.
  const wordPlace = new Map([...parts.keys.words.keys()].map((w, k) => [w, k]));
  const deletionMap = new Map<string, Postings>();
  for (const [key, held] of parts.deletions) deletionMap.set(key, (typeof held === 'string' ? [held] : held).map((w) => wordPlace.get(w)!));
  const [dKeys, dStarts, dPostings] = postingSections(deletionMap);
  sections.push(['deletions.keys', Buffer.from(dKeys)], ['deletions.starts', Buffer.from(dStarts.buffer)], ['deletions.postings', Buffer.from(dPostings.buffer)]);

  const header: Header = { format: FORMAT, matcher: matcherFingerprint(), versions: [...parts.versions], entities: parts.entities.length, sections: {} };
  let offset = 0;
  for (const [name, data] of sections) {
    // Typed arrays are read in place: each section starts at a multiple of 4.
    offset = Math.ceil(offset / 4) * 4;
    header.sections[name] = [offset, data.length];
    offset += data.length;
  }
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    const head = Buffer.from(JSON.stringify(header));
    const prefix = Buffer.alloc(8);
    // The header is padded so that the sections start at a multiple of 4 too.
    const padded = Math.ceil((8 + head.length) / 4) * 4;
    prefix.writeUInt32LE(padded - 8, 0);
    prefix.writeUInt32LE(head.length, 4);
    writeSync(fd, prefix);
    writeSync(fd, Buffer.concat([head, Buffer.alloc(padded - 8 - head.length, 0x20)]));
    let written = 0;
    for (const [name, data] of sections) {
      const [at] = header.sections[name];
      if (at > written) writeSync(fd, Buffer.alloc(at - written));
      writeSync(fd, data);
      written = at + data.length;
    }
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  removeOldFiles(dirname(path));
}

function removeOldFiles(folder: string): void {
  const files = readdirSync(folder)
    .filter((f) => /^index-.*\.bin$/u.test(f))
    .map((f) => ({ f, at: statSync(join(folder, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of files.slice(FILES_KEPT)) {
    try {
      unlinkSync(join(folder, f));
    } catch {
      // Another process removed it first.
    }
  }
}

// Index files stay open while any of their entities is in use (details are read from them on
// first use) and are closed when the last one is collected: every entity holds its file.
const openFiles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Closed already.
  }
});

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, buffer, done, length - done, position + done);
    if (read === 0) throw new Error('index file ends early');
    done += read;
  }
  return buffer;
}

/**
 * Read an index file; null when there is none or it is not this matcher's (never a partial
 * index). All but the entities' details is read at once; those are read from the open file
 * when an entity is first scored or shown, so a command that screens a few names reads little.
 */
export function readIndexFile(path: string): MatchIndex | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  const file = { fd };
  let kept = false;
  try {
    const index = readOpenFile(file);
    kept = index !== null;
    if (index) openFiles.register(file, fd);
    return index;
  } finally {
    if (!kept) closeSync(fd);
  }
}

function readOpenFile(file: { fd: number }): MatchIndex | null {
  const { fd } = file;
  const size = fstatSync(fd).size;
  if (size < 8) return null;
  const prefix = readAt(fd, 0, 8);
  const headerSpace = prefix.readUInt32LE(0);
  if (8 + headerSpace > size) return null;
  const header = JSON.parse(readAt(fd, 8, prefix.readUInt32LE(4)).toString('utf8')) as Header;
  if (header.format !== FORMAT || header.matcher !== matcherFingerprint()) return null;
  const base = 8 + headerSpace;
  // A file cut short (a full disk, a copy stopped half-way) is no index.
  if (Object.values(header.sections).some(([at, length]) => base + at + length > size)) return null;
  const section = (name: string) => {
    const [at, length] = header.sections[name];
    return readAt(fd, base + at, length);
  };
  const uint32 = (name: string) => {
    const s = section(name);
    return new Uint32Array(s.buffer, s.byteOffset, s.length / 4);
  };
  const int32 = (name: string) => {
    const s = section(name);
    return new Int32Array(s.buffer, s.byteOffset, s.length / 4);
  };
  const postings = (name: string): [string[], Uint32Array, Int32Array] => {
    const text = section(`${name}.keys`).toString('utf8');
    return [text === '' ? [] : text.split(SEPARATOR), uint32(`${name}.starts`), int32(`${name}.postings`)];
  };
  const light = JSON.parse(section('light').toString('utf8')) as { schemas: string[]; lists: string[]; authorities: string[][]; topics: string[][]; entities: Light[] };
  const starts = uint32('detailStarts');
  const detailsAt = base + header.sections.details[0];
  const entities: MatchEntity[] = light.entities.map(
    ([id, schema, dataset, versionId, kind, authorities, topics, lastChange], k) =>
      new StoredMatchEntity(id, light.schemas[schema], light.lists[dataset], versionId, KINDS[kind], light.authorities[authorities], light.topics[topics], lastChange, () => readAt(file.fd, detailsAt + starts[k], starts[k + 1] - starts[k])),
  );
  const keys = {} as Record<BlockingKey, Map<string, Postings>>;
  let words: string[] = [];
  for (const name of BLOCKING_KEYS) {
    const [names, from, lists] = postings(name);
    const map = new Map<string, Postings>();
    for (let k = 0; k < names.length; k++) map.set(names[k], lists.subarray(from[k], from[k + 1]));
    keys[name] = map;
    if (name === 'words') words = names;
  }
  const [dNames, dFrom, dLists] = postings('deletions');
  const deletions = new Map<string, string | string[]>();
  for (let k = 0; k < dNames.length; k++) {
    const count = dFrom[k + 1] - dFrom[k];
    if (count === 1) deletions.set(dNames[k], words[dLists[dFrom[k]]]);
    else {
      const held: string[] = [];
      for (let m = dFrom[k]; m < dFrom[k + 1]; m++) held.push(words[dLists[m]]);
      deletions.set(dNames[k], held);
    }
  }
  const parts: IndexParts = { entities, versions: new Map(header.versions), keys, deletions };
  return MatchIndex.fromParts(parts);
}
