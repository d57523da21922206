// The p-value of a Pearson correlation and the special functions under it, against values from
// SciPy 1.17.1 (scipy.stats.t.sf for the two-sided test, scipy.special.betainc and gammaln).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { incompleteBeta, logGamma, pearsonPValue } from '../src/metrics/correlation-test.js';

const close = (got: number, want: number, rel = 1e-10) => assert.ok(Math.abs(got - want) <= rel * Math.abs(want) + 1e-300, `${got} vs ${want}`);

test('two-sided p-values of r over n points match SciPy (t-test with n - 2 degrees of freedom)', () => {
  close(pearsonPValue(0.5, 10), 0.14111328125000006);
  close(pearsonPValue(0.9, 5), 0.03738607346849862);
  close(pearsonPValue(0.1, 100), 0.32221736303061954);
  close(pearsonPValue(0.3, 30), 0.10724594805795436);
  close(pearsonPValue(-0.6, 12), 0.03916287999999997);
  close(pearsonPValue(0.99, 100), 3.575168889781957e-85, 1e-9);
  assert.is(pearsonPValue(0, 8), 1);
});

test('edges: |r| = 1 gives 0; fewer than 3 points or NaN give NaN', () => {
  assert.is(pearsonPValue(1, 10), 0);
  assert.is(pearsonPValue(-1, 10), 0);
  assert.ok(Number.isNaN(pearsonPValue(0.5, 2)));
  assert.ok(Number.isNaN(pearsonPValue(NaN, 10)));
});

test('incomplete beta and log gamma match SciPy on both sides of the continued fraction switch', () => {
  close(incompleteBeta(0.3, 2.5, 0.5), 0.018927124071945658, 1e-9);
  close(incompleteBeta(0.9, 10, 3), 0.889130022255, 1e-9);
  close(logGamma(0.3), 1.0957979948180756, 1e-12);
  close(logGamma(10.5), 13.940625219403763, 1e-12);
  assert.is(incompleteBeta(0, 2, 3), 0);
  assert.is(incompleteBeta(1, 2, 3), 1);
});

test.run();
