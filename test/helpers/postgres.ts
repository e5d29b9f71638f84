// A real PostgreSQL server for tests: Debian's package, a fresh cluster in a temp folder,
// listening on loopback only, stopped afterwards. initdb refuses root, so as root the server
// runs as the `postgres` system user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './serve.js';

export interface TestPostgres {
  url: string;
  stop(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin/initdb'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL server not installed (apt-get install postgresql); .ci/run installs it');
  versions.sort((a, b) => Number(b) - Number(a));
  return join(root, versions[0], 'bin');
}

function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

function run(command: string, args: string[], user: { uid: number; gid: number } | null): void {
  const result = spawnSync(command, args, { uid: user?.uid, gid: user?.gid, encoding: 'utf8', cwd: tmpdir() });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error}`);
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const user = postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'sanctrace-pg-'));
  chmodSync(dir, 0o700);
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const port = await freePort();
  run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'sanctrace', '-E', 'UTF8', '--no-locale'], user);
  run(
    join(bin, 'pg_ctl'),
    ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start'],
    user,
  );
  let stopped = false;
  return {
    url: `postgres://sanctrace@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], user);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
