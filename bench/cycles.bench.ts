// Cycle counting against NumPy, in one script on this machine (run `npm run build` first: the CLI
// column runs dist/node/cli.js).
//   node --import tsx bench/cycles.bench.ts [--sizes 1000,2000,10000] [--repeats 5] [--trace-max 2000]
// Dense: a seeded random canonical matrix (p_ij uniform, p_ji = 1 - p_ij, diagonal 0) per size is
// written to a temporary .npy. Timed:
//   - from the CLI: `utility-engine cycles FILE.npy` in --repeats fresh processes, its reported
//     validate + mean (the one-pass validation that also gathers row statistics, then the O(N)
//     reduction); what a user meets. The headline ratios are against this.
//   - in process: the engine's O(N^2) row pass over a matrix already canonical in memory
//     (cycleRowSumsF64, the mean alone; cycleRowStatsF64, with Kendall's count; float32).
//   - NumPy by Debian's /usr/bin/python3 on the same file: (a) trace(P P P), (b) the same identity
//     vectorised, (b') (b) with einsum; once on Debian's reference BLAS (one thread) and once on
//     OpenBLAS (Debian's libopenblas0-pthread, selected per process through LD_LIBRARY_PATH, both
//     cores: what pip's NumPy and most users have). Medians of --repeats runs; (a) once above
//     N = 1,500 and skipped above --trace-max as it is O(N^3).
// The answers must agree to 1e-9 relative. Also timed: participation, and sparse triangle listing
// on 100,000 options / 1,000,000 edges (uniform and clustered).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { denseCycles } from '../src/cycles/dense.js';
import { cycleKernels } from '../src/cycles/kernels.js';
import { parseNpyHeader, writeNpy } from '../src/cycles/npy.js';
import { sparseCycles } from '../src/cycles/sparse.js';
import { loadEngine } from '../src/node/load-engine.js';
import { Random } from '../src/sampling/random.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,2000,10000' },
    repeats: { type: 'string', default: '5' },
    'trace-max': { type: 'string', default: '2000' },
  },
});
const SIZES = values.sizes!.split(',').map(Number);
const REPEATS = Number(values.repeats);
const TRACE_MAX = Number(values['trace-max']);
const PYTHON = '/usr/bin/python3';
const BASELINE = new URL('./cycles_baseline.py', import.meta.url).pathname;
const AGREE = 1e-9;
const CLI = new URL('../dist/node/cli.js', import.meta.url).pathname;
/** Debian's reference BLAS (libblas3) and OpenBLAS (libopenblas0-pthread) each ship a libblas.so.3 here. */
const REFERENCE_BLAS_DIR = '/usr/lib/x86_64-linux-gnu/blas';
const OPENBLAS_DIR = '/usr/lib/x86_64-linux-gnu/openblas-pthread';
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
if (!existsSync(join(OPENBLAS_DIR, 'libblas.so.3'))) throw new Error(`no OpenBLAS in ${OPENBLAS_DIR}: apt-get install libopenblas0-pthread (bench/setup.sh)`);

console.log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.versions.node}`);
const engine = loadEngine();
const k = cycleKernels(engine);
const dir = mkdtempSync(join(tmpdir(), 'cycles-bench-'));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function randomCanonical(n: number, seed: number): Float64Array {
  const rng = new Random(seed);
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = rng.uniform();
      m[i * n + j] = p;
      m[j * n + i] = 1 - p;
    }
  }
  return m;
}

/** Median time of the engine's row pass over the matrix already canonical in engine memory. */
function timeEngine(n: number, dtype: 'float64' | 'float32', meanOnly = false): { seconds: number; mean: number } {
  // denseCycles lays the matrix out first and stats right after it; reuse that layout.
  const layout = engine.layout();
  const matrix = layout.take(n * n, dtype === 'float64' ? 8 : 4);
  const stats = layout.take(4 * n, 8);
  const pass = meanOnly ? k.cycleRowSumsF64 : dtype === 'float64' ? k.cycleRowStatsF64 : k.cycleRowStatsF32;
  const times: number[] = [];
  let expected = pass(n, matrix, stats); // untimed: V8 compiles a kernel on its first call
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    expected = pass(n, matrix, stats);
    times.push((performance.now() - t) / 1000);
  }
  return { seconds: median(times), mean: expected / ((n * (n - 1) * (n - 2)) / 6) };
}

interface Baseline {
  identity_seconds: number; identity_mean: number; einsum_seconds: number; einsum_mean: number;
  trace_seconds?: number; trace_mean?: number; numpy: string; blas: string;
}

/** Runs bench/cycles_baseline.py on the file, with Debian's reference BLAS or with OpenBLAS. */
function numpyBaseline(file: string, n: number, blas: 'reference' | 'openblas'): Baseline {
  const env = blas === 'reference'
    ? { ...process.env, LD_LIBRARY_PATH: REFERENCE_BLAS_DIR, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' }
    : { ...process.env, LD_LIBRARY_PATH: OPENBLAS_DIR };
  const py = spawnSync(PYTHON, [BASELINE, file, String(REPEATS), n <= TRACE_MAX ? 'trace' : 'notrace'], { encoding: 'utf8', maxBuffer: 1 << 20, env });
  if (py.status !== 0) throw new Error(`baseline failed: ${py.stderr}`);
  const base = JSON.parse(py.stdout) as Baseline;
  if (!base.blas.includes(blas === 'openblas' ? OPENBLAS_DIR : REFERENCE_BLAS_DIR)) throw new Error(`NumPy did not load the ${blas} BLAS (loaded ${base.blas})`);
  return base;
}

/** Median (and least) validate + mean (seconds) reported by `utility-engine cycles FILE` in fresh processes. */
function timeCli(file: string): { seconds: number; min: number; mean: number } {
  const times: number[] = [];
  let mean = NaN;
  for (let r = 0; r < REPEATS; r++) {
    const run = spawnSync(process.execPath, [CLI, 'cycles', file], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) throw new Error(`cycles CLI failed: ${run.stderr}`);
    const out = JSON.parse(run.stdout) as { mean_cycle_probability: number; seconds_by_step: { validate: number; mean: number } };
    times.push(out.seconds_by_step.validate + out.seconds_by_step.mean);
    mean = out.mean_cycle_probability;
  }
  return { seconds: median(times), min: Math.min(...times), mean };
}

/**
 * validate + mean as the CLI runs them (the .npy read straight into engine memory, then the
 * one-pass validation and the reduction), in this process, timed by CPU time: under background
 * load the wall-clock figures above include time spent waiting for a core; this does not.
 * Median of --repeats.
 */
function cpuValidateMean(file: string, n: number, dataOffset: number): number {
  const times: number[] = [];
  const fd = openSync(file, 'r');
  try {
    for (let r = 0; r <= REPEATS; r++) {
      let c0 = process.cpuUsage();
      denseCycles(engine, n, 'float64', (cells) => {
        readSync(fd, new Uint8Array(cells.buffer, cells.byteOffset, cells.byteLength), 0, cells.byteLength, dataOffset);
        c0 = process.cpuUsage();
      }, { participation: false });
      const c = process.cpuUsage(c0);
      if (r > 0) times.push((c.user + c.system) / 1e6); // the first call compiles the kernels
    }
  } finally {
    closeSync(fd);
  }
  return median(times);
}

const rows: string[] = [];
const fmt = (s: number) => (s < 0.1 ? `${(s * 1000).toFixed(1)} ms` : `${s.toFixed(2)} s`);
let failed = false;
try {
  for (const n of SIZES) {
    const m = randomCanonical(n, n);
    const file = join(dir, `m${n}.npy`);
    const npy = writeNpy(m, [n, n]);
    writeFileSync(file, npy);
    const full = denseCycles(engine, n, 'float64', (cells) => cells.set(m));
    const wasm = timeEngine(n, 'float64', true);
    const fused = timeEngine(n, 'float64');
    const cli = timeCli(file);
    const cpu = cpuValidateMean(file, n, parseNpyHeader(npy).dataOffset);
    const ref = numpyBaseline(file, n, 'reference');
    const open = numpyBaseline(file, n, 'openblas');
    for (const [name, mean] of [['identity', ref.identity_mean], ['einsum', ref.einsum_mean], ['trace', ref.trace_mean],
      ['OpenBLAS trace', open.trace_mean], ['OpenBLAS identity', open.identity_mean], ['fused', fused.mean], ['CLI', cli.mean]] as const) {
      if (mean === undefined) continue;
      const rel = Math.abs(mean - wasm.mean) / wasm.mean;
      if (!(rel <= AGREE)) { failed = true; console.log(`DISAGREE N=${n} ${name}: numpy ${mean} vs engine ${wasm.mean} (rel ${rel})`); }
    }
    const f32 = denseCycles(engine, n, 'float32', (cells) => cells.set(m));
    const wasm32 = timeEngine(n, 'float32');
    const vsCli = (s?: number) => (s === undefined ? 'skipped (O(N^3))' : `${fmt(s)} (${(s / cli.seconds).toFixed(0)}x)`);
    rows.push(`| ${n.toLocaleString('en')} | ${fmt(cli.seconds)} (min ${fmt(cli.min)}) | ${fmt(cpu)} | ${fmt(wasm.seconds)} | ${fmt(fused.seconds)} | ${fmt(wasm32.seconds)} | ` +
      `${vsCli(ref.trace_seconds)} | ${vsCli(open.trace_seconds)} | ` +
      `${fmt(ref.identity_seconds)} / ${fmt(open.identity_seconds)} (${(open.identity_seconds / cli.seconds).toFixed(1)}x) | ` +
      `${fmt(ref.einsum_seconds)} / ${fmt(open.einsum_seconds)} (${(open.einsum_seconds / cli.seconds).toFixed(1)}x) | ` +
      `${fmt(full.seconds.participation)} | ${wasm.mean.toFixed(9)} |`);
    console.log(`N=${n}: CLI validate + mean ${fmt(cli.seconds)}; engine row pass ${fmt(wasm.seconds)} (fused ${fmt(fused.seconds)}, f32 ${fmt(wasm32.seconds)}); ` +
      `numpy ${ref.numpy} reference BLAS (${ref.blas}): trace ${ref.trace_seconds === undefined ? 'skipped' : fmt(ref.trace_seconds)}; ` +
      `OpenBLAS (${open.blas}): trace ${open.trace_seconds === undefined ? 'skipped' : fmt(open.trace_seconds)}; f32 vs f64 mean ${f32.mean_cycle_probability - full.mean_cycle_probability}`);
    rmSync(file);
  }
  console.log(`\nload average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log('\n| N | CLI validate + mean (from .npy), wall | same, CPU time | engine mean, canonical matrix (f64) | same + Kendall | same, f32 | (a) trace(PPP), reference BLAS (ratio to CLI) | (a) trace(PPP), OpenBLAS (ratio to CLI) | (b) identity, reference / OpenBLAS (ratio) | (b\') einsum, reference / OpenBLAS (ratio) | engine participation | mean cycle probability |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);

  // Sparse: 100,000 options, 1,000,000 unique edges.
  const sparseRows: string[] = [];
  for (const kind of ['uniform', 'clustered'] as const) {
    const g = sparseGraph(kind, 100_000, 1_000_000, 7);
    const times: number[] = [];
    let result = sparseCycles(engine, g.n, g.a, g.b, g.p);
    for (let r = 0; r < REPEATS; r++) {
      result = sparseCycles(engine, g.n, g.a, g.b, g.p);
      times.push(result.seconds);
    }
    sparseRows.push(`| ${kind} | ${g.n.toLocaleString('en')} | ${g.a.length.toLocaleString('en')} | ${result.triads.toLocaleString('en')} | ${fmt(median(times))} | ${result.mean_cycle_probability.toFixed(4)} |`);
  }
  console.log('\n| sparse graph | options | edges | triangles | engine (CSR + listing) | mean cycle probability |');
  console.log('|---|---|---|---|---|---|');
  for (const r of sparseRows) console.log(r);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed) process.exit(1);

/** Unique random edges: uniform pairs, or pairs inside groups of 50 (many triangles). */
function sparseGraph(kind: 'uniform' | 'clustered', n: number, e: number, seed: number) {
  const rng = new Random(seed);
  const seen = new Set<number>();
  const a = new Int32Array(e), b = new Int32Array(e), p = new Float64Array(e);
  const GROUP = 50;
  for (let c = 0; c < e;) {
    let i: number, j: number;
    if (kind === 'uniform') {
      i = rng.int(n);
      j = rng.int(n);
    } else {
      const g = rng.int(n / GROUP) * GROUP;
      i = g + rng.int(GROUP);
      j = g + rng.int(GROUP);
    }
    if (i === j) continue;
    const key = Math.min(i, j) * n + Math.max(i, j);
    if (seen.has(key)) continue;
    seen.add(key);
    a[c] = i;
    b[c] = j;
    p[c] = rng.uniform();
    c++;
  }
  return { n, a, b, p };
}
