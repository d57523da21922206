import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pairBudget, selectPairs } from '../src/sampling/active-learning.js';
import { holdoutPairs, holdoutSize } from '../src/sampling/holdout.js';
import { PAIR_ASKED, PAIR_FREE, PAIR_HELD_OUT, PairStatus } from '../src/sampling/pair-status.js';
import { pseudolabels } from '../src/sampling/pseudolabels.js';
import { Random } from '../src/sampling/random.js';
import { regularStartGraph } from '../src/sampling/start-graph.js';
import { normalCdf } from '../src/elicit/synthetic-model.js';

test('holdout: 5% of pairs capped at 1000, distinct, seeded', () => {
  assert.is(holdoutSize(100), 247);
  assert.is(holdoutSize(500), 1000);
  assert.is(holdoutSize(3), 0);
  const s1 = new PairStatus(100);
  const h1 = holdoutPairs(s1, 247, new Random(42));
  const h2 = holdoutPairs(new PairStatus(100), 247, new Random(42));
  assert.equal(h1, h2);
  assert.is(new Set(h1.map(([a, b]) => a * 100 + b)).size, 247);
  assert.ok(h1.every(([a, b]) => a < b && s1.get(a, b) === PAIR_HELD_OUT && s1.get(b, a) === PAIR_HELD_OUT));
  assert.is(s1.count(PAIR_HELD_OUT), 247);
  // The shuffle path (more than half the pairs) gives distinct pairs too.
  const s3 = new PairStatus(10);
  assert.is(new Set(holdoutPairs(s3, 40, new Random(1)).map(([a, b]) => a * 10 + b)).size, 40);
  assert.throws(() => holdoutSize(10, 1.5), /holdout fraction must be in \[0, 1\) \(got 1.5\)/);
});

test('start graph: a cycle through every option avoiding held-out pairs', () => {
  const n = 200;
  const status = new PairStatus(n);
  holdoutPairs(status, holdoutSize(n), new Random(3));
  const pairs = regularStartGraph(status, new Random(4));
  assert.is(pairs.length, n);
  const degree = new Int32Array(n);
  for (const [a, b] of pairs) {
    assert.is(status.get(a, b), PAIR_FREE);
    degree[a]++;
    degree[b]++;
  }
  assert.ok(degree.every((d) => d >= 1));
  const twos = degree.filter((d) => d === 2).length;
  assert.ok(twos > n * 0.8, `${twos} options of degree 2`);
  assert.is(new Set(pairs.map(([a, b]) => a * n + b)).size, n);
});

test('selectPairs: close and thinly covered pairs first, seeded', () => {
  const n = 60;
  const status = new PairStatus(n);
  const means = Float64Array.from({ length: n }, (_, i) => i / 10);
  const degrees = new Int32Array(n);
  for (let i = 0; i < n; i++) degrees[i] = i < 30 ? 0 : 10;
  const sel = selectPairs(status, { means, degrees, count: 20, rng: new Random(5) });
  assert.is(sel.pairs.length, 20);
  assert.is(sel.randomFill, 0);
  // Bottom 10% of |gap| among 1770 pairs is gap <= 0.5 (5 steps); bottom 20% degree sum is 0.
  for (const [a, b] of sel.pairs) {
    assert.ok(Math.abs(means[a] - means[b]) <= 0.5 + 1e-12, `gap of ${a},${b}`);
    assert.ok(a < 30 && b < 30, `degrees of ${a},${b}`);
  }
  assert.equal(selectPairs(status, { means, degrees, count: 20, rng: new Random(5) }).pairs, sel.pairs);
  // Asking for more than qualify grows the percentiles, then fills at random.
  const big = selectPairs(status, { means, degrees, count: 1700, rng: new Random(6) });
  assert.is(big.pairs.length, 1700);
  assert.ok(big.pPercentile > 10 && big.qPercentile > 20);
  assert.ok(big.randomFill > 0);
  // Asked pairs are never offered again.
  for (const [a, b] of sel.pairs) status.set(a, b, PAIR_ASKED);
  const again = selectPairs(status, { means, degrees, count: 2000, rng: new Random(7) });
  assert.is(again.pairs.length, 1770 - 20);
  assert.ok(again.pairs.every(([a, b]) => status.get(a, b) === PAIR_FREE));
});

test('selectPairs: the chosen pairs are a uniform sample of the eligible set, not its first k', () => {
  // 10 options with equal means; options 0 and 1 are well covered (degree 5), so at q = 50% the
  // eligible set is exactly the 28 pairs among options 2..9. Over 1500 seeds each should be
  // chosen 1500 x 4 / 28 ~ 214 times.
  const n = 10;
  const status = new PairStatus(n);
  const means = new Float64Array(n);
  const degrees = Int32Array.from({ length: n }, (_, i) => (i < 2 ? 5 : 0));
  const times = new Map<string, number>();
  const seeds = 1500;
  const count = 4;
  for (let seed = 0; seed < seeds; seed++) {
    const sel = selectPairs(status, { means, degrees, count, pPercentile: 100, qPercentile: 50, rng: new Random(seed) });
    assert.is(sel.randomFill, 0);
    for (const [a, b] of sel.pairs) {
      assert.ok(a >= 2 && b >= 2, `pair ${a},${b} is not eligible`);
      times.set(`${a},${b}`, (times.get(`${a},${b}`) ?? 0) + 1);
    }
  }
  assert.is(times.size, 28, 'every eligible pair is chosen sometimes');
  const expected = (seeds * count) / 28;
  const chiSquare = [...times.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  // 27 degrees of freedom: P(chi-square > 75) < 1e-6 for a uniform sampler; taking the first k
  // eligible pairs gives about 1e4.
  assert.ok(chiSquare < 75, `chi-square ${chiSquare.toFixed(1)} over 28 pairs`);
});

test('pair budget: floor(2 n log2 n), capped', () => {
  assert.is(pairBudget(500, 2, 1e9), 8965);
  assert.is(pairBudget(100, 2, 1e9), 1328);
  assert.is(pairBudget(10, 2, 20), 20);
  assert.throws(() => pairBudget(10, 0, 20), /edge multiplier/);
});

test('pseudolabels: confident free pairs only, as hard labels', () => {
  const status = new PairStatus(4);
  const means = [2, 0, -2, 0.1];
  const variances = [0.1, 0.1, 0.1, 0.1];
  status.set(0, 2, PAIR_ASKED);
  status.set(0, 1, PAIR_HELD_OUT);
  const labels = pseudolabels(status, means, variances, 0.95, normalCdf);
  const key = labels.map((l) => `${l.a}${l.b}:${l.probability_a}`).sort();
  // free: 03 (P~1), 12 (P~1), 13 (P=0.41 -> none), 23 (P~0)
  assert.equal(key, ['03:1', '12:1', '23:0']);
  assert.throws(() => pseudolabels(status, means, variances, 0.4, normalCdf), /threshold/);
});

test.run();
