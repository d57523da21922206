// The `experiment` command: the list, one experiment's envelope, `all` with --only/--skip and its
// summaries file, the dry run (prices from the cache, writes nothing), and bad input (exit 2).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPERIMENTS } from '../src/experiments/registry.js';
import { runCli, writeOutcomes } from './support/run-helpers.js';

test('experiment list names every registered experiment, one line each', async () => {
  const r = await runCli(['experiment', 'list']);
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.is(lines.length, EXPERIMENTS.length);
  EXPERIMENTS.forEach((e, i) => assert.ok(lines[i].startsWith(e.name + ' '), lines[i]));
  assert.is(new Set(EXPERIMENTS.map((e) => e.name)).size, EXPERIMENTS.length, 'names are unique');
});

test('one experiment writes the shared envelope; all --only writes experiments.json; a rerun buys nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'experiment-cmd-'));
  try {
    const outcomes = writeOutcomes(dir, 8);
    const common = ['--outcomes', outcomes, '--k', '2', '--out', dir, '--quiet'];
    const one = await runCli(['experiment', 'transitivity', '--triads', '10', ...common]);
    assert.is(one.status, 0, one.stderr);
    const out = JSON.parse(readFileSync(join(dir, 'transitivity.json'), 'utf8'));
    for (const key of ['experiment', 'summary', 'config', 'versions', 'usage', 'timing', 'truth']) assert.ok(key in out, `envelope has ${key}`);
    assert.is(out.experiment, 'transitivity');
    assert.is(out.config.experiment.triads, 10);
    assert.is(out.truth.model, 'synthetic');

    const dry = await runCli(['experiment', 'transitivity', '--triads', '10', ...common, '--dry-run']);
    assert.is(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`completions: ${out.usage.completions} \\(${out.usage.completions} cached, 0 to buy`));

    const fresh = join(dir, 'fresh');
    const dryFresh = await runCli(['experiment', 'transitivity', '--triads', '10', '--outcomes', outcomes, '--k', '2', '--out', fresh, '--dry-run']);
    assert.is(dryFresh.status, 0, dryFresh.stderr);
    assert.match(dryFresh.stdout, /\(0 cached, \d+ to buy/);
    assert.not.ok(existsSync(fresh), 'a dry run writes nothing');

    // `all` runs experiments at their own defaults: 1000 triads exceed the C(8,3) = 56 of 8 outcomes,
    // refused before anything is asked; 20 outcomes have 1140.
    const small = await runCli(['experiment', 'all', '--only', 'transitivity', ...common]);
    assert.is(small.status, 2);
    assert.match(small.stderr, /--triads 1000 exceeds the 56 triads of 8 outcomes/);
    const all = await runCli(['experiment', 'all', '--only', 'transitivity', ...common, '--outcomes', writeOutcomes(dir, 20), '--k', '1']);
    assert.is(all.status, 0, all.stderr);
    const summaries = JSON.parse(readFileSync(join(dir, 'experiments.json'), 'utf8'));
    assert.equal(Object.keys(summaries.experiments), ['transitivity']);
    assert.is(summaries.experiments.transitivity.triads, 1000);
    assert.equal(summaries.experiments.transitivity, JSON.parse(readFileSync(join(dir, 'transitivity.json'), 'utf8')).summary);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: one line, exit 2, nothing written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'experiment-bad-'));
  try {
    const cases: Array<[string[], RegExp]> = [
      [['experiment', 'no-such-thing'], /unknown experiment "no-such-thing"/],
      [['experiment', 'all', '--only', 'transitivity,nope'], /--only: unknown experiment "nope"/],
      [['experiment', 'all', '--skip', EXPERIMENTS.map((e) => e.name).join(',')], /leave no experiment/],
      [['experiment', 'transitivity', '--triads', 'many'], /--triads must be a positive integer/],
      [['experiment', 'all', '--triads', '5'], /Unknown option '--triads'/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli([...args, '--out', join(dir, 'out')]);
      assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.is(r.stderr.trim().split('\n').length, 1);
    }
    assert.equal(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
