// Uncertainty on every utility: Laplace (sandwich) standard errors from the sparse Hessian, the
// bootstrap's percentile intervals, and a Wilson interval for held-out accuracy.
//
// Laplace. The fit minimises W f(x) = sum_e w_e CE_e(x) + lambda/2 |x|^2. With soft labels that is
// a quasi-likelihood: an edge stands for its answers (2K), which the unweighted mean does not see,
// so the inverse Hessian alone is right only up to an unknown scale. The sandwich form
//   Cov(x) = P^-1 (sum_e V_e) P^-1,   P = W (H + kappa I)
// takes the scale from the variance V_e of each edge's score w_e l'(z_e) grad z_e: with answer
// counts n_e, the variance the label's binomial noise gives it under the fitted model,
// w_e^2 (M(z) + M(-z))^2 Phi(z) Phi(-z) / n_e grad z grad z^T; without counts, the empirical
// s_e s_e^T (Huber-White, with the HC1 factor). The reported utilities are normalised means m_i = (mu_i - mean mu) / std mu,
// so se(m_i)^2 = |S P^-1 J_i|^2 with J_i = grad m_i (delta method).
//
// Solving sparsely: P^-1 J_i is one preconditioned conjugate-gradient solve on the sparse Hessian
// (O(edges) per iteration, no dense matrix, memory O(N + E)), one per option; the solves are
// independent. A dense inverse would cost O(N^3) time and O(N^2) memory (2 GB at N = 8,000).

import type { Engine } from '../engine/engine.js';
import type { IndexedGraph } from '../graph/preference-graph.js';
import type { FitResult } from './fit.js';
import { FitWorkspace } from './workspace.js';
import { wilsonInterval as wilsonScoreInterval } from '../metrics/position-bias.js';
import { quantileSorted } from '../sampling/bootstrap.js';

export type IntervalMethod = 'laplace' | 'bootstrap';
export const INTERVAL_METHODS: readonly IntervalMethod[] = Object.freeze(['laplace', 'bootstrap']);
export const INTERVAL_DEFAULTS = Object.freeze({ level: 0.9, bootstrap: 200 });

export interface UtilityIntervals {
  method: IntervalMethod;
  level: number;
  /** Standard error of each normalised mean (by option index). */
  stdError: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  /** Bootstrap only: replicates used. Laplace only: CG iterations spent. */
  replicates?: number;
  cgIterations?: number;
  seconds: number;
}

/** Relative residual at which each Laplace solve stops (standard errors to ~1e-3 relative). */
const LAPLACE_RTOL = 1e-3;
const MAX_CG = 1000;

/**
 * Laplace (sandwich) intervals for the normalised means of a fit of graph g.
 * `weights` as the fit used them (omit for unweighted), `kappa` the fit's prior precision, `counts`
 * the answers per edge (default: the graph's; null for the plain sandwich).
 * Cost: one Hessian assembly plus N conjugate-gradient solves (O(N E) in all).
 */
export function laplaceIntervals(
  engine: Engine, g: IndexedGraph, fit: FitResult, kappa: number, level: number, weights?: Float64Array,
  counts: Float64Array | null = g.counts ?? null,
): UtilityIntervals {
  const started = performance.now();
  const n = g.n;
  const e = g.edgeA.length;
  let ws = new FitWorkspace(engine, g, weights);
  // The edge scores live after the workspace; growing memory detaches its views, so lay it out again.
  const scoresPtr = align(ws.end);
  const before = engine.memoryBytes;
  engine.reserve(scoresPtr + 48 * e);
  if (engine.memoryBytes !== before) ws = new FitWorkspace(engine, g, weights);
  ws.kappa = kappa;
  ws.params.set(fit.params);
  let total = ws.assembleHessian(false, scoresPtr);
  const scores = engine.f64(scoresPtr, 6 * e);
  // Per edge, the score's scale. With answer counts: the spread the label's own binomial noise
  // gives the score under the fitted model (model-based meat). Without: the edge's empirical score
  // |w l'(z)| (Huber-White). The empirical form understates the extremes, whose edges are mostly
  // unanimous (labels 0 or 1) and so have tiny scores (docs/fit.md, coverage).
  const modelBased = counts !== null && counts.length === e;
  const scale = new Float64Array(e);
  const fillScale = () => {
    for (let k = 0; k < e; k++) {
      scale[k] = modelBased
        ? Math.abs(scores[6 * k + 5]) / Math.sqrt(Math.max(counts![k], 1))
        : Math.abs(scores[6 * k + 4]);
    }
  };
  fillScale();
  // Rows of the Jacobian of the normalised means: (e_i - 1/n - m_i m / (n - 1)) / std on mu.
  const { m, sd: std } = normalisedMeans(fit.params, n);
  const count = 2 * n;
  // Small-sample correction of the empirical sandwich (as HC1 in regression): E / (E - p) with
  // p = 2N parameters, capped at 4 for graphs with hardly more edges than parameters.
  const dfCorrection = e / Math.max(e - count, e / 4);
  const rhs = engine.f64(ws.ptr.rhs, count);
  const y = engine.f64(ws.ptr.sol, count);
  const stdError = new Float64Array(n);
  let cgIterations = 0;
  ws.precondition();
  for (let i = 0; i < n; i++) {
    rhs.fill(0);
    let norm2 = 0;
    for (let j = 0; j < n; j++) {
      rhs[j] = ((i === j ? 1 : 0) - 1 / n - (m[i] * m[j]) / (n - 1)) / std;
      norm2 += rhs[j] * rhs[j];
    }
    let used = ws.solve(ws.ptr.rhs, ws.ptr.sol, LAPLACE_RTOL * Math.sqrt(norm2), MAX_CG);
    if (used < 0) {
      // The full Hessian is indefinite here (a poorly determined fit): use its Gauss-Newton part.
      total = ws.assembleHessian(true, scoresPtr);
      fillScale();
      ws.precondition();
      cgIterations += -used;
      used = ws.solve(ws.ptr.rhs, ws.ptr.sol, LAPLACE_RTOL * Math.sqrt(norm2), MAX_CG);
    }
    cgIterations += Math.abs(used);
    // y = (H + kappa I)^-1 J_i; P^-1 J_i = y / W. se^2 = sum_e (s_e . y)^2 / W^2.
    let v = 0;
    for (let k = 0; k < e; k++) {
      const a = g.edgeA[k];
      const b = g.edgeB[k];
      const o = 6 * k;
      const d = scale[k] * (scores[o] * y[a] + scores[o + 1] * y[b] + scores[o + 2] * y[n + a] + scores[o + 3] * y[n + b]);
      v += d * d;
    }
    stdError[i] = Math.sqrt(modelBased ? v : v * dfCorrection) / total;
  }
  const zq = normalQuantile((1 + level) / 2);
  const means = fit.means;
  return {
    method: 'laplace', level, stdError, cgIterations,
    lo: means.map((x, i) => x - zq * stdError[i]), hi: means.map((x, i) => x + zq * stdError[i]),
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Percentile intervals and standard errors from bootstrap replicates of the normalised means
 * (replicates[r][i]: replicate r, option i).
 */
export function bootstrapSummary(fit: FitResult, replicates: readonly Float64Array[], level: number, seconds: number): UtilityIntervals {
  const n = fit.means.length;
  const B = replicates.length;
  const stdError = new Float64Array(n);
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const column = new Float64Array(B);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let r = 0; r < B; r++) {
      column[r] = replicates[r][i];
      s += column[r];
    }
    const mean = s / B;
    let v = 0;
    for (let r = 0; r < B; r++) v += (column[r] - mean) ** 2;
    stdError[i] = Math.sqrt(v / (B - 1));
    column.sort();
    lo[i] = quantileSorted(column, (1 - level) / 2);
    hi[i] = quantileSorted(column, (1 + level) / 2);
  }
  return { method: 'bootstrap', level, stdError, lo, hi, replicates: B, seconds };
}

/**
 * The first n params (the raw means mu) normalised to mean 0 and sample sd 1, and that sd: the
 * delta method's Jacobian rows (e_i - 1/n - m_i m / (n - 1)) / sd are built from both.
 */
export function normalisedMeans(params: ArrayLike<number>, n: number): { m: Float64Array; sd: number } {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += params[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (params[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return { m: Float64Array.from({ length: n }, (_, i) => (params[i] - mean) / sd), sd };
}

/**
 * Wilson score interval for a binomial proportion: `successes` of `trials` at the given level
 * (the score interval itself lives in metrics/position-bias.ts; this converts a level to z).
 * @example wilsonInterval(90, 100, 0.95) // [0.8256.., 0.9448..]
 */
export function wilsonInterval(successes: number, trials: number, level: number): [number, number] {
  return wilsonScoreInterval(successes, trials, normalQuantile((1 + level) / 2));
}

/**
 * Standard normal quantile by bisection on an erfc-based CDF (to ~1e-15; only a few are needed).
 * @example normalQuantile(0.95) // 1.6448536269514..
 */
export function normalQuantile(p: number): number {
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// Phi(x) = erfc(-x / sqrt 2) / 2 with erfc from its continued fraction / series (W. J. Cody's
// bounds are in the engine; this scalar version keeps the portable TypeScript free of the module).
function normalCdf(x: number): number {
  const t = Math.abs(x) / Math.SQRT2;
  let erfcT: number;
  if (t < 2) {
    // erf series: erf(t) = 2/sqrt(pi) sum (-1)^k t^(2k+1) / (k! (2k+1))
    let term = t;
    let sum = t;
    for (let k = 1; k < 60; k++) {
      term *= (-t * t) / k;
      sum += term / (2 * k + 1);
    }
    erfcT = 1 - (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // Continued fraction (Lentz) for erfc(t) = exp(-t^2)/sqrt(pi) * 1/(t + 1/2/(t + 1/(t + 3/2/(t + ...)))).
    let f = t;
    for (let k = 60; k >= 1; k--) f = t + (k / 2) / f;
    erfcT = Math.exp(-t * t) / Math.sqrt(Math.PI) / f;
  }
  return x >= 0 ? 1 - erfcT / 2 : erfcT / 2;
}

function align(x: number): number {
  return Math.ceil(x / 16) * 16;
}
