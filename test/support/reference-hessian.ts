// Plain TypeScript Hessian of the Thurstonian cross-entropy (dense, one edge at a time): the oracle
// for assembly/hessian.ts. Raw parameters [mu | log sigma^2]; z = (mu_a - mu_b) / sqrt(R) with
// R = exp(s_a) + exp(s_b) + 1e-5 std(mu)^2, the floor held fixed as in the kernel.

import { referenceLogCdf } from './reference-normal.js';
import type { PlainEdges } from './reference-thurstonian.js';

const FLOOR = 1e-5;

/** Dense (2n x 2n, row-major) Hessian of the mean (weighted) cross-entropy at params. */
export function plainHessian(params: ArrayLike<number>, n: number, edges: PlainEdges): Float64Array {
  const mu = Array.from({ length: n }, (_, i) => params[i]);
  const mean = mu.reduce((x, y) => x + y, 0) / n;
  const variance = mu.reduce((acc, x) => acc + (x - mean) ** 2, 0) / (n - 1);
  const H = new Float64Array(4 * n * n);
  let total = 0;
  edges.a.forEach((a, k) => {
    const b = edges.b[k];
    const w = edges.w ? edges.w[k] : 1;
    total += w;
    const p = edges.p[k];
    const R = Math.exp(params[n + a]) + Math.exp(params[n + b]) + FLOOR * variance;
    const d = mu[a] - mu[b];
    const z = d / Math.sqrt(R);
    // Inverse Mills ratios phi(t) / Phi(t) for t = z and -z.
    // Through log Phi, so they stay finite where Phi underflows.
    const mz = Math.exp(-z * z / 2 - referenceLogCdf(z)) / Math.sqrt(2 * Math.PI);
    const mnz = Math.exp(-z * z / 2 - referenceLogCdf(-z)) / Math.sqrt(2 * Math.PI);
    const l1 = (1 - p) * mnz - p * mz;
    const l2 = p * mz * (z + mz) + (1 - p) * mnz * (mnz - z);
    // z as a function of (mu_a, mu_b, s_a, s_b): derivatives by the quotient rule, written out.
    const ea = Math.exp(params[n + a]);
    const eb = Math.exp(params[n + b]);
    const grad = [1 / Math.sqrt(R), -1 / Math.sqrt(R), -0.5 * d * ea * R ** -1.5, -0.5 * d * eb * R ** -1.5];
    const hz = [
      [0, 0, -0.5 * ea * R ** -1.5, -0.5 * eb * R ** -1.5],
      [0, 0, 0.5 * ea * R ** -1.5, 0.5 * eb * R ** -1.5],
      [0, 0, 0.75 * d * ea * ea * R ** -2.5 - 0.5 * d * ea * R ** -1.5, 0.75 * d * ea * eb * R ** -2.5],
      [0, 0, 0, 0.75 * d * eb * eb * R ** -2.5 - 0.5 * d * eb * R ** -1.5],
    ];
    for (let i = 0; i < 4; i++) for (let j = 0; j < i; j++) hz[i][j] = hz[j][i];
    const idx = [a, b, n + a, n + b];
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) H[idx[i] * 2 * n + idx[j]] += w * (l2 * grad[i] * grad[j] + l1 * hz[i][j]);
    }
  });
  for (let i = 0; i < H.length; i++) H[i] /= total;
  return H;
}
