// Expected utility over explicit lotteries: generation (whole percents, 2-3 distinct outcomes,
// seeded, the paper's wording), the analysis on hand-made utilities, and the planted probability
// weighting of the synthetic world recovered end to end.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyseExpectedUtility, expectedUtilities, normalizedMae, orderAgreement, zScores } from '../../src/experiments/expected-utility/analysis.js';
import { generateLotteries, lotteryRegistry, lotteryText } from '../../src/experiments/expected-utility/options.js';
import { InputError } from '../../src/errors.js';
import { Random } from '../../src/sampling/random.js';
import { runPlanted, someOutcomes } from '../support/experiment-helpers.js';

const base = ['You receive $10.', 'You lose your keys.', 'A friend visits you.', 'It rains all day.', 'You win a prize.'];

test('lotteries: 2-3 distinct outcomes, whole percents in (0, 100) summing to 100, distinct, seeded', () => {
  const a = generateLotteries(base, 60, new Random(7));
  const b = generateLotteries(base, 60, new Random(7));
  assert.equal(a, b);
  assert.not.equal(a, generateLotteries(base, 60, new Random(8)));
  assert.is(new Set(a.map((l) => l.text)).size, 60);
  const sizes = new Set<number>();
  for (const l of a) {
    sizes.add(l.outcomes.length);
    assert.ok(l.outcomes.length >= 2 && l.outcomes.length <= 3);
    assert.is(new Set(l.outcomes).size, l.outcomes.length, 'distinct outcomes');
    assert.is(l.percents.reduce((s, p) => s + p, 0), 100);
    for (const p of l.percents) assert.ok(Number.isInteger(p) && p > 0 && p < 100, `${p}`);
    assert.is(l.text, lotteryText(l.outcomes.map((o) => base[o]), l.percents));
  }
  assert.equal([...sizes].sort(), [2, 3]);
  assert.throws(() => generateLotteries(['only one'], 3, new Random(1)), (e: unknown) => e instanceof InputError);
});

test('lottery text: one line per outcome with the probability to one decimal; the registry carries the branches', () => {
  assert.is(lotteryText(['You receive $10.', 'It rains all day.'], [30, 70]),
    '- You receive $10. with probability 30.0%\n- It rains all day. with probability 70.0%');
  const [l] = generateLotteries(base, 1, new Random(3));
  const reg = lotteryRegistry(base, [l]);
  const s = reg.options![l.text];
  assert.is(s.kind, 'lottery');
  assert.equal(s.kind === 'lottery' && s.branches.map((b) => b.probability * 100), l.percents);
});

test('analysis: EU by hand, z-scores with the population SD, order agreement counted over every pair', () => {
  const u = [1, -1, 0.5];
  const lotteries = [{ outcomes: [0, 1], probabilities: [0.25, 0.75] }, { outcomes: [0, 2], probabilities: [0.5, 0.5] }, { outcomes: [1, 2], probabilities: [0.5, 0.5] }];
  assert.equal(expectedUtilities(lotteries, u), [-0.5, 0.75, -0.25]);
  const z = zScores([1, 2, 3]);
  assert.ok(Math.abs(z[0] + Math.sqrt(1.5)) < 1e-12 && z[1] === 0, `${z}`);
  assert.is(normalizedMae([1, 2, 3], [10, 20, 30]), 0, 'an affine image has no normalised error');
  const order = orderAgreement([0, -1, 1], [-0.5, 0.75, -0.25], new Random(1));
  // (0,1): U 0 > -1, EU -0.5 < 0.75 -> disagree; (0,2): U 0 < 1, EU -0.5 < -0.25 -> agree; (1,2): U -1 < 1, EU 0.75 > -0.25 -> disagree.
  assert.equal(order, { agreement: 1 / 3, pairs: 3 });
  const exact = analyseExpectedUtility(lotteries, u, [-0.5, 0.75, -0.25], new Random(1)).summary;
  assert.ok(Math.abs(exact.pearson - 1) < 1e-12 && exact.mae_normalized < 1e-12 && exact.order_agreement === 1);
  assert.is(exact.p_value, 0);
});

test('order agreement samples at most 1,000 distinct pairs when there are more', () => {
  const a = Array.from({ length: 100 }, (_, i) => i);
  const r = orderAgreement(a, a.map((x) => -x), new Random(2));
  assert.equal(r, { agreement: 0, pairs: 1000 });
  assert.is(orderAgreement([1], [1], new Random(2)).pairs, 0);
});

// 20 built-in outcomes (every 25th), 40 lotteries, K = 10. Measured over synthetic seeds 1-6: pearson
// 0.983-0.994 at gamma = 1, normalised MAE 0.086-0.154 at gamma = 1 against 0.294-0.374 at gamma = 0.3.
for (const seed of [1, 2]) {
  test(`planted (seed ${seed}): gamma = 1 gives pearson >= 0.9; gamma = 0.3 a clearly larger normalised error`, async () => {
    const config = { outcomes: someOutcomes(20), k: 10 };
    const eu = await runPlanted('expected-utility', { lotteries: '40' }, config, { probabilityWeighting: 1, seed });
    const weighted = await runPlanted('expected-utility', { lotteries: '40' }, config, { probabilityWeighting: 0.3, seed });
    const s1 = eu.summary as { pearson: number; mae_normalized: number; p_value: number; lotteries: number };
    const s2 = weighted.summary as { pearson: number; mae_normalized: number };
    assert.is(s1.lotteries, 40);
    assert.ok(s1.pearson >= 0.9, `pearson ${s1.pearson} at gamma = 1`);
    assert.ok(s1.p_value < 1e-6);
    assert.ok(s2.mae_normalized > 1.5 * s1.mae_normalized, `mae ${s1.mae_normalized} (gamma 1) vs ${s2.mae_normalized} (gamma 0.3)`);
    assert.is((eu.truth as { probability_weighting: { gamma: number } }).probability_weighting.gamma, 1);
    assert.is((weighted.truth as { probability_weighting: { gamma: number } }).probability_weighting.gamma, 0.3);
    const rows = eu.lotteries as Array<{ utility: number; interval: [number, number] }>;
    assert.is(rows.length, 40);
    for (const r of rows) assert.ok(r.interval[0] < r.utility && r.utility < r.interval[1], `interval ${r.interval} around ${r.utility}`);
  });
}

test.run();
