// The Thurstonian loss and gradient with the per-edge arithmetic in single precision, four edges
// per f32x4 step: the same model, formulas and memory contract as lossGrad (thurstonian.ts), for
// fits that can trade the last digits of each edge's term for twice the lanes. Per-option
// normalisation, the sums over edges (loss and gradient) and the chain rule stay in f64, so the
// error does not grow with the number of edges: each edge's term is good to a few f32 ulp
// (~1e-7 relative) and the mean loss to about that. Edges with |z| > F32_Z_MAX fall back to the
// f64 path one at a time.

import { INV_SQRT_2PI, tailDenF4, tailNumF4 } from './normal';
import { expF4, logF4 } from './simd-math';
import {
  addScalarEdges, edgeTerm, finishGradient, normalise, scalarLoss, scalarWeight, termDz, VARIANCE_FLOOR,
} from './thurstonian';

let termDzF4: v128 = f32x4.splat(0);

// Constants as f32x4 rows in memory (a load is one instruction; V8 builds a splat with three).
const K_HALF: i32 = 0; // -1/2
const K_EXP_MIN: i32 = 1;
const K_ONE: i32 = 2;
const K_INV_SQRT_2PI: i32 = 3;
const K4 = memory.data<f32>([
  -0.5, -0.5, -0.5, -0.5, -87.0, -87.0, -87.0, -87.0, 1.0, 1.0, 1.0, 1.0,
  <f32>INV_SQRT_2PI, <f32>INV_SQRT_2PI, <f32>INV_SQRT_2PI, <f32>INV_SQRT_2PI,
], 16);

// @ts-ignore: decorator
@inline function k4(i: i32): v128 {
  return v128.load(K4 + (<usize>i << 4));
}

/**
 * Largest |z| the f32 lanes take. Cody's range-2 rational T(y) = Phi(-y) exp(y^2/2) is accurate far
 * outside the range it was fitted on: measured against mpmath, 5e-12 relative on [0, 0.6745],
 * 2e-10 up to y = 13.2 and 3.3e-8 at y = 30, all below f32's 6e-8. So the f32 lanes use it for
 * every y <= F32_Z_MAX, with no branch between ranges; beyond, den sN bN would overflow f32.
 */
const F32_Z_MAX: f32 = 30.0;
/** exp's argument is clamped here (e^-87 ~ 1.6e-38, the smallest normal f32); see edgeTermsF4. */
const F32_EXP_MIN: f32 = -87.0; // K4 row K_EXP_MIN holds it

/**
 * Loss and d loss / d z of four edges (f32x4), all |z| <= F32_Z_MAX: edgeTermsV's single-division
 * formulation with T = C / D for every lane, Phi(-y) = exp(-y^2/2) T and Phi(y) = 1 - Phi(-y).
 * exp(-y^2/2) cancels from d loss / d z = phi (Phi(z) - p) / (Phi(-y) Phi(y)) =
 * (Phi(z) - p) D^2 / (sqrt(2 pi) C (D - exp(-y^2/2) C) D), and log Phi(-y) = -y^2/2 + log T, so
 * neither underflows when exp(-y^2/2) does (it is clamped at F32_EXP_MIN only to stay normal).
 */
// @ts-ignore: decorator
@inline function edgeTermsF4(z: v128, p: v128, wantLoss: bool): v128 {
  const y = f32x4.abs(z);
  const halfW = f32x4.mul(f32x4.mul(y, y), k4(K_HALF));
  const gauss = expF4(f32x4.pmax(halfW, k4(K_EXP_MIN)));
  const tNum = tailNumF4(y);
  const den = tailDenF4(y);
  const sN = f32x4.mul(gauss, tNum); // Phi(-y) = sN / den
  const bN = f32x4.sub(den, sN); // Phi(y) = bN / den
  const tb = f32x4.mul(tNum, bN);
  const one = k4(K_ONE);
  const recip = f32x4.div(one, f32x4.mul(den, tb)); // 1 / (C (D - sN) D)
  const pos = f32x4.ge(z, f32x4.splat(0));
  const xN = f32x4.sub(v128.bitselect(bN, sN, pos), f32x4.mul(p, den)); // (Phi(z) - p) D
  termDzF4 = f32x4.mul(f32x4.mul(xN, f32x4.mul(den, k4(K_INV_SQRT_2PI))), f32x4.mul(den, recip));
  if (!wantLoss) return f32x4.splat(0);
  const invDen = f32x4.mul(tb, recip);
  const logSmall = f32x4.add(logF4(f32x4.mul(tNum, invDen)), halfW);
  const logBig = logF4(f32x4.mul(bN, invDen));
  const wBig = v128.bitselect(p, f32x4.sub(one, p), pos);
  const wSmall = f32x4.sub(one, wBig);
  return f32x4.neg(f32x4.add(f32x4.mul(wBig, logBig), f32x4.mul(wSmall, logSmall)));
}

/** Four consecutive f64s at ptr as one f32x4. */
// @ts-ignore: decorator
@inline function loadF64AsF4(ptr: usize): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(v128.load(ptr)), f32x4.demote_f64x2_zero(v128.load(ptr, 16)), 0, 1, 4, 5);
}

/** (m_a, v_a) of two edges' endpoints, as f32 pairs in one vector: [m0, v0, m1, v1]. */
// @ts-ignore: decorator
@inline function gatherPairs(mv: usize, ends: usize): v128 {
  return v128.load64_lane(mv + (<usize>load<i32>(ends, 4) << 3), v128.load64_zero(mv + (<usize>load<i32>(ends) << 3)), 1);
}

/**
 * lossGrad with the per-edge arithmetic in f32x4: same arguments, same result up to ~1e-7
 * relative per edge. work must hold 5n + 2e + 8 f64 (no more than lossGrad needs when e >= n + 2).
 * Cost: per edge one f32 exp, two f32 divisions, a square root and, with the loss, two f32 logs;
 * three passes over the edges.
 */
export function lossGradF32(
  n: i32, e: i32, edgeA: usize, edgeB: usize, labels: usize, weights: usize,
  params: usize, grad: usize, work: usize, wantLoss: bool,
): f64 {
  const nb = <usize>n << 3;
  const m = work;
  const v = work + nb;
  const gmv = work + 2 * nb; // (dL/dm_i, dL/dv_i) as f64 pairs: one 16-byte update per endpoint
  const mv = work + 4 * nb; // (m_i, v_i) as f32 pairs: one 8-byte load per endpoint
  const std = normalise(n, params, work);
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 3;
    store<f32>(mv + off, <f32>load<f64>(m + off));
    store<f32>(mv + off, <f32>load<f64>(v + off), 4);
  }
  memory.fill(gmv, 0, 2 * nb);

  const quads = e & ~3;
  const dms = mv + nb; // f32 per edge: z, then d loss / d m_a
  const dvs = dms + (<usize>(quads + 4) << 2); // f32 per edge: 1/r
  const pairs = dvs + (<usize>(quads + 4) << 2); // (d loss / d m_a, d loss / d v_a = d loss / d v_b) per edge, f32
  const floor4 = f32x4.splat(<f32>VARIANCE_FLOOR);
  const zMax = f32x4.splat(F32_Z_MAX);
  let lossAcc = f64x2.splat(0);
  let weightAcc = f64x2.splat(0);
  // Three passes over the edges, as in lossGrad: gather (z and 1/r per edge), the special
  // functions (d loss / d m_a and d loss / d v_a per edge), then the f64 scatter.
  // Short loop bodies let the processor overlap iterations; one long body was latency-bound.
  let k = 0;
  for (; k < quads; k += 4) {
    const ko = <usize>k << 2;
    const a01 = gatherPairs(mv, edgeA + ko);
    const b01 = gatherPairs(mv, edgeB + ko);
    const a23 = gatherPairs(mv, edgeA + ko + 8);
    const b23 = gatherPairs(mv, edgeB + ko + 8);
    const dm = v128.shuffle<f32>(f32x4.sub(a01, b01), f32x4.sub(a23, b23), 0, 2, 4, 6);
    const vs = v128.shuffle<f32>(f32x4.add(a01, b01), f32x4.add(a23, b23), 1, 3, 5, 7);
    const invR = f32x4.div(k4(K_ONE), f32x4.sqrt(f32x4.add(vs, floor4)));
    v128.store(dms + ko, f32x4.mul(dm, invR));
    v128.store(dvs + ko, invR);
  }
  for (k = 0; k < quads; k += 4) {
    const ko = <usize>k << 2;
    let z = v128.load(dms + ko);
    const invR = v128.load(dvs + ko);
    const p = loadF64AsF4(labels + (<usize>k << 3));
    let l: v128;
    let dz: v128;
    if (!v128.any_true(f32x4.gt(f32x4.abs(z), zMax))) {
      l = edgeTermsF4(z, p, wantLoss);
      dz = termDzF4;
    } else {
      // A lane beyond F32_Z_MAX (or NaN): rare, each lane through the f64 scalar path.
      l = f32x4.splat(0);
      dz = f32x4.splat(0);
      for (let j = 0; j < 4; j++) {
        const lj = <f32>edgeTerm(<f64>f32x4.extract_lane(z, 0), load<f64>(labels + (<usize>(k + j) << 3)));
        l = f32x4.replace_lane(v128.shuffle<f32>(l, l, 1, 2, 3, 0), 3, lj);
        dz = f32x4.replace_lane(v128.shuffle<f32>(dz, dz, 1, 2, 3, 0), 3, <f32>termDz);
        z = v128.shuffle<f32>(z, z, 1, 2, 3, 0);
      }
    }
    if (weights) {
      const wt = loadF64AsF4(weights + (<usize>k << 3));
      dz = f32x4.mul(dz, wt);
      l = f32x4.mul(l, wt);
      weightAcc = f64x2.add(weightAcc, f64x2.add(v128.load(weights + (<usize>k << 3)), v128.load(weights + (<usize>k << 3), 16)));
    }
    if (wantLoss) {
      lossAcc = f64x2.add(lossAcc, f64x2.add(f64x2.promote_low_f32x4(l), f64x2.promote_low_f32x4(v128.shuffle<f32>(l, l, 2, 3, 0, 1))));
    }
    const dzr = f32x4.mul(dz, invR);
    const dv = f32x4.mul(f32x4.mul(k4(K_HALF), dzr), f32x4.mul(z, invR));
    v128.store(pairs + (ko << 1), v128.shuffle<f32>(dzr, dv, 0, 4, 1, 5));
    v128.store(pairs + (ko << 1), v128.shuffle<f32>(dzr, dv, 2, 6, 3, 7), 16);
  }
  // Scatter: one f64x2 read-modify-write per endpoint into (dL/dm_i, dL/dv_i) pairs.
  const flipM = i64x2(0x8000000000000000, 0); // negates dL/dm for the b endpoint
  for (let j = 0; j < quads; j++) {
    const jo = <usize>j << 2;
    const a = gmv + (<usize>load<i32>(edgeA + jo) << 4);
    const b = gmv + (<usize>load<i32>(edgeB + jo) << 4);
    const d = f64x2.promote_low_f32x4(v128.load64_zero(pairs + (<usize>j << 3)));
    v128.store(a, f64x2.add(v128.load(a), d));
    v128.store(b, f64x2.add(v128.load(b), v128.xor(d, flipM)));
  }
  scalarLoss = f64x2.extract_lane(lossAcc, 0) + f64x2.extract_lane(lossAcc, 1);
  scalarWeight = f64x2.extract_lane(weightAcc, 0) + f64x2.extract_lane(weightAcc, 1);
  addScalarEdges(k, e, edgeA, edgeB, labels, weights, m, v, gmv, gmv + 8, 16);
  const scale = 1.0 / (weights ? scalarWeight : <f64>e);
  finishGradient(n, m, v, gmv, gmv + 8, scale, std, grad, 16);
  return wantLoss ? scalarLoss * scale : NaN;
}
