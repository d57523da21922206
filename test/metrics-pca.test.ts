import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { symmetricEigen } from '../src/metrics/eigen.ts';
import { pca, standardiseColumns } from '../src/metrics/pca.ts';
import { Random } from '../src/sampling/random.ts';

const close = (a: number, b: number, tol: number, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

function randomMatrix(rng: Random, m: number, p: number): number[][] {
  return Array.from({ length: m }, () => Array.from({ length: p }, () => rng.normal()));
}

test('Jacobi: the 2x2 case worked by hand ([[2,1],[1,2]] has eigenvalues 3 and 1)', () => {
  const { values, vectors } = symmetricEigen([[2, 1], [1, 2]]);
  close(values[0], 3, 1e-14, 'lambda1');
  close(values[1], 1, 1e-14, 'lambda2');
  close(vectors[0][0], Math.SQRT1_2, 1e-14, 'v1');
  close(vectors[0][1], Math.SQRT1_2, 1e-14, 'v1');
  close(Math.abs(vectors[1][0]), Math.SQRT1_2, 1e-14, 'v2');
  close(vectors[1][0] + vectors[1][1], 0, 1e-14, 'v2 orthogonal');
});

test('Jacobi: a diagonal matrix comes back sorted, with unit vectors', () => {
  const { values, vectors } = symmetricEigen([[1, 0, 0], [0, 5, 0], [0, 0, -2]]);
  assert.equal(values, [5, 1, -2]);
  assert.equal(vectors, [[0, 1, 0], [1, 0, 0], [0, 0, 1]]);
});

test('Jacobi: random symmetric matrices satisfy A v = lambda v with orthonormal vectors', () => {
  const rng = new Random(7);
  for (const n of [1, 3, 8, 25]) {
    const b = randomMatrix(rng, n, n);
    const a = b.map((r, i) => r.map((x, j) => (x + b[j][i]) / 2));
    const { values, vectors } = symmetricEigen(a);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a[i][i];
    close(values.reduce((s, x) => s + x, 0), trace, 1e-10, `trace n=${n}`);
    for (let k = 0; k < n; k++) {
      if (k > 0) assert.ok(values[k] <= values[k - 1], 'descending');
      for (let i = 0; i < n; i++) {
        const av = a[i].reduce((s, x, j) => s + x * vectors[k][j], 0);
        close(av, values[k] * vectors[k][i], 1e-10, `A v = lambda v (n=${n}, k=${k})`);
      }
      for (let l = 0; l < n; l++) {
        const dot = vectors[k].reduce((s, x, j) => s + x * vectors[l][j], 0);
        close(dot, k === l ? 1 : 0, 1e-12, 'orthonormal');
      }
    }
  }
});

test('Jacobi: refuses non-square and non-symmetric input', () => {
  assert.throws(() => symmetricEigen([[1, 2], [3, 4]]), /symmetric/);
  assert.throws(() => symmetricEigen([[1, 2]]), /square/);
  assert.throws(() => symmetricEigen([[1, NaN], [NaN, 1]]), /symmetric and finite/);
});

test('standardise: each column to mean 0, population sd 1; constant columns zeroed and reported', () => {
  const { matrix, constantColumns } = standardiseColumns([[1, 5, 0], [3, 5, 2], [5, 5, 4]]);
  const s = Math.sqrt(8 / 3);
  assert.equal(constantColumns, [1]);
  close(matrix[0][0], -2 / s, 1e-15, 'col 0');
  close(matrix[2][2], 2 / s, 1e-15, 'col 2');
  assert.equal(matrix.map((r) => r[1]), [0, 0, 0]);
});

test('PCA: two perfectly correlated columns have one component with all the variance', () => {
  const r = pca([[1, 2], [2, 4], [3, 6], [4, 8]], 2);
  close(r.explainedVariance[0], 1, 1e-12, 'pc1');
  close(r.explainedVariance[1], 0, 1e-12, 'pc2');
  // Standardised, each row is z * (1, 1); its score is z * sqrt(2).
  const z = [-3, -1, 1, 3].map((d) => d / Math.sqrt(5));
  r.scores.forEach((row, i) => close(row[0], z[i] * Math.SQRT2, 1e-12, `score ${i}`));
  r.scores.forEach((row) => close(row[1], 0, 1e-12, 'pc2 score'));
});

test('PCA: two uncorrelated columns of unequal spread share the standardised variance equally', () => {
  const r = pca([[2, 0], [-2, 0], [0, 1], [0, -1]], 2);
  close(r.explainedVariance[0], 0.5, 1e-12, 'pc1');
  close(r.explainedVariance[1], 0.5, 1e-12, 'pc2');
});

test('PCA: scores and loadings reconstruct the standardised matrix, wide and tall alike', () => {
  const rng = new Random(3);
  for (const [m, p] of [[6, 30], [30, 6], [5, 5]]) {
    const rows = randomMatrix(rng, m, p);
    const rank = Math.min(m - 1, p); // centring removes one dimension of the rows
    const r = pca(rows, rank);
    const { matrix } = standardiseColumns(rows);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < p; j++) {
        const rebuilt = r.scores[i].reduce((s, sc, k) => s + sc * r.loadings[k][j], 0);
        close(rebuilt, matrix[i][j], 1e-9, `rebuilt [${i}][${j}] (${m}x${p})`);
      }
    }
    close(r.explainedVariance.reduce((s, x) => s + x, 0), 1, 1e-10, `all variance (${m}x${p})`);
    for (let k = 1; k < rank; k++) assert.ok(r.explainedVariance[k] <= r.explainedVariance[k - 1] + 1e-12, 'descending');
    // Scores of different components are uncorrelated (U S has orthogonal columns).
    const dot = r.scores.reduce((s, row) => s + row[0] * row[1], 0);
    close(dot, 0, 1e-9, 'orthogonal scores');
  }
});

test('PCA: rows on a plane in 8 dimensions are fully explained by 2 components', () => {
  const rng = new Random(11);
  const basis = randomMatrix(rng, 2, 8);
  const rows = Array.from({ length: 12 }, () => {
    const [a, b] = [rng.normal(), rng.normal()];
    return basis[0].map((x, j) => a * x + b * basis[1][j] + 3);
  });
  // Standardising rescales columns, which keeps the rows on a plane.
  const r = pca(rows, 2);
  close(r.explainedVariance[0] + r.explainedVariance[1], 1, 1e-10, 'two components');
});

test('PCA: refuses fewer than 2 rows and non-finite entries', () => {
  assert.throws(() => pca([[1, 2]]), /at least 2 rows/);
  assert.throws(() => pca([[1, 2], [NaN, 1]]), /finite/);
});

test.run();
