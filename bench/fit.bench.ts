// Fitting throughput on a paper-scale graph, against a PyTorch baseline run from this script.
//   node --import tsx bench/fit.bench.ts            (needs /usr/bin/python3 with python3-torch: bench/setup.sh)
// Graph: N = 510 planted options, floor(2 N log2 N) = 9,174 pairs, 20 answers each, seed 2025.
// Reports, per method: seconds per fit (warm average, and the first fit in a fresh process as
// `utility-engine fit` reports it in fit.seconds), the ratio to the PyTorch baseline, the final
// training log-loss (all scored by the same evaluate kernel), Pearson correlation of the means
// with the baseline's, and nanoseconds per edge per loss+gradient evaluation.
import Benchmark from 'benchmark';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitThurstonian, initialiseParams, scoreIndexed } from '../src/fit/fit.js';
import { FitWorkspace } from '../src/fit/workspace.js';
import { indexGraph } from '../src/graph/preference-graph.js';
import { loadEngine } from '../src/node/load-engine.js';
import { pearson } from '../src/metrics/correlation.js';
import { plantedGraph } from '../src/sampling/planted-graph.js';

const N = 510;
const SEED = 2025;
const COLD_RUNS = 5;
const PYTHON = process.env.TORCH_PYTHON ?? '/usr/bin/python3';

const engine = loadEngine();
const { graph } = plantedGraph({ n: N, answersPerEdge: 20, seed: SEED });
const g = indexGraph(graph);
const E = g.edgeA.length;
const dir = mkdtempSync(join(tmpdir(), 'ue-bench-'));
const graphFile = join(dir, 'graph.json');
writeFileSync(graphFile, JSON.stringify(graph));
console.log(`graph: N = ${N}, ${E} edges, 20 answers per edge (seed ${SEED})`);

// Warm averages (benchmark.js), in this process.
const lbfgs = fitThurstonian(engine, graph);
const adam = fitThurstonian(engine, graph, { optimizer: 'adam' });
const ws = new FitWorkspace(engine, g);
ws.params.set(lbfgs.params);
const warm: Record<string, number> = {};
await new Promise<void>((resolve) => {
  new Benchmark.Suite()
    .add('lbfgs', () => fitThurstonian(engine, graph))
    .add('adam', () => fitThurstonian(engine, graph, { optimizer: 'adam' }))
    .add('lossGrad', () => {
      ws.params.set(lbfgs.params);
      ws.lossGrad();
    })
    .on('cycle', (event: Benchmark.Event) => {
      const b = event.target as Benchmark;
      warm[b.name!] = b.stats.mean;
      console.log(`  ${String(event.target)}`);
    })
    .on('complete', () => resolve())
    .run();
});
const nsPerEdge = (warm.lossGrad * 1e9) / E;

// The first fit in a fresh process, as the CLI reports it (median of COLD_RUNS processes).
function coldSeconds(optimizer: string): number {
  const times: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const out = execFileSync(process.execPath, ['dist/node/cli.js', 'fit', graphFile, '--optimizer', optimizer], { encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(JSON.parse(out).fit.seconds);
  }
  return times.sort((x, y) => x - y)[Math.floor(times.length / 2)];
}
const cold = { lbfgs: coldSeconds('lbfgs'), adam: coldSeconds('adam') };

// PyTorch baseline: same graph, same initial parameters as our adam run.
const init = new Float64Array(2 * N);
initialiseParams(init, N, { optimizer: 'adam', seed: 42 });
const specFile = join(dir, 'torch-input.json');
writeFileSync(specFile, JSON.stringify({ a: Array.from(g.edgeA), b: Array.from(g.edgeB), p: Array.from(g.labels), init: Array.from(init), epochs: 1000, lr: 0.01 }));
const torchRun = spawnSync(PYTHON, ['bench/thurstonian_torch.py', specFile], { encoding: 'utf8', maxBuffer: 1 << 28 });
if (torchRun.status !== 0) {
  console.error(`PyTorch baseline failed (${PYTHON}); install it with bench/setup.sh\n${torchRun.stderr}`);
  process.exit(1);
}
const torch = JSON.parse(torchRun.stdout) as { seconds: number; means: number[]; variances: number[]; torch: string; threads: number };
const torchMetrics = scoreIndexed(engine, N, g.edgeA, g.edgeB, g.labels, Float64Array.from(torch.means), Float64Array.from(torch.variances));

const rows = [
  ['PyTorch Adam (baseline, float32)', torch.seconds, torch.seconds, torchMetrics.log_loss, 1, '1000 epochs'],
  ['engine adam (paper procedure, f64)', warm.adam, cold.adam, adam.metrics.log_loss, pearson(adam.means, torch.means), '1000 epochs'],
  ['engine lbfgs (default)', warm.lbfgs, cold.lbfgs, lbfgs.metrics.log_loss, pearson(lbfgs.means, torch.means), `${lbfgs.fit.evaluations} evaluations`],
] as const;
const lines = [
  `| method | s per fit (warm) | first fit, fresh process | speed-up vs baseline (warm / first) | training log-loss | Pearson r vs baseline means | work |`,
  `|---|---|---|---|---|---|---|`,
  ...rows.map(([name, w, c, loss, r, work]) =>
    `| ${name} | ${w.toFixed(4)} | ${c.toFixed(4)} | ${(torch.seconds / w).toFixed(1)}x / ${(torch.seconds / c).toFixed(1)}x | ${loss.toFixed(6)} | ${r.toFixed(6)} | ${work} |`),
  '',
  `loss + gradient: ${nsPerEdge.toFixed(2)} ns per edge per evaluation (${(warm.lossGrad * 1e6).toFixed(1)} us for ${E} edges)`,
  `machine: ${process.arch}, Node ${process.versions.node}, torch ${torch.torch} with ${torch.threads} threads`,
];
const report = lines.join('\n');
console.log('\n' + report);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/fit.md', report + '\n');
