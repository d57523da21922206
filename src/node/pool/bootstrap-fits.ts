// Bootstrap refits: the utilities of one measured graph refitted on replicate data sets (the asked
// pairs drawn with replacement, and each drawn pair's replies drawn again), through the worker pool. Figures derived from the
// utilities (an exchange rate, a correlation) then get percentile intervals from the replicates.

import { availableParallelism } from 'node:os';
import type { FitOptions, FitResult } from '../../fit/fit.js';
import type { IndexedGraph, OptionId } from '../../graph/preference-graph.js';
import { resampleLabels } from '../../sampling/bootstrap.js';
import { Random } from '../../sampling/random.js';
import { createFitPool, type FitPool } from './fit-pool.js';

/** A measured graph as the bootstrap needs it: asked pairs with their reply counts, and fixed labels. */
export interface BootstrapGraph {
  n: number;
  ids: OptionId[];
  /** Asked pairs (option indices) with P(a) and the number of replies behind it: resampled. */
  asked: ReadonlyArray<{ a: number; b: number; probability_a: number; total_responses: number }>;
  /** Labels that are not answers (pseudolabels): kept as they are in every replicate. */
  fixed?: ReadonlyArray<{ a: number; b: number; probability_a: number }>;
}

export interface BootstrapOptions {
  replicates: number;
  seed: number;
  /** Fit options of every refit (e.g. the point fit's params as `init`, for a warm start). */
  fit?: FitOptions;
  /** Fits a graph (default: a worker pool started for the purpose and closed afterwards). */
  fitter?: (g: IndexedGraph, options: FitOptions) => Promise<FitResult>;
  /** Worker threads of that pool (default: the number of cores). */
  threads?: number;
  signal?: AbortSignal;
  /** Called after each finished replicate. */
  onReplicate?: (done: number, total: number) => void;
}

/**
 * The means of `replicates` refits, in replicate order (replicate r draws from
 * Random.derive(seed, `bootstrap r`), so the result depends only on the seed). At most
 * 2 x threads replicate graphs exist at once, so memory stays that of a few graphs.
 * Cost: `replicates` fits of the graph, spread over the pool's threads.
 * @example const reps = await bootstrapMeans(graph, { replicates: 200, seed: 42 }); reps.length // 200
 */
export async function bootstrapMeans(graph: BootstrapGraph, options: BootstrapOptions): Promise<Float64Array[]> {
  const total = options.replicates;
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`replicates must be a non-negative integer (got ${total})`);
  if (total === 0) return [];
  let pool: FitPool | undefined;
  const fitter = options.fitter ?? ((g: IndexedGraph, o: FitOptions) => (pool ??= createFitPool(options.threads ? { threads: options.threads } : {})).fitIndexed(g, o));
  const inFlight = 2 * (options.threads ?? availableParallelism());
  const fixed = graph.fixed ?? [];
  const out = new Array<Float64Array>(total);
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < total) {
      options.signal?.throwIfAborted();
      const r = next++;
      const rng = Random.derive(options.seed, `bootstrap ${r}`);
      // Pairs drawn with replacement, then each drawn pair's replies drawn again.
      const drawn = Array.from({ length: graph.asked.length }, () => graph.asked[rng.int(graph.asked.length)]);
      const labels = resampleLabels(drawn, rng);
      const fit = await fitter(replicateGraph(drawn, graph, labels, fixed), { ...options.fit, allowDisconnected: true });
      out[r] = fit.means;
      options.onReplicate?.(++done, total);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(inFlight, total) }, lane));
  } finally {
    await pool?.close();
  }
  return out;
}

function replicateGraph(drawn: BootstrapGraph['asked'], graph: BootstrapGraph, labels: Float64Array, fixed: NonNullable<BootstrapGraph['fixed']>): IndexedGraph {
  const e = drawn.length + fixed.length;
  const edgeA = new Int32Array(e);
  const edgeB = new Int32Array(e);
  const all = new Float64Array(e);
  drawn.forEach((p, k) => {
    edgeA[k] = p.a;
    edgeB[k] = p.b;
    all[k] = labels[k];
  });
  fixed.forEach((p, m) => {
    const k = drawn.length + m;
    edgeA[k] = p.a;
    edgeB[k] = p.b;
    all[k] = p.probability_a;
  });
  return { n: graph.n, ids: graph.ids, edgeA, edgeB, labels: all };
}
