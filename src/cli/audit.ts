// `sanctrace decide` and `sanctrace audit …`: decisions on hits, and the audit trail verified,
// exported for a regulator, and its old records archived and pruned (retention).
import { existsSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { decideHit, parseDecision } from '../audit/decisions.js';
import { auditCsv, auditHtml } from '../audit/export.js';
import { listAudit, verifyAudit, type AuditFilter, type PrunePayload } from '../audit/log.js';
import { checkpointFor, exportAndPruneAudit, verifyArchive } from '../audit/retention.js';
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
      .option('--kind <kind>', 'screening, batch, decision or prune')
      .option('--actor <actor>', 'only this actor')
      .option('--customer <key>', 'only records about this customer')
      .option('--from <time>', 'from this ISO time')
      .option('--to <time>', 'before this ISO time');

  audit
    .command('verify')
    .description('walk the hash chain (from the newest prune checkpoint, if any): exit 0 when whole, 1 naming the first broken record')
    .option('--archive <file>', 'also verify an archive written by audit prune: its own chain, and that it ends at its checkpoint')
    .option('--json', 'machine-readable output')
    .action(async (opts: { archive?: string; json?: boolean }) => {
      const { result, archive } = await withStore(async (store) => {
        const result = await verifyAudit(store.sql, anchorFile());
        if (!opts.archive) return { result, archive: null };
        const checkpoint = await checkpointFor(store.sql, opts.archive);
        const archive = await verifyArchive(opts.archive, checkpoint);
        if (!checkpoint) archive.problems.push({ seq: archive.last?.seq ?? 0, reason: `no prune checkpoint names this archive (${opts.archive}) or has its sha256` });
        archive.ok = archive.problems.length === 0;
        return { result, archive };
      });
      const pruned = result.checkpoint ? ` after the checkpoint (records through ${result.checkpoint.prunedThroughSeq} pruned to ${result.checkpoint.archiveName})` : '';
      const chainText = result.ok
        ? `audit trail verified: ${result.records} records${pruned}, head ${result.head?.seq ?? 0} ${result.head?.hash ?? ''}${result.anchor ? ` (matches the anchor ${result.anchorFile})` : ''}`
        : ['AUDIT TRAIL BROKEN', ...result.problems.map((p) => `  record ${p.seq}: ${p.reason}`), `  anchor: ${result.anchorFile ?? 'none configured'}`].join('\n');
      const archiveText = !archive
        ? ''
        : archive.ok
          ? `\narchive verified: ${archive.archiveFile}, ${archive.records} records (${archive.first?.seq ?? 0}–${archive.last?.seq ?? 0}), sha256 ${archive.sha256}, ends at checkpoint #${archive.checkpoint?.id} (pruned through record ${archive.checkpoint?.prunedThroughSeq})`
          : ['', `ARCHIVE BROKEN: ${archive.archiveFile}`, ...archive.problems.map((p) => `  record ${p.seq}: ${p.reason}`)].join('\n');
      print(opts.json === true, archive ? { ...result, archive } : result, () => `${chainText}${archiveText}`);
      if (!result.ok || (archive && !archive.ok)) process.exitCode = 1;
    });

  audit
    .command('prune')
    .description('retention: export the records written before a date to a new archive file (JSON Lines, as stored), then delete them, leaving a checkpoint the chain is verified from; never the newest record')
    .requiredOption('--before <date>', 'prune the records written before this ISO date or time (a date: midnight UTC)')
    .requiredOption('--archive <file>', 'the archive to write (refused if it exists); keep it, with the anchor, off the store\'s disk')
    .option('--actor <who>', 'who prunes (default: cli:<user>)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { before: string; archive: string; actor?: string; json?: boolean }) => {
      if (existsSync(opts.archive)) throw new Error(`--archive ${opts.archive} exists already: an archive is never overwritten, choose a new file`);
      const outcome = await withStore((store) => exportAndPruneAudit(store.sql, { before: opts.before, archiveFile: opts.archive, anchorFile: anchorFile(), actor: cliActor(opts.actor) }));
      print(opts.json === true, outcome, () =>
        outcome.records === 0 || !outcome.checkpoint
          ? `nothing to prune: no record written before ${opts.before} besides the newest; no archive written`
          : [
              `${outcome.records} records (${outcome.firstSeq}–${outcome.throughSeq}) archived to ${outcome.archiveFile} and pruned`,
              `  archive sha256 ${outcome.archiveSha256}`,
              `  checkpoint #${outcome.checkpoint.id}: pruned through record ${outcome.checkpoint.prunedThroughSeq} ${outcome.checkpoint.prunedThroughHash}`,
              `  the prune is audit record ${outcome.pruneRecord?.seq}; check both with: sanctrace audit verify --archive ${outcome.archiveFile}`,
            ].join('\n'),
      );
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
  const prune = payload as Partial<PrunePayload>;
  if (prune.archiveSha256) return `pruned records ${prune.firstSeq}–${prune.throughSeq} (${prune.records}, before ${prune.before}) to ${prune.archive} sha256 ${prune.archiveSha256.slice(0, 16)}…`;
  const p = payload as { queries?: { customer: string | null; query: { names: string[] }; results: { match: boolean }[] }[]; decision?: string; customer?: string; entityId?: string; rows?: number; matches?: number; input?: string };
  if (p.queries) return p.queries.map((q) => `${q.customer ? `[${q.customer}] ` : ''}${q.query.names.join(' / ')}: ${q.results.filter((r) => r.match).length} matches`).join('; ');
  if (p.decision) return `${p.customer} × ${p.entityId} = ${p.decision}`;
  return `${p.input ?? ''} ${p.rows ?? 0} rows, ${p.matches ?? 0} matches`;
}
