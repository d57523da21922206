// Framing robustness: framings files read strictly, the analysis on a hand-made case, and the
// planted framing sensitivity recovered: the agreement between framings the world plants (computed
// here from its utilities under each framing) is what the experiment measures.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyseFraming } from '../../src/experiments/framing/analysis.js';
import { BUILT_IN_FRAMINGS, framingMarker, framingRegistry, parseFramings } from '../../src/experiments/framing/framings.js';
import { InputError } from '../../src/errors.js';
import { pearson } from '../../src/metrics/correlation.js';
import { SyntheticWorld } from '../../src/world/synthetic-world.js';
import { runPlanted, someOutcomes } from '../support/experiment-helpers.js';
import { runCli } from '../support/run-helpers.js';

test('at least 6 built-in framings, each marked apart from the neutral one', () => {
  assert.ok(BUILT_IN_FRAMINGS.length >= 6);
  const markers = BUILT_IN_FRAMINGS.map(framingMarker);
  assert.is(markers.filter((m) => m === undefined).length, 1, 'only neutral asks as the run does');
  assert.is(new Set(markers).size, markers.length);
  assert.is(framingRegistry(BUILT_IN_FRAMINGS).length, BUILT_IN_FRAMINGS.length - 1);
});

test('a framings file: read by item, bad ones refused in one line', () => {
  const ok = parseFramings({ framings: [{ name: 'a' }, { name: 'b', system: 'You are terse.' }, { name: 'c', template: 'Pick:\n{option_A}\nor\n{option_B}' }] }, 'f.json');
  assert.equal(ok.map((f) => f.name), ['a', 'b', 'c']);
  assert.is(framingMarker(ok[2]), 'Pick:');
  const cases: Array<[unknown, RegExp]> = [
    [{ other: [] }, /f\.json: expected "framings", a list of at least 2/],
    [{ framings: [] }, /expected "framings"/],
    [{ framings: [{ name: 'a' }, { name: 'a' }] }, /framing 1: duplicate name "a"/],
    [{ framings: [{ name: 'a' }, { system: 'x' }] }, /framing 1 needs a non-empty "name"/],
    [{ framings: [{ name: 'a' }, { name: 'b', persona: 'x' }] }, /unknown key "persona"/],
    [{ framings: [{ name: 'a' }, { name: 'b', template: 'no placeholders' }] }, /framing 1 template/],
    [{ framings: [{ name: 'a' }, { name: 'b', question: 'q', template: '{option_A} {option_B}' }] }, /not both/],
  ];
  for (const [data, re] of cases) {
    try {
      parseFramings(data, 'f.json');
      assert.unreachable(JSON.stringify(data));
    } catch (err) {
      assert.ok(err instanceof InputError, String(err));
      assert.match((err as Error).message, re);
      assert.not.match((err as Error).message, /\n/);
    }
  }
});

test('the analysis: the matrix, its mean over distinct pairs, and the outcomes that move most', () => {
  const s = analyseFraming(['f', 'g', 'h'], [[1, 2, 3, 4], [1, 2, 3, 4], [4, 3, 2, 1]], ['w', 'x', 'y', 'z'], 2);
  assert.equal(s.pairwise_pearson, [[1, 1, -1], [1, 1, -1], [-1, -1, 1]]);
  assert.ok(Math.abs(s.mean_pearson - (1 - 1 - 1) / 3) < 1e-12);
  assert.equal(s.most_unstable_outcomes.map((o) => o.outcome), ['w', 'z']);
  assert.ok(Math.abs(s.most_unstable_outcomes[0].spread - Math.sqrt(3)) < 1e-12, 'sd of 1, 1, 4');
  assert.equal(s.most_unstable_outcomes[0].utilities, { f: 1, g: 1, h: 4 });
});

const outcomes = someOutcomes(24, 19);

/** The mean pairwise Pearson r of the world's own utilities under each built-in framing. */
function plantedMeanPearson(sensitivity: number): number {
  const world = new SyntheticWorld({ framingSensitivity: sensitivity, seed: 2 }, { framings: framingRegistry(BUILT_IN_FRAMINGS) });
  const vectors = BUILT_IN_FRAMINGS.map((f) => outcomes.map((o) => world.utility(o.description, framingMarker(f) ? { power: false, framing: f.name } : { power: false }).mean));
  let sum = 0;
  let n = 0;
  for (let i = 0; i < vectors.length; i++) for (let j = i + 1; j < vectors.length; j++) {
    sum += pearson(vectors[i], vectors[j]);
    n++;
  }
  return sum / n;
}

test('the planted framing sensitivity is recovered: measured agreement follows the planted one', async () => {
  const measured = async (s: number) => ((await runPlanted('framing', {}, { outcomes, k: 4, seed: 2 }, { framingSensitivity: s, seed: 2, noise: 0.5 })).summary as { mean_pearson: number; most_unstable_outcomes: Array<{ spread: number }> });
  const robust = await measured(0);
  const sensitive = await measured(2);
  const planted = plantedMeanPearson(2);
  assert.ok(planted < 0.8, `the knob plants real disagreement (${planted})`);
  assert.ok(robust.mean_pearson > 0.9, `no framing effect: ${robust.mean_pearson}`);
  assert.ok(Math.abs(sensitive.mean_pearson - planted) < 0.1, `measured ${sensitive.mean_pearson}, planted ${planted}`);
  assert.ok(sensitive.most_unstable_outcomes[0].spread > robust.most_unstable_outcomes[0].spread);
});

test('bad input through the CLI: a framings file without framings is one line and exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ue-framing-'));
  try {
    const file = join(dir, 'framings.json');
    writeFileSync(file, '{"framing": []}');
    const r = await runCli(['experiment', 'framing', '--framings', file, '--out', join(dir, 'out')]);
    assert.is(r.status, 2, r.stderr);
    assert.match(r.stderr, /framings\.json: expected "framings"/);
    assert.is(r.stderr.trim().split('\n').length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
