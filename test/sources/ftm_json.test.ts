import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ftmJsonFormat } from '../../src/sources/ftm_json.js';
import { readHead } from '../../src/sources/io.js';
import { ImportError } from '../../src/sources/types.js';
import { raw } from '../helpers/paths.js';
import { countBySchema, readAll, sanctionsOf, values } from '../helpers/read.js';

const fixture = (name: string) => raw('opensanctions', 'yente_fixtures', name);
const ZALA = fixture('zala__entities.ftm.json');
const tmp = mkdtempSync(join(tmpdir(), 'sanctrace-ftm-json-'));

function zalaLines(): Record<string, unknown>[] {
  return readFileSync(ZALA, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function writeLines(name: string, lines: string[]): string {
  const path = join(tmp, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

test('zala: 91 entities by schema, source ids kept behind the dataset', async () => {
  const result = await readAll(ftmJsonFormat, [ZALA]);
  assert.equal(result.entities.length, 91);
  assert.deepEqual(countBySchema(result), { Person: 6, Ownership: 14, Company: 11, Address: 11, Sanction: 41, Passport: 1, Family: 4, Directorship: 3 });
  assert.ok(result.entities.every((e) => e.id.startsWith('opensanctions-')));
  assert.equal(result.published, null);
  assert.deepEqual(result.warnings, []);

  const osetrova = result.byId.get('opensanctions-NK-2Tbri3s6GgNtAwsSXh4qpL');
  assert.equal(osetrova?.schema, 'Person');
  assert.ok(values(osetrova, 'name').includes('Мария Александровна Осетрова'));
  assert.deepEqual(values(osetrova, 'innCode'), ['183116181362']);
  assert.deepEqual(values(osetrova, 'country'), ['ru']);
});

test('zala: all 41 Sanctions point at prefixed ids of entities in the same file', async () => {
  const result = await readAll(ftmJsonFormat, [ZALA]);
  const sanctions = result.entities.filter((e) => e.schema === 'Sanction');
  assert.equal(sanctions.length, 41);
  for (const sanction of sanctions) {
    const subjects = values(sanction, 'entity');
    assert.ok(subjects.length > 0 && subjects.every((id) => id.startsWith('opensanctions-') && result.byId.has(id)), sanction.id);
  }
  const dfat = result.byId.get('opensanctions-au-dfat-56600015954691cece058c2a3b0e3b27740701e6');
  assert.deepEqual(values(dfat, 'authority'), ['Department of Foreign Affairs and Trade']);
  assert.deepEqual(values(dfat, 'program'), ['Autonomous (Russia)']);
  assert.deepEqual(values(dfat, 'programId'), ['AU-RUSSIA']);
  assert.deepEqual(values(dfat, 'startDate'), ['2023-02-24']);
  assert.ok(sanctionsOf(result, values(dfat, 'entity')[0]).some((s) => s.id === dfat?.id));

  const ownership = result.byId.get('opensanctions-NK-3NyeuT6JeJDLhGEyH3JD52');
  assert.deepEqual(values(ownership, 'owner'), ['opensanctions-NK-nR5AXM9AVPq4pQaSPSaVam']);
  assert.deepEqual(values(ownership, 'asset'), ['opensanctions-NK-abdzbEBkqyT29GyREbiURZ']);
  assert.deepEqual(values(ownership, 'role'), ['subsidiary of']);
});

test('parteispenden: 475 entities, every payer and beneficiary resolves', async () => {
  const result = await readAll(ftmJsonFormat, [fixture('parteispenden__entities.ftm.json')]);
  assert.equal(result.entities.length, 475);
  assert.deepEqual(countBySchema(result), { Organization: 18, Address: 89, Person: 22, Payment: 290, Company: 56 });
  const payments = result.entities.filter((e) => e.schema === 'Payment');
  for (const payment of payments) {
    for (const prop of ['payer', 'beneficiary']) assert.ok(values(payment, prop).every((id) => result.byId.has(id)), `${payment.id} ${prop}`);
  }
  assert.deepEqual(values(result.byId.get('opensanctions-6d03aec76fdeec8f9697d8b19954ab6fc2568bc8'), 'name'), ['MLPD']);
});

test('t1: 7 entities (6 line breaks: the last line has none)', async () => {
  const result = await readAll(ftmJsonFormat, [fixture('t1__entities.ftm.json')]);
  assert.equal(result.entities.length, 7);
  assert.deepEqual(countBySchema(result), { Organization: 2, Person: 4, Address: 1 });
  const tobacco = result.byId.get('opensanctions-NK-2GdmHtZTeNXjNVrBGEXZNj');
  assert.deepEqual(values(tobacco, 'registrationNumber'), ['808000714']);
  assert.deepEqual(values(tobacco, 'addressEntity'), ['opensanctions-addr-125caec37c3486d3a71de8ae943eec47f420b38a']);
});

test('detect: FtM entity files only, not deltas, delta indexes, the catalogue or other JSON/CSV', () => {
  const detect = (path: string) => ftmJsonFormat.detect([], readHead(path));
  for (const name of ['zala__entities.ftm.json', 'parteispenden__entities.ftm.json', 't1__entities.ftm.json']) assert.equal(detect(fixture(name)), true, name);
  for (const name of ['entities.delta.json', 't2__20240528074703-npf__entities.delta.json', 't2__delta.json', 't1__delta.json', 't1__index.json']) {
    assert.equal(detect(fixture(name)), false, name);
  }
  // A first line longer than the head is judged by how it starts.
  assert.equal(ftmJsonFormat.detect([], readHead(ZALA).subarray(0, 300)), true);
  assert.equal(ftmJsonFormat.detect([], readHead(fixture('entities.delta.json')).subarray(0, 300)), false);
  assert.equal(detect(raw('opensanctions', 'watchman', 'us_congress_senzing.json')), false);
  assert.equal(detect(raw('opensanctions', 'noname_ua_war_sanctions_2026-03-13', 'targets.simple.csv')), false);
});

test('malformed: a broken line or an entity without schema names file and line', async () => {
  const lines = readFileSync(ZALA, 'utf8').split('\n');
  const broken = writeLines('broken.ftm.json', [...lines.slice(0, 4), lines[4].slice(0, 80), ...lines.slice(5)]);
  await assert.rejects(readAll(ftmJsonFormat, [broken]), (err: unknown) => err instanceof ImportError && err.where.file === 'broken.ftm.json' && err.where.line === 5);

  const entities = zalaLines();
  delete entities[2].schema;
  const noSchema = writeLines('noschema.ftm.json', entities.map((e) => JSON.stringify(e)));
  await assert.rejects(readAll(ftmJsonFormat, [noSchema]), (err: unknown) => err instanceof ImportError && err.where.line === 3 && err.where.field === 'schema');

  const delta = writeLines('delta.json', ['{"op":"DEL","entity":{"id":"x"}}']);
  await assert.rejects(readAll(ftmJsonFormat, [delta]), /ftm_delta/u);
});

test('a cut-off last line is warned and the rest kept', async () => {
  const lines = readFileSync(ZALA, 'utf8').split('\n').filter((l) => l.trim());
  const cut = writeLines('cut.ftm.json', [...lines.slice(0, -1), lines[lines.length - 1].slice(0, 50)]);
  const result = await readAll(ftmJsonFormat, [cut]);
  assert.equal(result.entities.length, 90);
  assert.equal(result.warnings.length, 1);
  assert.equal(result.warnings[0].line, 91);
});

test('properties unknown to our model are warned once and skipped; FtM-only country codes kept', async () => {
  const entities = zalaLines();
  const people = entities.filter((e) => e.schema === 'Person');
  for (const person of people) (person.properties as Record<string, string[]>).futureProp = ['x'];
  (people[0].properties as Record<string, string[]>).country.push('suhh');
  const path = writeLines('drift.ftm.json', entities.map((e) => JSON.stringify(e)));
  const result = await readAll(ftmJsonFormat, [path]);
  assert.equal(result.entities.length, 91);
  assert.deepEqual(
    result.warnings.map((w) => w.field),
    ['Person:futureProp'],
  );
  assert.ok(result.entities.every((e) => !values(e, 'futureProp').length));
  // 'suhh' (Soviet Union) is an FtM country code that ISO does not have: kept as it is.
  assert.deepEqual(values(result.byId.get(`opensanctions-${String(people[0].id)}`), 'country').sort(), ['ru', 'suhh']);
});

test('nested export: entities inside properties are flattened with their links', async () => {
  const entities = zalaLines();
  const byId = new Map(entities.map((e) => [e.id as string, e]));
  const dfat = byId.get('au-dfat-56600015954691cece058c2a3b0e3b27740701e6')!;
  const subjectId = (dfat.properties as Record<string, string[]>).entity[0];
  const subject = structuredClone(byId.get(subjectId)!);
  const sanctionsOfSubject = entities.filter((e) => e.schema === 'Sanction' && (e.properties as Record<string, string[]>).entity.includes(subjectId));
  // As targets.nested.json writes them: Sanctions under the reverse property `sanctions`, the
  // link back to the subject left out.
  const nestedSanctions = sanctionsOfSubject.map((s) => {
    const copy = structuredClone(s);
    delete (copy.properties as Record<string, unknown>).entity;
    return copy;
  });
  (subject.properties as Record<string, unknown>).sanctions = nestedSanctions;
  const path = writeLines('nested.json', [JSON.stringify(subject), JSON.stringify(nestedSanctions[0])]);
  const result = await readAll(ftmJsonFormat, [path]);
  assert.equal(result.entities.length, 1 + sanctionsOfSubject.length);
  assert.equal(result.entities[0].id, `opensanctions-${subjectId}`);
  assert.deepEqual(values(result.entities[0], 'sanctions'), []);
  assert.equal(sanctionsOf(result, `opensanctions-${subjectId}`).length, sanctionsOfSubject.length);
  // The flattened Sanction is the same as in the flat file (statement order aside).
  const flat = await readAll(ftmJsonFormat, [ZALA]);
  const statements = (r: typeof flat) => r.byId.get(`opensanctions-${String(dfat.id)}`)?.statements.map((s) => `${s.prop}=${s.value}`).sort();
  assert.deepEqual(statements(result), statements(flat));
});
