// The learned decisions of the news reader, loaded once from data/models/news.json (trained by
// scripts/train-news.ts from ../shared/data/news; `eval-news --folds 5` trains the same way on
// four fifths of the files and scores the fifth it did not see).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../config.js';
import type { BinaryModel, MulticlassModel } from './logistic.js';

export interface NewsModels {
  /** Which files trained it (for the record; cross-validation checks a file is not among them). */
  trainedOn: string[];
  furniture: BinaryModel;
  target: BinaryModel;
  action: MulticlassModel;
  authority: BinaryModel;
  entity: BinaryModel;
  relation: MulticlassModel;
  /** Which of the country words in reach is the target's (absent in models trained before it: the rules decide). */
  country?: BinaryModel;
}

export const MODELS_PATH = join(PACKAGE_ROOT, 'data', 'models', 'news.json');

let loaded: NewsModels | null | undefined;

/** The shipped models, or null when none are trained yet (the reader then keeps its rules). */
export function defaultModels(): NewsModels | null {
  if (loaded === undefined) loaded = existsSync(MODELS_PATH) ? (JSON.parse(readFileSync(MODELS_PATH, 'utf8')) as NewsModels) : null;
  return loaded;
}
