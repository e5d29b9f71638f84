// Builds data/default: gzip snapshots of the real official list files in ../shared/data/raw
// (see its SOURCES.md) whose terms allow redistribution, plus manifest.json. Run it again when
// the shared data gains a newer version: `npx tsx scripts/build-default-data.ts [rawDir]`.
//
// Left out on purpose: OpenSanctions data (CC BY-NC, non-commercial), the hand-made or trimmed
// samples (a 5-entity EU extract or a 13-row CSL sample as the "latest version" would show fake
// deletions), the cut-off 2023 CSL download, and the student-normalised UK tables (no licence).
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, constants } from 'node:zlib';
import type { BundledList, BundleManifest } from '../src/sources/bundled.js';

const rawDir = resolve(process.argv[2] ?? '../shared/data/raw');
const outDir = resolve('data/default');

const US = 'US federal work, public domain';
const OGL_UK = 'Open Government Licence v3.0';
const OGL_CA = 'Open Government Licence – Canada';
const EU = 'EU reuse under Commission Decision 2011/833/EU';

type Entry = Omit<BundledList, 'files'> & { files: string[] };

const LISTS: Entry[] = [
  { dataset: 'us_ofac_sdn', format: 'ofac_csv', publishedAt: '2019-01-04', files: ['ofac_sdn/watchman_2019-01-04/sdn.csv', 'ofac_sdn/watchman_2019-01-04/add.csv', 'ofac_sdn/watchman_2019-01-04/alt.csv', 'ofac_sdn/watchman_2019-01-04/sdn_comments.csv'], origin: 'moov-io/watchman test data (complete OFAC CSV set)', licence: US },
  { dataset: 'us_ofac_sdn', format: 'ofac_csv', publishedAt: '2021-07-07', files: ['ofac_sdn/watchman_2021-07-07/sdn.csv', 'ofac_sdn/watchman_2021-07-07/add.csv', 'ofac_sdn/watchman_2021-07-07/alt.csv', 'ofac_sdn/watchman_2021-07-07/sdn_comments.csv'], origin: 'moov-io/watchman test data (complete OFAC CSV set)', licence: US },
  { dataset: 'us_ofac_sdn', format: 'ofac_csv', publishedAt: '2022-02-24', files: ['ofac_sdn/jackdwyer_2022-02-24/sdn.csv'], origin: 'daily git-scrape of treasury.gov sdn.csv', licence: US },
  { dataset: 'us_ofac_sdn', format: 'ofac_csv', publishedAt: '2022-02-25', files: ['ofac_sdn/jackdwyer_2022-02-25/sdn.csv'], origin: 'daily git-scrape of treasury.gov sdn.csv', licence: US },
  { dataset: 'us_ofac_sdn', format: 'ofac_csv', publishedAt: '2024-04-26', files: ['ofac_sdn/jackdwyer_2024-04-26/sdn.csv'], origin: 'daily git-scrape of treasury.gov sdn.csv', licence: US },
  { dataset: 'us_ofac_sdn', format: 'ofac_csv', publishedAt: '2024-05-03', files: ['ofac_sdn/jackdwyer_2024-05-03/sdn.csv'], origin: 'daily git-scrape of treasury.gov sdn.csv', licence: US },
  { dataset: 'us_ofac_cons', format: 'ofac_enhanced_xml', publishedAt: null, files: ['ofac_consolidated/watchman_2025-01-10/CONS_ENHANCED.XML'], origin: 'moov-io/watchman test data (OFAC Enhanced XML)', licence: US },
  { dataset: 'us_ofac_cons', format: 'ofac_xml', publishedAt: null, files: ['ofac_consolidated/kebalkhadka_2025-03-28/consolidated.xml'], origin: 'kebalkhadka/Sanctionslist (OFAC consolidated.xml)', licence: US },
  { dataset: 'us_ofac_cons', format: 'ofac_csv', publishedAt: '2025-12-19', files: ['ofac_consolidated/watchman_2025-12-19/cons_prim.csv', 'ofac_consolidated/watchman_2025-12-19/cons_add.csv', 'ofac_consolidated/watchman_2025-12-19/cons_alt.csv', 'ofac_consolidated/watchman_2025-12-19/cons_comments.csv'], origin: 'moov-io/watchman test data (OFAC consolidated CSV set)', licence: US },
  { dataset: 'un_sc_sanctions', format: 'un_sc_xml', publishedAt: null, files: ['un_sc/watchman_2026-02-27/consolidated.xml'], origin: 'moov-io/watchman test data', licence: 'UN, public' },
  { dataset: 'us_trade_csl', format: 'us_csl_csv', publishedAt: '2022-05-06', files: ['us_csl/watchman_2022-05-06/consolidated.csv.gz'], origin: 'moov-io/watchman test data (complete CSL download)', licence: US },
  { dataset: 'us_state_isn', format: 'us_isn_csv', publishedAt: '2014-10-27', files: ['us_isn/ita_webservices_2014-10-27_legacy/isn.csv'], origin: 'InternationalTradeAdministration/webservices', licence: US },
  { dataset: 'us_state_isn', format: 'us_isn_csv', publishedAt: '2016-12-02', files: ['us_isn/ita_webservices_2016-12-02/isn.csv'], origin: 'InternationalTradeAdministration/webservices', licence: US },
  { dataset: 'us_bis_dpl', format: 'bis_dpl', publishedAt: '2023-11-30', files: ['bis_dpl/watchman_2023-11-30/dpl.txt'], origin: 'moov-io/watchman test data', licence: US },
  { dataset: 'eu_journal', format: 'eu_journal_csv', publishedAt: '2026-08-22', files: ['eu_journal/opensanctions_2026-08-22'], origin: 'opensanctions/opensanctions datasets/eu/journal_sanctions (transcribed Official Journal acts)', licence: EU },
  { dataset: 'gb_hmt_ofsi', format: 'uk_ofsi_csv', publishedAt: null, files: ['uk_ofsi/albertodiaz_2016-03-23/ConList.csv'], origin: 'albertodiaz/open_list', licence: OGL_UK },
  { dataset: 'gb_hmt_ofsi', format: 'uk_ofsi_csv', publishedAt: null, files: ['uk_ofsi_conlist/deriv_2020-04-27/ConList.csv'], origin: 'deriv-com/perl-Data-Validate-Sanctions', licence: OGL_UK },
  { dataset: 'gb_hmt_ofsi', format: 'uk_ofsi_xlsx', publishedAt: null, files: ['uk_ofsi_conlist/nadyasoto_2025-04-10/UK_Sanctions_List.xlsx'], origin: 'nadya-soto/uk-sanctions-cleaning-project (untouched OFSI ConList.xlsx)', licence: OGL_UK },
  { dataset: 'gb_hmt_ofsi', format: 'uk_ofsi_xlsx', publishedAt: null, files: ['uk_ofsi_conlist/malverde_2025-04-14/ConList.xlsx'], origin: 'mmahmed107/malverde_data_task', licence: OGL_UK },
  { dataset: 'ca_sema', format: 'ca_sema_xml', publishedAt: '2020-04-15', files: ['ca_sema/mendw_2020-04/sema-lmes.xml'], origin: 'Mendw/cmt-project-api', licence: OGL_CA },
  { dataset: 'ca_sema', format: 'ca_sema_xml', publishedAt: '2025-05-25', files: ['ca_sema/kebalkhadka_2025-05-25/sema-lmes.xml'], origin: 'kebalkhadka/Sanctionslist', licence: OGL_CA },
];

async function gzipTo(source: string, target: string): Promise<void> {
  mkdirSync(dirname(target), { recursive: true });
  // Already-compressed inputs are copied as they are (still gzip, still unpacked on load).
  if (source.endsWith('.gz')) {
    await pipeline(createReadStream(source), createWriteStream(target));
    return;
  }
  await pipeline(createReadStream(source), createGzip({ level: constants.Z_BEST_COMPRESSION }), createWriteStream(target));
}

async function main(): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  const lists: BundledList[] = [];
  for (const entry of LISTS) {
    const files: string[] = [];
    for (const rel of entry.files) {
      const abs = join(rawDir, rel);
      const sources = statSync(abs).isDirectory()
        ? readdirSync(abs, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name))
        : [abs];
      for (const source of sources.sort()) {
        const relative = source.slice(rawDir.length + 1);
        const target = relative.endsWith('.gz') ? relative : `${relative}.gz`;
        await gzipTo(source, join(outDir, target));
        files.push(target);
      }
    }
    lists.push({ ...entry, files });
  }
  const manifest: BundleManifest = {
    description: 'Dated snapshots of real official sanctions lists, loaded by `sanctrace init`. Origins: ../shared/data/raw/SOURCES.md.',
    lists,
  };
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`${lists.length} list versions, ${lists.reduce((n, l) => n + l.files.length, 0)} files → ${outDir}`);
}

await main();
