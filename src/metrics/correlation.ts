// Correlation and similarity of two vectors: the statistics shared by convergence analysis and
// recovery checks. Undefined results (fewer than 2 points, zero variance) are NaN, never 0.

/**
 * Pearson correlation of two equally long vectors. NaN for fewer than 2 points or zero variance.
 * @example pearson([1, 2, 3], [2, 4, 7]) // 0.9933992677987828
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = checkLengths(x, y);
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return clampUnit(sxy / Math.sqrt(sxx * syy));
}

/**
 * Cosine similarity of two equally long vectors (no centring). NaN when either is all zeros or empty.
 * @example cosine([1, 0], [1, 1]) // 0.7071067811865475
 */
export function cosine(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = checkLengths(x, y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += x[i] * y[i];
    sxx += x[i] * x[i];
    syy += y[i] * y[i];
  }
  if (sxx === 0 || syy === 0) return NaN;
  return clampUnit(sxy / Math.sqrt(sxx * syy));
}

/**
 * Spearman rank correlation: Pearson of the ranks, ties sharing their average rank.
 * @example spearman([1, 2, 3, 4], [1, 4, 9, 100]) // 1
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkLengths(x, y);
  return pearson(ranks(x), ranks(y));
}

/** Ranks 0..n-1 by value; tied values share the average of their ranks. */
export function ranks(x: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const out = new Float64Array(x.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && x[order[j + 1]] === x[order[i]]) j++;
    for (let k = i; k <= j; k++) out[order[k]] = (i + j) / 2;
    i = j + 1;
  }
  return out;
}

function checkLengths(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new RangeError(`vectors differ in length (${x.length} vs ${y.length})`);
  return x.length;
}

// Rounding can push |r| a hair above 1; a correlation outside [-1, 1] would confuse readers.
function clampUnit(r: number): number {
  return Math.max(-1, Math.min(1, r));
}
