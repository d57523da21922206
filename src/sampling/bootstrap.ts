// The reply bootstrap: replicate data sets drawn from the observed answers (each pair's replies
// redrawn), and percentile intervals over what the replicates give. Used wherever a figure derived
// from fitted utilities needs its uncertainty (exchange rates first); the refits themselves are
// the caller's (a worker pool). Not the edge bootstrap of src/fit/bootstrap.ts, which reweights
// whole edges for the fit's own utility intervals; the two share only quantileSorted.

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
  return quantileSorted(v, q);
}

/**
 * The q-quantile of values already sorted ascending (type 7, numpy's and R's default: linear
 * interpolation between order statistics). Equal neighbours are returned as they are, so an
 * infinite order statistic does not turn into NaN.
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] === sorted[hi] ? sorted[lo] : sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
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
