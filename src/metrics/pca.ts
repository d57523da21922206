// Principal component analysis of a small data matrix (rows = observations, columns = variables)
// through the eigendecomposition of whichever Gram matrix is smaller: X X^T (rows x rows) or
// X^T X (columns x columns). Both give the singular values of X and its principal scores, so this
// is the SVD of X without forming the larger factor. Used to place a model among political
// entities from their utility vectors over policies.

import { symmetricEigen } from './eigen.js';

export interface PcaResult {
  /** Share of the total variance of the standardised (or only centred) matrix along each component (sums to <= 1). */
  explainedVariance: number[];
  /** Scores of each row on each component: `scores[row][component]` (U S of the SVD). */
  scores: number[][];
  /** Unit loading vectors over the columns, `loadings[component][column]` (V of the SVD). */
  loadings: number[][];
  /** Columns left out of the analysis because they were constant (they carry no variance). */
  constantColumns: number[];
}

/**
 * Centres each column and divides it by its standard deviation (population); constant columns are
 * set to zero and reported. With `scale` false the columns are only centred. Returns a new matrix.
 * @example standardiseColumns([[1, 5], [3, 5]]).matrix // [[-1, 0], [1, 0]]
 */
export function standardiseColumns(rows: readonly (readonly number[])[], scale = true): { matrix: number[][]; constantColumns: number[] } {
  const m = rows.length;
  const p = m === 0 ? 0 : rows[0].length;
  const out = rows.map((r, i) => {
    if (r.length !== p) throw new RangeError(`row ${i} has ${r.length} columns, expected ${p}`);
    return Array.from(r);
  });
  const constantColumns: number[] = [];
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < m; i++) mean += out[i][j];
    mean /= m;
    let ss = 0;
    for (let i = 0; i < m; i++) ss += (out[i][j] - mean) ** 2;
    const sd = Math.sqrt(ss / m);
    // Relative test: a column of equal values can show rounding-level spread after centring.
    const constant = !(sd > 1e-12 * Math.max(1, Math.abs(mean)));
    if (constant) constantColumns.push(j);
    for (let i = 0; i < m; i++) out[i][j] = constant ? 0 : scale ? (out[i][j] - mean) / sd : out[i][j] - mean;
  }
  return { matrix: out, constantColumns };
}

/**
 * PCA of the column-standardised matrix: the first `components` principal components by SVD.
 * `standardise: false` only centres the columns (for rows already on one scale, where dividing by
 * a column's spread would stretch columns in which the rows barely differ).
 * Cost O(min(m, p)^3 + m p min(m, p)). Each component's sign is fixed by its loading vector's
 * largest-magnitude entry being positive, so results are deterministic (PCA itself is defined
 * only up to sign). Components beyond the rank of the matrix have zero variance and zero scores.
 * Needs at least 2 rows and 1 column.
 * @example pca([[1, 2], [2, 4], [3, 6]], 1).explainedVariance // [1]
 */
export function pca(rows: readonly (readonly number[])[], components = 2, options: { standardise?: boolean } = {}): PcaResult {
  const m = rows.length;
  if (m < 2) throw new RangeError(`PCA needs at least 2 rows (got ${m})`);
  const p = rows[0].length;
  if (p < 1) throw new RangeError('PCA needs at least 1 column');
  if (!Number.isInteger(components) || components < 1) throw new RangeError(`components must be a positive integer (got ${components})`);
  for (const r of rows) for (const x of r) if (!Number.isFinite(x)) throw new RangeError('PCA input must be finite');
  const { matrix: x, constantColumns } = standardiseColumns(rows, options.standardise ?? true);
  let total = 0;
  for (const r of x) for (const e of r) total += e * e;

  let loadings: number[][];
  let values: number[];
  if (p <= m) {
    // X^T X = V S^2 V^T: loadings directly.
    const gram = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => {
      let s = 0;
      for (let i = 0; i < m; i++) s += x[i][a] * x[i][b];
      return s;
    }));
    const eig = symmetricEigen(gram);
    values = eig.values;
    loadings = eig.vectors;
  } else {
    // X X^T = U S^2 U^T; then V = X^T U / s for each component with s > 0.
    const gram = Array.from({ length: m }, (_, a) => Array.from({ length: m }, (_, b) => {
      let s = 0;
      for (let j = 0; j < p; j++) s += x[a][j] * x[b][j];
      return s;
    }));
    const eig = symmetricEigen(gram);
    values = eig.values;
    loadings = eig.vectors.map((u, k) => {
      const s = Math.sqrt(Math.max(0, eig.values[k]));
      return Array.from({ length: p }, (_, j) => {
        if (!(s > 1e-12 * Math.sqrt(Math.max(total, 1e-300)))) return 0;
        let acc = 0;
        for (let i = 0; i < m; i++) acc += x[i][j] * u[i];
        return acc / s;
      });
    });
  }
  const kept = Array.from({ length: components }, (_, k) => {
    const variance = k < values.length ? Math.max(0, values[k]) : 0;
    let v = k < loadings.length ? loadings[k] : new Array(p).fill(0);
    let big = 0;
    for (let j = 1; j < p; j++) if (Math.abs(v[j]) > Math.abs(v[big]) + 1e-12) big = j;
    if (v[big] < 0) v = v.map((e) => -e);
    return { variance, v };
  });
  const scores = x.map((r) => kept.map(({ v }) => r.reduce((s, e, j) => s + e * v[j], 0)));
  return {
    explainedVariance: kept.map(({ variance }) => (total > 0 ? variance / total : 0)),
    scores,
    loadings: kept.map(({ v }) => v),
    constantColumns,
  };
}
