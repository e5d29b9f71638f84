// Every setting in one place, each with its environment variable and default.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root: where data/default lives. */
export const PACKAGE_ROOT = resolve(fileURLToPath(import.meta.url), '../..');

export interface Settings {
  /** Store location: a SQLite file path or a postgres:// URL. */
  db: string;
  /** Where downloaded and unpacked list files are kept. */
  cacheDir: string;
  /** Folder of the bundled list snapshots (manifest.json + gzip files). */
  defaultDataDir: string;
  /** Replaces the origin of every official URL (a corporate mirror, or a local test server). */
  mirror: string | null;
  /** The HTTP API answers reads without a key (writes always need one). */
  anonymousRead: boolean;
  /**
   * Where the audit trail's head is anchored outside the database (so deleting the newest
   * records is detected): beside a SQLite file, else in the sanctrace home.
   */
  auditAnchor: string;
  /** Batch jobs of the HTTP API (uploads, state, results), kept across restarts. */
  jobsDir: string;
}

export function loadSettings(overrides: Partial<Settings> = {}): Settings {
  const home = resolve(process.env.SANCTRACE_HOME ?? '.sanctrace');
  const db = overrides.db ?? process.env.SANCTRACE_DB ?? resolve(home, 'sanctrace.sqlite');
  const isUrl = /^postgres(ql)?:\/\//u.test(db);
  return {
    db,
    cacheDir: overrides.cacheDir ?? process.env.SANCTRACE_CACHE ?? resolve(home, 'cache'),
    defaultDataDir: overrides.defaultDataDir ?? process.env.SANCTRACE_DEFAULT_DATA ?? resolve(PACKAGE_ROOT, 'data/default'),
    mirror: overrides.mirror ?? process.env.SANCTRACE_MIRROR ?? null,
    auditAnchor: overrides.auditAnchor ?? process.env.SANCTRACE_AUDIT_ANCHOR ?? (isUrl ? resolve(home, 'audit-anchor.json') : `${resolve(db.replace(/^sqlite:/u, ''))}.audit-anchor.json`),
    jobsDir: overrides.jobsDir ?? process.env.SANCTRACE_JOBS ?? resolve(home, 'jobs'),
    anonymousRead: overrides.anonymousRead ?? !/^(0|false|no|off)$/iu.test(process.env.SANCTRACE_ANONYMOUS_READ ?? ''),
  };
}
