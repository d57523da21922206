// Intervals for a finished fit, as `fit --ci` and `run --ci` compute them: Laplace in this
// thread (N conjugate-gradient solves), the bootstrap's refits through the worker pool.

import type { Engine } from '../../engine/engine.js';
import { InputError } from '../../errors.js';
import type { FitOptions, FitResult, Metrics, Utility } from '../../fit/fit.js';
import {
  bootstrapSummary, INTERVAL_DEFAULTS, INTERVAL_METHODS, laplaceIntervals, wilsonInterval,
  type IntervalMethod, type UtilityIntervals,
} from '../../fit/intervals.js';
import { isClassical } from '../../fit/families.js';
import { familyLaplaceIntervals } from '../../fit/family-laplace.js';
import { priorPrecision } from '../../fit/prior.js';
import type { IndexedGraph, OptionId } from '../../graph/preference-graph.js';
import { createFitPool, type FitPool } from './fit-pool.js';

export interface IntervalOptions {
  method: IntervalMethod | 'none';
  /** Bootstrap replicates (default 200). */
  bootstrap?: number;
  /** Coverage of each interval, in (0, 1) (default 0.9). */
  level?: number;
  /** Seed of the bootstrap's resampling. */
  seed?: number;
  /** A pool for the bootstrap (left open); otherwise one is created and closed here. */
  pool?: FitPool;
}

/** A utility with its interval, as written to utilities.json and results.json. */
export interface UtilityWithInterval extends Utility {
  std_error?: number;
  mean_ci?: [number, number];
}

/** Checks the interval flags of fit and run; one-line errors name the flag and value. */
export function checkIntervalOptions(o: { method?: string; bootstrap?: number; level?: number }): void {
  if (o.method !== undefined && o.method !== 'none' && !INTERVAL_METHODS.includes(o.method as IntervalMethod)) {
    throw new InputError(`--ci must be laplace, bootstrap or none (got ${JSON.stringify(o.method)})`);
  }
  if (o.bootstrap !== undefined && !(Number.isInteger(o.bootstrap) && o.bootstrap >= 2)) {
    throw new InputError(`--bootstrap must be an integer of at least 2 (got ${o.bootstrap})`);
  }
  if (o.level !== undefined && !(o.level > 0 && o.level < 1)) {
    throw new InputError(`--level must be in (0, 1) (got ${o.level})`);
  }
}

/**
 * Intervals for the normalised means of `fit` (a fit of g with `fitOptions`), or undefined for
 * method 'none'. g's arrays must be intact (not moved to a worker).
 */
export async function fitIntervals(
  engine: Engine, g: IndexedGraph, fit: FitResult, fitOptions: FitOptions, options: IntervalOptions,
): Promise<UtilityIntervals | undefined> {
  const level = options.level ?? INTERVAL_DEFAULTS.level;
  if (options.method === 'none') return undefined;
  if (options.method === 'laplace') {
    const kappa = priorPrecision(fit.fit.prior, fit.fit.prior_strength, g.edgeA.length);
    const weights = fitOptions.weighting === 'counts' ? g.counts : undefined;
    return isClassical(fit.fit.model)
      ? familyLaplaceIntervals(engine, g, fit, kappa, level, weights)
      : laplaceIntervals(engine, g, fit, kappa, level, weights);
  }
  const started = performance.now();
  const B = options.bootstrap ?? INTERVAL_DEFAULTS.bootstrap;
  const pool = options.pool ?? createFitPool();
  try {
    // Replicates refit with the strength the fit chose (cross-validating again per replicate
    // would measure the choice's noise too, at 25 times the cost).
    const replicateOptions: FitOptions = { ...fitOptions, priorStrength: fit.fit.prior_strength, prior: fit.fit.prior, tolerance: 1e-4 };
    const replicates = await pool.bootstrap(g, fit, replicateOptions, B, options.seed ?? 0);
    return bootstrapSummary(fit, replicates, level, (performance.now() - started) / 1000);
  } finally {
    if (!options.pool) await pool.close();
  }
}

/** utilities keyed by id, with std_error and mean_ci when intervals are given. */
export function utilitiesWithIntervals(ids: readonly OptionId[], fit: FitResult, iv?: UtilityIntervals): Record<string, UtilityWithInterval> {
  const out: Record<string, UtilityWithInterval> = {};
  ids.forEach((id, i) => {
    out[String(id)] = {
      mean: fit.means[i], variance: fit.variances[i],
      ...(iv ? { std_error: iv.stdError[i], mean_ci: [iv.lo[i], iv.hi[i]] as [number, number] } : {}),
    };
  });
  return out;
}

/** The record of how intervals were made (the `intervals` key of the outputs). */
export function intervalsRecord(iv: UtilityIntervals | undefined): Record<string, unknown> | null {
  if (!iv) return null;
  return {
    method: iv.method, level: iv.level, scale: 'normalised means',
    ...(iv.replicates !== undefined ? { replicates: iv.replicates } : {}),
    ...(iv.cgIterations !== undefined ? { cg_iterations: iv.cgIterations } : {}),
    seconds: iv.seconds,
  };
}

/** Held-out metrics with a Wilson interval on the accuracy (at the same level). */
export function withAccuracyInterval(m: Metrics, edges: number, level: number = INTERVAL_DEFAULTS.level): Metrics & { accuracy_ci: [number, number]; level: number } {
  return { ...m, accuracy_ci: wilsonInterval(Math.round(m.accuracy * edges), edges, level), level };
}
