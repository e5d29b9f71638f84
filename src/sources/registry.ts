// Every list format sanctrace reads, and the official sources it can fetch them from.
import { bisDplFormat } from './bis_dpl.js';
import { caSemaXmlFormat } from './ca_sema_xml.js';
import { euFsfLegacyXmlFormat } from './eu_fsf_legacy_xml.js';
import { euFsfXmlFormat } from './eu_fsf_xml.js';
import { euJournalCsvFormat } from './eu_journal_csv.js';
import { ftmDeltaFormat } from './ftm_delta.js';
import { ftmJsonFormat } from './ftm_json.js';
import { ofacCsvFormat } from './ofac_csv.js';
import { ofacEnhancedXmlFormat } from './ofac_enhanced_xml.js';
import { ofacXmlFormat } from './ofac_xml.js';
import { opensanctionsSimpleCsvFormat } from './opensanctions_simple_csv.js';
import type { AnyFormat } from './types.js';
import { ukFcdoDerivedCsvFormat } from './uk_fcdo_derived_csv.js';
import { ukFcdoXmlFormat } from './uk_fcdo_xml.js';
import { ukOfsiCsvFormat } from './uk_ofsi_csv.js';
import { ukOfsiXlsxFormat } from './uk_ofsi_xlsx.js';
import { unScXmlFormat } from './un_sc_xml.js';
import { usCslCsvFormat } from './us_csl_csv.js';
import { usIsnCsvFormat } from './us_isn_csv.js';

export const FORMATS: AnyFormat[] = [
  ofacCsvFormat,
  ofacXmlFormat,
  ofacEnhancedXmlFormat,
  unScXmlFormat,
  usCslCsvFormat,
  usIsnCsvFormat,
  bisDplFormat,
  euFsfXmlFormat,
  euFsfLegacyXmlFormat,
  euJournalCsvFormat,
  ukOfsiCsvFormat,
  ukOfsiXlsxFormat,
  ukFcdoXmlFormat,
  ukFcdoDerivedCsvFormat,
  caSemaXmlFormat,
  ftmJsonFormat,
  ftmDeltaFormat,
  opensanctionsSimpleCsvFormat,
];

export function getFormat(name: string): AnyFormat {
  const format = FORMATS.find((f) => f.name === name);
  if (!format) throw new Error(`unknown format '${name}' (known: ${FORMATS.map((f) => f.name).join(', ')})`);
  return format;
}

/** An official list and where its current files are published. */
export interface OfficialSource {
  dataset: string;
  title: string;
  authority: string;
  format: string;
  /** The files of one version; empty where no machine-readable official file exists. */
  urls: string[];
  licence: string;
  /** How often the publisher updates it (for `sanctrace sources` and schedulers). */
  schedule: string;
  note?: string;
  /**
   * Records this list republishes from another list under that list's own key: trade.gov's CSL
   * carries OFAC records as `ofac-<uid>`, the same uid the SDN and consolidated lists use. The
   * matcher lends a republished record's names to the original (our SDN snapshots without
   * alt.csv lack the strong aliases the CSL copy still has) and ranks the original first.
   */
  republishes?: { keyPrefix: string; datasets: string[] }[];
  /** A list compiled from other authorities' lists: on equal scores, the authorities' own lists come first. */
  compiled?: boolean;
}

const OFAC_EXPORTS = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports';

export const OFFICIAL_SOURCES: OfficialSource[] = [
  {
    dataset: 'us_ofac_sdn',
    title: 'OFAC Specially Designated Nationals (SDN) list',
    authority: 'US Treasury (OFAC)',
    format: 'ofac_csv',
    urls: [`${OFAC_EXPORTS}/SDN.CSV`, `${OFAC_EXPORTS}/ADD.CSV`, `${OFAC_EXPORTS}/ALT.CSV`, `${OFAC_EXPORTS}/SDN_COMMENTS.CSV`],
    licence: 'US federal work, public domain',
    schedule: 'irregular, several times a week',
  },
  {
    dataset: 'us_ofac_cons',
    title: 'OFAC Consolidated (non-SDN) sanctions list',
    authority: 'US Treasury (OFAC)',
    format: 'ofac_csv',
    urls: [`${OFAC_EXPORTS}/CONS_PRIM.CSV`, `${OFAC_EXPORTS}/CONS_ADD.CSV`, `${OFAC_EXPORTS}/CONS_ALT.CSV`, `${OFAC_EXPORTS}/CONS_COMMENTS.CSV`],
    licence: 'US federal work, public domain',
    schedule: 'irregular',
  },
  {
    dataset: 'un_sc_sanctions',
    title: 'UN Security Council Consolidated List',
    authority: 'UN',
    format: 'un_sc_xml',
    urls: ['https://scsanctions.un.org/resources/xml/en/consolidated.xml'],
    licence: 'public',
    schedule: 'irregular',
  },
  {
    dataset: 'us_trade_csl',
    title: 'US Consolidated Screening List (trade.gov)',
    authority: 'US',
    format: 'us_csl_csv',
    urls: ['https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv'],
    licence: 'US federal work, public domain',
    schedule: 'daily',
    republishes: [{ keyPrefix: 'ofac-', datasets: ['us_ofac_sdn', 'us_ofac_cons'] }],
    compiled: true,
  },
  {
    dataset: 'us_bis_dpl',
    title: 'BIS Denied Persons List',
    authority: 'US Commerce (BIS)',
    format: 'bis_dpl',
    urls: ['https://www.bis.doc.gov/dpl/dpl.txt'],
    licence: 'US federal work, public domain',
    schedule: 'irregular',
  },
  {
    dataset: 'us_state_isn',
    title: 'State Department Nonproliferation Sanctions (ISN)',
    authority: 'US State Department',
    format: 'us_isn_csv',
    urls: [],
    licence: 'US federal work, public domain',
    schedule: 'irregular',
    note: 'The State Department publishes this table as a web page only; its rows reach machines through the CSL (us_trade_csl, source ISN).',
  },
  {
    dataset: 'eu_fsf',
    title: 'EU Financial Sanctions Files (consolidated list)',
    authority: 'EU',
    format: 'eu_fsf_xml',
    urls: ['https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw'],
    licence: 'reuse under Commission Decision 2011/833/EU',
    schedule: 'irregular, on every amending act',
  },
  {
    dataset: 'eu_journal',
    title: 'EU sanctions regulations transcribed from the Official Journal',
    authority: 'EU',
    format: 'eu_journal_csv',
    urls: [],
    licence: 'reuse under Commission Decision 2011/833/EU',
    schedule: 'with each amending act',
    note: 'Transcriptions kept by OpenSanctions; no official machine-readable URL.',
  },
  {
    // The UK's one official list since OFSI retired its Consolidated List on 28 January 2026.
    // Published on https://www.gov.uk/government/publications/the-uk-sanctions-list (XML, CSV, ODS…).
    dataset: 'gb_fcdo_sanctions',
    title: 'UK Sanctions List (FCDO): the UK’s official list of designations',
    authority: 'UK',
    format: 'uk_fcdo_xml',
    urls: ['https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml'],
    licence: 'Open Government Licence v3.0',
    schedule: 'irregular, on every designation notice',
  },
  {
    dataset: 'gb_hmt_ofsi',
    title: 'UK OFSI Consolidated List of Financial Sanctions Targets (retired 28 January 2026)',
    authority: 'UK',
    format: 'uk_ofsi_csv',
    // Not fetched any more: the file at ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv
    // is no longer kept up to date. Versions already stored, and OFSI files imported by hand, remain.
    urls: [],
    licence: 'Open Government Licence v3.0',
    schedule: 'retired',
    note: 'OFSI retired the Consolidated List on 28 January 2026: the FCDO UK Sanctions List (gb_fcdo_sanctions) is the UK’s one official list and is what `update` fetches for the UK. OFSI files (ConList.csv, .xlsx) stay importable for history: sanctrace import <file>.',
  },
  {
    dataset: 'ca_sema',
    title: 'Canada Consolidated Autonomous Sanctions List (SEMA)',
    authority: 'Canada',
    format: 'ca_sema_xml',
    urls: ['https://www.international.gc.ca/world-monde/assets/office_docs/international_relations-relations_internationales/sanctions/sema-lmes.xml'],
    licence: 'Open Government Licence – Canada',
    schedule: 'irregular',
  },
  {
    dataset: 'opensanctions',
    title: 'OpenSanctions consolidated sanctions (FtM)',
    authority: 'various',
    format: 'ftm_json',
    urls: ['https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json'],
    licence: 'CC BY-NC 4.0 (non-commercial use)',
    schedule: 'daily',
    compiled: true,
  },
];

export function officialSource(dataset: string): OfficialSource | undefined {
  return OFFICIAL_SOURCES.find((s) => s.dataset === dataset);
}

/**
 * The default order of lists for results of equal score: the authorities' own lists in registry
 * order, then compiled lists, then lists the registry does not know.
 */
export function listPrecedence(): string[] {
  return [...OFFICIAL_SOURCES.filter((s) => !s.compiled), ...OFFICIAL_SOURCES.filter((s) => s.compiled)].map((s) => s.dataset);
}
