// The means-only kernel of the classical families (assembly/paired.ts: Case V probit and
// Bradley-Terry logit) against the plain TypeScript oracle and finite differences.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PairedWorkspace, scoreFamily, normaliseFamily, FAMILY_LINK } from '../src/fit/families.js';
import type { IndexedGraph } from '../src/graph/preference-graph.js';
import { Random } from '../src/sampling/random.js';
import { engine, randomEdges } from './support/engine.js';
import { plainPairedGradient, plainPairedHessian, plainPairedLoss, type PlainFamily } from './support/reference-paired.js';
import type { PlainEdges } from './support/reference-thurstonian.js';

const FAMILIES: PlainFamily[] = ['case-v', 'bradley-terry'];

function workspaceFor(family: PlainFamily, n: number, edges: PlainEdges, weighted: boolean): PairedWorkspace {
  const g: IndexedGraph = {
    n, ids: Array.from({ length: n }, (_, i) => i),
    edgeA: Int32Array.from(edges.a), edgeB: Int32Array.from(edges.b), labels: Float64Array.from(edges.p),
  };
  return new PairedWorkspace(engine, family, g, weighted ? Float64Array.from(edges.w!) : undefined);
}

function randomMeans(n: number, seed: number, spread: number): Float64Array {
  const rng = new Random(seed);
  return Float64Array.from({ length: n }, () => spread * rng.normal());
}

const relClose = (got: number, want: number, tol: number, scale = 0) => Math.abs(got - want) <= tol * Math.max(Math.abs(want), scale);

for (const family of FAMILIES) {
  for (const weighted of [false, true]) {
    const label = `${family}, ${weighted ? 'weighted' : 'unweighted'}`;

    test(`${label}: loss and gradient match the plain TypeScript oracle, deep into the tails`, () => {
      for (let seed = 1; seed <= 10; seed++) {
        const n = 5 + seed * 3;
        const edges = randomEdges(n, n * 4 + (seed % 2), seed);
        const plain = weighted ? edges : { ...edges, w: undefined };
        // Spreads up to 15 put |z| near 40 on some edges (Phi(-40) ~ 1e-350 underflows; log Phi does not).
        const mu = randomMeans(n, 100 + seed, seed % 3 === 0 ? 15 : 2);
        const ws = workspaceFor(family, n, edges, weighted);
        ws.params.set(mu);
        const loss = ws.lossGrad();
        const want = plainPairedLoss(family, mu, plain);
        assert.ok(relClose(loss, want, 1e-12), `seed ${seed}: loss ${loss} vs oracle ${want}`);
        const g = plainPairedGradient(family, mu, plain);
        const scale = Math.max(...g.map(Math.abs));
        for (let i = 0; i < n; i++) assert.ok(relClose(ws.grad[i], g[i], 1e-11, scale * 1e-3), `seed ${seed}: grad[${i}] ${ws.grad[i]} vs ${g[i]}`);
        // Without the loss the gradient is the same, bit for bit.
        const withLoss = ws.grad.slice();
        assert.ok(Number.isNaN(ws.lossGrad(false)));
        assert.equal(Array.from(ws.grad), Array.from(withLoss));
      }
    });

    test(`${label}: gradient matches central finite differences of the loss`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const n = 10;
        const edges = randomEdges(n, 35, 60 + seed);
        const ws = workspaceFor(family, n, edges, weighted);
        const mu = randomMeans(n, 70 + seed, 1.5);
        ws.params.set(mu);
        ws.lossGrad();
        const analytic = ws.grad.slice();
        for (let i = 0; i < n; i++) {
          const h = 1e-5;
          ws.params.set(mu);
          ws.params[i] = mu[i] + h;
          const up = ws.lossGrad();
          ws.params[i] = mu[i] - h;
          const down = ws.lossGrad();
          const numeric = (up - down) / (2 * h);
          assert.ok(Math.abs(numeric - analytic[i]) <= 1e-8 * Math.max(1, Math.abs(analytic[i])), `d/dmu${i}: ${analytic[i]} vs ${numeric}`);
        }
      }
    });

    test(`${label}: per-edge curvature assembles the Hessian (against differences of the oracle's gradient)`, () => {
      for (let seed = 1; seed <= 4; seed++) {
        const n = 9;
        const edges = randomEdges(n, 30, 80 + seed);
        const plain = weighted ? edges : { ...edges, w: undefined };
        const mu = randomMeans(n, 90 + seed, seed === 4 ? 6 : 1.5);
        const ws = workspaceFor(family, n, edges, weighted);
        ws.params.set(mu);
        const { edges: curv, totalWeight } = ws.curvature();
        assert.is(totalWeight, weighted ? edges.w!.reduce((x, y) => x + y, 0) : edges.a.length);
        const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
        edges.a.forEach((a, k) => {
          const b = edges.b[k];
          H[a][a] += curv[k];
          H[b][b] += curv[k];
          H[a][b] -= curv[k];
          H[b][a] -= curv[k];
        });
        const want = plainPairedHessian(family, mu, plain);
        const scale = Math.max(...want.flat().map(Math.abs));
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) assert.ok(Math.abs(H[i][j] - want[i][j]) <= 1e-7 * scale, `H[${i}][${j}] ${H[i][j]} vs ${want[i][j]}`);
        }
      }
    });
  }

  test(`${family}: scoring normalised utilities equals scoring the raw means under the link`, () => {
    const n = 14;
    const edges = randomEdges(n, 50, 5);
    const mu = randomMeans(n, 6, 2);
    const { means, variances } = normaliseFamily(family, mu);
    const got = scoreFamily(engine, family, n, Int32Array.from(edges.a), Int32Array.from(edges.b), Float64Array.from(edges.p), means, variances);
    let loss = 0;
    let right = 0;
    edges.a.forEach((a, k) => {
      const z = (family === 'case-v' ? 1 / Math.SQRT2 : 1) * (mu[a] - mu[edges.b[k]]);
      const pred = Math.exp(family === 'case-v' ? plainLogPhi(z) : -Math.log1p(Math.exp(-z)));
      if ((pred >= 0.5) === (edges.p[k] >= 0.5)) right++;
      const q = Math.min(Math.max(pred, 1e-5), 1 - 1e-5);
      loss -= edges.p[k] * Math.log(q) + (1 - edges.p[k]) * Math.log(1 - q);
    });
    assert.ok(relClose(got.log_loss, loss / edges.a.length, 1e-12), `${got.log_loss} vs ${loss / edges.a.length}`);
    assert.is(got.accuracy, right / edges.a.length);
    assert.is(FAMILY_LINK[family], family === 'case-v' ? 0 : 1);
  });
}

test('Fisher curvature: equals the observed one when every label is the model\'s own prediction', () => {
  for (const family of FAMILIES) {
    const n = 10;
    const edges = randomEdges(n, 30, 12);
    const mu = randomMeans(n, 13, 1.5);
    const predicted = { ...edges, p: edges.a.map((a, k) => Math.exp(-plainPairedLoss(family, [mu[a] - mu[edges.b[k]], 0], { a: [0], b: [1], p: [1] }))) };
    const ws = workspaceFor(family, n, predicted, true);
    ws.params.set(mu);
    const observed = ws.curvature(false).edges;
    const fisher = ws.curvature(true).edges;
    for (let k = 0; k < edges.a.length; k++) assert.ok(relClose(fisher[k], observed[k], 1e-12), `${family} edge ${k}: ${fisher[k]} vs ${observed[k]}`);
    // With the observed labels the probit curvatures differ; the logit ones never do.
    const wsData = workspaceFor(family, n, edges, true);
    wsData.params.set(mu);
    const differ = wsData.curvature(false).edges.some((x, k) => !relClose(x, wsData.curvature(true).edges[k], 1e-9));
    assert.is(differ, family === 'case-v');
  }
});

function plainLogPhi(z: number): number {
  return plainPairedLoss('case-v', [z * Math.SQRT2, 0], { a: [0], b: [1], p: [1] }) * -1;
}

test('the location is free: shifting every mean changes neither loss nor gradient', () => {
  for (const family of FAMILIES) {
    const n = 12;
    const edges = randomEdges(n, 40, 3);
    const ws = workspaceFor(family, n, edges, false);
    const mu = randomMeans(n, 4, 2);
    ws.params.set(mu);
    const loss = ws.lossGrad();
    const g = ws.grad.slice();
    ws.params.set(mu.map((x) => x + 7.25));
    assert.ok(relClose(ws.lossGrad(), loss, 1e-13));
    for (let i = 0; i < n; i++) assert.ok(Math.abs(ws.grad[i] - g[i]) <= 1e-13);
    assert.ok(Math.abs(g.reduce((x, y) => x + y, 0)) < 1e-14, 'the gradient sums to zero');
  }
});

test.run();
