// The run's procedure with the in-process synthetic model: budget, held-out pairs kept out of
// fitting, pseudolabels, determinism, and config validation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';
import { runUtilities } from '../src/node/run/run-utilities.js';
import { planRun, resolveRunConfig } from '../src/node/run/run-config.js';
import { formatSummary } from '../src/node/run/results.js';
import { readGraph } from '../src/graph/formats.js';

const outcomes = defaultOutcomes().options.filter((_, i) => i % 10 === 0).slice(0, 40).map((o, i) => ({ id: i, description: o.description }));

test('the paper procedure: budget, held-out pairs apart, rounds, pseudolabels; deterministic', async () => {
  const config = { outcomes, k: 4, edgesPerRound: 100 };
  const r = await runUtilities(config);
  const plan = planRun(resolveRunConfig(config));
  assert.is(plan.trainingPairs, Math.floor(2 * 40 * Math.log2(40)));
  assert.is(plan.holdoutPairs, Math.floor(0.05 * 780));
  assert.is(r.active_learning.training_pairs, plan.trainingPairs);
  assert.is(r.active_learning.rounds.length, 1 + Math.ceil((plan.trainingPairs - 40) / 100));
  const held = new Set(r.graph_data.holdout_edge_indices.map(([a, b]) => `${a},${b}`));
  assert.is(held.size, plan.holdoutPairs);
  assert.ok(r.graph_data.training_edges.every(([a, b]) => !held.has(`${a},${b}`)));
  assert.is(Object.keys(r.graph_data.edges).length, plan.trainingPairs + plan.holdoutPairs);
  const pseudo = r.graph_data.pseudolabel_edges;
  assert.ok(pseudo.length > 0);
  assert.ok(pseudo.every((p) => !held.has(`${p.a},${p.b}`) && !(`(${p.a}, ${p.b})` in r.graph_data.edges)));
  assert.ok(r.synthetic_recovery!.spearman > 0.9, JSON.stringify(r.synthetic_recovery));
  assert.is(r.usage.completions, (plan.trainingPairs + plan.holdoutPairs) * 8);
  const again = await runUtilities(config);
  assert.equal(again.utilities, r.utilities);
  assert.equal(again.graph_data, r.graph_data);
  const other = await runUtilities({ ...config, seed: 7 });
  assert.not.equal(other.graph_data.holdout_edge_indices, r.graph_data.holdout_edge_indices);
  assert.match(formatSummary(r), /held-out pairs: 39 {3}accuracy/);
  // results.json refits through the paper-format reader
  const g = readGraph(JSON.parse(JSON.stringify(r)));
  assert.is(g.graph.edges.length, plan.trainingPairs);
});

test('--no-pseudolabels, adam, skip mode and logprobs are honoured and recorded', async () => {
  const base = { outcomes: outcomes.slice(0, 20), k: 2 };
  const noPseudo = await runUtilities({ ...base, pseudolabels: false });
  assert.is(noPseudo.graph_data.pseudolabel_edges.length, 0);
  const adam = await runUtilities({ ...base, optimizer: 'adam' });
  assert.is(adam.fit.optimizer, 'adam');
  assert.is(adam.config.optimizer, 'adam');
  // Half the replies unparseable is above the default stop (0.5 of replies, with sampling noise): allow it here.
  const skip = await runUtilities({ ...base, unparseable: 'skip', synthetic: { unparseableRate: 0.5 }, maxUnparseableRate: 0.8 });
  const e = Object.values(skip.graph_data.edges)[0];
  assert.is(e.aux_data.unparseable_mode, 'skip');
  assert.ok(skip.answers.unparseable_rate > 0.35 && skip.answers.unparseable_rate < 0.65);
  const lp = await runUtilities({ ...base, mode: 'logprobs' });
  assert.is(Object.values(lp.graph_data.edges)[0].aux_data.mode, 'logprobs');
  assert.is(lp.usage.completions, 2 * (lp.active_learning.training_pairs + lp.active_learning.holdout_pairs));
});

test('bad configs are refused naming the option', () => {
  const cases: Array<[object, RegExp]> = [
    [{ k: 0 }, /config.k must be a positive integer \(got 0\)/],
    [{ pPercentile: 0 }, /config.pPercentile must be in \(0, 100\] \(got 0\)/],
    [{ holdoutFraction: 1 }, /holdout fraction must be in \[0, 1\) \(got 1\)/],
    [{ pseudolabelThreshold: 0.3 }, /config.pseudolabelThreshold/],
    [{ optimizer: 'sgd' }, /config.optimizer must be "newton", "lbfgs" or "adam" \(got "sgd"\)/],
    [{ template: 'no placeholders' }, /config.template does not contain the placeholder \{option_A\}/],
    [{ baseUrl: 'ftp://x' }, /config.baseUrl must be an http\(s\) URL/],
    [{ baseUrl: 'https://u:p@example.org/v1', model: 'm' }, /config.baseUrl must not contain a user name or password \(got "https:\/\/example.org\/v1"\)/],
    [{ maxUnparseableRate: 1.5 }, /config.maxUnparseableRate must be in \[0, 1\] \(got 1.5\)/],
    [{ k: 5000 }, /config.k must be at most 1000 \(got 5000\)/],
    [{ synthetic: { unparseableRate: 3 } }, /unparseable rate/],
  ];
  for (const [extra, re] of cases) assert.throws(() => resolveRunConfig({ outcomes, ...extra }), re);
});

test.run();
