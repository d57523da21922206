// Second derivatives of the Thurstonian cross-entropy, for Newton steps and Laplace intervals.
//
// Parameters are raw means mu and log-variances s (2n values, as in thurstonian.ts). Written in
// the unnormalised form of the same model,
//   z = (mu_a - mu_b) / sqrt(exp(s_a) + exp(s_b) + F),   F = VARIANCE_FLOOR * std(mu)^2,
// which gives exactly the z of the normalised kernel; F is held fixed here (its dependence on mu
// moves the Hessian by ~1e-5 relative, which a Newton step does not notice).
//
// Each edge touches four parameters (mu_a, mu_b, s_a, s_b), so the Hessian has the graph's
// sparsity: three values per option (mu_i mu_i, s_i s_i, mu_i s_i) and four per edge
// (mu_a mu_b, s_a s_b, mu_a s_b, s_a mu_b). With l(z) the edge's cross-entropy,
//   d2 loss = w (l''(z) grad z grad z^T + l'(z) d2 z),
// where, with q = 1/sqrt(R), alpha_x = exp(s_x)/R:
//   grad z = (q, -q, -z alpha_a/2, -z alpha_b/2)
//   d2z/dmu_a ds_x = -q alpha_x/2,  d2z/dmu_b ds_x = +q alpha_x/2,
//   d2z/ds_x^2 = z (3 alpha_x^2/4 - alpha_x/2),  d2z/ds_a ds_b = 3 z alpha_a alpha_b/4.
// l'(z) = (1-p) M(-z) - p M(z) and l''(z) = p M(z)(z + M(z)) + (1-p) M(-z)(M(-z) - z), with the
// inverse Mills ratio M(t) = phi(t)/Phi(t) from Cody's rationals (normal.ts) so it stays exact in the tail.

import { centralOffset, INV_SQRT_2PI, SPLIT_SMALL, tailFactor } from './normal';
import { dot } from './optimize';
import { VARIANCE_FLOOR } from './thurstonian';

// Inverse Mills ratios of one edge, phi(y)/Phi(y) and phi(y)/Phi(-y) for y = |z| >= 0, handed to
// the caller in globals (wasm has no cheap tuples). Cody's ranges as in normal.ts: in the tail
// Phi(-y) = exp(-y^2/2) T(y), so phi(y)/Phi(-y) = 1/(sqrt(2 pi) T(y)) needs no exponential and
// stays exact however far out y is. One exp per edge.
let millsBig: f64 = 0;
let millsSmall: f64 = 0;
let gaussY: f64 = 0; // exp(-y^2/2)

// @ts-ignore: decorator
@inline function mills(y: f64): void {
  const g = Math.exp(-0.5 * y * y);
  gaussY = g;
  if (y < SPLIT_SMALL) {
    const c = centralOffset(y);
    const phi = INV_SQRT_2PI * g;
    millsBig = phi / (0.5 + c);
    millsSmall = phi / (0.5 - c);
  } else {
    const t = tailFactor(y);
    millsSmall = INV_SQRT_2PI / t;
    millsBig = INV_SQRT_2PI * g / (1.0 - g * t);
  }
}

/**
 * Assembles the Hessian of the (weighted) mean cross-entropy at params = [mu (n) | s (n)].
 * Writes node[3i..3i+3) = (d2/dmu_i^2, d2/ds_i^2, d2/dmu_i ds_i) and
 * edge[4k..4k+4) = (d2/dmu_a dmu_b, d2/ds_a ds_b, d2/dmu_a ds_b, d2/ds_a dmu_b) for edge k = (a, b).
 * weights = 0 means every edge weighs 1. Returns the sum of weights (the mean's denominator).
 * edgeGrad, unless 0, receives 6 values per edge for a sandwich covariance: grad z (in the order
 * mu_a, mu_b, s_a, s_b), then w l'(z) (the edge's score is w l'(z) grad z), then
 * w (M(z) + M(-z)) sqrt(Phi(z) Phi(-z)) (the score's standard deviation per unit of
 * sqrt(1 / answers) if the label were the model's own binomial proportion).
 * scratch: n f64s of working space.
 * gaussNewton drops the l'(z) d2z terms: the Gauss-Newton matrix, positive semi-definite everywhere
 * (l'' > 0 since Phi is log-concave), for steps far from the optimum where H is indefinite.
 * Cost: one pass over the edges (one exp and one of Cody's rationals each), three over the options.
 */
export function hessianAssemble(
  n: i32, e: i32, edgeA: usize, edgeB: usize, labels: usize, weights: usize, params: usize,
  node: usize, edge: usize, gaussNewton: bool, edgeGrad: usize, scratch: usize,
): f64 {
  const s = params + (<usize>n << 3);
  // std of mu, for the floor on the raw scale.
  let mean: f64 = 0;
  for (let i = 0; i < n; i++) mean += load<f64>(params + (<usize>i << 3));
  mean /= <f64>n;
  let ss: f64 = 0;
  for (let i = 0; i < n; i++) {
    const d = load<f64>(params + (<usize>i << 3)) - mean;
    ss += d * d;
  }
  const floor = VARIANCE_FLOOR * ss / <f64>(n - 1);
  memory.fill(node, 0, <usize>(3 * n) << 3);
  // exp(s_i) once per option, into scratch (n f64s).
  for (let i = 0; i < n; i++) store<f64>(scratch + (<usize>i << 3), Math.exp(load<f64>(s + (<usize>i << 3))));
  let total: f64 = 0;
  for (let k = 0; k < e; k++) {
    const a = <usize>load<i32>(edgeA + (<usize>k << 2));
    const b = <usize>load<i32>(edgeB + (<usize>k << 2));
    const ea = load<f64>(scratch + (a << 3));
    const eb = load<f64>(scratch + (b << 3));
    const R = ea + eb + floor;
    const q = 1.0 / Math.sqrt(R);
    const z = (load<f64>(params + (a << 3)) - load<f64>(params + (b << 3))) * q;
    const alA = ea / R;
    const alB = eb / R;
    const p = load<f64>(labels + (<usize>k << 3));
    const w = weights ? load<f64>(weights + (<usize>k << 3)) : 1.0;
    total += w;
    mills(Math.abs(z));
    const mz = z >= 0 ? millsBig : millsSmall; // phi(z) / Phi(z)
    const mnz = z >= 0 ? millsSmall : millsBig; // phi(z) / Phi(-z)
    const l1 = w * ((1.0 - p) * mnz - p * mz);
    const d1 = gaussNewton ? 0.0 : l1;
    const d2 = w * (p * mz * (z + mz) + (1.0 - p) * mnz * (mnz - z));
    const gsa = -0.5 * z * alA;
    const gsb = -0.5 * z * alB;
    if (edgeGrad) {
      const gk = edgeGrad + <usize>k * 48;
      store<f64>(gk, q);
      store<f64>(gk + 8, -q);
      store<f64>(gk + 16, gsa);
      store<f64>(gk + 24, gsb);
      store<f64>(gk + 32, l1);
      // Phi(z) Phi(-z) = phi^2 / (M(z) M(-z)), so sqrt(Phi Phi) = phi / sqrt(M(z) M(-z)).
      store<f64>(gk + 40, w * (mz + mnz) * INV_SQRT_2PI * gaussY / Math.sqrt(mz * mnz));
    }
    // Per-option blocks.
    const na = node + a * 24;
    const nb = node + b * 24;
    const qq = d2 * q * q;
    store<f64>(na, load<f64>(na) + qq);
    store<f64>(nb, load<f64>(nb) + qq);
    store<f64>(na + 8, load<f64>(na + 8) + d2 * gsa * gsa + d1 * z * (0.75 * alA * alA - 0.5 * alA));
    store<f64>(nb + 8, load<f64>(nb + 8) + d2 * gsb * gsb + d1 * z * (0.75 * alB * alB - 0.5 * alB));
    store<f64>(na + 16, load<f64>(na + 16) + d2 * q * gsa - d1 * 0.5 * q * alA);
    store<f64>(nb + 16, load<f64>(nb + 16) - d2 * q * gsb + d1 * 0.5 * q * alB);
    // Cross terms of the edge.
    const ek = edge + (<usize>k << 5);
    store<f64>(ek, -qq);
    store<f64>(ek + 8, d2 * gsa * gsb + d1 * 0.75 * z * alA * alB);
    store<f64>(ek + 16, d2 * q * gsb - d1 * 0.5 * q * alB);
    store<f64>(ek + 24, -d2 * q * gsa + d1 * 0.5 * q * alA);
  }
  const inv = 1.0 / total;
  for (let i = 0; i < 3 * n; i++) store<f64>(node + (<usize>i << 3), load<f64>(node + (<usize>i << 3)) * inv);
  for (let i = 0; i < 4 * e; i++) store<f64>(edge + (<usize>i << 3), load<f64>(edge + (<usize>i << 3)) * inv);
  return total;
}

/**
 * out = (H + kappa I) v for the Hessian laid out by hessianAssemble (v and out: 2n, mu then s).
 * Cost: one pass over the edges, one over the options; no transcendental functions.
 */
export function hessianVector(n: i32, e: i32, edgeA: usize, edgeB: usize, node: usize, edge: usize, kappa: f64, v: usize, out: usize): void {
  const nb = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const ni = node + <usize>i * 24;
    const vm = load<f64>(v + o);
    const vs = load<f64>(v + nb + o);
    const hmm = load<f64>(ni);
    const hss = load<f64>(ni + 8);
    const hms = load<f64>(ni + 16);
    store<f64>(out + o, (hmm + kappa) * vm + hms * vs);
    store<f64>(out + nb + o, hms * vm + (hss + kappa) * vs);
  }
  for (let k = 0; k < e; k++) {
    const a = <usize>load<i32>(edgeA + (<usize>k << 2)) << 3;
    const b = <usize>load<i32>(edgeB + (<usize>k << 2)) << 3;
    const ek = edge + (<usize>k << 5);
    const mm = load<f64>(ek);
    const sS = load<f64>(ek + 8);
    const ms = load<f64>(ek + 16); // mu_a, s_b
    const sm = load<f64>(ek + 24); // s_a, mu_b
    const vma = load<f64>(v + a);
    const vmb = load<f64>(v + b);
    const vsa = load<f64>(v + nb + a);
    const vsb = load<f64>(v + nb + b);
    store<f64>(out + a, load<f64>(out + a) + mm * vmb + ms * vsb);
    store<f64>(out + b, load<f64>(out + b) + mm * vma + sm * vsa);
    store<f64>(out + nb + a, load<f64>(out + nb + a) + sS * vsb + sm * vmb);
    store<f64>(out + nb + b, load<f64>(out + nb + b) + sS * vsa + ms * vma);
  }
}

/**
 * Inverts each option's 2 x 2 (mu_i, s_i) block of H + kappa I into inv (3n: a, d, b of the
 * inverse [[a, b], [b, d]]): the block-Jacobi preconditioner. An indefinite block (far from the
 * optimum) falls back to its absolute diagonal.
 */
export function blockJacobi(n: i32, node: usize, kappa: f64, inv: usize): void {
  for (let i = 0; i < n; i++) {
    const ni = node + <usize>i * 24;
    let a = load<f64>(ni) + kappa;
    let d = load<f64>(ni + 8) + kappa;
    let b = load<f64>(ni + 16);
    let det = a * d - b * b;
    if (!(a > 0 && d > 0 && det > 1e-12 * a * d)) {
      a = Math.abs(a) + 1e-300;
      d = Math.abs(d) + 1e-300;
      b = 0;
      det = a * d;
    }
    const o = inv + <usize>i * 24;
    store<f64>(o, d / det);
    store<f64>(o + 8, a / det);
    store<f64>(o + 16, -b / det);
  }
}

// @ts-ignore: decorator
@inline function applyBlocks(n: i32, inv: usize, r: usize, z: usize): void {
  const nb = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const o = inv + <usize>i * 24;
    const ri = load<f64>(r + (<usize>i << 3));
    const rs = load<f64>(r + nb + (<usize>i << 3));
    const b = load<f64>(o + 16);
    store<f64>(z + (<usize>i << 3), load<f64>(o) * ri + b * rs);
    store<f64>(z + nb + (<usize>i << 3), b * ri + load<f64>(o + 8) * rs);
  }
}

/**
 * Preconditioned conjugate gradients for (H + kappa I) x = rhs (block-Jacobi preconditioner inv
 * from blockJacobi), from x = 0, until |residual| <= target or maxIterations. Scratch r, z, p, hp
 * (2n each). Returns the iterations used, negated when it met non-positive curvature (x then
 * holds the solution so far, or the preconditioned right-hand side if that happened at once).
 */
export function pcgSolve(
  n: i32, e: i32, edgeA: usize, edgeB: usize, node: usize, edge: usize, kappa: f64, inv: usize,
  rhs: usize, x: usize, r: usize, z: usize, p: usize, hp: usize, target: f64, maxIterations: i32,
): i32 {
  const count = 2 * n;
  const bytes = <usize>count << 3;
  memory.fill(x, 0, bytes);
  memory.copy(r, rhs, bytes);
  applyBlocks(n, inv, r, z);
  memory.copy(p, z, bytes);
  let rz = dot(count, r, z);
  const target2 = target * target;
  for (let it = 1; it <= maxIterations; it++) {
    hessianVector(n, e, edgeA, edgeB, node, edge, kappa, p, hp);
    const curvature = dot(count, p, hp);
    if (!(curvature > 0)) {
      if (it == 1) memory.copy(x, p, bytes);
      return -it;
    }
    const alpha = rz / curvature;
    const av = f64x2.splat(alpha);
    let rr = f64x2.splat(0);
    let i = 0;
    for (; i + 1 < count; i += 2) {
      const off = <usize>i << 3;
      v128.store(x + off, f64x2.add(v128.load(x + off), f64x2.mul(av, v128.load(p + off))));
      const ri = f64x2.sub(v128.load(r + off), f64x2.mul(av, v128.load(hp + off)));
      v128.store(r + off, ri);
      rr = f64x2.add(rr, f64x2.mul(ri, ri));
    }
    // count = 2n is even: no scalar tail.
    if (f64x2.extract_lane(rr, 0) + f64x2.extract_lane(rr, 1) <= target2) return it;
    applyBlocks(n, inv, r, z);
    const next = dot(count, r, z);
    const bv = f64x2.splat(next / rz);
    rz = next;
    for (i = 0; i < count; i += 2) {
      const off = <usize>i << 3;
      v128.store(p + off, f64x2.add(v128.load(z + off), f64x2.mul(bv, v128.load(p + off))));
    }
  }
  return maxIterations;
}
