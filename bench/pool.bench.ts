// Fitting throughput through the worker pool against fitting in the calling thread.
//   node --import tsx bench/pool.bench.ts [--fits 200] [--n 510] [--chunks 4]
// Paper-scale graphs (N = 510, 2 N log2 N ≈ 9,200 edges, 20 answers per edge, seeds 0..fits-1),
// each fitted with the default optimiser three ways: in-thread (no pool, one warm engine), the
// pool with 1 thread, the pool with 2 threads. Graphs are indexed before timing (a fresh copy per
// mode, since the pool takes the arrays), so every mode times the same work: fitting. The fits are
// split into chunks and the modes take turns chunk by chunk, so a change in background load
// affects all three alike. Ratios are against runs in this same process, on this machine.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { fitIndexed, type FitResult } from '../src/fit/fit.js';
import { indexGraph, type IndexedGraph, type PreferenceGraph } from '../src/graph/preference-graph.js';
import { loadEngine } from '../src/node/load-engine.js';
import { createFitPool, type FitPool } from '../src/node/pool/fit-pool.js';
import { plantedGraph } from '../src/sampling/planted-graph.js';

const { values } = parseArgs({
  options: { fits: { type: 'string', default: '200' }, n: { type: 'string', default: '510' }, chunks: { type: 'string', default: '4' } },
});
const FITS = Number(values.fits);
const N = Number(values.n);
const CHUNKS = Math.min(Number(values.chunks), FITS);

type Mode = { name: string; fit(graphs: IndexedGraph[]): Promise<FitResult[]>; seconds: number; lossSum: number };

const t0 = performance.now();
const graphs: PreferenceGraph[] = Array.from({ length: FITS }, (_, seed) => plantedGraph({ n: N, seed }).graph);
const edges = graphs.reduce((s, g) => s + g.edges.length, 0) / FITS;
console.log(`${FITS} graphs, N = ${N}, ${edges.toFixed(0)} edges on average (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
console.log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.versions.node}`);
// Other processes competing for the cores distort the 2-thread figure most: say how busy it was.
const load = () => loadavg()[0].toFixed(2);
console.log(`1-minute load average before timing: ${load()} (other work competing for the cores)`);

const engine = loadEngine();
const pools: FitPool[] = [createFitPool({ threads: 1 }), createFitPool({ threads: 2 })];
const modes: Mode[] = [
  { name: 'in-thread (no pool)', fit: async (gs) => gs.map((g) => fitIndexed(engine, g)), seconds: 0, lossSum: 0 },
  { name: 'pool, 1 thread', fit: (gs) => Promise.all(gs.map((g) => pools[0].fitIndexed(g))), seconds: 0, lossSum: 0 },
  { name: 'pool, 2 threads', fit: (gs) => Promise.all(gs.map((g) => pools[1].fitIndexed(g))), seconds: 0, lossSum: 0 },
];
try {
  // Warm-up: every worker instantiated and every engine's memory sized, outside the timing.
  for (const mode of modes) await mode.fit([0, 1].map((i) => indexGraph(graphs[i])));
  for (let c = 0; c < CHUNKS; c++) {
    const chunk = graphs.slice(Math.floor((c * FITS) / CHUNKS), Math.floor(((c + 1) * FITS) / CHUNKS));
    for (let k = 0; k < modes.length; k++) {
      const mode = modes[(c + k) % modes.length]; // rotate who goes first
      const indexed = chunk.map((g) => indexGraph(g));
      const started = performance.now();
      const results = await mode.fit(indexed);
      mode.seconds += (performance.now() - started) / 1000;
      mode.lossSum += results.reduce((s, r) => s + r.fit.loss, 0);
    }
  }
} finally {
  await Promise.all(pools.map((p) => p.close()));
}

const [base, one, two] = modes;
for (const m of [one, two]) {
  // Same engine, same code: the pool must reproduce the in-thread fits exactly.
  if (m.lossSum !== base.lossSum) throw new Error(`${m.name}: sum of losses ${m.lossSum} differs from in-thread ${base.lossSum}`);
}
const rate = (m: Mode) => FITS / m.seconds;
console.log('\n| mode | seconds | fits/s | vs in-thread | vs pool 1 thread |');
console.log('|---|---:|---:|---:|---:|');
for (const m of modes) {
  console.log(`| ${m.name} | ${m.seconds.toFixed(2)} | ${rate(m).toFixed(2)} | ${(rate(m) / rate(base)).toFixed(3)}x | ${(rate(m) / rate(one)).toFixed(3)}x |`);
}
console.log(`\n1-minute load average after timing: ${load()} (this script itself keeps up to 2 cores busy)`);
const overhead = (rate(base) / rate(one) - 1) * 100;
console.log(`pool overhead at 1 thread: ${overhead.toFixed(1)}% (target <= 5%); ` +
  `2 threads / 1 thread: ${(rate(two) / rate(one)).toFixed(2)}x (target >= 1.8x)`);
