// The `sanctrace` command line: one binary for loading, updating, looking up and comparing lists.
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { loadSettings } from '../config.js';
import { isA, model } from '../model/ftm.js';
import { loadBundled } from '../sources/bundled.js';
import { importList, MAX_SHRINK } from '../sources/pipeline.js';
import { FORMATS, OFFICIAL_SOURCES } from '../sources/registry.js';
import { ImportError } from '../sources/types.js';
import { mirrored, updateSources } from '../sources/update.js';
import { CSV_COLUMNS, toCsvRow, toFtmJson } from '../store/export.js';
import { openStore } from '../store/open.js';
import { diffWithPrograms, resolveVersion } from '../store/versions.js';
import { versionDate } from '../store/sql-store.js';
import type { Store, StoredEntity } from '../store/types.js';
import { screenBatch } from '../screen/batch.js';
import { describeOrigin } from '../match/index-store.js';
import { Screener } from '../screen/screen.js';
import { appendAudit } from '../audit/log.js';
import { screenAudited, versionsWithDates } from '../audit/screening.js';
import { fileSha256 } from '../sources/io.js';
import type { ApiContext } from '../api/server.js';
import { countActiveKeys, createApiKey } from '../access/keys.js';
import { accessCommands } from './access.js';
import { monitorAfterImport, monitorCommands } from './monitor.js';
import { resolveCommands } from './resolve.js';
import { xref } from '../resolve/xref.js';
import { auditCommands, cliActor } from './audit.js';
import { factCommands } from './facts.js';
import { ingestBundledArticles, IngestError, newsCommands } from './news.js';
import { formatBytes, formatSeconds, progressBar, stepProgress } from './progress.js';
import { renderDelta, renderEntity, renderVersion } from './render.js';

const program = new Command();
program
  .name('sanctrace')
  .description('Open sanctions intelligence: official lists, versions and changes, screening, news')
  .option('--db <location>', 'store: SQLite file or postgres:// URL (env SANCTRACE_DB)')
  .showHelpAfterError();

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const settings = loadSettings({ db: program.opts().db });
  const store = await openStore(settings.db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function print(json: boolean, data: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
}

program
  .command('init')
  .description('load the bundled snapshots of the official lists into the store (a no-op when already loaded)')
  .option('--json', 'machine-readable output')
  .action(async (opts: { json?: boolean }) => {
    const settings = loadSettings({ db: program.opts().db });
    await withStore(async (store) => {
      // One bar per list version on a terminal; one line per list version in any case (counts, time).
      const steps = stepProgress('bytes');
      const initStarted = performance.now();
      let listStarted = initStarted;
      let listBytes = 0;
      const outcomes = await loadBundled(store, settings.defaultDataDir, settings.cacheDir, (e) => {
        const position = `${String(e.index + 1).padStart(String(e.total).length)}/${e.total} ${e.list.dataset}`;
        if (e.phase === 'start') {
          if (e.index === 0) process.stderr.write(`importing ${e.total} bundled list versions from ${settings.defaultDataDir}\n`);
          listStarted = performance.now();
          listBytes = 0;
          steps.start(`${position} ${e.list.publishedAt ?? ''}`.trimEnd());
        } else if (e.phase === 'progress' && e.bytesTotal) {
          listBytes = e.bytesTotal;
          steps.update(e.bytesDone ?? 0, e.bytesTotal);
        } else if (e.phase === 'done' && e.outcome) {
          const seconds = (performance.now() - listStarted) / 1000;
          const v = e.outcome.version;
          const which = `${position} ${versionDate(v)}`;
          steps.finish(
            e.outcome.unchanged
              ? `${which}: already present (version ${v.id}, ${v.entityCount} entities)`
              : `${which}: ${v.entityCount} entities imported as version ${v.id} in ${formatSeconds(seconds)}${listBytes ? ` (${formatBytes(listBytes)} read)` : ''}`,
          );
        }
      });
      const loaded = outcomes.filter((o) => !o.unchanged).length;
      process.stderr.write(`${loaded} list versions imported, ${outcomes.length - loaded} already present, in ${formatSeconds((performance.now() - initStarted) / 1000)}\n`);
      await monitorAfterImport(store, outcomes.filter((o) => !o.unchanged).map((o) => o.version));
      const articles = await ingestBundledArticles(store, join(settings.defaultDataDir, 'news'));
      print(opts.json === true, { store: settings.db, loaded, unchanged: outcomes.length - loaded, articles }, () =>
        [
          `store: ${settings.db}`,
          `${loaded} list versions loaded, ${outcomes.length - loaded} already present`,
          `${articles.filter((a) => a.stored).length} bundled articles read, ${articles.filter((a) => !a.stored).length} already present (sanctrace articles; sanctrace article <id>)`,
        ].join('\n'),
      );
      if (!opts.json) process.stdout.write(`${await sourcesText(store)}\n`);
    });
  });

program
  .command('import')
  .description('import list files (format detected, or --format) as a new version of a list')
  .argument('<paths...>', 'files or folders of one list version')
  .option('--format <name>', `list format (${FORMATS.map((f) => f.name).join(', ')})`)
  .option('--dataset <name>', 'list name (default: the format’s)')
  .option('--date <iso>', 'publication date when the file states none')
  .option('--allow-shrink', `accept a version with over ${MAX_SHRINK * 100} % fewer entities than the previous one (refused by default as a likely cut-off file)`)
  .option('--json', 'machine-readable output')
  .action(async (paths: string[], opts: { format?: string; dataset?: string; date?: string; allowShrink?: boolean; json?: boolean }) => {
    await withStore(async (store) => {
      const bar = progressBar(`importing ${opts.dataset ?? ''}`.trim());
      const outcome = await importList(store, {
        paths,
        format: opts.format,
        dataset: opts.dataset,
        publishedAt: opts.date ?? null,
        allowShrink: opts.allowShrink === true,
        onProgress: (done, total) => bar.update(done, total),
        onWarning: (w) => {
          if (!opts.json) process.stderr.write(`warning: ${w.file}${w.line ? `:${w.line}` : ''}${w.field ? ` [${w.field}]` : ''}: ${w.message}\n`);
        },
      });
      bar.stop();
      if (!outcome.unchanged) await monitorAfterImport(store, [outcome.version]);
      print(opts.json === true, outcome, () =>
        outcome.unchanged
          ? `unchanged: this content is already version ${outcome.version.id} of ${outcome.version.dataset}`
          : `imported ${outcome.version.dataset} (${outcome.format})\n${renderVersion(outcome.version)}`,
      );
    });
  });

/** Why a download failed, in words: the URL and the network's reason (error.cause), not a bare "fetch failed". */
function describeUpdateFailure(error: Error, url: string | undefined): { message: string; network: boolean } {
  const cause = error.cause as (NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] }) | undefined;
  if (error.name === 'TimeoutError') return { message: `${url ?? 'download'}: no answer in time (timed out)`, network: true };
  if (error.message !== 'fetch failed') return { message: error.message, network: false };
  const code = cause?.code ?? cause?.errors?.find((e) => e.code)?.code;
  const reasons: Record<string, string> = {
    ENOTFOUND: 'host not found (DNS): offline, or no DNS for this host here',
    EAI_AGAIN: 'DNS lookup failed (temporary): offline?',
    ECONNREFUSED: 'connection refused: nothing listens there',
    ECONNRESET: 'connection reset by the other end or a proxy',
    ETIMEDOUT: 'connection timed out',
    ENETUNREACH: 'network unreachable: offline?',
    EHOSTUNREACH: 'host unreachable',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted (a proxy inspecting TLS? NODE_EXTRA_CA_CERTS names its CA)',
    SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate not trusted (a proxy inspecting TLS? NODE_EXTRA_CA_CERTS names its CA)',
    CERT_HAS_EXPIRED: 'the server’s TLS certificate has expired',
  };
  const reason = code ? `${reasons[code] ?? cause?.message ?? 'failed'} (${code})` : (cause?.message ?? 'fetch failed');
  return { message: `${url ?? 'download'}: ${reason}`, network: true };
}

program
  .command('update')
  .description('download the current official files of each list and import them (see `sources --official`; --dry-run shows the plan)')
  .option('--only <datasets...>', 'only these lists')
  .option('--mirror <url>', 'fetch from this server instead of the official hosts: it serves the files at their official paths (env SANCTRACE_MIRROR)')
  .option('--dry-run', 'print each list and the URLs it would fetch, without fetching or importing')
  .option('--allow-shrink', `accept versions with over ${MAX_SHRINK * 100} % fewer entities than the stored ones`)
  .option('--json', 'machine-readable output')
  .action(async (opts: { only?: string[]; mirror?: string; dryRun?: boolean; allowShrink?: boolean; json?: boolean }) => {
    const settings = loadSettings({ db: program.opts().db, mirror: opts.mirror });
    const unknown = (opts.only ?? []).filter((d) => !OFFICIAL_SOURCES.some((s) => s.dataset === d));
    if (unknown.length) throw new Error(`--only ${unknown.join(', ')}: no such list (known: ${OFFICIAL_SOURCES.map((s) => s.dataset).join(', ')})`);
    if (opts.dryRun) {
      const plan = OFFICIAL_SOURCES.filter((s) => !opts.only || opts.only.includes(s.dataset)).map((s) => ({
        dataset: s.dataset,
        authority: s.authority,
        title: s.title,
        format: s.format,
        urls: s.urls.map((u) => mirrored(u, settings.mirror)),
        ...(s.urls.length ? {} : { skipped: s.note ?? 'no official machine-readable URL' }),
      }));
      print(opts.json === true, plan, () =>
        [
          `update would fetch${settings.mirror ? ` (through the mirror ${settings.mirror})` : ''}:`,
          ...plan.map((p) => `${p.dataset.padEnd(20)} ${p.authority.padEnd(20)} ${p.urls.length ? p.urls.join('\n' + ' '.repeat(42)) : `not fetched: ${p.skipped}`}`),
        ].join('\n'),
      );
      return;
    }
    await withStore(async (store) => {
      const lastUrl = new Map<string, string>();
      const failures = new Map<string, { message: string; network: boolean }>();
      const results = await updateSources(store, {
        cacheDir: settings.cacheDir,
        mirror: settings.mirror,
        only: opts.only,
        allowShrink: opts.allowShrink === true,
        onEvent: (e) => {
          if (e.kind === 'download') lastUrl.set(e.dataset, e.url);
          if (e.kind === 'failed') failures.set(e.dataset, describeUpdateFailure(e.error, lastUrl.get(e.dataset)));
          if (opts.json) return;
          if (e.kind === 'download') process.stderr.write(`fetching ${e.url}\n`);
          if (e.kind === 'skipped') process.stderr.write(`skipped ${e.dataset}: ${e.reason}\n`);
          if (e.kind === 'failed') process.stderr.write(`FAILED ${e.dataset}: ${failures.get(e.dataset)!.message}\n`);
        },
      });
      await monitorAfterImport(store, results.flatMap((r) => (r.outcome && !r.outcome.unchanged ? [r.outcome.version] : [])));
      const shown = results.map((r) => (r.error ? { ...r, error: failures.get(r.dataset)?.message ?? r.error } : r));
      print(opts.json === true, shown, () =>
        shown.map((r) => (r.error ? `${r.dataset}: failed: ${r.error}` : `${r.dataset}: ${r.outcome!.unchanged ? 'unchanged' : renderVersion(r.outcome!.version)}`)).join('\n'),
      );
      const unreachable = [...failures.values()].filter((f) => f.network).length;
      if (unreachable > 0 && !opts.json) {
        process.stderr.write(
          settings.mirror
            ? `${unreachable} list(s) could not be fetched from the mirror ${settings.mirror}: is it running, and does it serve the files at their official paths? (--mirror <url> or SANCTRACE_MIRROR choose the mirror; without one the official hosts are used)\n`
            : `${unreachable} list(s) could not be fetched from the official hosts (offline, or a firewall?). Fetch through a mirror that serves the files at their official paths: --mirror <url> (or SANCTRACE_MIRROR=<url>); or import files you already have: sanctrace import <files>.\n`,
        );
      }
      if (results.some((r) => r.error)) process.exitCode = 1;
    });
  });

async function sourcesText(store: Store): Promise<string> {
  const datasets = await store.listDatasets();
  const lines = ['list                  versions  latest      entities  format'];
  for (const d of datasets) {
    lines.push(`${d.name.padEnd(22)}${String(d.versions).padStart(8)}  ${versionDate(d.latest).padEnd(10)}  ${String(d.latest.entityCount).padStart(8)}  ${d.latest.format}`);
  }
  return lines.join('\n');
}

program
  .command('sources')
  .description('the lists in the store with their versions, dates and counts; --official for where they come from')
  .argument('[dataset]', 'show every version of this list')
  .option('--official', 'the registry of official sources (URL, format, licence, schedule)')
  .option('--json', 'machine-readable output')
  .action(async (dataset: string | undefined, opts: { official?: boolean; json?: boolean }) => {
    if (opts.official) {
      print(opts.json === true, OFFICIAL_SOURCES, () =>
        OFFICIAL_SOURCES.map((s) => `${s.dataset.padEnd(20)} ${s.format.padEnd(16)} ${s.schedule}\n  ${s.title} — ${s.licence}\n  ${s.urls.join('\n  ') || s.note}`).join('\n'),
      );
      return;
    }
    await withStore(async (store) => {
      if (dataset) {
        const versions = await store.listVersions(dataset);
        if (versions.length === 0) throw new Error(`no list called '${dataset}' in the store`);
        print(opts.json === true, versions, () => versions.map(renderVersion).join('\n'));
      } else {
        print(opts.json === true, await store.listDatasets(), () => '');
        if (!opts.json) process.stdout.write(`${await sourcesText(store)}\n`);
      }
    });
  });

async function sanctionsOf(store: Store, entity: StoredEntity): Promise<StoredEntity[]> {
  return (await store.getReferencing(entity.id)).filter((e) => e.schema === 'Sanction');
}

program
  .command('entity')
  .description('every value of a listed party with the list version it came from (by id or by name)')
  .argument('<idOrName>', 'entity id, or text found in its names')
  .option('--version <id>', 'as of this version id')
  .option('--limit <n>', 'most entities to show', '20')
  .option('--json', 'machine-readable output')
  .action(async (query: string, opts: { version?: string; limit: string; json?: boolean }) => {
    await withStore(async (store) => {
      const versionId = opts.version ? Number(opts.version) : undefined;
      const direct = await store.getEntity(query, versionId);
      const ids = direct ? [direct.id] : (await store.searchNames(query, 200)).filter((s) => s.schema !== 'Sanction').map((s) => s.id);
      if (ids.length === 0) {
        process.stderr.write(`no listed party with id or name '${query}'\n`);
        process.exitCode = 1;
        return;
      }
      const shown: { entity: StoredEntity; sanctions: StoredEntity[]; current: boolean }[] = [];
      for (const id of ids.slice(0, Number(opts.limit))) {
        const entity = direct ?? (await store.getEntity(id, versionId));
        if (!entity) continue;
        const latest = await store.latestVersion(entity.dataset);
        shown.push({ entity, sanctions: await sanctionsOf(store, entity), current: latest?.id === entity.version.versionId });
      }
      print(opts.json === true, shown, () =>
        [`${ids.length} match${ids.length === 1 ? '' : 'es'}${ids.length > shown.length ? `, first ${shown.length} shown` : ''}`, ...shown.map((s) => renderEntity(s.entity, s.sanctions, s.current))].join('\n\n'),
      );
    });
  });


program
  .command('diff')
  .description('what changed in a list between two versions (ids or dates; default: the last two)')
  .argument('<dataset>', 'list name, e.g. us_ofac_sdn')
  .argument('[from]', 'older version: id or date')
  .argument('[to]', 'newer version: id or date')
  .option('--limit <n>', 'most parties shown per section', '50')
  .option('--json', 'machine-readable output')
  .action(async (dataset: string, fromSpec: string | undefined, toSpec: string | undefined, opts: { limit: string; json?: boolean }) => {
    await withStore(async (store) => {
      const versions = await store.listVersions(dataset);
      if (versions.length < 2) throw new Error(`${dataset} has ${versions.length} version(s); a diff needs two`);
      const to = toSpec ? await resolveVersion(store, dataset, toSpec, versions) : versions.at(-1)!;
      const from = fromSpec ? await resolveVersion(store, dataset, fromSpec, versions) : versions[versions.indexOf(to) - 1] ?? versions[0];
      const { delta, programs } = await diffWithPrograms(store, from, to);
      print(opts.json === true, { ...delta, programs: Object.fromEntries(programs) }, () => renderDelta(delta, programs, Number(opts.limit)));
    });
  });

/** What a list designates: people, organisations, companies, vessels, aircraft (FtM LegalEntity and Vehicle kinds) and listed assets (ports). */
const PARTY_SCHEMATA = Object.keys(model.schemata)
  .filter((name) => isA(name, 'LegalEntity') || isA(name, 'Vehicle') || name === 'Asset')
  .sort();

program
  .command('export')
  .summary('write entities as FtM JSON lines or CSV (CSV: the listed parties; --all: every record)')
  .description(
    'write entities as FtM JSON lines or CSV. CSV: one row per listed party by default ' +
      `(${PARTY_SCHEMATA.join(', ')}); --all adds the records about them: Sanction (a listing: programme, authority, dates) ` +
      'and the links between parties (Ownership, Family, UnknownLink…), whose name column is only a caption. ' +
      'FtM: every entity (parties, their Sanction records and links: the graph FtM tools read) unless --parties',
  )
  .option('--dataset <name>', 'only this list (default: all, latest versions)')
  .option('--version <id>', 'a specific version id')
  .addOption(new Option('--format <format>', 'output format').choices(['ftm', 'csv']).default('ftm'))
  .option('--all', 'every entity: parties, Sanction records and links (default for --format ftm)')
  .option('--parties', 'listed parties only (default for --format csv)')
  .option('-o, --output <file>', 'output file (default: stdout)')
  .action(async (opts: { dataset?: string; version?: string; format: 'ftm' | 'csv'; all?: boolean; parties?: boolean; output?: string }) => {
    if (opts.all && opts.parties) throw new Error('--all and --parties: choose one');
    const partiesOnly = opts.parties === true || (opts.format === 'csv' && opts.all !== true);
    await withStore(async (store) => {
      const out: NodeJS.WritableStream = opts.output ? createWriteStream(opts.output) : process.stdout;
      if (opts.format === 'csv') out.write(`${CSV_COLUMNS.join(',')}\n`);
      let n = 0;
      const bySchema = new Map<string, number>();
      for await (const entity of store.iterateEntities({ dataset: opts.dataset, versionId: opts.version ? Number(opts.version) : undefined, schemata: partiesOnly ? PARTY_SCHEMATA : undefined })) {
        const ok = out.write(opts.format === 'csv' ? toCsvRow(entity) : `${JSON.stringify(toFtmJson(entity))}\n`);
        if (!ok) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        n += 1;
        bySchema.set(entity.schema, (bySchema.get(entity.schema) ?? 0) + 1);
      }
      if (opts.output) await new Promise<void>((resolve) => out.end(() => resolve()));
      const counts = [...bySchema].sort((a, b) => b[1] - a[1]).map(([schema, count]) => `${count} ${schema}`).join(', ');
      process.stderr.write(
        `${n} ${partiesOnly ? 'parties' : 'entities'} exported${counts ? ` (${counts})` : ''}${partiesOnly ? '; Sanction records and links left out (--all to include them)' : ''}\n`,
      );
    });
  });

program
  .command('screen')
  .description('screen a name against every list: scored results with the reasons for each score')
  .argument('<name...>', 'the name to screen (several for aliases of one party)')
  .option('--schema <schema>', 'Person, Company, Organization, LegalEntity, Vessel…', 'LegalEntity')
  .option('--country <codes...>', 'ISO country codes of the party')
  .option('--dob <dates...>', 'birth date(s), YYYY[-MM[-DD]]')
  .option('--id <identifiers...>', 'registration, passport, IMO… numbers')
  .option('--threshold <score>', 'score from which a result is a match', String)
  .option('--list <datasets...>', 'only these lists (us_ofac_sdn, eu_journal…)')
  .option('--authority <authorities...>', 'only listings of these authorities ("EU", "UN", "US Treasury (OFAC)"…)')
  .option('--only-schema <schemata...>', 'only results of these schemata (Person, Organization, Vessel…)')
  .option('--weight <name=value...>', 'override a scoring weight for this request (see WEIGHTS in src/match/features.ts)')
  .option('--limit <n>', 'most results', '10')
  .option('--customer <key>', "your customer's key: recorded, and hits decided as false positives for it are suppressed")
  .option('--actor <who>', 'who screens, for the audit trail (default: cli:<user>)')
  .option('--json', 'machine-readable output')
  .action(async (names: string[], opts: { schema: string; country?: string[]; dob?: string[]; id?: string[]; threshold?: string; list?: string[]; authority?: string[]; onlySchema?: string[]; weight?: string[]; limit: string; customer?: string; actor?: string; json?: boolean }) => {
    const weights = Object.fromEntries(
      (opts.weight ?? []).map((w) => {
        const [name, value] = w.split('=');
        if (!name || value === undefined || !Number.isFinite(Number(value))) throw new Error(`--weight ${w}: expected name=number`);
        return [name, Number(value)];
      }),
    );
    await withStore(async (store) => {
      const screener = await Screener.open(store);
      process.stderr.write(`${describeOrigin(screener.origin)}\n`);
      const settings = loadSettings({ db: program.opts().db });
      const [outcome] = await screenAudited(
        store,
        screener,
        [
          {
            key: 'cli',
            customer: opts.customer ?? null,
            query: { schema: opts.schema, names, countries: opts.country, birthDates: opts.dob, identifiers: opts.id },
            options: { limit: Number(opts.limit), threshold: opts.threshold ? Number(opts.threshold) : undefined, datasets: opts.list, authorities: opts.authority, schemata: opts.onlySchema, weights },
          },
        ],
        { actor: cliActor(opts.actor), source: 'cli', anchorFile: settings.auditAnchor },
      );
      const shown = { ...outcome!, suppressed: Object.fromEntries(outcome!.suppressed) };
      print(opts.json === true, shown, () =>
        [
          `screened ${JSON.stringify(names.join(' / '))} as ${opts.schema}${opts.customer ? ` for customer ${opts.customer}` : ''} against ${Object.entries(outcome!.versions).map(([d, v]) => `${d} v${v}`).join(', ')} (audit record ${outcome!.auditSeq})`,
          ...outcome!.results.map((r) => {
            const suppressed = outcome!.suppressed.get(r.entity.id);
            const flag = suppressed ? 'SUPPRESSED' : r.match ? 'MATCH' : '     ';
            return [
              `${r.score.toFixed(3)} ${flag} ${r.entity.caption}  (${r.entity.id}, ${r.entity.schema}, ${r.entity.dataset})`,
              ...(suppressed ? [`        decided false positive for this customer by ${suppressed.decidedBy} at ${suppressed.decidedAt} (audit record ${suppressed.auditSeq}); shown again when the entity changes`] : []),
              ...r.features.map((f) => `        ${f.feature}: ${f.detail}`),
            ].join('\n');
          }),
        ].join('\n'),
      );
    });
  });

program
  .command('screen-batch')
  .description('screen every row of a CSV of names; writes the rows with their best hit, score and reasons')
  .argument('<input>', 'CSV with a header row (delimiter detected)')
  .requiredOption('-o, --output <file>', 'output CSV')
  .option('--name-column <column>', 'column holding the name (default: name, full_name, …)')
  .option('--schema-column <column>', 'column holding person/company/vessel')
  .option('--country-column <column>', 'column of country codes')
  .option('--dob-column <column>', 'column of birth dates')
  .option('--id-column <column>', 'column of registration/passport/IMO numbers')
  .option('--schema <schema>', 'schema of rows without a schema column', 'LegalEntity')
  .option('--threshold <score>', 'score from which a hit is a match', String)
  .option('--workers <n>', 'worker threads (default: one per core)')
  .option('--resume', 'continue an interrupted run into the same output file')
  .option('--actor <who>', 'who screens, for the audit trail (default: cli:<user>)')
  .option('--json', 'machine-readable summary')
  .action(async (input: string, opts: Record<string, string | boolean | undefined>) => {
    const settings = loadSettings({ db: program.opts().db });
    const bar = progressBar('screening', 'rows');
    // The rate shown is the steady one: counted from the first rows done, after the index build.
    let first: { at: number; done: number } | null = null;
    if (!opts.json) process.stderr.write('building the matcher index (one per worker) before the first row…\n');
    const summary = await screenBatch({
      input,
      output: String(opts.output),
      store: settings.db,
      columns: { name: opts.nameColumn as string | undefined, schema: opts.schemaColumn as string | undefined, country: opts.countryColumn as string | undefined, dob: opts.dobColumn as string | undefined, id: opts.idColumn as string | undefined },
      schema: String(opts.schema),
      threshold: opts.threshold ? Number(opts.threshold) : undefined,
      workers: opts.workers ? Number(opts.workers) : undefined,
      resume: opts.resume === true,
      onProgress: (done, total) => {
        const now = performance.now();
        first ??= { at: now, done };
        const rate = now > first.at ? `${Math.round((done - first.done) / ((now - first.at) / 1000))} rows/s` : '';
        bar.update(done, total, rate);
      },
    });
    bar.stop();
    // One audit record per run: the input and the results file are bound to it by their sha256
    // (keep the results file: it holds every row's hit and reasons), with counts and versions.
    await withStore(async (store) =>
      appendAudit(
        store.sql,
        [
          {
            actor: cliActor(typeof opts.actor === 'string' ? opts.actor : undefined),
            kind: 'batch',
            payload: {
              source: 'cli',
              input: `${input} sha256 ${await fileSha256(input)}`,
              output: `${String(opts.output)} sha256 ${await fileSha256(String(opts.output))}`,
              rows: summary.rows + summary.skipped,
              matches: summary.matches,
              resumed: summary.skipped > 0,
              versions: await versionsWithDates(store, summary.versions),
            },
          },
        ],
        settings.auditAnchor,
      ),
    );
    // The index build is paid once per run, whatever its size: shown apart from the screening rate.
    const screeningSeconds = Math.max(summary.seconds - summary.startupSeconds, 0.001);
    const steadyRate = Math.round(summary.rows / screeningSeconds);
    print(opts.json === true, { ...summary, screeningSeconds, rowsPerSecond: steadyRate }, () =>
      [
        `index built in ${summary.startupSeconds.toFixed(1)} s; ${summary.rows} rows screened${summary.skipped ? ` (${summary.skipped} done before, resumed)` : ''} in ${screeningSeconds.toFixed(1)} s (${steadyRate} rows/s steady)`,
        `${summary.matches} matches → ${String(opts.output)} (${summary.seconds.toFixed(1)} s in all)`,
      ].join('\n'),
    );
  });

newsCommands(program, withStore, print);
factCommands(program, withStore, print);
accessCommands(program, withStore, print);
monitorCommands(program, withStore, print);
resolveCommands(program, withStore, print);
auditCommands(program, withStore, print, () => loadSettings({ db: program.opts().db }).auditAnchor);

function listenFailure(err: NodeJS.ErrnoException, port: number, host: string): string {
  if (err.code === 'EADDRINUSE') return `port ${port} on ${host} is already in use (EADDRINUSE): stop what listens there, or serve on another port with --port <port>`;
  if (err.code === 'EACCES') return `port ${port} on ${host}: permission denied (EACCES): ports below 1024 need privileges; choose another with --port <port>`;
  if (err.code === 'EADDRNOTAVAIL') return `cannot listen on ${host}: no such local address (EADDRNOTAVAIL); choose another with --host <address>`;
  return `cannot listen on ${host}:${port}: ${err.message}`;
}

// Long enough for an import of the largest list (OFAC SDN with its history: under a minute).
const SERVER_WRITE_WAIT_MS = 120_000;

/** Listen on the port for a moment and let go: refused at once, with the reason, when it is taken. */
async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(new Error(listenFailure(err, port, host))));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

program
  .command('serve')
  .description('serve the HTTP API (yente-compatible /match and /search, entities, catalog) on the store')
  .option('--port <port>', 'port', '8000')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--no-xref', 'do not cross-reference the lists in the background on a store never cross-referenced')
  .action(async (opts: { port: string; host: string; xref: boolean }) => {
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${opts.port}: expected a port number from 0 to 65535`);
    // Checked before the store is opened and the index built (seconds to minutes): a busy port fails at once.
    await assertPortFree(port, opts.host);
    // The HTTP server's modules are loaded by this command only: every other command starts faster without them.
    const [{ buildApi }, { IndexRefresh }, { OffloadedScreener }] = await Promise.all([import('../api/server.js'), import('../api/index-refresh.js'), import('../screen/offloaded.js')]);
    const settings = loadSettings({ db: program.opts().db });
    const store = await openStore(settings.db);
    // An import by another process holds SQLite's write lock for its whole run: the server's
    // writes (audit records of screenings) wait for it, off the event loop, rather than fail.
    store.sql.waitForWriters?.(SERVER_WRITE_WAIT_MS);
    // A new install has no keys: make an admin key once so the write features can be used.
    if ((await countActiveKeys(store.sql)) === 0) {
      const first = await createApiKey(store.sql, { label: 'first admin (created by serve)', role: 'admin' });
      process.stderr.write(`no API keys yet: created admin key ${first.id}, shown once:\n  ${first.key}\n(paste it in the UI's key box; more with \`sanctrace keys create --role screener|analyst|admin --label …\`)\n`);
    }
    const screener = await Screener.open(store);
    process.stderr.write(`${describeOrigin(screener.origin)}\n`);
    // Scoring runs on matcher threads, off the event loop (SANCTRACE_MATCH_THREADS, default 1;
    // 0: in process). Each builds its own index in the background; until then this one answers.
    const threads = Number(process.env.SANCTRACE_MATCH_THREADS ?? '1');
    const matcher = threads > 0 ? new OffloadedScreener(settings.db, threads, screener) : undefined;
    matcher?.ready.then(
      () => process.stderr.write(`matching on ${threads} thread${threads > 1 ? 's' : ''}, off the event loop\n`),
      (err: Error) => process.stderr.write(`matcher threads failed (${err.message}); matching in process\n`),
    );
    const ctx: ApiContext = { store, screener, matcher, access: { anonymousRead: settings.anonymousRead }, auditAnchor: settings.auditAnchor, jobsDir: settings.jobsDir };
    // A list imported or updated by another process is screened as soon as its index is built:
    // the store is looked at every SANCTRACE_INDEX_WATCH_SECONDS (default 30; 0: only POST /updatez).
    const indexRefresh = new IndexRefresh(ctx, (message) => process.stderr.write(`${message}\n`));
    ctx.indexRefresh = indexRefresh;
    indexRefresh.watch(Number(process.env.SANCTRACE_INDEX_WATCH_SECONDS ?? '30'));
    const app = await buildApi(ctx);
    let address: string;
    try {
      address = await app.listen({ port, host: opts.host });
    } catch (err) {
      // Taken in the meantime: closed down cleanly, so the process ends with the message.
      await app.close().catch(() => {});
      await matcher?.close();
      await store.close();
      throw new Error(listenFailure(err as NodeJS.ErrnoException, port, opts.host), { cause: err });
    }
    process.stderr.write(`sanctrace API on ${address} (OpenAPI: ${address}/openapi.json)\n`);
    // A store never cross-referenced (a new install): resolve parties across the lists in the
    // background, so profiles and results become one per party a few minutes after start.
    const runs = await store.sql.all('SELECT id FROM xref_runs LIMIT 1');
    if (opts.xref && runs.length === 0) {
      process.stderr.write('resolving parties across the lists in the background (sanctrace xref; a few minutes)…\n');
      void xref(store)
        .then(async (summary) => {
          await ctx.screener.reloadCanonical(store);
          process.stderr.write(`xref done: ${summary.autoMerged} pairs auto-merged, ${summary.openForReview} open for review (Review page) in ${summary.seconds.toFixed(0)} s\n`);
        })
        .catch((err: Error) => process.stderr.write(`xref failed: ${err.message}\n`));
    }
    const stop = () => void app.close().then(async () => (await indexRefresh.stop(), await matcher?.close(), await store.close()));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program.parseAsync(process.argv).catch((err: Error) => {
  const message =
    err instanceof ImportError
      ? `import failed: ${err.message}\nthe store is unchanged.`
      : err instanceof IngestError
        ? `ingest failed: ${err.source}${err.line ? `:${err.line}` : ''}: ${err.message}\narticles read before it are stored; nothing of this one is.`
        : `error: ${err.message}`;
  process.stderr.write(`${message}\n`);
  process.exitCode = err instanceof ImportError ? 2 : 1;
});
