// Honest figures for learned decisions: k-fold cross-validation by file. Each article is
// scored by models trained on the other folds only, so no file helps produce its own score.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Screener } from '../../screen/screen.js';
import { analyzeArticle } from '../analyze.js';
import { scoreArticle, type FileScore, type GoldFile } from '../evaluate.js';
import type { NewsModels } from './models.js';
import { trainModels, type LabelledArticle } from './train.js';

/** The X.txt files of a folder that have an X.gold.json, in name order. */
export function readGoldDir(dir: string): LabelledArticle[] {
  const names = readdirSync(dir);
  return names
    .filter((f) => f.endsWith('.txt') && names.includes(f.replace(/\.txt$/u, '.gold.json')))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8'), gold: JSON.parse(readFileSync(join(dir, file.replace(/\.txt$/u, '.gold.json')), 'utf8')) as GoldFile }));
}

/** Fold of the i-th file: round robin over the sorted names, so every fold mixes sources. */
export const foldOf = (i: number, folds: number) => i % folds;

export function crossValidate(articles: LabelledArticle[], folds: number, screener: Screener | null, onFold?: (fold: number) => void): FileScore[] {
  if (folds < 2 || folds > articles.length) throw new Error(`--folds must be between 2 and the number of files (${articles.length})`);
  const scores: FileScore[] = [];
  for (let k = 0; k < folds; k++) {
    onFold?.(k);
    const training = articles.filter((_, i) => foldOf(i, folds) !== k);
    const models: NewsModels = trainModels(training);
    articles.forEach((a, i) => {
      if (foldOf(i, folds) !== k) return;
      if (models.trainedOn.includes(a.file)) throw new Error(`${a.file} is in its own training fold`);
      scores[i] = scoreArticle(a.file, analyzeArticle({ source: a.file, text: a.text }, screener, models), a.gold);
    });
  }
  return scores;
}
