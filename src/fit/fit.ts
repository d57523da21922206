// Fitting a Thurstonian utility model to a preference graph, and scoring utilities on edges.

import type { Engine } from '../engine/engine.js';
import { InputError, NumericError } from '../errors.js';
import {
  assertConnected, indexGraph, indexOptions,
  type Edge, type IndexedGraph, type OptionId, type PreferenceGraph,
} from '../graph/preference-graph.js';
import { Random } from '../sampling/random.js';
import { isClassical, MODEL_FAMILIES, PairedWorkspace, scoreFamily, type ModelFamily } from './families.js';
import { runAdam, runLbfgs, runNewton, type OptimizerReport } from './optimizers.js';
import { FitWorkspace } from './workspace.js';
import { checkPrior, DEFAULT_PRIOR_STRENGTH, priorPrecision, type PriorName, type PriorStrength } from './prior.js';
import { crossValidatedStrength } from './prior-cv.js';

export type OptimizerName = 'newton' | 'lbfgs' | 'adam';

export interface FitOptions {
  /**
   * Model family (families.ts): 'thurstonian' (default, the paper's: a mean and a variance per
   * option), 'case-v' (Thurstone's Case V: one shared variance) or 'bradley-terry' (logistic).
   */
  model?: ModelFamily;
  /**
   * 'newton' (default): truncated Newton on the sparse Hessian, converges in a few iterations.
   * 'lbfgs': quasi-Newton, stops by gradient tolerance. 'adam': the paper's procedure.
   */
  optimizer?: OptimizerName;
  /** Seed of the initial parameters. */
  seed?: number;
  /** Adam: full-batch epochs (the paper: 1000). */
  epochs?: number;
  /** Adam: learning rate (the paper: 0.01). */
  lr?: number;
  /**
   * L-BFGS: stop when every gradient component, times the number of options, is at most this.
   * (Scaling by n makes the tolerance independent of graph size: each option's share of the mean
   * loss shrinks as 1/n.)
   */
  gtol?: number;
  /**
   * Newton: stop when the squared Newton decrement times the number of edges (the squared distance
   * to the optimum in posterior standard deviations) is at most this.
   */
  tolerance?: number;
  /** L-BFGS and Newton: iteration cap. */
  maxIterations?: number;
  /** 'none' (the paper): every edge counts once. 'counts': edges weigh by their number of answers. */
  weighting?: 'none' | 'counts';
  /** Fit a graph whose options are not all connected (utilities across components are not comparable). */
  allowDisconnected?: boolean;
  /** Starting parameters [mu (n) | log sigma^2 (n)], e.g. the previous fit's `params` (warm start). */
  init?: Float64Array;
  /**
   * 'gaussian' (default, except with adam): maximum a posteriori under N(0, 1/priorStrength) on
   * every raw mean and log-variance. 'none': plain maximum likelihood (the paper; adam's default).
   */
  prior?: PriorName;
  /**
   * Prior precision counted in edges (see src/fit/prior.ts), or 'cv' (default): chosen per graph
   * by 5-fold cross-validation over the graph's edges.
   */
  priorStrength?: PriorStrength;
}

/** The optimisers, default first. */
export const OPTIMIZERS: readonly OptimizerName[] = Object.freeze(['newton', 'lbfgs', 'adam']);

export const FIT_DEFAULTS = Object.freeze({
  model: 'thurstonian' as ModelFamily,
  optimizer: 'newton' as OptimizerName,
  seed: 42,
  epochs: 1000, // the paper's value
  lr: 0.01, // the paper's value
  gtol: 1e-3,
  tolerance: 1e-6,
  maxIterations: 2000,
  weighting: 'none' as 'none' | 'counts',
  allowDisconnected: false,
  prior: 'gaussian' as PriorName,
  priorStrength: DEFAULT_PRIOR_STRENGTH as PriorStrength,
});

export interface Utility {
  mean: number;
  variance: number;
}

export interface Metrics {
  log_loss: number;
  accuracy: number;
}

export interface FitReport extends OptimizerReport {
  model: ModelFamily;
  /** Newton only: Hessian assemblies, CG iterations and the final scaled decrement. */
  hessians?: number;
  cg_iterations?: number;
  decrement?: number;
  optimizer: OptimizerName;
  /** The prior the fit used ('none': maximum likelihood) and its strength (0 without a prior). */
  prior: PriorName;
  prior_strength: number;
  /** How the strength was set: 'cv' (cross-validated, with the CV log-loss per strength tried) or 'given'. */
  prior_choice?: { method: 'cv' | 'given'; strengths?: readonly number[]; cv_log_loss?: number[] };
  /** Seconds spent fitting (layout, optimisation and scoring; no file I/O). */
  seconds: number;
}

export interface FitResult {
  /** Normalised means (mean 0, sample std 1) and variances, by option index. */
  means: Float64Array;
  variances: Float64Array;
  /** The same, keyed by option id, as in the paper's result files. */
  utilities: Record<string, Utility>;
  /** Training log-loss (predictions clipped to [1e-5, 1 - 1e-5]) and accuracy. */
  metrics: Metrics;
  fit: FitReport;
  /** Raw parameters at the optimum ([mu | log sigma^2]; the classical families: mu): pass as `init` to warm-start a refit. */
  params: Float64Array;
}

/**
 * Fits utilities to a preference graph by maximum likelihood.
 * Cost: O(edges) per evaluation; L-BFGS typically needs tens to a few hundred evaluations,
 * Adam exactly epochs + 1.
 * @example
 * const engine = loadEngine(); // from 'utility-engine/node', or instantiateEngine(bytes)
 * fitThurstonian(engine, { options: [{ id: 0, description: 'x' }, { id: 1, description: 'y' }],
 *   edges: [{ a: 0, b: 1, probability_a: 0.8 }] }).utilities; // { '0': { mean: 0.707.., ... }, ... }
 */
export function fitThurstonian(engine: Engine, graph: PreferenceGraph, options: FitOptions = {}): FitResult {
  const indexed = indexGraph(graph);
  return fitIndexed(engine, indexed, options);
}

/** fitThurstonian on a graph already validated and resolved to indices (no re-validation). */
export function fitIndexed(engine: Engine, g: IndexedGraph, options: FitOptions = {}): FitResult {
  const opts = resolveFitOptions(options);
  if (!opts.allowDisconnected) assertConnected(g);
  const started = performance.now();
  let weights: Float64Array | undefined;
  if (opts.weighting === 'counts') {
    if (!g.counts) throw new InputError('options.weighting "counts" needs count_a and count_b on every edge');
    weights = g.counts;
  }
  let strength = 0;
  let choice: FitReport['prior_choice'];
  if (opts.prior !== 'none') {
    if (opts.priorStrength === 'cv') {
      const cv = crossValidatedStrength(engine, g, { ...options, init: undefined }, opts.seed);
      strength = cv.strength;
      choice = { method: 'cv', strengths: cv.strengths, cv_log_loss: cv.losses };
    } else {
      strength = opts.priorStrength;
      choice = { method: 'given' };
    }
  }
  // The workspace is laid out after cross-validation, which reuses the same engine memory.
  const ws = isClassical(opts.model) ? new PairedWorkspace(engine, opts.model, g, weights) : new FitWorkspace(engine, g, weights);
  ws.kappa = priorPrecision(opts.prior, strength, g.edgeA.length);
  initialiseParams(ws.params, g.n, opts, g);
  const report = opts.optimizer === 'adam'
    ? runAdam(ws, opts.epochs, opts.lr)
    : opts.optimizer === 'newton'
      ? runNewton(ws, opts.tolerance, opts.maxIterations, g.edgeA.length)
      : runLbfgs(ws, opts.gtol / g.n, opts.maxIterations);
  if (!Number.isFinite(report.loss)) {
    throw new NumericError(`fit produced a non-finite loss (${report.loss}); check the graph for degenerate labels`);
  }
  const params = ws.params.slice();
  const { means, variances } = ws.utilities();
  const metrics = scoreIndexed(engine, g.n, g.edgeA, g.edgeB, g.labels, means, variances, opts.model);
  const seconds = (performance.now() - started) / 1000;
  return {
    means, variances, utilities: utilitiesById(g.ids, means, variances), metrics, params,
    fit: {
      model: opts.model, optimizer: opts.optimizer, prior: opts.prior, prior_strength: strength,
      ...(choice ? { prior_choice: choice } : {}), ...report, seconds,
    },
  };
}

/**
 * Scores utilities on edges: log-loss with predictions clipped to [1e-5, 1 - 1e-5], and accuracy
 * (prediction >= 0.5 agrees with label >= 0.5). Every option named by an edge needs a utility.
 * `model` is the family the utilities were fitted with (its link gives the predictions).
 * @example evaluate(engine, graph, fit.utilities, heldOutEdges) // { log_loss: 0.41, accuracy: 0.86 }
 */
export function evaluate(engine: Engine, graph: PreferenceGraph, utilities: Record<string, Utility>, edges: readonly Edge[], model: ModelFamily = 'thurstonian'): Metrics {
  const g = indexGraph(graph, edges);
  const index = indexOptions(graph.options);
  const means = new Float64Array(g.n);
  const variances = new Float64Array(g.n);
  for (const [key, i] of index) {
    const u = utilities[key];
    if (u === undefined) {
      means[i] = NaN;
      continue;
    }
    if (!Number.isFinite(u.mean) || !(u.variance >= 0)) {
      throw new InputError(`utility of option ${JSON.stringify(key)} is not a finite mean and non-negative variance`);
    }
    means[i] = u.mean;
    variances[i] = u.variance;
  }
  for (let k = 0; k < g.edgeA.length; k++) {
    for (const i of [g.edgeA[k], g.edgeB[k]]) {
      if (Number.isNaN(means[i])) throw new InputError(`edge ${k} names option ${JSON.stringify(g.ids[i])}, which has no utility`);
    }
  }
  return scoreIndexed(engine, g.n, g.edgeA, g.edgeB, g.labels, means, variances, model);
}

/** The evaluate kernel over index arrays (shared by fits and evaluate), under the model's link. */
export function scoreIndexed(
  engine: Engine, n: number, edgeA: Int32Array, edgeB: Int32Array, labels: Float64Array,
  means: Float64Array, variances: Float64Array, model: ModelFamily = 'thurstonian',
): Metrics {
  const e = edgeA.length;
  if (e === 0) return { log_loss: NaN, accuracy: NaN }; // nothing to score: undefined, not zero
  if (isClassical(model)) return scoreFamily(engine, model, n, edgeA, edgeB, labels, means, variances);
  const L = engine.layout();
  const p = {
    a: L.take(e, 4), b: L.take(e, 4), labels: L.take(e, 8), means: L.take(n, 8), variances: L.take(n, 8), acc: L.take(1, 8),
  };
  // The fit's workspace starts at the same base; it is finished with by the time we score.
  engine.reserve(L.end);
  engine.i32(p.a, e).set(edgeA);
  engine.i32(p.b, e).set(edgeB);
  engine.f64(p.labels, e).set(labels);
  engine.f64(p.means, n).set(means);
  engine.f64(p.variances, n).set(variances);
  const logLoss = engine.kernels.evaluateEdges(n, e, p.a, p.b, p.labels, p.means, p.variances, p.acc);
  return { log_loss: logLoss, accuracy: engine.f64(p.acc, 1)[0] };
}

export function utilitiesById(ids: readonly OptionId[], means: Float64Array, variances: Float64Array): Record<string, Utility> {
  const out: Record<string, Utility> = {};
  ids.forEach((id, i) => {
    out[String(id)] = { mean: means[i], variance: variances[i] };
  });
  return out;
}

/** Merges caller options over FIT_DEFAULTS, naming any invalid option and value. */
export function resolveFitOptions(options: FitOptions): Required<Omit<FitOptions, 'init'>> & { init?: Float64Array } {
  const given = stripUndefined(options);
  const o = { ...FIT_DEFAULTS, ...given };
  if (!MODEL_FAMILIES.includes(o.model)) throw new InputError(`options.model must be one of ${MODEL_FAMILIES.join(', ')} (got ${JSON.stringify(o.model)})`);
  // The paper's optimiser fits the plain likelihood unless a prior is asked for explicitly.
  if (given.prior === undefined) o.prior = o.optimizer === 'adam' && given.priorStrength === undefined ? 'none' : 'gaussian';
  checkPrior(o.prior, o.priorStrength);
  // Without a prior the optimum is often at infinity, which Newton follows out slowly (hundreds of
  // damped steps); L-BFGS stops by gradient tolerance there, so it is the default for --prior none.
  if (o.prior === 'none' && given.optimizer === undefined) o.optimizer = 'lbfgs';
  if (!OPTIMIZERS.includes(o.optimizer)) throw new InputError(`options.optimizer must be "newton", "lbfgs" or "adam" (got ${JSON.stringify(o.optimizer)})`);
  if (!(o.tolerance > 0)) throw new InputError(`options.tolerance must be a positive number (got ${o.tolerance})`);
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new InputError(`options.epochs must be a positive integer (got ${o.epochs})`);
  if (!(o.lr > 0) || !Number.isFinite(o.lr)) throw new InputError(`options.lr must be a positive number (got ${o.lr})`);
  if (!(o.gtol > 0)) throw new InputError(`options.gtol must be a positive number (got ${o.gtol})`);
  if (!Number.isInteger(o.maxIterations) || o.maxIterations < 1) throw new InputError(`options.maxIterations must be a positive integer (got ${o.maxIterations})`);
  if (!Number.isSafeInteger(o.seed)) throw new InputError(`options.seed must be an integer (got ${o.seed})`);
  if (o.weighting !== 'none' && o.weighting !== 'counts') throw new InputError(`options.weighting must be "none" or "counts" (got ${JSON.stringify(o.weighting)})`);
  return o;
}

/**
 * Initial parameters. Adam: mu and s drawn as 0.01 x N(0, 1) (mu first, then s), as in the paper.
 * L-BFGS: mu ~ N(0, 1) and s = 0, i.e. variances near 1 on the normalised scale, so the first
 * steps start in a well-scaled region instead of the paper's nearly flat one (variances ~1e4).
 * Newton (given the graph): mu from each option's mean score over its edges, s = 0.
 */
export function initialiseParams(
  params: Float64Array, n: number, opts: { optimizer: OptimizerName; seed: number; init?: Float64Array }, g?: IndexedGraph,
): void {
  // params holds 2n numbers for the Thurstonian model and n (means only) for the classical families.
  const count = params.length;
  if (opts.init) {
    if (opts.init.length !== count) throw new InputError(`options.init must hold ${count} numbers (got ${opts.init.length})`);
    params.set(opts.init);
    return;
  }
  const rng = new Random(opts.seed);
  if (opts.optimizer === 'adam') {
    for (let i = 0; i < count; i++) params[i] = 0.01 * rng.normal();
  } else if (opts.optimizer === 'newton' && g) {
    // Each option's mean score (2p - 1) over its edges, a seeded 1e-3 jitter to break ties: close
    // to the mode's ordering, so Newton starts in the region where its steps are taken in full.
    const degree = new Float64Array(n);
    params.fill(0);
    for (let k = 0; k < g.edgeA.length; k++) {
      const d = 2 * g.labels[k] - 1;
      params[g.edgeA[k]] += d;
      params[g.edgeB[k]] -= d;
      degree[g.edgeA[k]]++;
      degree[g.edgeB[k]]++;
    }
    for (let i = 0; i < n; i++) params[i] = params[i] / Math.max(degree[i], 1) + 1e-3 * rng.normal();
  } else {
    for (let i = 0; i < n; i++) params[i] = rng.normal();
    params.fill(0, n, count);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
