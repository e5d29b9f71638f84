// String similarity for single name tokens: Jaro-Winkler (good for transliteration variants
// that share a prefix) and a bounded Levenshtein for short tokens. Both run on scratch buffers
// kept between calls: screening computes millions of them and each allocation is garbage.

// Words longer than this get buffers of their own (rare: names are short).
const SCRATCH_LENGTH = 128;
const matchedAScratch = new Uint8Array(SCRATCH_LENGTH);
const matchedBScratch = new Uint8Array(SCRATCH_LENGTH);

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedA = la <= SCRATCH_LENGTH ? matchedAScratch.fill(0, 0, la) : new Uint8Array(la);
  const matchedB = lb <= SCRATCH_LENGTH ? matchedBScratch.fill(0, 0, lb) : new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    const ca = a.charCodeAt(i);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] || ca !== b.charCodeAt(j)) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matches += 1;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[j]) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions += 1;
    j++;
  }
  const jaro = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, la, lb) && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

// Three rows of the distance table (two before the current one, for transpositions).
let rows = [new Int32Array(SCRATCH_LENGTH + 1), new Int32Array(SCRATCH_LENGTH + 1), new Int32Array(SCRATCH_LENGTH + 1)];

/**
 * Edit distance where swapping two neighbouring letters is one edit (optimal string alignment:
 * "Asasd"/"Assad", "Anglea"/"Angela" are typing slips, not two changes), giving up (returning
 * max + 1) once it exceeds `max`.
 */
export function levenshtein(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const lb = b.length;
  if (lb + 1 > rows[0].length) rows = [new Int32Array(lb + 1), new Int32Array(lb + 1), new Int32Array(lb + 1)];
  let beforePrevious = rows[0];
  let previous = rows[1];
  let current = rows[2];
  for (let j = 0; j <= lb; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) value = Math.min(value, beforePrevious[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const spare = beforePrevious;
    beforePrevious = previous;
    previous = current;
    current = spare;
  }
  return previous[lb];
}
