// `sanctrace portfolio …`, `monitor run`, `alerts …`: watched parties re-screened when lists or
// articles change, and the alerts that raises.
import type { Command } from 'commander';
import { acknowledgeAlert, listAlerts, type Alert } from '../monitor/alerts.js';
import { afterListImport, type MonitorOutcome } from '../monitor/hooks.js';
import { addMembers, createPortfolio, getPortfolio, importMembers, listPortfolios, membersOf } from '../monitor/portfolio.js';
import { rescreen } from '../monitor/rescreen.js';
import { deliverPending } from '../monitor/webhook.js';
import { Screener } from '../screen/screen.js';
import type { Store, VersionRecord } from '../store/types.js';
import { cliActor } from './audit.js';
import { progressBar } from './progress.js';

type WithStore = <T>(fn: (store: Store) => Promise<T>) => Promise<T>;
type Print = (json: boolean, data: unknown, text: () => string) => void;

export function renderAlert(a: Alert): string {
  const cause = a.cause.kind === 'list' ? `${a.cause.dataset} version of ${a.cause.versionDate} (v${a.cause.versionId})` : a.cause.kind === 'article' ? `article ${a.cause.articleId.slice(0, 20)} ${a.cause.title ?? ''}` : `manual run by ${a.cause.actor}`;
  return `#${a.id} ${a.kind.toUpperCase().padEnd(7)} ${a.portfolio}/${a.memberKey} → ${a.detail.caption} (${a.entityId}) score ${a.score.toFixed(3)}; cause: ${cause}${a.acknowledgedAt ? `; acknowledged by ${a.acknowledgedBy}` : ''}\n      ${a.detail.explanation}`;
}

/** Re-screen the portfolios after an import and tell the user what it raised (stderr: the import's own output stays clean). */
export async function monitorAfterImport(store: Store, versions: VersionRecord[]): Promise<MonitorOutcome> {
  const bar = progressBar('re-screening portfolios', 'rows');
  const outcome = await afterListImport(store, versions, {}, (done, total) => bar.update(done, total));
  bar.stop();
  if (outcome.alerts.length) process.stderr.write(`monitoring: ${outcome.alerts.length} new alert(s) in ${outcome.portfolios} portfolio(s); see \`sanctrace alerts\`\n`);
  return outcome;
}

export function monitorCommands(program: Command, withStore: WithStore, print: Print): void {
  const portfolio = program.command('portfolio').description('saved portfolios of customers or watched parties, re-screened when lists or articles change');
  portfolio
    .command('create <name>')
    .option('--threshold <score>', 'score from which a hit alerts (default: the matcher’s)')
    .option('--webhook <url>', 'POST new alerts here (retried)')
    .action(async (name: string, opts: { threshold?: string; webhook?: string }) => {
      const { webhookSecret } = await withStore((store) => createPortfolio(store.sql, { name, threshold: opts.threshold ? Number(opts.threshold) : null, webhook: opts.webhook ?? null }));
      if (webhookSecret) process.stderr.write(`webhook deliveries are signed (X-Sanctrace-Signature: sha256=HMAC of "<X-Sanctrace-Timestamp>.<body>"); the secret, shown once:\n  ${webhookSecret}\n`);
      process.stdout.write(`portfolio ${name} created\n`);
    });
  portfolio
    .command('add <portfolio> <key> <name...>')
    .description('add (or replace) one member under your own key for it')
    .option('--schema <schema>', 'Person, Company, Organization, LegalEntity, Vessel…', 'LegalEntity')
    .option('--country <codes...>', 'ISO country codes')
    .option('--dob <dates...>', 'birth dates')
    .option('--id <identifiers...>', 'registration, passport, IMO… numbers')
    .action(async (name: string, key: string, names: string[], opts: { schema: string; country?: string[]; dob?: string[]; id?: string[] }) => {
      await withStore((store) => addMembers(store.sql, name, [{ key, query: { schema: opts.schema, names: [names.join(' ')], countries: opts.country ?? [], birthDates: opts.dob ?? [], identifiers: opts.id ?? [] } }]));
      process.stdout.write(`member ${key} added to ${name} (its first screening sets its baseline)\n`);
    });
  portfolio
    .command('import <portfolio> <csv>')
    .description('add members from a CSV (columns as for screen-batch; --key-column names the customer id, default: the first column)')
    .option('--key-column <column>')
    .option('--name-column <column>')
    .option('--country-column <column>')
    .option('--dob-column <column>')
    .option('--id-column <column>')
    .option('--schema <schema>', 'schema of every row', 'LegalEntity')
    .action(async (name: string, csv: string, opts: { keyColumn?: string; nameColumn?: string; countryColumn?: string; dobColumn?: string; idColumn?: string; schema: string }) => {
      const n = await withStore((store) => importMembers(store.sql, name, csv, { key: opts.keyColumn, name: opts.nameColumn, country: opts.countryColumn, dob: opts.dobColumn, id: opts.idColumn }, opts.schema));
      process.stdout.write(`${n} members added to ${name}\n`);
    });
  portfolio
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const all = await withStore((store) => listPortfolios(store.sql));
      print(opts.json === true, all, () => all.map((p) => `${p.name.padEnd(24)} ${String(p.members).padStart(7)} members  threshold ${p.threshold ?? 'default'}  ${p.webhook ?? ''}`).join('\n') || 'no portfolios');
    });
  portfolio
    .command('show <portfolio>')
    .option('--json', 'machine-readable output')
    .action(async (name: string, opts: { json?: boolean }) => {
      const data = await withStore(async (store) => ({ portfolio: await getPortfolio(store.sql, name), members: await membersOf(store.sql, name) }));
      print(opts.json === true, data, () => [`${data.portfolio.name}: ${data.portfolio.members} members`, ...data.members.map((m) => `  ${m.key.padEnd(16)} ${m.query.names.join(' / ')} [${m.query.schema}]${m.baselineAt ? '' : ' (not screened yet)'}`)].join('\n'));
    });

  program
    .command('monitor')
    .description('re-screen portfolios now (imports do this by themselves)')
    .argument('[portfolio]', 'only this portfolio')
    .option('--json', 'machine-readable output')
    .action(async (name: string | undefined, opts: { json?: boolean }) => {
      const summary = await withStore(async (store) => {
        const bar = progressBar('re-screening', 'rows');
        const out = await rescreen(store, await Screener.open(store), { portfolio: name, causes: [{ kind: 'manual', actor: cliActor() }], onProgress: (d, t) => bar.update(d, t) });
        bar.stop();
        return out;
      });
      print(opts.json === true, summary, () => `${summary.members} members re-screened (${summary.baselined} baselined), ${summary.alerts.length} new alerts`);
    });

  const alerts = program
    .command('alerts')
    .description('alerts raised by monitoring, newest first')
    .option('--portfolio <name>')
    .option('--since <time>', 'ISO time')
    .option('--unacknowledged', 'only alerts nobody acknowledged')
    .option('--json', 'machine-readable output')
    .action(async (opts: { portfolio?: string; since?: string; unacknowledged?: boolean; json?: boolean }) => {
      const list = await withStore((store) => listAlerts(store.sql, { portfolio: opts.portfolio, since: opts.since, unacknowledged: opts.unacknowledged }));
      print(opts.json === true, list, () => list.map(renderAlert).join('\n') || 'no alerts');
    });
  alerts
    .command('ack <id>')
    .description('acknowledge an alert')
    .action(async (id: string) => {
      await withStore((store) => acknowledgeAlert(store.sql, Number(id), cliActor()));
      process.stdout.write(`alert ${id} acknowledged\n`);
    });
  alerts
    .command('deliver')
    .description('send pending and failed webhook deliveries again')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const results = await withStore((store) => deliverPending(store.sql, { retryFailed: true }));
      print(opts.json === true, results, () => results.map((r) => `alert ${r.alertId} → ${r.url}: ${r.status} after ${r.attempts} attempts${r.lastError ? ` (${r.lastError})` : ''}`).join('\n') || 'nothing to deliver');
    });
}
