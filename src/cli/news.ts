// The news commands: ingest articles (files, folders, feeds, URLs), show one with what was
// extracted from it, list them, and score the extraction against gold files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { PACKAGE_ROOT } from '../config.js';
import type { RawDocument } from '../extract/ingest.js';
import { IngestError } from '../extract/ingest-error.js';
import { sha256Text } from '../extract/hash.js';
import { describeOrigin } from '../match/index-store.js';
import { Screener } from '../screen/screen.js';
import type { Store } from '../store/types.js';
import { progressBar } from './progress.js';

/**
 * The news reader's modules (language models, HTML parsing, the learned decisions), loaded by
 * the commands that read articles only: every other command starts faster without them.
 */
async function reader() {
  const [analyze, evaluate, crossval, models, ingest, pipeline, hooks, render] = await Promise.all([
    import('../extract/analyze.js'),
    import('../extract/evaluate.js'),
    import('../extract/learn/crossval.js'),
    import('../extract/learn/models.js'),
    import('../extract/ingest.js'),
    import('../extract/pipeline.js'),
    import('../monitor/hooks.js'),
    import('../extract/render.js'),
  ]);
  return { ...analyze, ...evaluate, ...crossval, ...models, ...ingest, ...pipeline, ...hooks, ...render };
}

type WithStore = <T>(fn: (store: Store) => Promise<T>) => Promise<T>;
type Print = (json: boolean, data: unknown, text: () => string) => void;

async function matcher(store: Store, link: boolean): Promise<Screener | null> {
  if (!link || (await store.listDatasets()).length === 0) return null;
  const screener = await Screener.open(store);
  process.stderr.write(`${describeOrigin(screener.origin)}\n`);
  return screener;
}

/** The seed articles shipped in data/default/news, read with linking after the lists are loaded. */
export async function ingestBundledArticles(store: Store, dir: string): Promise<{ id: string; stored: boolean }[]> {
  if (!existsSync(dir)) return [];
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ source: `data/default/news/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
  const { ingestDocument } = await reader();
  const out: { id: string; stored: boolean }[] = [];
  const missing = [];
  for (const doc of texts) {
    const id = `article-${sha256Text(doc.text).slice(0, 16)}`;
    if (await store.getArticle(id)) out.push({ id, stored: false });
    else missing.push(doc);
  }
  // The matcher index takes seconds to build: only when there is something to read.
  const screener = missing.length ? await matcher(store, true) : null;
  for (const doc of missing) {
    const { analysis, stored } = await ingestDocument(store, doc, screener);
    out.push({ id: analysis.id, stored });
  }
  return out;
}

export function newsCommands(program: Command, withStore: WithStore, print: Print): void {
  program
    .command('ingest')
    .summary('read articles (text, HTML, folders, RSS/Atom feeds, URLs) and store what they report, linked to the lists')
    .description('read articles (text, HTML, folders, RSS/Atom feeds, URLs) and store what they report, linked to the lists; in folders, what is not an article (README and other .md documentation, .json gold and manifest files, binaries, other formats) is skipped with its reason')
    .argument('<inputs...>', 'files, folders, feed files or http(s) URLs')
    .option('--fetch', 'allow fetching URLs')
    .option('--no-link', 'do not link parties to the lists (faster)')
    .option('--json', 'machine-readable output')
    .action(async (inputs: string[], opts: { fetch?: boolean; link: boolean; json?: boolean }) => {
      const { readDocuments, ingestDocument, afterArticleIngest } = await reader();
      await withStore(async (store) => {
        const documents: RawDocument[] = [];
        const skipped: { source: string; skipped: string }[] = [];
        for (const input of inputs) {
          for await (const item of readDocuments(input, { fetch: opts.fetch === true, skipDocumentation: true })) {
            if ('skipped' in item) skipped.push(item);
            else documents.push(item);
          }
        }
        const screener = await matcher(store, opts.link);
        const bar = progressBar('ingesting articles', 'rows');
        const results: { id: string; source: string; stored: boolean; title: string | null; designations: number; relations: number; parties: number }[] = [];
        for (const [i, doc] of documents.entries()) {
          const { analysis, stored } = await ingestDocument(store, doc, screener);
          results.push({ id: analysis.id, source: doc.source, stored, title: analysis.title, designations: analysis.designations.length, relations: analysis.relations.length, parties: analysis.entities.length });
          bar.update(i + 1, documents.length, basename(doc.source));
        }
        bar.stop();
        const monitored = await afterArticleIngest(store, results.filter((r) => r.stored).map((r) => r.id));
        if (monitored.alerts.length) process.stderr.write(`monitoring: ${monitored.alerts.length} news alert(s); see \`sanctrace alerts\`\n`);
        print(opts.json === true, { articles: results, skipped }, () =>
          [
            ...results.map((r) => `${r.stored ? 'stored ' : 'already'} ${r.id}  ${r.designations} designations, ${r.relations} relations, ${r.parties} parties  ${r.source}`),
            ...skipped.map((s) => `skipped ${s.source}: ${s.skipped}`),
            `${results.filter((r) => r.stored).length} articles stored, ${results.filter((r) => !r.stored).length} already present, ${skipped.length} skipped`,
          ].join('\n'),
        );
      });
    });

  program
    .command('article')
    .description('one stored article: the cleaned text with parties marked, designations, relations and their evidence')
    .argument('<id>', 'article id (or a unique prefix)')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { json?: boolean }) => {
      const { loadAnalysis, renderArticle } = await reader();
      await withStore(async (store) => {
        const record = await store.getArticle(id);
        if (!record) throw new Error(`no article '${id}' (see 'sanctrace articles')`);
        const analysis = loadAnalysis(record.body, record.analysis);
        print(opts.json === true, { ...analysis, lines: undefined, sentences: undefined, entities_ftm: (await store.getArticleEntities(record.id)).map((e) => JSON.parse(e.data) as unknown) }, () => renderArticle(analysis));
      });
    });

  program
    .command('articles')
    .description('the stored articles')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      await withStore(async (store) => {
        const articles = await store.listArticles();
        print(opts.json === true, articles, () => articles.map((a) => `${a.id}  ${a.published ?? '          '}  ${a.title ?? ''}  (${a.source})`).join('\n') || 'no articles yet: sanctrace ingest <file|folder|feed|url>');
      });
    });

  program
    .command('eval-news')
    .description('score the extraction against gold files (X.txt + X.gold.json): designations, entities, relations, furniture lines')
    .argument('[dir]', 'folder of X.txt and X.gold.json', join(PACKAGE_ROOT, '..', 'shared', 'data', 'news'))
    .option('--link', 'link parties through the matcher over the store (slower; needs lists loaded)')
    .option('--folds <n>', 'k-fold cross-validation by file: each file scored by models trained on the other folds only')
    .option('--rules', 'the hand rules alone, without the learned decisions')
    .option('--json', 'machine-readable output')
    .action(async (dir: string, opts: { link?: boolean; json?: boolean; folds?: string; rules?: boolean }) => {
      const { readGoldDir, crossValidate, foldOf, scoreArticle, analyzeArticle, defaultModels, scoreTable } = await reader();
      await withStore(async (store) => {
        const screener = await matcher(store, opts.link === true);
        const articles = readGoldDir(dir);
        if (articles.length === 0) throw new Error(`${dir}: no X.txt with X.gold.json`);
        const folds = opts.folds === undefined ? null : Number(opts.folds);
        if (folds !== null && (!Number.isInteger(folds) || folds < 2 || folds > articles.length)) throw new Error(`--folds: expected a whole number from 2 to ${articles.length}, got '${opts.folds}'`);
        const started = performance.now();
        const scores = folds
          ? crossValidate(articles, folds, screener, (k) => process.stderr.write(`fold ${k + 1}/${folds}: training on ${articles.length - articles.filter((_, i) => foldOf(i, folds) === k).length} files…\n`))
          : articles.map((a) => scoreArticle(a.file, analyzeArticle({ source: a.file, text: a.text }, screener, opts.rules ? null : defaultModels()), a.gold));
        const seconds = (performance.now() - started) / 1000;
        const mode = folds ? `${folds}-fold cross-validation by file (each file scored by models that never saw it)` : opts.rules ? 'hand rules only' : 'shipped models (trained on these files: not a held-out figure)';
        print(opts.json === true, { mode, scores, seconds }, () => `${mode}\n${scoreTable(scores)}\n${articles.length} articles in ${seconds.toFixed(2)} s${folds ? ' (training included)' : ` (${(articles.length / seconds).toFixed(0)} articles/s)`}${screener ? ', with linking' : ''}`);
      });
    });
}

export { IngestError };
