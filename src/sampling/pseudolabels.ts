// Pseudolabels: after the last round, pairs the fitted model is already nearly sure about are
// added as hard labels without asking, so the final fit sees the whole ordering.

import { InputError } from '../errors.js';
import { PAIR_FREE, type PairStatus } from './pair-status.js';

/** The paper's confidence threshold. */
export const PSEUDOLABEL_THRESHOLD = 0.95;

export interface Pseudolabel {
  a: number;
  b: number;
  /** 1 when a is predicted over b with probability >= threshold, 0 when <= 1 - threshold. */
  probability_a: 0 | 1;
}

/**
 * Every free pair with P(a over b) = Phi((mu_a - mu_b) / sqrt(var_a + var_b)) at or beyond the
 * threshold on either side, as a hard label. `normCdf` is passed in (the engine's accurate one in
 * practice). Cost: O(n^2) CDF evaluations.
 * @example pseudolabels(status, means, variances, 0.95, Phi).length // e.g. 81234 at n = 500
 */
export function pseudolabels(
  status: PairStatus, means: ArrayLike<number>, variances: ArrayLike<number>,
  threshold: number = PSEUDOLABEL_THRESHOLD, normCdf: (x: number) => number,
): Pseudolabel[] {
  if (!(threshold > 0.5 && threshold < 1)) throw new InputError(`pseudolabel threshold must be in (0.5, 1) (got ${threshold})`);
  const out: Pseudolabel[] = [];
  status.forEach(PAIR_FREE, (a, b) => {
    const sd = Math.sqrt(variances[a] + variances[b]);
    const p = normCdf((means[a] - means[b]) / sd);
    if (p >= threshold) out.push({ a, b, probability_a: 1 });
    else if (p <= 1 - threshold) out.push({ a, b, probability_a: 0 });
  });
  return out;
}
