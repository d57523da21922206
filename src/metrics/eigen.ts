// Eigendecomposition of a small symmetric matrix by the cyclic Jacobi method, the building block of
// PCA over a few dozen rows (political entities). Jacobi is slow for large matrices (O(n^3) per
// sweep, typically 6-10 sweeps) but simple, unconditionally convergent for symmetric input, and
// accurate to a few ulps in eigenvalues and orthonormal eigenvectors, which is all a 30x30 needs.
// Method: Golub & Van Loan, "Matrix Computations", section 8.5 (the rotation formulas below are
// the textbook's stable ones: t = sign(theta) / (|theta| + sqrt(theta^2 + 1))).

/** Eigenvalues (descending) and the matching unit eigenvectors, `vectors[k]` for `values[k]`. */
export interface SymmetricEigen {
  values: number[];
  vectors: number[][];
}

/** Sweeps before giving up; convergence is quadratic, so 50 is never reached on finite input. */
const MAX_SWEEPS = 50;

/**
 * Eigendecomposition of a symmetric matrix (given as rows; only symmetry within 1e-9 relative is
 * accepted). Cost O(n^3) per sweep. Eigenvector signs are fixed so that each vector's
 * largest-magnitude component is positive, which makes the result deterministic.
 * @example symmetricEigen([[2, 1], [1, 2]]) // { values: [3, 1], vectors: [[0.707.., 0.707..], [0.707.., -0.707..]] }
 */
export function symmetricEigen(matrix: readonly (readonly number[])[]): SymmetricEigen {
  const n = matrix.length;
  const a = matrix.map((row, i) => {
    if (row.length !== n) throw new RangeError(`matrix must be square (row ${i} has ${row.length} entries, expected ${n})`);
    return Float64Array.from(row);
  });
  let scale = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) scale = Math.max(scale, Math.abs(a[i][j]));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (!(Math.abs(a[i][j] - a[j][i]) <= 1e-9 * scale)) throw new RangeError(`matrix must be symmetric and finite (entries [${i}][${j}] and [${j}][${i}] differ)`);
    }
  }
  const v = Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(n);
    row[i] = 1;
    return row;
  });
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i][j] * a[i][j];
    if (off <= (1e-30 * scale * scale) || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p][q];
        if (apq === 0) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A <- J^T A J with the rotation in the (p, q) plane; only rows/columns p and q change.
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        a[p][q] = 0;
        a[q][p] = 0;
        // V <- V J: eigenvectors accumulate as the columns of V (stored here as v[row][col]).
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y][y] - a[x][x]);
  return {
    values: order.map((k) => a[k][k]),
    vectors: order.map((k) => {
      const vec = Array.from({ length: n }, (_, i) => v[i][k]);
      let big = 0;
      for (let i = 1; i < n; i++) if (Math.abs(vec[i]) > Math.abs(vec[big]) + 1e-12) big = i;
      return vec[big] < 0 ? vec.map((x) => -x) : vec;
    }),
  };
}
