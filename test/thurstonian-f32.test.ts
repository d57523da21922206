// The single-precision loss kernel (lossGradF32): each edge's term against the plain f64 oracle at
// f32 tolerances, and the bar for using it in a fit: utilities that correlate at least 0.99999 with
// the f64 fit's and a log-loss that agrees to 1e-6 relative.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitThurstonian, type FitOptions } from '../src/fit/fit.js';
import { FitWorkspace } from '../src/fit/workspace.js';
import type { IndexedGraph, PreferenceGraph } from '../src/graph/preference-graph.js';
import { pearson } from '../src/metrics/correlation.js';
import { plantedGraph } from '../src/sampling/planted-graph.js';
import { engine, randomEdges, randomParams } from './support/engine.js';
import { plainGradient, plainLoss, type PlainEdges } from './support/reference-thurstonian.js';

function workspaceFor(n: number, edges: PlainEdges, weighted: boolean): FitWorkspace {
  const g: IndexedGraph = {
    n, ids: Array.from({ length: n }, (_, i) => i),
    edgeA: Int32Array.from(edges.a), edgeB: Int32Array.from(edges.b), labels: Float64Array.from(edges.p),
  };
  return new FitWorkspace(engine, g, weighted ? Float64Array.from(edges.w!) : undefined, 'f32');
}

for (const weighted of [false, true]) {
  const label = weighted ? 'weighted' : 'unweighted';
  test(`${label}: f32 loss within 1e-6 and gradient within 1e-5 (relative) of the f64 oracle, tails included`, () => {
    for (let seed = 1; seed <= 12; seed++) {
      const n = 5 + seed * 3;
      const e = n * 4 + (seed % 4); // every remainder mod 4 exercises the scalar tail
      const edges = randomEdges(n, e, seed);
      // spread 12 puts edges beyond |z| = 30, where the kernel falls back to f64 per lane.
      const params = randomParams(n, 100 + seed, seed % 3 === 0 ? 12 : 2);
      const ws = workspaceFor(n, edges, weighted);
      ws.params.set(params);
      const loss = ws.lossGrad();
      const plainEdges = weighted ? edges : { ...edges, w: undefined };
      const want = plainLoss(params, n, plainEdges);
      assert.ok(Math.abs(loss - want) <= 1e-6 * want, `seed ${seed}: loss ${loss} vs oracle ${want}`);
      const grad = plainGradient(params, n, plainEdges);
      const scale = Math.max(...grad.map(Math.abs));
      grad.forEach((g, i) => assert.ok(Math.abs(ws.grad[i] - g) <= 1e-5 * scale, `seed ${seed}: grad[${i}] ${ws.grad[i]} vs oracle ${g}`));
      assert.ok(Number.isNaN(ws.lossGrad(false)), 'gradient-only mode returns NaN for the loss');
    }
  });
}

test('f32: confident edges far in the wrong tail (|z| up to ~60) stay finite and match the oracle', () => {
  const edges = { a: [0, 1, 0, 2, 1], b: [1, 2, 2, 0, 0], p: [1, 1, 0, 1, 0.5] };
  const ws = workspaceFor(3, edges, false);
  for (const spread of [3, 15, 30]) {
    ws.params.set([-spread, 0, spread, Math.log(0.1), Math.log(0.1), Math.log(0.1)]);
    const loss = ws.lossGrad();
    const want = plainLoss(ws.params, 3, edges);
    assert.ok(Math.abs(loss - want) <= 1e-6 * want, `spread ${spread}: loss ${loss} vs oracle ${want}`);
    assert.ok(ws.grad.every(Number.isFinite));
  }
});

function agreement(graph: PreferenceGraph, options: FitOptions): { r: number; lossRel: number } {
  const f64 = fitThurstonian(engine, graph, options);
  const f32 = fitThurstonian(engine, graph, { ...options, precision: 'f32' });
  return { r: pearson(f64.means, f32.means), lossRel: Math.abs(f32.metrics.log_loss / f64.metrics.log_loss - 1) };
}

// Only fits that converge are compared: where plain maximum likelihood has no finite optimum (sparse
// graphs, hard labels) the fit stops at its iteration cap, and two f64 fits from different seeds
// differ by more than this bar (measured: 1 - r = 1.6e-5 at N = 200, K = 5). A prior makes the
// sparse graph's optimum finite.
test('fits with the f32 kernel: utilities correlate >= 0.99999 and log-loss agrees to 1e-6 with f64', () => {
  const cases: Array<[string, PreferenceGraph, FitOptions]> = [
    ['paper-scale, L-BFGS, MAP', plantedGraph({ n: 510, answersPerEdge: 10, seed: 11 }).graph, { optimizer: 'lbfgs', priorStrength: 0.3 }],
    ['sparse, K = 2, L-BFGS, MAP', plantedGraph({ n: 300, edges: 900, answersPerEdge: 2, seed: 12 }).graph, { optimizer: 'lbfgs', priorStrength: 1 }],
    ['paper-scale, L-BFGS, maximum likelihood', plantedGraph({ n: 510, answersPerEdge: 10, seed: 11 }).graph, { prior: 'none' }],
    ['counts weighting, L-BFGS, MAP', plantedGraph({ n: 200, answersPerEdge: 20, seed: 13 }).graph, { optimizer: 'lbfgs', priorStrength: 0.3, weighting: 'counts' }],
    ['paper procedure (Adam)', plantedGraph({ n: 200, answersPerEdge: 10, seed: 14 }).graph, { optimizer: 'adam' }],
  ];
  for (const [name, graph, options] of cases) {
    const { r, lossRel } = agreement(graph, options);
    assert.ok(r >= 0.99999, `${name}: Pearson r ${r}`);
    assert.ok(lossRel <= 1e-6, `${name}: log-loss differs by ${lossRel} relative`);
  }
});

test('options.precision is validated, and f32 is refused with Newton', () => {
  const { graph } = plantedGraph({ n: 10, seed: 1 });
  assert.throws(() => fitThurstonian(engine, graph, { precision: 'f16' as never }), /options\.precision must be "f64" or "f32" \(got "f16"\)/);
  assert.throws(() => fitThurstonian(engine, graph, { precision: 'f32' }), /options\.precision "f32" needs optimizer "lbfgs" or "adam"/);
});

test.run();
