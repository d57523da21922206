// The optimiser loops and their stopping rules. The per-parameter arithmetic (Adam's update, the
// L-BFGS two-loop recursion) runs in the engine; this file decides when to step and when to stop.

import type { FitWorkspace } from './workspace.js';
import { LBFGS_MEMORY } from './workspace.js';

/** What the loops need of a workspace (FitWorkspace, or the means-only PairedWorkspace). */
export type OptimizerWorkspace =
  Pick<FitWorkspace, 'engine' | 'n' | 'count' | 'params' | 'grad' | 'xPrev' | 'gPrev' | 'dir' | 'kappa' | 'damping'
    | 'lossGrad' | 'assembleHessian' | 'diagonalSum' | 'precondition' | 'solve'> & {
    ptr: Pick<FitWorkspace['ptr'], 'params' | 'grad' | 'm1' | 'm2' | 'dir' | 'sPairs' | 'yPairs' | 'rho' | 'alpha' | 'rhs'>;
  };

export interface OptimizerReport {
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Why the loop ended: gradient below tolerance, no further decrease possible, or the cap. */
  stop_reason: 'gradient_tolerance' | 'newton_decrement' | 'no_progress' | 'max_iterations' | 'epochs';
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
    const fPrev = f;
    const search = backtrack(ws, fPrev, slope, stored === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1);
    f = search.f;
    evaluations += search.evaluations;
    const { accepted } = search;
    iterations++;
    if (!accepted) {
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

/**
 * Backtracking (Armijo) line search along `dir` from the current params (loss fPrev, slope along
 * dir < 0), starting at `step`; the start is saved in xPrev and gPrev. On success params and grad
 * hold the accepted point; on failure they are restored to the start (f = fPrev) and `step` is the
 * next cut it would have tried (the Newton loop reads it to raise its damping).
 */
function backtrack(ws: OptimizerWorkspace, fPrev: number, slope: number, step: number): { f: number; step: number; accepted: boolean; evaluations: number } {
  const { ptr, count, params: x, grad: g, xPrev, gPrev } = ws;
  const k = ws.engine.kernels;
  xPrev.set(x);
  gPrev.set(g);
  let f = NaN;
  for (let ls = 0; ls < MAX_LINE_SEARCH_STEPS; ls++) {
    x.set(xPrev);
    k.axpy(count, step, ptr.dir, ptr.params);
    f = ws.lossGrad();
    if (Number.isFinite(f) && f <= fPrev + ARMIJO_C1 * step * slope) return { f, step, accepted: true, evaluations: ls + 1 };
    // Minimiser of the quadratic through f(0), f'(0) and f(step), kept within [0.1, 0.5] of step.
    const q = Number.isFinite(f) ? (-slope * step * step) / (2 * (f - fPrev - slope * step)) : 0.1 * step;
    step = Math.min(0.5 * step, Math.max(0.1 * step, q));
  }
  x.set(xPrev);
  g.set(gPrev);
  return { f: fPrev, step, accepted: false, evaluations: MAX_LINE_SEARCH_STEPS };
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > m || a !== a) m = a;
  }
  return m;
}

/** Conjugate-gradient iterations allowed per Newton step (each costs one Hessian-vector product). */
const MAX_CG_ITERATIONS = 250;
/** Smallest Levenberg damping, relative to the mean diagonal of the Hessian, and tries per step. */
const MIN_DAMPING = 1e-3;
const MAX_DAMPING_TRIES = 6;
/** Largest forcing term: CG stops once the residual is this fraction of the gradient (or less). */
const MAX_FORCING = 0.1;

export interface NewtonReport extends OptimizerReport {
  /** Hessian assemblies and conjugate-gradient iterations (Hessian-vector products) spent. */
  hessians: number;
  cg_iterations: number;
  /** Squared Newton decrement times the number of edges at the last iterate (see runNewton). */
  decrement: number;
}

/**
 * Truncated Newton (Newton-CG) on the sparse Hessian, with a backtracking line search.
 * Each iteration assembles the Hessian (one pass over the edges), solves (H + kappa I) d = -g by
 * block-Jacobi preconditioned conjugate gradients to a relative residual
 * min(0.1, sqrt(|g| / |g0|)) (Eisenstat and Walker's forcing term: loose far away, tight near the
 * optimum, so convergence stays superlinear), stops CG at negative curvature, then steps.
 *
 * Stopping rule (scale-free): with f the mean loss over W edges, W f is the negative log
 * posterior, so W g^T H^{-1} g = W (-g . d) is the squared distance to the optimum measured in
 * posterior standard deviations (the Mahalanobis norm of the Newton step). The loop stops when it
 * is at most `tolerance` (default 1e-6: every parameter within ~1e-3 posterior sd of the mode),
 * independent of N, of the number of edges and of the units of the parameters.
 */
export function runNewton(ws: OptimizerWorkspace, tolerance: number, maxIterations: number, edgeWeight: number): NewtonReport {
  const { engine, ptr, count, params: x, grad: g, xPrev, gPrev, dir, n } = ws;
  const k = engine.kernels;
  let f = ws.lossGrad();
  let evaluations = 1;
  let iterations = 0;
  let hessians = 0;
  let cgIterations = 0;
  let decrement = Infinity;
  let stop: OptimizerReport['stop_reason'] = 'max_iterations';
  const g0 = Math.sqrt(k.dot(count, ptr.grad, ptr.grad));
  const rhs = engine.f64(ptr.rhs, count);
  /**
   * (H + kappa I) dir = -grad by preconditioned CG (in the engine) from 0, to residual at most
   * `target`. Returns false if it met negative curvature (dir then holds the step so far, or the
   * preconditioned gradient).
   */
  const solve = (target: number): boolean => {
    ws.precondition();
    for (let i = 0; i < count; i++) rhs[i] = -g[i];
    const used = ws.solve(ptr.rhs, ptr.dir, target, MAX_CG_ITERATIONS);
    cgIterations += Math.abs(used);
    return used > 0;
  };
  f = regaugeState(ws, f);
  ws.damping = 0;
  let nearMode = false;
  // Levenberg damping of the full Hessian: raised when CG meets negative curvature or a step is
  // cut, lowered after every full step, so it vanishes near a (positive definite) mode.
  let mu = 0;
  let muUnit = 0;
  let flatSteps = 0;
  while (iterations < maxIterations) {
    if (!Number.isFinite(f)) break;
    // Gauss-Newton (always positive semi-definite) until the iterate is near the mode, then the
    // (damped) full Hessian for fast local convergence.
    let gaussNewton = !nearMode;
    ws.assembleHessian(gaussNewton);
    hessians++;
    if (muUnit === 0) muUnit = MIN_DAMPING * ws.diagonalSum() / count;
    const gnorm = Math.sqrt(k.dot(count, ptr.grad, ptr.grad));
    const eta = Math.min(MAX_FORCING, Math.sqrt(gnorm / g0));
    ws.damping = gaussNewton ? 0 : mu;
    let solved = solve(eta * gnorm);
    for (let tries = 0; !solved && !gaussNewton && tries < MAX_DAMPING_TRIES; tries++) {
      mu = Math.max(4 * mu, muUnit);
      ws.damping = mu;
      solved = solve(eta * gnorm);
    }
    if (!solved && !gaussNewton) {
      gaussNewton = true;
      nearMode = false;
      ws.damping = 0;
      ws.assembleHessian(true);
      hessians++;
      solve(eta * gnorm);
    }
    ws.damping = 0;
    let slope = k.dot(count, ptr.grad, ptr.dir);
    if (!(slope < 0)) {
      for (let i = 0; i < count; i++) dir[i] = -g[i];
      slope = -gnorm * gnorm;
    }
    decrement = -slope * edgeWeight;
    // A damped step understates the distance to the mode: stop only when the damping is below
    // 1e-3 of the mean curvature (it then changes the decrement by less than that share).
    if (decrement <= tolerance && (gaussNewton || mu <= muUnit)) { stop = 'newton_decrement'; break; }
    // Backtracking line search from the full Newton step.
    const fPrev = f;
    const search = backtrack(ws, fPrev, slope, 1);
    f = search.f;
    evaluations += search.evaluations;
    const { accepted, step } = search;
    iterations++;
    if (!gaussNewton) mu = step === 1 ? (mu / 4 < muUnit / 64 ? 0 : mu / 4) : Math.max(4 * mu, muUnit);
    // Near the mode once a full step is taken and the step is within ~1 sd per parameter.
    nearMode = nearMode || (accepted && step === 1 && decrement <= count);
    if (!accepted) {
      stop = 'no_progress';
      break;
    }
    // Steps that no longer lower the loss beyond rounding (3 in a row): as far as doubles go.
    flatSteps = fPrev - f <= FLAT_RTOL * Math.abs(f) ? flatSteps + 1 : 0;
    if (flatSteps >= 3) { stop = 'no_progress'; break; }
    f = regaugeState(ws, f);
  }
  return {
    iterations, evaluations, hessians, cg_iterations: cgIterations, decrement,
    stop_reason: stop, loss: f, gradient_norm: maxAbs(g),
    // Stalled at the resolution of double precision within 0.03 sd of the mode is as converged as it gets.
    converged: stop === 'newton_decrement' || (stop === 'no_progress' && decrement <= 1e3 * tolerance),
  };
}

/**
 * Moves params along the likelihood's flat directions to where the prior is smallest, in place.
 * The likelihood depends on mu and s only through the normalised utilities, so it is unchanged by
 * mu -> c (mu - mean mu), s -> s + 2 log c. Among these the prior penalty
 * |mu|^2 + |s|^2 = c^2 S + sum_i (s_i + 2t)^2 (t = log c, S = sum (mu_i - mean)^2) is convex in t,
 * minimised here by a few 1-D Newton steps. This is an exact descent move, and it leaves the
 * gradient orthogonal to the flat directions, so Newton steps do not wander along the curved
 * valley the weak prior leaves there. Returns the scale factor c.
 */
export function regauge(x: Float64Array, n: number, kappa = 1): number {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let S = 0;
  let sSum = 0;
  for (let i = 0; i < n; i++) {
    S += (x[i] - mean) ** 2;
    sSum += x[n + i];
  }
  if (!(S > 0)) return 1;
  if (kappa === 0) {
    // No prior: every gauge is as good; keep the means at mean 0 and sample std 1.
    const c = Math.sqrt((n - 1) / S);
    for (let i = 0; i < n; i++) {
      x[i] = c * (x[i] - mean);
      x[n + i] += 2 * Math.log(c);
    }
    return c;
  }
  // d/dt: 2 e^{2t} S + 4 (sSum + 2 n t) = 0; second derivative 4 e^{2t} S + 8 n > 0.
  let t = 0;
  for (let it = 0; it < 50; it++) {
    const e2 = Math.exp(2 * t) * S;
    const d1 = 2 * e2 + 4 * (sSum + 2 * n * t);
    const d2 = 4 * e2 + 8 * n;
    const step = d1 / d2;
    t -= Math.max(-2, Math.min(2, step));
    if (Math.abs(step) < 1e-14) break;
  }
  const c = Math.exp(t);
  for (let i = 0; i < n; i++) {
    x[i] = c * (x[i] - mean);
    x[n + i] += 2 * t;
  }
  return c;
}

/**
 * regauge for the optimiser's state: moves params and updates the objective and gradient without
 * evaluating the likelihood, which is invariant (its mu-gradient sums to zero and scales by 1/c,
 * its s-gradient is unchanged). Returns the new objective.
 */
function regaugeState(ws: OptimizerWorkspace, f: number): number {
  const { params: x, grad: g, kappa, n, count } = ws;
  // Means only (the classical families): the likelihood is invariant to a shift alone, and the
  // prior is smallest at mean 0; the likelihood's gradient is unchanged by the shift.
  if (count === n) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i];
    mean /= n;
    let before = 0;
    let after = 0;
    for (let i = 0; i < n; i++) {
      before += x[i] * x[i];
      x[i] -= mean;
      after += x[i] * x[i];
      g[i] -= kappa * mean;
    }
    return f + 0.5 * kappa * (after - before);
  }
  let before = 0;
  for (let i = 0; i < count; i++) {
    before += x[i] * x[i];
    g[i] -= kappa * x[i]; // the likelihood's gradient
  }
  const c = regauge(x, n, kappa);
  let after = 0;
  for (let i = 0; i < count; i++) {
    if (i < n) g[i] /= c;
    g[i] += kappa * x[i];
    after += x[i] * x[i];
  }
  return f + 0.5 * kappa * (after - before);
}
