// The `experiment` command: the list, one experiment's envelope, `all` with --only/--skip and its
// summaries file, the dry run (prices from the cache, writes nothing), and bad input (exit 2).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPERIMENTS } from '../src/experiments/registry.js';
import { acquireOutputLock, LOCK_FILE_NAME } from '../src/node/output-lock.js';
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
    assert.is(small.status, 2, small.stderr);
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
  const inputs = mkdtempSync(join(tmpdir(), 'experiment-bad-inputs-'));
  const file = (name: string, content: string) => {
    writeFileSync(join(inputs, name), content);
    return join(inputs, name);
  };
  try {
    const process = { name: 'p', states: [{ id: 0, observation: 'a', is_terminal: false }, { id: 1, observation: 'b', is_terminal: true }], transitions: { 0: [[5, 1]] }, start_state_distribution: [[0, 1]] };
    const cases: Array<[string[], RegExp]> = [
      [['experiment', 'implicit-lotteries', '--lotteries', file('broken.json', '{"base_options": [')], /broken\.json/],
      [['experiment', 'implicit-lotteries', '--lotteries', file('sum.json', JSON.stringify({ base_options: [{ option: 'e', sub_options: [{ option: 'x', probability: 0.5 }, { option: 'y', probability: 0.4 }] }] }))], /sum\.json: base_options\[0\]\.sub_options probabilities sum to 0\.9, not 1/],
      [['experiment', 'implicit-lotteries', '--lotteries', join(inputs, 'missing.json')], /cannot read .*missing\.json/],
      [['experiment', 'instrumental', '--processes', file('unknown.json', JSON.stringify({ MarkovProcesses: [process] }))], /unknown\.json: MarkovProcesses\[0\] \("p"\)\.transitions\["0"\]\[0\]\[0\] is the unknown state id 5/],
      [['experiment', 'maximization', '--questions', file('empty.json', '[]')], /empty\.json is an empty list/],
      [['experiment', 'maximization', '--questions', file('dup.json', JSON.stringify([{ question: 'q', pair_prompt: 'p', possible_answers: ['a', 'b', 'a'] }]))], /dup\.json\[0\]\.possible_answers\[2\] repeats/],
      [['experiment', 'maximization', '--judge-base-url', 'ftp://x'], /--judge-base-url must be an http\(s\) URL/],
      [['experiment', 'expected-utility', '--lotteries', '0'], /--lotteries must be a positive integer/],
      [['experiment', 'no-such-thing'], /unknown experiment "no-such-thing"/],
      [['experiment', 'all', '--only', 'transitivity,nope'], /--only: unknown experiment "nope"/],
      [['experiment', 'all', '--skip', EXPERIMENTS.map((e) => e.name).join(',')], /leave no experiment/],
      [['experiment', 'transitivity', '--triads', 'many'], /--triads must be a positive integer/],
      [['experiment', 'all', '--triads', '5'], /Unknown option '--triads'/],
    ];
    // Independent processes: run them side by side.
    const results = await Promise.all(cases.map(([args]) => runCli([...args, '--out', join(dir, 'out')])));
    for (const [k, [args, message]] of cases.entries()) {
      const r = results[k];
      assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.is(r.stderr.trim().split('\n').length, 1);
    }
    assert.equal(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(inputs, { recursive: true, force: true });
  }
});

test('one process per output folder: a folder in use is refused (exit 2, one line) until its lock is released', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'experiment-lock-'));
  try {
    const outcomes = writeOutcomes(dir, 8);
    const lock = await acquireOutputLock(join(dir, 'out'), { command: 'run' });
    const args = ['experiment', 'transitivity', '--triads', '5', '--k', '1', '--outcomes', outcomes, '--out', join(dir, 'out'), '--quiet'];
    const refused = await runCli(args);
    assert.is(refused.status, 2);
    assert.match(refused.stderr, /in use by run \(pid \d+/);
    assert.is(refused.stderr.trim().split('\n').length, 1);
    assert.not.ok(existsSync(join(dir, 'out', 'transitivity.json')));
    lock.release();
    const ok = await runCli(args);
    assert.is(ok.status, 0, ok.stderr);
    assert.ok(existsSync(join(dir, 'out', 'transitivity.json')));
    assert.not.ok(existsSync(join(dir, 'out', LOCK_FILE_NAME)), 'the lock is released at the end');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
