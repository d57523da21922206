// fitThurstonian: the paper's Adam procedure reproduced exactly, the fast optimiser reaching the
// optimum, recovery of planted utilities, evaluate(), and memory reuse across many fits.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluate, fitThurstonian, initialiseParams } from '../src/fit/fit.js';
import { readGraph } from '../src/graph/formats.js';
import type { PreferenceGraph } from '../src/graph/preference-graph.js';
import { plantedGraph } from '../src/sampling/planted-graph.js';
import { engine, randomEdges } from './support/engine.js';
import { pearson } from '../src/metrics/correlation.js';
import { plainAdam, plainUtilities } from './support/reference-thurstonian.js';

function graphOf(n: number, edges: { a: number[]; b: number[]; p: number[] }): PreferenceGraph {
  return {
    options: Array.from({ length: n }, (_, i) => ({ id: i, description: `option ${i}` })),
    edges: edges.a.map((a, k) => ({ a, b: edges.b[k], probability_a: edges.p[k] })),
  };
}

test('adam reproduces a plain TypeScript re-implementation of the paper procedure (means to 1e-6)', () => {
  // Adam divides by the root of a running mean of squared gradients, so on graphs where a
  // variance collapses it amplifies last-bit differences in the special functions over hundreds
  // of epochs; this graph has none of that, and the two agree to ~1e-15.
  const n = 24;
  const { graph } = plantedGraph({ n, answersPerEdge: 10, seed: 2 });
  const edges = { a: graph.edges.map((e) => e.a as number), b: graph.edges.map((e) => e.b as number), p: graph.edges.map((e) => e.probability_a) };
  const fit = fitThurstonian(engine, graph, { optimizer: 'adam', seed: 3, epochs: 1000, lr: 0.01 });
  const init = new Float64Array(2 * n);
  initialiseParams(init, n, { optimizer: 'adam', seed: 3 });
  const plain = plainUtilities(plainAdam(init, n, edges, 1000, 0.01), n);
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(fit.means[i] - plain.m[i]) < 1e-6, `mean ${i}: ${fit.means[i]} vs ${plain.m[i]}`);
    assert.ok(Math.abs(fit.variances[i] - plain.v[i]) < 1e-6 * Math.max(1, plain.v[i]), `variance ${i}`);
  }
  assert.is(fit.fit.iterations, 1000);
  assert.is(fit.fit.optimizer, 'adam');
});

test('adam initialises mu and log sigma^2 as 0.01 x N(0, 1) from the seed', () => {
  const a = new Float64Array(200);
  const b = new Float64Array(200);
  initialiseParams(a, 100, { optimizer: 'adam', seed: 11 });
  initialiseParams(b, 100, { optimizer: 'adam', seed: 11 });
  assert.equal(Array.from(a), Array.from(b));
  const sd = Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);
  assert.ok(sd > 0.008 && sd < 0.012, `sd ${sd}`);
});

const planted = plantedGraph({ n: 200, answersPerEdge: 20, seed: 5 });

test('the default fit recovers planted utilities (N=200, 2 N log2 N edges, 20 answers each): Pearson >= 0.98', () => {
  const fit = fitThurstonian(engine, planted.graph);
  assert.ok(planted.graph.edges.length >= Math.floor(2 * 200 * Math.log2(200)) - 1);
  const r = pearson(fit.means, planted.truth.means);
  assert.ok(r >= 0.98, `Pearson ${r}`);
  assert.ok(fit.fit.converged, `stopped: ${fit.fit.stop_reason}`);
  assert.ok(fit.fit.evaluations < 400, `evaluations ${fit.fit.evaluations}`);
});

test('without a prior, lbfgs reaches a likelihood no lower than adam\'s in far fewer evaluations (newton no lower too)', () => {
  for (const seed of [1, 2, 3]) {
    const { graph } = plantedGraph({ n: 120, seed });
    const paper = fitThurstonian(engine, graph, { optimizer: 'adam' });
    assert.is(paper.fit.prior, 'none');
    for (const optimizer of ['newton', 'lbfgs'] as const) {
      const fast = fitThurstonian(engine, graph, { optimizer, prior: 'none' });
      assert.ok(fast.fit.loss <= paper.fit.loss, `seed ${seed}: ${optimizer} ${fast.fit.loss} > adam ${paper.fit.loss}`);
      // Maximum likelihood often has no finite optimum; Newton then follows it out slowly.
      if (optimizer === 'lbfgs') assert.ok(fast.fit.evaluations < paper.fit.evaluations / 4, `evaluations ${fast.fit.evaluations}`);
      assert.ok(pearson(fast.means, paper.means) > 0.99);
    }
  }
});

test('the default (MAP, Newton) converges in at most 40 evaluations, dense or sparse, with no variance collapse', () => {
  const cases = [
    plantedGraph({ n: 510, edges: 2000, answersPerEdge: 4, seed: 1 }).graph, // the sparse graph
    plantedGraph({ n: 510, edges: 2000, answersPerEdge: 4, seed: 2 }).graph,
    plantedGraph({ n: 300, answersPerEdge: 4, seed: 3 }).graph,
  ];
  for (const graph of cases) {
    const fit = fitThurstonian(engine, graph, { priorStrength: 0.05 });
    assert.ok(fit.fit.converged, `stopped: ${fit.fit.stop_reason}`);
    assert.is(fit.fit.stop_reason, 'newton_decrement');
    assert.ok(fit.fit.evaluations <= 40, `evaluations ${fit.fit.evaluations}`);
    const v = Array.from(fit.variances).sort((a, b) => a - b);
    assert.ok(v[0] >= 1e-3 * v[v.length >> 1], `smallest variance ${v[0]} vs median ${v[v.length >> 1]}`);
  }
});

test('fitted means are normalised (mean 0, sample std 1) and variances are positive', () => {
  const fit = fitThurstonian(engine, planted.graph);
  const n = fit.means.length;
  const mean = fit.means.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(fit.means.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  assert.ok(Math.abs(mean) < 1e-12 && Math.abs(sd - 1) < 1e-12, `mean ${mean}, sd ${sd}`);
  assert.ok(fit.variances.every((v) => v > 0));
  assert.equal(Object.keys(fit.utilities).length, n);
  assert.is(fit.utilities['7'].mean, fit.means[7]);
});

test('fits are deterministic for a seed, and a warm start from the optimum stops at once', () => {
  const a = fitThurstonian(engine, planted.graph, { seed: 9 });
  const b = fitThurstonian(engine, planted.graph, { seed: 9 });
  assert.equal(Array.from(a.means), Array.from(b.means));
  const warm = fitThurstonian(engine, planted.graph, { init: a.params });
  assert.ok(warm.fit.evaluations <= 3, `warm start took ${warm.fit.evaluations} evaluations`);
});

test('weighting by counts changes the objective to a weighted mean', () => {
  const { graph } = plantedGraph({ n: 40, seed: 8 });
  graph.edges.forEach((e, k) => { e.count_a = (k % 7) * e.probability_a; e.count_b = (k % 7 + 1) - (e.count_a ?? 0); });
  const plain = fitThurstonian(engine, graph);
  const weighted = fitThurstonian(engine, graph, { weighting: 'counts' });
  assert.ok(Math.abs(plain.fit.loss - weighted.fit.loss) > 1e-6);
  assert.throws(() => fitThurstonian(engine, { ...graph, edges: [{ a: 0, b: 1, probability_a: 0.5 }, ...graph.edges.slice(1)] }, { weighting: 'counts' }), /counts/);
});

test('evaluate scores utilities on held-out edges with the same metrics', () => {
  const fit = fitThurstonian(engine, planted.graph);
  const { graph: other } = plantedGraph({ n: 200, edges: 300, seed: 5 }); // same truth, new pairs
  const m = evaluate(engine, planted.graph, fit.utilities, other.edges);
  assert.ok(m.accuracy > 0.8 && m.accuracy <= 1, `accuracy ${m.accuracy}`);
  assert.ok(m.log_loss > 0 && m.log_loss < 0.7, `log-loss ${m.log_loss}`);
  assert.throws(() => evaluate(engine, planted.graph, { 0: { mean: 0, variance: 1 } }, other.edges), /no utility/);
});

test('memory is reused: thousands of fits do not grow linear memory', () => {
  const small = graphOf(8, randomEdges(8, 20, 1, true));
  fitThurstonian(engine, planted.graph); // the largest graph in this file sets the high-water mark
  const before = engine.memoryBytes;
  for (let i = 0; i < 2000; i++) fitThurstonian(engine, small, { seed: i });
  assert.is(engine.memoryBytes, before);
});

test('refuses invalid options with a message naming the option and value', () => {
  const g = graphOf(4, randomEdges(4, 6, 1, true));
  assert.throws(() => fitThurstonian(engine, g, { optimizer: 'sgd' as 'adam' }), /options\.optimizer must be "newton", "lbfgs" or "adam" \(got "sgd"\)/);
  assert.throws(() => fitThurstonian(engine, g, { epochs: 0 }), /options\.epochs must be a positive integer \(got 0\)/);
  assert.throws(() => fitThurstonian(engine, g, { lr: -1 }), /options\.lr/);
  assert.throws(() => fitThurstonian(engine, g, { priorStrength: -1 }), /options\.priorStrength must be a non-negative number or "cv" \(got -1\)/);
  assert.throws(() => fitThurstonian(engine, g, { priorStrength: NaN }), /options\.priorStrength/);
  assert.throws(() => fitThurstonian(engine, g, { prior: 'laplace' as 'none' }), /options\.prior must be "gaussian" or "none"/);
  assert.throws(() => fitThurstonian(engine, g, { tolerance: 0 }), /options\.tolerance/);
});

// The project's own fixture in the paper's result-file layout (test/fixtures/make-paper-results.py).
const FIXTURE = new URL('./fixtures/paper-results-sample.json', import.meta.url);
const TRUTH = new URL('./fixtures/paper-results-sample.truth.json', import.meta.url);

test('the paper-format fixture loads, keeps its held-out pairs apart, and fits', () => {
  const loaded = readGraph(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  assert.is(loaded.format, 'paper');
  assert.is(loaded.graph.options.length, 32);
  assert.is(loaded.graph.edges.length, 160);
  assert.is(loaded.holdout.length, 20);
  const truth = JSON.parse(readFileSync(TRUTH, 'utf8')) as { mean: number[] };
  for (const optimizer of ['lbfgs', 'adam'] as const) {
    const fit = fitThurstonian(engine, loaded.graph, { optimizer });
    const means = loaded.graph.options.map((o) => fit.utilities[String(o.id)].mean);
    const r = pearson(means, truth.mean);
    assert.ok(r > 0.9, `${optimizer}: Pearson with the planted means ${r}`);
    const held = evaluate(engine, loaded.graph, fit.utilities, loaded.holdout);
    assert.ok(held.accuracy > 0.8, `${optimizer}: held-out accuracy ${held.accuracy}`);
  }
});

test.run();
