// Cycle statistics among the pairs that were actually asked: every triangle of the observed graph
// (all three pairs measured), its cycle probability, the mean, the share of majority cycles, and
// per-option counts. Lets the tool report transitivity straight from a results.json.

import type { Engine } from '../engine/engine.js';
import { InputError } from '../errors.js';
import { cycleKernels, now } from './kernels.js';

export interface SparseCycleOptions {
  /** Histogram bins over [0, 1] for the triangles' cycle probabilities. */
  bins?: number;
  /** List up to this many strict majority cycles. */
  listHard?: number;
}

export const SPARSE_CYCLE_DEFAULTS = Object.freeze({ bins: 10, listHard: 0 });

/** Equal-width histogram over [0, 1]; p = 1 falls in the last bin. */
export interface Histogram {
  bin_width: number;
  counts: number[];
}

export interface SparseCycleResult {
  n: number;
  edges: number;
  /** Triangles among the observed pairs (the triads that can be judged). */
  triads: number;
  mean_cycle_probability: number;
  expected_cyclic_triads: number;
  /** Triangles whose majority preferences cycle; a tied pair counts as a fair coin. */
  hard_cyclic_triads: number;
  hard_cycle_fraction: number;
  histogram: Histogram;
  perOption: { triangles: Float64Array; expectedCyclic: Float64Array; hardCyclic: Float64Array };
  /** Strict majority cycles [a, b, c] (a beats b beats c beats a), at most `listHard`. */
  hard_cycles: [number, number, number][];
  seconds: number;
}

/**
 * Triangles of the observed graph on n options: edge k joins edgeA[k] and edgeB[k] (unique
 * unordered pairs, no self-loops) with probs[k] = P(a over b). Degree-ordered forward listing in
 * the engine; cost O(e^1.5) at worst, O(e) memory. Means are NaN when there is no triangle.
 * @example
 * sparseCycles(engine, 3, Int32Array.of(0, 1, 2), Int32Array.of(1, 2, 0), Float64Array.of(1, 1, 1));
 * // { triads: 1, mean_cycle_probability: 1, hard_cyclic_triads: 1, ... }
 */
export function sparseCycles(
  engine: Engine, n: number, edgeA: Int32Array, edgeB: Int32Array, probs: Float64Array,
  options: SparseCycleOptions = {},
): SparseCycleResult {
  const { bins, listHard } = { ...SPARSE_CYCLE_DEFAULTS, ...options };
  if (!Number.isInteger(bins) || bins < 1) throw new InputError(`options.bins must be a positive integer (got ${bins})`);
  if (!Number.isInteger(listHard) || listHard < 0) throw new InputError(`options.listHard must be a non-negative integer (got ${listHard})`);
  const e = edgeA.length;
  if (edgeB.length !== e || probs.length !== e) throw new InputError(`edge arrays differ in length (${e}, ${edgeB.length}, ${probs.length})`);
  const layout = engine.layout();
  const a = layout.take(e, 4);
  const b = layout.take(e, 4);
  const p = layout.take(e, 8);
  // work: degree, offsets (n + 1), cursor, mark, targets (e) as i32, padded, then e f64.
  const work = layout.take(4 * n + 1 + e + 4, 4);
  layout.take(e, 8);
  const perOption = layout.take(3 * n, 8);
  const histogram = layout.take(bins, 8);
  const list = layout.take(3 * listHard, 4);
  const results = layout.take(4, 8);
  engine.reserve(layout.end);
  engine.i32(a, e).set(edgeA);
  engine.i32(b, e).set(edgeB);
  engine.f64(p, e).set(probs);
  const t0 = now();
  const count = cycleKernels(engine).sparseTriangles(n, e, a, b, p, work, perOption, bins, histogram, listHard, list, results);
  const seconds = (now() - t0) / 1000;
  if (count < 0) throw new InputError('an edge names an option outside the graph or joins an option to itself');
  const [triangles, sum, hardSum, listed] = engine.f64(results, 4);
  const ids = engine.i32(list, 3 * listed);
  const hardCycles: [number, number, number][] = [];
  for (let c = 0; c < listed; c++) hardCycles.push([ids[3 * c], ids[3 * c + 1], ids[3 * c + 2]]);
  const per = engine.f64(perOption, 3 * n);
  return {
    n,
    edges: e,
    triads: triangles,
    // Empty-input policy: no triangle, no mean (NaN, written as null in JSON).
    mean_cycle_probability: triangles > 0 ? sum / triangles : NaN,
    expected_cyclic_triads: sum,
    hard_cyclic_triads: hardSum,
    hard_cycle_fraction: triangles > 0 ? hardSum / triangles : NaN,
    histogram: { bin_width: 1 / bins, counts: Array.from(engine.f64(histogram, bins)) },
    perOption: {
      triangles: per.slice(0, n),
      expectedCyclic: per.slice(n, 2 * n),
      hardCyclic: per.slice(2 * n, 3 * n),
    },
    hard_cycles: hardCycles,
    seconds,
  };
}
