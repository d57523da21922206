// `utility-engine cycles` end to end: real processes on JSON, .npy (ours and NumPy's) and graph
// files; bad input exits 2 with a one-line message naming the cell.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeNpy } from '../src/cycles/npy.js';
import { bruteForceDense, bruteForceSparse } from '../src/cycles/oracle.js';
import { Random } from '../src/sampling/random.js';
import { testIf } from './support/skips.js';

const CLI = new URL('../src/node/cli.ts', import.meta.url).pathname;
const PYTHON = '/usr/bin/python3';
/** Why NumPy cannot be used here, or undefined when /usr/bin/python3 imports it. */
const noNumpy = !existsSync(PYTHON) ? `no ${PYTHON} (apt-get install python3 python3-numpy)`
  : spawnSync(PYTHON, ['-c', 'import numpy']).status !== 0 ? `${PYTHON} cannot import numpy (apt-get install python3-numpy)` : undefined;
const dir = mkdtempSync(join(tmpdir(), 'cycles-cli-'));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'cycles', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json: r.status === 0 ? JSON.parse(r.stdout) : undefined };
}

function matrix(n: number, seed: number): number[][] {
  const rng = new Random(seed);
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) { m[i][j] = rng.uniform(); m[j][i] = 1 - m[i][j]; }
  return m;
}

test('dense JSON and .npy (float64, float32) give the brute-force figures and the summary keys', () => {
  const n = 23;
  const m = matrix(n, 1);
  const want = bruteForceDense(m.flat(), n);
  writeFileSync(join(dir, 'm.json'), JSON.stringify(m.map((row, i) => row.map((x, j) => (i === j ? null : x)))));
  writeFileSync(join(dir, 'm64.npy'), writeNpy(Float64Array.from(m.flat()), [n, n]));
  writeFileSync(join(dir, 'm32.npy'), writeNpy(Float32Array.from(m.flat()), [n, n]));
  for (const [file, tol] of [['m.json', 1e-12], ['m64.npy', 1e-12], ['m32.npy', 1e-6]] as const) {
    const { status, json, stderr } = run(join(dir, file));
    assert.is(status, 0, stderr);
    for (const key of ['n', 'triads', 'mean_cycle_probability', 'expected_cyclic_triads', 'hard_cyclic_triads', 'hard_cycle_fraction', 'seconds']) {
      assert.ok(key in json, `${file} lacks ${key}`);
    }
    assert.is(json.n, n);
    assert.ok(Math.abs(json.expected_cyclic_triads - want.expected) <= tol * want.expected, `${file}: ${json.expected_cyclic_triads} vs ${want.expected}`);
    assert.is(json.hard_cyclic_triads, want.hard);
    assert.ok(typeof json.seconds === 'number' && json.seconds >= 0); // speed is measured in bench/
  }
});

testIf(test, noNumpy)('a .npy written by NumPy is read', () => {
  const file = join(dir, 'numpy.npy');
  const ok = spawnSync(PYTHON, ['-c', `import numpy as np
m = np.array([[0, 1, 0, .5], [0, 0, 1, .5], [1, 0, 0, .5], [.5, .5, .5, 0]], dtype=np.float32)
np.save(${JSON.stringify(file)}, m)`]);
  assert.is(ok.status, 0, String(ok.stderr));
  const { status, json, stderr } = run(file, '--list-hard', '5');
  assert.is(status, 0, stderr);
  assert.is(json.triads, 4);
  assert.is(json.hard_cyclic_triads, 1.75); // the 3-cycle plus three triads with two tied pairs
  assert.equal(json.hard_cycles, [[0, 1, 2]]);
});

test('float32: a pair just below 1/2 whose complement rounds to 1/2 is made consistent, never half a tie', () => {
  // float32 is twice as fine below 1/2 as above: 1 - 0.49999997 rounds to 0.5, which used to leave
  // a tie on one side of the pair only (tied_pairs 0.5, a phantom half cycle).
  const n = 5;
  const below = Math.fround(0.5 - 2 ** -25);
  for (const [pij, pji, ties] of [[below, 0.5, 1], [0.5, below, 1], [Math.fround(0.5 + 2 ** -24), 0.5, 0]] as const) {
    const m = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) { m[i * n + j] = 0.9; m[j * n + i] = Math.fround(0.1); }
    m[1] = pij;
    m[n] = pji;
    writeFileSync(join(dir, 'f32-tie.npy'), writeNpy(m, [n, n]));
    const { status, json, stderr } = run(join(dir, 'f32-tie.npy'));
    assert.is(status, 0, stderr);
    assert.ok(Number.isInteger(json.tied_pairs), `tied_pairs ${json.tied_pairs} for (${pij}, ${pji})`);
    assert.is(json.tied_pairs, ties);
    assert.is(json.hard_cyclic_triads, 0, 'a transitive matrix has no majority cycle, even with a tie broken by coin');
  }
});

test('sparse mode on a results-style graph, and --predicted from utilities', () => {
  const rng = new Random(4);
  const n = 12;
  const options = Array.from({ length: n }, (_, i) => ({ id: `o${i}`, description: `outcome ${i}` }));
  const a: number[] = [], b: number[] = [], p: number[] = [];
  const edges: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (rng.uniform() > 0.6) continue;
      const prob = rng.uniform();
      a.push(i); b.push(j); p.push(prob);
      edges[`(o${i}, o${j})`] = { option_A: options[i], option_B: options[j], probability_A: prob, aux_data: { count_A: 1, count_B: 1 } };
    }
  }
  const utilities = Object.fromEntries(options.map((o, i) => [o.id, { mean: i / 3, variance: 0.1 }]));
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ graph_data: { options, edges }, utilities }));
  const want = bruteForceSparse(n, a, b, p);
  const { status, json, stderr } = run(join(dir, 'results.json'), '--predicted', '--per-option');
  assert.is(status, 0, stderr);
  assert.is(json.mode, 'sparse');
  assert.is(json.triads, want.triangles);
  assert.ok(Math.abs(json.expected_cyclic_triads - want.expected) < 1e-12 * want.expected);
  assert.is(json.per_option.length, n);
  json.per_option.forEach((o: { option: string; triangles: number; expected_cyclic_triads: number }, i: number) => {
    assert.is(o.option, `o${i}`);
    assert.is(o.triangles, want.perOption.triangles[i]);
    assert.ok(Math.abs(o.expected_cyclic_triads - want.perOption.expectedCyclic[i]) < 1e-12);
  });
  assert.is(json.predicted.per_option.length, n);
  assert.is(json.predicted.n, n);
  assert.is(json.predicted.hard_cyclic_triads, 0);
  assert.ok(json.predicted.mean_cycle_probability < json.mean_cycle_probability, 'utilities are more transitive than random labels');
});

test('bad input: one line naming the first offending cell, exit 2, nothing on stdout', () => {
  const cases: [string, string, RegExp][] = [
    ['ragged.json', JSON.stringify([[0, 1, 0], [0, 0], [1, 0, 0]]), /row 1 has 2 entries/],
    ['range.json', JSON.stringify([[0, 1, 0], [0, 0, 1.2], [1, 0, 0]]), /cell \[1\]\[2\] = 1\.2 is outside \[0, 1\]/],
    ['nan.json', JSON.stringify([[0, 1, 0], [0, 0, null], [1, 0, 0]]), /cell \[1\]\[2\] is not a number/],
    ['sum.json', JSON.stringify([[0, 0.6, 0], [0.6, 0, 1], [1, 0, 0]]), /cells \[0\]\[1\] = 0\.6 and \[1\]\[0\] = 0\.6 sum to 1\.2/],
    ['small.json', JSON.stringify([[0, 1], [0, 0]]), /at least 3 options/],
  ];
  for (const [name, text, message] of cases) {
    writeFileSync(join(dir, name), text);
    const r = run(join(dir, name));
    assert.is(r.status, 2, `${name}: ${r.stderr}`);
    assert.is(r.stdout, '');
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split('\n').length, 1);
  }
  writeFileSync(join(dir, 'rect.npy'), writeNpy(new Float64Array(6), [2, 3]));
  assert.match(run(join(dir, 'rect.npy')).stderr, /2 x 3, not square/);
  const sym = run(join(dir, 'sum.json'), '--symmetrize');
  assert.is(sym.status, 0, sym.stderr);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
