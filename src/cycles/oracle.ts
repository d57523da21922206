// Plain, obviously correct TypeScript versions of the cycle statistics, by brute force over every
// triad (O(N^3)). Tests hold the engine's kernels to these; never used on large inputs.

/** The cycle probability of one triad from its three probabilities around the loop a -> b -> c -> a. */
export function cycleProbability(pab: number, pbc: number, pca: number): number {
  return pab * pbc * pca + (1 - pab) * (1 - pbc) * (1 - pca);
}

/** A probability rounded to the majority: 1, 0, or 1/2 for an exact tie. */
export function majority(p: number): number {
  return p > 0.5 ? 1 : p < 0.5 ? 0 : 0.5;
}

export interface OracleDense {
  expected: number;
  hard: number;
  participation: Float64Array;
  strictCycles: [number, number, number][];
}

/**
 * Brute force over all i < j < k of a row-major n x n matrix m (m[i*n+j] = P(i over j)); uses the
 * stated formula p_ij p_jk p_ki + p_ji p_kj p_ik with the matrix entries as given.
 */
export function bruteForceDense(m: ArrayLike<number>, n: number): OracleDense {
  const p = (i: number, j: number) => m[i * n + j];
  let expected = 0;
  let hard = 0;
  const participation = new Float64Array(n);
  const strictCycles: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      for (let k = j + 1; k < n; k++) {
        const c = p(i, j) * p(j, k) * p(k, i) + p(j, i) * p(k, j) * p(i, k);
        const h = majority(p(i, j)) * majority(p(j, k)) * majority(p(k, i)) +
          majority(p(j, i)) * majority(p(k, j)) * majority(p(i, k));
        expected += c;
        hard += h;
        participation[i] += c;
        participation[j] += c;
        participation[k] += c;
        if (p(i, j) > 0.5 && p(j, k) > 0.5 && p(k, i) > 0.5) strictCycles.push([i, j, k]);
        if (p(i, k) > 0.5 && p(k, j) > 0.5 && p(j, i) > 0.5) strictCycles.push([i, k, j]);
      }
    }
  }
  strictCycles.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  return { expected, hard, participation, strictCycles };
}

export interface OracleSparse {
  triangles: number;
  expected: number;
  hard: number;
  perOption: { triangles: Float64Array; expectedCyclic: Float64Array; hardCyclic: Float64Array };
}

/** Brute force over all triples of options, keeping those whose three pairs are all edges. */
export function bruteForceSparse(n: number, edgeA: ArrayLike<number>, edgeB: ArrayLike<number>, probs: ArrayLike<number>): OracleSparse {
  const prob = new Map<number, number>();
  for (let k = 0; k < edgeA.length; k++) {
    prob.set(edgeA[k] * n + edgeB[k], probs[k]);
    prob.set(edgeB[k] * n + edgeA[k], 1 - probs[k]);
  }
  const perOption = { triangles: new Float64Array(n), expectedCyclic: new Float64Array(n), hardCyclic: new Float64Array(n) };
  let triangles = 0, expected = 0, hard = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const pij = prob.get(i * n + j);
      if (pij === undefined) continue;
      for (let k = j + 1; k < n; k++) {
        const pjk = prob.get(j * n + k);
        const pki = prob.get(k * n + i);
        if (pjk === undefined || pki === undefined) continue;
        const c = cycleProbability(pij, pjk, pki);
        const h = cycleProbability(majority(pij), majority(pjk), majority(pki));
        triangles++;
        expected += c;
        hard += h;
        for (const v of [i, j, k]) {
          perOption.triangles[v]++;
          perOption.expectedCyclic[v] += c;
          perOption.hardCyclic[v] += h;
        }
      }
    }
  }
  return { triangles, expected, hard, perOption };
}
