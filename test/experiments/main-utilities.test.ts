import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../src/errors.ts';
import { mainUtilitiesFromResults } from '../../src/experiments/main-utilities.ts';

const results = {
  options: [{ id: 'x', description: 'Rain.' }, { id: 7, description: 'Sun.' }, { id: 2, description: 'Snow.' }],
  utilities: { x: { mean: 0.5, variance: 1 }, 7: { mean: 1.5, variance: 1 }, 2: { mean: -2, variance: 1 } },
};

test('means of the given outcomes, matched by text whatever the run\'s ids and order', () => {
  assert.equal(mainUtilitiesFromResults(results, ['Snow.', 'Rain.', 'Sun.']), [-2, 0.5, 1.5]);
});

test('a run over other outcomes, or not a run at all, is refused naming the difference', () => {
  const refuses = (f: () => unknown, pattern: RegExp) => assert.throws(f, (e: unknown) => e instanceof InputError && pattern.test((e as Error).message));
  refuses(() => mainUtilitiesFromResults(results, ['Snow.', 'Rain.', 'Sun.', 'Fog.'], 'r.json'), /r\.json has no utility for the outcome "Fog\."/);
  refuses(() => mainUtilitiesFromResults(results, ['Snow.', 'Rain.'], 'r.json'), /r\.json measured an outcome not in --outcomes: "Sun\."/);
  refuses(() => mainUtilitiesFromResults({ options: [] }, ['a'], 'r.json'), /not a run's results/);
  refuses(() => mainUtilitiesFromResults({ options: [{ id: 1, description: 'a' }], utilities: {} }, ['a'], 'r.json'), /no finite utility mean/);
});

test.run();
