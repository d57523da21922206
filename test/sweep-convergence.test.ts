import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { convergence, sharedVectors } from '../src/experiments/convergence.js';
import { cosine, pearson, ranks, spearman } from '../src/metrics/correlation.js';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('pearson and cosine on known values', () => {
  close(pearson([1, 2, 3], [2, 4, 7]), 0.9933992677987828); // numpy.corrcoef
  close(pearson([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  close(pearson([1, 2, 3], [5, 7, 9]), 1); // affine maps do not change it
  close(pearson([1, -1, 1, -1], [1, 1, -1, -1]), 0);
  close(cosine([1, 0], [1, 1]), Math.SQRT1_2);
  close(cosine([1, 2, 3], [2, 4, 6]), 1);
  close(cosine([1, 2], [-2, 1]), 0);
  // cosine is not shift-invariant, Pearson is
  assert.ok(cosine([1, 2, 3], [11, 12, 13]) < 0.99);
});

test('spearman: ranks with ties averaged, insensitive to stretched extremes', () => {
  assert.equal(Array.from(ranks([10, 30, 20, 30])), [0, 2.5, 1, 2.5]);
  close(spearman([1, 2, 3, 4], [1, 4, 9, 100]), 1);
  assert.ok(pearson([1, 2, 3, 4], [1, 4, 9, 100]) < 0.85, 'while Pearson is pulled by the outlier');
  close(spearman([1, 2, 3], [3, 2, 1]), -1);
  close(spearman([1, 2, 2, 3], [1, 3, 2, 4]), 0.9486832980505138); // 4.5 / sqrt(4.5 * 5); numpy on average ranks agrees
  assert.ok(Number.isNaN(spearman([1, 1], [1, 2])));
});

test('undefined statistics are NaN, not 0', () => {
  assert.ok(Number.isNaN(pearson([], [])));
  assert.ok(Number.isNaN(pearson([1], [2])));
  assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])), 'constant vector');
  assert.ok(Number.isNaN(cosine([0, 0], [1, 2])));
  assert.throws(() => pearson([1, 2], [1]), /differ in length/);
});

test('sharedVectors keeps outcomes both models have, with finite means', () => {
  const { keys, x, y } = sharedVectors({ a: 1, b: 2, c: NaN, d: 4 }, { d: 40, a: 10, c: 3, e: 5 });
  assert.equal(keys, ['a', 'd']);
  assert.equal(x, [1, 4]);
  assert.equal(y, [10, 40]);
});

test('convergence: every pair, and each model against the mean of the others', () => {
  const truth = { o1: -1.5, o2: -0.5, o3: 0.2, o4: 0.8, o5: 1.0 };
  const models = [
    { name: 'close', means: { ...truth, o3: 0.3 } },
    { name: 'same', means: { ...truth } },
    { name: 'reversed', means: Object.fromEntries(Object.entries(truth).map(([k, v]) => [k, -v])) },
    { name: 'partial', means: { o1: -1, o2: 0, o9: 7 } },
  ];
  const report = convergence(models);
  assert.is(report.pairs.length, 6);
  const pair = (a: string, b: string) => report.pairs.find((p) => p.a === a && p.b === b)!;
  close(pair('same', 'reversed').pearson, -1);
  close(pair('same', 'reversed').cosine, -1);
  assert.ok(pair('close', 'same').pearson > 0.99 && pair('close', 'same').pearson < 1);
  assert.is(pair('close', 'partial').shared, 2);
  close(pair('close', 'partial').pearson, 1); // two points are always perfectly correlated
  // Each model against the mean of the others, over outcomes all four share (o1, o2).
  const m = report.models.find((x) => x.name === 'same')!;
  assert.is(m.shared, 2);
  const three = convergence(models.slice(0, 3));
  const close3 = three.models.find((x) => x.name === 'close')!;
  assert.is(close3.shared, 5);
  // mean of 'same' and 'reversed' is all zeros: correlation undefined
  assert.ok(Number.isNaN(close3.correlation_with_others));
  const rev = three.models.find((x) => x.name === 'reversed')!;
  const othersMean = Object.keys(truth).map((k) => (models[0].means[k as 'o1'] + models[1].means[k as 'o1']) / 2);
  close(rev.correlation_with_others, pearson(Object.values(models[2].means), othersMean));
  close(rev.rank_correlation_with_others, spearman(Object.values(models[2].means), othersMean));
  close(pair('same', 'reversed').spearman, -1);
  const defined = three.pairs.map((p) => p.pearson);
  close(three.mean_pairwise_pearson, defined.reduce((s, v) => s + v, 0) / 3);
});

test('one model or none: nothing to compare', () => {
  const one = convergence([{ name: 'solo', means: { a: 1, b: 2 } }]);
  assert.equal(one.pairs, []);
  assert.is(one.models[0].shared, 0);
  assert.ok(Number.isNaN(one.models[0].correlation_with_others));
  assert.ok(Number.isNaN(convergence([]).mean_pairwise_pearson));
});

test.run();
