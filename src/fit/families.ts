// The model families a graph can be fitted with. 'thurstonian' (the paper's model: a mean and a
// variance per option) lives in fit.ts and assembly/thurstonian.ts; the two classical
// paired-comparison models have one mean per option and run on the means-only kernel of
// assembly/paired.ts:
//   'case-v'         Thurstone's Case V: P(a over b) = Phi((mu_a - mu_b) / sqrt(2)), one shared
//                    (unit) variance, the classical probit model;
//   'bradley-terry'  P(a over b) = sigmoid(mu_a - mu_b), as in arena-style leaderboards.
// Results use the same layout as the Thurstonian fit: means normalised to mean 0 and sample std 1,
// and a variance per option on that scale. For Case V it is the shared unit variance rescaled, so
// Phi((m_a - m_b) / sqrt(v_a + v_b)) reproduces the model; for Bradley-Terry it is the variance of
// the Gumbel noise (pi^2/6) that makes the logistic model a random-utility model.

import type { Engine } from '../engine/engine.js';
import type { IndexedGraph } from '../graph/preference-graph.js';
import { addPrior } from './prior.js';
import { LBFGS_MEMORY, writeEdges } from './workspace.js';

export type ModelFamily = 'thurstonian' | 'case-v' | 'bradley-terry';
export const MODEL_FAMILIES: readonly ModelFamily[] = Object.freeze(['thurstonian', 'case-v', 'bradley-terry']);
export type ClassicalFamily = Exclude<ModelFamily, 'thurstonian'>;

/** Link codes of assembly/paired.ts. */
export const FAMILY_LINK: Readonly<Record<ClassicalFamily, number>> = Object.freeze({ 'case-v': 0, 'bradley-terry': 1 });

/** Each option's utility variance on the raw scale of mu: Case V's unit variance; Gumbel(1) noise for Bradley-Terry. */
export const FAMILY_VARIANCE: Readonly<Record<ClassicalFamily, number>> = Object.freeze({ 'case-v': 1, 'bradley-terry': Math.PI ** 2 / 6 });

/** The means-only kernels' exports. */
interface PairedKernels {
  pairedLossGrad(n: number, e: number, edgeA: number, edgeB: number, labels: number, weights: number, link: number,
    params: number, grad: number, wantLoss: boolean): number;
  pairedCurvature(n: number, e: number, edgeA: number, edgeB: number, labels: number, weights: number, link: number,
    params: number, out: number, fisher: boolean, edgeGrad: number): number;
  pairedEvaluate(n: number, e: number, edgeA: number, edgeB: number, labels: number, link: number,
    params: number, accuracyOut: number): number;
}

/** The engine's means-only kernels, typed. */
export function pairedKernels(engine: Engine): PairedKernels {
  return engine.kernels as unknown as PairedKernels;
}

/** True for the means-only families (Case V, Bradley-Terry), which run on PairedWorkspace. */
export function isClassical(model: ModelFamily): model is ClassicalFamily {
  return model === 'case-v' || model === 'bradley-terry';
}

/**
 * Engine memory for a means-only fit, laid out like FitWorkspace (same pointer names and methods,
 * so the optimiser loops in optimizers.ts run on it unchanged) with n parameters instead of 2n.
 * Its Hessian is a weighted graph Laplacian (one curvature per edge) plus the prior's kappa I; the
 * Hessian-vector product, Jacobi preconditioner and conjugate gradients run here in TypeScript,
 * O(edges) per product.
 */
export class PairedWorkspace {
  readonly n: number;
  readonly e: number;
  readonly count: number;
  readonly link: number;
  readonly ptr: {
    edgeA: number; edgeB: number; labels: number; weights: number;
    params: number; grad: number; curvature: number; edgeGrad: number; accuracy: number;
    m1: number; m2: number; dir: number; xPrev: number; gPrev: number;
    sPairs: number; yPairs: number; rho: number; alpha: number;
    cgInv: number; cgR: number; cgZ: number; cgP: number; cgHp: number; rhs: number; sol: number;
  };
  readonly params: Float64Array;
  readonly grad: Float64Array;
  readonly xPrev: Float64Array;
  readonly gPrev: Float64Array;
  readonly dir: Float64Array;
  /** First byte after the workspace's layout (free for callers' scratch). */
  readonly end: number;
  /** Prior precision kappa (penalty kappa/2 |mu|^2 added to the mean loss); 0 = plain likelihood. */
  kappa = 0;
  /** Levenberg damping added to the diagonal in Hessian products and solves (not to the loss). */
  damping = 0;
  private readonly edgeA: Int32Array;
  private readonly edgeB: Int32Array;

  constructor(readonly engine: Engine, readonly family: ClassicalFamily, g: IndexedGraph, weights?: Float64Array) {
    const n = (this.n = g.n);
    const e = (this.e = g.edgeA.length);
    const count = (this.count = n);
    this.link = FAMILY_LINK[family];
    const L = engine.layout();
    const ptr = {
      edgeA: L.take(e, 4), edgeB: L.take(e, 4), labels: L.take(e, 8), weights: weights ? L.take(e, 8) : 0,
      params: L.take(count, 8), grad: L.take(count, 8), curvature: L.take(e, 8), edgeGrad: L.take(e, 8), accuracy: L.take(1, 8),
      m1: L.take(count, 8), m2: L.take(count, 8), dir: L.take(count, 8), xPrev: L.take(count, 8), gPrev: L.take(count, 8),
      sPairs: L.take(LBFGS_MEMORY * count, 8), yPairs: L.take(LBFGS_MEMORY * count, 8),
      rho: L.take(LBFGS_MEMORY, 8), alpha: L.take(LBFGS_MEMORY, 8),
      cgInv: L.take(count, 8), cgR: L.take(count, 8), cgZ: L.take(count, 8), cgP: L.take(count, 8),
      cgHp: L.take(count, 8), rhs: L.take(count, 8), sol: L.take(count, 8),
    };
    engine.reserve(L.end);
    this.end = L.end;
    this.ptr = ptr;
    this.edgeA = g.edgeA;
    this.edgeB = g.edgeB;
    writeEdges(engine, ptr, g, weights);
    this.params = engine.f64(ptr.params, count);
    this.grad = engine.f64(ptr.grad, count);
    this.xPrev = engine.f64(ptr.xPrev, count);
    this.gPrev = engine.f64(ptr.gPrev, count);
    this.dir = engine.f64(ptr.dir, count);
  }

  /**
   * Objective at the current means (NaN when wantLoss is false): the mean cross-entropy plus the
   * prior's penalty. Writes the gradient into `grad`.
   */
  lossGrad(wantLoss = true): number {
    const { ptr } = this;
    const loss = pairedKernels(this.engine).pairedLossGrad(this.n, this.e, ptr.edgeA, ptr.edgeB, ptr.labels, ptr.weights,
      this.link, ptr.params, ptr.grad, wantLoss);
    return addPrior(this.kappa, this.params, this.grad, loss);
  }

  /**
   * Assembles the likelihood's Hessian (the per-edge curvature) at the current means, or its
   * Gauss-Newton part (the Fisher information, positive semi-definite everywhere). Returns the sum
   * of edge weights.
   */
  assembleHessian(gaussNewton = false): number {
    const { ptr } = this;
    return pairedKernels(this.engine).pairedCurvature(this.n, this.e, ptr.edgeA, ptr.edgeB, ptr.labels, ptr.weights,
      this.link, ptr.params, ptr.curvature, gaussNewton, 0);
  }

  /** Sum of |diagonal| of the last assembled Hessian (each edge's curvature counts at both ends). */
  diagonalSum(): number {
    const c = this.engine.f64(this.ptr.curvature, this.e);
    let sum = 0;
    for (let k = 0; k < this.e; k++) sum += 2 * Math.abs(c[k]);
    return sum;
  }

  /** out = (H + (kappa + damping) I) v with H the last assembled Hessian; v and out are addresses of n f64s. */
  hessianTimes(v: number, out: number): void {
    const { engine, n, e, edgeA, edgeB } = this;
    const kappa = this.kappa + this.damping;
    const c = engine.f64(this.ptr.curvature, e);
    const x = engine.f64(v, n);
    const y = engine.f64(out, n);
    for (let i = 0; i < n; i++) y[i] = kappa * x[i];
    for (let k = 0; k < e; k++) {
      const a = edgeA[k];
      const b = edgeB[k];
      const t = c[k] * (x[a] - x[b]);
      y[a] += t;
      y[b] -= t;
    }
  }

  /** Prepares solve(): the inverse diagonal of the last assembled Hessian (Jacobi preconditioner). */
  precondition(): void {
    const { engine, n, e, edgeA, edgeB } = this;
    const kappa = this.kappa + this.damping;
    const c = engine.f64(this.ptr.curvature, e);
    const inv = engine.f64(this.ptr.cgInv, n).fill(kappa);
    for (let k = 0; k < e; k++) {
      inv[edgeA[k]] += c[k];
      inv[edgeB[k]] += c[k];
    }
    for (let i = 0; i < n; i++) inv[i] = inv[i] > 0 ? 1 / inv[i] : 1;
  }

  /**
   * Solves (H + (kappa + damping) I) x = rhs by Jacobi-preconditioned CG from x = 0, to a residual norm at most
   * `target` (call precondition() after assembling). rhs and x are addresses of n f64s. Returns
   * the iterations used, negated when it met non-positive curvature (x then holds the last iterate).
   */
  solve(rhs: number, x: number, target: number, maxIterations: number): number {
    const { engine, n, ptr } = this;
    const b = engine.f64(rhs, n);
    const sol = engine.f64(x, n).fill(0);
    const r = engine.f64(ptr.cgR, n);
    const z = engine.f64(ptr.cgZ, n);
    const p = engine.f64(ptr.cgP, n);
    const hp = engine.f64(ptr.cgHp, n);
    const inv = engine.f64(ptr.cgInv, n);
    r.set(b);
    let rz = 0;
    let rr = 0;
    for (let i = 0; i < n; i++) {
      z[i] = inv[i] * r[i];
      p[i] = z[i];
      rz += r[i] * z[i];
      rr += r[i] * r[i];
    }
    for (let it = 0; it < maxIterations; it++) {
      if (Math.sqrt(rr) <= target) return Math.max(it, 1);
      this.hessianTimes(ptr.cgP, ptr.cgHp);
      let php = 0;
      for (let i = 0; i < n; i++) php += p[i] * hp[i];
      if (!(php > 0)) {
        if (it === 0) sol.set(z); // the preconditioned right-hand side: still a descent direction
        return -Math.max(it, 1);
      }
      const alpha = rz / php;
      let rzNew = 0;
      rr = 0;
      for (let i = 0; i < n; i++) {
        sol[i] += alpha * p[i];
        r[i] -= alpha * hp[i];
        z[i] = inv[i] * r[i];
        rzNew += r[i] * z[i];
        rr += r[i] * r[i];
      }
      const beta = rzNew / rz;
      rz = rzNew;
      for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
    }
    return maxIterations;
  }

  /**
   * Per-edge curvature of the mean loss at the current means (a copy; the Hessian is the graph
   * Laplacian with these edge weights) and the total weight, which turns the mean loss into a
   * negative log-likelihood, and each edge's share of the gradient (its score, for a sandwich).
   * `fisher`: the expected curvature (Fisher information) instead of the observed one.
   */
  curvature(fisher = false): { edges: Float64Array; edgeGrad: Float64Array; totalWeight: number } {
    const { ptr } = this;
    const totalWeight = pairedKernels(this.engine).pairedCurvature(this.n, this.e, ptr.edgeA, ptr.edgeB, ptr.labels,
      ptr.weights, this.link, ptr.params, ptr.curvature, fisher, ptr.edgeGrad);
    return { edges: this.engine.f64(ptr.curvature, this.e).slice(), edgeGrad: this.engine.f64(ptr.edgeGrad, this.e).slice(), totalWeight };
  }

  /** Normalised means and the family's variance on that scale (copies). */
  utilities(): { means: Float64Array; variances: Float64Array } {
    return normaliseFamily(this.family, this.params);
  }
}

/**
 * Means normalised to mean 0 and sample std 1, and each option's variance on that scale
 * (FAMILY_VARIANCE / std^2). A constant vector (std 0) keeps std 1 so nothing divides by zero.
 */
export function normaliseFamily(family: ClassicalFamily, mu: ArrayLike<number>): { means: Float64Array; variances: Float64Array } {
  const n = mu.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += mu[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (mu[i] - mean) ** 2;
  const sd = n > 1 && ss > 0 ? Math.sqrt(ss / (n - 1)) : 1;
  const means = Float64Array.from(mu, (x) => (x - mean) / sd);
  const variances = new Float64Array(n).fill(FAMILY_VARIANCE[family] / (sd * sd));
  return { means, variances };
}

/**
 * Scores normalised utilities of a classical family on edges under its own link: the raw
 * differences are recovered from the shared variance (mu_a - mu_b = (m_a - m_b) sqrt(V / v)).
 * Log-loss with predictions clipped to [1e-5, 1 - 1e-5], and accuracy, as scoreIndexed.
 */
export function scoreFamily(
  engine: Engine, family: ClassicalFamily, n: number, edgeA: Int32Array, edgeB: Int32Array, labels: Float64Array,
  means: Float64Array, variances: Float64Array,
): { log_loss: number; accuracy: number } {
  const e = edgeA.length;
  if (e === 0) return { log_loss: NaN, accuracy: NaN };
  const L = engine.layout();
  const p = { a: L.take(e, 4), b: L.take(e, 4), labels: L.take(e, 8), mu: L.take(n, 8), acc: L.take(1, 8) };
  engine.reserve(L.end);
  engine.i32(p.a, e).set(edgeA);
  engine.i32(p.b, e).set(edgeB);
  engine.f64(p.labels, e).set(labels);
  const mu = engine.f64(p.mu, n);
  for (let i = 0; i < n; i++) mu[i] = means[i] * Math.sqrt(FAMILY_VARIANCE[family] / variances[i]);
  const logLoss = pairedKernels(engine).pairedEvaluate(n, e, p.a, p.b, p.labels, FAMILY_LINK[family], p.mu, p.acc);
  return { log_loss: logLoss, accuracy: engine.f64(p.acc, 1)[0] };
}
