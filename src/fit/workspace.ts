// The memory a fit needs inside the engine, laid out once per fit and reused across fits: edge
// arrays written once, then parameters, gradient and optimiser state updated in place.

import type { Engine } from '../engine/engine.js';
import type { IndexedGraph } from '../graph/preference-graph.js';
import { addPrior } from './prior.js';

/** History pairs kept by L-BFGS. */
export const LBFGS_MEMORY = 10;

/** Writes a graph's edge arrays (and the per-edge weights, when given) at their places in engine memory. */
export function writeEdges(engine: Engine, ptr: { edgeA: number; edgeB: number; labels: number; weights: number }, g: IndexedGraph, weights?: Float64Array): void {
  const e = g.edgeA.length;
  engine.i32(ptr.edgeA, e).set(g.edgeA);
  engine.i32(ptr.edgeB, e).set(g.edgeB);
  engine.f64(ptr.labels, e).set(g.labels);
  if (weights) engine.f64(ptr.weights, e).set(weights);
}

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
    hNode: number; hEdge: number; cgR: number; cgZ: number; cgP: number; cgHp: number;
    cgInv: number; rhs: number; sol: number;
  };
  readonly params: Float64Array;
  readonly grad: Float64Array;
  readonly xPrev: Float64Array;
  readonly gPrev: Float64Array;
  readonly dir: Float64Array;
  /** First byte after the workspace's layout (free for callers' scratch). */
  readonly end: number;
  /** Prior precision kappa (penalty kappa/2 |x|^2 added to the mean loss); 0 = plain likelihood. */
  kappa = 0;
  /** Levenberg damping added to the diagonal in Hessian products and solves (not to the loss). */
  damping = 0;

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
      // The sparse Hessian (3 values per option, 4 per edge) and conjugate-gradient vectors.
      hNode: L.take(3 * n, 8), hEdge: L.take(4 * e, 8),
      cgR: L.take(count, 8), cgZ: L.take(count, 8), cgP: L.take(count, 8), cgHp: L.take(count, 8),
      cgInv: L.take(3 * n, 8), rhs: L.take(count, 8), sol: L.take(count, 8),
    };
    engine.reserve(L.end);
    this.end = L.end;
    this.ptr = ptr;
    writeEdges(engine, ptr, g, weights);
    this.params = engine.f64(ptr.params, count);
    this.grad = engine.f64(ptr.grad, count);
    this.xPrev = engine.f64(ptr.xPrev, count);
    this.gPrev = engine.f64(ptr.gPrev, count);
    this.dir = engine.f64(ptr.dir, count);
  }

  /**
   * Objective at the current params (NaN when wantLoss is false): the mean cross-entropy plus the
   * prior's penalty. Writes the gradient into `grad`.
   */
  lossGrad(wantLoss = true): number {
    const { ptr } = this;
    const kernel = this.precision === 'f32' ? this.engine.kernels.lossGradF32 : this.engine.kernels.lossGrad;
    const loss = kernel(this.n, this.e, ptr.edgeA, ptr.edgeB, ptr.labels, ptr.weights, ptr.params, ptr.grad, ptr.work, wantLoss);
    return addPrior(this.kappa, this.params, this.grad, loss);
  }

  /**
   * Assembles the likelihood's Hessian at the current params (see assembly/hessian.ts), or its
   * Gauss-Newton part (positive semi-definite everywhere). With `edgeGrad` (an address of 4e f64s)
   * also writes every edge's loss gradient. Returns the sum of edge weights.
   */
  assembleHessian(gaussNewton = false, edgeGrad = 0): number {
    const { ptr } = this;
    return this.engine.kernels.hessianAssemble(this.n, this.e, ptr.edgeA, ptr.edgeB, ptr.labels, ptr.weights, ptr.params,
      ptr.hNode, ptr.hEdge, gaussNewton, edgeGrad, ptr.out);
  }

  /** Sum of |diagonal| of the last assembled Hessian (the scale of its curvature). */
  diagonalSum(): number {
    const node = this.engine.f64(this.ptr.hNode, 3 * this.n);
    let diag = 0;
    for (let i = 0; i < this.n; i++) diag += Math.abs(node[3 * i]) + Math.abs(node[3 * i + 1]);
    return diag;
  }

  /** out = (H + (kappa + damping) I) v, with H the last assembled Hessian; v and out are addresses of 2n f64s. */
  hessianTimes(v: number, out: number): void {
    const { ptr } = this;
    this.engine.kernels.hessianVector(this.n, this.e, ptr.edgeA, ptr.edgeB, ptr.hNode, ptr.hEdge, this.kappa + this.damping, v, out);
  }

  /** Prepares solve(): the block-Jacobi preconditioner of the last assembled Hessian. */
  precondition(): void {
    this.engine.kernels.blockJacobi(this.n, this.ptr.hNode, this.kappa + this.damping, this.ptr.cgInv);
  }

  /**
   * Solves (H + kappa I) x = rhs by preconditioned CG (call precondition() after assembling).
   * rhs and x are addresses of 2n f64s. Returns iterations, negated on non-positive curvature.
   */
  solve(rhs: number, x: number, target: number, maxIterations: number): number {
    const { ptr } = this;
    return this.engine.kernels.pcgSolve(this.n, this.e, ptr.edgeA, ptr.edgeB, ptr.hNode, ptr.hEdge, this.kappa + this.damping, ptr.cgInv,
      rhs, x, ptr.cgR, ptr.cgZ, ptr.cgP, ptr.cgHp, target, maxIterations);
  }

  /** Normalised means and variances for the current params (copies, safe to keep). */
  utilities(): { means: Float64Array; variances: Float64Array } {
    const { engine, n, ptr } = this;
    engine.kernels.utilitiesFromParams(n, ptr.params, ptr.out);
    return { means: engine.f64(ptr.out, n).slice(), variances: engine.f64(ptr.out + 8 * n, n).slice() };
  }
}
