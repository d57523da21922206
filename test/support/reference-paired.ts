// Plain TypeScript versions of the means-only paired-comparison models (Case V probit, Bradley-
// Terry logit) for test oracles: loss, gradient and Hessian written out term by term, with the
// normal CDF from reference-normal.ts (series and continued fraction, not Cody's rationals).
import { referenceLogCdf } from './reference-normal.js';
import type { PlainEdges } from './reference-thurstonian.js';

export type PlainFamily = 'case-v' | 'bradley-terry';

const scale = (family: PlainFamily) => (family === 'case-v' ? 1 / Math.SQRT2 : 1);

/** log F(z) for the family's link. */
function logF(family: PlainFamily, z: number): number {
  if (family === 'case-v') return referenceLogCdf(z);
  return -Math.log1p(Math.exp(-z)); // fine for the |z| < 700 the tests use
}

/** Weighted mean cross-entropy of the edges at means mu. */
export function plainPairedLoss(family: PlainFamily, mu: ArrayLike<number>, edges: PlainEdges): number {
  let sum = 0;
  let total = 0;
  edges.a.forEach((a, k) => {
    const w = edges.w ? edges.w[k] : 1;
    const z = scale(family) * (mu[a] - mu[edges.b[k]]);
    const p = edges.p[k];
    sum += w * -(p * logF(family, z) + (1 - p) * logF(family, -z));
    total += w;
  });
  return sum / total;
}

/** F'(z) / F(z), the derivative of log F. */
function dLogF(family: PlainFamily, z: number): number {
  if (family === 'case-v') return Math.exp(-0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - referenceLogCdf(z));
  return 1 / (1 + Math.exp(z));
}

/** Gradient of plainPairedLoss with respect to mu. */
export function plainPairedGradient(family: PlainFamily, mu: ArrayLike<number>, edges: PlainEdges): number[] {
  const g = new Array<number>(mu.length).fill(0);
  const total = edges.w ? edges.w.reduce((x, y) => x + y, 0) : edges.a.length;
  const c = scale(family);
  edges.a.forEach((a, k) => {
    const b = edges.b[k];
    const w = (edges.w ? edges.w[k] : 1) / total;
    const z = c * (mu[a] - mu[b]);
    const p = edges.p[k];
    // d/dz of -(p log F(z) + (1 - p) log F(-z)).
    const dz = -(p * dLogF(family, z) - (1 - p) * dLogF(family, -z));
    g[a] += w * c * dz;
    g[b] -= w * c * dz;
  });
  return g;
}

/** Dense Hessian of plainPairedLoss, by central differences of the analytic gradient. */
export function plainPairedHessian(family: PlainFamily, mu: ArrayLike<number>, edges: PlainEdges, h = 1e-5): number[][] {
  const n = mu.length;
  return Array.from({ length: n }, (_, i) => {
    const up = Array.from(mu);
    const down = Array.from(mu);
    up[i] += h;
    down[i] -= h;
    const gu = plainPairedGradient(family, up, edges);
    const gd = plainPairedGradient(family, down, edges);
    return gu.map((x, j) => (x - gd[j]) / (2 * h));
  });
}
