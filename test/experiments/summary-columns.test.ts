import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { flattenSummary } from '../../src/experiments/summary-columns.js';

test('nested objects become dotted columns; lists of values one space-separated column', () => {
  const summary = {
    exponential: { k: 0.05, r2: 0.9, mse: 0.001 }, hyperbolic: { k: 0.1, r2: 0.99, mse: NaN },
    better_fit: 'hyperbolic', censored_delays: [40, 60], empty: [],
  };
  assert.equal(flattenSummary(summary, 'time-discounting'), {
    'time-discounting.exponential.k': 0.05, 'time-discounting.exponential.r2': 0.9, 'time-discounting.exponential.mse': 0.001,
    'time-discounting.hyperbolic.k': 0.1, 'time-discounting.hyperbolic.r2': 0.99, 'time-discounting.hyperbolic.mse': null,
    'time-discounting.better_fit': 'hyperbolic', 'time-discounting.censored_delays': '40 60', 'time-discounting.empty': '',
  });
});

test('labelled records are keyed by their label, the first number being the column itself; intervals split', () => {
  const summary = {
    reference: 'United States',
    rates: [
      { group: 'Japan', vs_reference: 10.2, vs_reference_ci: [8, 13], dollars: 5000, r2: 0.98 },
      { group: 'United States', vs_reference: 1, vs_reference_ci: null, dollars: null, r2: 0.97 },
    ],
    money_r2: 0.99,
  };
  const flat = flattenSummary(summary, 'exchange-rates');
  assert.equal(flat, {
    'exchange-rates.reference': 'United States',
    'exchange-rates.rates.Japan': 10.2,
    'exchange-rates.rates.Japan.vs_reference_ci.low': 8, 'exchange-rates.rates.Japan.vs_reference_ci.high': 13,
    'exchange-rates.rates.Japan.dollars': 5000, 'exchange-rates.rates.Japan.r2': 0.98,
    'exchange-rates.rates.United States': 1,
    'exchange-rates.rates.United States.vs_reference_ci.low': null, 'exchange-rates.rates.United States.vs_reference_ci.high': null,
    'exchange-rates.rates.United States.dollars': null, 'exchange-rates.rates.United States.r2': 0.97,
    'exchange-rates.money_r2': 0.99,
  });
});

test('anything else is kept as JSON in one column', () => {
  assert.equal(flattenSummary({ mixed: [1, { a: 2 }] }, 'x'), { 'x.mixed': '[1,{"a":2}]' });
  assert.equal(flattenSummary(0.5, 'x'), { x: 0.5 });
});

test.run();
