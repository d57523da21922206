// Convergence of utility functions across models: do different models value the same outcomes
// alike? Pure functions over utility means keyed by outcome (no engine, no I/O).
//
// Empty-input policy: a statistic over fewer than 2 shared outcomes, or over a constant vector, is
// undefined and returned as NaN (written as null in JSON), never as 0, so "no evidence" cannot be
// read as "uncorrelated".

import { cosine, pearson, spearman } from '../metrics/correlation.js';

/** Utility means of one model, keyed by outcome (id or description: whatever the models share). */
export interface ModelUtilities {
  name: string;
  means: Readonly<Record<string, number>>;
}

export interface PairConvergence {
  a: string;
  b: string;
  /** Outcomes both models have a finite mean for. */
  shared: number;
  pearson: number;
  cosine: number;
  /** Spearman rank correlation: insensitive to a fit stretching a few extreme utilities. */
  spearman: number;
}

export interface ModelConvergence {
  name: string;
  /** Outcomes this model and every other model have a finite mean for. */
  shared: number;
  /** Pearson correlation with the mean utility vector of all the other models. */
  correlation_with_others: number;
  /** The same as a Spearman rank correlation. */
  rank_correlation_with_others: number;
}

export interface ConvergenceReport {
  pairs: PairConvergence[];
  models: ModelConvergence[];
  /** Mean of the pairwise Pearson correlations that are defined (NaN if none). */
  mean_pairwise_pearson: number;
}

/** The two models' means over the outcomes both have (finite means only), in a's key order. */
export function sharedVectors(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): { keys: string[]; x: number[]; y: number[] } {
  const keys: string[] = [];
  const x: number[] = [];
  const y: number[] = [];
  for (const [key, va] of Object.entries(a)) {
    const vb = b[key];
    if (Number.isFinite(va) && typeof vb === 'number' && Number.isFinite(vb)) {
      keys.push(key);
      x.push(va);
      y.push(vb);
    }
  }
  return { keys, x, y };
}

/**
 * For every pair of models, Pearson, cosine similarity and Spearman of their means over shared outcomes; for
 * every model, the correlation with the mean of the others over outcomes all models share.
 * Cost: O(models^2 x outcomes).
 * @example
 * convergence([{ name: 'a', means: { x: 1, y: -1 } }, { name: 'b', means: { x: 2, y: -2 } }]).pairs
 * // [{ a: 'a', b: 'b', shared: 2, pearson: 1, cosine: 1, spearman: 1 }]
 */
export function convergence(models: readonly ModelUtilities[]): ConvergenceReport {
  const pairs: PairConvergence[] = [];
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) {
      const { x, y } = sharedVectors(models[i].means, models[j].means);
      pairs.push({ a: models[i].name, b: models[j].name, shared: x.length, pearson: pearson(x, y), cosine: cosine(x, y), spearman: spearman(x, y) });
    }
  }
  const perModel = models.map((m, i) => {
    const others = models.filter((_, j) => j !== i);
    // Outcomes every model has: the mean of the others is then an average over the same models
    // for every outcome, not a different subset per outcome.
    const keys = Object.keys(m.means).filter((k) => Number.isFinite(m.means[k]) && others.every((o) => Number.isFinite(o.means[k])));
    const own = keys.map((k) => m.means[k]);
    const rest = keys.map((k) => others.reduce((s, o) => s + o.means[k], 0) / others.length);
    const alone = others.length === 0;
    return {
      name: m.name, shared: alone ? 0 : keys.length,
      correlation_with_others: alone ? NaN : pearson(own, rest),
      rank_correlation_with_others: alone ? NaN : spearman(own, rest),
    };
  });
  const defined = pairs.map((p) => p.pearson).filter(Number.isFinite);
  return {
    pairs,
    models: perModel,
    mean_pairwise_pearson: defined.length === 0 ? NaN : defined.reduce((s, v) => s + v, 0) / defined.length,
  };
}
