// The edge bootstrap: refit the graph on edges resampled with replacement, warm-started at the
// fit's own optimum, and read intervals off the spread of the refitted normalised means. (The
// reply bootstrap of src/sampling/bootstrap.ts, which redraws each pair's replies for the figures
// experiments derive, is a different procedure.)

import type { Engine } from '../engine/engine.js';
import type { IndexedGraph } from '../graph/preference-graph.js';
import { Random } from '../sampling/random.js';
import { fitIndexed, type FitOptions } from './fit.js';

/**
 * Multiplicities of a resample of e edges with replacement (a multinomial draw of e), times the
 * base weights when given. An edge drawn k times weighs k; edges not drawn weigh 0.
 */
export function resampleWeights(e: number, seed: number, base?: Float64Array): Float64Array {
  const rng = new Random(seed);
  const w = new Float64Array(e);
  for (let k = 0; k < e; k++) w[rng.int(e)] += 1;
  if (base) for (let k = 0; k < e; k++) w[k] *= base[k];
  return w;
}

/**
 * One bootstrap replicate: the normalised means of a fit on resampled edges (replicate `r` of
 * the stream `seed`), warm-started from `params`. The prior keeps options whose edges were all
 * left out at a finite, uninformative place. With the paper's Adam (options.optimizer 'adam')
 * every replicate starts fresh, as the paper's fits do.
 */
export function bootstrapReplicate(engine: Engine, g: IndexedGraph, options: FitOptions, params: Float64Array, seed: number, r: number): Float64Array {
  const base = options.weighting === 'counts' ? g.counts : undefined;
  const weights = resampleWeights(g.edgeA.length, Random.derive(seed, `bootstrap ${r}`).int(2 ** 31), base);
  const fit = fitIndexed(engine, { ...g, counts: weights }, {
    ...options, weighting: 'counts', allowDisconnected: true,
    ...(options.optimizer === 'adam' ? { init: undefined } : { init: params }),
  });
  return fit.means;
}
