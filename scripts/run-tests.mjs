// Runs every test file under test/ with Node's own test runner (TypeScript through tsx).
// Node 20's runner does not expand globs itself, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'helpers' ? [] : find(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

// Two files at a time where there are two cores: every file has its own temporary store, home,
// PostgreSQL server (on a free port) and browser, so they do not meet; the long files (xref of
// the bundled lists, the PostgreSQL store) then overlap instead of queueing. SANCTRACE_TEST_CONCURRENCY=1
// runs them one by one.
const concurrency = Number(process.env.SANCTRACE_TEST_CONCURRENCY ?? Math.min(2, availableParallelism()));
const only = process.argv.slice(2);
const files = (only.length ? only : find('test')).sort();
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env } },
);
process.exit(result.status ?? 1);
