// Standard errors of a classical-family fit (Case V, Bradley-Terry) from the normal approximation
// at the optimum, on the scale users read: the normalised means m_i = (mu_i - mean mu) / sd(mu).
//
// Information: the negative log-likelihood is W x the mean loss (W = sum of edge weights: with
// `weighting: 'counts'`, the number of answers), so its Hessian is W times the graph Laplacian
// with the per-edge curvature from the kernel, plus the prior's precision. We use the expected
// curvature (Fisher information), as glm and BradleyTerry2 do: for the logit link it equals the
// observed one; for the probit link the two differ by terms in the residuals (about 1% on small
// graphs), and the expected one is positive definite everywhere.
// Without a prior the location is free (the Hessian is singular along 1); m does not depend on
// the location, so fixing mu_0 = 0 (dropping its row and column) gives the same answer.
// Delta method: dm_i/dmu_j = (delta_ij - 1/n - m_i m_j / (n - 1)) / sd, i.e. J = P / sd with P the
// projector off span{1, m}; var(m_i) = (P Sigma P)_ii / sd^2 needs diag(Sigma), Sigma 1 and
// Sigma m only. Cost: a dense Cholesky factorisation and inverse, O(n^3): about 0.1 s at n = 500.

import type { IndexedGraph } from '../graph/preference-graph.js';
import type { PairedWorkspace } from './families.js';

/**
 * Standard errors of the normalised means at the workspace's current parameters (the optimum).
 * `priorPrecision`: the prior's curvature per mean on the negative log-likelihood scale (0: none).
 * Returns NaN for every option when the information is singular (e.g. a disconnected graph
 * without a prior).
 */
export function familyStdErrors(ws: PairedWorkspace, g: IndexedGraph, priorPrecision = 0): Float64Array {
  const n = ws.n;
  const { edges: curvature, totalWeight } = ws.curvature(true);
  // Free coordinates: all of mu with a prior, else mu_1..mu_{n-1} (mu_0 fixed).
  const off = priorPrecision > 0 ? 0 : 1;
  const size = n - off;
  const H = new Float64Array(size * size);
  for (let i = 0; i < size; i++) H[i * size + i] = priorPrecision;
  for (let k = 0; k < curvature.length; k++) {
    const h = totalWeight * curvature[k];
    const a = g.edgeA[k] - off;
    const b = g.edgeB[k] - off;
    if (a >= 0) H[a * size + a] += h;
    if (b >= 0) H[b * size + b] += h;
    if (a >= 0 && b >= 0) {
      H[a * size + b] -= h;
      H[b * size + a] -= h;
    }
  }
  const inverse = choleskyInverse(H, size);
  if (!inverse) return new Float64Array(n).fill(NaN);
  // Sigma on all n coordinates (row and column of a fixed mu_0 are zero).
  const sigma = (i: number, j: number) => (i < off || j < off ? 0 : inverse[(i - off) * size + (j - off)]);
  const { m, sd } = normalised(ws.params);
  const u = new Float64Array(n); // Sigma 1
  const v = new Float64Array(n); // Sigma m
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const s = sigma(i, j);
      u[i] += s;
      v[i] += s * m[j];
    }
  }
  let s11 = 0, s1m = 0, smm = 0;
  for (let i = 0; i < n; i++) {
    s11 += u[i];
    s1m += v[i];
    smm += m[i] * v[i];
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const variance = sigma(i, i) - (2 * u[i]) / n - (2 * m[i] * v[i]) / (n - 1) +
      s11 / (n * n) + (2 * m[i] * s1m) / (n * (n - 1)) + (m[i] * m[i] * smm) / ((n - 1) * (n - 1));
    out[i] = Math.sqrt(Math.max(variance, 0)) / sd;
  }
  return out;
}

function normalised(mu: ArrayLike<number>): { m: Float64Array; sd: number } {
  const n = mu.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += mu[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (mu[i] - mean) ** 2;
  const sd = ss > 0 ? Math.sqrt(ss / (n - 1)) : 1;
  return { m: Float64Array.from(mu, (x) => (x - mean) / sd), sd };
}

/** Inverse of a symmetric positive definite matrix (row-major) by Cholesky, or null if it is not. */
function choleskyInverse(A: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    if (!(d > 0)) return null;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / ljj;
    }
  }
  // W = L^{-1} (lower triangular), then A^{-1} = W^T W.
  const W = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    W[j * n + j] = 1 / L[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= L[i * n + k] * W[k * n + j];
      W[i * n + j] = s / L[i * n + i];
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += W[k * n + i] * W[k * n + j];
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  }
  return inv;
}
