// Validation and canonical form of a dense preference matrix, before the cycle kernels read it:
// every off-diagonal cell a number in [0, 1], each pair p_ij + p_ji = 1 within a tolerance (or
// averaged), then the diagonal set to 0 and p_ji rewritten as 1 - p_ij so the row-sum identities
// in cycles.ts are exact. Nothing here allocates or throws; failures are status codes.

/** Status codes returned by canonicalize*: 0 fine, else the kind of the first offending cell. */
export const CYCLES_OK: i32 = 0;
export const CYCLES_NOT_A_NUMBER: i32 = 1;
export const CYCLES_OUT_OF_RANGE: i32 = 2;
export const CYCLES_INCONSISTENT: i32 = 3;

/** Square tile edge for the transposed pass: two 48x48 f64 tiles (36 KiB) stay in L1/L2. */
const TILE: i32 = 48;

// The first inconsistent pair found by the canonicalize passes (row-major minimum).
let badI: i32 = -1;
let badJ: i32 = -1;

// The first cell outside [0, 1] (or NaN) found by canonicalizeF64's single pass (row-major minimum).
let rangeI: i32 = -1;
let rangeJ: i32 = -1;

// @ts-ignore: decorator
@inline function noteRange(i: i32, j: i32): void {
  if (rangeI < 0 || i < rangeI || (i == rangeI && j < rangeJ)) {
    rangeI = i;
    rangeJ = j;
  }
}

/** One pair (i < j) of a float64 matrix: range, then check or average, then p_ji = 1 - p_ij. */
// @ts-ignore: decorator
@inline function pairCellF64(matrix: usize, nb: usize, i: i32, j: i32, tolerance: f64, symmetrize: i32): void {
  const pij = matrix + <usize>i * nb + (<usize>j << 3);
  const pji = matrix + <usize>j * nb + (<usize>i << 3);
  const a = load<f64>(pij);
  const b = load<f64>(pji);
  const aOk = a >= 0 && a <= 1; // NaN fails both comparisons
  const bOk = b >= 0 && b <= 1;
  if (!(aOk && bOk)) {
    if (!aOk) noteRange(i, j);
    if (!bOk) noteRange(j, i);
  } else if (symmetrize) {
    const m = 0.5 * (a + (1.0 - b));
    store<f64>(pij, m);
    store<f64>(pji, 1.0 - m);
  } else if (Math.abs(a + b - 1.0) <= tolerance) {
    store<f64>(pji, 1.0 - a);
  } else if (badI < 0 || i < badI || (i == badI && j < badJ)) {
    badI = i;
    badJ = j;
  }
}

/**
 * Validates an n x n float64 matrix in place and makes it canonical: diagonal 0, and for i < j
 * p_ji = 1 - p_ij. Off-diagonal cells must be numbers in [0, 1]; with symmetrize = 0 each pair must
 * satisfy |p_ij + p_ji - 1| <= tolerance (the upper cell is kept), with symmetrize = 1 the pair is
 * replaced by its average (p_ij + 1 - p_ji) / 2. Returns a CYCLES_* status; on failure where[0..1]
 * (i32) hold the first offending cell in row-major order (for CYCLES_INCONSISTENT the upper cell
 * of the pair) and where + 8, where + 16 (f64) the values of p_ij and p_ji. A cell out of range
 * is reported before any inconsistent pair. Cost: one tiled pass over the matrix, f64x2.
 */
export function canonicalizeF64(n: i32, matrix: usize, tolerance: f64, symmetrize: i32, where: usize): i32 {
  const nb = <usize>n << 3;
  for (let i = 0; i < n; i++) store<f64>(matrix + <usize>i * nb + (<usize>i << 3), 0);
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  // One pass over the pairs in tiles so the transposed cells stay in cache; inside a tile, 2 x 2
  // blocks are range-checked, compared and rewritten with f64x2 (a block and its transpose,
  // swapped by two shuffles). Blocks with any bad cell go through the scalar path, which records
  // the first bad cell and pair in row-major order; so an invalid matrix is scanned to the end.
  badI = -1;
  badJ = -1;
  rangeI = -1;
  rangeJ = -1;
  const tol = f64x2.splat(tolerance);
  const halfV = f64x2.splat(0.5);
  for (let bi = 0; bi < n; bi += TILE) {
    const iEnd = min(bi + TILE, n);
    for (let bj = bi; bj < n; bj += TILE) {
      const jEnd = min(bj + TILE, n);
      let i = bi;
      for (; i + 1 < iEnd; i += 2) {
        // Cells left of the first full block: only (i, i + 1) on a diagonal tile.
        const start = max(bj, i + 2);
        for (let j = max(bj, i + 1); j < start; j++) pairCellF64(matrix, nb, i, j, tolerance, symmetrize);
        const row0 = matrix + <usize>i * nb;
        const row1 = row0 + nb;
        let j = start;
        for (; j + 1 < jEnd; j += 2) {
          const p0 = row0 + (<usize>j << 3);
          const p1 = row1 + (<usize>j << 3);
          const q0 = matrix + <usize>j * nb + (<usize>i << 3);
          const q1 = q0 + nb;
          const r0 = v128.load(p0); // p[i][j], p[i][j+1]
          const r1 = v128.load(p1); // p[i+1][j], p[i+1][j+1]
          const c0 = v128.load(q0); // p[j][i], p[j][i+1]
          const c1 = v128.load(q1); // p[j+1][i], p[j+1][i+1]
          const t0 = v128.shuffle<f64>(c0, c1, 0, 2); // p[j][i], p[j+1][i]: opposite r0
          const t1 = v128.shuffle<f64>(c0, c1, 1, 3); // p[j][i+1], p[j+1][i+1]: opposite r1
          // In [0, 1] (NaN fails) for all eight cells, and (unless averaging) consistent.
          let good = v128.and(
            v128.and(v128.and(f64x2.ge(r0, zero), f64x2.le(r0, one)), v128.and(f64x2.ge(r1, zero), f64x2.le(r1, one))),
            v128.and(v128.and(f64x2.ge(c0, zero), f64x2.le(c0, one)), v128.and(f64x2.ge(c1, zero), f64x2.le(c1, one))),
          );
          if (!symmetrize) {
            good = v128.and(good, v128.and(
              f64x2.le(f64x2.abs(f64x2.sub(f64x2.add(r0, t0), one)), tol),
              f64x2.le(f64x2.abs(f64x2.sub(f64x2.add(r1, t1), one)), tol),
            ));
          }
          if (!v128.all_true<i64>(good)) {
            // The scalar path records the failing cells (and fixes the good ones).
            pairCellF64(matrix, nb, i, j, tolerance, symmetrize);
            pairCellF64(matrix, nb, i, j + 1, tolerance, symmetrize);
            pairCellF64(matrix, nb, i + 1, j, tolerance, symmetrize);
            pairCellF64(matrix, nb, i + 1, j + 1, tolerance, symmetrize);
            continue;
          }
          let u0 = r0, u1 = r1;
          if (symmetrize) {
            u0 = f64x2.mul(halfV, f64x2.add(r0, f64x2.sub(one, t0)));
            u1 = f64x2.mul(halfV, f64x2.add(r1, f64x2.sub(one, t1)));
            v128.store(p0, u0);
            v128.store(p1, u1);
          }
          const w0 = f64x2.sub(one, u0); // new p[j][i], p[j+1][i]
          const w1 = f64x2.sub(one, u1); // new p[j][i+1], p[j+1][i+1]
          v128.store(q0, v128.shuffle<f64>(w0, w1, 0, 2));
          v128.store(q1, v128.shuffle<f64>(w0, w1, 1, 3));
        }
        for (; j < jEnd; j++) {
          pairCellF64(matrix, nb, i, j, tolerance, symmetrize);
          pairCellF64(matrix, nb, i + 1, j, tolerance, symmetrize);
        }
      }
      for (; i < iEnd; i++) {
        for (let j = max(bj, i + 1); j < jEnd; j++) pairCellF64(matrix, nb, i, j, tolerance, symmetrize);
      }
    }
  }
  if (rangeI >= 0) {
    const x = load<f64>(matrix + <usize>rangeI * nb + (<usize>rangeJ << 3));
    store<i32>(where, rangeI);
    store<i32>(where, rangeJ, 4);
    store<f64>(where, x, 8);
    store<f64>(where, x, 16);
    return isNaN(x) ? CYCLES_NOT_A_NUMBER : CYCLES_OUT_OF_RANGE;
  }
  if (badI >= 0) {
    store<i32>(where, badI);
    store<i32>(where, badJ, 4);
    store<f64>(where, load<f64>(matrix + <usize>badI * nb + (<usize>badJ << 3)), 8);
    store<f64>(where, load<f64>(matrix + <usize>badJ * nb + (<usize>badI << 3)), 16);
    return CYCLES_INCONSISTENT;
  }
  return CYCLES_OK;
}


/**
 * Stores p at pij and 1 - p at pji as float32 values that are exact complements. Below 1/2 float32
 * is twice as fine as above it, so 1 - p may round (0.49999997 -> 0.5) and leave a pair that is a
 * tie on one side only; taking q = round(1 - p) (in [1/2, 1]) and then 1 - q, which is exact
 * (Sterbenz), moves p by at most half an ulp of q and keeps both cells consistent.
 */
@inline function storeComplementsF32(pij: usize, pji: usize, p: f32): void {
  const q = <f32>1.0 - p;
  store<f32>(pij, <f32>1.0 - q);
  store<f32>(pji, q);
}
/** As canonicalizeF64 for a float32 matrix; p_ji = 1 - p_ij is rounded to float32. */
export function canonicalizeF32(n: i32, matrix: usize, tolerance: f64, symmetrize: i32, where: usize): i32 {
  const rb = <usize>n << 2;
  for (let i = 0; i < n; i++) store<f32>(matrix + <usize>i * rb + (<usize>i << 2), 0);
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  for (let i = 0; i < n; i++) {
    const row = matrix + <usize>i * rb;
    let ok = true;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const x = v128.load(row + (<usize>j << 2));
      if (!v128.all_true<i32>(v128.and(f32x4.ge(x, zero), f32x4.le(x, one)))) { ok = false; break; }
    }
    for (; ok && j < n; j++) {
      const x = load<f32>(row + (<usize>j << 2));
      ok = x >= 0 && x <= 1;
    }
    if (!ok) {
      for (j = 0; j < n; j++) {
        const x = <f64>load<f32>(row + (<usize>j << 2));
        if (!(x >= 0 && x <= 1)) {
          store<i32>(where, i);
          store<i32>(where, j, 4);
          store<f64>(where, x, 8);
          store<f64>(where, x, 16);
          return isNaN(x) ? CYCLES_NOT_A_NUMBER : CYCLES_OUT_OF_RANGE;
        }
      }
    }
  }
  badI = -1;
  badJ = -1;
  for (let bi = 0; bi < n && badI < 0; bi += TILE) {
    const iEnd = min(bi + TILE, n);
    for (let bj = bi; bj < n; bj += TILE) {
      const jEnd = min(bj + TILE, n);
      for (let i = bi; i < iEnd; i++) {
        const rowI = matrix + <usize>i * rb;
        for (let j = max(bj, i + 1); j < jEnd; j++) {
          const pij = rowI + (<usize>j << 2);
          const pji = matrix + <usize>j * rb + (<usize>i << 2);
          const a = <f64>load<f32>(pij);
          const b = <f64>load<f32>(pji);
          if (symmetrize) {
            storeComplementsF32(pij, pji, <f32>(0.5 * (a + (1.0 - b))));
          } else if (Math.abs(a + b - 1.0) <= tolerance) {
            storeComplementsF32(pij, pji, <f32>a);
          } else if (badI < 0 || i < badI || (i == badI && j < badJ)) {
            badI = i;
            badJ = j;
          }
        }
      }
    }
  }
  if (badI >= 0) {
    store<i32>(where, badI);
    store<i32>(where, badJ, 4);
    store<f64>(where, <f64>load<f32>(matrix + <usize>badI * rb + (<usize>badJ << 2)), 8);
    store<f64>(where, <f64>load<f32>(matrix + <usize>badJ * rb + (<usize>badI << 2)), 16);
    return CYCLES_INCONSISTENT;
  }
  return CYCLES_OK;
}
