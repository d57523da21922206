// How stable utilities are across framings: the Pearson correlation of every two framings' fitted
// utilities over the same outcomes, their mean, and the outcomes that move most.

import { pearson } from '../../metrics/correlation.js';

/** How many outcomes `most_unstable_outcomes` lists. */
export const UNSTABLE_LISTED = 10;

export interface FramingSummary {
  framings: string[];
  /** pairwise_pearson[i][j]: Pearson r of framing i's and j's utilities (1 on the diagonal). */
  pairwise_pearson: number[][];
  /** Mean r over the distinct pairs of framings. */
  mean_pearson: number;
  /** The least stable outcomes: standard deviation of the normalised utility across framings. */
  most_unstable_outcomes: Array<{ outcome: string; spread: number; utilities: Record<string, number> }>;
  outcomes: number;
}

/**
 * Compares utilities fitted under each framing (means[f][i]: framing f, outcome i; normalised to
 * mean 0 and standard deviation 1, so the spread is in standard deviations of utility).
 * @example analyseFraming(['a', 'b'], [[0, 1], [0, 1]], ['x', 'y']).mean_pearson // 1
 */
export function analyseFraming(names: readonly string[], means: readonly (readonly number[])[], outcomes: readonly string[], listed = UNSTABLE_LISTED): FramingSummary {
  const k = names.length;
  const matrix = names.map((_, i) => names.map((__, j) => (i === j ? 1 : pearson(means[i], means[j]))));
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) {
    sum += matrix[i][j];
    pairs++;
  }
  const spread = outcomes.map((_, o) => {
    const xs = means.map((m) => m[o]);
    const mean = xs.reduce((s, x) => s + x, 0) / k;
    return Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, k - 1));
  });
  const order = outcomes.map((_, i) => i).sort((a, b) => spread[b] - spread[a] || a - b);
  return {
    framings: [...names],
    pairwise_pearson: matrix,
    mean_pearson: pairs > 0 ? sum / pairs : NaN,
    most_unstable_outcomes: order.slice(0, listed).map((i) => ({
      outcome: outcomes[i], spread: spread[i], utilities: Object.fromEntries(names.map((n, f) => [n, means[f][i]])),
    })),
    outcomes: outcomes.length,
  };
}
