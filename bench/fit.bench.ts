// Fitting speed and quality against the paper's procedure, side by side in one run.
//   npm run bench          (needs /usr/bin/python3 with python3-torch: bench/setup.sh)
//   FIT_BENCH_SIZES=510,2000 npm run bench     (a subset of sizes)
// Graphs: planted Thurstonian utilities, floor(2 N log2 N) training pairs (the paper's budget) with
// 10 answers each, plus a held-out set of further pairs (5% of the budget, at most 1,000) that no
// fit sees. Per N, three methods:
//   - PyTorch Adam: the paper's procedure (bench/thurstonian_torch.py; float32, lr 0.01, 1000
//     epochs), started from the same parameters as the engine's adam run;
//   - engine adam: the same procedure in the engine (float64);
//   - engine default: fitThurstonian with its defaults, as `utility-engine fit` runs it.
// Reported: seconds per fit warm (median of repeated fits in this process) and first fit in a fresh
// process (median `fit.seconds` of fresh `utility-engine fit` processes), speed-up against the
// baseline, held-out log-loss (all scored by the same evaluate kernel), loss evaluations, and the
// kernel's nanoseconds per edge at the default fit's optimum.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitThurstonian, initialiseParams, scoreIndexed, type FitOptions, type FitResult } from '../src/fit/fit.js';
import { FitWorkspace } from '../src/fit/workspace.js';
import { indexGraph, type PreferenceGraph } from '../src/graph/preference-graph.js';
import { loadEngine } from '../src/node/load-engine.js';
import { plantedGraph } from '../src/sampling/planted-graph.js';
import { Random } from '../src/sampling/random.js';

const SIZES = (process.env.FIT_BENCH_SIZES ?? '510,2000,5000,20000').split(',').map(Number);
const ANSWERS_PER_EDGE = 10; // the issue's scaling table
const SEED = 2025;
const HELD_OUT_SHARE = 0.05; // the paper's held-out share, capped as in `run`
const HELD_OUT_CAP = 1000;
/** Skip the baseline when its predicted time (linear in edges from the last size run) exceeds this. */
const BASELINE_LIMIT_SECONDS = 60;
const PYTHON = process.env.TORCH_PYTHON ?? '/usr/bin/python3';

const engine = loadEngine();
const dir = mkdtempSync(join(tmpdir(), 'ue-fit-bench-'));
const loadBefore = loadavg()[0];

interface Row {
  n: number; e: number; held: number;
  torch?: { seconds: number; heldOut: number; threads: number; version: string };
  torchSkipped?: string;
  adam: { warm: number; first: number; heldOut: number; evaluations: number };
  adam32: { warm: number; first: number; heldOut: number; evaluations: number };
  fast: { warm: number; first: number; heldOut: number; evaluations: number; cv?: string };
  given: { warm: number; first: number; heldOut: number; evaluations: number; strength: number };
  nsLossGrad: number; nsGrad: number; nsLossGrad32: number; nsGrad32: number;
}

/** Planted graph with `budget` training pairs and a disjoint held-out set of further pairs. */
function benchGraph(n: number): { train: PreferenceGraph; heldOut: PreferenceGraph['edges'] } {
  const budget = Math.floor(2 * n * Math.log2(n));
  const held = Math.min(HELD_OUT_CAP, Math.ceil(HELD_OUT_SHARE * budget));
  const { graph } = plantedGraph({ n, edges: budget + held, answersPerEdge: ANSWERS_PER_EDGE, seed: SEED });
  // The first n pairs form the spanning cycle that keeps the graph connected: never held out.
  const pick = new Set(new Random(SEED + 1).shuffle(Array.from({ length: graph.edges.length - n }, (_, i) => n + i)).slice(0, held));
  return {
    train: { options: graph.options, edges: graph.edges.filter((_, i) => !pick.has(i)) },
    heldOut: graph.edges.filter((_, i) => pick.has(i)),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median seconds of `runs` warm fits (after one unmeasured fit), and that fit's result. */
function warmFit(graph: PreferenceGraph, options: FitOptions, runs: number): { seconds: number; result: FitResult } {
  const result = fitThurstonian(engine, graph, options);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(fitThurstonian(engine, graph, options).fit.seconds);
  return { seconds: median(times), result };
}

/** Median `fit.seconds` of the first (only) fit of `runs` fresh `utility-engine fit` processes. */
function firstFit(file: string, args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['dist/node/cli.js', 'fit', file, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push(JSON.parse(out).fit.seconds);
  }
  return median(times);
}

/**
 * The same for fit options the CLI has no flag for (precision): a fresh process that reads the
 * graph, loads the engine and reports the first fit's `fit.seconds`, through the built package.
 */
function firstFitWith(file: string, options: FitOptions, runs: number): number {
  const script = `import { readFileSync } from 'node:fs';
import { fitThurstonian } from './dist/index.js';
import { loadEngine } from './dist/node/index.js';
const graph = JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));
console.log(fitThurstonian(loadEngine(), graph, ${JSON.stringify(options)}).fit.seconds);`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    times.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })));
  }
  return median(times);
}

/** Best of many timings of one loss (+ gradient) evaluation, in ns per edge. */
function nsPerEdge(ws: FitWorkspace, wantLoss: boolean): number {
  const reps = Math.max(20, Math.round(4e6 / ws.e));
  let best = Infinity;
  for (let t = 0; t < reps; t++) {
    const t0 = performance.now();
    ws.lossGrad(wantLoss);
    best = Math.min(best, performance.now() - t0);
  }
  return (best * 1e6) / ws.e;
}

const rows: Row[] = [];
let lastTorch: { seconds: number; e: number } | undefined;
for (const n of SIZES) {
  const { train, heldOut } = benchGraph(n);
  const g = indexGraph(train);
  const h = indexGraph(train, heldOut);
  const e = g.edgeA.length;
  const file = join(dir, `graph-${n}.json`);
  writeFileSync(file, JSON.stringify(train));
  const heldLoss = (means: ArrayLike<number>, variances: ArrayLike<number>) =>
    scoreIndexed(engine, n, h.edgeA, h.edgeB, h.labels, Float64Array.from(means), Float64Array.from(variances)).log_loss;
  console.log(`N = ${n}: ${e} training pairs, ${h.edgeA.length} held out`);

  const big = e > 100_000;
  const fast = warmFit(train, {}, big ? 1 : 5);
  const adam = warmFit(train, { optimizer: 'adam' }, big ? 1 : 3);
  const adam32 = warmFit(train, { optimizer: 'adam', precision: 'f32' }, big ? 1 : 3);
  const fastFirst = firstFit(file, [], big ? 1 : 3);
  // The same MAP fit with the strength cross-validation chose given up front: the optimiser and
  // kernels alone, without the cross-validation fits.
  const strength = fast.result.fit.prior_strength;
  const given = warmFit(train, { priorStrength: strength }, big ? 1 : 5);
  const givenFirst = firstFit(file, ['--prior-strength', String(strength)], big ? 1 : 3);
  const adamFirst = firstFit(file, ['--optimizer', 'adam'], big ? 1 : 3);
  const adam32First = firstFitWith(file, { optimizer: 'adam', precision: 'f32' }, big ? 1 : 3);
  const ws = new FitWorkspace(engine, g);
  ws.params.set(fast.result.params);
  const nsLossGrad = nsPerEdge(ws, true);
  const nsGrad = nsPerEdge(ws, false);
  const ws32 = new FitWorkspace(engine, g, undefined, 'f32');
  ws32.params.set(fast.result.params);
  const nsLossGrad32 = nsPerEdge(ws32, true);
  const nsGrad32 = nsPerEdge(ws32, false);

  let torch: Row['torch'];
  let torchSkipped: string | undefined;
  const predicted = lastTorch ? (lastTorch.seconds * e) / lastTorch.e : 0;
  if (predicted > BASELINE_LIMIT_SECONDS) {
    torchSkipped = `skipped (predicted ${predicted.toFixed(0)} s from N = ${rows[rows.length - 1].n}, linear in edges)`;
  } else {
    const init = new Float64Array(2 * n);
    initialiseParams(init, n, { optimizer: 'adam', seed: 42 });
    const spec = join(dir, `torch-${n}.json`);
    writeFileSync(spec, JSON.stringify({ a: Array.from(g.edgeA), b: Array.from(g.edgeB), p: Array.from(g.labels), init: Array.from(init), epochs: 1000, lr: 0.01 }));
    const run = spawnSync(PYTHON, ['bench/thurstonian_torch.py', spec], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (run.status !== 0) {
      console.error(`PyTorch baseline failed (${PYTHON}); install it with bench/setup.sh\n${run.stderr}`);
      process.exit(1);
    }
    const t = JSON.parse(run.stdout) as { seconds: number; means: number[]; variances: number[]; torch: string; threads: number };
    torch = { seconds: t.seconds, heldOut: heldLoss(t.means, t.variances), threads: t.threads, version: t.torch };
    lastTorch = { seconds: t.seconds, e };
  }
  const row: Row = {
    n, e, held: h.edgeA.length, torch, torchSkipped,
    adam: { warm: adam.seconds, first: adamFirst, heldOut: heldLoss(adam.result.means, adam.result.variances), evaluations: adam.result.fit.evaluations },
    adam32: { warm: adam32.seconds, first: adam32First, heldOut: heldLoss(adam32.result.means, adam32.result.variances), evaluations: adam32.result.fit.evaluations },
    fast: {
      warm: fast.seconds, first: fastFirst, heldOut: heldLoss(fast.result.means, fast.result.variances), evaluations: fast.result.fit.evaluations,
      cv: fast.result.fit.prior_choice?.method === 'cv' ? `5-fold CV over ${fast.result.fit.prior_choice.strengths?.length} strengths` : undefined,
    },
    given: {
      warm: given.seconds, first: givenFirst, heldOut: heldLoss(given.result.means, given.result.variances),
      evaluations: given.result.fit.evaluations, strength,
    },
    nsLossGrad, nsGrad, nsLossGrad32, nsGrad32,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}

const fmt = (s: number) => (s < 1 ? `${(s * 1000).toFixed(1)} ms` : `${s.toFixed(2)} s`);
const ratio = (base: number | undefined, s: number) => (base === undefined ? '–' : `${(base / s).toFixed(0)}x`);
const torchVersion = rows.find((r) => r.torch)?.torch;
const lines = [
  '| N | edges (held out) | method | warm s/fit | first fit, fresh process | speed-up vs paper (warm / first) | held-out log-loss | evaluations | kernel ns/edge: loss+grad / grad, f64 (f32) |',
  '|---|---|---|---|---|---|---|---|---|',
];
for (const r of rows) {
  const base = r.torch?.seconds;
  const edges = `${r.e.toLocaleString('en-US')} (${r.held})`;
  lines.push(r.torch
    ? `| ${r.n.toLocaleString('en-US')} | ${edges} | paper: PyTorch Adam, float32 | ${fmt(r.torch.seconds)} | ${fmt(r.torch.seconds)} | 1x | ${r.torch.heldOut.toFixed(4)} | 1000 epochs | |`
    : `| ${r.n.toLocaleString('en-US')} | ${edges} | paper: PyTorch Adam, float32 | ${r.torchSkipped} | | | | | |`);
  lines.push(`| | | engine adam (paper's procedure, f64) | ${fmt(r.adam.warm)} | ${fmt(r.adam.first)} | ${ratio(base, r.adam.warm)} / ${ratio(base, r.adam.first)} | ${r.adam.heldOut.toFixed(4)} | ${r.adam.evaluations} | |`);
  lines.push(`| | | engine adam, f32 kernel | ${fmt(r.adam32.warm)} | ${fmt(r.adam32.first)} | ${ratio(base, r.adam32.warm)} / ${ratio(base, r.adam32.first)} | ${r.adam32.heldOut.toFixed(4)} | ${r.adam32.evaluations} | |`);
  lines.push(`| | | engine MAP, --prior-strength ${r.given.strength} (CV's choice, no CV) | ${fmt(r.given.warm)} | ${fmt(r.given.first)} | ${ratio(base, r.given.warm)} / ${ratio(base, r.given.first)} | ${r.given.heldOut.toFixed(4)} | ${r.given.evaluations} | |`);
  lines.push(`| | | engine default fit | ${fmt(r.fast.warm)} | ${fmt(r.fast.first)} | ${ratio(base, r.fast.warm)} / ${ratio(base, r.fast.first)} | ${r.fast.heldOut.toFixed(4)} | ${r.fast.evaluations}${r.fast.cv ? ` + ${r.fast.cv}` : ''} | ${r.nsLossGrad.toFixed(1)} / ${r.nsGrad.toFixed(1)} (${r.nsLossGrad32.toFixed(1)} / ${r.nsGrad32.toFixed(1)}) |`);
}
const loadAfter = loadavg()[0];
lines.push('');
lines.push(`machine: ${process.arch}, Node ${process.versions.node}, torch ${torchVersion?.version ?? '–'} with ${torchVersion?.threads ?? '–'} threads; ` +
  `1-minute load average ${loadBefore.toFixed(1)} at start, ${loadAfter.toFixed(1)} at end (${availableParallelism()} cores)`);
const report = lines.join('\n');
console.log('\n' + report);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/fit.md', report + '\n');
