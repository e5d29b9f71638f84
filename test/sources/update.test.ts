// `update` against a local HTTP server that serves the real list files at the official paths
// (through the mirror setting): downloads, verifies, imports; a second run changes nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { officialSource } from '../../src/sources/registry.js';
import { updateSources } from '../../src/sources/update.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { raw } from '../helpers/paths.js';

// Official URL path → real file from the shared data.
const SERVED: Record<string, string> = {
  '/api/PublicationPreview/exports/SDN.CSV': raw('ofac_sdn/watchman_2021-07-07/sdn.csv'),
  '/api/PublicationPreview/exports/ADD.CSV': raw('ofac_sdn/watchman_2021-07-07/add.csv'),
  '/api/PublicationPreview/exports/ALT.CSV': raw('ofac_sdn/watchman_2021-07-07/alt.csv'),
  '/api/PublicationPreview/exports/SDN_COMMENTS.CSV': raw('ofac_sdn/watchman_2021-07-07/sdn_comments.csv'),
  '/resources/xml/en/consolidated.xml': raw('un_sc/watchman_2026-02-27/consolidated.xml'),
  '/dpl/dpl.txt': '<html><body>Service unavailable</body></html>',
};

let server: Server;
let mirror: string;
let store: Store;
const requested: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requested.push(path);
    const file = SERVED[path];
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200).end(file.startsWith('<') ? file : readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  mirror = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'sanctrace-update-')), 'store.sqlite'));
});

after(async () => {
  await store.close();
  await new Promise((resolve) => server.close(resolve));
});

test('update fetches each list from its official path, verifies and imports it; failures are per list', async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'sanctrace-cache-'));
  const sources = ['us_ofac_sdn', 'un_sc_sanctions', 'us_bis_dpl', 'ca_sema'].map((d) => officialSource(d)!);
  const results = await updateSources(store, { cacheDir, mirror, sources });
  const byDataset = new Map(results.map((r) => [r.dataset, r]));
  assert.equal(byDataset.get('us_ofac_sdn')?.error, undefined);
  assert.ok(byDataset.get('us_ofac_sdn')!.outcome!.version.entityCount > 8976);
  const un = byDataset.get('un_sc_sanctions')!.outcome!.version;
  assert.equal(un.publishedAt, '2026-02-27', 'the date the UN file states');
  assert.match(byDataset.get('us_bis_dpl')!.error!, /not in the expected bis_dpl format/u, 'an HTML error page is not imported');
  assert.match(byDataset.get('ca_sema')!.error!, /HTTP 404/u);
  assert.equal(await store.latestVersion('us_bis_dpl'), null);
  assert.equal(await store.latestVersion('ca_sema'), null);
  assert.ok(requested.includes('/api/PublicationPreview/exports/SDN_COMMENTS.CSV'));

  const again = await updateSources(store, { cacheDir, mirror, sources: sources.slice(0, 2) });
  assert.ok(again.every((r) => r.outcome?.unchanged === true), 'same files: nothing new');
  assert.equal((await store.listVersions('us_ofac_sdn')).length, 1);
});
