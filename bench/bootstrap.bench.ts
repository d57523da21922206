// The edge bootstrap's cost at N = 510 (E = 9,174, K = 10): B = 200 warm-started refits through the
// worker pool on 2 threads (target: under 3 s on 2 cores). Reports wall seconds and the process's
// CPU seconds (all threads; process.cpuUsage), whose half is the wall time 2 idle cores would need.
// Also the default fit's cost with and without cross-validating the prior strength.
//   node --import tsx bench/bootstrap.bench.ts

import { loadavg } from 'node:os';
import { fitIndexed } from '../src/fit/fit.js';
import { createFitPool } from '../src/node/pool/fit-pool.js';
import { loadEngine } from '../src/node/load-engine.js';
import { plantedBench } from './prior-graphs.js';

const engine = loadEngine();
const g = plantedBench(510, 9174, 10, 1).train;
const cpuOf = (f: () => void) => {
  const c = process.cpuUsage();
  const t = performance.now();
  f();
  const u = process.cpuUsage(c);
  return { cpu: (u.user + u.system) / 1e6, wall: (performance.now() - t) / 1000 };
};
fitIndexed(engine, { ...g }, { priorStrength: 0.05 }); // warm the engine
const fixed = cpuOf(() => fitIndexed(engine, { ...g }, { priorStrength: 0.05 }));
const cv = cpuOf(() => fitIndexed(engine, { ...g }, {}));
const fit = fitIndexed(engine, { ...g }, {});
const pool = createFitPool({ threads: 2 });
await pool.bootstrap(g, fit, { priorStrength: fit.fit.prior_strength, tolerance: 1e-4 }, 4, 99); // start both workers
const c0 = process.cpuUsage();
const t0 = performance.now();
const reps = await pool.bootstrap(g, fit, { priorStrength: fit.fit.prior_strength, tolerance: 1e-4 }, 200, 1);
const wall = (performance.now() - t0) / 1000;
const u = process.cpuUsage(c0);
await pool.close();
const cpu = (u.user + u.system) / 1e6;
console.log('| measurement | CPU s | wall s |');
console.log('|---|---:|---:|');
console.log(`| one fit, strength 0.05 | ${fixed.cpu.toFixed(3)} | ${fixed.wall.toFixed(3)} |`);
console.log(`| one fit, strength by 5-fold CV (default) | ${cv.cpu.toFixed(3)} | ${cv.wall.toFixed(3)} |`);
console.log(`| bootstrap B = ${reps.length}, pool of 2 threads | ${cpu.toFixed(2)} (idle 2-core estimate ${(cpu / 2).toFixed(2)} s) | ${wall.toFixed(2)} |`);
console.log(`\nload average: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
