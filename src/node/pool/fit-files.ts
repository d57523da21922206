// Fitting many graph files at once through the pool (`utility-engine fit a.json b.json ...`).
// Every file is read and validated before the first fit starts, so one bad file writes nothing;
// each result is then written atomically as `<out-dir>/<name>.utilities.json`.

import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { FIT_DEFAULTS, resolveFitOptions, scoreIndexed, type FitOptions, type FitResult, type Metrics } from '../../fit/fit.js';
import { readGraph, type LoadedGraph } from '../../graph/formats.js';
import { assertConnected, indexGraph, type IndexedGraph } from '../../graph/preference-graph.js';
import { readJsonFile, toJson, writeFileAtomic } from '../cli-support.js';
import { loadEngine } from '../load-engine.js';
import { versions } from '../versions.js';
import { createFitPool, type FitPool } from './fit-pool.js';
import type { UtilityIntervals } from '../../fit/intervals.js';
import { fitIntervals, intervalsRecord, utilitiesWithIntervals, withAccuracyInterval, type IntervalOptions } from './fit-intervals.js';

export interface FitFilesOptions {
  /** Worker threads (default: the number of cores). Ignored when `pool` is given. */
  threads?: number;
  /** Folder for the outputs (default: beside each input file). Created if missing. */
  outDir?: string;
  /** Options for every fit (as `fitThurstonian`). */
  fitOptions?: FitOptions;
  /** An existing pool to fit through (left open); otherwise one is created and closed here. */
  pool?: FitPool;
  /** Intervals on every utility (default none). */
  intervals?: IntervalOptions;
}

export interface FitFileOutcome {
  /** The input file, as given. */
  input: string;
  /** The file written. */
  output: string;
  result: FitResult;
}

/** The suffix replacing an input's `.json` extension in its output's name. */
export const FIT_OUTPUT_SUFFIX = '.utilities.json';

/**
 * Fits every graph file through a worker pool and writes one result file per input, in the same
 * layout as single-file `utility-engine fit` (see fitOutput). Throws InputError naming the file before
 * any fit when a file is unreadable or invalid, or when two inputs would write the same output.
 * @example
 * await fitFiles(['a.json', 'b.json'], { outDir: 'fits', threads: 2 });
 * // writes fits/a.utilities.json and fits/b.utilities.json; resolves to [{ input, output, result }, ...]
 */
export async function fitFiles(paths: readonly string[], options: FitFilesOptions = {}): Promise<FitFileOutcome[]> {
  if (paths.length === 0) throw new InputError('fit needs at least one graph file');
  const fitOptions = options.fitOptions ?? {};
  const resolved = resolveFitOptions(fitOptions);
  const jobs = paths.map((path) => prepare(path, options.outDir, resolved.allowDisconnected));
  const seen = new Map<string, string>();
  for (const job of jobs) {
    const key = resolve(job.output);
    const other = seen.get(key);
    if (other !== undefined) throw new InputError(`${other} and ${job.input} would both write ${job.output}; use distinct file names`);
    seen.set(key, job.input);
  }
  const pool = options.pool ?? createFitPool({ threads: options.threads ?? Math.min(jobs.length, availableParallelism()) });
  try {
    // Held-out scoring is cheap and synchronous, so it runs on an engine in this thread.
    const ci = options.intervals ?? { method: 'none' };
    const engine = jobs.some((j) => j.held) || ci.method !== 'none' ? loadEngine() : undefined;
    return await Promise.all(jobs.map(async (job) => {
      const edges = job.indexed.edgeA.length; // read now: the pool takes the arrays
      // Intervals need the graph after the fit: send the pool a copy.
      const keep = ci.method !== 'none' ? copyIndexed(job.indexed) : undefined;
      let result: FitResult;
      try {
        result = await pool.fitIndexed(job.indexed, fitOptions);
        warnIfNotConverged(job.input, result);
      } catch (err) {
        (err as Error).message = `${job.input}: ${(err as Error).message}`;
        throw err;
      }
      const held = job.held;
      const holdout = engine && held
        ? scoreIndexed(engine, held.n, held.edgeA, held.edgeB, held.labels, result.means, result.variances, result.fit.model)
        : null;
      const iv = keep && engine ? await fitIntervals(engine, keep, result, fitOptions, { ...ci, pool, seed: fitOptions.seed }) : undefined;
      const output = fitOutput(job.input, job.loaded, result, holdout, fitOptions, { edges, holdoutEdges: held?.edgeA.length ?? 0 }, iv);
      writeFileAtomic(job.output, toJson(output));
      return { input: job.input, output: job.output, result };
    }));
  } finally {
    if (!options.pool) await pool.close();
  }
}

/**
 * The result file of one fit, in the layout of single-file `utility-engine fit`: options,
 * utilities, metrics, holdout_metrics (null without held-out edges), fit, config, versions.
 */
export function fitOutput(
  input: string, loaded: LoadedGraph, result: FitResult, holdoutMetrics: Metrics | null, options: FitOptions,
  counts: { edges: number; holdoutEdges: number }, intervals?: UtilityIntervals,
): Record<string, unknown> {
  return {
    options: loaded.graph.options,
    utilities: utilitiesWithIntervals(loaded.graph.options.map((o) => o.id), result, intervals),
    metrics: result.metrics,
    holdout_metrics: holdoutMetrics ? withAccuracyInterval(holdoutMetrics, counts.holdoutEdges, intervals?.level) : null,
    fit: result.fit,
    intervals: intervalsRecord(intervals),
    config: {
      input, format: loaded.format, edges: counts.edges, holdout_edges: counts.holdoutEdges,
      ...FIT_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    },
    versions: versions(),
  };
}

/** A fit that stopped short of its tolerance says so on stderr (the output records it as `fit.converged`). */
export function warnIfNotConverged(input: string, result: FitResult): void {
  if (!result.fit.converged) {
    process.stderr.write(`utility-engine: warning: the fit of ${input} did not converge (${result.fit.stop_reason} after ${result.fit.iterations} iterations); ` +
      'the utilities are not the optimum: raise --max-iterations or try --optimizer adam\n');
  }
}

function copyIndexed(g: IndexedGraph): IndexedGraph {
  return { ...g, edgeA: g.edgeA.slice(), edgeB: g.edgeB.slice(), labels: g.labels.slice(), ...(g.counts ? { counts: g.counts.slice() } : {}) };
}

/** Output path for an input: its name without `.json`, plus FIT_OUTPUT_SUFFIX. */
export function fitOutputPath(input: string, outDir?: string): string {
  const name = basename(input).replace(/\.json$/i, '') + FIT_OUTPUT_SUFFIX;
  return join(outDir ?? dirname(input), name);
}

interface Job {
  input: string;
  output: string;
  loaded: LoadedGraph;
  indexed: IndexedGraph;
  /** Held-out edges, indexed (validated before any fit). */
  held?: IndexedGraph;
}

function prepare(input: string, outDir: string | undefined, allowDisconnected: boolean): Job {
  const loaded = readGraph(readJsonFile(input), input);
  let indexed: IndexedGraph;
  let held: IndexedGraph | undefined;
  try {
    indexed = indexGraph(loaded.graph);
    if (!allowDisconnected) assertConnected(indexed);
    if (loaded.holdout.length > 0) held = indexGraph(loaded.graph, loaded.holdout); // refused now, not after the fit
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${input}: ${err.message}`);
    throw err;
  }
  return { input, output: fitOutputPath(input, outDir), loaded, indexed, ...(held ? { held } : {}) };
}
