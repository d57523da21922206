// Cycle statistics of a list of sampled triads, each with its three pairwise probabilities (the
// transitivity experiment's raw material): per-triad cycle probability, mean, hard-cycle fraction
// and a histogram.

import type { Engine } from '../engine/engine.js';
import { InputError } from '../errors.js';
import { cycleKernels } from './kernels.js';
import type { Histogram } from './sparse.js';

/** Three probabilities of one triad (a, b, c): P(a over b), P(b over c), P(c over a). */
export interface TriadProbabilities {
  ab: number;
  bc: number;
  ca: number;
}

export interface TriadCycleSummary {
  triads: number;
  /** Cycle probability of each triad, in input order. */
  probabilities: Float64Array;
  mean_cycle_probability: number;
  /** Triads whose majority preferences cycle (a tie counts as a fair coin). */
  hard_cyclic_triads: number;
  hard_cycle_fraction: number;
  histogram: Histogram;
}

export const TRIAD_DEFAULTS = Object.freeze({ bins: 10 });

/**
 * Cycle probability p_ab p_bc p_ca + (1 - p_ab)(1 - p_bc)(1 - p_ca) of every triad, in the engine.
 * Means are NaN for an empty list. Cost O(T).
 * @example
 * triadCycleSummary(engine, [{ ab: 1, bc: 1, ca: 1 }, { ab: 1, bc: 1, ca: 0 }]);
 * // { triads: 2, mean_cycle_probability: 0.5, hard_cycle_fraction: 0.5, ... }
 */
export function triadCycleSummary(engine: Engine, triads: readonly TriadProbabilities[], options: { bins?: number } = {}): TriadCycleSummary {
  const { bins } = { ...TRIAD_DEFAULTS, ...options };
  if (!Number.isInteger(bins) || bins < 1) throw new InputError(`options.bins must be a positive integer (got ${bins})`);
  const t = triads.length;
  triads.forEach((tr, k) => {
    for (const key of ['ab', 'bc', 'ca'] as const) {
      const x = tr?.[key];
      if (typeof x !== 'number' || !(x >= 0 && x <= 1)) throw new InputError(`triad ${k} has ${key} = ${JSON.stringify(x ?? null)} outside [0, 1]`);
    }
  });
  const layout = engine.layout();
  const ab = layout.take(t, 8);
  const bc = layout.take(t, 8);
  const ca = layout.take(t, 8);
  const out = layout.take(t, 8);
  const hist = layout.take(bins, 8);
  const results = layout.take(2, 8);
  engine.reserve(layout.end);
  const [vab, vbc, vca] = [engine.f64(ab, t), engine.f64(bc, t), engine.f64(ca, t)];
  triads.forEach((tr, k) => {
    vab[k] = tr.ab;
    vbc[k] = tr.bc;
    vca[k] = tr.ca;
  });
  const mean = cycleKernels(engine).triadCycles(t, ab, bc, ca, out, bins, hist, results);
  const [, hardSum] = engine.f64(results, 2);
  return {
    triads: t,
    probabilities: engine.f64(out, t).slice(),
    mean_cycle_probability: mean,
    hard_cyclic_triads: hardSum,
    hard_cycle_fraction: t > 0 ? hardSum / t : NaN,
    histogram: { bin_width: 1 / bins, counts: Array.from(engine.f64(hist, bins)) },
  };
}
