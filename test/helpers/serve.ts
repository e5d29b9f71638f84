// `sanctrace serve` as a child process for tests that need a real server process (restarts,
// replicas): a free loopback port, and a promise that settles once the server listens.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

/** A loopback port nobody listens on (the kernel's pick, released at once). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  return port;
}

export interface ServeProcess {
  child: ChildProcess;
  base: string;
  /** What the server wrote on stderr so far. */
  log: () => string;
}

/** Start `serve --no-xref` on the store `db` with extra environment; resolves once it listens, rejects if it exits first. */
export async function startServe(db: string, env: Record<string, string>): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), '--db', db, 'serve', '--port', String(port), '--no-xref'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (c: Buffer) => {
      text += c.toString();
      if (text.includes('sanctrace API on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${text}`)));
  });
  return { child, base: `http://127.0.0.1:${port}`, log: () => text };
}
