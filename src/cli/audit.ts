// `sanctrace decide` and `sanctrace audit …`: decisions on hits, and the audit trail verified and
// exported for a regulator.
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { decideHit, parseDecision } from '../audit/decisions.js';
import { auditCsv, auditHtml } from '../audit/export.js';
import { listAudit, verifyAudit, type AuditFilter } from '../audit/log.js';
import type { Store } from '../store/types.js';

type WithStore = <T>(fn: (store: Store) => Promise<T>) => Promise<T>;
type Print = (json: boolean, data: unknown, text: () => string) => void;

/** Who the CLI acts for in the audit trail. */
export const cliActor = (given?: string) => given ?? `cli:${userInfo().username}`;

interface FilterOptions {
  kind?: string;
  actor?: string;
  customer?: string;
  from?: string;
  to?: string;
}

const toFilter = (o: FilterOptions): AuditFilter => ({ kind: o.kind, actor: o.actor, customer: o.customer, from: o.from, to: o.to });

export function auditCommands(program: Command, withStore: WithStore, print: Print, anchorFile: () => string): void {
  program
    .command('decide')
    .description("record an analyst's decision on a hit for a customer; a false positive suppresses that hit for that customer until the listed entity changes")
    .argument('<customer>', "the customer's key (as given to screen --customer)")
    .argument('<entity-id>', 'the listed entity of the hit')
    .argument('<decision>', 'true-match, false-positive or escalate')
    .option('--comment <text>', 'why')
    .option('--actor <who>', 'who decides (default: cli:<user>)')
    .option('--screening <seq>', 'the audit record of the screening decided on')
    .option('--json', 'machine-readable output')
    .action(async (customer: string, entityId: string, decisionText: string, opts: { comment?: string; actor?: string; screening?: string; json?: boolean }) => {
      const decision = parseDecision(decisionText);
      const record = await withStore((store) =>
        decideHit(store.sql, { customer, entityId, decision, comment: opts.comment ?? null, actor: cliActor(opts.actor), screeningSeq: opts.screening ? Number(opts.screening) : null }, anchorFile()),
      );
      print(opts.json === true, record, () => `decision recorded as audit record ${record.auditSeq}: ${customer} × ${entityId} = ${decision}`);
    });

  const audit = program.command('audit').description('the tamper-evident audit trail of screenings and decisions');
  const withFilters = (cmd: Command) =>
    cmd
      .option('--kind <kind>', 'screening, batch or decision')
      .option('--actor <actor>', 'only this actor')
      .option('--customer <key>', 'only records about this customer')
      .option('--from <time>', 'from this ISO time')
      .option('--to <time>', 'before this ISO time');

  audit
    .command('verify')
    .description('walk the hash chain: exit 0 when whole, 1 naming the first broken record')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const result = await withStore((store) => verifyAudit(store.sql, anchorFile()));
      print(opts.json === true, result, () =>
        result.ok
          ? `audit trail verified: ${result.records} records, head ${result.head?.seq ?? 0} ${result.head?.hash ?? ''}${result.anchor ? ` (matches the anchor ${result.anchorFile})` : ''}`
          : ['AUDIT TRAIL BROKEN', ...result.problems.map((p) => `  record ${p.seq}: ${p.reason}`), `  anchor: ${result.anchorFile ?? 'none configured'}`].join('\n'),
      );
      if (!result.ok) process.exitCode = 1;
    });

  withFilters(audit.command('list').description('the records, oldest first'))
    .option('--limit <n>', 'most records', '50')
    .option('--json', 'machine-readable output')
    .action(async (opts: FilterOptions & { limit: string; json?: boolean }) => {
      const records = await withStore((store) => listAudit(store.sql, { ...toFilter(opts), limit: Number(opts.limit) }));
      print(opts.json === true, records, () => records.map((r) => `${String(r.seq).padStart(6)}  ${r.at}  ${r.actor.padEnd(20)}  ${r.kind.padEnd(9)}  ${summary(r.payload)}`).join('\n') || 'no audit records');
    });

  withFilters(audit.command('export').description('export for a regulator: CSV (default), JSON or a printable HTML report'))
    .option('--format <format>', 'csv, json or html', 'csv')
    .option('-o, --output <file>', 'write to this file (default: standard output)')
    .action(async (opts: FilterOptions & { format: string; output?: string }) => {
      if (!['csv', 'json', 'html'].includes(opts.format)) throw new Error(`--format ${opts.format}: one of csv, json, html`);
      const text = await withStore(async (store) => {
        const records = await listAudit(store.sql, toFilter(opts));
        if (opts.format === 'json') return `${JSON.stringify({ records }, null, 2)}\n`;
        if (opts.format === 'html') return auditHtml(records, await verifyAudit(store.sql, anchorFile()));
        return auditCsv(records);
      });
      if (opts.output) writeFileSync(opts.output, text);
      else process.stdout.write(text);
    });
}

function summary(payload: unknown): string {
  const p = payload as { queries?: { customer: string | null; query: { names: string[] }; results: { match: boolean }[] }[]; decision?: string; customer?: string; entityId?: string; rows?: number; matches?: number; input?: string };
  if (p.queries) return p.queries.map((q) => `${q.customer ? `[${q.customer}] ` : ''}${q.query.names.join(' / ')}: ${q.results.filter((r) => r.match).length} matches`).join('; ');
  if (p.decision) return `${p.customer} × ${p.entityId} = ${p.decision}`;
  return `${p.input ?? ''} ${p.rows ?? 0} rows, ${p.matches ?? 0} matches`;
}
