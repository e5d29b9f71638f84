// Training the news reader's decisions from gold files (../shared/data/news: X.txt with
// X.gold.json). Each article gives examples for every decision: its lines (furniture or not),
// its names (target or not; which event; which authority), its pairs of names (which relation)
// and its parties (kept or not). Labels come from the gold file only; features from the text
// only. `trainModels` is what scripts/train-news.ts ships and what `eval-news --folds` runs on
// each fold's training files.
import { cleanLines } from '../clean.js';
import { publicationDate } from '../dates.js';
import { readDocument } from '../document.js';
import { groupEntities } from '../entities.js';
import { authorityCandidates, ruleCountry, targetCandidates } from '../events.js';
import { countryCandidates } from '../target-country.js';
import { fold, goldNames, sameName, type GoldFile } from '../evaluate.js';
import { actionFeatures, entityFeatures, lineFeatures } from '../features.js';
import { pairCandidates } from '../learned-relations.js';
import { extractRelations } from '../relations.js';
import { splitSentences } from '../sentences.js';
import { mentionsBySentence } from '../analyze.js';
import { trainBinary, trainMulticlass, type Example, type Features } from './logistic.js';
import type { NewsModels } from './models.js';

export interface LabelledArticle {
  file: string;
  text: string;
  gold: GoldFile;
}

interface Examples {
  furniture: Example[];
  target: Example[];
  action: { features: Features; label: string; group: string }[];
  authority: Example[];
  entity: Example[];
  relation: { features: Features; label: string; group: string }[];
  country: Example[];
}

const anyMatch = (as: string[], bs: string[]) => as.some((a) => bs.some((b) => sameName(a, b)));

export function examplesOf(article: LabelledArticle): Examples {
  const { file: group, text, gold } = article;
  const out: Examples = { furniture: [], target: [], action: [], authority: [], entity: [], relation: [], country: [] };
  const goldLines = new Set(gold.boilerplate_lines.map(fold));
  const ruleLines = cleanLines(text);
  ruleLines.forEach((line, i) => {
    if (line.text.trim()) out.furniture.push({ features: lineFeatures(ruleLines, i, line.furniture), label: goldLines.has(fold(line.text)), group });
  });
  // The later decisions learn on the text as a good furniture decision leaves it.
  const lines = ruleLines.map((l) => ({ ...l, furniture: goldLines.has(fold(l.text)) ? 'gold' : null }));
  const sentences = splitSentences(lines);
  const publication = publicationDate(lines, null);
  const doc = readDocument(text, lines, sentences);
  const targetNames = gold.designations.map((d) => ({ d, names: goldNames(gold, d.target) }));
  const positives = new Set<string>();
  for (const c of targetCandidates(doc, publication.date, publication.period ?? null)) {
    const match = targetNames.find((t) => anyMatch([c.name.text], t.names));
    out.target.push({ features: c.features, label: match !== undefined, group });
    if (!match) continue;
    positives.add(c.name.text);
    const authorities = match.d.authority.split(';').map((a) => a.trim());
    out.action.push({ features: actionFeatures(doc, c.sentence, c.name, publication.date, c.rule?.action ?? null, authorities[0], publication.date ?? publication.period ?? null), label: match.d.action, group });
    for (const a of authorityCandidates(doc, c.sentence, c.name)) out.authority.push({ features: a.features, label: authorities.includes(a.authority), group });
    // A target the gold ties to no country teaches that none of its country words is its.
    for (const k of countryCandidates(doc, c.sentence, c.name, ruleCountry(doc, c))) out.country.push({ features: k.features, label: k.code === (match.d.country ?? '').toUpperCase(), group });
  }
  for (const c of pairCandidates(doc, extractRelations(sentences))) {
    const r = gold.relations.find((g) => anyMatch([c.subject.text], goldNames(gold, g.subject)) && anyMatch([c.object.text], goldNames(gold, g.object)));
    out.relation.push({ features: c.features, label: r?.predicate ?? 'none', group });
  }
  const names = doc.sentences.flatMap((s) => s.names);
  const goldEntities = gold.entities.filter((e) => e.type !== 'Country' && e.type !== 'Location');
  for (const e of groupEntities(names, null, new Map())) {
    const mentions = mentionsBySentence(doc, e);
    if (mentions.length === 0) continue;
    out.entity.push({ features: entityFeatures(doc, mentions, false), label: goldEntities.some((g) => anyMatch([e.name, ...e.aliases], [g.name, ...g.aliases])), group });
  }
  return out;
}

// L2 strength, chosen once on the 5-fold figures. Designations F1 by L2 of the event models:
// 0.001 → 0.58, 0.01 → 0.60, 0.1 → 0.62, 0.2 → 0.65, 0.3 → 0.66, 0.5 → 0.65, 1 → 0.60, 3 → 0.53
// (relations F1 0.26 → 0.34 at 0.3), a smooth curve, so the pick is not one lucky fold. With
// ~60 articles the word features (prev1:…, verb-before:…) memorise their files unless held
// back. The furniture model has many more examples (every line) and does best lighter (line
// recall 0.78 at 0.01, 0.62 at 0.1); the party model too (entities F1 0.77 at 0.001, 0.76 at 0.3).
const EVENT_L2 = 0.3;
// The event decisions count a feature only where it occurs in two or more training files: a
// word seen around one file's names memorises that file (before, the strongest target weights
// were "prev2:peskov_and", "next1:malofeyev"). 5-fold designations F1 with the target bar below:
// every feature 0.71 (bar 0.45); two files 0.73 at 0.5, 0.74 at 0.55 and 0.6 (relations 0.52,
// 0.50, 0.48); three files 0.71 at 0.5, 0.73 at 0.55.
const MIN_GROUPS = 2;
const FURNITURE_L2 = 0.01;

export function trainModels(articles: LabelledArticle[]): NewsModels {
  const all: Examples = { furniture: [], target: [], action: [], authority: [], entity: [], relation: [], country: [] };
  for (const a of articles) {
    const ex = examplesOf(a);
    for (const k of Object.keys(all) as (keyof Examples)[]) (all[k] as unknown[]).push(...ex[k]);
  }
  // The threshold stays 0.5: one tuned on the training examples is tuned on what the model has
  // memorised (in-sample it picked 0.7 and lost recall on unseen files).
  const binary = (examples: Example[], positiveWeight = 1) => trainBinary(examples, { epochs: 20, l2: EVENT_L2, positiveWeight, threshold: 0.5, minGroups: MIN_GROUPS });
  return {
    trainedOn: articles.map((a) => a.file),
    // A missed furniture line counts three times: the target is recall (≥ 0.90) with at most one
    // article line lost per ten articles (5-fold line recall 0.835 at weight 1, 0.886 at 2, 0.899
    // at 3, with 2 article lines lost at 2 and 3).
    furniture: trainBinary(all.furniture, { epochs: 20, l2: FURNITURE_L2, positiveWeight: 3, threshold: 0.5 }),
    // Targets are rare among the names of an article: a missed one counts twice.
    // A name is a target from 0.5: 0.55 scored 0.01 more on designations but 0.02 less on
    // relations, and lost the third of dev_23's Russian banks (ВТБ) in-sample.
    target: { ...binary(all.target, 2), threshold: 0.5 },
    action: trainMulticlass(all.action, { epochs: 20, l2: EVENT_L2, minGroups: MIN_GROUPS }),
    authority: binary(all.authority),
    // A party is kept at 0.6, not 0.5: chosen on the 5-fold figures (entities F1 0.77 at 0.5,
    // 0.78 at 0.6, 0.77 at 0.7), a choice made once on held-out scores, not on training fit.
    entity: trainBinary(all.entity, { epochs: 20, l2: 1e-3, threshold: 0.6 }),
    relation: trainMulticlass(all.relation, { epochs: 15, l2: EVENT_L2, minGroups: MIN_GROUPS }),
    // Its features are shapes of the country word's place (distance, side, names between), none
    // a word of one file, so it is held lighter than the event decisions and counts every feature
    // (5-fold: countries right 53 → 56 of 134 at L2 0.1 against 0.3 with the two-file rule).
    country: trainBinary(all.country, { epochs: 20, l2: 0.1, threshold: 0.5 }),
  };
}
