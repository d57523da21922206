// The model families end to end: `fit --model case-v|bradley-terry` and `run --utility-model`.
// A world written here plants means under each family's own link; the fit must recover them, and
// the written utilities (normalised mean, shared variance) must reproduce the family's predictions.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitIndexed, fitThurstonian } from '../src/fit/fit.js';
import { indexGraph, type PreferenceGraph } from '../src/graph/preference-graph.js';
import { fitIntervals } from '../src/node/pool/fit-intervals.js';
import { pearson } from '../src/metrics/correlation.js';
import { runUtilities } from '../src/node/run/run-utilities.js';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';
import { Random } from '../src/sampling/random.js';
import { engine } from './support/engine.js';
import { referenceCdf } from './support/reference-normal.js';

const CLI = new URL('../dist/node/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ue-families-'));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Planted means, pairs answered K times under the family's link; a fifth of the pairs held out. */
function world(family: 'case-v' | 'bradley-terry', n: number, pairs: number, k: number, seed: number) {
  const rng = new Random(seed);
  const truth = Array.from({ length: n }, () => 1.2 * rng.normal());
  const seen = new Set<string>();
  const edges: PreferenceGraph['edges'] = [];
  while (edges.length < pairs) {
    const a = edges.length < n ? edges.length : rng.int(n);
    const b = edges.length < n ? (a + 1) % n : rng.int(n);
    const key = `${Math.min(a, b)},${Math.max(a, b)}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    const d = truth[a] - truth[b];
    const p = family === 'case-v' ? referenceCdf(d / Math.SQRT2) : sigmoid(d);
    let wins = 0;
    for (let s = 0; s < k; s++) if (rng.uniform() < p) wins++;
    edges.push({ a, b, probability_a: wins / k, count_a: wins, count_b: k - wins });
  }
  const options = truth.map((_, id) => ({ id, description: `option ${id}` }));
  const cut = Math.floor(pairs * 0.8);
  return { truth, graph: { options, edges: edges.slice(0, cut) }, holdout: edges.slice(cut) };
}

for (const family of ['case-v', 'bradley-terry'] as const) {
  test(`${family}: recovers the means and the spread planted under its own link`, () => {
    const { truth, graph } = world(family, 60, 700, 10, family === 'case-v' ? 1 : 2);
    const own = fitThurstonian(engine, graph, { model: family, weighting: 'counts' });
    assert.ok(own.fit.converged, own.fit.stop_reason);
    assert.is(own.fit.model, family);
    assert.ok(pearson(truth, own.means) > 0.97, `recovery r = ${pearson(truth, own.means)}`);
    // One shared variance; location and scale fixed like every fit.
    assert.ok(own.variances.every((v) => v === own.variances[0]));
    const mean = own.means.reduce((x, y) => x + y, 0) / 60;
    assert.ok(Math.abs(mean) < 1e-12);
    assert.is(own.params.length, 60, 'means only');
    // The link fixes the scale: the raw spread of the fitted means, sqrt(V / v), is the planted one.
    const V = family === 'case-v' ? 1 : Math.PI ** 2 / 6;
    const tm = truth.reduce((x, y) => x + y, 0) / 60;
    const plantedSd = Math.sqrt(truth.reduce((s, x) => s + (x - tm) ** 2, 0) / 59);
    const fittedSd = Math.sqrt(V / own.variances[0]);
    assert.ok(Math.abs(fittedSd / plantedSd - 1) < 0.1, `fitted spread ${fittedSd} vs planted ${plantedSd}`);
  });

  test(`${family}: \`fit --model\` writes utilities that reproduce the family's held-out predictions`, () => {
    const { graph, holdout } = world(family, 30, 300, 8, 7);
    const input = join(dir, `${family}.json`);
    writeFileSync(input, JSON.stringify({ ...graph, holdout_edges: holdout }));
    const out = join(dir, `${family}.out.json`);
    const r = spawnSync(process.execPath, [CLI, 'fit', input, '--model', family, '--out', out], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    assert.is(result.fit.model, family);
    assert.is(result.config.model, family);
    // Rebuild the predictions from the file alone: raw differences are (m_a - m_b) sqrt(V / v).
    const V = family === 'case-v' ? 1 : Math.PI ** 2 / 6;
    let loss = 0;
    let right = 0;
    for (const e of holdout) {
      const ua = result.utilities[String(e.a)];
      const ub = result.utilities[String(e.b)];
      const d = (ua.mean - ub.mean) * Math.sqrt(V / ua.variance);
      const pred = family === 'case-v' ? referenceCdf(d / Math.SQRT2) : sigmoid(d);
      if ((pred >= 0.5) === (e.probability_a >= 0.5)) right++;
      const q = Math.min(Math.max(pred, 1e-5), 1 - 1e-5);
      loss -= e.probability_a * Math.log(q) + (1 - e.probability_a) * Math.log(1 - q);
    }
    assert.ok(Math.abs(result.holdout_metrics.log_loss - loss / holdout.length) <= 1e-12, `${result.holdout_metrics.log_loss} vs ${loss / holdout.length}`);
    assert.is(result.holdout_metrics.accuracy, right / holdout.length);
  });
}

test('Laplace on soft labels (sandwich) estimates what the model-based covariance on counts does', async () => {
  // Every pair has the same number of answers, so the soft labels carry the counts' information.
  // With the counts known the sandwich takes each score's variance from the fitted model's
  // binomial noise; without them, from the edges' own scores (Huber-White). Both must find the
  // model-based standard errors of the fit on counts.
  for (const family of ['case-v', 'bradley-terry'] as const) {
    const { graph } = world(family, 50, 600, 10, 11);
    const intervalsFor = async (weighting: 'none' | 'counts', withCounts: boolean) => {
      const g = indexGraph(withCounts ? graph : { ...graph, edges: graph.edges.map(({ a, b, probability_a }) => ({ a, b, probability_a })) });
      const options = { model: family, weighting, prior: 'none' as const };
      const fit = fitIndexed(engine, g, options);
      return (await fitIntervals(engine, g, fit, options, { method: 'laplace' }))!.stdError;
    };
    const model = await intervalsFor('counts', true);
    for (const [name, se, width] of [['binomial', await intervalsFor('none', true), 0.05], ['empirical', await intervalsFor('none', false), 0.15]] as const) {
      const ratios = Array.from(se, (s, i) => s / model[i]).sort((a, b) => a - b);
      const median = ratios[ratios.length >> 1];
      assert.ok(Math.abs(median - 1) < width, `${family} ${name}: median sandwich / model-based ${median}`);
      assert.ok(ratios[0] > 0.5 && ratios[ratios.length - 1] < 2, `${family} ${name}: ratios ${ratios[0]} .. ${ratios[ratios.length - 1]}`);
      console.log(`  ${family}, ${name} sandwich / model-based standard errors: median ${median.toFixed(3)}, range ${ratios[0].toFixed(2)}..${ratios[ratios.length - 1].toFixed(2)}`);
    }
  }
});

test('an unknown --model is a one-line error, exit 2, nothing written', () => {
  const { graph } = world('case-v', 10, 20, 4, 3);
  const input = join(dir, 'bad-model.json');
  writeFileSync(input, JSON.stringify(graph));
  const out = join(dir, 'bad-model.out.json');
  const r = spawnSync(process.execPath, [CLI, 'fit', input, '--model', 'probit', '--out', out], { encoding: 'utf8' });
  assert.is(r.status, 2);
  assert.match(r.stderr, /model must be one of thurstonian, case-v, bradley-terry \(got "probit"\)/);
  assert.is(r.stderr.trim().split('\n').length, 1);
  assert.not.ok(existsSync(out));
  const run = spawnSync(process.execPath, [CLI, 'run', '--utility-model', 'elo', '--dry-run'], { encoding: 'utf8' });
  assert.is(run.status, 2);
  assert.match(run.stderr, /utilityModel must be one of/);
});

test('run --utility-model bradley-terry: every fit of the run uses the family; the config records it', async () => {
  const outcomes = defaultOutcomes().options.filter((_, i) => i % 10 === 0).slice(0, 30).map((o, i) => ({ id: i, description: o.description }));
  const r = await runUtilities({ outcomes, k: 4, edgesPerRound: 100, utilityModel: 'bradley-terry' });
  assert.is((r.config as { utilityModel?: string }).utilityModel, 'bradley-terry');
  const variances = Object.values(r.utilities).map((u) => u.variance);
  assert.ok(variances.every((v) => v === variances[0]), 'one shared variance');
  assert.ok(r.holdout_metrics.accuracy > 0.6 && Number.isFinite(r.holdout_metrics.log_loss));
  assert.ok(r.synthetic_recovery!.spearman > 0.85, JSON.stringify(r.synthetic_recovery));
});

test.run();
