// Optimiser steps that touch every parameter: Adam's update and L-BFGS's two-loop recursion.
// The loops that call them, and their stopping rules, live in src/fit/optimizers.ts.

/**
 * One Adam step in place (the PyTorch form, without weight decay):
 *   m1 = b1 m1 + (1 - b1) g;  m2 = b2 m2 + (1 - b2) g^2
 *   x -= (lr / (1 - b1^t)) * m1 / (sqrt(m2) / sqrt(1 - b2^t) + eps)
 */
export function adamStep(
  count: i32, params: usize, grad: usize, m1: usize, m2: usize,
  lr: f64, beta1: f64, beta2: f64, eps: f64, step: i32,
): void {
  const bc1 = 1.0 - Math.pow(beta1, <f64>step);
  const bc2 = Math.sqrt(1.0 - Math.pow(beta2, <f64>step));
  const b1 = f64x2.splat(beta1);
  const c1 = f64x2.splat(1.0 - beta1);
  const b2 = f64x2.splat(beta2);
  const c2 = f64x2.splat(1.0 - beta2);
  const stepSize = f64x2.splat(lr / bc1);
  const invBc2 = f64x2.splat(1.0 / bc2);
  const epsV = f64x2.splat(eps);
  let i = 0;
  for (; i + 1 < count; i += 2) {
    const off = <usize>i << 3;
    const g = v128.load(grad + off);
    const a = f64x2.add(f64x2.mul(b1, v128.load(m1 + off)), f64x2.mul(c1, g));
    const b = f64x2.add(f64x2.mul(b2, v128.load(m2 + off)), f64x2.mul(c2, f64x2.mul(g, g)));
    v128.store(m1 + off, a);
    v128.store(m2 + off, b);
    const denom = f64x2.add(f64x2.mul(f64x2.sqrt(b), invBc2), epsV);
    v128.store(params + off, f64x2.sub(v128.load(params + off), f64x2.div(f64x2.mul(stepSize, a), denom)));
  }
  for (; i < count; i++) {
    const off = <usize>i << 3;
    const g = load<f64>(grad + off);
    const a = beta1 * load<f64>(m1 + off) + (1.0 - beta1) * g;
    const b = beta2 * load<f64>(m2 + off) + (1.0 - beta2) * g * g;
    store<f64>(m1 + off, a);
    store<f64>(m2 + off, b);
    store<f64>(params + off, load<f64>(params + off) - (lr / bc1) * a / (Math.sqrt(b) / bc2 + eps));
  }
}

/** Dot product of two f64 vectors of length count. */
export function dot(count: i32, x: usize, y: usize): f64 {
  let acc = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < count; i += 2) {
    const off = <usize>i << 3;
    acc = f64x2.add(acc, f64x2.mul(v128.load(x + off), v128.load(y + off)));
  }
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; i < count; i++) sum += load<f64>(x + (<usize>i << 3)) * load<f64>(y + (<usize>i << 3));
  return sum;
}

/** y += alpha * x over count f64s. */
export function axpy(count: i32, alpha: f64, x: usize, y: usize): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 1 < count; i += 2) {
    const off = <usize>i << 3;
    v128.store(y + off, f64x2.add(v128.load(y + off), f64x2.mul(a, v128.load(x + off))));
  }
  for (; i < count; i++) {
    const off = <usize>i << 3;
    store<f64>(y + off, load<f64>(y + off) + alpha * load<f64>(x + off));
  }
}

/**
 * L-BFGS two-loop recursion: dir = -H grad, where H is the inverse-Hessian estimate built from
 * the `stored` most recent pairs (s_j, y_j). Pairs live in ring buffers sPairs and yPairs of
 * `capacity` rows of count f64s; `newest` is the row of the latest pair; rho holds 1 / (y_j . s_j)
 * and alpha is scratch (capacity f64s). The initial matrix is gamma I, gamma = s.y / y.y.
 */
export function lbfgsDirection(
  count: i32, grad: usize, dir: usize, sPairs: usize, yPairs: usize, rho: usize, alpha: usize,
  capacity: i32, stored: i32, newest: i32,
): void {
  const row = <usize>count << 3;
  memory.copy(dir, grad, row);
  for (let k = 0; k < stored; k++) {
    const j = (newest - k + capacity) % capacity;
    const a = load<f64>(rho + (<usize>j << 3)) * dot(count, sPairs + <usize>j * row, dir);
    store<f64>(alpha + (<usize>j << 3), a);
    axpy(count, -a, yPairs + <usize>j * row, dir);
  }
  if (stored > 0) {
    const s = sPairs + <usize>newest * row;
    const y = yPairs + <usize>newest * row;
    const gamma = dot(count, s, y) / dot(count, y, y);
    scale(count, gamma, dir);
  }
  for (let k = stored - 1; k >= 0; k--) {
    const j = (newest - k + capacity) % capacity;
    const b = load<f64>(rho + (<usize>j << 3)) * dot(count, yPairs + <usize>j * row, dir);
    axpy(count, load<f64>(alpha + (<usize>j << 3)) - b, sPairs + <usize>j * row, dir);
  }
  scale(count, -1.0, dir);
}

/** x *= alpha over count f64s. */
function scale(count: i32, alpha: f64, x: usize): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 1 < count; i += 2) {
    const off = <usize>i << 3;
    v128.store(x + off, f64x2.mul(a, v128.load(x + off)));
  }
  for (; i < count; i++) store<f64>(x + (<usize>i << 3), alpha * load<f64>(x + (<usize>i << 3)));
}
