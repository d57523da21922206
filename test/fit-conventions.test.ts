// Conventions a reader of the numbers relies on, each checked against values worked out by hand:
// the accuracy's tie rule (the paper's: prediction >= 0.5 agrees with label >= 0.5) and the
// count-to-weight mapping of `--weighting counts` (weight = count_a + count_b).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluate, fitThurstonian } from '../src/fit/fit.js';
import type { Edge, PreferenceGraph } from '../src/graph/preference-graph.js';
import { engine } from './support/engine.js';
import { plainLoss } from './support/reference-thurstonian.js';

const options = Array.from({ length: 4 }, (_, i) => ({ id: i, description: `option ${i}` }));
const graph: PreferenceGraph = { options, edges: [{ a: 0, b: 1, probability_a: 0.5 }] };
// Means 0 < 1 < 2 = 3: the prediction for (2, 0) is above 0.5, for (0, 2) below, for (2, 3) exactly 0.5.
const utilities = {
  0: { mean: -1, variance: 0.5 }, 1: { mean: 0, variance: 0.5 }, 2: { mean: 1, variance: 0.5 }, 3: { mean: 1, variance: 0.5 },
};
const score = (edges: Edge[]) => evaluate(engine, graph, utilities, edges).accuracy;

test('accuracy: a label of exactly 0.5 counts as "A preferred", so it agrees with a prediction >= 0.5', () => {
  assert.is(score([{ a: 2, b: 0, probability_a: 0.5 }]), 1, 'prediction 0.92 >= 0.5, label 0.5 >= 0.5: correct');
  assert.is(score([{ a: 0, b: 2, probability_a: 0.5 }]), 0, 'prediction 0.08 < 0.5, label 0.5 >= 0.5: wrong');
  assert.is(score([{ a: 2, b: 3, probability_a: 0.5 }]), 1, 'prediction exactly 0.5 and label 0.5: correct');
  assert.is(score([{ a: 2, b: 3, probability_a: 0.4 }]), 0, 'prediction exactly 0.5, label 0.4: wrong');
  // A K = 10 run has about 5% tied labels: here 2 of 5 edges are tied, the accuracy is 3/5.
  assert.is(score([
    { a: 2, b: 0, probability_a: 0.5 }, { a: 1, b: 3, probability_a: 0.5 }, { a: 1, b: 0, probability_a: 0.9 },
    { a: 3, b: 0, probability_a: 0.2 }, { a: 2, b: 1, probability_a: 0.7 },
  ]), 3 / 5);
});

test('--weighting counts weighs each edge by count_a + count_b in the loss it minimises', () => {
  const counts: Array<[number, number]> = [[3, 7], [0, 2], [12, 8], [1, 0], [5, 5], [2, 18]];
  const pairs: Array<[number, number]> = [[0, 1], [1, 2], [2, 3], [3, 0], [0, 2], [1, 3]];
  const g: PreferenceGraph = {
    options,
    edges: pairs.map(([a, b], k) => ({ a, b, probability_a: counts[k][0] / (counts[k][0] + counts[k][1]), count_a: counts[k][0], count_b: counts[k][1] })),
  };
  const hand = [10, 2, 20, 1, 10, 20];
  const plain = { a: pairs.map((p) => p[0]), b: pairs.map((p) => p[1]), p: g.edges.map((e) => e.probability_a) };
  // Plain likelihood (no prior), so the reported loss is the weighted cross-entropy alone.
  const fit = fitThurstonian(engine, g, { weighting: 'counts', prior: 'none', optimizer: 'lbfgs' });
  const weighted = plainLoss(fit.params, 4, { ...plain, w: hand });
  assert.ok(Math.abs(fit.fit.loss - weighted) <= 1e-12 * Math.abs(weighted), `engine ${fit.fit.loss} vs hand-weighted ${weighted}`);
  // The same parameters under equal weights give a clearly different loss, so the check has teeth.
  assert.ok(Math.abs(plainLoss(fit.params, 4, plain) - weighted) > 1e-3);
  // And the weighted optimum is not the unweighted one.
  const unweighted = fitThurstonian(engine, g, { prior: 'none', optimizer: 'lbfgs' });
  assert.ok(plainLoss(fit.params, 4, { ...plain, w: hand }) < plainLoss(unweighted.params, 4, { ...plain, w: hand }));
});

test.run();
