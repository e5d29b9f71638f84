// A small learned decision: logistic regression over sparse string features, trained by
// AdaGrad with L2. The news reader uses it where hand rules disagree (is this line furniture,
// is this name a target of the event, which authority acts, which predicate holds); the weights
// are plain JSON committed in data/models, trained by scripts/train-news.ts from the dev set.
// Deterministic: the same examples in the same order give the same weights.

export type Features = string[];

export interface Example {
  features: Features;
  label: boolean;
  /** Where it came from (the article file), so cross-validation can hold files apart. */
  group: string;
}

export interface BinaryModel {
  kind: 'binary';
  bias: number;
  weights: Record<string, number>;
  /** The probability at or above which the decision is yes. */
  threshold: number;
}

export interface TrainOptions {
  epochs?: number;
  l2?: number;
  rate?: number;
  /** Weight of a positive example relative to a negative one (class imbalance, costs). */
  positiveWeight?: number;
  threshold?: number;
  /**
   * A feature counts only if it occurs in at least this many groups (article files): one seen in
   * a single file ("prev2:peskov_and") can only memorise that file, never carry over to another.
   */
  minGroups?: number;
}

/** The features that occur in at least `min` distinct groups of the examples. */
function spreadFeatures(examples: Example[], min: number): Set<string> | null {
  if (min <= 1) return null;
  const groups = new Map<string, Set<string>>();
  for (const ex of examples) for (const f of ex.features) {
    let g = groups.get(f);
    if (!g) groups.set(f, (g = new Set()));
    g.add(ex.group);
  }
  return new Set([...groups].filter(([, g]) => g.size >= min).map(([f]) => f));
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));

/** A reproducible shuffle (mulberry32), so training twice gives the same weights. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = items.slice();
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function trainBinary(examples: Example[], options: TrainOptions = {}): BinaryModel {
  const epochs = options.epochs ?? 30;
  const l2 = options.l2 ?? 1e-4;
  const rate = options.rate ?? 0.3;
  const positiveWeight = options.positiveWeight ?? 1;
  const weights = new Map<string, number>();
  const squares = new Map<string, number>();
  let bias = 0;
  let biasSquares = 1e-8;
  const spread = spreadFeatures(examples, options.minGroups ?? 1);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const ex of shuffled(examples, epoch + 1)) {
      const unique = [...new Set(ex.features)].filter((f) => !spread || spread.has(f));
      let z = bias;
      for (const f of unique) z += weights.get(f) ?? 0;
      const error = (sigmoid(z) - (ex.label ? 1 : 0)) * (ex.label ? positiveWeight : 1);
      for (const f of unique) {
        const w = weights.get(f) ?? 0;
        const g = error + l2 * w;
        const sq = (squares.get(f) ?? 1e-8) + g * g;
        squares.set(f, sq);
        weights.set(f, w - (rate * g) / Math.sqrt(sq));
      }
      biasSquares += error * error;
      bias -= (rate * error) / Math.sqrt(biasSquares);
    }
  }
  const kept: Record<string, number> = {};
  for (const [f, w] of [...weights].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (Math.abs(w) >= 1e-3) kept[f] = Math.round(w * 1e4) / 1e4;
  return { kind: 'binary', bias: Math.round(bias * 1e4) / 1e4, weights: kept, threshold: options.threshold ?? 0.5 };
}

export function probability(model: BinaryModel, features: Features): number {
  let z = model.bias;
  for (const f of new Set(features)) z += model.weights[f] ?? 0;
  return sigmoid(z);
}

/** The features that pushed a decision most, for explanations ("after 'designating' +1.8"). */
export function strongest(model: BinaryModel, features: Features, n = 3): { feature: string; weight: number }[] {
  return [...new Set(features)]
    .map((feature) => ({ feature, weight: model.weights[feature] ?? 0 }))
    .filter((f) => f.weight !== 0)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, n);
}

export interface MulticlassModel {
  kind: 'multiclass';
  classes: string[];
  models: Record<string, BinaryModel>;
}

/** One-vs-rest: one binary model per class; the most probable class wins. */
export function trainMulticlass(examples: { features: Features; label: string; group: string }[], options: TrainOptions = {}): MulticlassModel {
  const classes = [...new Set(examples.map((e) => e.label))].sort();
  const models: Record<string, BinaryModel> = {};
  for (const c of classes) models[c] = trainBinary(examples.map((e) => ({ features: e.features, label: e.label === c, group: e.group })), options);
  return { kind: 'multiclass', classes, models };
}

export function classify(model: MulticlassModel, features: Features): { label: string; probability: number } {
  let best = { label: model.classes[0] ?? '', probability: -1 };
  for (const c of model.classes) {
    const p = probability(model.models[c], features);
    if (p > best.probability) best = { label: c, probability: p };
  }
  return best;
}
