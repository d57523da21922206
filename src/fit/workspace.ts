// The memory a fit needs inside the engine, laid out once per fit and reused across fits: edge
// arrays written once, then parameters, gradient and optimiser state updated in place.

import type { Engine } from '../engine/engine.js';
import type { IndexedGraph } from '../graph/preference-graph.js';

/** History pairs kept by L-BFGS. */
export const LBFGS_MEMORY = 10;

export class FitWorkspace {
  readonly n: number;
  readonly e: number;
  /** Number of parameters: mu (n) then s = log sigma^2 (n). */
  readonly count: number;
  readonly ptr: {
    edgeA: number; edgeB: number; labels: number; weights: number;
    params: number; grad: number; work: number; out: number; accuracy: number;
    m1: number; m2: number; dir: number; xPrev: number; gPrev: number;
    sPairs: number; yPairs: number; rho: number; alpha: number;
  };
  readonly params: Float64Array;
  readonly grad: Float64Array;
  readonly xPrev: Float64Array;
  readonly gPrev: Float64Array;
  readonly dir: Float64Array;

  /**
   * Lays out memory for graph g and writes its edges. `weights` (one per edge) makes the loss a
   * weighted mean; omit it for the paper's plain mean. `precision` 'f32' evaluates each edge's
   * term in single precision (lossGradF32: about twice as fast, ~1e-7 relative per edge).
   */
  constructor(readonly engine: Engine, g: IndexedGraph, weights?: Float64Array, readonly precision: 'f64' | 'f32' = 'f64') {
    const n = (this.n = g.n);
    const e = (this.e = g.edgeA.length);
    const count = (this.count = 2 * n);
    const L = engine.layout();
    const ptr = {
      edgeA: L.take(e, 4), edgeB: L.take(e, 4), labels: L.take(e, 8), weights: weights ? L.take(e, 8) : 0,
      params: L.take(count, 8), grad: L.take(count, 8), work: L.take(Math.max(4 * n + 3 * (e + 2), 5 * n + 2 * e + 8), 8), out: L.take(count, 8),
      accuracy: L.take(1, 8), m1: L.take(count, 8), m2: L.take(count, 8), dir: L.take(count, 8),
      xPrev: L.take(count, 8), gPrev: L.take(count, 8), sPairs: L.take(LBFGS_MEMORY * count, 8),
      yPairs: L.take(LBFGS_MEMORY * count, 8), rho: L.take(LBFGS_MEMORY, 8), alpha: L.take(LBFGS_MEMORY, 8),
    };
    engine.reserve(L.end);
    this.ptr = ptr;
    engine.i32(ptr.edgeA, e).set(g.edgeA);
    engine.i32(ptr.edgeB, e).set(g.edgeB);
    engine.f64(ptr.labels, e).set(g.labels);
    if (weights) engine.f64(ptr.weights, e).set(weights);
    this.params = engine.f64(ptr.params, count);
    this.grad = engine.f64(ptr.grad, count);
    this.xPrev = engine.f64(ptr.xPrev, count);
    this.gPrev = engine.f64(ptr.gPrev, count);
    this.dir = engine.f64(ptr.dir, count);
  }

  /** Loss at the current params (NaN when wantLoss is false); writes the gradient into `grad`. */
  lossGrad(wantLoss = true): number {
    const { ptr } = this;
    const kernel = this.precision === 'f32' ? this.engine.kernels.lossGradF32 : this.engine.kernels.lossGrad;
    return kernel(this.n, this.e, ptr.edgeA, ptr.edgeB, ptr.labels, ptr.weights, ptr.params, ptr.grad, ptr.work, wantLoss);
  }

  /** Normalised means and variances for the current params (copies, safe to keep). */
  utilities(): { means: Float64Array; variances: Float64Array } {
    const { engine, n, ptr } = this;
    engine.kernels.utilitiesFromParams(n, ptr.params, ptr.out);
    return { means: engine.f64(ptr.out, n).slice(), variances: engine.f64(ptr.out + 8 * n, n).slice() };
  }
}
