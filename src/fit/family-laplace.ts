// Laplace intervals for a classical-family fit (Case V, Bradley-Terry), on the scale users read:
// the normalised means m_i = (mu_i - mean mu) / sd(mu), by the delta method with
// J_i = grad m_i = (e_i - 1/n - m_i m / (n - 1)) / sd, as intervals.ts does for the Thurstonian model.
//
// With P = W (H + kappa I) the curvature of the negative log posterior (W = sum of edge weights):
// - weighting 'counts': the answers are a binomial likelihood, so the covariance is model-based,
//   P^-1 with H the expected curvature (Fisher information), which is what glm and BradleyTerry2
//   report (for the logit link it equals the observed one; for the probit link the two differ by
//   terms in the residuals, about 1% on small graphs);
// - soft labels with known answer counts n_e: the sandwich P^-1 (sum_e V_e) P^-1 with the observed
//   curvature and V_e the variance the label's binomial noise gives edge e's score under the
//   fitted model, c^2 I(z_e) / n_e (I: the link's Fisher information per answer), as intervals.ts
//   does for the Thurstonian model;
// - soft labels without counts: the empirical sandwich, V_e = s_e s_e^T, with the same small-sample
//   factor E / (E - p) as the Thurstonian model's intervals (p = n here).
// Each option costs one Jacobi-preconditioned CG solve of (H + kappa I) y = J_i on the sparse
// Laplacian (O(edges) per iteration); no dense matrix is formed. Without a prior H is singular
// along the all-ones vector, but J_i is orthogonal to it, so the system is consistent and m_i's
// variance does not depend on which solution CG finds.

import type { Engine } from '../engine/engine.js';
import type { IndexedGraph } from '../graph/preference-graph.js';
import { PairedWorkspace, type ClassicalFamily } from './families.js';
import type { FitResult } from './fit.js';
import { normalisedMeans, normalQuantile, type UtilityIntervals } from './intervals.js';

/** Relative residual of each solve: standard errors to about 1e-7 relative (they feed a 1e-3 check against R). */
const FAMILY_LAPLACE_RTOL = 1e-8;
const MAX_CG = 5000;

/**
 * Laplace intervals for the normalised means of a classical-family fit of graph g. `kappa` is the
 * fit's prior precision (0 without a prior); `weights` as the fit used them (counts: model-based
 * covariance; omitted: sandwich, with the binomial variance when g has answer counts). Cost: one
 * curvature pass plus n CG solves, O(n E) in all.
 */
export function familyLaplaceIntervals(
  engine: Engine, g: IndexedGraph, fit: FitResult, kappa: number, level: number, weights?: Float64Array,
): UtilityIntervals {
  const started = performance.now();
  const family = fit.fit.model as ClassicalFamily;
  const n = g.n;
  const e = g.edgeA.length;
  const ws = new PairedWorkspace(engine, family, g, weights);
  ws.kappa = kappa;
  ws.params.set(fit.params);
  const modelBased = weights !== undefined;
  const counts = modelBased ? null : g.counts ?? null;
  // The expected curvature per edge (the meat's binomial variance needs it) and the edges' scores.
  const { edges: fisher, edgeGrad } = ws.curvature(true);
  // The bread: the expected curvature for the model-based covariance, else the observed one.
  ws.assembleHessian(modelBased);
  ws.precondition();
  const { m, sd } = normalisedMeans(fit.params, n);
  const total = weights ? weights.reduce((a, b) => a + b, 0) : e;
  const dfCorrection = e / Math.max(e - n, e / 4);
  const rhs = engine.f64(ws.ptr.rhs, n);
  const y = engine.f64(ws.ptr.sol, n);
  const stdError = new Float64Array(n);
  let cgIterations = 0;
  for (let i = 0; i < n; i++) {
    let norm2 = 0;
    for (let j = 0; j < n; j++) {
      rhs[j] = ((i === j ? 1 : 0) - 1 / n - (m[i] * m[j]) / (n - 1)) / sd;
      norm2 += rhs[j] * rhs[j];
    }
    cgIterations += Math.abs(ws.solve(ws.ptr.rhs, ws.ptr.sol, FAMILY_LAPLACE_RTOL * Math.sqrt(norm2), MAX_CG));
    let variance = 0;
    if (modelBased) {
      // J_i^T P^-1 J_i with P^-1 J_i = y / W.
      for (let j = 0; j < n; j++) variance += rhs[j] * y[j];
      variance /= total;
    } else if (counts) {
      // sum_e V_e (d . y / W)^2 with V_e = W fisher_e / n_e (fisher_e is per unit weight over W).
      for (let k = 0; k < e; k++) variance += (fisher[k] / counts[k]) * (y[g.edgeA[k]] - y[g.edgeB[k]]) ** 2;
      variance /= total;
    } else {
      // sum_e (s_e . P^-1 J_i)^2 with s_e = W edgeGrad_e (e_a - e_b): the W cancels.
      for (let k = 0; k < e; k++) variance += (edgeGrad[k] * (y[g.edgeA[k]] - y[g.edgeB[k]])) ** 2;
      variance *= dfCorrection;
    }
    stdError[i] = Math.sqrt(Math.max(variance, 0));
  }
  const zq = normalQuantile((1 + level) / 2);
  return {
    method: 'laplace', level, stdError, cgIterations,
    lo: fit.means.map((x, i) => x - zq * stdError[i]), hi: fit.means.map((x, i) => x + zq * stdError[i]),
    seconds: (performance.now() - started) / 1000,
  };
}
