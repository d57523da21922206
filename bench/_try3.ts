import { fitIndexed } from '../src/fit/fit.js';
import { laplaceIntervals, bootstrapSummary } from '../src/fit/intervals.js';
import { bootstrapReplicate } from '../src/fit/bootstrap.js';
import { priorPrecision } from '../src/fit/prior.js';
import { loadEngine } from '../src/node/load-engine.js';
import { plantedBench } from './prior-graphs.js';
const engine = loadEngine();
for (const [K, E] of [[10, 9174], [2, 2000]]) {
const g = plantedBench(510, E, K, 3);
const fit = fitIndexed(engine, { ...g.train }, {});
const tm = Array.from(g.truth); const mu = tm.reduce((a,b)=>a+b)/tm.length; const sd = Math.sqrt(tm.reduce((a,b)=>a+(b-mu)**2,0)/(tm.length-1));
const truth = tm.map(x => (x-mu)/sd);
const lap = laplaceIntervals(engine, g.train, fit, priorPrecision('gaussian', 0.03, E), 0.9);
const cover = (iv: any) => truth.filter((t, i) => iv.lo[i] <= t && t <= iv.hi[i]).length / truth.length;
console.log('laplace', lap.seconds.toFixed(2), 's cg', lap.cgIterations, 'coverage', cover(lap), 'median se', Array.from(lap.stdError).sort()[255]);
const t0 = performance.now();
const reps = []; for (let r = 0; r < 0; r++) reps.push(bootstrapReplicate(engine, g.train, { tolerance: 1e-4 }, fit.params, 1, r));
const bs = bootstrapSummary(fit, reps, 0.9, (performance.now()-t0)/1000);
console.log('bootstrap', bs.seconds.toFixed(2), 's coverage', cover(bs), 'median se', Array.from(bs.stdError).sort()[255]);
}
