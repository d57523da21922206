// Choosing the prior's strength per graph by K-fold cross-validation over the graph's own edges.

import type { Engine } from '../engine/engine.js';
import type { IndexedGraph } from '../graph/preference-graph.js';
import { Random } from '../sampling/random.js';
import { fitIndexed, scoreIndexed, type FitOptions } from './fit.js';

/**
 * Strengths tried, in edges, a factor ~3 apart. Over the 22 graphs of bench/prior.bench.ts a
 * cross-validation over {0.01, 0.03, 0.1, 0.3, 1} only ever chose 0.03, 0.1 or 0.3, so those
 * three are tried (a third of the cost).
 */
export const CV_STRENGTHS: readonly number[] = Object.freeze([0.03, 0.1, 0.3]);
export const CV_FOLDS = 5;
/** Fold fits stop within ~0.1 posterior sd: held-out losses of neighbouring strengths differ by far more. */
const CV_TOLERANCE = 1e-2;

/**
 * The prior strength with the lowest K-fold cross-validated log-loss on the graph's edges (the
 * folds are a seeded random split of the edges). Cost: folds x strengths fits, each warm-started
 * from a neighbouring fit (about 5 to 10 single fits in all, as warm refits are short).
 */
export function crossValidatedStrength(
  engine: Engine, g: IndexedGraph, options: FitOptions = {}, seed = 0,
): { strength: number; strengths: readonly number[]; losses: number[] } {
  const e = g.edgeA.length;
  const fold = new Int32Array(e);
  const order = new Random(seed).shuffle(Array.from({ length: e }, (_, i) => i));
  order.forEach((k, i) => { fold[k] = i % CV_FOLDS; });
  const losses = CV_STRENGTHS.map(() => 0);
  // Each fit starts from the previous fold's fit at the same strength (folds share 3/4 of their
  // edges), or from the previous strength's in the first fold.
  const warm: Array<Float64Array | undefined> = CV_STRENGTHS.map(() => undefined);
  for (let f = 0; f < CV_FOLDS; f++) {
    const train = subset(g, (k) => fold[k] !== f);
    const held = subset(g, (k) => fold[k] === f);
    let init: Float64Array | undefined;
    CV_STRENGTHS.forEach((strength, s) => {
      init = warm[s] ?? init;
      // Held-out scores need ~1e-2 posterior sd of precision, not 1e-3.
      const r = fitIndexed(engine, train, {
        ...options, prior: 'gaussian', priorStrength: strength, init, allowDisconnected: true, tolerance: CV_TOLERANCE,
      });
      init = r.params;
      warm[s] = r.params;
      losses[s] += scoreIndexed(engine, g.n, held.edgeA, held.edgeB, held.labels, r.means, r.variances, r.fit.model).log_loss * held.edgeA.length;
    });
  }
  let best = 0;
  for (let s = 1; s < losses.length; s++) if (losses[s] < losses[best]) best = s;
  return { strength: CV_STRENGTHS[best], strengths: CV_STRENGTHS, losses: losses.map((l) => l / e) };
}

function subset(g: IndexedGraph, keep: (k: number) => boolean): IndexedGraph {
  const idx: number[] = [];
  for (let k = 0; k < g.edgeA.length; k++) if (keep(k)) idx.push(k);
  return {
    n: g.n, ids: g.ids,
    edgeA: Int32Array.from(idx, (k) => g.edgeA[k]), edgeB: Int32Array.from(idx, (k) => g.edgeB[k]),
    labels: Float64Array.from(idx, (k) => g.labels[k]),
    ...(g.counts ? { counts: Float64Array.from(idx, (k) => g.counts![k]) } : {}),
  };
}
