// Reviewing what the news reader extracted: list an article's facts with their confidence and
// review, accept or reject one (who and when recorded), and export the reviewed articles as
// gold files that scripts/train-news.ts can learn from.
import type { Command } from 'commander';
import type { FactDecision } from '../extract/review.js';

// The review module reads analyses with the news reader's code: loaded by these commands only.
const reviewModule = () => import('../extract/review.js');
import type { Store } from '../store/types.js';
import { cliActor } from './audit.js';

type WithStore = <T>(fn: (store: Store) => Promise<T>) => Promise<T>;
type Print = (json: boolean, data: unknown, text: () => string) => void;

export function factCommands(program: Command, withStore: WithStore, print: Print): void {
  program
    .command('facts')
    .description("an article's extracted designations and relations with confidence and review state")
    .argument('<article>', 'article id or prefix')
    .option('--json', 'machine-readable output')
    .action(async (article: string, opts: { json?: boolean }) => {
      await withStore(async (store) => {
        const found = await store.getArticle(article);
        const { facts } = await (await reviewModule()).articleFacts(store, found?.id ?? article);
        print(opts.json === true, facts, () =>
          facts.map((f) => `${f.id}  ${f.kind.padEnd(11)} ${f.confidence === null ? '  — ' : f.confidence.toFixed(2)}  ${f.review ? `${f.review.decision.toUpperCase()} by ${f.review.actor} ${f.review.decidedAt}` : 'unreviewed'}  ${f.summary}`).join('\n') || 'no facts',
        );
      });
    });
  for (const [name, decision] of [['accept', 'accepted'], ['reject', 'rejected']] as [string, FactDecision][]) {
    program
      .command(name)
      .description(`${name} an extracted fact (a rejected fact leaves profiles and timelines)`)
      .argument('<fact>', 'fact id, e.g. article-1a2b…-sanction-1 (see `sanctrace facts`)')
      .option('--comment <text>', 'why')
      .option('--actor <who>', 'who decides (default: cli:<user>)')
      .option('--json', 'machine-readable output')
      .action(async (fact: string, opts: { comment?: string; actor?: string; json?: boolean }) => {
        await withStore(async (store) => {
          const review = await (await reviewModule()).reviewFact(store, { factId: fact, decision, actor: cliActor(opts.actor), comment: opts.comment ?? null });
          print(opts.json === true, review, () => `${review.factId}: ${review.decision} by ${review.actor} at ${review.decidedAt}`);
        });
      });
  }
  program
    .command('export-gold')
    .description('write every reviewed article as X.txt + X.gold.json (rejected facts left out) to train on')
    .argument('<dir>', 'folder to write')
    .option('--json', 'machine-readable output')
    .action(async (dir: string, opts: { json?: boolean }) => {
      await withStore(async (store) => {
        const written = await (await reviewModule()).exportGold(store, dir);
        print(opts.json === true, { written }, () => `${written.length} reviewed article(s) written to ${dir}`);
      });
    });
}
