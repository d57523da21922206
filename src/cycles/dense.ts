// Exhaustive cycle statistics of a complete N x N preference matrix, through the O(N^2) identity
// in assembly/cycles.ts: the mean cycle probability over all C(N,3) triads, the expected number
// of cyclic triads, Kendall's count of cyclic triads in the majority tournament, each option's
// expected participation in cycles, and optionally a bounded list of majority cycles.

import type { Engine } from '../engine/engine.js';
import { InputError, NumericError } from '../errors.js';
import { choose3, CycleStatus, cycleKernels, now, WASM32_MAX_BYTES } from './kernels.js';

export type MatrixDtype = 'float64' | 'float32';

export interface DenseCycleOptions {
  /** Largest accepted |p_ij + p_ji - 1| (ignored with `symmetrize`). */
  tolerance?: number;
  /** Replace each pair by its average (p_ij + 1 - p_ji) / 2 instead of checking it. */
  symmetrize?: boolean;
  /** Compute each option's expected participation in cyclic triads (a second pass). */
  participation?: boolean;
  /** List up to this many strict majority cycles. */
  listHard?: number;
  /**
   * Count majority (hard) cycles (default). false: only the probabilistic figures; the hard
   * fields are NaN and no cycles are listed. (The counts come from the same pass either way.)
   */
  majority?: boolean;
}

export const DENSE_CYCLE_DEFAULTS = Object.freeze({
  // Loose enough for float32 inputs (1 - p rounds at ~6e-8) and probabilities written with 7 digits.
  tolerance: 1e-6,
  symmetrize: false,
  participation: true,
  listHard: 0,
  majority: true,
});

/** Kernel times in seconds (input reading and start-up excluded). */
export interface CycleTimings {
  validate: number;
  mean: number;
  participation: number;
  list: number;
  total: number;
}

export interface DenseCycleResult {
  n: number;
  /** C(n, 3). */
  triads: number;
  mean_cycle_probability: number;
  expected_cyclic_triads: number;
  /** Kendall's count in the majority tournament; a tie (p = 1/2) counts as a fair coin. */
  hard_cyclic_triads: number;
  hard_cycle_fraction: number;
  /** Pairs with p exactly 1/2. */
  tied_pairs: number;
  /** Expected cyclic triads containing each option (sums to 3 x expected_cyclic_triads). */
  participation?: Float64Array;
  /** Strict majority cycles [a, b, c]: a beats b beats c beats a, at most `listHard` of them. */
  hard_cycles?: [number, number, number][];
  seconds: CycleTimings;
}

/** Bytes one cell takes for each dtype. */
const CELL_BYTES: Record<MatrixDtype, number> = { float64: 8, float32: 4 };

/**
 * Cycle statistics of an n x n matrix written straight into engine memory by `fill` (so a 10,000 x
 * 10,000 matrix is never copied). The matrix is validated and made canonical in place (diagonal 0,
 * p_ji = 1 - p_ij); bad cells raise InputError naming the first one in row-major order.
 * Cost: O(n^2) — one tiled pass that validates and gathers row statistics (float32: a second
 * row pass), one more for participation.
 * @example
 * denseCycles(engine, 3, 'float64', (m) => m.set([0, 1, 0, 0, 0, 1, 1, 0, 0]));
 * // { n: 3, triads: 1, mean_cycle_probability: 1, hard_cyclic_triads: 1, ... }
 */
export function denseCycles(
  engine: Engine, n: number, dtype: MatrixDtype,
  fill: (cells: Float64Array | Float32Array) => void, options: DenseCycleOptions = {},
): DenseCycleResult {
  return runDense(engine, n, dtype, 0, (cells) => fill(cells), options);
}

/**
 * Cycle statistics of the complete matrix predicted by Thurstonian utilities (means and variances
 * of n options, as fitted): p_ij = Phi((m_i - m_j) / sqrt(v_i + v_j + 1e-5)), built in the engine.
 */
export function predictedCycles(engine: Engine, means: Float64Array, variances: Float64Array, options: DenseCycleOptions = {}): DenseCycleResult {
  const n = means.length;
  if (variances.length !== n) throw new InputError(`utilities have ${n} means but ${variances.length} variances`);
  means.forEach((m, i) => {
    if (!Number.isFinite(m) || !(variances[i] >= 0) || !Number.isFinite(variances[i])) {
      throw new InputError(`utility ${i} has mean ${m} and variance ${variances[i]} (need finite numbers, variance >= 0)`);
    }
  });
  return runDense(engine, n, 'float64', 2 * n, (cells, scratch) => {
    engine.f64(scratch, n).set(means);
    engine.f64(scratch + 8 * n, n).set(variances);
    cycleKernels(engine).thurstonianMatrix(n, scratch, scratch + 8 * n, cells.byteOffset);
  }, options);
}

function runDense(
  engine: Engine, n: number, dtype: MatrixDtype, scratchF64: number,
  fill: (cells: Float64Array | Float32Array, scratch: number) => void, options: DenseCycleOptions,
): DenseCycleResult {
  const opts = resolveDenseOptions(options);
  if (!Number.isInteger(n) || n < 3) throw new InputError(`a cycle count needs a square matrix of at least 3 options (got ${n})`);
  const bytes = CELL_BYTES[dtype];
  if (!bytes) throw new InputError(`matrix dtype must be float64 or float32 (got ${JSON.stringify(dtype)})`);
  const listHard = opts.majority ? Math.min(opts.listHard, choose3(n)) : 0;
  const words = Math.ceil(n / 64);
  const layout = engine.layout();
  const matrix = layout.take(n * n, bytes);
  const stats = layout.take(4 * n, 8);
  const part = layout.take(n, 8);
  const where = layout.take(3, 8);
  const list = layout.take(3 * listHard, 4);
  const bits = layout.take(listHard > 0 ? 2 * n * words : 0, 8);
  const scratch = layout.take(scratchF64, 8);
  if (layout.end > WASM32_MAX_BYTES) {
    const gib = ((layout.end - matrix) / 1024 ** 3).toFixed(2);
    throw new InputError(`a ${n} x ${n} ${dtype} matrix${listHard > 0 ? ` with ${listHard} listed cycles` : ''} needs ${gib} GiB; the wasm32 engine addresses at most 4 GiB` +
      (dtype === 'float64' ? ' (a float32 matrix takes half)' : ''));
  }
  engine.reserve(layout.end);
  const buffer = engine.kernels.memory.buffer;
  fill(dtype === 'float64' ? new Float64Array(buffer, matrix, n * n) : new Float32Array(buffer, matrix, n * n), scratch);

  const k = cycleKernels(engine);
  const t0 = now();
  // float64: one pass validates and gathers the row statistics; float32 reads the matrix twice.
  const status = dtype === 'float64'
    ? k.canonicalizeF64(n, matrix, opts.tolerance, opts.symmetrize ? 1 : 0, where, stats)
    : k.canonicalizeF32(n, matrix, opts.tolerance, opts.symmetrize ? 1 : 0, where);
  if (status !== CycleStatus.ok) throw cellError(engine, status, where, opts.tolerance);
  const t1 = now();
  const expected = dtype === 'float64' ? k.expectedCyclicTriads(n, stats) : k.cycleRowStatsF32(n, matrix, stats);
  const hard = opts.majority ? k.hardCyclicTriads(n, stats) : NaN;
  const t2 = now();
  let participation: Float64Array | undefined;
  if (opts.participation) {
    if (dtype === 'float64') k.cycleParticipationF64(n, matrix, stats, part);
    else k.cycleParticipationF32(n, matrix, stats, part);
    participation = engine.f64(part, n).slice();
  }
  const t3 = now();
  let hardCycles: [number, number, number][] | undefined;
  if (listHard > 0) {
    // Strict cycles are at most Kendall's count (ties only add), so the scan can stop there.
    const limit = Math.min(listHard, Math.floor(hard));
    let found = 0;
    if (limit > 0) {
      if (dtype === 'float64') k.hardBitsF64(n, matrix, bits);
      else k.hardBitsF32(n, matrix, bits);
      found = k.listHardCycles(n, bits, limit, list);
    }
    const ids = engine.i32(list, 3 * found);
    hardCycles = [];
    for (let c = 0; c < found; c++) hardCycles.push([ids[3 * c], ids[3 * c + 1], ids[3 * c + 2]]);
  }
  const t4 = now();
  if (!Number.isFinite(expected) || (opts.majority && !Number.isFinite(hard))) throw new NumericError(`cycle kernel returned ${expected} for a validated ${n} x ${n} matrix`);
  const ties = opts.majority ? engine.f64(stats + 3 * n * 8, n).reduce((a, b) => a + b, 0) / 2 : NaN;
  const triads = choose3(n);
  return {
    n,
    triads,
    mean_cycle_probability: expected / triads,
    expected_cyclic_triads: expected,
    hard_cyclic_triads: hard,
    hard_cycle_fraction: hard / triads,
    tied_pairs: ties,
    ...(participation ? { participation } : {}),
    ...(hardCycles ? { hard_cycles: hardCycles } : {}),
    seconds: {
      validate: (t1 - t0) / 1000,
      mean: (t2 - t1) / 1000,
      participation: (t3 - t2) / 1000,
      list: (t4 - t3) / 1000,
      total: (t4 - t0) / 1000,
    },
  };
}

/**
 * Runs the dense kernels of one dtype once on a 3 x 3 matrix, so that a runtime which compiles
 * WebAssembly lazily (V8 compiles each function on its first call) does so before a large matrix
 * is timed. Returns the seconds it took (compilation, in practice).
 */
export function warmDenseKernels(engine: Engine, dtype: MatrixDtype): number {
  const t0 = now();
  denseCycles(engine, 3, dtype, (cells) => cells.set([0, 1, 0, 0, 0, 1, 1, 0, 0]), { listHard: 1 });
  return (now() - t0) / 1000;
}

/** denseCycles over a row-major matrix already in JavaScript memory (copied once into the engine). */
export function denseCyclesOf(engine: Engine, matrix: Float64Array | Float32Array, n: number, options: DenseCycleOptions = {}): DenseCycleResult {
  if (matrix.length !== n * n) throw new InputError(`matrix has ${matrix.length} cells, expected ${n} x ${n} = ${n * n}`);
  return denseCycles(engine, n, matrix instanceof Float32Array ? 'float32' : 'float64', (cells) => cells.set(matrix), options);
}

/** Validates dense options at the public edge and merges them with the defaults. */
export function resolveDenseOptions(options: DenseCycleOptions): Required<DenseCycleOptions> {
  const opts = { ...DENSE_CYCLE_DEFAULTS, ...options };
  if (typeof opts.tolerance !== 'number' || !(opts.tolerance >= 0)) {
    throw new InputError(`options.tolerance must be a non-negative number (got ${opts.tolerance})`);
  }
  if (!Number.isInteger(opts.listHard) || opts.listHard < 0) {
    throw new InputError(`options.listHard must be a non-negative integer (got ${opts.listHard})`);
  }
  return opts;
}

function cellError(engine: Engine, status: number, where: number, tolerance: number): InputError {
  const [i, j] = engine.i32(where, 2);
  const [a, b] = engine.f64(where + 8, 2);
  switch (status) {
    case CycleStatus.notANumber:
      return new InputError(`matrix cell [${i}][${j}] is not a number`);
    case CycleStatus.outOfRange:
      return new InputError(`matrix cell [${i}][${j}] = ${a} is outside [0, 1]`);
    default:
      return new InputError(
        `matrix cells [${i}][${j}] = ${a} and [${j}][${i}] = ${b} sum to ${a + b}, not 1 within tolerance ${tolerance} ` +
        '(use --symmetrize to average the two)');
  }
}
