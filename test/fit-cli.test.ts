// `utility-engine fit` as a user runs it: real processes, real files. Bad input gets a one-line
// error naming the problem and the item, exit status 2, and no output file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { plantedGraph } from '../src/sampling/planted-graph.js';

const CLI = new URL('../dist/node/cli.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ue-fit-'));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeInput(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const opts = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i, description: `o${i}` }));

test('fits a native graph and writes the documented keys to --out', () => {
  const { graph } = plantedGraph({ n: 30, seed: 4 });
  const input = writeInput('good.json', graph);
  const out = join(dir, 'good.out.json');
  const r = run(['fit', input, '--out', out]);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, '');
  const result = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(Object.keys(result.utilities).length, 30);
  assert.type(result.utilities['0'].mean, 'number');
  assert.type(result.utilities['0'].variance, 'number');
  assert.ok(result.metrics.accuracy > 0.7 && result.metrics.log_loss > 0);
  assert.is(result.fit.optimizer, 'newton');
  assert.is(result.fit.prior, 'gaussian');
  assert.is(result.fit.prior_choice.method, 'cv');
  assert.ok(result.fit.converged);
  assert.type(result.fit.seconds, 'number'); // its size is a benchmark's business (bench/fit.bench.ts)
  assert.ok(result.fit.seconds > 0);
  assert.ok(result.fit.iterations > 0 && result.fit.evaluations >= result.fit.iterations);
  assert.equal(result.options, graph.options);
  assert.is(result.config.format, 'native');
  assert.type(result.versions['utility-engine'], 'string');
});

test('without --out it prints the result to stdout; adam honours --epochs and --seed', () => {
  const { graph } = plantedGraph({ n: 12, seed: 2 });
  const input = writeInput('stdout.json', graph);
  const r = run(['fit', input, '--optimizer', 'adam', '--epochs', '50', '--seed', '7', '--lr', '0.02']);
  assert.is(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.is(result.fit.optimizer, 'adam');
  assert.is(result.fit.iterations, 50);
  assert.is(result.config.seed, 7);
  const again = JSON.parse(run(['fit', input, '--optimizer', 'adam', '--epochs', '50', '--seed', '7', '--lr', '0.02']).stdout);
  assert.equal(again.utilities, result.utilities);
});

const FIXTURE = new URL('./fixtures/paper-results-sample.json', import.meta.url).pathname;
test('a paper result file refits, scoring its held-out pairs as holdout_metrics', () => {
  const r = run(['fit', FIXTURE]);
  assert.is(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.is(result.config.format, 'paper');
  assert.is(result.config.holdout_edges, 20);
  assert.ok(result.holdout_metrics.accuracy > 0.8);
});

const BAD: Array<[string, unknown, RegExp]> = [
  ['malformed JSON', '{"options": [', /bad-malformed JSON\.json is not valid JSON/],
  ['empty graph', { options: [], edges: [] }, /at least 2 options \(got 0\)/],
  ['one option', { options: opts(1), edges: [] }, /at least 2 options \(got 1\)/],
  ['no edges', { options: opts(3), edges: [] }, /graph has no edges/],
  ['unknown id', { options: opts(3), edges: [{ a: 0, b: 9, probability_a: 0.5 }] }, /edge 0 \(0, 9\) names unknown option id 9/],
  ['self-loop', { options: opts(3), edges: [{ a: 1, b: 1, probability_a: 0.5 }] }, /edge 0 \(1, 1\) is a self-loop/],
  ['probability above 1', { options: opts(2), edges: [{ a: 0, b: 1, probability_a: 1.5 }] }, /edge 0 \(0, 1\) has probability_a 1\.5 outside \[0, 1\]/],
  ['probability NaN (null in JSON)', { options: opts(2), edges: [{ a: 0, b: 1, probability_a: null }] }, /edge 0 \(0, 1\) has probability_a null/],
  ['probability as a string', { options: opts(2), edges: [{ a: 0, b: 1, probability_a: 'NaN' }] }, /probability_a "NaN"/],
  ['duplicate edge (reversed)', { options: opts(3), edges: [{ a: 0, b: 1, probability_a: 0.5 }, { a: 1, b: 0, probability_a: 0.4 }] }, /edge 1 \(1, 0\) duplicates edge 0/],
  ['duplicate option id', { options: [{ id: 'x', description: '' }, { id: 'x', description: '' }], edges: [] }, /option id "x" appears twice/],
  ['disconnected graph', { options: opts(4), edges: [{ a: 0, b: 1, probability_a: 0.5 }, { a: 2, b: 3, probability_a: 0.5 }] }, /graph is disconnected: 2 components .*option 2 has no path to option 0/],
  ['negative count', { options: opts(2), edges: [{ a: 0, b: 1, probability_a: 0.5, count_a: -1, count_b: 1 }] }, /count_a -1/],
  ['not a graph', { hello: 1 }, /neither a preference graph/],
];

for (const [name, content, message] of BAD) {
  test(`bad input: ${name} -> one-line error, exit 2, no output file`, () => {
    const input = writeInput(`bad-${name}.json`, content);
    const out = join(dir, `bad-${name}.out.json`);
    const r = run(['fit', input, '--out', out]);
    assert.is(r.status, 2, `exit ${r.status}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split('\n').length, 1, `not one line: ${r.stderr}`);
    assert.not.ok(existsSync(out), 'an output file was written');
    assert.is(r.stdout, '');
  });
}

test('bad command lines: missing file, unknown option, bad option value', () => {
  const missing = run(['fit', join(dir, 'nope.json')]);
  assert.is(missing.status, 2);
  assert.match(missing.stderr, /cannot read .*nope\.json: ENOENT/);
  const unknown = run(['fit', '--frobnicate']);
  assert.is(unknown.status, 2);
  assert.match(unknown.stderr, /frobnicate/);
  const { graph } = plantedGraph({ n: 5, seed: 1 });
  const input = writeInput('ok.json', graph);
  const badValue = run(['fit', input, '--epochs', '0']);
  assert.is(badValue.status, 2);
  assert.match(badValue.stderr, /--epochs must be a positive integer \(got "0"\)/);
  const badOptimizer = run(['fit', input, '--optimizer', 'sgd']);
  assert.is(badOptimizer.status, 2);
  assert.match(badOptimizer.stderr, /optimizer must be "newton", "lbfgs" or "adam" \(got "sgd"\)/);
});

test('bad prior and interval flags: one line, exit 2, nothing written, for fit and for run', () => {
  const { graph } = plantedGraph({ n: 8, seed: 2 });
  const input = writeInput('flags.json', graph);
  const outcomes = writeInput('outcomes.json', Array.from({ length: 6 }, (_, i) => `Outcome ${i}.`));
  const cases: Array<[string[], RegExp]> = [
    [['--prior-strength=-1'], /--prior-strength must be a non-negative number or cv \(got "-1"\)/],
    [['--prior-strength', 'NaN'], /--prior-strength must be a non-negative number or cv \(got "NaN"\)/],
    [['--prior-strength', 'lots'], /--prior-strength must be a non-negative number or cv/],
    [['--prior', 'flat'], /--prior must be gaussian or none \(got "flat"\)/],
    [['--ci', 'bootstrap', '--bootstrap', '0'], /--bootstrap must be an integer of at least 2 \(got "0"\)/],
    [['--ci', 'laplace', '--level', '1'], /--level must be in \(0, 1\) \(got "1"\)/],
    [['--ci', 'laplace', '--level', '0'], /--level must be in \(0, 1\) \(got "0"\)/],
    [['--ci', 'jackknife'], /--ci must be laplace, bootstrap or none \(got "jackknife"\)/],
  ];
  for (const [flags, message] of cases) {
    const out = join(dir, `flags-${flags.join('_')}.json`);
    const fit = run(['fit', input, '--out', out, ...flags]);
    assert.is(fit.status, 2, `fit ${flags.join(' ')}: ${fit.stderr}`);
    assert.match(fit.stderr, message);
    assert.is(fit.stderr.trim().split('\n').length, 1, `not one line: ${fit.stderr}`);
    assert.not.ok(existsSync(out), 'fit wrote an output file');
    const runDir = join(dir, `run-${flags.join('_')}`);
    const r = run(['run', '--outcomes', outcomes, '--out', runDir, '--quiet', ...flags]);
    assert.is(r.status, 2, `run ${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split('\n').length, 1, `not one line: ${r.stderr}`);
    assert.not.ok(existsSync(runDir), 'run created its output folder');
  }
});

test('--ci laplace and --ci bootstrap give every utility a std_error and a mean_ci around its mean', () => {
  const { graph } = plantedGraph({ n: 30, seed: 6 });
  // Held-out pairs must not repeat training pairs (fit refuses them): other pairs of the same planted truth.
  const key = (e: { a: unknown; b: unknown }) => [String(e.a), String(e.b)].sort().join(' ');
  const trained = new Set(graph.edges.map(key));
  const holdout = plantedGraph({ n: 30, edges: 435, seed: 6 }).graph.edges.filter((e) => !trained.has(key(e))).slice(0, 30);
  assert.ok(holdout.length >= 20, `${holdout.length} held-out pairs`);
  const input = writeInput('ci.json', { ...graph, holdout_edges: holdout });
  for (const method of ['laplace', 'bootstrap']) {
    const out = join(dir, `ci-${method}.json`);
    const r = run(['fit', input, '--out', out, '--ci', method, '--bootstrap', '40', '--level', '0.8']);
    assert.is(r.status, 0, r.stderr);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    assert.is(result.intervals.method, method);
    assert.is(result.intervals.level, 0.8);
    for (const u of Object.values(result.utilities) as Array<{ mean: number; std_error: number; mean_ci: [number, number] }>) {
      assert.ok(u.std_error > 0 && u.std_error < 1, `std_error ${u.std_error}`);
      assert.ok(u.mean_ci[0] < u.mean && u.mean < u.mean_ci[1], `${u.mean_ci} around ${u.mean}`);
    }
    const [lo, hi] = result.holdout_metrics.accuracy_ci;
    assert.ok(lo <= result.holdout_metrics.accuracy && result.holdout_metrics.accuracy <= hi);
  }
});

test.run();
