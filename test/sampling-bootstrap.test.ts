import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { percentileInterval, quantile, resampleLabels } from '../src/sampling/bootstrap.js';
import { Random } from '../src/sampling/random.js';

test('quantiles, percentile intervals and resampled labels', () => {
  assert.is(quantile([4, 1, 3, 2], 0.5), 2.5);
  assert.is(quantile([1, 2, 3, 4, 5], 0.25), 2);
  const values = Array.from({ length: 1001 }, (_, i) => i);
  const [lo, hi] = percentileInterval(values)!;
  assert.ok(Math.abs(lo - 25) < 1e-9 && Math.abs(hi - 975) < 1e-9, `${lo}, ${hi}`);
  assert.is(percentileInterval([1, NaN, NaN]), null);
  const answers = [{ probability_a: 0.7, total_responses: 10 }, { probability_a: 1, total_responses: 10 }, { probability_a: 0.5, total_responses: 0 }];
  const rng = new Random(1);
  let sum = 0;
  for (let r = 0; r < 2000; r++) {
    const labels = resampleLabels(answers, rng);
    assert.is(labels[1], 1);
    assert.is(labels[2], 0.5);
    assert.ok(Number.isInteger(labels[0] * 10));
    sum += labels[0];
  }
  assert.ok(Math.abs(sum / 2000 - 0.7) < 0.01, `mean resampled label ${sum / 2000}`);
});

test.run();
