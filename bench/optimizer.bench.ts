// Evaluations per fit, flat in N: the default Newton-CG against L-BFGS on the same MAP objective
// (fixed prior strength, so both minimise the same function; cross-validation is counted apart).
// Planted graphs with E = 2 N log2 N and K = 10 answers per order. CPU time is process.cpuUsage
// (robust to other processes on a shared machine); wall time is reported too.
//   node --import tsx bench/optimizer.bench.ts

import { fitIndexed, type FitOptions, type FitResult } from '../src/fit/fit.js';
import { loadEngine } from '../src/node/load-engine.js';
import { allBenches, plantedBench } from './prior-graphs.js';

const engine = loadEngine();
const sizes: Array<[number, number]> = [[510, 7], [2000, 3], [5000, 3]];
const methods: Array<[string, FitOptions]> = [
  ['newton (default), strength 0.05', { optimizer: 'newton', priorStrength: 0.05 }],
  ['lbfgs, strength 0.05', { optimizer: 'lbfgs', priorStrength: 0.05 }],
  ['newton + 5-fold CV (the fit default)', { optimizer: 'newton' }],
];
const median = (x: number[]) => x.slice().sort((a, b) => a - b)[x.length >> 1];
console.log('| N | edges | method | evaluations (median) | Hessians | CG iterations | loss (median) | converged | CPU s (median) | wall s (median) |');
console.log('|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [n, seeds] of sizes) {
  const e = Math.floor(2 * n * Math.log2(n));
  const graphs = Array.from({ length: seeds }, (_, s) => plantedBench(n, e, 10, 500 + s).train);
  for (const [name, options] of methods) {
    const rows: Array<{ r: FitResult; cpu: number; wall: number }> = [];
    for (const g of graphs) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = fitIndexed(engine, g, options);
      const wall = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      rows.push({ r, cpu: (c.user + c.system) / 1e6, wall });
    }
    const f = (k: (x: FitResult) => number | undefined) => median(rows.map((x) => k(x.r) ?? 0));
    console.log(`| ${n} | ${e} | ${name} | ${f((x) => x.fit.evaluations)} | ${f((x) => x.fit.hessians)} | ${f((x) => x.fit.cg_iterations)} | ${f((x) => x.fit.loss).toFixed(8)} | ${rows.filter((x) => x.r.fit.converged).length}/${rows.length} | ${median(rows.map((x) => x.cpu)).toFixed(3)} | ${median(rows.map((x) => x.wall)).toFixed(3)} |`);
  }
}
// The spread: every graph of the prior study (planted K = 2..20, sparse, default runs, sparse
// active-learning runs with pseudolabels), default fit with the fixed strength.
const all = await allBenches();
const evals = all.map((b) => fitIndexed(engine, b.train, { priorStrength: 0.05 }).fit);
const sorted = evals.map((f) => f.evaluations).sort((a, b) => a - b);
console.log(`\nall ${all.length} graphs of bench/prior.bench.ts (N = 500-510, 2,000-89,392 edges), newton, strength 0.05: evaluations median ${sorted[sorted.length >> 1]}, max ${sorted[sorted.length - 1]}; Hessians median ${evals.map((f) => f.hessians ?? 0).sort((a, b) => a - b)[evals.length >> 1]}; converged ${evals.filter((f) => f.converged).length}/${evals.length}`);
console.log(`\nload average: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
