// Implicit lotteries: the paper's file format read exactly (and every kind of bad input refused
// with one line naming the item), the analysis on hand-made utilities, and an expected-utility
// world recovered end to end.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyseImplicitLotteries } from '../../src/experiments/implicit-lotteries/analysis.js';
import { builtInImplicitLotteries, eventRegistry, jointOptions, parseImplicitLotteries } from '../../src/experiments/implicit-lotteries/options.js';
import { InputError } from '../../src/errors.js';
import { runPlanted, someOutcomes } from '../support/experiment-helpers.js';

const good = {
  base_options: [
    { option: 'A coin decides a gift.', sub_options: [{ option: 'You get a book.', probability: 0.5 }, { option: 'You get nothing.', probability: 0.5 }] },
    { option: 'A die decides a prize.', sub_options: [{ option: 'You get a book.', probability: 0.2 }, { option: 'You get a car.', probability: 0.8 }], note: 'extra keys are ignored' },
  ],
};

test("reads the paper's format; results shared between events are one option", () => {
  const events = parseImplicitLotteries(good, 'f.json');
  assert.equal(events[1], { text: 'A die decides a prize.', results: [{ text: 'You get a book.', probability: 0.2 }, { text: 'You get a car.', probability: 0.8 }] });
  const { texts, index } = jointOptions(['You get a car.', 'Rain.', 'Sun.'], events);
  assert.equal(texts, ['You get a car.', 'Rain.', 'Sun.', 'A coin decides a gift.', 'A die decides a prize.', 'You get a book.', 'You get nothing.']);
  assert.is(index.get('You get a car.'), 0);
  const reg = eventRegistry(events);
  assert.equal(reg.options!['A coin decides a gift.'], { kind: 'lottery', branches: [{ text: 'You get a book.', probability: 0.5 }, { text: 'You get nothing.', probability: 0.5 }] });
});

test('the built-in set has at least 15 events, each a valid distribution', () => {
  const events = builtInImplicitLotteries();
  assert.ok(events.length >= 15, `${events.length}`);
  for (const e of events) assert.ok(Math.abs(e.results.reduce((s, r) => s + r.probability, 0) - 1) <= 1e-6);
});

test('bad input: one line naming the item', () => {
  const clone = () => JSON.parse(JSON.stringify(good));
  const cases: Array<[unknown, RegExp]> = [
    [[], /f\.json must be an object/],
    [{}, /f\.json is missing the key "base_options"/],
    [{ base_options: [] }, /base_options is an empty list/],
    [(() => { const d = clone(); delete d.base_options[0].sub_options; return d; })(), /base_options\[0\] is missing the key "sub_options"/],
    [(() => { const d = clone(); d.base_options[1].sub_options[1].probability = 0.7; return d; })(), /base_options\[1\]\.sub_options probabilities sum to 0\.9, not 1/],
    [(() => { const d = clone(); d.base_options[0].sub_options[0].probability = '0.5'; return d; })(), /sub_options\[0\]\.probability must be a number in \(0, 1\]/],
    [(() => { const d = clone(); d.base_options[1].option = 'A coin decides a gift.'; return d; })(), /base_options\[1\]\.option repeats .*base_options\[0\]\.option/],
    [(() => { const d = clone(); d.base_options[0].sub_options[1].option = 'You get a book.'; return d; })(), /sub_options\[1\]\.option repeats/],
    [(() => { const d = clone(); d.base_options[0].sub_options = []; return d; })(), /base_options\[0\]\.sub_options is an empty list/],
  ];
  for (const [data, message] of cases) {
    try {
      parseImplicitLotteries(data, 'f.json');
      assert.unreachable(`accepted ${JSON.stringify(data)}`);
    } catch (err) {
      assert.ok(err instanceof InputError, String(err));
      assert.match((err as Error).message, message);
      assert.not.match((err as Error).message, /\n/);
    }
  }
  // Within 1e-6 of 1 is a distribution (thirds written to ten places).
  const thirds = { base_options: [{ option: 'e', sub_options: [{ option: 'x', probability: 0.3333333333 }, { option: 'y', probability: 0.6666666667 }] }] };
  assert.is(parseImplicitLotteries(thirds, 'f.json').length, 1);
});

test('analysis: the error and correlation by hand', () => {
  const utilities = [1, -1, 0.5, 0];
  const terms = [{ outcomes: [0, 1], probabilities: [0.5, 0.5] }, { outcomes: [0, 2], probabilities: [0.2, 0.8] }];
  const { summary, rows } = analyseImplicitLotteries(terms, utilities, [0.5, 0.6]);
  assert.equal(rows.map((r) => r.expected_utility), [0, 0.6000000000000001]);
  assert.ok(Math.abs(summary.mean_abs_error - 0.25) < 1e-12, `${summary.mean_abs_error}`);
  assert.is(summary.pearson, 1);
  assert.is(summary.events, 2);
  const empty = analyseImplicitLotteries([], utilities, []).summary;
  assert.ok(Number.isNaN(empty.mean_abs_error) && empty.events === 0);
});

test('planted: an expected-utility world gives pearson >= 0.8 on the built-in events', async () => {
  const out = await runPlanted('implicit-lotteries', {}, { outcomes: someOutcomes(10), k: 10 }, { probabilityWeighting: 1, seed: 1 });
  const s = out.summary as { pearson: number; mean_abs_error: number; events: number };
  assert.is(s.events, builtInImplicitLotteries().length);
  assert.ok(s.pearson >= 0.8, `pearson ${s.pearson}`);
  const rows = out.events as Array<{ results: unknown[] }>;
  assert.is(rows.length, s.events);
});

test.run();
