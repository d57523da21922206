import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PairAnswers } from '../../src/elicit/ask-pairs.js';
import { locateOptions } from '../../src/elicit/synthetic-model.js';
import { renderPrompt } from '../../src/elicit/prompts.js';
import { InputError } from '../../src/errors.js';
import {
  analyseDiscounting, choiceProbability, fitDiscountCurve, indifferencePoint, isotonic,
} from '../../src/experiments/time-discounting/analysis.js';
import {
  DISCOUNT_TEMPLATE, delayedText, delayGrid, discountOptions, laterAmounts, resolveGrid, DISCOUNT_GRID,
} from '../../src/experiments/time-discounting/options.js';
import { timeDiscounting } from '../../src/experiments/time-discounting/index.js';
import { prepareExperiment, runExperiments } from '../../src/node/experiment/runner.js';
import type { RunConfig } from '../../src/node/run/run-config.js';
import { defaultOutcomes } from '../../src/outcomes/outcomes.js';
import { runCli } from '../support/run-helpers.js';

test("grid: the paper's 60 delays x 30 amounts = 1,800 questions, amounts rounded to $100", () => {
  const { items, delays, amounts, options, registry } = discountOptions();
  assert.is(delays.length, 60);
  assert.equal(delays.slice(0, 3), [0, 1, 2]);
  assert.equal(delays.slice(-3), [57, 58, 60]);
  assert.is(amounts.length, 30);
  assert.equal(amounts.slice(0, 6), [500, 600, 700, 800, 900, 1000]);
  assert.is(amounts[29], 30000);
  for (const a of amounts) assert.is(a % 100, 0);
  assert.is(items.length, 1800);
  assert.is(options.length, 1 + 30 + 59 * 30 - 1, 'distinct texts: "$1,000 now" is shared by the baseline and delay 0 x1');
  assert.equal(registry.options!['You receive $1,500 in 1 month.'], { kind: 'delayed-money', dollars: 1500, months: 1 });
  for (const o of options) assert.is(registry.options![o.description].kind, 'delayed-money');
});

test('wording: "now", "in 1 month" and "in N months"; the option block is where the world looks', () => {
  assert.is(delayedText(1000, 0), 'You receive $1,000 now.');
  assert.is(delayedText(1500, 1), 'You receive $1,500 in 1 month.');
  assert.is(delayedText(30000, 60), 'You receive $30,000 in 60 months.');
  const prompt = renderPrompt(DISCOUNT_TEMPLATE, delayedText(1000, 0), delayedText(2000, 12));
  assert.equal(locateOptions(prompt), ['You receive $1,000 now.', 'You receive $2,000 in 12 months.']);
});

test('grid validation: multipliers must bracket 1; delays and counts sane', () => {
  const bad: Array<[Partial<typeof DISCOUNT_GRID>, RegExp]> = [
    [{ minMultiplier: 1.5 }, /must bracket 1/],
    [{ maxMultiplier: 0.9 }, /must bracket 1/],
    [{ minMultiplier: 1 }, /must bracket 1/],
    [{ minMultiplier: 0 }, /must bracket 1/],
    [{ delays: 1 }, /--delays must be an integer >= 2/],
    [{ delays: 80 }, /--delays 80: that many distinct whole-month delays do not fit in 0..60/],
    [{ multipliers: 2.5 }, /--multipliers must be an integer/],
    [{ minMultiplier: 0.98, maxMultiplier: 1.02 }, /after rounding, the later amounts \$1000..\$1000 must bracket/],
  ];
  for (const [grid, message] of bad) assert.throws(() => resolveGrid(grid), (e: Error) => e instanceof InputError && message.test(e.message), JSON.stringify(grid));
  assert.equal(delayGrid({ delays: 4, maxDelay: 6 }), [0, 2, 4, 6]);
  assert.equal(laterAmounts({ multipliers: 3, minMultiplier: 0.5, maxMultiplier: 2, baseline: 1000 }), [500, 1000, 2000]);
});

function answers(original: string[], flipped: string[], probabilityA: number): PairAnswers {
  return {
    a: 0, b: 1, probability_a: probabilityA, count_a: 0, count_b: 0, total_responses: original.length + flipped.length,
    unparseable: 0, long: 0, mode: 'sampling',
    original: { prompt: '', responses: original, parsed: [] }, flipped: { prompt: '', responses: flipped, parsed: [] },
  };
}

test('counting: the exact parser counts only exact letters, over every reply; standard uses the run parser', () => {
  // Original order: B is the later amount; flipped: A is.
  const a = answers(['B', ' B\n', 'B.', 'A', 'Option B'], ['A', 'I cannot choose.', 'B', 'A', 'A'], 0.35);
  assert.is(choiceProbability(a, 'exact'), 5 / 10); // 'B', ' B\n' and three 'A' in the flipped order
  assert.is(choiceProbability(a, 'standard'), 0.65);
});

test('isotonic regression pools adjacent violators', () => {
  assert.equal(isotonic([0.1, 0.4, 0.3, 0.9]), [0.1, 0.35, 0.35, 0.9]);
  assert.equal(isotonic([0.5, 0.2, 0.2]), [0.3, 0.3, 0.3]);
  assert.equal(isotonic([0, 1]), [0, 1]);
});

test('indifference point: interpolated on log m; censored when the curve never or always crosses', () => {
  const m = [0.5, 1, 2, 4];
  // P = 0.25 at m = 1 and 0.75 at m = 2: halfway in log m, so m* = sqrt(2).
  const p = indifferencePoint(m, [0, 0.25, 0.75, 1]);
  assert.ok(Math.abs(p.multiplier - Math.SQRT2) < 1e-12 && p.censored === null);
  assert.equal(indifferencePoint(m, [0, 0.1, 0.2, 0.4]), { multiplier: NaN, censored: 'never-crosses' });
  assert.equal(indifferencePoint(m, [0.6, 0.8, 0.9, 1]), { multiplier: NaN, censored: 'always-above' });
  // A dip (0.6 then 0.4) is pooled to 0.5 over m = 1 and 2: indifferent over the run, m* = sqrt(2).
  assert.ok(Math.abs(indifferencePoint(m, [0, 0.6, 0.4, 1]).multiplier - Math.SQRT2) < 1e-12);
});

test('curve fits: exact curves give back their k, R² 1 and the right better fit', () => {
  const t = Array.from({ length: 30 }, (_, i) => 2 * i);
  const hyper = t.map((x) => 1 / (1 + 0.1 * x));
  const expo = t.map((x) => Math.exp(-0.05 * x));
  const h = fitDiscountCurve('hyperbolic', t, hyper);
  assert.ok(Math.abs(h.k - 0.1) < 1e-6 && h.r2 > 1 - 1e-9 && h.mse < 1e-12, JSON.stringify(h));
  const e = fitDiscountCurve('exponential', t, expo);
  assert.ok(Math.abs(e.k - 0.05) < 1e-6 && e.r2 > 1 - 1e-9, JSON.stringify(e));
  assert.ok(fitDiscountCurve('exponential', t, hyper).mse > h.mse);
  assert.ok(Number.isNaN(fitDiscountCurve('hyperbolic', [1], [0.5]).k));
});

test('whole-grid analysis from an exact chooser: hyperbolic recovered, long delays censored', () => {
  const delays = [0, 5, 10, 20, 40, 60];
  const multipliers = [0.5, 0.8, 1, 1.5, 2, 3, 5, 8, 12];
  // A noiseless chooser: takes the later amount when m·D(t) > 1, D hyperbolic with k = 0.1.
  const chooser = (t: number, k: number) => multipliers.map((m) => (m / (1 + k * t) > 1 ? 1 : m / (1 + k * t) === 1 ? 0.5 : 0));
  const { summary, delays: records } = analyseDiscounting(delays, multipliers, delays.map((t) => chooser(t, 0.1)));
  assert.equal(summary.censored_delays, [], 'every delay crosses within 0.5x..12x');
  assert.is(summary.better_fit, 'hyperbolic');
  assert.ok(Math.abs(summary.hyperbolic.k - 0.1) / 0.1 < 0.15, `k = ${summary.hyperbolic.k}`);
  assert.is(records[0].censored, null);
  const steep = analyseDiscounting(delays, multipliers, delays.map((t) => chooser(t, 0.5)));
  assert.equal(steep.summary.censored_delays, [40, 60], 'D(40) = 1/21 needs more than 12x');
  assert.is(steep.delays[4].discount, null);
});

// End to end through the experiment runner against the synthetic world's planted discount curve.
// The paper's grid and K (1,800 questions x 2 orders x K = 20: 72,000 in-process answers). The
// chooser is made decisive (noise 0.1): at the world's default noise, money differences of the grid
// are hard to tell apart and the choice curves barely reach 1/2 (see the docs).
let dir = '';
test.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'time-discounting-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function planted(curve: 'hyperbolic' | 'exponential', rate: number, seed = 1) {
  const config: RunConfig = {
    outcomes: defaultOutcomes().options.slice(0, 5), seed,
    synthetic: { seed, noise: 0.1, discount: { curve, rate } } as RunConfig['synthetic'],
  };
  const prepared = prepareExperiment(timeDiscounting, {}, config);
  const [run] = await runExperiments([{ experiment: timeDiscounting, prepared }], { config, userMethod: {}, out: join(dir, `${curve}-${rate}`) });
  return run.output!;
}

type Summary = { better_fit: string; hyperbolic: { k: number; r2: number }; exponential: { k: number; r2: number }; censored_delays: number[] };

test('planted hyperbolic:0.1: hyperbolic fits better and k is within 30% of 0.1', async () => {
  const out = await planted('hyperbolic', 0.1);
  const s = out.summary as Summary;
  assert.is(s.better_fit, 'hyperbolic');
  assert.ok(Math.abs(s.hyperbolic.k / 0.1 - 1) < 0.3, `k = ${s.hyperbolic.k}`);
  assert.equal(s.censored_delays, []);
  assert.is((out.delays as unknown[]).length, 60);
  assert.is((out.usage as { completions: number }).completions, 72000, "1,800 questions x 2 orders x the paper's K = 20");
  assert.is((out.config as { experiment: { parser: string } }).experiment.parser, 'exact');
});

test('planted exponential:0.05: exponential fits better', async () => {
  const s = (await planted('exponential', 0.05)).summary as Summary;
  assert.is(s.better_fit, 'exponential');
  assert.ok(Math.abs(s.exponential.k / 0.05 - 1) < 0.3, `k = ${s.exponential.k}`);
});

test('a planted discount steeper than the grid: the long delays are flagged as censored', async () => {
  // exponential:0.1 needs more than 30x beyond ln(30) / 0.1 = 34 months.
  const out = await planted('exponential', 0.1);
  const s = out.summary as Summary;
  assert.ok(s.censored_delays.length >= 5, `censored ${s.censored_delays}`);
  assert.ok(s.censored_delays.every((t) => t >= 28), `censored ${s.censored_delays}`);
  assert.ok(s.censored_delays.includes(60));
  const records = out.delays as Array<{ months: number; censored: string | null; discount: number | null }>;
  for (const r of records) if (s.censored_delays.includes(r.months)) assert.equal([r.censored, r.discount], ['never-crosses', null]);
  assert.is(s.better_fit, 'exponential', 'fitted on the uncensored delays');
});

test('bad input: a multiplier grid that does not bracket 1 is one line, exit 2, nothing written', async () => {
  const out = join(dir, 'bad');
  const r = await runCli(['experiment', 'time-discounting', '--min-multiplier', '1.5', '--out', out]);
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /the multiplier grid 1\.5x\.\.30x must bracket 1/);
  assert.is(r.stderr.trim().split('\n').length, 1);
  assert.not.ok(existsSync(out));
  const config: RunConfig = { outcomes: defaultOutcomes().options.slice(0, 5) };
  assert.throws(() => prepareExperiment(timeDiscounting, { parser: 'fuzzy' }, config), /--parser must be "exact" or "standard"/);
  assert.throws(() => prepareExperiment(timeDiscounting, { delays: 'many' }, config), /--delays must be a number/);
});

test.run();
