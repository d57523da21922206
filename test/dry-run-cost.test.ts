// `run --dry-run --price-in X --price-out Y`: what the run would cost, from the plan's own counts,
// and what is already cached is not charged. Negative prices are refused before anything.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, writeOutcomes } from './support/run-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ue-cost-'));
const outcomes = writeOutcomes(dir, 12);
const figure = (text: string, re: RegExp) => Number(re.exec(text)?.[1]);

test('the dry run prices the completions to buy: input from the prompt estimate, output at the max-tokens bound', async () => {
  const out = join(dir, 'priced');
  const r = await runCli(['run', '--outcomes', outcomes, '--out', out, '--k', '4', '--dry-run', '--price-in', '2.5', '--price-out', '10']);
  assert.is(r.status, 0, r.stderr);
  const completions = figure(r.stdout, /completions: (\d+)/);
  const promptTokens = figure(r.stdout, /prompt tokens \(estimate, ~4 characters per token\): (\d+)/);
  assert.ok(completions > 0 && promptTokens > 0);
  // Default max tokens for a letter answer: 10 per reply.
  assert.is(figure(r.stdout, /at most (\d+) output tokens/), completions * 10);
  assert.is(figure(r.stdout, /~(\d+) input tokens/), promptTokens);
  const input = figure(r.stdout, /input tokens \(\$([\d.]+)\)/);
  const output = figure(r.stdout, /output tokens \(\$([\d.]+)\)/);
  assert.ok(Math.abs(input - (promptTokens * 2.5) / 1e6) < 0.006, `${input}`);
  assert.ok(Math.abs(output - (completions * 10 * 10) / 1e6) < 0.006, `${output}`);
  assert.match(r.stdout, /estimated cost at most \$[\d.]+\n/);
  // After the run, nothing is left to buy and the estimate says so.
  const ran = await runCli(['run', '--outcomes', outcomes, '--out', out, '--k', '4', '--quiet']);
  assert.is(ran.status, 0, ran.stderr);
  const again = await runCli(['run', '--outcomes', outcomes, '--out', out, '--k', '4', '--dry-run', '--price-in', '2.5', '--price-out', '10']);
  assert.match(again.stdout, /cost: {8}~0 input tokens \(\$0\.00\), at most 0 output tokens \(\$0\.00\)/);
});

test('without prices the tokens are given and the flags named; a negative price is one line and exit 2', async () => {
  const r = await runCli(['run', '--outcomes', outcomes, '--out', join(dir, 'unpriced'), '--dry-run']);
  assert.match(r.stdout, /give --price-in and --price-out/);
  for (const flag of ['--price-in', '--price-out']) {
    const bad = await runCli(['run', '--outcomes', outcomes, '--out', join(dir, 'bad'), '--dry-run', flag, '-1']);
    assert.is(bad.status, 2);
    assert.match(bad.stderr, new RegExp(`${flag} must be a non-negative number of dollars per million tokens \\(got "-1"\\)`));
    assert.is(bad.stderr.trim().split('\n').length, 1);
  }
});

test('experiment dry runs price what they would buy the same way', async () => {
  const r = await runCli(['experiment', 'transitivity', '--triads', '20', '--outcomes', outcomes, '--k', '2', '--dry-run', '--price-in', '1', '--price-out', '4', '--out', join(dir, 'exp')]);
  assert.is(r.status, 0, r.stderr);
  const toBuy = figure(r.stdout, /(\d+) to buy in/);
  const tokens = figure(r.stdout, /prompt tokens to buy \(estimate, ~4 characters per token\): (\d+)/);
  assert.is(toBuy, figure(r.stdout, /completions: (\d+) \(0 cached/), 'an empty folder: everything is to buy');
  assert.is(toBuy % 4, 0, 'distinct pairs of the triads, both orders, K = 2');
  assert.is(figure(r.stdout, /at most (\d+) output tokens/), toBuy * 10);
  assert.ok(Math.abs(figure(r.stdout, /input tokens \(\$([\d.]+)\)/) - tokens / 1e6) < 0.006);
  const bad = await runCli(['experiment', 'transitivity', '--dry-run', '--price-in', '-0.5', '--out', join(dir, 'exp')]);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /--price-in must be a non-negative number/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
