// Intervals on utilities: the Laplace (sandwich) standard errors against a dense computation, the
// coverage of both methods on planted graphs, and the Wilson interval for held-out accuracy.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bootstrapReplicate } from '../src/fit/bootstrap.js';
import { fitIndexed } from '../src/fit/fit.js';
import { bootstrapSummary, laplaceIntervals, normalQuantile, wilsonInterval, type UtilityIntervals } from '../src/fit/intervals.js';
import { priorPrecision } from '../src/fit/prior.js';
import { indexGraph, type IndexedGraph } from '../src/graph/preference-graph.js';
import { plantedGraph } from '../src/sampling/planted-graph.js';
import { engine } from './support/engine.js';
import { plainHessian } from './support/reference-hessian.js';
import { referenceLogCdf } from './support/reference-normal.js';

test('normal quantiles and Wilson intervals match published values', () => {
  assert.ok(Math.abs(normalQuantile(0.95) - 1.6448536269514722) < 1e-12);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-12);
  assert.ok(Math.abs(normalQuantile(0.5)) < 1e-14);
  // Wilson (1927) for 90 of 100 at 95%, by hand: centre 0.91921 / 1.03841, half-width 0.05957.
  const [lo, hi] = wilsonInterval(90, 100, 0.95);
  assert.ok(Math.abs(lo - 0.82563) < 2e-5 && Math.abs(hi - 0.94477) < 2e-5, `${lo} ${hi}`);
  const [a, b] = wilsonInterval(100, 100, 0.9);
  assert.ok(b === 1 && a > 0.97 && a < 1, 'all correct: the interval still has width below 1');
});

/** Dense sandwich variances of the normalised means (Gaussian elimination; small n only). */
function denseSandwich(g: IndexedGraph, params: Float64Array, kappa: number): number[] {
  const n = g.n;
  const count = 2 * n;
  const edges = { a: Array.from(g.edgeA), b: Array.from(g.edgeB), p: Array.from(g.labels) };
  const e = edges.a.length;
  const H = plainHessian(params, n, edges);
  const P: number[][] = Array.from({ length: count }, (_, i) => Array.from({ length: count }, (_, j) => e * (H[i * count + j] + (i === j ? kappa : 0))));
  // Per-edge scores by central differences of each edge's own cross-entropy.
  const meanMu = params.slice(0, n).reduce((x, y) => x + y, 0) / n;
  const floor = 1e-5 * params.slice(0, n).reduce((acc, x) => acc + (x - meanMu) ** 2, 0) / (n - 1);
  const ce = (x: Float64Array, k: number) => {
    const a = edges.a[k];
    const b = edges.b[k];
    const z = (x[a] - x[b]) / Math.sqrt(Math.exp(x[n + a]) + Math.exp(x[n + b]) + floor);
    return -(edges.p[k] * referenceLogCdf(z) + (1 - edges.p[k]) * referenceLogCdf(-z));
  };
  const scores = Array.from({ length: e }, (_, k) => {
    const s = new Float64Array(count);
    for (const j of [edges.a[k], edges.b[k], n + edges.a[k], n + edges.b[k]]) {
      const up = params.slice();
      const down = params.slice();
      up[j] += 1e-6;
      down[j] -= 1e-6;
      s[j] = (ce(up, k) - ce(down, k)) / 2e-6;
    }
    return s;
  });
  const mean = meanMu;
  const std = Math.sqrt(params.slice(0, n).reduce((acc, x) => acc + (x - mean) ** 2, 0) / (n - 1));
  const m = Array.from({ length: n }, (_, i) => (params[i] - mean) / std);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const J = Array.from({ length: count }, (_, j) => (j < n ? ((i === j ? 1 : 0) - 1 / n - (m[i] * m[j]) / (n - 1)) / std : 0));
    const y = solveDense(P, J);
    let v = 0;
    for (const s of scores) {
      let d = 0;
      for (let j = 0; j < count; j++) d += s[j] * y[j];
      v += d * d;
    }
    out.push(v * (e / Math.max(e - count, e / 4)));
  }
  return out;
}

function solveDense(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

test('Laplace standard errors from sparse CG solves equal the dense sandwich computation', () => {
  for (const seed of [1, 2]) {
    const { graph } = plantedGraph({ n: 14, edges: 60, answersPerEdge: 8, seed });
    const g = indexGraph(graph);
    const fit = fitIndexed(engine, g, { priorStrength: 0.1 });
    const kappa = priorPrecision('gaussian', 0.1, g.edgeA.length);
    const iv = laplaceIntervals(engine, g, fit, kappa, 0.9, undefined, null); // the plain sandwich
    const dense = denseSandwich(g, fit.params, kappa);
    for (let i = 0; i < g.n; i++) {
      const want = Math.sqrt(dense[i]);
      assert.ok(Math.abs(iv.stdError[i] - want) <= 5e-3 * want, `seed ${seed}, option ${i}: ${iv.stdError[i]} vs dense ${want}`);
      const z = normalQuantile(0.95);
      assert.ok(Math.abs(iv.hi[i] - fit.means[i] - z * iv.stdError[i]) < 1e-12);
    }
  }
});

/** Share of true normalised means inside the intervals, over several planted graphs. */
function coverage(make: (g: IndexedGraph, seed: number) => { iv: UtilityIntervals }, n: number, seeds: number[], answers: number): number {
  let inside = 0;
  let total = 0;
  for (const seed of seeds) {
    const { graph, truth } = plantedGraph({ n, answersPerEdge: answers, seed });
    const { iv } = make(indexGraph(graph), seed);
    const t = Array.from(truth.means);
    const mean = t.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    t.forEach((x, i) => {
      const z = (x - mean) / sd;
      if (iv.lo[i] <= z && z <= iv.hi[i]) inside++;
      total++;
    });
  }
  return inside / total;
}

test('90% Laplace intervals cover the true normalised means 85-95% of the time on planted graphs', () => {
  const c = coverage((g) => {
    const fit = fitIndexed(engine, g, { priorStrength: 0.05 });
    return { iv: laplaceIntervals(engine, g, fit, priorPrecision('gaussian', 0.05, g.edgeA.length), 0.9) };
  }, 120, [1, 2, 3, 4, 5, 6], 10);
  assert.ok(c >= 0.85 && c <= 0.95, `coverage ${c}`);
  if (process.env.SHOW_COVERAGE) console.log('laplace coverage', c);
});

test('90% bootstrap intervals cover the true normalised means 85-95% of the time on planted graphs', () => {
  const c = coverage((g, seed) => {
    const fit = fitIndexed(engine, g, { priorStrength: 0.05 });
    const reps = Array.from({ length: 60 }, (_, r) => bootstrapReplicate(engine, g, { priorStrength: 0.05, tolerance: 1e-4 }, fit.params, seed, r));
    return { iv: bootstrapSummary(fit, reps, 0.9, 0) };
  }, 60, [1, 2, 3, 4, 5], 10);
  assert.ok(c >= 0.85 && c <= 0.95, `coverage ${c}`);
  if (process.env.SHOW_COVERAGE) console.log('bootstrap coverage', c);
});

test.run();
