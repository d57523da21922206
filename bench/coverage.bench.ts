// Coverage of 90% intervals on planted graphs: Laplace (sandwich) and the edge bootstrap (B = 200
// through the worker pool, 2 threads), overall and by decile of the true utility, plus the
// bootstrap's wall time at N = 510 (target: B = 200 under 3 s on 2 cores).
//   node --import tsx bench/coverage.bench.ts [seeds]

import { availableParallelism } from 'node:os';
import { fitIndexed } from '../src/fit/fit.js';
import { bootstrapSummary, laplaceIntervals, type UtilityIntervals } from '../src/fit/intervals.js';
import { priorPrecision } from '../src/fit/prior.js';
import { createFitPool } from '../src/node/pool/fit-pool.js';
import { loadEngine } from '../src/node/load-engine.js';
import { plantedBench, type BenchGraph } from './prior-graphs.js';

const seeds = Number(process.argv[2] ?? 4);
const engine = loadEngine();
const pool = createFitPool({ threads: Math.min(2, availableParallelism()) });
const LEVEL = 0.9;
const B = 200;

interface Tally { inside: number[]; total: number[] }
const tallies = new Map<string, Tally>();
const tally = (key: string) => tallies.get(key) ?? tallies.set(key, { inside: Array(11).fill(0), total: Array(11).fill(0) }).get(key)!;
const bootSeconds: number[] = [];
const laplaceSeconds: number[] = [];

function score(key: string, g: BenchGraph, iv: UtilityIntervals): void {
  const t = Array.from(g.truth);
  const n = t.length;
  const mean = t.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const order = t.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const decile = new Int32Array(n);
  order.forEach(([, i], rank) => { decile[i] = Math.floor((10 * rank) / n); });
  const tl = tally(key);
  t.forEach((x, i) => {
    const z = (x - mean) / sd;
    const ok = iv.lo[i] <= z && z <= iv.hi[i] ? 1 : 0;
    tl.inside[decile[i]] += ok;
    tl.total[decile[i]]++;
    tl.inside[10] += ok;
    tl.total[10]++;
  });
}

const families: Array<[string, (seed: number) => BenchGraph]> = [
  ['dense K=10 (N=510, E=9,174)', (s) => plantedBench(510, 9174, 10, 100 + s)],
  ['dense K=2 (N=510, E=9,174)', (s) => plantedBench(510, 9174, 2, 200 + s)],
  ['sparse K=2 (N=510, E=2,000)', (s) => plantedBench(510, 2000, 2, 300 + s, 'sparse')],
];
for (const [name, make] of families) {
  for (let s = 0; s < seeds; s++) {
    const g = make(s);
    const fit = fitIndexed(engine, g.train, {});
    const kappa = priorPrecision('gaussian', fit.fit.prior_strength, g.train.edgeA.length);
    const lap = laplaceIntervals(engine, g.train, fit, kappa, LEVEL);
    laplaceSeconds.push(lap.seconds);
    score(`${name} | laplace`, g, lap);
    const t = performance.now();
    const reps = await pool.bootstrap(g.train, fit, { priorStrength: fit.fit.prior_strength, tolerance: 1e-4 }, B, s);
    const seconds = (performance.now() - t) / 1000;
    if (name.startsWith('dense K=10')) bootSeconds.push(seconds);
    score(`${name} | bootstrap`, g, bootstrapSummary(fit, reps, LEVEL, seconds));
    process.stderr.write(`${name} seed ${s}: laplace ${lap.seconds.toFixed(2)} s, bootstrap ${seconds.toFixed(2)} s\n`);
  }
}
await pool.close();

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
console.log(`| graphs (${seeds} seeds each) | method | coverage | ${Array.from({ length: 10 }, (_, d) => `d${d + 1}`).join(' | ')} |`);
console.log(`|---|---|---:|${Array(10).fill('---:').join('|')}|`);
for (const [key, t] of tallies) {
  console.log(`| ${key} | ${pct(t.inside[10], t.total[10])} | ${t.inside.slice(0, 10).map((x, d) => pct(x, t.total[d])).join(' | ')} |`);
}
const med = (x: number[]) => x.slice().sort((a, b) => a - b)[x.length >> 1];
console.log(`\nbootstrap B = ${B} at N = 510 (dense K=10), 2 threads: median ${med(bootSeconds).toFixed(2)} s; Laplace median ${med(laplaceSeconds).toFixed(2)} s`);
console.log(`load average at the end: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
