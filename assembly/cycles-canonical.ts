// Validation and canonical form of a dense preference matrix, before the cycle kernels read it:
// every off-diagonal cell a number in [0, 1], each pair p_ij + p_ji = 1 within a tolerance (or
// averaged), then the diagonal set to 0 and p_ji rewritten as 1 - p_ij so the row-sum identities
// in cycles.ts are exact. The float64 pass also gathers the row statistics the cycle identities
// need, so a valid matrix is read once (validation and the mean in one pass over memory).
// Nothing here allocates or throws; failures are status codes.

/** Status codes returned by canonicalize*: 0 fine, else the kind of the first offending cell. */
export const CYCLES_OK: i32 = 0;
export const CYCLES_NOT_A_NUMBER: i32 = 1;
export const CYCLES_OUT_OF_RANGE: i32 = 2;
export const CYCLES_INCONSISTENT: i32 = 3;

/**
 * Tile of the float64 pass: TILE_I rows of the upper triangle by TILE_J columns, so the upper side
 * reads 2 KiB runs and the transposed side 128-byte runs of 256 rows (68 KiB in all, in L2).
 * Measured at N = 2,000 (CPU time, 2 cores under load): 6.0 ms, against 6.3-6.8 ms for square
 * tiles of 48 to 128 and 6.2 ms for 64 x 128.
 */
const TILE_I: i32 = 16;
const TILE_J: i32 = 256;
/** Square tile of the float32 pass: two 48x48 tiles stay in L1/L2. */
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

/** Adds one canonical cell x of row v to stats = [S | Q | wins | ties] (n f64 each, nb bytes apart). */
// @ts-ignore: decorator
@inline function addCell(stats: usize, nb: usize, v: i32, x: f64): void {
  const at = stats + (<usize>v << 3);
  store<f64>(at, load<f64>(at) + x);
  store<f64>(at + nb, load<f64>(at + nb) + x * x);
  if (x > 0.5) store<f64>(at + 2 * nb, load<f64>(at + 2 * nb) + 1);
  else if (x == 0.5) store<f64>(at + 3 * nb, load<f64>(at + 3 * nb) + 1);
}

/**
 * One pair (i < j) of a float64 matrix: range, then check or average, then p_ji = 1 - p_ij; the
 * pair's two canonical cells go into the row statistics.
 */
// @ts-ignore: decorator
@inline function pairCellF64(matrix: usize, nb: usize, i: i32, j: i32, tolerance: f64, symmetrize: i32, stats: usize): void {
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
    addCell(stats, nb, i, m);
    addCell(stats, nb, j, 1.0 - m);
  } else if (Math.abs(a + b - 1.0) <= tolerance) {
    store<f64>(pji, 1.0 - a);
    addCell(stats, nb, i, a);
    addCell(stats, nb, j, 1.0 - a);
  } else if (badI < 0 || i < badI || (i == badI && j < badJ)) {
    badI = i;
    badJ = j;
  }
}

/** 1.0 in each lane where the comparison mask is set, else 0.0 (the mask is all ones or zero). */
// @ts-ignore: decorator
@inline function ones(mask: v128): v128 {
  return v128.and(mask, f64x2.splat(1));
}

/** Adds the f64x2 x to the two f64 at ptr (rows j, j + 1 of one statistic). */
// @ts-ignore: decorator
@inline function addPair(ptr: usize, x: v128): void {
  v128.store(ptr, f64x2.add(v128.load(ptr), x));
}

/**
 * Validates an n x n float64 matrix in place and makes it canonical: diagonal 0, and for i < j
 * p_ji = 1 - p_ij. Off-diagonal cells must be numbers in [0, 1]; with symmetrize = 0 each pair must
 * satisfy |p_ij + p_ji - 1| <= tolerance (the upper cell is kept), with symmetrize = 1 the pair is
 * replaced by its average (p_ij + 1 - p_ji) / 2. Returns a CYCLES_* status; on failure where[0..1]
 * (i32) hold the first offending cell in row-major order (for CYCLES_INCONSISTENT the upper cell
 * of the pair) and where + 8, where + 16 (f64) the values of p_ij and p_ji. A cell out of range
 * is reported before any inconsistent pair. In the same pass it writes the statistics of the
 * canonical rows to stats = [S | Q | wins | ties] (n f64 each, as cycleRowStatsF64 does; valid
 * only when the status is CYCLES_OK). Cost: one tiled pass over the matrix, f64x2; each cell is
 * read once and half of them written.
 */
export function canonicalizeF64(n: i32, matrix: usize, tolerance: f64, symmetrize: i32, where: usize, stats: usize): i32 {
  const nb = <usize>n << 3;
  for (let i = 0; i < n; i++) store<f64>(matrix + <usize>i * nb + (<usize>i << 3), 0);
  memory.fill(stats, 0, 4 * nb);
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  // One pass over the pairs in tiles so the transposed cells stay in cache; inside a tile, 2 x 2
  // blocks are range-checked, compared and rewritten with f64x2 (a block and its transpose,
  // swapped by two shuffles). Blocks with any bad cell go through the scalar path, which records
  // the first bad cell and pair in row-major order; so an invalid matrix is scanned to the end.
  // Row statistics: rows i and i + 1 accumulate in registers along the tile, rows j and j + 1
  // (the transposed side) are added into stats, which for one tile's 48 columns stays in L1.
  badI = -1;
  badJ = -1;
  rangeI = -1;
  rangeJ = -1;
  const tol = f64x2.splat(tolerance);
  const halfV = f64x2.splat(0.5);
  const sPtr = stats, qPtr = stats + nb, wPtr = stats + 2 * nb, tPtr = stats + 3 * nb;
  for (let bi = 0; bi < n; bi += TILE_I) {
    const iEnd = min(bi + TILE_I, n);
    for (let bj = bi - bi % TILE_J; bj < n; bj += TILE_J) {
      const jEnd = min(bj + TILE_J, n);
      let i = bi;
      for (; i + 1 < iEnd; i += 2) {
        // Cells left of the first full block: only (i, i + 1), on a tile that meets the diagonal.
        const start = max(bj, i + 2);
        for (let j = max(bj, i + 1); j < min(start, jEnd); j++) pairCellF64(matrix, nb, i, j, tolerance, symmetrize, stats);
        // Lane sums of rows i (…0) and i + 1 (…1) over this tile's blocks.
        let s0 = f64x2.splat(0), s1 = f64x2.splat(0), sq0 = f64x2.splat(0), sq1 = f64x2.splat(0);
        let w0s = f64x2.splat(0), w1s = f64x2.splat(0), t0s = f64x2.splat(0), t1s = f64x2.splat(0);
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
            pairCellF64(matrix, nb, i, j, tolerance, symmetrize, stats);
            pairCellF64(matrix, nb, i, j + 1, tolerance, symmetrize, stats);
            pairCellF64(matrix, nb, i + 1, j, tolerance, symmetrize, stats);
            pairCellF64(matrix, nb, i + 1, j + 1, tolerance, symmetrize, stats);
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
          s0 = f64x2.add(s0, u0);
          s1 = f64x2.add(s1, u1);
          sq0 = f64x2.add(sq0, f64x2.mul(u0, u0));
          sq1 = f64x2.add(sq1, f64x2.mul(u1, u1));
          w0s = f64x2.add(w0s, ones(f64x2.gt(u0, halfV)));
          w1s = f64x2.add(w1s, ones(f64x2.gt(u1, halfV)));
          t0s = f64x2.add(t0s, ones(f64x2.eq(u0, halfV)));
          t1s = f64x2.add(t1s, ones(f64x2.eq(u1, halfV)));
          // w0 and w1 hold rows j (lane 0) and j + 1 (lane 1), in columns i and i + 1.
          const at = <usize>j << 3;
          addPair(sPtr + at, f64x2.add(w0, w1));
          addPair(qPtr + at, f64x2.add(f64x2.mul(w0, w0), f64x2.mul(w1, w1)));
          addPair(wPtr + at, f64x2.add(ones(f64x2.gt(w0, halfV)), ones(f64x2.gt(w1, halfV))));
          addPair(tPtr + at, f64x2.add(ones(f64x2.eq(w0, halfV)), ones(f64x2.eq(w1, halfV))));
        }
        for (; j < jEnd; j++) {
          pairCellF64(matrix, nb, i, j, tolerance, symmetrize, stats);
          pairCellF64(matrix, nb, i + 1, j, tolerance, symmetrize, stats);
        }
        const a0 = <usize>i << 3;
        const a1 = a0 + 8;
        store<f64>(sPtr + a0, load<f64>(sPtr + a0) + f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1));
        store<f64>(sPtr + a1, load<f64>(sPtr + a1) + f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1));
        store<f64>(qPtr + a0, load<f64>(qPtr + a0) + f64x2.extract_lane(sq0, 0) + f64x2.extract_lane(sq0, 1));
        store<f64>(qPtr + a1, load<f64>(qPtr + a1) + f64x2.extract_lane(sq1, 0) + f64x2.extract_lane(sq1, 1));
        store<f64>(wPtr + a0, load<f64>(wPtr + a0) + f64x2.extract_lane(w0s, 0) + f64x2.extract_lane(w0s, 1));
        store<f64>(wPtr + a1, load<f64>(wPtr + a1) + f64x2.extract_lane(w1s, 0) + f64x2.extract_lane(w1s, 1));
        store<f64>(tPtr + a0, load<f64>(tPtr + a0) + f64x2.extract_lane(t0s, 0) + f64x2.extract_lane(t0s, 1));
        store<f64>(tPtr + a1, load<f64>(tPtr + a1) + f64x2.extract_lane(t1s, 0) + f64x2.extract_lane(t1s, 1));
      }
      for (; i < iEnd; i++) {
        for (let j = max(bj, i + 1); j < jEnd; j++) pairCellF64(matrix, nb, i, j, tolerance, symmetrize, stats);
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
