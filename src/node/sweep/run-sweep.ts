// A sweep: the full `run` for every model of a list, several models at a time, each into its own
// folder (so each keeps the run's cache and resume guarantees), then the comparison across models:
// sweep.json, sweep.csv and convergence.json. A model that fails is recorded; the others finish.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { choose3 } from '../../cycles/kernels.js';
import type { ConvergenceReport } from '../../experiments/convergence.js';
import { InputError } from '../../errors.js';
import type { FitOptions, FitResult } from '../../fit/fit.js';
import type { IndexedGraph, Option } from '../../graph/preference-graph.js';
import { loadEngine } from '../load-engine.js';
import { createFitPool, type FitPool } from '../pool/fit-pool.js';
import { CACHE_FILE_NAME } from '../response-cache.js';
import { resolveRunConfig, type RunConfig } from '../run/run-config.js';
import { runUtilities, type RunHooks, type RunProgress } from '../run/run-utilities.js';
import { writeRunOutputs } from '../run/results.js';
import { aggregateSweep, ROW_FILE_NAME, SWEEP_FILES, writeModelRow } from './aggregate.js';
import { failedRow, summariseRun, withExperiments, withTriads, type SweepRow } from './model-summary.js';
import type { Experiment } from '../../experiments/experiment.js';
import type { FlagValues } from '../../experiments/flags.js';
import { prepareExperiment, runExperiments } from '../experiment/runner.js';
import { measureTriads } from './sweep-transitivity.js';
import { startServedModel, type ServedModel } from './serve-model.js';
import type { SweepModel } from './models-file.js';

export interface SweepOptions {
  models: SweepModel[];
  outcomes: Option[];
  /** Where the outcomes came from, for the record. */
  outcomesSource?: string;
  /** Output folder: DIR/<model>/ per model, and the aggregates at the top. */
  outDir: string;
  /** Fitting threads (default: the number of cores). */
  threads?: number;
  /** Models measured at once (default SWEEP_DEFAULTS.maxParallelModels). */
  maxParallelModels?: number;
  /** Also measure each model's transitivity on this many uniformly sampled triads (default 0: no). */
  triads?: number;
  /**
   * Experiments to run for every model after its run, each at its own defaults into
   * DIR/<model>/<experiment>.json through the model's response cache; their summaries join the row.
   */
  experiments?: ReadonlyArray<Experiment | { experiment: Experiment; flags: FlagValues }>;
  /** Settings applied to every model's run before its own (e.g. seed); the model's win. */
  runDefaults?: Partial<RunConfig>;
  signal?: AbortSignal;
  /**
   * False: measure the models into their folders and stop there (one SLURM array task); the
   * aggregates are written later from the folders (aggregateSweep). Default true.
   */
  aggregate?: boolean;
  /** Called when a model starts, finishes or fails, and with each model's run progress. */
  onEvent?: (event: SweepEvent) => void;
}

export type SweepEvent =
  | { type: 'start'; model: string }
  | { type: 'progress'; model: string; progress: RunProgress }
  | { type: 'done'; model: string; row: SweepRow }
  | { type: 'failed'; model: string; error: string };

export const SWEEP_DEFAULTS = Object.freeze({
  // Elicitation is I/O-bound, so a few models share the machine well; each still has its own
  // request concurrency, so more at once mostly multiplies memory and open connections.
  maxParallelModels: 4,
});

export { SWEEP_FILES };

export interface SweepResult {
  rows: SweepRow[];
  /** Absent when options.aggregate is false. */
  convergence?: ConvergenceReport;
  /** Files written at the top of outDir (none when options.aggregate is false). */
  files: string[];
}

/** A model's run settings: its endpoint and knobs over the sweep-wide defaults. */
export function runConfigFor(model: SweepModel, outcomes: Option[], outDir: string, opts: Pick<SweepOptions, 'outcomesSource' | 'runDefaults'> = {}): RunConfig {
  const config: RunConfig = {
    ...opts.runDefaults,
    outcomes,
    outcomesSource: opts.outcomesSource ?? 'built-in',
    model: model.model,
    cacheFile: join(outDir, model.name, CACHE_FILE_NAME),
  };
  if (model.baseUrl !== undefined) config.baseUrl = model.baseUrl;
  if (model.apiKeyEnv !== undefined) config.apiKeyEnv = model.apiKeyEnv;
  if (model.api !== undefined) config.api = model.api;
  if (model.concurrency !== undefined) config.concurrency = model.concurrency;
  if (model.k !== undefined) config.k = model.k;
  if (model.reasoning !== undefined) config.style = model.reasoning ? 'reasoning' : 'letter';
  if (model.logprobs !== undefined) config.mode = model.logprobs ? 'logprobs' : 'sampling';
  if (model.synthetic !== undefined) config.synthetic = { ...config.synthetic, ...model.synthetic };
  if (model.systemMessage === false) {
    // No system role at this endpoint: the system text leads the user turn instead.
    const resolved = resolveRunConfig(config);
    config.template = `${resolved.system}\n\n${resolved.template}`;
    config.system = '';
  }
  return config;
}

/**
 * Runs every model (at most maxParallelModels at once, fits through one shared worker pool) and
 * writes DIR/<model>/ (the run's own files), DIR/sweep.json, DIR/sweep.csv and
 * DIR/convergence.json. Every model's settings are validated before the first request, so a bad
 * entry stops the sweep before anything is asked. Rows keep the models' order.
 * @example
 * const { rows } = await runSweep({ models: syntheticFamily(), outcomes, outDir: 'sweeps/family' });
 * rows.map((r) => r.holdout_accuracy) // rising along the family
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const { models, outcomes, outDir } = options;
  const parallel = options.maxParallelModels ?? SWEEP_DEFAULTS.maxParallelModels;
  if (!Number.isInteger(parallel) || parallel < 1) throw new InputError(`options.maxParallelModels must be a positive integer (got ${parallel})`);
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1)) {
    throw new InputError(`options.threads must be a positive integer (got ${options.threads})`);
  }
  if (models.length === 0) throw new InputError('a sweep needs at least one model');
  const triads = options.triads ?? 0;
  if (!Number.isInteger(triads) || triads < 0) throw new InputError(`options.triads must be a non-negative integer (got ${triads})`);
  if (triads > choose3(outcomes.length)) throw new InputError(`--triads ${triads} exceeds the ${choose3(outcomes.length)} triads of ${outcomes.length} outcomes`);
  const configs = models.map((m) => {
    const config = runConfigFor(m, outcomes, outDir, options);
    try {
      // A served model's URL gets its port when its server starts; any port checks the rest.
      resolveRunConfig(config.baseUrl?.includes('{port}') ? { ...config, baseUrl: config.baseUrl.replaceAll('{port}', '8000') } : config);
    } catch (err) {
      if (err instanceof InputError) throw new InputError(`model ${JSON.stringify(m.name)}: ${err.message}`);
      throw err;
    }
    return config;
  });
  // Every experiment's inputs are checked for every model before anything is asked.
  const experiments = (options.experiments ?? []).map((e) => ('experiment' in e ? e : { experiment: e, flags: {} }));
  const prepared = configs.map((config, i) => experiments.map(({ experiment, flags }) => {
    try {
      return { experiment, prepared: prepareExperiment(experiment, flags, config) };
    } catch (err) {
      if (err instanceof InputError) throw new InputError(`model ${JSON.stringify(models[i].name)}, experiment ${experiment.name}: ${err.message}`);
      throw err;
    }
  }));

  const engine = loadEngine(); // for the cycle statistics of finished runs
  let pool: FitPool | undefined;
  // Started on the first fit, so a sweep whose runs fit in-thread starts no threads.
  const fitInPool = (g: IndexedGraph, fitOptions: FitOptions): Promise<FitResult> =>
    (pool ??= createFitPool(options.threads === undefined ? {} : { threads: options.threads })).fitIndexed(g, fitOptions);
  const rows: SweepRow[] = new Array(models.length);
  const emit = options.onEvent ?? (() => undefined);

  const measureOne = async (i: number) => {
    const model = models[i];
    const started = performance.now();
    emit({ type: 'start', model: model.name });
    // A row left by an earlier sweep must not stand for this one if this one is interrupted.
    rmSync(join(outDir, model.name, ROW_FILE_NAME), { force: true });
    let served: ServedModel | undefined;
    try {
      let config = configs[i];
      if (model.serve !== undefined) {
        served = await startServedModel(model.serve, config.baseUrl ?? '', join(outDir, model.name, 'serve.log'), { gpus: model.slurm?.gpus, signal: options.signal });
        config = { ...config, baseUrl: served.baseUrl }; // the cache key has no endpoint: a resumed run hits it whatever the port
      }
      // `fit` routes the run's refits through the shared pool where the run accepts it.
      const hooks: RunHooks & { fit: typeof fitInPool } = {
        signal: options.signal,
        onProgress: (progress) => emit({ type: 'progress', model: model.name, progress }),
        fit: fitInPool,
      };
      const results = await runUtilities(config, hooks);
      const dir = join(outDir, model.name);
      writeRunOutputs(dir, results);
      let row = summariseRun(engine, model, results, 0);
      if (triads > 0) {
        const measured = await measureTriads(engine, config, dir, triads, options.signal);
        row = withTriads(row, measured.summary, measured.usage);
      }
      if (experiments.length > 0) {
        // Each experiment at its own (the paper's) method defaults, through the run's cache.
        const runs = await runExperiments(prepared[i], { config, userMethod: {}, out: dir, signal: options.signal, engine });
        const usage = { requests: 0, completions: 0, cached_completions: 0, prompt_tokens: 0, completion_tokens: 0 };
        for (const r of runs) for (const key of Object.keys(usage) as Array<keyof typeof usage>) usage[key] += Number(r.output!.usage[key] ?? 0);
        row = withExperiments(row, Object.fromEntries(runs.map((r) => [r.name, r.output!.summary])), usage);
      }
      rows[i] = { ...row, wall_seconds: (performance.now() - started) / 1000 };
      writeModelRow(outDir, rows[i]);
      emit({ type: 'done', model: model.name, row: rows[i] });
    } catch (err) {
      rows[i] = failedRow(model, err, (performance.now() - started) / 1000);
      writeModelRow(outDir, rows[i]);
    } finally {
      await served?.stop();
    }
    if (rows[i].status === 'failed') {
      emit({ type: 'failed', model: model.name, error: rows[i].error ?? 'unknown error' });
    }
  };

  try {
    let next = 0;
    const lane = async () => {
      while (next < models.length && !options.signal?.aborted) await measureOne(next++);
    };
    await Promise.all(Array.from({ length: Math.min(parallel, models.length) }, lane));
  } finally {
    await pool?.close();
  }
  for (let i = 0; i < models.length; i++) rows[i] ??= failedRow(models[i], new Error(NOT_RUN), 0);
  if (options.aggregate === false) return { rows, files: [] };
  const { convergence, files } = aggregateSweep(outDir, models, sweepRecord(options, parallel), () => NOT_RUN);
  // The in-memory rows: the same figures, with NaN where the files hold null.
  return { rows, convergence, files };
}

const NOT_RUN = 'not run: the sweep was interrupted';

/** The sweep's settings as recorded in sweep.json's "config". */
export function sweepRecord(options: Pick<SweepOptions, 'outcomes' | 'outcomesSource' | 'threads' | 'triads' | 'experiments'>, parallel: number | string): Record<string, unknown> {
  return {
    outcomes: options.outcomes.length, outcomes_source: options.outcomesSource ?? 'built-in',
    max_parallel_models: parallel, threads: options.threads ?? null, triads: options.triads ?? 0,
    experiments: (options.experiments ?? []).map((e) => ('experiment' in e ? e.experiment.name : e.name)),
  };
}
