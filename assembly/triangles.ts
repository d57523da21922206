// Cycle statistics of triads given by their three probabilities: a list of sampled triads, and
// every triangle among the observed pairs of a sparse graph (degree-ordered forward listing).
// A triad with P(a over b) = x, P(b over c) = y, P(c over a) = z is cyclic with probability
// x y z + (1 - x)(1 - y)(1 - z); its hard value uses each p rounded to 0, 1/2 (tie) or 1.

// @ts-ignore: decorator
@inline function hard(p: f64): f64 {
  return p > 0.5 ? 1.0 : p < 0.5 ? 0.0 : 0.5;
}

// @ts-ignore: decorator
@inline function cycleProbability(x: f64, y: f64, z: f64): f64 {
  return x * y * z + (1.0 - x) * (1.0 - y) * (1.0 - z);
}

// @ts-ignore: decorator
@inline function addToHistogram(histogram: usize, bins: i32, p: f64): void {
  if (bins <= 0) return;
  let b = <i32>(p * <f64>bins);
  if (b >= bins) b = bins - 1; // p = 1 falls in the last bin
  if (b < 0) b = 0;
  const at = histogram + (<usize>b << 3);
  store<f64>(at, load<f64>(at) + 1.0);
}

/**
 * Sampled triads: for t triads with pab[k] = P(a over b), pbc[k] = P(b over c), pca[k] = P(c over
 * a), writes each cycle probability to out, adds counts to histogram (bins equal bins over [0, 1],
 * zeroed here), and writes results = [sum of cycle probabilities, hard-cycle count]. The hard
 * value of a triad is its cycle probability with each p rounded to 0, 1/2 (tie) or 1. Returns the
 * mean cycle probability, NaN when t = 0.
 */
export function triadCycles(
  t: i32, pab: usize, pbc: usize, pca: usize, out: usize, bins: i32, histogram: usize, results: usize,
): f64 {
  if (bins > 0) memory.fill(histogram, 0, <usize>bins << 3);
  const one = f64x2.splat(1);
  let k = 0;
  for (; k + 1 < t; k += 2) {
    const o = <usize>k << 3;
    const x = v128.load(pab + o);
    const y = v128.load(pbc + o);
    const z = v128.load(pca + o);
    const fwd = f64x2.mul(f64x2.mul(x, y), z);
    const back = f64x2.mul(f64x2.mul(f64x2.sub(one, x), f64x2.sub(one, y)), f64x2.sub(one, z));
    v128.store(out + o, f64x2.add(fwd, back));
  }
  for (; k < t; k++) {
    const o = <usize>k << 3;
    store<f64>(out + o, cycleProbability(load<f64>(pab + o), load<f64>(pbc + o), load<f64>(pca + o)));
  }
  let sum: f64 = 0;
  let hardSum: f64 = 0;
  for (k = 0; k < t; k++) {
    const o = <usize>k << 3;
    const p = load<f64>(out + o);
    sum += p;
    hardSum += cycleProbability(hard(load<f64>(pab + o)), hard(load<f64>(pbc + o)), hard(load<f64>(pca + o)));
    addToHistogram(histogram, bins, p);
  }
  store<f64>(results, sum);
  store<f64>(results, hardSum, 8);
  return t > 0 ? sum / <f64>t : NaN;
}

/**
 * Triangles among the observed pairs of a sparse graph (n options, e unique edges, edge k joins
 * edgeA[k] and edgeB[k] with probs[k] = P(a over b)). Edges are oriented from lower to higher
 * (degree, index), a CSR of out-neighbours is built in work, and each triangle is found once by
 * marking the out-neighbours of u and scanning those of each out-neighbour: O(e^1.5) at worst.
 * work: 4n + 1 + e i32 (16-byte aligned), then e f64. Writes perOption = [triangles (n) |
 * expected cyclic (n) | hard cyclic (n)], histogram of cycle probabilities (bins over [0, 1]),
 * up to listCap strict majority cycles to list (3 i32 each, as a beats b beats c beats a), and
 * results = [triangles, sum of cycle probabilities, hard cyclic, listed]. Returns the triangle
 * count, or -1 if an edge names an option outside [0, n) or a self-loop.
 */
export function sparseTriangles(
  n: i32, e: i32, edgeA: usize, edgeB: usize, probs: usize, work: usize,
  perOption: usize, bins: i32, histogram: usize, listCap: i32, list: usize, results: usize,
): f64 {
  const degree = work;
  const offsets = degree + (<usize>n << 2);
  const cursor = offsets + (<usize>(n + 1) << 2);
  const mark = cursor + (<usize>n << 2);
  const targets = mark + (<usize>n << 2);
  const csrProbs = (targets + (<usize>e << 2) + 15) & ~(<usize>15);
  memory.fill(degree, 0, <usize>n << 2);
  memory.fill(mark, 0, <usize>n << 2);
  memory.fill(perOption, 0, 3 * (<usize>n << 3));
  if (bins > 0) memory.fill(histogram, 0, <usize>bins << 3);
  for (let k = 0; k < e; k++) {
    const a = load<i32>(edgeA + (<usize>k << 2));
    const b = load<i32>(edgeB + (<usize>k << 2));
    if (<u32>a >= <u32>n || <u32>b >= <u32>n || a == b) return -1;
    store<i32>(degree + (<usize>a << 2), load<i32>(degree + (<usize>a << 2)) + 1);
    store<i32>(degree + (<usize>b << 2), load<i32>(degree + (<usize>b << 2)) + 1);
  }
  // Out-degree counts in cursor, then prefix sums into offsets.
  memory.fill(cursor, 0, <usize>n << 2);
  for (let k = 0; k < e; k++) {
    const a = load<i32>(edgeA + (<usize>k << 2));
    const b = load<i32>(edgeB + (<usize>k << 2));
    const src = precedes(degree, a, b) ? a : b;
    store<i32>(cursor + (<usize>src << 2), load<i32>(cursor + (<usize>src << 2)) + 1);
  }
  let acc = 0;
  for (let v = 0; v < n; v++) {
    store<i32>(offsets + (<usize>v << 2), acc);
    const c = load<i32>(cursor + (<usize>v << 2));
    store<i32>(cursor + (<usize>v << 2), acc);
    acc += c;
  }
  store<i32>(offsets + (<usize>n << 2), acc);
  for (let k = 0; k < e; k++) {
    const a = load<i32>(edgeA + (<usize>k << 2));
    const b = load<i32>(edgeB + (<usize>k << 2));
    const p = load<f64>(probs + (<usize>k << 3));
    const forward = precedes(degree, a, b);
    const src = forward ? a : b;
    const slot = load<i32>(cursor + (<usize>src << 2));
    store<i32>(cursor + (<usize>src << 2), slot + 1);
    store<i32>(targets + (<usize>slot << 2), forward ? b : a);
    store<f64>(csrProbs + (<usize>slot << 3), forward ? p : 1.0 - p); // P(src over target)
  }
  const nb = <usize>n << 3;
  let triangles: f64 = 0, sum: f64 = 0, hardSum: f64 = 0;
  let listed = 0;
  for (let u = 0; u < n; u++) {
    const uStart = load<i32>(offsets + (<usize>u << 2));
    const uEnd = load<i32>(offsets + (<usize>(u + 1) << 2));
    if (uEnd - uStart < 2) continue;
    for (let s = uStart; s < uEnd; s++) {
      store<i32>(mark + (<usize>load<i32>(targets + (<usize>s << 2)) << 2), s + 1);
    }
    for (let s = uStart; s < uEnd; s++) {
      const v = load<i32>(targets + (<usize>s << 2));
      const puv = load<f64>(csrProbs + (<usize>s << 3));
      const vEnd = load<i32>(offsets + (<usize>(v + 1) << 2));
      for (let r = load<i32>(offsets + (<usize>v << 2)); r < vEnd; r++) {
        const w = load<i32>(targets + (<usize>r << 2));
        const m = load<i32>(mark + (<usize>w << 2));
        if (m == 0) continue;
        const pvw = load<f64>(csrProbs + (<usize>r << 3));
        const pwu = 1.0 - load<f64>(csrProbs + (<usize>(m - 1) << 3));
        const c = cycleProbability(puv, pvw, pwu);
        const h = cycleProbability(hard(puv), hard(pvw), hard(pwu));
        triangles += 1;
        sum += c;
        hardSum += h;
        addToHistogram(histogram, bins, c);
        addTriangle(perOption, nb, u, c, h);
        addTriangle(perOption, nb, v, c, h);
        addTriangle(perOption, nb, w, c, h);
        if (h == 1.0 && listed < listCap) {
          // Orient as a beats b beats c beats a.
          const o = list + <usize>listed * 12;
          const fwd = puv > 0.5;
          store<i32>(o, u);
          store<i32>(o, fwd ? v : w, 4);
          store<i32>(o, fwd ? w : v, 8);
          listed++;
        }
      }
    }
    for (let s = uStart; s < uEnd; s++) {
      store<i32>(mark + (<usize>load<i32>(targets + (<usize>s << 2)) << 2), 0);
    }
  }
  store<f64>(results, triangles);
  store<f64>(results, sum, 8);
  store<f64>(results, hardSum, 16);
  store<f64>(results, <f64>listed, 24);
  return triangles;
}

/** Degree order for orienting edges: a before b if it has fewer neighbours (ties by index). */
// @ts-ignore: decorator
@inline function precedes(degree: usize, a: i32, b: i32): bool {
  const da = load<i32>(degree + (<usize>a << 2));
  const db = load<i32>(degree + (<usize>b << 2));
  return da < db || (da == db && a < b);
}

// @ts-ignore: decorator
@inline function addTriangle(perOption: usize, nb: usize, v: i32, c: f64, h: f64): void {
  const at = perOption + (<usize>v << 3);
  store<f64>(at, load<f64>(at) + 1.0);
  store<f64>(at + nb, load<f64>(at + nb) + c);
  store<f64>(at + 2 * nb, load<f64>(at + 2 * nb) + h);
}
