// The sparse Hessian kernel (assembly/hessian.ts) against the dense TypeScript oracle and against
// finite differences of the engine's own gradient.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FitWorkspace } from '../src/fit/workspace.js';
import type { IndexedGraph } from '../src/graph/preference-graph.js';
import { engine, randomEdges, randomParams } from './support/engine.js';
import { plainHessian } from './support/reference-hessian.js';
import type { PlainEdges } from './support/reference-thurstonian.js';

function workspaceFor(n: number, edges: PlainEdges, weighted: boolean): FitWorkspace {
  const g: IndexedGraph = {
    n, ids: Array.from({ length: n }, (_, i) => i),
    edgeA: Int32Array.from(edges.a), edgeB: Int32Array.from(edges.b), labels: Float64Array.from(edges.p),
  };
  return new FitWorkspace(engine, g, weighted ? Float64Array.from(edges.w!) : undefined);
}

/** The dense matrix the kernel represents, one column per unit vector (kappa added to the diagonal). */
function kernelDense(ws: FitWorkspace): Float64Array {
  const count = ws.count;
  const v = engine.f64(ws.ptr.cgP, count);
  const out = engine.f64(ws.ptr.cgHp, count);
  const H = new Float64Array(count * count);
  for (let j = 0; j < count; j++) {
    v.fill(0);
    v[j] = 1;
    ws.hessianTimes(ws.ptr.cgP, ws.ptr.cgHp);
    for (let i = 0; i < count; i++) H[i * count + j] = out[i];
  }
  return H;
}

for (const weighted of [false, true]) {
  const label = weighted ? 'weighted' : 'unweighted';

  test(`${label}: Hessian-vector products equal the dense oracle's (1e-8 relative)`, () => {
    for (let seed = 1; seed <= 8; seed++) {
      const n = 4 + seed * 2;
      const edges = randomEdges(n, 2 * n + (seed % 2), seed, true);
      const params = randomParams(n, 300 + seed, seed % 4 === 0 ? 6 : 1.5);
      const ws = workspaceFor(n, edges, weighted);
      ws.params.set(params);
      ws.kappa = seed % 2 ? 0 : 0.01;
      ws.assembleHessian();
      const got = kernelDense(ws);
      const want = plainHessian(params, n, weighted ? edges : { ...edges, w: undefined });
      for (let i = 0; i < 2 * n; i++) want[i * 2 * n + i] += ws.kappa;
      const scale = Math.max(...want.map(Math.abs));
      for (let i = 0; i < want.length; i++) {
        // M(z)(z + M(z)) cancels for z far below 0 (~eps z^2 relative): 1e-8, not 1e-12.
        assert.ok(Math.abs(got[i] - want[i]) <= 1e-8 * Math.max(Math.abs(want[i]), scale * 1e-3),
          `seed ${seed}: H[${Math.floor(i / (2 * n))}][${i % (2 * n)}] ${got[i]} vs ${want[i]}`);
      }
    }
  });

  test(`${label}: Hessian matches central differences of the gradient kernel`, () => {
    for (let seed = 1; seed <= 4; seed++) {
      const n = 10;
      const edges = randomEdges(n, 30, 70 + seed, true);
      const params = randomParams(n, 400 + seed, 1.5);
      // Variances well above the floor (1e-5 std^2), whose dependence on mu the kernel ignores.
      for (let i = n; i < 2 * n; i++) params[i] += 3;
      const ws = workspaceFor(n, edges, weighted);
      ws.params.set(params);
      ws.assembleHessian();
      const H = kernelDense(ws);
      const count = 2 * n;
      const h = 1e-5;
      for (let j = 0; j < count; j++) {
        ws.params.set(params);
        ws.params[j] += h;
        ws.lossGrad();
        const up = ws.grad.slice();
        ws.params[j] -= 2 * h;
        ws.lossGrad();
        const down = ws.grad.slice();
        for (let i = 0; i < count; i++) {
          const fd = (up[i] - down[i]) / (2 * h);
          // The kernel holds the variance floor (1e-5 std^2) fixed; differences see it move, which
          // couples every pair of means by ~1e-7 and shifts entries by ~1e-5 relative.
          assert.ok(Math.abs(H[i * count + j] - fd) <= 1e-4 * Math.abs(fd) + 1e-6,
            `seed ${seed}: H[${i}][${j}] ${H[i * count + j]} vs finite difference ${fd}`);
        }
      }
    }
  });
}

test.run();
