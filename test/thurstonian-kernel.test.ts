// The loss-and-gradient kernel against the plain TypeScript oracle and against finite differences,
// on random graphs whose edges reach deep into both tails of the normal CDF.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FitWorkspace } from '../src/fit/workspace.js';
import type { IndexedGraph } from '../src/graph/preference-graph.js';
import { engine, randomEdges, randomParams } from './support/engine.js';
import { plainGradient, plainLoss, plainMetrics, plainUtilities, type PlainEdges } from './support/reference-thurstonian.js';

function workspaceFor(n: number, edges: PlainEdges, weighted: boolean): FitWorkspace {
  const g: IndexedGraph = {
    n, ids: Array.from({ length: n }, (_, i) => i),
    edgeA: Int32Array.from(edges.a), edgeB: Int32Array.from(edges.b), labels: Float64Array.from(edges.p),
  };
  return new FitWorkspace(engine, g, weighted ? Float64Array.from(edges.w!) : undefined);
}

function relClose(got: number, want: number, tol: number, scale = 0): boolean {
  return Math.abs(got - want) <= tol * Math.max(Math.abs(want), scale);
}

for (const weighted of [false, true]) {
  const label = weighted ? 'weighted' : 'unweighted';

  test(`${label}: loss and gradient match the plain TypeScript oracle on random graphs`, () => {
    for (let seed = 1; seed <= 12; seed++) {
      const n = 5 + seed * 3;
      const e = n * 4 + (seed % 2); // odd and even edge counts exercise the SIMD tail
      const edges = randomEdges(n, e, seed);
      const params = randomParams(n, 100 + seed, seed % 3 === 0 ? 12 : 2);
      const ws = workspaceFor(n, edges, weighted);
      ws.params.set(params);
      const loss = ws.lossGrad();
      const plainEdges = weighted ? edges : { ...edges, w: undefined };
      const wantLoss = plainLoss(params, n, plainEdges);
      assert.ok(relClose(loss, wantLoss, 1e-12), `seed ${seed}: loss ${loss} vs oracle ${wantLoss}`);
      const want = plainGradient(params, n, plainEdges);
      const gscale = Math.max(...want.map(Math.abs));
      for (let i = 0; i < 2 * n; i++) {
        assert.ok(relClose(ws.grad[i], want[i], 1e-10, gscale * 1e-3), `seed ${seed}: grad[${i}] ${ws.grad[i]} vs oracle ${want[i]}`);
      }
    }
  });

  test(`${label}: gradient matches central finite differences`, () => {
    for (let seed = 1; seed <= 6; seed++) {
      const n = 12;
      const edges = randomEdges(n, 40, 50 + seed);
      const ws = workspaceFor(n, edges, weighted);
      const params = randomParams(n, 200 + seed);
      ws.params.set(params);
      ws.lossGrad();
      const analytic = ws.grad.slice();
      for (let i = 0; i < 2 * n; i++) {
        const h = 1e-5 * Math.max(1, Math.abs(params[i]));
        ws.params.set(params);
        ws.params[i] = params[i] + h;
        const up = ws.lossGrad();
        ws.params[i] = params[i] - h;
        const down = ws.lossGrad();
        const numeric = (up - down) / (2 * h);
        assert.ok(Math.abs(numeric - analytic[i]) <= 1e-7 * Math.max(1, Math.abs(analytic[i])),
          `seed ${seed}: d/dx${i} analytic ${analytic[i]} vs finite difference ${numeric}`);
      }
    }
  });
}

test('confident edges do not saturate: the loss keeps growing like z^2/2 far in the wrong tail', () => {
  // Two options far apart with the label contradicting them: z ~ -30 (Phi(z) ~ 5e-198).
  const edges = { a: [0, 1], b: [1, 2], p: [1, 1] };
  const ws = workspaceFor(3, edges, false);
  ws.params.set([-30, 0, 30, Math.log(0.1), Math.log(0.1), Math.log(0.1)]);
  const loss = ws.lossGrad();
  const want = plainLoss(ws.params, 3, edges);
  assert.ok(Number.isFinite(loss) && loss > 1, `loss ${loss}`);
  assert.ok(relClose(loss, want, 1e-12), `loss ${loss} vs oracle ${want}`);
  assert.ok(ws.grad.every(Number.isFinite));
});

test('without the loss (Adam mode) the gradient is identical and the loss is NaN', () => {
  const n = 20;
  const edges = randomEdges(n, 77, 9);
  const ws = workspaceFor(n, edges, false);
  ws.params.set(randomParams(n, 9));
  ws.lossGrad(true);
  const withLoss = ws.grad.slice();
  assert.ok(Number.isNaN(ws.lossGrad(false)));
  assert.equal(Array.from(ws.grad), Array.from(withLoss));
});

test('NaN parameters propagate to a NaN loss instead of a crash', () => {
  const n = 6;
  const ws = workspaceFor(n, randomEdges(n, 10, 1), false);
  ws.params.set(randomParams(n, 1));
  ws.params[2] = NaN;
  assert.ok(Number.isNaN(ws.lossGrad()));
});

test('evaluate kernel: clipped log-loss and accuracy match the oracle', () => {
  for (let seed = 1; seed <= 5; seed++) {
    const n = 15;
    const edges = randomEdges(n, 60, 300 + seed);
    const ws = workspaceFor(n, edges, false);
    ws.params.set(randomParams(n, 400 + seed, 4));
    const { means, variances } = ws.utilities();
    const plain = plainUtilities(ws.params, n);
    plain.m.forEach((m, i) => assert.ok(Math.abs(m - means[i]) < 1e-12));
    const L = engine.layout();
    const p = { a: L.take(60, 4), b: L.take(60, 4), l: L.take(60, 8), m: L.take(n, 8), v: L.take(n, 8), acc: L.take(1, 8) };
    engine.reserve(L.end);
    engine.i32(p.a, 60).set(edges.a);
    engine.i32(p.b, 60).set(edges.b);
    engine.f64(p.l, 60).set(edges.p);
    engine.f64(p.m, n).set(means);
    engine.f64(p.v, n).set(variances);
    const logLoss = engine.kernels.evaluateEdges(n, 60, p.a, p.b, p.l, p.m, p.v, p.acc);
    const want = plainMetrics(means, variances, edges);
    assert.ok(relClose(logLoss, want.log_loss, 1e-12), `log-loss ${logLoss} vs ${want.log_loss}`);
    assert.is(engine.f64(p.acc, 1)[0], want.accuracy);
  }
});

test.run();
