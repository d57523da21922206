// The whole pipeline, scored against the hidden chooser's true preferences: 80 outcomes, K = 4,
// 4 seeds, the built-in synthetic model. For every one of the 3,160 pairs the true soft label is
// the chooser's P(first) averaged over both orders (unparseable answers counted half each way);
// the "noise-free log-loss" is the cross-entropy of the fitted predictions against it, and its
// floor is the labels' own entropy. Compares the default (MAP, Newton, warm-started refits) with
// `--optimizer adam` (the paper: no prior, every fit started afresh).
//   node --import tsx bench/paper-mode.bench.ts

import { resolveSyntheticKnobs, SyntheticValueSystem } from '../src/elicit/synthetic-model.js';
import { measure } from '../src/node/run/run-utilities.js';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';

const outcomes = defaultOutcomes().options.slice(0, 80);
const knobs = resolveSyntheticKnobs({});
const chooser = new SyntheticValueSystem(knobs);
const Phi = (x: number) => 0.5 * erfc(-x / Math.SQRT2);

function erfc(x: number): number {
  // Numerical Recipes' erfcc-style Chebyshev fit is not used: a continued fraction / series split.
  const t = Math.abs(x);
  let r: number;
  if (t < 2.5) {
    let term = t;
    let sum = t;
    for (let k = 1; k < 80; k++) {
      term *= (-t * t) / k;
      sum += term / (2 * k + 1);
    }
    r = 1 - (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    let f = t;
    for (let k = 80; k >= 1; k--) f = t + (k / 2) / f;
    r = Math.exp(-t * t) / Math.sqrt(Math.PI) / f;
  }
  return x >= 0 ? r : 2 - r;
}

const truth: Array<{ a: number; b: number; p: number }> = [];
for (let a = 0; a < outcomes.length; a++) {
  for (let b = a + 1; b < outcomes.length; b++) {
    const da = outcomes[a].description;
    const db = outcomes[b].description;
    const p = (chooser.probabilityFirst(da, db) + 1 - chooser.probabilityFirst(db, da)) / 2;
    truth.push({ a, b, p: (1 - knobs.unparseableRate) * p + knobs.unparseableRate / 2 });
  }
}
const xlogy = (x: number, y: number) => (x === 0 ? 0 : x * Math.log(y));
const floor = truth.reduce((s, t) => s - xlogy(t.p, t.p) - xlogy(1 - t.p, 1 - t.p), 0) / truth.length;

const rows: Record<string, number[]> = {};
const fitSeconds: Record<string, number[]> = {};
for (const [name, optimizer] of [['default (MAP, newton)', undefined], ['--optimizer adam (paper)', 'adam']] as const) {
  for (const seed of [1, 2, 3, 4]) {
    const s = await measure({ outcomes, k: 4, seed, optimizer, ci: 'none' });
    const m = s.final.means;
    const v = s.final.variances;
    let loss = 0;
    for (const t of truth) {
      const q = Math.min(Math.max(Phi((m[t.a] - m[t.b]) / Math.sqrt(v[t.a] + v[t.b] + 1e-5)), 1e-5), 1 - 1e-5);
      loss -= xlogy(t.p, q) + xlogy(1 - t.p, 1 - q);
    }
    (rows[name] ??= []).push(loss / truth.length);
    (fitSeconds[name] ??= []).push(s.timing.fitting_seconds);
  }
}
const ms = (x: number[]) => {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1));
  return `${mean.toFixed(3)} ± ${sd.toFixed(3)}`;
};
console.log(`| pipeline | noise-free log-loss (mean ± sd over 4 seeds) | per seed | fitting s (mean) |`);
console.log('|---|---|---|---:|');
for (const [name, x] of Object.entries(rows)) {
  console.log(`| ${name} | ${ms(x)} | ${x.map((y) => y.toFixed(3)).join(', ')} | ${(fitSeconds[name].reduce((a, b) => a + b, 0) / 4).toFixed(2)} |`);
}
console.log(`\nfloor (entropy of the true labels): ${floor.toFixed(3)}; ${truth.length} pairs`);
