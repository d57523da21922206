// The optimiser loops and their stopping rules. The per-parameter arithmetic (Adam's update, the
// L-BFGS two-loop recursion) runs in the engine; this file decides when to step and when to stop.

import type { FitWorkspace } from './workspace.js';
import { LBFGS_MEMORY } from './workspace.js';

/** What the loops need of a workspace (FitWorkspace, or the means-only PairedWorkspace). */
export type OptimizerWorkspace = Pick<FitWorkspace, 'engine' | 'count' | 'params' | 'grad' | 'xPrev' | 'gPrev' | 'dir' | 'lossGrad'> & {
  ptr: Pick<FitWorkspace['ptr'], 'params' | 'grad' | 'm1' | 'm2' | 'dir' | 'sPairs' | 'yPairs' | 'rho' | 'alpha'>;
};

export interface OptimizerReport {
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Why the loop ended: gradient below tolerance, no further decrease possible, or the cap. */
  stop_reason: 'gradient_tolerance' | 'no_progress' | 'max_iterations' | 'epochs';
  loss: number;
  gradient_norm: number;
}

/** Adam's defaults as in the paper (PyTorch's betas and eps). */
export const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

/** Full-batch Adam for a fixed number of epochs: the paper's procedure. */
export function runAdam(ws: OptimizerWorkspace, epochs: number, lr: number): OptimizerReport {
  const { engine, ptr, count } = ws;
  engine.f64(ptr.m1, count).fill(0);
  engine.f64(ptr.m2, count).fill(0);
  for (let t = 1; t <= epochs; t++) {
    ws.lossGrad(false);
    engine.kernels.adamStep(count, ptr.params, ptr.grad, ptr.m1, ptr.m2, lr, ADAM.beta1, ADAM.beta2, ADAM.eps, t);
  }
  // Report the loss and gradient at the final parameters, not the ones before the last step.
  const loss = ws.lossGrad();
  return { iterations: epochs, evaluations: epochs + 1, converged: true, stop_reason: 'epochs', loss, gradient_norm: maxAbs(ws.grad) };
}

const ARMIJO_C1 = 1e-4;
const MAX_LINE_SEARCH_STEPS = 40;
/** Relative decrease below which an iteration counts as no progress (about 5 ulps of the loss). */
const FLAT_RTOL = 1e-15;

/**
 * L-BFGS with a backtracking (Armijo, quadratic-interpolation) line search. Stops when the largest
 * gradient component is at most gtol, when the loss can no longer decrease in double precision,
 * or after maxIterations.
 */
export function runLbfgs(ws: OptimizerWorkspace, gtol: number, maxIterations: number): OptimizerReport {
  const { engine, ptr, count, params: x, grad: g, xPrev, gPrev, dir } = ws;
  const k = engine.kernels;
  const sPairs = engine.f64(ptr.sPairs, LBFGS_MEMORY * count);
  const yPairs = engine.f64(ptr.yPairs, LBFGS_MEMORY * count);
  const rho = engine.f64(ptr.rho, LBFGS_MEMORY);
  let stored = 0;
  let newest = -1;
  let f = ws.lossGrad();
  let evaluations = 1;
  let iterations = 0;
  let stop: OptimizerReport['stop_reason'] = 'max_iterations';
  let flatSteps = 0;
  while (iterations < maxIterations) {
    if (!Number.isFinite(f)) break;
    if (maxAbs(g) <= gtol) { stop = 'gradient_tolerance'; break; }
    k.lbfgsDirection(count, ptr.grad, ptr.dir, ptr.sPairs, ptr.yPairs, ptr.rho, ptr.alpha, LBFGS_MEMORY, stored, Math.max(newest, 0));
    let slope = k.dot(count, ptr.grad, ptr.dir);
    if (!(slope < 0)) {
      // Not a descent direction (curvature information went stale): restart from steepest descent.
      stored = 0;
      for (let i = 0; i < count; i++) dir[i] = -g[i];
      slope = -k.dot(count, ptr.grad, ptr.grad);
    }
    let step = stored === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    xPrev.set(x);
    gPrev.set(g);
    const fPrev = f;
    let accepted = false;
    for (let ls = 0; ls < MAX_LINE_SEARCH_STEPS; ls++) {
      x.set(xPrev);
      k.axpy(count, step, ptr.dir, ptr.params);
      f = ws.lossGrad();
      evaluations++;
      if (Number.isFinite(f) && f <= fPrev + ARMIJO_C1 * step * slope) { accepted = true; break; }
      // Minimiser of the quadratic through f(0), f'(0) and f(step), kept within [0.1, 0.5] of step.
      const q = Number.isFinite(f) ? (-slope * step * step) / (2 * (f - fPrev - slope * step)) : 0.1 * step;
      step = Math.min(0.5 * step, Math.max(0.1 * step, q));
    }
    iterations++;
    if (!accepted) {
      x.set(xPrev);
      g.set(gPrev);
      f = fPrev;
      stop = 'no_progress';
      break;
    }
    // Store the new curvature pair (s, y) only when it is informative (positive curvature).
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < count; i++) {
      const yi = g[i] - gPrev[i];
      sy += (x[i] - xPrev[i]) * yi;
      yy += yi * yi;
    }
    if (sy > 1e-12 * yy && sy > 0) {
      const slot = (newest + 1) % LBFGS_MEMORY;
      for (let i = 0, o = slot * count; i < count; i++, o++) {
        sPairs[o] = x[i] - xPrev[i];
        yPairs[o] = g[i] - gPrev[i];
      }
      rho[slot] = 1 / sy;
      newest = slot;
      stored = Math.min(stored + 1, LBFGS_MEMORY);
    }
    flatSteps = fPrev - f <= FLAT_RTOL * Math.abs(f) ? flatSteps + 1 : 0;
    if (flatSteps >= 3) { stop = 'no_progress'; break; }
  }
  const gradientNorm = maxAbs(g);
  return {
    iterations, evaluations, stop_reason: stop, loss: f, gradient_norm: gradientNorm,
    // Stalled at the resolution of double precision with a small gradient is as converged as it gets.
    converged: stop === 'gradient_tolerance' || (stop === 'no_progress' && gradientNorm <= 1e3 * gtol),
  };
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > m || a !== a) m = a;
  }
  return m;
}
