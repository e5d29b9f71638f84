// Fuzzing every list reader and the /match query parser with a property-based library
// (fast-check): a real file of each format, cut at a random offset, with random bytes flipped or
// random bytes inserted, is either imported or refused with an error that names the file; a
// refused import leaves the store exactly as it was (nothing half-written) and nothing escapes as
// an uncaught exception. POST /match with arbitrary JSON, very long strings, deep nesting and
// mutated bytes answers 200 or a 4xx with a `detail`, never a 500, and the server stays up.
// Seeds are fixed: a failure replays the same counterexample in CI.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server.js';
import { Screener } from '../../src/screen/screen.js';
import { importList, type ImportRequest } from '../../src/sources/pipeline.js';
import { FORMATS } from '../../src/sources/registry.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { raw } from '../helpers/paths.js';
import { deflated, unzip, zipOf, type ZipEntry } from '../helpers/zip.js';

// Fixed in CI (reproducible); SANCTRACE_FUZZ_SEED and SANCTRACE_FUZZ_RUNS explore further by hand.
const SEED = Number(process.env.SANCTRACE_FUZZ_SEED ?? '') || 20240503;
const RUNS_PER_FORMAT = Number(process.env.SANCTRACE_FUZZ_RUNS ?? '') || 25;
const MATCH_RUNS = 200;
/** An import of these small inputs takes well under a second; one that has not settled by then hangs. */
const IMPORT_TIMEOUT_MS = 30_000;

const tmp = mkdtempSync(join(tmpdir(), 'sanctrace-fuzz-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Small real inputs, one version of each list. Big files are cut to their first records and
// closed again, so each is still a valid file of its format.

interface InputFile {
  name: string;
  bytes: Buffer;
}

interface Case {
  /** Registry name of the format. */
  format: string;
  dataset: string;
  /** The files of one version, as the test builds them from the real ones. */
  files: InputFile[];
  /** What the input is, for failure messages. */
  about: string;
}

const bytesOf = (...path: string[]) => readFileSync(raw(...path));
/** latin1 maps every byte to one character and back: byte-exact text surgery on any encoding. */
const textOf = (...path: string[]) => bytesOf(...path).toString('latin1');
const toBytes = (text: string) => Buffer.from(text, 'latin1');

/** CSV records as raw text, each with its line end (a quoted field may span lines). */
function csvRecords(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      records.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) records.push(text.slice(start));
  return records;
}

/** The header and the first `n` records of a CSV text. */
function csvHead(text: string, n: number, headerRecords = 1): string {
  return csvRecords(text).slice(0, headerRecords + n).join('');
}

/**
 * The XML with only the first `n` elements closed by `closeTag` inside the container closed by
 * `containerClose` (the rest of the container's records dropped, everything after kept).
 */
function xmlHead(xml: string, closeTag: string, containerClose: string, n: number): string {
  let end = -1;
  let from = 0;
  for (let i = 0; i < n; i++) {
    const at = xml.indexOf(closeTag, from);
    assert.ok(at >= 0, `fewer than ${n} ${closeTag}`);
    end = at + closeTag.length;
    from = end;
  }
  const container = xml.indexOf(containerClose, end);
  assert.ok(container >= 0, `no ${containerClose} after record ${n}`);
  return xml.slice(0, end) + xml.slice(xml.lastIndexOf('\n', container), container) + xml.slice(container);
}

/**
 * OFSI's real ConList.xlsx cut to its first `rows` sheet rows: the sheet XML ends after that row,
 * the shared strings after the last one those rows use (Excel numbers them in order of first
 * use), every other part of the workbook byte for byte as published.
 */
function xlsxHead(workbook: Buffer, rows: number): Buffer {
  const entries = unzip(workbook).map((e) => {
    if (e.name !== 'xl/worksheets/sheet1.xml' && e.name !== 'xl/sharedStrings.xml') return e;
    return { ...e, content: inflateRawSync(e.data).toString('utf8') };
  });
  const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml') as ZipEntry & { content: string };
  const strings = entries.find((e) => e.name === 'xl/sharedStrings.xml') as ZipEntry & { content: string };
  const next = sheet.content.indexOf(`<row r="${rows + 1}"`);
  assert.ok(next > 0, `the sheet has over ${rows} rows`);
  const cut = sheet.content.slice(0, next).replace(/(<dimension ref="A1:[A-Z]+)\d+"/u, `$1${rows}"`) + sheet.content.slice(sheet.content.indexOf('</sheetData>'));
  const used = Math.max(...[...cut.matchAll(/t="s"><v>(\d+)<\/v>/gu)].map((m) => Number(m[1]))) + 1;
  let end = 0;
  for (let i = 0; i < used; i++) end = strings.content.indexOf('</si>', end) + '</si>'.length;
  const sst = strings.content.slice(0, end).replace(/count="\d+" uniqueCount="\d+"/u, `count="${used}" uniqueCount="${used}"`) + '</sst>';
  return zipOf(
    entries.map((e) => {
      if (e.name === sheet.name) return deflated(e.name, Buffer.from(cut, 'utf8'), e);
      if (e.name === strings.name) return deflated(e.name, Buffer.from(sst, 'utf8'), e);
      return e;
    }),
  );
}

/** The OFAC legacy CSV set of the first `n` records of cons_prim.csv (and their add/alt/comments rows). */
function ofacCsvSet(folder: string, n: number): InputFile[] {
  const prim = csvRecords(textOf('ofac_consolidated', folder, 'cons_prim.csv'));
  const eof = prim[prim.length - 1];
  assert.equal(eof, '\u001a', "the file ends with Treasury's end-of-file byte");
  const kept = new Set(prim.slice(0, n).map((r) => r.split(',', 1)[0]));
  const subset = (name: string) => {
    const records = csvRecords(textOf('ofac_consolidated', folder, name));
    return toBytes(records.filter((r) => kept.has(r.split(',', 1)[0])).join('') + eof);
  };
  return [
    { name: 'cons_prim.csv', bytes: toBytes(prim.slice(0, n).join('') + eof) },
    { name: 'cons_add.csv', bytes: subset('cons_add.csv') },
    { name: 'cons_alt.csv', bytes: subset('cons_alt.csv') },
    { name: 'cons_comments.csv', bytes: subset('cons_comments.csv') },
  ];
}

/** covyr's derived UK tables for every `step`-th subject (the rows of each table that name it). */
function ukDerivedSet(step: number): InputFile[] {
  const dir = 'uk_sanctions_list_derived/covyr_2026-05';
  const subjects = csvRecords(textOf(dir, 'subjects.csv'));
  const picked = subjects.slice(1).filter((_r, i) => i % step === 0);
  const ids = new Set(picked.map((r) => r.split(',', 1)[0]));
  const table = (name: string) => {
    const [header, ...rows] = csvRecords(textOf(dir, name));
    return toBytes(header + rows.filter((r) => ids.has(r.split(',', 2)[1])).join(''));
  };
  return [
    { name: 'subjects.csv', bytes: toBytes(subjects[0] + picked.join('')) },
    ...['subject_names.csv', 'subject_dobs.csv', 'subject_identifiers.csv', 'subject_countries.csv'].map((name) => ({ name, bytes: table(name) })),
  ];
}

function buildCases(): Case[] {
  const enhanced = xmlHead(textOf('ofac_consolidated', 'watchman_2025-01-10', 'CONS_ENHANCED.XML'), '</entity>', '</entities>', 40);
  const sdnList = xmlHead(textOf('ofac_consolidated', 'kebalkhadka_2025-03-28', 'consolidated.xml'), '</sdnEntry>', '</sdnList>', 60).replace('<Record_Count>443</Record_Count>', '<Record_Count>60</Record_Count>');
  const un = xmlHead(xmlHead(textOf('un_sc', 'watchman_2026-02-27', 'consolidated.xml'), '</INDIVIDUAL>', '</INDIVIDUALS>', 40), '</ENTITY>', '</ENTITIES>', 20);
  const dplLines = textOf('bis_dpl', 'watchman_2023-11-30', 'dpl.txt').split(/(?<=\n)/u);
  return [
    { format: 'ofac_csv', dataset: 'us_ofac_cons', about: 'OFAC consolidated CSV set of 2025-12-19, first 120 records', files: ofacCsvSet('watchman_2025-12-19', 120) },
    { format: 'ofac_xml', dataset: 'us_ofac_cons', about: 'OFAC consolidated.xml of 2025-03-28, first 60 sdnEntry', files: [{ name: 'consolidated.xml', bytes: toBytes(sdnList) }] },
    {
      format: 'ofac_xml',
      dataset: 'us_ofac_cons',
      about: 'the same 60 sdnEntry zipped, as OFAC also publishes its XML',
      files: [{ name: 'consolidated.zip', bytes: zipOf([deflated('consolidated.xml', toBytes(sdnList))]) }],
    },
    { format: 'ofac_enhanced_xml', dataset: 'us_ofac_cons', about: 'OFAC CONS_ENHANCED.XML of 2025-01-10, first 40 entities', files: [{ name: 'CONS_ENHANCED.XML', bytes: toBytes(enhanced) }] },
    {
      format: 'ofac_enhanced_xml',
      dataset: 'us_ofac_cons',
      about: 'the same 40 entities zipped as OFAC publishes them (CONS_ENHANCED.ZIP)',
      files: [{ name: 'CONS_ENHANCED.ZIP', bytes: zipOf([deflated('CONS_ENHANCED.XML', toBytes(enhanced))]) }],
    },
    { format: 'un_sc_xml', dataset: 'un_sc_sanctions', about: 'UN SC consolidated.xml of 2026-02-27, first 40 individuals and 20 entities', files: [{ name: 'consolidated.xml', bytes: toBytes(un) }] },
    { format: 'us_csl_csv', dataset: 'us_trade_csl', about: 'CSL csv of 2019-12 (115 rows)', files: [{ name: 'csl.csv', bytes: bytesOf('us_csl', 'watchman_2019-12-03', 'csl.csv') }] },
    { format: 'us_isn_csv', dataset: 'us_state_isn', about: 'ITA isn.csv of 2016-12-02 (213 rows)', files: [{ name: 'isn.csv', bytes: bytesOf('us_isn', 'ita_webservices_2016-12-02', 'isn.csv') }] },
    { format: 'bis_dpl', dataset: 'us_bis_dpl', about: 'BIS dpl.txt of 2023-11-30, first 200 rows', files: [{ name: 'dpl.txt', bytes: toBytes(dplLines.slice(0, 201).join('')) }] },
    { format: 'eu_fsf_xml', dataset: 'eu_fsf', about: 'EU FSF XML 1.1 extract of 2020-04-15 (7 entities)', files: [{ name: 'sample_eu_sanctions.xml', bytes: bytesOf('eu_fsf', 'deriv_2020-04-15', 'sample_eu_sanctions.xml') }] },
    {
      format: 'eu_fsf_legacy_xml',
      dataset: 'eu_fsf',
      about: 'EU legacy FSD XML of 2016-02-11, first 80 entities',
      files: [{ name: 'data.xml', bytes: toBytes(xmlHead(textOf('eu_fsf', 'opendatalabcz_2016-02-11_legacy', 'data.xml'), '</ENTITY>', '</WHOLE>', 80)) }],
    },
    {
      format: 'eu_journal_csv',
      dataset: 'eu_journal',
      about: 'EU journal 32006R0765 (Belarus), first 120 rows, and amendment 32026R1817',
      files: [
        { name: '32006R0765.csv', bytes: toBytes(csvHead(textOf('eu_journal', 'opensanctions_2026-08-22', 'consolidated', '32006R0765.csv'), 120)) },
        { name: '32026R1817.csv', bytes: bytesOf('eu_journal', 'opensanctions_2026-08-22', 'amendments', '32026R1817.csv') },
      ],
    },
    {
      format: 'uk_ofsi_csv',
      dataset: 'gb_hmt_ofsi',
      about: 'OFSI ConList.csv of 2020-04-27 (Windows-1252), first 250 rows',
      files: [{ name: 'ConList.csv', bytes: toBytes(csvHead(textOf('uk_ofsi_conlist', 'deriv_2020-04-27', 'ConList.csv'), 250, 2)) }],
    },
    { format: 'uk_ofsi_xlsx', dataset: 'gb_hmt_ofsi', about: 'OFSI ConList.xlsx of 2025-04-14, first 250 rows', files: [{ name: 'ConList.xlsx', bytes: xlsxHead(bytesOf('uk_ofsi_conlist', 'malverde_2025-04-14', 'ConList.xlsx'), 252) }] },
    { format: 'uk_fcdo_xml', dataset: 'gb_fcdo_sanctions', about: 'FCDO UK Sanctions List XML sample of 2026-08-14', files: [{ name: 'uk_sample.xml', bytes: bytesOf('uk_sanctions_list', 'jaggeman_2026-08-14_transcribed', 'uk_sample.xml') }] },
    { format: 'uk_fcdo_derived_csv', dataset: 'gb_fcdo_derived', about: "covyr's derived UK tables, every 100th subject", files: ukDerivedSet(100) },
    {
      format: 'ca_sema_xml',
      dataset: 'ca_sema',
      about: 'Canada sema-lmes.xml of 2025-05-25, first 150 records',
      files: [{ name: 'sema-lmes.xml', bytes: toBytes(xmlHead(textOf('ca_sema', 'kebalkhadka_2025-05-25', 'sema-lmes.xml'), '</record>', '</data-set>', 150)) }],
    },
    { format: 'ftm_json', dataset: 'opensanctions', about: 'yente fixture zala entities.ftm.json (91 entities)', files: [{ name: 'zala__entities.ftm.json', bytes: bytesOf('opensanctions', 'yente_fixtures', 'zala__entities.ftm.json') }] },
    {
      format: 'ftm_delta',
      dataset: 'opensanctions',
      about: 'yente fixture entities.delta.json of 2024-06-03, first 120 ops',
      files: [{ name: 'entities.delta.json', bytes: toBytes(textOf('opensanctions', 'yente_fixtures', 'entities.delta.json').split(/(?<=\n)/u).slice(0, 120).join('')) }],
    },
    {
      format: 'opensanctions_simple_csv',
      dataset: 'opensanctions',
      about: 'targets.simple.csv of 2026-03-13, first 200 rows',
      files: [{ name: 'targets.simple.csv', bytes: toBytes(csvHead(textOf('opensanctions', 'noname_ua_war_sanctions_2026-03-13', 'targets.simple.csv'), 200)) }],
    },
  ];
}

const CASES = buildCases();

test('every list format of the registry is fuzzed', () => {
  assert.deepEqual([...new Set(CASES.map((c) => c.format))].sort(), FORMATS.map((f) => f.name).sort());
});

// ---------------------------------------------------------------------------------------------
// The store's fingerprint: what a refused import must leave exactly as it was.

async function fingerprint(store: Store): Promise<string> {
  const [counts] = await store.sql.all<Record<string, unknown>>(
    `SELECT (SELECT COUNT(*) FROM versions) AS versions,
            (SELECT COALESCE(MAX(id), 0) FROM versions) AS max_version,
            (SELECT COALESCE(SUM(entity_count), 0) FROM versions) AS version_entity_counts,
            (SELECT COUNT(*) FROM version_entities) AS version_entities,
            (SELECT COUNT(*) FROM entity_states) AS entity_states,
            (SELECT COUNT(*) FROM state_statements) AS state_statements,
            (SELECT COUNT(*) FROM statements) AS statements,
            (SELECT COALESCE(SUM(first_seen_version), 0) FROM statements) AS first_seen,
            (SELECT COALESCE(SUM(last_seen_version), 0) FROM statements) AS last_seen`,
  );
  const latest = await store.sql.all<{ dataset: string; id: unknown }>(
    `SELECT v.dataset, v.id FROM versions v
      WHERE v.id = (SELECT w.id FROM versions w WHERE w.dataset = v.dataset ORDER BY w.sort_key DESC, w.id DESC LIMIT 1)
      ORDER BY v.dataset`,
  );
  return JSON.stringify({
    ...Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])),
    latest: Object.fromEntries(latest.map((r) => [r.dataset, Number(r.id)])),
  });
}

// ---------------------------------------------------------------------------------------------
// Mutations.

type ByteMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; flips: { at: number; xor: number }[] }
  | { kind: 'insert'; inserts: { at: number; bytes: number[] }[] };
/** A mutation of one file of a case's set. */
type Mutation = ByteMutation & { file: number };

/** Bytes that mean something to the readers: quotes, separators, markup, line ends, broken UTF-8. */
const SPECIAL = ['"', ',', ';', '\t', '\r\n', '\n', '<', '>', '</', '&', '&#0;', ']]>', '<!--', '{', '}', '[', '"\\', '\u001a', '\u0000', '-0-', 'PK\u0003\u0004'].map((s) => [...Buffer.from(s, 'latin1')]).concat([
  [0xff],
  [0xfe, 0xff],
  [0xc3],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98, 0x80],
  [0xef, 0xbb, 0xbf],
]);

/** A cut at a random offset, 1–8 flipped bytes, or 1–4 runs of random or meaningful bytes inserted. */
function byteMutation(size: number): fc.Arbitrary<ByteMutation> {
  const offset = fc.integer({ min: 0, max: Math.max(0, size - 1) });
  const inserted = fc.oneof(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }), fc.constantFrom(...SPECIAL));
  return fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: offset }),
    fc.record({ kind: fc.constant('flip' as const), flips: fc.array(fc.record({ at: offset, xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 8 }) }),
    fc.record({ kind: fc.constant('insert' as const), inserts: fc.array(fc.record({ at: fc.integer({ min: 0, max: size }), bytes: inserted }), { minLength: 1, maxLength: 4 }) }),
  );
}

function mutationOf(c: Case): fc.Arbitrary<Mutation> {
  return fc.integer({ min: 0, max: c.files.length - 1 }).chain((file) => byteMutation(c.files[file].bytes.length).map((m) => ({ ...m, file })));
}

function mutate(bytes: Buffer, m: ByteMutation): Buffer {
  if (m.kind === 'truncate') return bytes.subarray(0, m.at);
  if (m.kind === 'flip') {
    const out = Buffer.from(bytes);
    for (const { at, xor } of m.flips) if (at < out.length) out[at] ^= xor;
    return out;
  }
  // Inserted from the last offset back, so each offset is one of the original bytes.
  let out = Buffer.from(bytes);
  for (const { at, bytes: extra } of [...m.inserts].sort((a, b) => b.at - a.at)) out = Buffer.concat([out.subarray(0, at), Buffer.from(extra), out.subarray(at)]);
  return out;
}

function describeBytes(m: ByteMutation, size: number): string {
  if (m.kind === 'truncate') return `cut at byte ${m.at} of ${size}`;
  if (m.kind === 'flip') return `bytes flipped: ${m.flips.map((f) => `@${f.at} ^0x${f.xor.toString(16)}`).join(', ')}`;
  return `bytes inserted: ${m.inserts.map((i) => `@${i.at} [${Buffer.from(i.bytes).toString('hex')}]`).join(', ')}`;
}

function describe(c: Case, m: Mutation): string {
  return `${c.files[m.file].name} ${describeBytes(m, c.files[m.file].bytes.length)}`;
}

// Anything that escapes the import's promise (a stream error nobody listens to, a rejected promise
// nobody awaits) would crash the CLI: collected here and failed on.
const escaped: unknown[] = [];
const onEscape = (err: unknown) => void escaped.push(err);
before(() => {
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
});
after(() => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
});

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** An import that neither resolved nor rejected in time. */
class Hang {}

async function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Hang()), IMPORT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

let folders = 0;
/** The files in a folder of their own, under their real names. */
function writeSet(files: InputFile[]): string[] {
  const folder = join(tmp, `set-${++folders}`);
  mkdirSync(folder);
  return files.map((f) => {
    const path = join(folder, f.name);
    writeFileSync(path, f.bytes);
    return path;
  });
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const BASE_DATE = '2026-09-01';

for (const [index, c] of CASES.entries()) {
  const label = `${c.format}${c.files.length === 1 && /\.zip$/iu.test(c.files[0].name) ? ' (zip)' : ''}`;
  test(`fuzz ${label}: a cut, flipped or padded file is imported or refused naming the file, and a refusal changes nothing`, async () => {
    const dir = join(tmp, `store-${index}`);
    mkdirSync(dir);
    const store = await openStore(join(dir, 'store.sqlite'));
    try {
      // The real CLI: `sanctrace import <paths...> [--format f] [--dataset d] --date <iso>`.
      const request = (paths: string[], publishedAt: string, explicitFormat: boolean): ImportRequest => ({
        paths,
        format: explicitFormat ? c.format : undefined,
        dataset: c.dataset,
        publishedAt,
        allowShrink: false,
        onProgress: () => {},
        onWarning: () => {},
      });
      const baseline = await importList(store, request(writeSet(c.files), BASE_DATE, false));
      assert.equal(baseline.format, c.format, `${c.about}: detected as its format`);
      assert.ok(baseline.version.entityCount > 0, `${c.about}: entities imported`);
      // Still a valid file of its format: no warning but the file's own date (and the FCDO sample's synthetic record).
      const warnings = baseline.version.warnings.filter((w) => !/^the file says it was published|^designation without UniqueID skipped$/u.test(w.message));
      assert.deepEqual(warnings, [], `${c.about}: read without warnings`);
      let run = 0;
      await fc.assert(
        fc.asyncProperty(mutationOf(c), fc.boolean(), async (m, explicitFormat) => {
          const before = await fingerprint(store);
          const files = c.files.map((f, i) => (i === m.file ? { name: f.name, bytes: mutate(f.bytes, m) } : f));
          const paths = writeSet(files);
          const target = paths[m.file];
          const what = `${label} (${c.about}), ${describe(c, m)}${explicitFormat ? `, --format ${c.format}` : ''}`;
          escaped.length = 0;
          let failure: unknown = null;
          try {
            await withTimeout(importList(store, request(paths, addDays(BASE_DATE, ++run), explicitFormat)));
          } catch (err) {
            failure = err;
          }
          await settle();
          assert.deepEqual(escaped, [], `${what}: escaped the import (uncaught): ${escaped.map((e) => (e instanceof Error ? e.stack : String(e))).join('\n')}`);
          assert.ok(!(failure instanceof Hang), `${what}: the import has not settled after ${IMPORT_TIMEOUT_MS} ms`);
          if (failure === null) return;
          assert.equal(await fingerprint(store), before, `${what}: refused (${String(failure)}) but the store changed`);
          assert.ok(failure instanceof Error, `${what}: rejected with a non-Error: ${String(failure)}`);
          const name = c.files[m.file].name;
          assert.ok(failure.message.includes(name) || failure.message.includes(target), `${what}: the error does not name ${name}: ${failure.stack}`);
        }),
        { numRuns: RUNS_PER_FORMAT, seed: SEED + index, plugins: [fc.interruptAfterTimeLimit(120_000)] },
      );
    } finally {
      escaped.length = 0;
      await store.close();
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The query parser: POST /match/{dataset} bodies.

const VALID_BODY = { queries: { q: { schema: 'Company', properties: { name: ['Minsk Wheeled Tractor Plant'] } } } };

let apiStore: Store;
let app: FastifyInstance;

before(async () => {
  const dir = join(tmp, 'api');
  mkdirSync(dir);
  apiStore = await openStore(join(dir, 'store.sqlite'));
  await importList(apiStore, { paths: [raw('eu_journal', 'opensanctions_2026-08-22', 'consolidated', '32006R0765.csv')], publishedAt: '2026-08-22' });
  app = await buildApi({ store: apiStore, screener: await Screener.open(apiStore) });
});

after(async () => {
  await app?.close();
  await apiStore?.close();
});

/** `leaf` inside `depth` arrays or objects. */
function nest(depth: number, kind: 'array' | 'object', leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { name: value };
  return value;
}

const longString = fc.tuple(fc.string({ minLength: 1, maxLength: 8, unit: 'binary' }), fc.integer({ min: 50, max: 12_000 })).map(([s, n]) => s.repeat(n));
const NAMES = fc.constantFrom('Minsk Wheeled Tractor Plant', 'MZKT', 'МЗКТ', 'ВОЛАТ', 'Lukashenko', 'Rymasheuski', '', ' ', '\u0000', '\ud800', 'a '.repeat(30), '1954-08-30', 'by', '__proto__');
const shortText = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 40 }) }, { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) }, { weight: 2, arbitrary: fc.string({ maxLength: 20, unit: 'grapheme' }) }, { weight: 3, arbitrary: NAMES });
const text = fc.oneof({ weight: 9, arbitrary: shortText }, { weight: 1, arbitrary: longString });
const deep = fc.tuple(fc.integer({ min: 1, max: 50 }), fc.constantFrom('array' as const, 'object' as const), fc.oneof(text, fc.jsonValue({ maxDepth: 1 }))).map(([depth, kind, leaf]) => nest(depth, kind, leaf));
const anyValue = fc.oneof(
  { weight: 3, arbitrary: text },
  { weight: 3, arbitrary: fc.array(text, { maxLength: 30 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deep },
);
const KEY = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('q', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'));
const PROP = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('name', 'alias', 'weakAlias', 'firstName', 'lastName', 'birthDate', 'country', 'nationality', 'jurisdiction', 'registrationNumber', 'idNumber', 'imoNumber', '__proto__') },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);
const SCHEMA = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('Company', 'Person', 'LegalEntity', 'Organization', 'Vessel', 'Airplane', 'Thing', 'Sanction', 'Address', 'company', '', '__proto__') },
  { weight: 1, arbitrary: text },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
);
const PROPERTIES = fc.oneof({ weight: 4, arbitrary: fc.dictionary(PROP, anyValue, { maxKeys: 6 }) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: deep });
const queryParts = { schema: SCHEMA, properties: PROPERTIES, id: fc.oneof({ weight: 3, arbitrary: text }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) }) };
const query = fc.oneof({ weight: 4, arbitrary: fc.record(queryParts, { requiredKeys: ['schema', 'properties'] }) }, { weight: 1, arbitrary: fc.record(queryParts, { requiredKeys: [] }) });
const structured = fc.record(
  {
    queries: fc.oneof({ weight: 4, arbitrary: fc.dictionary(KEY, fc.oneof({ weight: 4, arbitrary: query }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }), { maxKeys: 4 }) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: deep }),
    weights: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom('name_literal_match', 'country_mismatch'), fc.string({ maxLength: 10 })), fc.oneof(fc.double(), fc.jsonValue({ maxDepth: 1 }))), fc.jsonValue({ maxDepth: 1 })),
  },
  { requiredKeys: ['queries'] },
);

/** Well-formed queries of arbitrary names and values: what reaches the matcher. */
const values = fc.oneof({ weight: 5, arbitrary: fc.array(shortText, { minLength: 1, maxLength: 5 }) }, { weight: 1, arbitrary: fc.array(text, { minLength: 1, maxLength: 25 }) });
const screenable = fc.record({
  queries: fc.dictionary(
    KEY,
    fc.record(
      {
        schema: fc.constantFrom('Company', 'Person', 'LegalEntity', 'Organization', 'Vessel', 'Airplane', 'Thing'),
        properties: fc
          .tuple(values, fc.dictionary(PROP, values, { maxKeys: 4 }))
          .map(([name, more]) => ({ ...more, name })),
        id: text,
      },
      { requiredKeys: ['schema', 'properties'] },
    ),
    { minKeys: 1, maxKeys: 3 },
  ),
});

/** The valid body with one of its parts (or a new key beside it) replaced by anything. */
const PATHS: (string | number)[][] = [['queries'], ['queries', 'q'], ['queries', 'q', 'schema'], ['queries', 'q', 'properties'], ['queries', 'q', 'properties', 'name'], ['queries', 'q', 'properties', 'name', 0], ['queries', 'q', 'properties', 'name', 1], ['queries', 'q', 'id'], ['queries', 'q2'], ['weights']];
const edited = fc.tuple(fc.constantFrom(...PATHS), anyValue).map(([path, value]) => {
  const body = structuredClone(VALID_BODY) as Record<string | number, unknown>;
  let node = body;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return body;
});

const VALID_TEXT = Buffer.from(JSON.stringify(VALID_BODY));
/** The body's bytes as sent: JSON of a value, or the valid body's JSON cut, flipped or padded. */
const payload = fc.oneof(
  { weight: 7, arbitrary: fc.oneof({ weight: 6, arbitrary: screenable }, { weight: 3, arbitrary: edited }, { weight: 3, arbitrary: structured }, { weight: 1, arbitrary: fc.jsonValue() }, { weight: 1, arbitrary: fc.constant(VALID_BODY) }).map((value) => ({ bytes: Buffer.from(JSON.stringify(value) ?? ''), about: 'json' })) },
  { weight: 2, arbitrary: byteMutation(VALID_TEXT.length).map((m) => ({ bytes: mutate(VALID_TEXT, m), about: describeBytes(m, VALID_TEXT.length) })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => ({ bytes: Buffer.from(b), about: 'random bytes' })) },
);
const DATASET = fc.oneof({ weight: 8, arbitrary: fc.constant('default') }, { weight: 1, arbitrary: fc.constantFrom('sanctions', 'eu_journal', 'news', 'nope') }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map(encodeURIComponent) });
const QUERY_STRING = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc
      .record({ threshold: fc.oneof(fc.double(), fc.string({ maxLength: 6 })), limit: fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), algorithm: fc.oneof(fc.constantFrom('logic-v2', 'sanctrace', 'name-based'), fc.string({ maxLength: 8 })) }, { requiredKeys: [] })
      .map((q) => `?${new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)])).toString()}`),
  },
);
const CONTENT_TYPE = fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'Application/JSON', 'application/json; charset=latin1') });

test('the valid /match body screens MZKT', async () => {
  const res = await app.inject({ method: 'POST', url: '/match/default', headers: { 'content-type': 'application/json' }, payload: VALID_TEXT });
  assert.equal(res.statusCode, 200, res.body);
  const json = res.json() as { responses: { q: { results: { caption: string }[] } } };
  assert.ok(json.responses.q.results.length > 0, res.body);
});

test(`fuzz POST /match: ${MATCH_RUNS} arbitrary bodies get 200 or a 4xx with a detail, never a 500; the server keeps answering`, async () => {
  let screened = 0;
  try {
    await fc.assert(
      fc.asyncProperty(DATASET, QUERY_STRING, CONTENT_TYPE, payload, async (dataset, qs, contentType, body) => {
        const url = `/match/${dataset}${qs}`;
        const what = `POST ${url} (${contentType}, ${body.about}, ${body.bytes.length} bytes: ${JSON.stringify(body.bytes.subarray(0, 300).toString('utf8'))})`;
        escaped.length = 0;
        const res = await app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload: body.bytes });
        await settle();
        assert.deepEqual(escaped, [], `${what}: escaped (uncaught): ${escaped.map((e) => (e instanceof Error ? e.stack : String(e))).join('\n')}`);
        assert.ok(res.statusCode === 200 || (res.statusCode >= 400 && res.statusCode < 500), `${what}: status ${res.statusCode}: ${res.body.slice(0, 2000)}`);
        let json: unknown;
        assert.doesNotThrow(() => (json = JSON.parse(res.body)), `${what}: the answer is not JSON: ${res.body.slice(0, 500)}`);
        if (res.statusCode === 200) screened++;
        else assert.equal(typeof (json as { detail?: unknown }).detail, 'string', `${what}: ${res.statusCode} without a detail: ${res.body.slice(0, 500)}`);
        const health = await app.inject({ method: 'GET', url: '/healthz' });
        assert.equal(health.statusCode, 200, `${what}: /healthz afterwards: ${health.statusCode}`);
        assert.deepEqual(health.json(), { status: 'ok' });
      }),
      { numRuns: MATCH_RUNS, seed: SEED, plugins: [fc.interruptAfterTimeLimit(120_000)] },
    );
    // The generators reach the matcher, not only the parser's refusals.
    assert.ok(screened >= MATCH_RUNS / 10, `only ${screened} of ${MATCH_RUNS} bodies were screened`);
  } finally {
    escaped.length = 0;
  }
});
