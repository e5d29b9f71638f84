// What the browser tests share: Debian's Chromium (never a downloaded browser), screenshots
// written to test-artifacts/ for review, and the real list versions the profile and screening
// pages are shown over.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { importList } from '../../src/sources/pipeline.js';
import type { Store } from '../../src/store/types.js';
import { raw, REPO_ROOT } from './paths.js';

export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');

export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
}

/** A full-page screenshot test-artifacts/<name>.png, looked at when the note is written. */
export const screenshot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

/** The OFAC SDN versions of 2022-02-24 and 2022-02-25 (MZKT added on the second) and the EU's Belarus act as transcribed from the Official Journal. */
export async function importOfacAndEuBelarus(store: Store, dir: string): Promise<void> {
  for (const date of ['2022-02-24', '2022-02-25']) await importList(store, { paths: [raw(`ofac_sdn/jackdwyer_${date}/sdn.csv`)], publishedAt: date });
  mkdirSync(join(dir, 'eu', 'consolidated'), { recursive: true });
  copyFileSync(raw('eu_journal/opensanctions_2026-08-22/consolidated/32006R0765.csv'), join(dir, 'eu', 'consolidated', '32006R0765.csv'));
  await importList(store, { paths: [join(dir, 'eu')], publishedAt: '2026-08-22' });
}
