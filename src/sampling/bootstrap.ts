// The bootstrap: replicate data sets drawn from the observed answers, and percentile intervals
// over what the replicates give. Used wherever a figure derived from fitted utilities needs its
// uncertainty (exchange rates first); the refits themselves are the caller's (a worker pool).

import type { Random } from './random.js';

/** An interval's confidence level: 95% percentile intervals. */
export const INTERVAL_LEVEL = 0.95;

/** Replicates when nothing else is said: enough for stable 2.5% and 97.5% quantiles. */
export const DEFAULT_REPLICATES = 200;

/**
 * The q-quantile of the values that are not NaN (linear interpolation between order statistics,
 * as numpy's default). NaN when there are none.
 * @example quantile([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantile(values: readonly number[], q: number): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = (v.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return v[lo] === v[hi] ? v[lo] : v[lo] + (h - lo) * (v[hi] - v[lo]);
}

/**
 * A percentile interval from bootstrap replicates: [quantile(α/2), quantile(1 - α/2)], α = 1 - level.
 * Empty-input policy: null when fewer than half the replicates gave a value (a figure that is
 * mostly undefined has no interval).
 * @example percentileInterval([1, 2, 3, 4, 5], 0.5) // [2, 4]
 */
export function percentileInterval(replicates: readonly number[], level = INTERVAL_LEVEL): [number, number] | null {
  const ok = replicates.filter((x) => !Number.isNaN(x));
  if (ok.length === 0 || ok.length < replicates.length / 2) return null;
  const alpha = 1 - level;
  return [quantile(ok, alpha / 2), quantile(ok, 1 - alpha / 2)];
}

/**
 * Soft labels for one bootstrap replicate: each pair's replies drawn again with replacement, i.e.
 * total_responses Bernoulli draws at its observed P(a), so a replicate varies as much as the
 * answers could have. Pairs with no replies (pseudolabels) keep their label.
 * Cost: one uniform draw per reply.
 */
export function resampleLabels(answers: ReadonlyArray<{ probability_a: number; total_responses: number }>, rng: Random): Float64Array {
  const out = new Float64Array(answers.length);
  answers.forEach((a, i) => {
    const n = a.total_responses;
    if (!(n > 0)) {
      out[i] = a.probability_a;
      return;
    }
    let wins = 0;
    for (let k = 0; k < n; k++) if (rng.uniform() < a.probability_a) wins++;
    out[i] = wins / n;
  });
  return out;
}
