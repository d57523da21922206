// The weak Gaussian prior that makes the default fit a maximum a posteriori (MAP) estimate.
//
// The plain likelihood often has no finite optimum: an outcome that wins (nearly) all its
// comparisons can always move further out, and its variance can always shrink. A Gaussian prior
// N(0, 1/lambda) on every raw mean mu_i and every log-variance s_i = log sigma_i^2 gives the
// posterior a unique, finite mode. The objective minimised is
//   f(x) = mean_e CE_e(x) + (lambda / 2E) * sum_i (mu_i^2 + s_i^2)
// i.e. E f = sum_e CE_e + lambda/2 |x|^2: lambda is the prior precision counted in edges (one
// edge's cross-entropy is one unit of evidence), so the prior's weight per option stays the same
// whether a graph has few or many pairs. By default the strength is chosen per graph by 5-fold
// cross-validation (src/fit/prior-cv.ts); fits that only steer active learning use the fixed
// FIXED_PRIOR_STRENGTH. Both were chosen by measurement (bench/prior.bench.ts, docs/fit.md).

import { InputError } from '../errors.js';

export type PriorName = 'gaussian' | 'none';

/** 'cv': choose the strength per graph by cross-validation; a number: that strength, in edges. */
export type PriorStrength = number | 'cv';

/** The default: per-graph cross-validation (best held-out log-loss in bench/prior.bench.ts). */
export const DEFAULT_PRIOR_STRENGTH: PriorStrength = 'cv';

/**
 * The best fixed strength in bench/prior.bench.ts (held-out log-loss and truth Pearson at least
 * Adam's on every planted and default-run graph): used where a fit only steers (active-learning
 * rounds) and cross-validating would cost 25 fits.
 */
export const FIXED_PRIOR_STRENGTH = 0.05;

/**
 * Per-parameter precision kappa in units of the mean loss: the penalty is kappa/2 |x|^2.
 * Zero for `prior: 'none'`.
 */
export function priorPrecision(prior: PriorName, strength: number, edges: number): number {
  if (prior === 'none') return 0;
  return strength / edges;
}

/** Adds kappa/2 |x|^2 to a loss and kappa x to its gradient (in place); returns the new loss. */
export function addPrior(kappa: number, x: Float64Array, grad: Float64Array, loss: number): number {
  if (kappa === 0) return loss;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    ss += x[i] * x[i];
    grad[i] += kappa * x[i];
  }
  return loss + 0.5 * kappa * ss;
}

/** Validates a prior name and strength, naming the option and the value. */
export function checkPrior(prior: unknown, strength: unknown): void {
  if (prior !== 'gaussian' && prior !== 'none') throw new InputError(`options.prior must be "gaussian" or "none" (got ${JSON.stringify(prior)})`);
  if (strength === 'cv') return;
  if (typeof strength !== 'number' || !(strength >= 0) || !Number.isFinite(strength)) {
    throw new InputError(`options.priorStrength must be a non-negative number or "cv" (got ${strength})`);
  }
}
