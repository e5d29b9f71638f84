// Where the real test material lives: ../shared/data beside the repository (never copied in).
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DATA = resolve(REPO_ROOT, '../shared/data');
export const RAW = resolve(SHARED_DATA, 'raw');
export const NEWS = resolve(SHARED_DATA, 'news');

export function raw(...parts: string[]): string {
  const path = resolve(RAW, ...parts);
  if (!existsSync(path)) throw new Error(`test data missing: ${path} (is ../shared beside the repo?)`);
  return path;
}
