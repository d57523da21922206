// The dense cycle kernels (O(N^2) identity, Kendall's count, participation, listing) against the
// brute-force TypeScript oracle on random matrices.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { denseCyclesOf, predictedCycles } from '../src/cycles/dense.js';
import { bruteForceDense } from '../src/cycles/oracle.js';
import { InputError } from '../src/errors.js';
import { loadEngine } from '../src/node/load-engine.js';
import { Random } from '../src/sampling/random.js';

const engine = loadEngine();
const REL = 1e-12;

function close(actual: number, expected: number, tol: number, what: string): void {
  const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(err <= tol || Math.abs(actual - expected) < 1e-12, `${what}: ${actual} vs ${expected} (rel ${err})`);
}

/** Canonical random matrix: upper cells drawn by `draw`, lower = 1 - upper, diagonal 0. */
function randomMatrix(n: number, rng: Random, draw: (i: number, j: number) => number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = draw(i, j);
      m[i * n + j] = p;
      m[j * n + i] = 1 - p;
    }
  }
  return m;
}

test('mean, expected, hard and participation match brute force (uniform, N = 3..60)', () => {
  const rng = new Random(7);
  for (const n of [3, 4, 5, 7, 16, 31, 60]) {
    const m = randomMatrix(n, rng, () => rng.uniform());
    const got = denseCyclesOf(engine, m, n, { listHard: 100000 });
    const want = bruteForceDense(m, n);
    close(got.expected_cyclic_triads, want.expected, REL, `expected N=${n}`);
    close(got.mean_cycle_probability, want.expected / got.triads, REL, `mean N=${n}`);
    assert.is(got.triads, (n * (n - 1) * (n - 2)) / 6);
    assert.is(got.hard_cyclic_triads, want.hard, `hard N=${n}`);
    for (let v = 0; v < n; v++) close(got.participation![v], want.participation[v], REL, `participation[${v}] N=${n}`);
    assert.equal(got.hard_cycles, want.strictCycles, `listed cycles N=${n}`);
    assert.is(got.hard_cycles!.length, want.hard);
  }
});

test('near-transitive matrices (utility model + noise) still agree to 1e-12', () => {
  const rng = new Random(11);
  for (const n of [20, 45, 60]) {
    const u = Array.from({ length: n }, () => rng.normal() * 3);
    const m = randomMatrix(n, rng, (i, j) => 1 / (1 + Math.exp(-(u[i] - u[j]) * 2)));
    const got = denseCyclesOf(engine, m, n);
    const want = bruteForceDense(m, n);
    assert.ok(got.mean_cycle_probability < 0.1, 'a utility model cycles rarely');
    close(got.expected_cyclic_triads, want.expected, REL, `expected N=${n}`);
    assert.is(got.hard_cyclic_triads, 0);
  }
});

test('ties (p exactly 1/2) count as fair coins in Kendall\'s count', () => {
  const rng = new Random(3);
  for (const n of [5, 12, 40]) {
    const values = [0, 0.5, 1, 0.5, 0.25, 0.75];
    const m = randomMatrix(n, rng, (i, j) => (i === 0 && j === 1 ? 0.5 : values[rng.int(values.length)]));
    const got = denseCyclesOf(engine, m, n, { listHard: 1e6 });
    const want = bruteForceDense(m, n);
    assert.ok(got.tied_pairs > 0);
    assert.is(got.hard_cyclic_triads, want.hard, `hard with ties N=${n}`);
    assert.is(got.hard_cyclic_triads * 4, Math.round(got.hard_cyclic_triads * 4), 'a multiple of 1/4');
    close(got.expected_cyclic_triads, want.expected, REL, `expected N=${n}`);
    assert.equal(got.hard_cycles, want.strictCycles, 'ties never form listed cycles');
  }
});

test('all-0.5 matrix: every triad cycles with probability 1/4', () => {
  const n = 9;
  const m = randomMatrix(n, new Random(1), () => 0.5);
  const got = denseCyclesOf(engine, m, n);
  close(got.mean_cycle_probability, 0.25, 1e-15, 'mean');
  close(got.hard_cycle_fraction, 0.25, 1e-15, 'hard fraction');
  assert.is(got.tied_pairs, 36);
});

test('the 3-cycle and a transitive order', () => {
  const cyc = denseCyclesOf(engine, Float64Array.of(0, 1, 0, 0, 0, 1, 1, 0, 0), 3, { listHard: 5 });
  assert.is(cyc.mean_cycle_probability, 1);
  assert.is(cyc.hard_cyclic_triads, 1);
  assert.equal(cyc.hard_cycles, [[0, 1, 2]]);
  const order = denseCyclesOf(engine, Float64Array.of(0, 1, 1, 0, 0, 1, 0, 0, 0), 3);
  assert.is(order.mean_cycle_probability, 0);
  assert.is(order.hard_cyclic_triads, 0);
});

test('float32 input agrees with float64 on the same values; sizes with odd tails', () => {
  const rng = new Random(5);
  for (const n of [3, 6, 61]) {
    const m32 = new Float32Array(randomMatrix(n, rng, () => rng.uniform()));
    const got32 = denseCyclesOf(engine, m32, n);
    // The float32 kernel canonicalises the lower triangle to fl32(1 - p); reproduce that in f64.
    const m64 = new Float64Array(m32);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) m64[j * n + i] = Math.fround(1 - m64[i * n + j]);
    for (let i = 0; i < n; i++) m64[i * n + i] = 0;
    const want = bruteForceDense(m64, n);
    close(got32.expected_cyclic_triads, want.expected, 1e-6, `f32 vs brute force N=${n}`);
    const m64exact = new Float64Array(m32);
    const got64 = denseCyclesOf(engine, m64exact, n);
    close(got32.expected_cyclic_triads, got64.expected_cyclic_triads, 1e-6, `f32 vs f64 N=${n}`);
    assert.is(got32.hard_cyclic_triads, got64.hard_cyclic_triads);
  }
});

test('symmetrize averages p_ij and 1 - p_ji', () => {
  const rng = new Random(9);
  const n = 25;
  const base = randomMatrix(n, rng, () => rng.uniform());
  const noisy = base.map((x, k) => (Math.floor(k / n) === k % n ? 0 : Math.min(1, Math.max(0, x + (rng.uniform() - 0.5) * 0.1))));
  assert.throws(() => denseCyclesOf(engine, noisy, n), (e: Error) => e instanceof InputError && /sum to/.test(e.message));
  const got = denseCyclesOf(engine, noisy.slice(), n, { symmetrize: true });
  const avg = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = (noisy[i * n + j] + 1 - noisy[j * n + i]) / 2;
      avg[i * n + j] = p;
      avg[j * n + i] = 1 - p;
    }
  }
  close(got.expected_cyclic_triads, bruteForceDense(avg, n).expected, REL, 'symmetrized');
});

test('bad cells are named: first in row-major order', () => {
  const n = 4;
  const m = randomMatrix(n, new Random(2), () => 0.3);
  const bad = (edit: (x: Float64Array) => void) => {
    const c = m.slice();
    edit(c);
    try {
      denseCyclesOf(engine, c, n);
    } catch (e) {
      assert.instance(e, InputError);
      return (e as Error).message;
    }
    assert.unreachable('accepted a bad matrix');
    return '';
  };
  assert.match(bad((c) => { c[1 * n + 2] = NaN; c[3 * n + 0] = 2; }), 'cell [1][2] is not a number');
  assert.match(bad((c) => { c[2 * n + 3] = 1.5; c[3 * n + 1] = -1; }), 'cell [2][3] = 1.5 is outside [0, 1]');
  assert.match(bad((c) => { c[2 * n + 3] = 0.9; c[1 * n + 3] = 0.5; }), 'cells [1][3] = 0.5 and [3][1] = 0.7');
  // The diagonal is ignored, whatever it holds.
  const diag = m.slice();
  diag[0] = NaN;
  diag[5] = 7;
  // Every pair 0.3 / 0.7: each triad cycles with probability 0.3^2 0.7 + 0.7^2 0.3 = 0.21.
  close(denseCyclesOf(engine, diag, n).mean_cycle_probability, 0.21, 1e-14, 'diagonal ignored');
  assert.throws(() => denseCyclesOf(engine, new Float64Array(4), 2), /at least 3 options/);
});

test('the first inconsistent pair in row-major order is named, across tiles and 2 x 2 blocks', () => {
  const n = 101;
  const rng = new Random(12);
  const m = randomMatrix(n, rng, () => 0.25 + 0.5 * rng.uniform());
  const corrupt = m.slice();
  corrupt[40 * n + 45] = 0.99; // found first (tile 0, 0) but later in reading order than (37, 80)
  corrupt[52 * n + 60] = 0.99; // a later tile row
  corrupt[80 * n + 37] = 0.999; // the lower cell of pair (37, 80)
  corrupt[99 * n + 100] = 0.0001;
  assert.throws(() => denseCyclesOf(engine, corrupt, n), /cells \[37\]\[80\] = [0-9.]+ and \[80\]\[37\] = 0\.999/);
  const range = m.slice();
  range[90 * n + 10] = 1.25; // lower cell of pair (10, 90): met in the first tile row
  range[60 * n + 70] = -0.5; // met later, but first in reading order
  range[20 * n + 30] = 0.01; // an inconsistent pair earlier still: range errors come first
  assert.throws(() => denseCyclesOf(engine, range, n), /cell \[60\]\[70\] = -0\.5 is outside/);
  const tol = m.slice();
  tol[10 * n + 90] += 5e-7; // within the default tolerance: accepted, lower cell rewritten as 1 - upper
  const got = denseCyclesOf(engine, tol, n);
  const canonical = tol.slice();
  canonical[90 * n + 10] = 1 - tol[10 * n + 90];
  close(got.expected_cyclic_triads, bruteForceDense(canonical, n).expected, REL, 'upper cell kept');
});

test('majority: false gives the same probabilistic figures from the lighter pass', () => {
  const rng = new Random(14);
  const n = 57;
  const m = randomMatrix(n, rng, () => rng.uniform());
  const full = denseCyclesOf(engine, m, n);
  const light = denseCyclesOf(engine, m, n, { majority: false, listHard: 10 });
  close(light.expected_cyclic_triads, full.expected_cyclic_triads, 1e-14, 'expected');
  for (let v = 0; v < n; v++) close(light.participation![v], full.participation![v], 1e-13, `participation ${v}`);
  assert.ok(Number.isNaN(light.hard_cyclic_triads));
  assert.is(light.hard_cycles, undefined);
});

test('participation sums to 3 x expected cyclic triads', () => {
  const rng = new Random(4);
  const n = 200;
  const got = denseCyclesOf(engine, randomMatrix(n, rng, () => rng.uniform()), n);
  const sum = got.participation!.reduce((a, b) => a + b, 0);
  close(sum, 3 * got.expected_cyclic_triads, 1e-12, 'participation sum');
});

test('predicted matrix from utilities matches the Thurstonian formula', () => {
  const rng = new Random(8);
  const n = 30;
  const means = Float64Array.from({ length: n }, () => rng.normal());
  const variances = Float64Array.from({ length: n }, () => rng.uniform() * 0.5);
  const normCdf = engine.kernels.normCdf;
  const m = randomMatrix(n, rng, (i, j) => normCdf((means[i] - means[j]) / Math.sqrt(variances[i] + variances[j] + 1e-5)));
  const got = predictedCycles(engine, means, variances);
  close(got.expected_cyclic_triads, bruteForceDense(m, n).expected, REL, 'predicted');
  assert.is(got.hard_cyclic_triads, 0, 'a utility function never has majority cycles');
});

interface GoldenCase {
  desc: string;
  matrix: number[][];
  expected_cyclic_triads: number;
  mean_cycle_probability: number;
  hard_cyclic_triads: number;
  participation: number[];
  strict_cycles: [number, number, number][];
}

test('golden cases (exact rational brute force, test/fixtures/cycles-cases.json), float64 and float32', () => {
  const golden = JSON.parse(readFileSync(new URL('./fixtures/cycles-cases.json', import.meta.url), 'utf8')) as { tolerance: { relative: number }; cases: GoldenCase[] };
  const rel = golden.tolerance.relative;
  for (const c of golden.cases) {
    const n = c.matrix.length;
    // Cells are k / 64, exact in both precisions.
    for (const cells of [Float64Array.from(c.matrix.flat()), Float32Array.from(c.matrix.flat())]) {
      const got = denseCyclesOf(engine, cells, n, { listHard: 1000 });
      const what = `${c.desc} (${cells.constructor.name})`;
      close(got.expected_cyclic_triads, c.expected_cyclic_triads, rel, what);
      close(got.mean_cycle_probability, c.mean_cycle_probability, rel, what);
      assert.is(got.hard_cyclic_triads, c.hard_cyclic_triads, what);
      c.participation.forEach((x, v) => close(got.participation![v], x, rel, `${what} participation ${v}`));
      assert.equal(got.hard_cycles, c.strict_cycles, what);
    }
  }
});


test('the one-pass float64 validation gathers the row statistics of the canonical matrix (several tiles, odd sizes)', () => {
  // The validation pass writes S, Q, wins and ties from the cells it has just made canonical, on
  // both sides of each pair; so a lower cell accepted within tolerance must count as 1 - upper.
  const rng = new Random(21);
  const values = [0.5, 0.25, 0.75, 0, 1];
  // Tiles are 16 rows by 256 columns: 300 spans two of each kind, with odd remainders.
  for (const n of [49, 97, 130, 300]) {
    for (const mode of n === 300 ? ['tolerance'] as const : ['plain', 'tolerance', 'symmetrize'] as const) {
      const m = randomMatrix(n, rng, () => (rng.uniform() < 0.2 ? values[rng.int(values.length)] : rng.uniform()));
      const input = m.slice();
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const p = input[i * n + j];
          if (mode === 'tolerance' && p > 0 && p < 1) input[j * n + i] = 1 - p + (rng.uniform() - 0.5) * 1e-6;
          if (mode === 'symmetrize') input[j * n + i] = Math.min(1, Math.max(0, 1 - p + (rng.uniform() - 0.5) * 0.2));
        }
        input[i * n + i] = rng.uniform();
      }
      const canonical = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const p = mode === 'symmetrize' ? (input[i * n + j] + 1 - input[j * n + i]) / 2 : input[i * n + j];
          canonical[i * n + j] = p;
          canonical[j * n + i] = 1 - p;
        }
      }
      const got = denseCyclesOf(engine, input, n, { symmetrize: mode === 'symmetrize' });
      const want = bruteForceDense(canonical, n);
      close(got.expected_cyclic_triads, want.expected, REL, `expected N=${n} ${mode}`);
      assert.is(got.hard_cyclic_triads, want.hard, `hard N=${n} ${mode}`);
      let ties = 0;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (canonical[i * n + j] === 0.5) ties++;
      assert.is(got.tied_pairs, ties, `tied pairs N=${n} ${mode}`);
      for (let v = 0; v < n; v++) close(got.participation![v], want.participation[v], REL, `participation[${v}] N=${n} ${mode}`);
    }
  }
});

test.run();
