// `utility-engine cycles INPUT`: transitivity statistics of a dense preference matrix (JSON array of
// rows, or a 2-D float64/float32 .npy file) or of the pairs observed in a preference graph /
// results.json (sparse mode), optionally with the complete matrix its fitted utilities predict.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { denseCycles, predictedCycles, warmDenseKernels, type DenseCycleResult } from '../../cycles/dense.js';
import { parseMatrixJson } from '../../cycles/matrix-json.js';
import { NPY_PREFIX_BYTES, npyHeaderBytes, parseNpyHeader } from '../../cycles/npy.js';
import { sparseCycles, type SparseCycleResult } from '../../cycles/sparse.js';
import { InputError } from '../../errors.js';
import { readGraph } from '../../graph/formats.js';
import { indexGraph, type OptionId } from '../../graph/preference-graph.js';
import { integerOption, numberOption, parseCommandArgs, readJsonFile, toJson } from '../cli-support.js';
import { loadEngine } from '../load-engine.js';
import type { Engine } from '../../engine/engine.js';

export const usage = `
usage: utility-engine cycles INPUT [options]

INPUT is a dense matrix of P(row option over column option) — a JSON array of rows or a 2-D
float64/float32 .npy file — or a preference graph / results.json (sparse mode: the triangles among
the pairs that were asked). Prints a JSON summary on stdout.

options:
  --predicted        also count cycles in the complete matrix predicted by the file's fitted
                     "utilities" ({id: {mean, variance}}); alone if the file has no graph
  --symmetrize       average p_ij with 1 - p_ji instead of requiring p_ij + p_ji = 1
  --tolerance X      largest accepted |p_ij + p_ji - 1| (default 1e-6)
  --list-hard N      list up to N majority cycles [a, b, c] (a beats b beats c beats a)
  --bins N           histogram bins for sparse mode (default 10, at most 10000)
  --top N            options with the most expected cycles to show (default 10)
  --per-option       add every option's figures ("per_option"), in input order
`;

/** Bounds on the size flags: far above use, low enough that a typo fails at once (not after minutes). */
const MAX_BINS = 10_000;
const MAX_LISTED = 10_000_000;

/** Bytes per read call when streaming a .npy file into engine memory (below Node's 2 GiB cap). */
const READ_CHUNK = 1 << 30;

interface CycleCommandOptions {
  tolerance: number;
  symmetrize: boolean;
  listHard: number;
  bins: number;
  top: number;
  perOption: boolean;
}

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    predicted: { type: 'boolean' },
    symmetrize: { type: 'boolean' },
    tolerance: { type: 'string' },
    'list-hard': { type: 'string' },
    bins: { type: 'string' },
    top: { type: 'string' },
    'per-option': { type: 'boolean' },
  }, usage);
  if (positionals.length !== 1) throw new InputError(`cycles takes exactly one INPUT file (got ${positionals.length})`);
  const input = positionals[0];
  const opts: CycleCommandOptions = {
    tolerance: numberOption('tolerance', values.tolerance as string | undefined, (x) => x >= 0 && Number.isFinite(x), 'a non-negative number') ?? 1e-6,
    symmetrize: values.symmetrize === true,
    listHard: integerOption('list-hard', values['list-hard'] as string | undefined, 0, MAX_LISTED) ?? 0,
    bins: integerOption('bins', values.bins as string | undefined, 1, MAX_BINS) ?? 10,
    top: integerOption('top', values.top as string | undefined, 0, MAX_LISTED) ?? 10,
    perOption: values['per-option'] === true,
  };
  const engine = loadEngine();
  const summary = isNpy(input)
    ? { input, mode: 'dense', ...denseSummary(readNpyInto(engine, input, opts), null, opts) }
    : jsonSummary(engine, input, readJsonFile(input), values.predicted === true, opts);
  process.stdout.write(toJson(summary));
}

function isNpy(path: string): boolean {
  if (path.toLowerCase().endsWith('.npy')) return true;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = new Uint8Array(6);
    readSync(fd, head, 0, 6, 0);
    return head[0] === 0x93 && String.fromCharCode(...head.subarray(1)) === 'NUMPY';
  } catch {
    return false; // readJsonFile reports the unreadable file
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Streams a square 2-D .npy matrix straight into engine memory and runs the dense kernels. */
function readNpyInto(engine: Engine, path: string, opts: CycleCommandOptions): DenseCycleResult & { warmup: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new InputError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const prefix = new Uint8Array(NPY_PREFIX_BYTES);
    readSync(fd, prefix, 0, prefix.length, 0);
    const headerBytes = new Uint8Array(npyHeaderBytes(prefix, path));
    readSync(fd, headerBytes, 0, headerBytes.length, 0);
    const header = parseNpyHeader(headerBytes, path);
    const [rows, cols] = header.shape;
    if (header.shape.length !== 2) throw new InputError(`${path}: .npy array has ${header.shape.length} dimensions, need a 2-D matrix`);
    if (rows !== cols) throw new InputError(`${path}: matrix is ${rows} x ${cols}, not square`);
    if (header.fortranOrder) throw new InputError(`${path}: Fortran-ordered .npy arrays are not supported (save np.ascontiguousarray(m))`);
    const size = fstatSync(fd).size;
    if (size < header.dataOffset + header.dataBytes) {
      throw new InputError(`${path}: .npy file is truncated (${size} bytes; a ${rows} x ${cols} ${header.dtype} matrix needs ${header.dataOffset + header.dataBytes})`);
    }
    // Compile the kernels before the matrix arrives, so `seconds` times the kernels alone.
    const warmup = warmDenseKernels(engine, header.dtype);
    const result = denseCycles(engine, rows, header.dtype, (cells) => {
      const bytes = new Uint8Array(cells.buffer, cells.byteOffset, cells.byteLength);
      for (let done = 0; done < bytes.length;) {
        const got = readSync(fd, bytes, done, Math.min(READ_CHUNK, bytes.length - done), header.dataOffset + done);
        if (got <= 0) throw new InputError(`${path}: .npy file ended early`);
        done += got;
      }
    }, { tolerance: opts.tolerance, symmetrize: opts.symmetrize, listHard: opts.listHard });
    return { ...result, warmup };
  } finally {
    closeSync(fd);
  }
}

function jsonSummary(engine: Engine, input: string, data: unknown, predicted: boolean, opts: CycleCommandOptions): Record<string, unknown> {
  if (Array.isArray(data)) {
    if (predicted) throw new InputError('--predicted needs a results file with fitted "utilities", not a matrix');
    const { n, cells } = parseMatrixJson(data, input);
    if (n < 3) throw new InputError(`${input}: a cycle count needs at least 3 options (got a ${n} x ${n} matrix)`);
    const result = denseCycles(engine, n, 'float64', (view) => view.set(cells), {
      tolerance: opts.tolerance, symmetrize: opts.symmetrize, listHard: opts.listHard,
    });
    return { input, mode: 'dense', ...denseSummary(result, null, opts) };
  }
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const hasGraph = 'graph_data' in record || ('options' in record && 'edges' in record);
  if (!hasGraph && !(predicted && 'utilities' in record)) readGraph(data, input); // throws the graph reader's message
  const out: Record<string, unknown> = { input };
  let ids: OptionId[] | undefined;
  if (hasGraph) {
    const loaded = readGraph(data, input);
    const g = indexGraph(loaded.graph, [...loaded.graph.edges, ...loaded.holdout]);
    ids = g.ids;
    if (g.n < 3) throw new InputError(`${input}: a cycle count needs at least 3 options (got ${g.n})`);
    const result = sparseCycles(engine, g.n, g.edgeA, g.edgeB, g.labels, { bins: opts.bins, listHard: opts.listHard });
    Object.assign(out, { mode: 'sparse', ...sparseSummary(result, g.ids, opts) });
  }
  if (predicted) {
    const utilities = record.utilities;
    if (typeof utilities !== 'object' || utilities === null || Array.isArray(utilities)) {
      throw new InputError(`${input}: --predicted needs "utilities" as {id: {mean, variance}}`);
    }
    const table = utilities as Record<string, { mean?: unknown; variance?: unknown }>;
    const order = ids ?? Object.keys(table);
    const means = new Float64Array(order.length);
    const variances = new Float64Array(order.length);
    order.forEach((id, i) => {
      const u = table[String(id)];
      if (!u || typeof u.mean !== 'number' || typeof u.variance !== 'number') {
        throw new InputError(`${input}: utilities[${JSON.stringify(String(id))}] lacks a numeric mean and variance`);
      }
      means[i] = u.mean;
      variances[i] = u.variance;
    });
    if (order.length < 3) throw new InputError(`${input}: a cycle count needs at least 3 options (got ${order.length} utilities)`);
    const result = predictedCycles(engine, means, variances, { listHard: opts.listHard });
    const summary = denseSummary(result, order, opts);
    if (hasGraph) out.predicted = summary;
    else Object.assign(out, { mode: 'predicted', ...summary });
  }
  return out;
}

function denseSummary(r: DenseCycleResult & { warmup?: number }, ids: readonly OptionId[] | null, opts: CycleCommandOptions): Record<string, unknown> {
  const name = (i: number) => (ids ? ids[i] : i);
  return {
    n: r.n,
    triads: r.triads,
    mean_cycle_probability: r.mean_cycle_probability,
    expected_cyclic_triads: r.expected_cyclic_triads,
    hard_cyclic_triads: r.hard_cyclic_triads,
    hard_cycle_fraction: r.hard_cycle_fraction,
    tied_pairs: r.tied_pairs,
    most_cyclic_options: top(r.participation!, opts.top).map((i) => ({ option: name(i), expected_cyclic_triads: r.participation![i] })),
    ...(r.hard_cycles ? { hard_cycles: r.hard_cycles.map((c) => c.map(name)) } : {}),
    ...(opts.perOption ? { per_option: Array.from(r.participation!, (x, i) => ({ option: name(i), expected_cyclic_triads: x })) } : {}),
    seconds: r.seconds.total,
    seconds_by_step: r.seconds,
    ...(r.warmup !== undefined ? { seconds_warmup: r.warmup } : {}),
  };
}

function sparseSummary(r: SparseCycleResult, ids: readonly OptionId[], opts: CycleCommandOptions): Record<string, unknown> {
  return {
    n: r.n,
    edges: r.edges,
    triads: r.triads,
    mean_cycle_probability: r.mean_cycle_probability,
    expected_cyclic_triads: r.expected_cyclic_triads,
    hard_cyclic_triads: r.hard_cyclic_triads,
    hard_cycle_fraction: r.hard_cycle_fraction,
    histogram: r.histogram,
    most_cyclic_options: top(r.perOption.expectedCyclic, opts.top).map((i) => ({
      option: ids[i],
      triangles: r.perOption.triangles[i],
      expected_cyclic_triads: r.perOption.expectedCyclic[i],
      hard_cyclic_triads: r.perOption.hardCyclic[i],
    })),
    ...(opts.listHard > 0 ? { hard_cycles: r.hard_cycles.map((c) => c.map((i) => ids[i])) } : {}),
    ...(opts.perOption ? {
      per_option: ids.map((id, i) => ({
        option: id,
        triangles: r.perOption.triangles[i],
        expected_cyclic_triads: r.perOption.expectedCyclic[i],
        hard_cyclic_triads: r.perOption.hardCyclic[i],
      })),
    } : {}),
    seconds: r.seconds,
  };
}

/** Indices of the k largest values (ties by index), skipping zeros. */
function top(values: Float64Array, k: number): number[] {
  const idx = Array.from(values.keys()).filter((i) => values[i] > 0);
  idx.sort((a, b) => values[b] - values[a] || a - b);
  return idx.slice(0, k);
}
