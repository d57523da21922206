// How strong should the default fit's prior be? Fits every benchmark graph (bench/prior-graphs.ts)
// with the paper's Adam, plain maximum likelihood, and MAP over a grid of prior strengths, and
// reports held-out log-loss, truth recovery (Pearson of fitted with true means) and variance
// collapse (smallest / median variance). The table in docs/fit.md comes from this script.
//   node --import tsx bench/prior.bench.ts [--quick]

import { fitIndexed, scoreIndexed, type FitOptions } from '../src/fit/fit.js';
import { pearson } from '../src/metrics/correlation.js';
import { loadEngine } from '../src/node/load-engine.js';
import { allBenches, type BenchGraph } from './prior-graphs.js';

interface Method { name: string; options: (g: BenchGraph) => FitOptions }

const strengths = [0.01, 0.03, 0.05, 0.1, 0.3, 1];
const methods: Method[] = [
  { name: 'adam (paper)', options: () => ({ optimizer: 'adam' }) },
  { name: 'ML (no prior, lbfgs)', options: () => ({ prior: 'none', optimizer: 'lbfgs' }) },
  // The issue's prototype: 1e-3 x mean of squares of mu and of s; in edges that is 2e-3 E / n.
  { name: 'prototype 1e-3', options: (g) => ({ priorStrength: 2e-3 * g.train.edgeA.length / g.train.n }) },
  ...strengths.map((s) => ({ name: `MAP ${s}`, options: () => ({ priorStrength: s }) })),
  // Per graph (the default): 5-fold cross-validation over the training edges picks the strength.
  { name: 'MAP, CV per graph (default)', options: () => ({}) },
];

const engine = loadEngine();
const graphs = await allBenches();
interface Row { heldLL: number; pearson: number; collapse: number; evals: number; seconds: number; strength: number }
const rows = new Map<string, Row[]>();
const perGraph: string[] = [];
for (const g of graphs) {
  const cells: string[] = [];
  for (const m of methods) {
    const r = fitIndexed(engine, { ...g.train }, { ...m.options(g), allowDisconnected: true });
    const held = scoreIndexed(engine, g.train.n, g.held.edgeA, g.held.edgeB, g.held.labels, r.means, r.variances);
    const sorted = Float64Array.from(r.variances).sort();
    const row: Row = {
      heldLL: held.log_loss, pearson: pearson(Array.from(g.truth), Array.from(r.means)),
      collapse: sorted[0] / sorted[sorted.length >> 1], evals: r.fit.evaluations, seconds: r.fit.seconds, strength: r.fit.prior_strength,
    };
    (rows.get(m.name) ?? rows.set(m.name, []).get(m.name)!).push(row);
    cells.push(`${row.heldLL.toFixed(4)} / ${row.pearson.toFixed(4)}`);
  }
  perGraph.push(`| ${g.family} | ${g.name} | ${g.train.edgeA.length} | ${cells.join(' | ')} |`);
  process.stderr.write(`${g.family} ${g.name}\n`);
}

console.log(`| family | graph | edges | ${methods.map((m) => m.name).join(' | ')} |`);
console.log(`|---|---|---:|${methods.map(() => '---|').join('')}`);
console.log(perGraph.join('\n'));
console.log('\ncells: held-out log-loss / truth Pearson\n');

const adam = rows.get('adam (paper)')!;
console.log('| method | mean held-out log-loss | held-out <= adam (all / planted+run) | mean truth Pearson | Pearson >= adam (all / planted+run) | worst min/median variance | median evaluations | median seconds |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
const target = graphs.map((g) => g.family !== 'al+pl');
const nTarget = target.filter(Boolean).length;
for (const m of methods) {
  const r = rows.get(m.name)!;
  const mean = (f: (x: Row) => number) => r.reduce((s, x) => s + f(x), 0) / r.length;
  const llOk = r.map((x, i) => x.heldLL <= adam[i].heldLL + 1e-12);
  const pOk = r.map((x, i) => x.pearson >= adam[i].pearson - 1e-12);
  const count = (ok: boolean[], only: boolean) => ok.filter((v, i) => v && (!only || target[i])).length;
  const median = (f: (x: Row) => number) => r.map(f).sort((a, b) => a - b)[r.length >> 1];
  console.log(`| ${m.name} | ${mean((x) => x.heldLL).toFixed(4)} | ${count(llOk, false)}/${r.length} / ${count(llOk, true)}/${nTarget} | ${mean((x) => x.pearson).toFixed(4)} | ${count(pOk, false)}/${r.length} / ${count(pOk, true)}/${nTarget} | ${Math.min(...r.map((x) => x.collapse)).toExponential(1)} | ${median((x) => x.evals)} | ${median((x) => x.seconds).toFixed(3)} |`);
}

const cv = rows.get('MAP, CV per graph (default)')!;
console.log(`\nstrengths chosen by CV: ${graphs.map((g, i) => `${g.family} ${g.name}: ${cv[i].strength}`).join('; ')}`);
