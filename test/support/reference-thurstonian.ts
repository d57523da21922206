// Plain TypeScript versions of the engine's Thurstonian loss, gradient and metrics: the oracle the
// WebAssembly kernels are checked against. Written for clarity, one edge at a time.

import { referenceCdf, referenceLogCdf } from './reference-normal.js';

export interface PlainEdges {
  a: number[];
  b: number[];
  p: number[];
  w?: number[];
}

const FLOOR = 1e-5;

/** Normalised means and variances from params [mu | log sigma^2]. */
export function plainUtilities(params: ArrayLike<number>, n: number): { m: number[]; v: number[] } {
  const mu = Array.from({ length: n }, (_, i) => params[i]);
  const mean = mu.reduce((x, y) => x + y, 0) / n;
  const std = Math.sqrt(mu.reduce((acc, x) => acc + (x - mean) ** 2, 0) / (n - 1));
  return {
    m: mu.map((x) => (x - mean) / std),
    v: Array.from({ length: n }, (_, i) => Math.exp(params[n + i]) / (std * std)),
  };
}

/** Mean (weighted) cross-entropy at params. */
export function plainLoss(params: ArrayLike<number>, n: number, edges: PlainEdges): number {
  const { m, v } = plainUtilities(params, n);
  let total = 0;
  let weight = 0;
  edges.a.forEach((a, k) => {
    const b = edges.b[k];
    const z = (m[a] - m[b]) / Math.sqrt(v[a] + v[b] + FLOOR);
    const p = edges.p[k];
    const w = edges.w ? edges.w[k] : 1;
    total += -w * (p * referenceLogCdf(z) + (1 - p) * referenceLogCdf(-z));
    weight += w;
  });
  return total / weight;
}

/** phi(z) / Phi(z), through logs so it stays finite where both underflow. */
function mills(z: number): number {
  return Math.exp(-z * z / 2 - 0.5 * Math.log(2 * Math.PI) - referenceLogCdf(z));
}

/** Analytic gradient, derived independently: through m and v by the chain rule, one edge at a time. */
export function plainGradient(params: ArrayLike<number>, n: number, edges: PlainEdges): number[] {
  const { m, v } = plainUtilities(params, n);
  const mu = Array.from({ length: n }, (_, i) => params[i]);
  const mean = mu.reduce((x, y) => x + y, 0) / n;
  const std = Math.sqrt(mu.reduce((acc, x) => acc + (x - mean) ** 2, 0) / (n - 1));
  const dm = new Array<number>(n).fill(0);
  const dv = new Array<number>(n).fill(0);
  let weight = 0;
  edges.a.forEach((a, k) => {
    const b = edges.b[k];
    const r2 = v[a] + v[b] + FLOOR;
    const z = (m[a] - m[b]) / Math.sqrt(r2);
    const p = edges.p[k];
    const w = edges.w ? edges.w[k] : 1;
    const dz = -w * (p * mills(z) - (1 - p) * mills(-z));
    dm[a] += dz / Math.sqrt(r2);
    dm[b] -= dz / Math.sqrt(r2);
    dv[a] += dz * (-z / (2 * r2));
    dv[b] += dz * (-z / (2 * r2));
    weight += w;
  });
  // m_i = (mu_i - mean) / std, v_i = exp(s_i) / std^2, std = sqrt(sum (mu - mean)^2 / (n - 1)).
  const grad = new Array<number>(2 * n).fill(0);
  for (let k = 0; k < n; k++) {
    const dstd = (mu[k] - mean) / ((n - 1) * std);
    let g = 0;
    for (let i = 0; i < n; i++) {
      const dmi = ((i === k ? 1 : 0) - 1 / n) / std - ((mu[i] - mean) / (std * std)) * dstd;
      const dvi = (-2 * v[i] / std) * dstd;
      g += dm[i] * dmi + dv[i] * dvi;
    }
    grad[k] = g / weight;
    grad[n + k] = (dv[k] * v[k]) / weight;
  }
  return grad;
}

/** Log-loss (predictions clipped to [1e-5, 1 - 1e-5]) and accuracy of utilities on edges. */
export function plainMetrics(m: ArrayLike<number>, v: ArrayLike<number>, edges: PlainEdges): { log_loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  edges.a.forEach((a, k) => {
    const b = edges.b[k];
    const pred = referenceCdf((m[a] - m[b]) / Math.sqrt(v[a] + v[b] + FLOOR));
    const p = edges.p[k];
    if ((pred >= 0.5) === (p >= 0.5)) correct++;
    const c = Math.min(Math.max(pred, 1e-5), 1 - 1e-5);
    loss -= p * Math.log(c) + (1 - p) * Math.log(1 - c);
  });
  return { log_loss: loss / edges.a.length, accuracy: correct / edges.a.length };
}

/** The paper's Adam procedure written out plainly (same initialisation stream as the engine). */
export function plainAdam(init: ArrayLike<number>, n: number, edges: PlainEdges, epochs: number, lr: number): number[] {
  const x = Array.from(init);
  const m1 = new Array<number>(2 * n).fill(0);
  const m2 = new Array<number>(2 * n).fill(0);
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  for (let t = 1; t <= epochs; t++) {
    const g = plainGradient(x, n, edges);
    for (let i = 0; i < 2 * n; i++) {
      m1[i] = b1 * m1[i] + (1 - b1) * g[i];
      m2[i] = b2 * m2[i] + (1 - b2) * g[i] * g[i];
      const mHat = m1[i] / (1 - b1 ** t);
      const vHat = m2[i] / (1 - b2 ** t);
      x[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
  }
  return x;
}
