// Listing majority (hard) cycles of a canonical dense matrix: each row's wins and losses as
// bitsets, then i -> j -> k -> i cycles found by word-wide AND. Counting them needs no listing
// (Kendall's formula in cycles.ts); this is for showing a bounded number of examples.

/**
 * Writes the win and loss bitsets of every row of a canonical float64 matrix into bits
 * (2 n ceil(n/64) u64: wins of row i, then losses of row i, for all rows): bit k of row i's wins
 * is p_ik > 1/2, of its losses p_ik < 1/2 (k != i). Ties set neither.
 */
export function hardBitsF64(n: i32, matrix: usize, bits: usize): void {
  const wb = <usize>((n + 63) >> 6) << 3;
  const losses = bits + <usize>n * wb;
  memory.fill(bits, 0, 2 * <usize>n * wb);
  const nb = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const row = matrix + <usize>i * nb;
    for (let k = 0; k < n; k++) setHardBit(bits + <usize>i * wb, losses + <usize>i * wb, k, i, load<f64>(row + (<usize>k << 3)));
  }
}

/** As hardBitsF64 for a float32 matrix. */
export function hardBitsF32(n: i32, matrix: usize, bits: usize): void {
  const wb = <usize>((n + 63) >> 6) << 3;
  const losses = bits + <usize>n * wb;
  memory.fill(bits, 0, 2 * <usize>n * wb);
  const rb = <usize>n << 2;
  for (let i = 0; i < n; i++) {
    const row = matrix + <usize>i * rb;
    for (let k = 0; k < n; k++) setHardBit(bits + <usize>i * wb, losses + <usize>i * wb, k, i, <f64>load<f32>(row + (<usize>k << 2)));
  }
}

// @ts-ignore: decorator
@inline function setHardBit(win: usize, loss: usize, k: i32, i: i32, x: f64): void {
  const w = <usize>(k >> 6) << 3;
  const bit: u64 = (<u64>1) << <u64>(k & 63);
  if (x > 0.5) store<u64>(win + w, load<u64>(win + w) | bit);
  else if (x < 0.5 && k != i) store<u64>(loss + w, load<u64>(loss + w) | bit);
}

/**
 * Lists up to `limit` strict majority cycles from the bitsets written by hardBits*, as (i, j, k)
 * with i beats j, j beats k, k beats i and i the smallest index, in lexicographic order; writes 3
 * i32 per cycle to out and returns how many were written. Tied pairs never form a listed cycle.
 * Cost: at most O(n^3 / 64) word operations, stopping at limit.
 */
export function listHardCycles(n: i32, bits: usize, limit: i32, out: usize): i32 {
  const words = (n + 63) >> 6;
  const wb = <usize>words << 3;
  const losses = bits + <usize>n * wb;
  let found = 0;
  if (limit <= 0) return 0;
  for (let i = 0; i < n; i++) {
    const win = bits + <usize>i * wb;
    const loss = losses + <usize>i * wb;
    const first = (i + 1) >> 6;
    const firstMask: u64 = ~(((<u64>2) << <u64>(i & 63)) - 1); // bits above i within i's word
    for (let wj = i >> 6; wj < words; wj++) {
      let js = load<u64>(win + (<usize>wj << 3));
      if (wj == i >> 6) js &= firstMask;
      while (js != 0) {
        const j = (wj << 6) + <i32>ctz(js);
        js &= js - 1;
        const winJ = bits + <usize>j * wb;
        for (let wk = first; wk < words; wk++) {
          let ks = load<u64>(winJ + (<usize>wk << 3)) & load<u64>(loss + (<usize>wk << 3));
          if (wk == i >> 6) ks &= firstMask;
          while (ks != 0) {
            const k = (wk << 6) + <i32>ctz(ks);
            ks &= ks - 1;
            const o = out + <usize>found * 12;
            store<i32>(o, i);
            store<i32>(o, j, 4);
            store<i32>(o, k, 8);
            found++;
            if (found >= limit) return found;
          }
        }
      }
    }
  }
  return found;
}
