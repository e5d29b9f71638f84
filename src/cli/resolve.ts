// `sanctrace xref`, `review`, `judge`, `merges`, `undo`, `redo`, `canonical`: resolving the same
// party across lists and articles, with analysts' judgements.
import { emitKeypressEvents } from 'node:readline';
import type { Command } from 'commander';
import { sourcesOf } from '../resolve/canonical.js';
import { judge, listMerges, merge, parseJudgement, redoMerge, undoMerge, type Judgement } from '../resolve/judgements.js';
import { reviewQueue, type QueueItem } from '../resolve/queue.js';
import { DEFAULT_HIGH, DEFAULT_REVIEW, xref } from '../resolve/xref.js';
import type { Store } from '../store/types.js';
import { cliActor } from './audit.js';
import { progressBar } from './progress.js';

type WithStore = <T>(fn: (store: Store) => Promise<T>) => Promise<T>;
type Print = (json: boolean, data: unknown, text: () => string) => void;

function renderPair(item: QueueItem, position: string): string {
  const width = 50;
  const cell = (text: string) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
  const props = [...new Set([...Object.keys(item.left.properties), ...Object.keys(item.right.properties)])];
  const lines = [
    `${position}  score ${item.score.toFixed(3)}${item.strong ? `  shares ${item.strong}` : ''}`,
    `  ${cell(`${item.left.caption} [${item.left.schema}]`)} │ ${item.right.caption} [${item.right.schema}]`,
    `  ${cell(item.left.id)} │ ${item.right.id}`,
    ...props.map((p) => `  ${cell(`${p}: ${(item.left.properties[p] ?? ['—']).join('; ')}`)} │ ${p}: ${(item.right.properties[p] ?? ['—']).join('; ')}`),
    '  why:',
    ...item.features.map((f) => `    ${f.feature}: ${f.detail}`),
    '  [s] same  [n] not same  [u] unsure  [k] skip  [q] quit',
  ];
  return lines.join('\n');
}

function readKey(): Promise<string> {
  return new Promise((resolve) => {
    process.stdin.once('keypress', (_text: string, key: { name?: string; ctrl?: boolean }) => resolve(key.ctrl && key.name === 'c' ? 'q' : (key.name ?? '')));
  });
}

export function resolveCommands(program: Command, withStore: WithStore, print: Print): void {
  program
    .command('xref')
    .description('pair the same party across lists: auto-merge strong pairs, queue the rest for review')
    .option('--high <score>', 'auto-merge from this score', String(DEFAULT_HIGH))
    .option('--review <score>', 'queue for review from this score', String(DEFAULT_REVIEW))
    .option('--list <datasets...>', 'only these lists')
    .option('--from <datasets...>', 'query only these lists against the others (e.g. a list just imported)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { high: string; review: string; list?: string[]; from?: string[]; json?: boolean }) => {
      const summary = await withStore(async (store) => {
        const bar = progressBar('cross-referencing', 'rows');
        const started = performance.now();
        const out = await xref(store, { high: Number(opts.high), review: Number(opts.review), datasets: opts.list, queryFrom: opts.from, onProgress: (d, t) => bar.update(d, t, `${Math.round(d / ((performance.now() - started) / 1000))} entities/s`) });
        bar.stop();
        return out;
      });
      // Every figure as the review queue counts it (src/resolve/queue.ts): merged = in one party
      // now (this run's merges or earlier ones), open = waiting in `sanctrace review`.
      const byLists = new Map<string, { pairs: number; merged: number; open: number; decided: number }>();
      for (const p of summary.pairs) {
        const key = [p.left, p.right].map((id) => id.split('-')[0]).sort().join(' × ');
        const row = byLists.get(key) ?? { pairs: 0, merged: 0, open: 0, decided: 0 };
        row.pairs++;
        const state = p.state ?? (p.auto ? 'merged' : 'open');
        row[state]++;
        byLists.set(key, row);
      }
      const { pairs: _pairs, ...totals } = summary;
      print(opts.json === true, totals, () =>
        [
          `${summary.entities} entities cross-referenced in ${summary.seconds.toFixed(1)} s: ${summary.candidates} candidate pairs`,
          `auto-merged: ${summary.autoMerged} this run, ${summary.autoMergedTotal} in total${summary.blocked ? ` (${summary.blocked} left to review: they would join parties judged 'not same')` : ''}`,
          `open for review: ${summary.openForReview} in total, ${summary.newForReview} new this run (sanctrace review)`,
          `of the ${summary.candidates} pairs: ${summary.merged} in one party, ${summary.openForReview} open, ${summary.decided} judged apart (not same / unsure)`,
          'lists                                     pairs merged   open judged',
          ...[...byLists].sort((a, b) => b[1].pairs - a[1].pairs).map(([k, v]) => `${k.padEnd(40)}${String(v.pairs).padStart(7)}${String(v.merged).padStart(7)}${String(v.open).padStart(7)}${String(v.decided).padStart(7)}`),
        ].join('\n'),
      );
    });

  program
    .command('review')
    .description('the review queue: both records side by side with the explanation; decide with s / n / u (k skips, q quits)')
    .option('--limit <n>', 'pairs to show', '20')
    .option('--json', 'list the queue instead (also when not on a terminal)')
    .action(async (opts: { limit: string; json?: boolean }) => {
      await withStore(async (store) => {
        const { items, counts } = await reviewQueue(store, { limit: Number(opts.limit) });
        const header = `${counts.open} open, ${counts.decided} decided by analysts, ${counts.autoMerged} auto-merged`;
        if (opts.json || !process.stdin.isTTY) {
          print(opts.json === true, { counts, items }, () => [header, ...items.map((item, i) => renderPair(item, `#${i + 1}`))].join('\n\n'));
          return;
        }
        process.stdout.write(`${header}\n`);
        emitKeypressEvents(process.stdin);
        process.stdin.setRawMode(true);
        try {
          for (const [i, item] of items.entries()) {
            process.stdout.write(`\n${renderPair(item, `#${i + 1}/${items.length}`)}\n`);
            const key = await readKey();
            if (key === 'q') break;
            const judgement: Judgement | null = key === 's' ? 'same' : key === 'n' ? 'not_same' : key === 'u' ? 'unsure' : null;
            if (!judgement) continue;
            try {
              await judge(store.sql, [{ left: item.left.id, right: item.right.id, judgement }], { actor: cliActor() });
              process.stdout.write(`  → ${judgement}\n`);
            } catch (err) {
              process.stdout.write(`  refused: ${(err as Error).message}\n`);
            }
          }
        } finally {
          process.stdin.setRawMode(false);
          process.stdin.pause();
        }
      });
    });

  program
    .command('judge <left> <right> <judgement>')
    .description('judge a pair: same, not-same or unsure')
    .option('--comment <text>')
    .action(async (left: string, right: string, text: string, opts: { comment?: string }) => {
      const [record] = await withStore((store) => judge(store.sql, [{ left, right, judgement: parseJudgement(text) }], { actor: cliActor(), comment: opts.comment ?? null }));
      process.stdout.write(`judged ${record!.left} / ${record!.right}: ${record!.judgement} (by ${record!.actor})\n`);
    });

  program
    .command('merge <ids...>')
    .description('merge entities into one party (undo with its merge id)')
    .option('--comment <text>')
    .action(async (ids: string[], opts: { comment?: string }) => {
      const { mergeId } = await withStore((store) => merge(store.sql, ids, { actor: cliActor(), comment: opts.comment ?? null }));
      process.stdout.write(`merged as ${mergeId}\n`);
    });

  program
    .command('merges')
    .description('merges (automatic and by analysts) with their ids')
    .option('--entity <id>', 'only merges involving this entity')
    .option('--json', 'machine-readable output')
    .action(async (opts: { entity?: string; json?: boolean }) => {
      const all = (await withStore((store) => listMerges(store.sql))).filter((m) => !opts.entity || m.entities.includes(opts.entity));
      print(opts.json === true, all, () => all.map((m) => `${m.mergeId}  ${m.inForce ? 'in force' : 'undone  '}  ${m.origin}/${m.actor}  ${m.entities.join(' + ')}`).join('\n') || 'no merges');
    });

  program
    .command('undo <merge-id>')
    .description('undo a merge (its judgements are kept, marked retracted)')
    .action(async (mergeId: string) => {
      const n = await withStore((store) => undoMerge(store.sql, mergeId, cliActor()));
      process.stdout.write(`${mergeId} undone (${n} judgements retracted)\n`);
    });

  program
    .command('redo <merge-id>')
    .description('apply an undone merge again')
    .action(async (mergeId: string) => {
      const n = await withStore((store) => redoMerge(store.sql, mergeId, cliActor()));
      process.stdout.write(`${mergeId} redone (${n.length} judgements)\n`);
    });

  program
    .command('canonical <id>')
    .description('the party an entity belongs to and all its sources')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { json?: boolean }) => {
      const result = await withStore((store) => sourcesOf(store.sql, id));
      print(opts.json === true, result, () => [`${result.canonicalId}: ${result.members.length} source(s)`, ...result.members.map((m) => `  ${m}`)].join('\n'));
    });
}
