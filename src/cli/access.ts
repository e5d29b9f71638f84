// `sanctrace keys …`: API keys with roles for the HTTP API's write endpoints.
import type { Command } from 'commander';
import { createApiKey, listApiKeys, parseRole, revokeApiKey } from '../access/keys.js';
import type { Store } from '../store/types.js';

type WithStore = <T>(fn: (store: Store) => Promise<T>) => Promise<T>;
type Print = (json: boolean, data: unknown, text: () => string) => void;

export function accessCommands(program: Command, withStore: WithStore, print: Print): void {
  const keys = program.command('keys').description('API keys with roles (screener < analyst < admin) for the HTTP API');
  keys
    .command('create')
    .description('create a key; it is printed once and stored only as a hash')
    .requiredOption('--role <role>', 'screener, analyst or admin')
    .requiredOption('--label <label>', 'who or what uses the key (recorded in the audit trail)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { role: string; label: string; json?: boolean }) => {
      const created = await withStore((store) => createApiKey(store.sql, { label: opts.label, role: parseRole(opts.role) }));
      print(opts.json === true, { ...created, role: opts.role, label: opts.label }, () => `${created.key}\n(key ${created.id}, role ${opts.role}, label ${opts.label}: shown once, keep it safe)`);
    });
  keys
    .command('list')
    .description('the keys, without their secrets')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const all = await withStore((store) => listApiKeys(store.sql));
      print(opts.json === true, all, () => all.map((k) => `${String(k.id).padStart(4)}  ${k.role.padEnd(8)}  ${k.label}  created ${k.createdAt}${k.revokedAt ? `  REVOKED ${k.revokedAt}` : ''}`).join('\n') || 'no keys');
    });
  keys
    .command('revoke <id>')
    .description('revoke a key (running servers refuse it within seconds)')
    .action(async (id: string) => {
      await withStore((store) => revokeApiKey(store.sql, Number(id)));
      process.stdout.write(`key ${id} revoked\n`);
    });
}
