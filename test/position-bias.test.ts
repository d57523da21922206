// Position bias, measured: the interval and test against plain-sum oracles, then recovery of the
// synthetic world's planted bias from a run's answers. The planted first-option rate is computed
// here from the world's own answer probabilities, never from the measuring code.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { binomialTestHalf, positionBias, wilsonInterval } from '../src/metrics/position-bias.js';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';
import { SyntheticValueSystem } from '../src/elicit/synthetic-model.js';
import { loadEngine } from '../src/node/load-engine.js';
import { measure } from '../src/node/run/run-utilities.js';
import { buildResults, formatSummary } from '../src/node/run/results.js';
import { summariseRun, sweepCsv } from '../src/node/sweep/model-summary.js';

/** Two-sided exact binomial p-value at 0.5 by summing the pmf (log space, term by term). */
function binomialOracle(k: number, n: number): number {
  const logPmf: number[] = [];
  let logC = 0; // log C(n, 0)
  for (let i = 0; i <= n; i++) {
    logPmf.push(logC + n * Math.log(0.5));
    logC += Math.log(n - i) - Math.log(i + 1);
  }
  const observed = logPmf[k];
  // Sum of outcomes no more likely than the one observed (the usual definition).
  let p = 0;
  for (const lp of logPmf) if (lp <= observed + 1e-12) p += Math.exp(lp);
  return Math.min(1, p);
}

test('the binomial test against 0.5 matches summing the probabilities, small and large n', () => {
  for (const [k, n] of [[15, 20], [5, 20], [10, 20], [0, 7], [7, 7], [530, 1000], [2600, 5000], [2480, 5000], [1, 1]]) {
    const got = binomialTestHalf(k, n);
    const want = binomialOracle(k, n);
    assert.ok(Math.abs(got - want) <= 1e-9 + 1e-7 * want, `k=${k} n=${n}: ${got} vs ${want}`);
  }
  assert.ok(Math.abs(binomialTestHalf(15, 20) - 0.04138946533203125) < 1e-12, 'a textbook value: 2 * 6196/2^20');
  assert.ok(Number.isNaN(binomialTestHalf(0, 0)));
});

test('the Wilson interval: a worked value, inside [0, 1] at the edges, and its defining equation', () => {
  const [lo, hi] = wilsonInterval(60, 100);
  // R: prop.test(60, 100, correct = FALSE)$conf.int
  assert.ok(Math.abs(lo - 0.5020026) < 1e-6 && Math.abs(hi - 0.6905987) < 1e-6, `${lo} ${hi}`);
  const [lo0, hi0] = wilsonInterval(0, 10);
  assert.is(lo0, 0);
  assert.ok(hi0 > 0.25 && hi0 < 0.35, `${hi0}`);
  assert.is(wilsonInterval(10, 10)[1], 1);
  // The bounds are the p where |k/n − p| = z·sqrt(p(1 − p)/n).
  for (const [k, n] of [[3, 40], [123, 400], [999, 1000]]) {
    for (const p of wilsonInterval(k, n)) {
      if (p === 0 || p === 1) continue;
      assert.ok(Math.abs(Math.abs(k / n - p) - 1.959963984540054 * Math.sqrt((p * (1 - p)) / n)) < 1e-12, `k=${k} n=${n} p=${p}`);
    }
  }
});

test('answers are counted per shown position; unparseable replies and tied readings are left out', () => {
  const b = positionBias([{ parsed: ['A', 'A', 'B', null] }, { parsed: ['A', null] }]);
  assert.equal([b.first_option_answers, b.parsed_answers, b.first_option_rate, b.method], [3, 4, 0.75, 'sampled answers']);
  const l = positionBias([{ parsed: [], probability_first: 0.7 }, { parsed: [], probability_first: 0.5 }, { parsed: [], probability_first: null }, { parsed: [], probability_first: 0.2 }], 'logprobs');
  assert.equal([l.first_option_answers, l.parsed_answers, l.method], [1, 2, 'logprob argmax']);
  const none = positionBias([]);
  assert.ok(Number.isNaN(none.first_option_rate) && Number.isNaN(none.p_value));
});

const outcomes = defaultOutcomes().options.filter((_, i) => i % 9 === 0).slice(0, 40);

/** A run of the in-process world with a planted bias; its measured bias and the planted rate of the orders it asked. */
async function biasedRun(bias: number) {
  const knobs = { positionBias: bias, seed: 3 };
  const state = await measure({ outcomes, synthetic: knobs, k: 5, seed: 11 });
  const world = new SyntheticValueSystem(knobs);
  const text = new Map(outcomes.map((o) => [o.id, o.description]));
  // Planted: the world's probability of picking the option shown first, weighted by parsed answers.
  let planted = 0;
  let weight = 0;
  for (const p of [...state.training, ...state.holdout]) {
    for (const [order, first, second] of [[p.original, p.a, p.b], [p.flipped, p.b, p.a]] as const) {
      const parsed = order.parsed.filter((x) => x !== null).length;
      planted += parsed * world.probabilityFirst(text.get(first)!, text.get(second)!);
      weight += parsed;
    }
  }
  return { results: buildResults(state), planted: planted / weight };
}

test('a planted first-position bias is recovered within its interval, and reported in summary and sweep.csv', async () => {
  const { results, planted } = await biasedRun(0.4);
  const b = results.position_bias;
  assert.ok(planted > 0.57, `the world plants a sizeable bias (${planted})`);
  assert.ok(b.first_option_rate_ci[0] <= planted && planted <= b.first_option_rate_ci[1], `planted ${planted} in ${b.first_option_rate_ci}`);
  assert.ok(b.p_value < 1e-10, `p = ${b.p_value}`);
  assert.ok(b.parsed_answers > 0.95 * results.answers.total);
  assert.match(formatSummary(results), /position bias: first option chosen in \d+\.\d% of \d+ parsed answers \(95% CI \d+\.\d–\d+\.\d%; vs 50%: p = /);
  const csv = sweepCsv([summariseRun(loadEngine(), { name: 'biased', model: 'synthetic', metadata: {} }, results, 1)]).split('\n');
  const header = csv[0].split(',');
  const row = csv[1].split(',');
  assert.is(Number(row[header.indexOf('first_option_rate')]), b.first_option_rate);
  assert.is(Number(row[header.indexOf('first_option_rate_lo')]), b.first_option_rate_ci[0]);
  assert.ok(header.includes('position_bias_p'));
});

test('without a planted bias the rate is 0.5 within its interval', async () => {
  const { results, planted } = await biasedRun(0);
  const b = results.position_bias;
  assert.ok(Math.abs(planted - 0.5) < 0.01, `both orders of a pair cancel, up to which replies parsed (${planted})`);
  assert.ok(b.first_option_rate_ci[0] <= 0.5 && 0.5 <= b.first_option_rate_ci[1], `${b.first_option_rate_ci}`);
  assert.ok(b.p_value > 0.05, `p = ${b.p_value}`);
});

test.run();
