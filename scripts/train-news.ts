// Trains the news reader's decisions on every gold file of a folder (default: the dev set in
// ../shared/data/news) and writes data/models/news.json, which the package ships.
// Run: npx tsx scripts/train-news.ts [dir]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/config.js';
import { readGoldDir } from '../src/extract/learn/crossval.js';
import { MODELS_PATH } from '../src/extract/learn/models.js';
import { trainModels } from '../src/extract/learn/train.js';

const dir = process.argv[2] ?? join(PACKAGE_ROOT, '..', 'shared', 'data', 'news');
const articles = readGoldDir(dir);
const started = performance.now();
const models = trainModels(articles);
writeFileSync(MODELS_PATH, `${JSON.stringify(models)}\n`);
const size = (m: { weights: Record<string, number> }) => Object.keys(m.weights).length;
console.log(`trained on ${articles.length} articles in ${((performance.now() - started) / 1000).toFixed(1)} s → ${MODELS_PATH}`);
console.log(`features: furniture ${size(models.furniture)} (threshold ${models.furniture.threshold}), target ${size(models.target)} (${models.target.threshold}), authority ${size(models.authority)} (${models.authority.threshold}), entity ${size(models.entity)} (${models.entity.threshold}), action ${models.action.classes.join('/')}, relation ${models.relation.classes.length} classes`);
