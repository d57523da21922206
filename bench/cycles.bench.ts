// Cycle counting against NumPy, in one script on this machine.
//   node --import tsx bench/cycles.bench.ts [--sizes 1000,2000,10000] [--repeats 5] [--trace-max 2000]
// Dense: a seeded random canonical matrix (p_ij uniform, p_ji = 1 - p_ij, diagonal 0) per size is
// written to a temporary .npy; the engine's exhaustive mean cycle probability (the O(N^2) row
// pass cycleRowSumsF64, one thread; and the fused pass cycleRowStatsF64 that also counts majority
// cycles) is timed against (a) NumPy trace(P P P), (b) the same identity vectorised in NumPy and
// (b') (b) with einsum, all run by Debian's /usr/bin/python3 on the same file (medians of
// --repeats runs; (a) once above N = 1,500, skipped above --trace-max as it is O(N^3)). Ratios
// are against the mean-only pass, which computes what the baselines compute. The answers must
// agree to 1e-9 relative. Also timed: the float32 path, validation + participation,
// and sparse triangle listing on 100,000 options / 1,000,000 edges (uniform and clustered).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { denseCycles } from '../src/cycles/dense.js';
import { cycleKernels } from '../src/cycles/kernels.js';
import { writeNpy } from '../src/cycles/npy.js';
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
  let expected = 0;
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    expected = pass(n, matrix, stats);
    times.push((performance.now() - t) / 1000);
  }
  return { seconds: median(times), mean: expected / ((n * (n - 1) * (n - 2)) / 6) };
}

const rows: string[] = [];
const fmt = (s: number) => (s < 0.1 ? `${(s * 1000).toFixed(1)} ms` : `${s.toFixed(2)} s`);
let failed = false;
try {
  for (const n of SIZES) {
    const m = randomCanonical(n, n);
    const file = join(dir, `m${n}.npy`);
    writeFileSync(file, writeNpy(m, [n, n]));
    const full = denseCycles(engine, n, 'float64', (cells) => cells.set(m));
    const wasm = timeEngine(n, 'float64', true);
    const fused = timeEngine(n, 'float64');
    const py = spawnSync(PYTHON, [BASELINE, file, String(REPEATS), n <= TRACE_MAX ? 'trace' : 'notrace'], {
      encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    });
    if (py.status !== 0) throw new Error(`baseline failed: ${py.stderr}`);
    const base = JSON.parse(py.stdout) as {
      identity_seconds: number; identity_mean: number; einsum_seconds: number; einsum_mean: number;
      trace_seconds?: number; trace_mean?: number; numpy: string;
    };
    for (const [name, mean] of [['identity', base.identity_mean], ['einsum', base.einsum_mean], ['trace', base.trace_mean], ['fused', fused.mean]] as const) {
      if (mean === undefined) continue;
      const rel = Math.abs(mean - wasm.mean) / wasm.mean;
      if (!(rel <= AGREE)) { failed = true; console.log(`DISAGREE N=${n} ${name}: numpy ${mean} vs engine ${wasm.mean} (rel ${rel})`); }
    }
    const f32 = denseCycles(engine, n, 'float32', (cells) => cells.set(m));
    const wasm32 = timeEngine(n, 'float32');
    rows.push(`| ${n.toLocaleString('en')} | ${fmt(wasm.seconds)} | ${fmt(fused.seconds)} | ${fmt(wasm32.seconds)} | ` +
      `${base.trace_seconds !== undefined ? `${fmt(base.trace_seconds)} (${(base.trace_seconds / wasm.seconds).toFixed(0)}x)` : 'skipped (O(N^3))'} | ` +
      `${fmt(base.identity_seconds)} (${(base.identity_seconds / wasm.seconds).toFixed(1)}x) | ` +
      `${fmt(base.einsum_seconds)} (${(base.einsum_seconds / wasm.seconds).toFixed(1)}x) | ` +
      `${fmt(full.seconds.validate)} / ${fmt(full.seconds.participation)} | ${wasm.mean.toFixed(9)} |`);
    console.log(`N=${n}: engine ${fmt(wasm.seconds)} (fused ${fmt(fused.seconds)}, f32 ${fmt(wasm32.seconds)}, mean ${wasm32.mean}), numpy ${base.numpy}: ` +
      `identity ${fmt(base.identity_seconds)}, trace ${base.trace_seconds === undefined ? 'skipped' : fmt(base.trace_seconds)}; f32 vs f64 mean ${f32.mean_cycle_probability - full.mean_cycle_probability}`);
    rmSync(file);
  }
  console.log('\n| N | engine mean (f64) | engine mean + Kendall (f64) | same, f32 | (a) NumPy trace(PPP) (ratio) | (b) NumPy identity (ratio) | (b\') NumPy identity, einsum (ratio) | engine validate / participation | mean cycle probability |');
  console.log('|---|---|---|---|---|---|---|---|---|');
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
