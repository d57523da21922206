import { fitIndexed } from '../src/fit/fit.js';
import { loadEngine } from '../src/node/load-engine.js';
import { plantedBench } from './prior-graphs.js';
const engine = loadEngine();
const g = plantedBench(510, 9174, 10, 1);
const r = fitIndexed(engine, { ...g.train }, { optimizer: 'newton', allowDisconnected: true });
console.log(r.fit);
