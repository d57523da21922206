// Triad and cycle statistics of preference probabilities. All arrays are caller-owned regions of
// linear memory (pointer + length); nothing here allocates or throws.
//
// A triad {i, j, k} with independent pairwise probabilities p_xy = P(x over y), p_yx = 1 - p_xy,
// is cyclic with probability p_ij p_jk p_ki + p_ji p_kj p_ik. Exactly one member beats both others
// unless the triad is cyclic, so P(cyclic) = 1 - sum_v P(v beats both). Summed over all C(N,3)
// triads, with S_v = sum_a p_va and Q_v = sum_a p_va^2 (row sums, diagonal zero):
//   E[cyclic triads] = C(N,3) - sum_v (S_v^2 - Q_v) / 2           (O(N^2), one pass over rows)
// With p in {0, 1} this is Kendall's count of circular triads, C(N,3) - sum_v C(s_v, 2).
// Option v's expected participation (cyclic triads containing v), using p_av = 1 - p_va:
//   part_v = C(N-1,2) - (S_v^2 - Q_v)/2 - (T - S_v) + R_v + (N-1) - 2 S_v + Q_v
// where T = sum_a S_a and R_v = sum_a p_va S_a (a second row-major pass: a matrix-vector product).
//
// Dense kernels expect a canonical matrix (cycles-canonical.ts): diagonal 0 and
// p_ji = 1 - p_ij, so row sums alone carry the whole triad structure.

import { normCdf } from './normal';
import { VARIANCE_FLOOR } from './thurstonian';

// Per-row results handed from the inlined row loops to their callers.
let rowSum: f64 = 0;
let rowSquares: f64 = 0;
let rowWins: f64 = 0;
let rowTies: f64 = 0;

/** C(n, 3) as f64 (exact for n below 2^17; N here is bounded by memory far below that). */
// @ts-ignore: decorator
@inline function choose3(n: f64): f64 {
  return n * (n - 1) * (n - 2) / 6;
}

/** Two float32 cells at ptr widened to an f64x2. */
// @ts-ignore: decorator
@inline function f32Pair(ptr: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(ptr));
}

/** Two cells of type T (f64, or f32 widened to f64) at ptr as an f64x2. */
// @ts-ignore: decorator
@inline function cellPair<T>(ptr: usize): v128 {
  if (sizeof<T>() == 8) return v128.load(ptr);
  return f32Pair(ptr);
}

/**
 * Writes the statistics of one row of n cells of type T (f64, or f32 widened to f64 before any
 * arithmetic) into rowSum, rowSquares, rowWins (cells above 1/2) and rowTies (cells exactly 1/2).
 * Four f64 lanes of sums and squares hide add latency.
 */
// @ts-ignore: decorator
@inline function rowStats<T>(row: usize, n: i32): void {
  const half = f64x2.splat(0.5);
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  let q0 = f64x2.splat(0), q1 = f64x2.splat(0);
  let wins = i64x2.splat(0), ties = i64x2.splat(0);
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const p = row + <usize>j * sizeof<T>();
    const x0 = cellPair<T>(p);
    const x1 = cellPair<T>(p + 2 * sizeof<T>());
    s0 = f64x2.add(s0, x0);
    s1 = f64x2.add(s1, x1);
    q0 = f64x2.add(q0, f64x2.mul(x0, x0));
    q1 = f64x2.add(q1, f64x2.mul(x1, x1));
    // Comparison masks are all-ones (-1) per true lane, so subtracting counts.
    wins = i64x2.sub(wins, i64x2.add(f64x2.gt(x0, half), f64x2.gt(x1, half)));
    ties = i64x2.sub(ties, i64x2.add(f64x2.eq(x0, half), f64x2.eq(x1, half)));
  }
  const s = f64x2.add(s0, s1);
  const q = f64x2.add(q0, q1);
  let sum = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  let squares = f64x2.extract_lane(q, 0) + f64x2.extract_lane(q, 1);
  let w = i64x2.extract_lane(wins, 0) + i64x2.extract_lane(wins, 1);
  let t = i64x2.extract_lane(ties, 0) + i64x2.extract_lane(ties, 1);
  for (; j < n; j++) {
    const x = <f64>load<T>(row + <usize>j * sizeof<T>());
    sum += x;
    squares += x * x;
    if (x > 0.5) w++;
    else if (x == 0.5) t++;
  }
  rowSum = sum;
  rowSquares = squares;
  rowWins = <f64>w;
  rowTies = <f64>t;
}

/** rowStats<T> over every row of an n x n matrix of T into stats; returns expected cyclic triads. */
// @ts-ignore: decorator
@inline function allRowStats<T>(n: i32, matrix: usize, stats: usize): f64 {
  const nb = <usize>n << 3;
  const rowBytes = <usize>n * sizeof<T>();
  for (let v = 0; v < n; v++) {
    rowStats<T>(matrix + <usize>v * rowBytes, n);
    const at = <usize>v << 3;
    store<f64>(stats + at, rowSum);
    store<f64>(stats + nb + at, rowSquares);
    store<f64>(stats + 2 * nb + at, rowWins);
    store<f64>(stats + 3 * nb + at, rowTies);
  }
  return expectedCyclicTriads(n, stats);
}

/**
 * One pass over a canonical n x n float64 matrix: writes stats = [S (n) | Q (n) | wins (n) |
 * ties (n)] and returns the expected number of cyclic triads. Cost: n^2 loads, f64x2.
 */
export function cycleRowStatsF64(n: i32, matrix: usize, stats: usize): f64 {
  return allRowStats<f64>(n, matrix, stats);
}

/** As cycleRowStatsF64 for a float32 matrix (4 bytes per cell). */
export function cycleRowStatsF32(n: i32, matrix: usize, stats: usize): f64 {
  return allRowStats<f32>(n, matrix, stats);
}

/**
 * The mean-only pass: writes stats = [S (n) | Q (n)] of a canonical float64 matrix and returns the
 * expected number of cyclic triads, without the majority counts (about half the work per cell of
 * cycleRowStatsF64, for callers that want only the probabilistic figures).
 */
export function cycleRowSumsF64(n: i32, matrix: usize, stats: usize): f64 {
  const nb = <usize>n << 3;
  for (let v = 0; v < n; v++) {
    const row = matrix + <usize>v * nb;
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    let q0 = f64x2.splat(0), q1 = f64x2.splat(0), q2 = f64x2.splat(0), q3 = f64x2.splat(0);
    let j = 0;
    for (; j + 7 < n; j += 8) {
      const p = row + (<usize>j << 3);
      const x0 = v128.load(p);
      const x1 = v128.load(p, 16);
      const x2 = v128.load(p, 32);
      const x3 = v128.load(p, 48);
      s0 = f64x2.add(s0, x0);
      s1 = f64x2.add(s1, x1);
      s2 = f64x2.add(s2, x2);
      s3 = f64x2.add(s3, x3);
      q0 = f64x2.add(q0, f64x2.mul(x0, x0));
      q1 = f64x2.add(q1, f64x2.mul(x1, x1));
      q2 = f64x2.add(q2, f64x2.mul(x2, x2));
      q3 = f64x2.add(q3, f64x2.mul(x3, x3));
    }
    const s = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
    const q = f64x2.add(f64x2.add(q0, q1), f64x2.add(q2, q3));
    let sum = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    let squares = f64x2.extract_lane(q, 0) + f64x2.extract_lane(q, 1);
    for (; j < n; j++) {
      const x = load<f64>(row + (<usize>j << 3));
      sum += x;
      squares += x * x;
    }
    store<f64>(stats + (<usize>v << 3), sum);
    store<f64>(stats + nb + (<usize>v << 3), squares);
  }
  return expectedCyclicTriads(n, stats);
}

/**
 * E[cyclic triads] = C(n,3) - sum_v (S_v^2 - Q_v)/2 from stats = [S | Q | ...]. The sum is
 * compensated (Neumaier) so the subtraction loses only what the cancellation itself costs.
 */
export function expectedCyclicTriads(n: i32, stats: usize): f64 {
  const nb = <usize>n << 3;
  let sum: f64 = 0;
  let comp: f64 = 0;
  for (let v = 0; v < n; v++) {
    const s = load<f64>(stats + (<usize>v << 3));
    const q = load<f64>(stats + nb + (<usize>v << 3));
    const x = 0.5 * (s * s - q);
    const t = sum + x;
    comp += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  }
  return choose3(<f64>n) - (sum + comp);
}

/**
 * Cyclic triads of the majority tournament by Kendall's score formula, from stats = [S | Q | wins
 * | ties]. A tie (p exactly 1/2) counts half a win to each side, so with ties this is the expected
 * count when every tie is broken by a fair coin (a multiple of 1/4); without ties it is the
 * integer C(n,3) - sum_v C(wins_v, 2). Exact in f64 for any n that fits in memory.
 */
export function hardCyclicTriads(n: i32, stats: usize): f64 {
  const nb = <usize>n << 3;
  let sum: f64 = 0;
  for (let v = 0; v < n; v++) {
    const w = load<f64>(stats + 2 * nb + (<usize>v << 3));
    const t = load<f64>(stats + 3 * nb + (<usize>v << 3));
    const s = w + 0.5 * t; // score with ties halved
    const q = w + 0.25 * t; // sum of squared hard probabilities
    sum += 0.5 * (s * s - q);
  }
  return choose3(<f64>n) - sum;
}

/**
 * Each option's expected number of cyclic triads (second pass over a canonical float64 matrix):
 * out[v] = C(n-1,2) - (S_v^2 - Q_v)/2 - (T - S_v) + R_v + (n-1) - 2 S_v + Q_v, R = P S.
 * stats as written by cycleRowStatsF64. The out values sum to 3 x E[cyclic triads].
 */
export function cycleParticipationF64(n: i32, matrix: usize, stats: usize, out: usize): void {
  const nb = <usize>n << 3;
  for (let v = 0; v < n; v++) {
    const row = matrix + <usize>v * nb;
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const o = <usize>j << 3;
      a0 = f64x2.add(a0, f64x2.mul(v128.load(row + o), v128.load(stats + o)));
      a1 = f64x2.add(a1, f64x2.mul(v128.load(row + o, 16), v128.load(stats + o, 16)));
    }
    const a = f64x2.add(a0, a1);
    let r = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
    for (; j < n; j++) r += load<f64>(row + (<usize>j << 3)) * load<f64>(stats + (<usize>j << 3));
    store<f64>(out + (<usize>v << 3), r);
  }
  participationFromProducts(n, stats, out);
}

/** As cycleParticipationF64 for a float32 matrix. */
export function cycleParticipationF32(n: i32, matrix: usize, stats: usize, out: usize): void {
  const rb = <usize>n << 2;
  for (let v = 0; v < n; v++) {
    const row = matrix + <usize>v * rb;
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const o = <usize>j << 3;
      const p = row + (<usize>j << 2);
      a0 = f64x2.add(a0, f64x2.mul(f32Pair(p), v128.load(stats + o)));
      a1 = f64x2.add(a1, f64x2.mul(f32Pair(p + 8), v128.load(stats + o, 16)));
    }
    const a = f64x2.add(a0, a1);
    let r = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
    for (; j < n; j++) r += <f64>load<f32>(row + (<usize>j << 2)) * load<f64>(stats + (<usize>j << 3));
    store<f64>(out + (<usize>v << 3), r);
  }
  participationFromProducts(n, stats, out);
}

/** Turns out[v] = R_v into the participation of option v (see the file header). */
function participationFromProducts(n: i32, stats: usize, out: usize): void {
  const nb = <usize>n << 3;
  let total: f64 = 0;
  for (let v = 0; v < n; v++) total += load<f64>(stats + (<usize>v << 3));
  const m1 = <f64>(n - 1);
  const pairs = m1 * (m1 - 1) * 0.5;
  for (let v = 0; v < n; v++) {
    const at = <usize>v << 3;
    const s = load<f64>(stats + at);
    const q = load<f64>(stats + nb + at);
    const r = load<f64>(out + at);
    store<f64>(out + at, pairs - 0.5 * (s * s - q) - (total - s) + r + m1 - 2 * s + q);
  }
}

/**
 * The complete matrix predicted by Thurstonian utilities: p_ij = Phi((m_i - m_j) /
 * sqrt(v_i + v_j + VARIANCE_FLOOR)) for i < j, p_ji = 1 - p_ij, diagonal 0 (canonical).
 */
export function thurstonianMatrix(n: i32, means: usize, variances: usize, out: usize): void {
  const nb = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const mi = load<f64>(means + (<usize>i << 3));
    const vi = load<f64>(variances + (<usize>i << 3));
    store<f64>(out + <usize>i * nb + (<usize>i << 3), 0);
    for (let j = i + 1; j < n; j++) {
      const z = (mi - load<f64>(means + (<usize>j << 3))) /
        Math.sqrt(vi + load<f64>(variances + (<usize>j << 3)) + VARIANCE_FLOOR);
      const p = normCdf(z);
      store<f64>(out + <usize>i * nb + (<usize>j << 3), p);
      store<f64>(out + <usize>j * nb + (<usize>i << 3), 1.0 - p);
    }
  }
}
