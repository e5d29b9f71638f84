// The store contract, run on SQLite and on a real PostgreSQL server: versions, provenance,
// deltas, no-op re-imports, and that failed or killed imports leave the store as it was.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importList } from '../../src/sources/pipeline.js';
import { ImportError } from '../../src/sources/types.js';
import type { Store } from '../../src/store/types.js';
import { raw, REPO_ROOT } from '../helpers/paths.js';
import { backends } from '../helpers/stores.js';

const SDN_0224 = raw('ofac_sdn/jackdwyer_2022-02-24/sdn.csv');
const SDN_0225 = raw('ofac_sdn/jackdwyer_2022-02-25/sdn.csv');
const MZKT = 'us_ofac_sdn-34769';
const work = mkdtempSync(join(tmpdir(), 'sanctrace-store-test-'));

function importSdn(store: Store, file: string, date: string) {
  return importList(store, { paths: [file], format: 'ofac_csv', dataset: 'us_ofac_sdn', publishedAt: date });
}

async function snapshot(store: Store) {
  const versions = await store.listVersions('us_ofac_sdn');
  return { versions: versions.map((v) => v.id), statements: await store.countStatements() };
}

for (const backend of backends()) {
  describe(`store on ${backend.name}`, () => {
    after(() => backend.teardown());

    describe('two real OFAC versions', () => {
      let store: Store;
      before(async () => {
        ({ store } = await backend.fresh());
      });
      after(() => store.close());

      test('importing a version records its date, counts and provenance; the same file again is a no-op', async () => {
        const first = await importSdn(store, SDN_0224, '2022-02-24');
        assert.equal(first.unchanged, false);
        assert.equal(first.version.publishedAt, '2022-02-24');
        const parties = first.version.entityCount;
        assert.ok(parties > 9123, `one entity per SDN record plus listing records, got ${parties}`);
        const again = await importSdn(store, SDN_0224, '2022-02-24');
        assert.equal(again.unchanged, true);
        assert.equal(again.version.id, first.version.id);
        assert.equal((await store.listVersions('us_ofac_sdn')).length, 1);
      });

      test('a newer version records what was added, and diff shows MZKT added under BELARUS-EO14038', async () => {
        const second = await importSdn(store, SDN_0225, '2022-02-25');
        const [v1, v2] = await store.listVersions('us_ofac_sdn');
        assert.equal(second.version.id, v2.id);
        assert.equal(second.version.previousId, v1.id);
        assert.ok(second.version.added >= 91 * 2, `91 new SDN records and their listings, got ${second.version.added}`);
        const delta = await store.diff(v1.id, v2.id);
        const added = delta.added.find((e) => e.id === MZKT);
        assert.ok(added, 'MZKT added');
        assert.equal(added.caption, 'MINSK WHEEL TRACTOR PLANT');
        assert.equal(delta.removed.length, second.version.removed);
        const sanction = delta.added.find((e) => e.schema === 'Sanction' && e.id.startsWith(MZKT));
        assert.ok(sanction, 'the listing record of MZKT is added too');
        const listing = await store.getEntity(sanction.id, v2.id);
        assert.deepEqual(listing!.statements.filter((s) => s.prop === 'program').map((s) => s.value), ['BELARUS-EO14038']);
      });

      test('every value carries the versions it was seen in', async () => {
        const [v1, v2] = await store.listVersions('us_ofac_sdn');
        const mzkt = (await store.getEntity(MZKT))!;
        const reg = mzkt.statements.find((s) => s.prop === 'registrationNumber');
        assert.equal(reg?.value, '100534485');
        assert.equal(reg?.firstSeen.versionId, v2.id);
        assert.equal(reg?.firstSeen.date, '2022-02-25');
        // A record present in both versions: first seen in the first, last seen in the second.
        const cuban = (await store.getEntity('us_ofac_sdn-306'))!;
        const name = cuban.statements.find((s) => s.prop === 'name')!;
        assert.equal(name.value, 'BANCO NACIONAL DE CUBA');
        assert.equal(name.firstSeen.versionId, v1.id);
        assert.equal(name.lastSeen.versionId, v2.id);
        assert.equal(await store.getEntity(MZKT, v1.id), null, 'MZKT is not in the older version');
        const found = await store.searchNames('Minsk Wheel Tractor Plant');
        assert.ok(found.some((f) => f.id === MZKT));
        const referencing = await store.getReferencing(MZKT);
        assert.ok(referencing.some((e) => e.schema === 'Sanction'));
      });

      test('iterating a version yields exactly its entities', async () => {
        const [, v2] = await store.listVersions('us_ofac_sdn');
        let n = 0;
        let statements = 0;
        for await (const entity of store.iterateEntities({ versionId: v2.id })) {
          n += 1;
          statements += entity.statements.length;
        }
        assert.equal(n, v2.entityCount);
        assert.equal(statements, v2.statementCount);
      });
    });

    test('removed entities keep their history; an older version imported later keeps first-seen right', async () => {
      const { store } = await backend.fresh();
      try {
        const lines = readFileSync(SDN_0224, 'latin1').split('\n');
        // The OFAC CSV set is recognised by its file names: keep `sdn.csv`.
        const shorter = join(mkdtempSync(join(work, 'shorter-')), 'sdn.csv');
        writeFileSync(shorter, lines.slice(10).join('\n'), 'latin1');
        const full = await importSdn(store, SDN_0224, '2022-02-24');
        const cut = await importSdn(store, shorter, '2022-03-01');
        const delta = await store.diff(full.version.id, cut.version.id);
        const parties = delta.removed.filter((e) => !['Sanction', 'UnknownLink', 'Ownership'].includes(e.schema));
        assert.equal(parties.length, 10, 'the ten records cut from the file are removed');
        const removedId = `us_ofac_sdn-${lines[0].split(',')[0]}`;
        const removed = await store.getEntity(removedId);
        assert.ok(removed, 'a removed entity is still there');
        assert.equal(removed.version.versionId, full.version.id);
        // Importing the MZKT version afterwards, dated between the two, moves no first-seen date.
        const middle = await importSdn(store, SDN_0225, '2022-02-25');
        const keptId = `us_ofac_sdn-${lines[100].split(',')[0]}`;
        const kept = (await store.getEntity(keptId, cut.version.id))!;
        const name = kept.statements.find((s) => s.prop === 'name')!;
        assert.equal(name.firstSeen.versionId, full.version.id);
        assert.equal(name.lastSeen.versionId, cut.version.id);
        const mzkt = (await store.getEntity(MZKT))!;
        assert.equal(mzkt.version.versionId, middle.version.id);
      } finally {
        await store.close();
      }
    });

    test('a malformed file is refused with its line, and the store is exactly as before', async () => {
      const { store } = await backend.fresh();
      try {
        await importSdn(store, SDN_0224, '2022-02-24');
        const before = await snapshot(store);
        const lines = readFileSync(SDN_0225, 'latin1').split('\n');
        lines[4999] = 'this is not an OFAC record';
        const broken = join(mkdtempSync(join(work, 'broken-')), 'sdn.csv');
        writeFileSync(broken, lines.join('\n'), 'latin1');
        await assert.rejects(importSdn(store, broken, '2022-02-25'), (err: Error) => {
          assert.ok(err instanceof ImportError, err.message);
          assert.match(err.message, /sdn\.csv:5000/u);
          return true;
        });
        assert.deepEqual(await snapshot(store), before);
      } finally {
        await store.close();
      }
    });

    test('a second import while one is writing is refused with a clear message naming its file; the first completes (issue 14)', async () => {
      const { store, location } = await backend.fresh();
      try {
        const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/helpers/import-child.ts'), location, 'us_ofac_sdn', '2024-05-03', raw('ofac_sdn/jackdwyer_2024-05-03/sdn.csv')], {
          cwd: REPO_ROOT,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let output = '';
        const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
        await new Promise<void>((resolve) =>
          child.stdout.on('data', (chunk: Buffer) => {
            output += chunk.toString();
            if (output.includes('midway')) resolve();
          }),
        );
        // The first import holds the store: a second one, of another list, is refused at once.
        await assert.rejects(importList(store, { paths: [raw('us_isn/ita_webservices_2016-12-02/isn.csv')] }), (err: Error) => {
          assert.ok(err instanceof ImportError, err.message);
          assert.match(err.message, /another import is writing to this store/u);
          assert.match(err.message, /isn\.csv/u);
          return true;
        });
        assert.equal(await exited, 0, 'the first import finishes');
        assert.ok(output.includes('finished'));
        assert.equal((await store.listVersions('us_ofac_sdn')).length, 1);
        assert.equal((await store.listDatasets()).length, 1, 'nothing of the refused import was stored');
        // Once the first is done, the second goes through.
        const again = await importList(store, { paths: [raw('us_isn/ita_webservices_2016-12-02/isn.csv')] });
        assert.equal(again.unchanged, false);
      } finally {
        await store.close();
      }
    });

    test('killing the process in the middle of an import loses nothing', async () => {
      const { store, location } = await backend.fresh();
      try {
        await importSdn(store, SDN_0224, '2022-02-24');
        const before = await snapshot(store);
        const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/helpers/import-child.ts'), location, 'us_ofac_sdn', '2024-05-03', raw('ofac_sdn/jackdwyer_2024-05-03/sdn.csv')], {
          cwd: REPO_ROOT,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        const output = await new Promise<string>((resolve) => {
          let text = '';
          child.stdout.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (text.includes('midway')) child.kill('SIGKILL');
          });
          child.on('exit', () => resolve(text));
        });
        assert.ok(output.includes('midway') && !output.includes('finished'), `killed in the middle, got: ${output}`);
        assert.deepEqual(await snapshot(store), before);
        // And the store still takes the same import afterwards.
        const redo = await importSdn(store, raw('ofac_sdn/jackdwyer_2024-05-03/sdn.csv'), '2024-05-03');
        assert.equal(redo.unchanged, false);
      } finally {
        await store.close();
      }
    });
  });
}
