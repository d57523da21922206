// Thurstonian preference model: loss and gradient over an edge list, and scoring of fitted
// utilities. All arrays are caller-owned regions of linear memory (pointer + length); nothing here
// allocates or throws, and invalid numbers propagate as NaN for the caller to report.
//
// Model: option i has utility N(m_i, v_i). Parameters are mu (raw means) and s = log sigma^2.
// Inside the objective mu is normalised to mean 0 and sample std 1, and the variances are rescaled
// by the same factor (v_i = exp(s_i) / std^2), which makes the fit identifiable.
//   P(a over b) = Phi(z),  z = (m_a - m_b) / sqrt(v_a + v_b + VARIANCE_FLOOR)
//   loss = sum_e w_e * -(p_e log Phi(z_e) + (1 - p_e) log Phi(-z_e)) / sum_e w_e

import {
  centralDenV, centralNumV, centralOffset, INV_SQRT_2PI, normCdf, SPLIT_LARGE, SPLIT_SMALL, tailDenV, tailFactor, tailNumV,
} from './normal';
import { expV, logV } from './simd-math';

/** Added to the summed variance of every pair, as in the paper, so z stays finite. */
export const VARIANCE_FLOOR: f64 = 1e-5;
/** Predictions are clipped to [CLIP, 1 - CLIP] for the reported log-loss, as in the paper. */
const CLIP: f64 = 1e-5;

// Per-edge results handed from edgeTerm to its caller (wasm has no cheap tuples).
export let termDz: f64 = 0;

/**
 * Cross-entropy of one edge with soft label p at z, through log Phi of both tails so confident
 * edges do not saturate. Returns the loss; sets termDz to d loss / d z.
 */
// @ts-ignore: decorator
@inline export function edgeTerm(z: f64, p: f64): f64 {
  const y = Math.abs(z);
  let logBig: f64, logSmall: f64, millsBig: f64, millsSmall: f64;
  if (y < SPLIT_SMALL) {
    // Phi(y) = 1/2 + c, Phi(-y) = 1/2 - c, both well away from 0.
    const w = y * y;
    const c = centralOffset(y);
    const big = 0.5 + c;
    const small = 0.5 - c;
    const phi = INV_SQRT_2PI * Math.exp(-0.5 * w);
    logBig = Math.log(big);
    logSmall = Math.log(small);
    millsBig = phi / big;
    millsSmall = phi / small;
  } else {
    // Phi(-y) = exp(-y^2/2) T(y), so phi(y) / Phi(-y) = 1 / (sqrt(2 pi) T(y)) needs no exp.
    const t = tailFactor(y);
    logSmall = -0.5 * y * y + Math.log(t);
    const small = Math.exp(logSmall);
    logBig = Math.log1p(-small);
    millsSmall = INV_SQRT_2PI / t;
    millsBig = small * millsSmall / (1.0 - small);
  }
  // Orient: z >= 0 means the "big" side is Phi(z).
  const pos = z >= 0;
  const logPz = pos ? logBig : logSmall;
  const logPnz = pos ? logSmall : logBig;
  const rz = pos ? millsBig : millsSmall; // phi(z) / Phi(z)
  const rnz = pos ? millsSmall : millsBig; // phi(z) / Phi(-z)
  termDz = -(p * rz - (1.0 - p) * rnz);
  return -(p * logPz + (1.0 - p) * logPnz);
}

// Per-edge d loss / d z handed from edgeTermsV to its caller.
let termDzV: v128 = f64x2.splat(0);

// The loops' constants as f64x2 rows in memory (a load is one instruction; V8 builds a splat of a
// constant with three, inside the loop).
const KT = memory.data<f64>([
  -0.5, -0.5, SPLIT_SMALL, SPLIT_SMALL, 0.5, 0.5, 1.0, 1.0, INV_SQRT_2PI, INV_SQRT_2PI,
  VARIANCE_FLOOR, VARIANCE_FLOOR, SPLIT_LARGE, SPLIT_LARGE,
], 16);
const KT_MINUS_HALF: i32 = 0;
const KT_SPLIT_SMALL: i32 = 1;
const KT_HALF: i32 = 2;
const KT_ONE: i32 = 3;
const KT_INV_SQRT_2PI: i32 = 4;
const KT_FLOOR: i32 = 5;
const KT_SPLIT_LARGE: i32 = 6;

// @ts-ignore: decorator
@inline function kt(row: i32): v128 {
  return v128.load(KT + (<usize>row << 4));
}

/**
 * Loss and d loss / d z of two edges at once (f64x2), for |z| <= SPLIT_LARGE in both lanes (the
 * caller falls back to edgeTerm otherwise). Both of Cody's ranges are written as fractions over a
 * common denominator, Phi(-y) = sN / den and Phi(y) = bN / den:
 *   central (y < SPLIT_SMALL): den = B(w), sN = B(w)/2 - y A(w), bN = B(w)/2 + y A(w)
 *   tail:                      den = D(y), sN = exp(-y^2/2) C(y), bN = D(y) - sN
 * so that d loss / d z = phi(z) (Phi(z) - p) / (Phi(z) Phi(-z)) = phi xN den / (sN bN), with
 * xN = (Phi(z) - p) den, needs a single division, 1 / (den sN bN), shared with the loss's
 * Phi(-y) and Phi(y) (it replaces the rationals' own divisions and the Mills ratios' one).
 * Neither numerator cancels: Phi(-y) <= 1/2 <= Phi(y). In central lanes tNum holds sN, so
 * tNum / den is Phi(-y) there and T(y) in the tail.
 */
// @ts-ignore: decorator
@inline function edgeTermsV(z: v128, p: v128, wantLoss: bool): v128 {
  const y = f64x2.abs(z);
  const w = f64x2.mul(y, y);
  const halfW = f64x2.mul(w, kt(KT_MINUS_HALF));
  const gauss = expV(halfW); // exp(-y^2/2)
  const central = f64x2.lt(y, kt(KT_SPLIT_SMALL));
  // Lanes usually share a range (about 85% of pairs at a fit's optimum have a tail lane), so
  // only the rationals that are needed are evaluated.
  let den: v128, sN: v128, bN: v128, tNum: v128;
  if (v128.all_true<i64>(central)) {
    const yA = f64x2.mul(y, centralNumV(w));
    den = centralDenV(w);
    const halfB = f64x2.mul(den, kt(KT_HALF));
    sN = f64x2.sub(halfB, yA);
    bN = f64x2.add(halfB, yA);
    tNum = sN;
  } else {
    tNum = tailNumV(y);
    den = tailDenV(y);
    sN = f64x2.mul(gauss, tNum);
    bN = f64x2.sub(den, sN);
    if (v128.any_true(central)) {
      const yA = f64x2.mul(y, centralNumV(w));
      const cDen = centralDenV(w);
      const halfB = f64x2.mul(cDen, kt(KT_HALF));
      den = v128.bitselect(cDen, den, central);
      sN = v128.bitselect(f64x2.sub(halfB, yA), sN, central);
      bN = v128.bitselect(f64x2.add(halfB, yA), bN, central);
      tNum = v128.bitselect(sN, tNum, central);
    }
  }
  const sb = f64x2.mul(sN, bN);
  const one = kt(KT_ONE);
  const recip = f64x2.div(one, f64x2.mul(den, sb)); // 1 / (den sN bN)
  const pos = f64x2.ge(z, f64x2.splat(0));
  // Phi(z) - p over den, and phi(z) den^2 / (den sN bN).
  const xN = f64x2.sub(v128.bitselect(bN, sN, pos), f64x2.mul(p, den));
  const phiDen = f64x2.mul(f64x2.mul(gauss, kt(KT_INV_SQRT_2PI)), f64x2.mul(den, den));
  termDzV = f64x2.mul(f64x2.mul(xN, phiDen), recip);
  if (!wantLoss) return f64x2.splat(0);
  // log Phi(-y): log(sN / den) centrally, -y^2/2 + log(C / D) in the tail (no underflow).
  const invDen = f64x2.mul(sb, recip);
  const t = f64x2.mul(tNum, invDen);
  const logSmall = f64x2.add(logV(t), v128.andnot(halfW, central));
  const logBig = logV(f64x2.mul(bN, invDen));
  // Weight of log Phi(y): p when z >= 0 (Phi(z) is the big side), 1 - p otherwise.
  const wBig = v128.bitselect(p, f64x2.sub(one, p), pos);
  const wSmall = f64x2.sub(one, wBig);
  return f64x2.neg(f64x2.add(f64x2.mul(wBig, logBig), f64x2.mul(wSmall, logSmall)));
}

/**
 * Writes the normalised means m and variances v of n options into work[0..n) and work[n..2n),
 * from params = [mu (n) | s (n)]. Returns the sample standard deviation of mu.
 */
export function normalise(n: i32, params: usize, work: usize): f64 {
  const mu = params;
  const s = params + (<usize>n << 3);
  const m = work;
  const v = work + (<usize>n << 3);
  let acc = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < n; i += 2) acc = f64x2.add(acc, v128.load(mu + (<usize>i << 3)));
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; i < n; i++) sum += load<f64>(mu + (<usize>i << 3));
  const mean = sum / <f64>n;
  const meanV = f64x2.splat(mean);
  acc = f64x2.splat(0);
  i = 0;
  for (; i + 1 < n; i += 2) {
    const d = f64x2.sub(v128.load(mu + (<usize>i << 3)), meanV);
    acc = f64x2.add(acc, f64x2.mul(d, d));
  }
  let ss = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; i < n; i++) {
    const d = load<f64>(mu + (<usize>i << 3)) - mean;
    ss += d * d;
  }
  const std = Math.sqrt(ss / <f64>(n - 1));
  const invStd = 1.0 / std;
  const invVar = invStd * invStd;
  for (i = 0; i < n; i++) {
    const off = <usize>i << 3;
    store<f64>(m + off, (load<f64>(mu + off) - mean) * invStd);
    store<f64>(v + off, Math.exp(load<f64>(s + off)) * invVar);
  }
  return std;
}

/**
 * Mean (or weighted mean) cross-entropy of the Thurstonian model over e edges, and its gradient
 * with respect to params = [mu (n) | s (n)], written to grad (2n).
 * Edge k joins options load<i32>(edgeA + 4k) and load<i32>(edgeB + 4k) with soft label
 * load<f64>(labels + 8k) = observed P(a over b). weights = 0 means every edge weighs 1.
 * work must hold 4n + 3(e + 2) f64: m, v, dL/dm, dL/dv, then per-edge z, 1/r and dL/dz.
 * Cost: three passes over the edges, two over the options.
 * With wantLoss false only the gradient is computed (Adam never looks at the loss) and the
 * result is NaN; this skips the two logarithms per edge.
 */
export function lossGrad(
  n: i32, e: i32, edgeA: usize, edgeB: usize, labels: usize, weights: usize,
  params: usize, grad: usize, work: usize, wantLoss: bool,
): f64 {
  const std = normalise(n, params, work);
  const nb = <usize>n << 3;
  const m = work;
  const v = work + nb;
  const gm = work + 2 * nb;
  const gv = work + 3 * nb;
  memory.fill(gm, 0, 2 * nb);

  let lossAccV = f64x2.splat(0);
  let weightAcc = f64x2.splat(0);
  // Three passes over the edges, two edges per f64x2 step. Splitting the gather, the special
  // functions and the scatter into separate loops keeps each loop body short, so the processor
  // overlaps consecutive iterations instead of waiting on one long dependency chain per edge.
  const pairs = e & ~1;
  const rowBytes = <usize>(pairs + 2) << 3;
  const zs = work + 4 * nb; // z per edge
  const invRs = zs + rowBytes; // 1 / sqrt(v_a + v_b + floor) per edge
  const dzs = invRs + rowBytes; // (weighted) d loss / d z per edge
  let k = 0;
  for (; k < pairs; k += 2) {
    const ko = <usize>k << 2;
    const a0 = <usize>load<i32>(edgeA + ko) << 3;
    const a1 = <usize>load<i32>(edgeA + ko + 4) << 3;
    const b0 = <usize>load<i32>(edgeB + ko) << 3;
    const b1 = <usize>load<i32>(edgeB + ko + 4) << 3;
    const ma = f64x2.replace_lane(f64x2.splat(load<f64>(m + a0)), 1, load<f64>(m + a1));
    const mb = f64x2.replace_lane(f64x2.splat(load<f64>(m + b0)), 1, load<f64>(m + b1));
    const va = f64x2.replace_lane(f64x2.splat(load<f64>(v + a0)), 1, load<f64>(v + a1));
    const vb = f64x2.replace_lane(f64x2.splat(load<f64>(v + b0)), 1, load<f64>(v + b1));
    // One division per pair of edges: z, dz/dm and dz/dv all use 1/r.
    const invR = f64x2.div(kt(KT_ONE), f64x2.sqrt(f64x2.add(f64x2.add(va, vb), kt(KT_FLOOR))));
    v128.store(invRs + (<usize>k << 3), invR);
    v128.store(zs + (<usize>k << 3), f64x2.mul(f64x2.sub(ma, mb), invR));
  }
  for (k = 0; k < pairs; k += 2) {
    const z = v128.load(zs + (<usize>k << 3));
    const p = v128.load(labels + (<usize>k << 3));
    let l: v128;
    let dz: v128;
    if (!v128.any_true(f64x2.gt(f64x2.abs(z), kt(KT_SPLIT_LARGE)))) {
      l = edgeTermsV(z, p, wantLoss);
      dz = termDzV;
    } else {
      // A lane in Cody's asymptotic range (|z| > sqrt 32): rare, done one lane at a time.
      const l0 = edgeTerm(f64x2.extract_lane(z, 0), f64x2.extract_lane(p, 0));
      const d0 = termDz;
      const l1 = edgeTerm(f64x2.extract_lane(z, 1), f64x2.extract_lane(p, 1));
      l = f64x2.replace_lane(f64x2.splat(l0), 1, l1);
      dz = f64x2.replace_lane(f64x2.splat(d0), 1, termDz);
    }
    if (weights) {
      const wt = v128.load(weights + (<usize>k << 3));
      dz = f64x2.mul(dz, wt);
      l = f64x2.mul(l, wt);
      weightAcc = f64x2.add(weightAcc, wt);
    }
    lossAccV = f64x2.add(lossAccV, l);
    v128.store(dzs + (<usize>k << 3), dz);
  }
  for (k = 0; k < pairs; k += 2) {
    const ko = <usize>k << 2;
    const a0 = <usize>load<i32>(edgeA + ko) << 3;
    const a1 = <usize>load<i32>(edgeA + ko + 4) << 3;
    const b0 = <usize>load<i32>(edgeB + ko) << 3;
    const b1 = <usize>load<i32>(edgeB + ko + 4) << 3;
    const dz = v128.load(dzs + (<usize>k << 3));
    const invR = v128.load(invRs + (<usize>k << 3));
    const dm = f64x2.mul(dz, invR); // d/dm_a; d/dm_b is its negative
    const dv = f64x2.mul(f64x2.mul(kt(KT_MINUS_HALF), f64x2.mul(dz, v128.load(zs + (<usize>k << 3)))), f64x2.mul(invR, invR)); // d/dv_a = d/dv_b
    const dm0 = f64x2.extract_lane(dm, 0);
    const dm1 = f64x2.extract_lane(dm, 1);
    const dv0 = f64x2.extract_lane(dv, 0);
    const dv1 = f64x2.extract_lane(dv, 1);
    store<f64>(gm + a0, load<f64>(gm + a0) + dm0);
    store<f64>(gm + b0, load<f64>(gm + b0) - dm0);
    store<f64>(gv + a0, load<f64>(gv + a0) + dv0);
    store<f64>(gv + b0, load<f64>(gv + b0) + dv0);
    store<f64>(gm + a1, load<f64>(gm + a1) + dm1);
    store<f64>(gm + b1, load<f64>(gm + b1) - dm1);
    store<f64>(gv + a1, load<f64>(gv + a1) + dv1);
    store<f64>(gv + b1, load<f64>(gv + b1) + dv1);
  }
  scalarLoss = f64x2.extract_lane(lossAccV, 0) + f64x2.extract_lane(lossAccV, 1);
  scalarWeight = f64x2.extract_lane(weightAcc, 0) + f64x2.extract_lane(weightAcc, 1);
  addScalarEdges(k, e, edgeA, edgeB, labels, weights, m, v, gm, gv);
  const scale = 1.0 / (weights ? scalarWeight : <f64>e);
  finishGradient(n, m, v, gm, gv, scale, std, grad);
  return wantLoss ? scalarLoss * scale : NaN;
}

// Running (weighted) loss and weight sums of addScalarEdges, seeded by the vector loop.
export let scalarLoss: f64 = 0;
export let scalarWeight: f64 = 0;

/**
 * Edges [from, e) one at a time in f64 (the vector loops' remainder): adds their (weighted) loss and
 * weight to scalarLoss and scalarWeight and their gradient to gm, gv (dL/dm, dL/dv of option i at
 * gm + i gStride, gv + i gStride).
 */
export function addScalarEdges(
  from: i32, e: i32, edgeA: usize, edgeB: usize, labels: usize, weights: usize,
  m: usize, v: usize, gm: usize, gv: usize, gStride: usize = 8,
): void {
  for (let k = from; k < e; k++) {
    const ia = <usize>load<i32>(edgeA + (<usize>k << 2));
    const ib = <usize>load<i32>(edgeB + (<usize>k << 2));
    const a = ia << 3;
    const b = ib << 3;
    const r2 = load<f64>(v + a) + load<f64>(v + b) + VARIANCE_FLOOR;
    const r = Math.sqrt(r2);
    const z = (load<f64>(m + a) - load<f64>(m + b)) / r;
    const w = weights ? load<f64>(weights + (<usize>k << 3)) : 1.0;
    scalarLoss += w * edgeTerm(z, load<f64>(labels + (<usize>k << 3)));
    const dz = w * termDz;
    if (weights) scalarWeight += w;
    const ga = ia * gStride;
    const gb = ib * gStride;
    store<f64>(gm + ga, load<f64>(gm + ga) + dz / r);
    store<f64>(gm + gb, load<f64>(gm + gb) - dz / r);
    const dv = -0.5 * dz * z / r2;
    store<f64>(gv + ga, load<f64>(gv + ga) + dv);
    store<f64>(gv + gb, load<f64>(gv + gb) + dv);
  }
}

/**
 * Chain rule from the per-option sums g = dL/dm, h = dL/dv (before dividing by the total weight;
 * scale = 1 / total; option i's at gm + i gStride and gv + i gStride) through the normalisation to
 * grad = [dL/dmu | dL/ds]:
 *   dL/dmu_k = (g_k - mean(g) - m_k (sum_i g_i m_i + 2 sum_i h_i v_i) / (n - 1)) / std
 *   dL/ds_k  = h_k v_k
 */
export function finishGradient(
  n: i32, m: usize, v: usize, gm: usize, gv: usize, scale: f64, std: f64, grad: usize, gStride: usize = 8,
): void {
  let gSum: f64 = 0, gmDot: f64 = 0, hvDot: f64 = 0;
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 3;
    const g = load<f64>(gm + <usize>i * gStride) * scale;
    const h = load<f64>(gv + <usize>i * gStride) * scale;
    gSum += g;
    gmDot += g * load<f64>(m + off);
    hvDot += h * load<f64>(v + off);
  }
  const gMean = gSum / <f64>n;
  const c = (gmDot + 2.0 * hvDot) / <f64>(n - 1);
  const invStd = 1.0 / std;
  const gs = grad + (<usize>n << 3);
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 3;
    const g = load<f64>(gm + <usize>i * gStride) * scale;
    const h = load<f64>(gv + <usize>i * gStride) * scale;
    store<f64>(grad + off, (g - gMean - load<f64>(m + off) * c) * invStd);
    store<f64>(gs + off, h * load<f64>(v + off));
  }
}

/**
 * Writes the normalised means and variances for params into out (2n: means, then variances).
 * These are the utilities a fit reports.
 */
export function utilitiesFromParams(n: i32, params: usize, out: usize): void {
  normalise(n, params, out);
}

/**
 * Scores utilities (means m, variances v, as reported) on e edges: returns the mean log-loss with
 * predictions clipped to [1e-5, 1 - 1e-5] and writes the accuracy (share of edges where
 * prediction >= 0.5 agrees with label >= 0.5) to accuracyOut.
 */
export function evaluateEdges(
  n: i32, e: i32, edgeA: usize, edgeB: usize, labels: usize,
  means: usize, variances: usize, accuracyOut: usize,
): f64 {
  let loss: f64 = 0;
  let correct: i32 = 0;
  for (let k = 0; k < e; k++) {
    const a = <usize>load<i32>(edgeA + (<usize>k << 2)) << 3;
    const b = <usize>load<i32>(edgeB + (<usize>k << 2)) << 3;
    const r = Math.sqrt(load<f64>(variances + a) + load<f64>(variances + b) + VARIANCE_FLOOR);
    const z = (load<f64>(means + a) - load<f64>(means + b)) / r;
    let pred = normCdf(z);
    const p = load<f64>(labels + (<usize>k << 3));
    if ((pred >= 0.5) == (p >= 0.5)) correct++;
    pred = Math.min(Math.max(pred, CLIP), 1.0 - CLIP);
    loss -= p * Math.log(pred) + (1.0 - p) * Math.log(1.0 - pred);
  }
  store<f64>(accuracyOut, <f64>correct / <f64>e);
  return loss / <f64>e;
}
