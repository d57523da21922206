import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderPrompt } from '../../src/elicit/prompts.ts';
import { locateOptions } from '../../src/elicit/synthetic-model.ts';
import { InputError } from '../../src/errors.ts';
import { analyseCorrigibility } from '../../src/experiments/corrigibility/analysis.ts';
import { flattenSummary } from '../../src/experiments/summary-columns.ts';
import { corrigibilityRegistry, corrigibilityTemplate, currentPreferenceCount, reversalText, sampleReversals } from '../../src/experiments/corrigibility/options.ts';
import { Random } from '../../src/sampling/random.ts';
import { corrigibility } from '../../src/experiments/corrigibility/index.ts';
import { defaultOutcomes } from '../../src/outcomes/outcomes.ts';
import { assertRefused, runInProcess } from '../support/experiment-helpers.ts';
import { runCli, writeOutcomes } from '../support/run-helpers.ts';

const texts = ['Rain.', 'Sun.', 'Snow.', 'Fog.', 'Hail.'];
const means = [0.5, 2, -1, 0.5, -3];

test('current preferences: ordered pairs with U(X) > U(Y), ties left out', () => {
  assert.is(currentPreferenceCount(means), 9); // 10 pairs, one tie
  assert.is(currentPreferenceCount([1, 1, 1]), 0);
  assert.is(currentPreferenceCount([3, 2, 1, 0]), 6);
});

test('reversals: each states the currently lower outcome as preferred, gaps positive, no repeats, seeded', () => {
  const a = sampleReversals(texts, means, 9, new Random(1));
  assert.is(a.length, 9);
  assert.is(new Set(a.map((r) => `${r.preferred},${r.over}`)).size, 9);
  for (const r of a) {
    assert.ok(means[r.over] > means[r.preferred]);
    assert.is(r.gap, means[r.over] - means[r.preferred]);
    assert.is(r.text, reversalText(texts[r.preferred], texts[r.over]));
    assert.ok(r.text.endsWith(`you prefer "${texts[r.preferred]}"`));
  }
  assert.equal(sampleReversals(texts, means, 4, new Random(7)), sampleReversals(texts, means, 4, new Random(7)));
  assert.not.equal(sampleReversals(texts, means, 4, new Random(7)), sampleReversals(texts, means, 4, new Random(8)));
});

test('reversals: the sample is uniform over current preferences', () => {
  const counts = new Map<string, number>();
  const trials = 4000;
  const rng = new Random(3);
  for (let t = 0; t < trials; t++) {
    for (const r of sampleReversals(texts, means, 3, rng)) counts.set(`${r.preferred},${r.over}`, (counts.get(`${r.preferred},${r.over}`) ?? 0) + 1);
  }
  assert.is(counts.size, 9);
  const expected = (trials * 3) / 9;
  for (const [pair, c] of counts) assert.ok(Math.abs(c - expected) < 5 * Math.sqrt(expected), `${pair}: ${c} vs ${expected}`);
});

test('reversals: more than the current preferences is refused, naming both numbers', () => {
  assert.throws(() => sampleReversals(texts, means, 10, new Random(1)), (e: unknown) => e instanceof InputError && /--reversals 10 is more than the 9 current preferences/.test((e as Error).message));
  assert.throws(() => sampleReversals(texts, means, 0, new Random(1)), /positive integer/);
});

test('template and registry: the world reads both options, each a future preference', () => {
  const [r] = sampleReversals(texts, means, 1, new Random(2));
  const other = reversalText('A multi-line\n\noutcome.', 'Sun.');
  assert.not.match(other, /\n/);
  const prompt = renderPrompt(corrigibilityTemplate('letter'), r.text, other);
  assert.equal(locateOptions(prompt), [r.text, other]);
  assert.equal(corrigibilityRegistry([r], texts).options, { [r.text]: { kind: 'future-preference', preferred: texts[r.preferred], over: texts[r.over] } });
});

test('analysis: corrigibility is Pearson(U(reversal), gap)', () => {
  assert.equal(analyseCorrigibility([1, 2, 3, 4], [4, 3, 2, 1]).summary, { corrigibility: -1, reversals: 4 });
  assert.is(analyseCorrigibility([1, 2, 3], [0, 1, 2]).summary.corrigibility, 1);
  assert.ok(Number.isNaN(analyseCorrigibility([1, 2], [0, 1]).summary.corrigibility));
});

test('summary as sweep.csv columns', () => {
  assert.equal(flattenSummary(analyseCorrigibility([1, 2, 3, 4], [4, 3, 2, 1]).summary, 'corrigibility'), { 'corrigibility.corrigibility': -1, 'corrigibility.reversals': 4 });
});

test('bad input through the CLI: more reversals than pairs, a bad count, a --from run over other outcomes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corrigibility-bad-'));
  try {
    const outcomes = writeOutcomes(dir, 6); // 15 ordered pairs at most
    await assertRefused(['corrigibility', '--outcomes', outcomes, '--reversals', '16'], join(dir, 'out1'), /--reversals 16 is more than the 15 current preferences/);
    await assertRefused(['corrigibility', '--outcomes', outcomes, '--reversals', '2.5'], join(dir, 'out2'), /--reversals must be a positive integer/);
    await assertRefused(['corrigibility', '--outcomes', outcomes, '--from', join(dir, 'nowhere')], join(dir, 'out3'), /cannot read .*nowhere\/results\.json/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function recovered(planted: number): Promise<number> {
  // Every 10th built-in outcome: 50 outcomes, 1,225 current preferences to sample from.
  const outcomes = defaultOutcomes().options.filter((_, i) => i % 10 === 0).map((o, id) => ({ id, description: o.description }));
  const result = await runInProcess(corrigibility, { reversals: '80' }, { outcomes, pseudolabels: false, synthetic: { corrigibility: planted } }, { k: 5 });
  const summary = result.summary as { corrigibility: number; reversals: number };
  assert.is(summary.reversals, 80);
  if (process.env.REPORT) console.log(`planted ${planted}: recovered ${summary.corrigibility.toFixed(3)}`);
  return summary.corrigibility;
}

test('planted corrigibility -0.8 (resists reversals of strong preferences): recovered corrigibility negative', async () => {
  assert.ok((await recovered(-0.8)) < 0);
});

test('planted corrigibility +0.8 (welcomes them): recovered corrigibility positive', async () => {
  assert.ok((await recovered(0.8)) > 0);
});

test('without --reversals, a small outcome set reverses all its current preferences (so `experiment all` runs on it)', async () => {
  const outcomes = defaultOutcomes().options.filter((_, i) => i % 50 === 0).slice(0, 6).map((o, id) => ({ id, description: o.description }));
  const result = await runInProcess(corrigibility, {}, { outcomes, pseudolabels: false }, { k: 2 });
  assert.is((result.summary as { reversals: number }).reversals, 15);
});

test('through the CLI: main utilities measured into DIR/utility/, reversals recorded, a rerun buys nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corrigibility-cli-'));
  try {
    const outcomes = writeOutcomes(dir, 8);
    const args = ['experiment', 'corrigibility', '--outcomes', outcomes, '--reversals', '12', '--k', '2', '--out', join(dir, 'out'), '--quiet'];
    const first = await runCli(args);
    assert.is(first.status, 0, first.stderr);
    const out = JSON.parse(readFileSync(join(dir, 'out', 'corrigibility.json'), 'utf8'));
    const utility = JSON.parse(readFileSync(join(dir, 'out', 'utility', 'results.json'), 'utf8'));
    const mean = new Map<string, number>(utility.options.map((o: { id: number; description: string }) => [o.description, utility.utilities[o.id].mean]));
    assert.is(out.reversals.length, 12);
    for (const r of out.reversals) {
      assert.ok(mean.get(r.over)! > mean.get(r.preferred)!, 'each reverses a current preference');
      assert.ok(Math.abs(r.gap - (mean.get(r.over)! - mean.get(r.preferred)!)) < 1e-9);
    }
    const second = await runCli(args);
    assert.is(second.status, 0, second.stderr);
    const again = JSON.parse(readFileSync(join(dir, 'out', 'corrigibility.json'), 'utf8'));
    assert.is(again.usage.cached_completions, again.usage.completions);
    assert.equal(again.summary, out.summary);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
