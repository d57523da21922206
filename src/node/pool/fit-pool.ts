// A pool of worker threads for fitting many graphs at once (piscina). The engine's WebAssembly
// module is compiled once in this thread and handed to every worker, each worker instantiates it
// once and stays warm between tasks, and graph and result arrays are transferred, not copied.

import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { InputError, NumericError } from '../../errors.js';
import { resolveFitOptions, utilitiesById, type FitOptions, type FitResult } from '../../fit/fit.js';
import {
  assertConnected, indexGraph, type IndexedGraph, type PreferenceGraph,
} from '../../graph/preference-graph.js';
import { engineModule } from '../load-engine.js';
import { buffersOf, type BootstrapReply, type BootstrapTask, type FitReply, type FitTask } from './protocol.js';

export interface FitPoolOptions {
  /** Worker threads (default: the number of cores, `os.availableParallelism()`). */
  threads?: number;
  /**
   * Milliseconds an idle worker above the first stays alive (default 60 s): long enough that
   * workers stay warm between the fits of a sweep, short enough not to pin threads for hours.
   */
  idleTimeoutMs?: number;
}

export const FIT_POOL_DEFAULTS = Object.freeze({
  idleTimeoutMs: 60_000,
});

/** A running pool. Every method returns the same FitResult as `fitThurstonian`. */
export interface FitPool {
  /** Fits one graph (validated here, in the calling thread, then fitted in a worker). */
  fit(graph: PreferenceGraph, options?: FitOptions): Promise<FitResult>;
  /**
   * Fits a graph already resolved by `indexGraph`. Its edgeA, edgeB, labels and counts arrays are
   * transferred to the worker: they are detached (length 0) in the caller afterwards.
   */
  fitIndexed(graph: IndexedGraph, options?: FitOptions): Promise<FitResult>;
  /** Fits several graphs concurrently; results in input order. Rejects with the first failure. */
  fitMany(graphs: readonly PreferenceGraph[], options?: FitOptions): Promise<FitResult[]>;
  /**
   * Edge-bootstrap replicates of a fit (src/fit/bootstrap.ts), spread over the workers in chunks:
   * returns `replicates` arrays of normalised means. The graph's arrays are copied, not moved.
   */
  bootstrap(graph: IndexedGraph, fit: FitResult, options: FitOptions, replicates: number, seed: number): Promise<Float64Array[]>;
  /** Number of worker threads the pool may run. */
  readonly threads: number;
  /** Waits for queued fits, then stops the workers. */
  close(): Promise<void>;
}

/** Which worker file to load: the .ts source when running from src (tests, tsx), else the .js build. */
const WORKER_URL = new URL(`./fit-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * Starts a fitting pool. Cost: one WebAssembly compile (cached per process) plus one instantiate
 * per worker; each fit then costs what an in-thread fit costs, plus a transfer of its arrays.
 * @example
 * const pool = createFitPool({ threads: 2 });
 * const [a, b] = await pool.fitMany([graphA, graphB]);
 * a.metrics; // { log_loss: 0.41, accuracy: 0.86 }
 * await pool.close();
 */
export function createFitPool(options: FitPoolOptions = {}): FitPool {
  const threads = options.threads ?? availableParallelism();
  const idleTimeoutMs = options.idleTimeoutMs ?? FIT_POOL_DEFAULTS.idleTimeoutMs;
  if (!Number.isInteger(threads) || threads < 1) throw new InputError(`options.threads must be a positive integer (got ${threads})`);
  if (!(idleTimeoutMs >= 0) || !Number.isFinite(idleTimeoutMs)) {
    throw new InputError(`options.idleTimeoutMs must be a non-negative number (got ${idleTimeoutMs})`);
  }
  const piscina = new Piscina({
    filename: WORKER_URL.href,
    minThreads: 1, // one worker is started (and warmed) at once; the rest start on demand
    maxThreads: threads,
    idleTimeout: idleTimeoutMs,
    workerData: { module: engineModule() },
  });
  let closed = false;

  const fitIndexed = async (g: IndexedGraph, fitOptions: FitOptions = {}): Promise<FitResult> => {
    if (closed) throw new Error('the fit pool is closed');
    // Validate here, so bad input fails with its own error class before any thread is involved.
    const resolved = resolveFitOptions(fitOptions);
    if (resolved.init && resolved.init.length !== 2 * g.n) {
      throw new InputError(`options.init must hold ${2 * g.n} numbers (got ${resolved.init.length})`);
    }
    if (!resolved.allowDisconnected) assertConnected(g);
    if (resolved.weighting === 'counts' && !g.counts) {
      throw new InputError('options.weighting "counts" needs count_a and count_b on every edge');
    }
    const task: FitTask = {
      n: g.n, edgeA: g.edgeA, edgeB: g.edgeB, labels: g.labels,
      ...(g.counts ? { counts: g.counts } : {}),
      options: fitOptions,
    };
    const reply = (await piscina.run(task, { transferList: buffersOf([g.edgeA, g.edgeB, g.labels, g.counts]) })) as FitReply;
    if (!reply.ok) throw rebuildError(reply.name, reply.message);
    const { means, variances, params, metrics, fit } = reply;
    return { means, variances, utilities: utilitiesById(g.ids, means, variances), metrics, fit, params };
  };

  const fit = async (graph: PreferenceGraph, fitOptions?: FitOptions) => fitIndexed(indexGraph(graph), fitOptions);

  const bootstrap = async (g: IndexedGraph, result: FitResult, fitOptions: FitOptions, replicates: number, seed: number): Promise<Float64Array[]> => {
    if (closed) throw new Error('the fit pool is closed');
    // A few chunks per thread: balances uneven refits without a message per replicate.
    const chunks = Math.min(replicates, threads * 4);
    const jobs: Array<Promise<Float64Array[]>> = [];
    for (let c = 0, first = 0; c < chunks; c++) {
      const count = Math.floor(replicates / chunks) + (c < replicates % chunks ? 1 : 0);
      const task: BootstrapTask = {
        kind: 'bootstrap', n: g.n, edgeA: g.edgeA, edgeB: g.edgeB, labels: g.labels,
        ...(g.counts ? { counts: g.counts } : {}),
        options: fitOptions, params: result.params, seed, first, count,
      };
      first += count;
      jobs.push(piscina.run(task).then((reply: BootstrapReply) => {
        if (!reply.ok) throw rebuildError(reply.name, reply.message);
        return Array.from({ length: count }, (_, r) => reply.means.subarray(r * g.n, (r + 1) * g.n));
      }));
    }
    return (await Promise.all(jobs)).flat();
  };

  return {
    threads,
    fit,
    fitIndexed,
    bootstrap,
    fitMany: (graphs, fitOptions) => Promise.all(graphs.map((g) => fit(g, fitOptions))),
    async close() {
      if (closed) return;
      closed = true;
      await piscina.close();
    },
  };
}

function rebuildError(name: string, message: string): Error {
  if (name === 'InputError') return new InputError(message);
  if (name === 'NumericError') return new NumericError(message);
  return new Error(`fit worker failed: ${message}`);
}
