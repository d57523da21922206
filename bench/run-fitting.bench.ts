// How long `npm start` spends fitting: the default run (500 outcomes, synthetic model, in process)
// with every fit timed in CPU seconds (process.cpuUsage, robust to other load on a shared machine)
// and wall seconds, against the previous default (L-BFGS, maximum likelihood, no intervals) in the
// same script. Laplace intervals are timed apart.
//   node --import tsx bench/run-fitting.bench.ts

import { fitIndexed } from '../src/fit/fit.js';
import { loadEngine } from '../src/node/load-engine.js';
import { measure } from '../src/node/run/run-utilities.js';
import type { RunConfig } from '../src/node/run/run-config.js';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';

const engine = loadEngine();
const outcomes = defaultOutcomes().options;
const configs: Array<[string, Partial<RunConfig>]> = [
  ['default (newton, MAP with CV, Laplace intervals)', {}],
  ['previous default (lbfgs, maximum likelihood, no intervals)', { optimizer: 'lbfgs', prior: 'none', ci: 'none' }],
  ['--optimizer adam (paper, fresh starts)', { optimizer: 'adam', ci: 'none' }],
];
console.log('| configuration | fits | fitting CPU s | fitting wall s | interval CPU s (wall) | held-out log-loss | truth Pearson |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [name, config] of configs) {
  let cpu = 0;
  let fits = 0;
  const c0 = process.cpuUsage();
  const s = await measure({ outcomes, ...config }, {
    engine,
    fit: async (g, o) => {
      const t = process.cpuUsage();
      const r = fitIndexed(engine, g, o);
      const u = process.cpuUsage(t);
      cpu += (u.user + u.system) / 1e6;
      fits++;
      return r;
    },
  });
  const total = process.cpuUsage(c0);
  void total;
  const iv = s.intervals ? `${s.intervals.seconds.toFixed(2)} wall` : '-';
  console.log(`| ${name} | ${fits} | ${cpu.toFixed(2)} | ${s.timing.fitting_seconds.toFixed(2)} | ${iv} | ${s.holdoutMetrics.log_loss.toFixed(4)} | ${s.recovery?.pearson.toFixed(4)} |`);
}
console.log(`\nload average: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
