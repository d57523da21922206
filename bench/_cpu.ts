import { fitIndexed } from '../src/fit/fit.js';
import { FitWorkspace } from '../src/fit/workspace.js';
import { bootstrapReplicate } from '../src/fit/bootstrap.js';
import { loadEngine } from '../src/node/load-engine.js';
import { plantedBench } from './prior-graphs.js';
const engine = loadEngine();
const g = plantedBench(510, 9174, 10, 1);
const fit = fitIndexed(engine, { ...g.train }, { priorStrength: 0.05 });
const ws = new FitWorkspace(engine, g.train);
ws.params.set(fit.params);
const cpu = (f: () => void, reps: number) => { const t = process.cpuUsage(); for (let i = 0; i < reps; i++) f(); const u = process.cpuUsage(t); return (u.user + u.system) / reps; };
for (let k = 0; k < 2; k++) {
console.log('lossGrad us', cpu(() => ws.lossGrad(), 300).toFixed(0));
console.log('hessian full us', cpu(() => ws.assembleHessian(false), 300).toFixed(0));
console.log('Hv us', cpu(() => ws.hessianTimes(ws.ptr.params, ws.ptr.out), 1000).toFixed(1));
console.log('fit cold (0.05) us', cpu(() => fitIndexed(engine, { ...g.train }, { priorStrength: 0.05 }), 10).toFixed(0));
console.log('fit cv us', cpu(() => fitIndexed(engine, { ...g.train }, {}), 2).toFixed(0));
let r = 0; console.log('bootstrap replicate us', cpu(() => bootstrapReplicate(engine, g.train, { priorStrength: 0.05, tolerance: 1e-4 }, fit.params, 1, r++), 20).toFixed(0));
}
