// Sparse triangle listing and the sampled-triad kernel against brute force.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bruteForceSparse, cycleProbability, majority } from '../src/cycles/oracle.js';
import { sparseCycles } from '../src/cycles/sparse.js';
import { triadCycleSummary } from '../src/cycles/triads.js';
import { InputError } from '../src/errors.js';
import { loadEngine } from '../src/node/load-engine.js';
import { Random } from '../src/sampling/random.js';

const engine = loadEngine();

function close(actual: number, expected: number, tol: number, what: string): void {
  const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(err <= tol || Math.abs(actual - expected) < 1e-13, `${what}: ${actual} vs ${expected}`);
}

/** A random simple graph: each pair kept with probability density, random orientation. */
function randomGraph(n: number, density: number, rng: Random, values?: number[]) {
  const a: number[] = [], b: number[] = [], p: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (rng.uniform() >= density) continue;
      const flip = rng.uniform() < 0.5;
      a.push(flip ? j : i);
      b.push(flip ? i : j);
      p.push(values ? values[rng.int(values.length)] : rng.uniform());
    }
  }
  return { a: Int32Array.from(a), b: Int32Array.from(b), p: Float64Array.from(p) };
}

test('triangles, cycle probabilities and per-option counts match brute force', () => {
  const rng = new Random(21);
  for (const [n, density] of [[3, 1], [10, 0.6], [40, 0.3], [60, 0.5], [60, 0.05]] as const) {
    for (const values of [undefined, [0, 0.5, 1, 0.3, 0.7]]) {
      const g = randomGraph(n, density, rng, values);
      const got = sparseCycles(engine, n, g.a, g.b, g.p, { listHard: 1e6 });
      const want = bruteForceSparse(n, g.a, g.b, g.p);
      assert.is(got.triads, want.triangles, `triangles n=${n}`);
      close(got.expected_cyclic_triads, want.expected, 1e-12, `expected n=${n}`);
      assert.is(got.hard_cyclic_triads, want.hard, `hard n=${n}`);
      for (let v = 0; v < n; v++) {
        assert.is(got.perOption.triangles[v], want.perOption.triangles[v]);
        close(got.perOption.expectedCyclic[v], want.perOption.expectedCyclic[v], 1e-12, `option ${v}`);
        assert.is(got.perOption.hardCyclic[v], want.perOption.hardCyclic[v]);
      }
      assert.is(got.histogram.counts.reduce((x, y) => x + y, 0), got.triads);
      // Every listed cycle really cycles, in the order listed, and the listed set is exactly the
      // strict cycles found by brute force (ties never form one), with or without tied pairs.
      const prob = new Map<string, number>();
      g.a.forEach((x, k) => { prob.set(`${x},${g.b[k]}`, g.p[k]); prob.set(`${g.b[k]},${x}`, 1 - g.p[k]); });
      for (const [x, y, z] of got.hard_cycles) {
        assert.ok(prob.get(`${x},${y}`)! > 0.5 && prob.get(`${y},${z}`)! > 0.5 && prob.get(`${z},${x}`)! > 0.5);
      }
      const strict: string[] = [];
      const beats = (x: number, y: number) => (prob.get(`${x},${y}`) ?? 0) > 0.5;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) for (let k = j + 1; k < n; k++) {
        if (!prob.has(`${i},${j}`) || !prob.has(`${j},${k}`) || !prob.has(`${k},${i}`)) continue;
        if ((beats(i, j) && beats(j, k) && beats(k, i)) || (beats(j, i) && beats(k, j) && beats(i, k))) strict.push(`${i},${j},${k}`);
      }
      const listed = got.hard_cycles.map((c) => c.slice().sort((x, y) => x - y).join(',')).sort();
      assert.equal(listed, strict.sort(), `strict cycles n=${n}`);
      if (!values) assert.is(strict.length, want.hard, 'without ties every hard cycle is strict');
    }
  }
});

test('no triangle: counts zero, means NaN (empty-input policy)', () => {
  const got = sparseCycles(engine, 4, Int32Array.of(0, 1, 2), Int32Array.of(1, 2, 3), Float64Array.of(0.9, 0.9, 0.9));
  assert.is(got.triads, 0);
  assert.ok(Number.isNaN(got.mean_cycle_probability));
  assert.ok(Number.isNaN(got.hard_cycle_fraction));
});

test('bad edges are refused', () => {
  assert.throws(() => sparseCycles(engine, 3, Int32Array.of(0, 1), Int32Array.of(1, 3), Float64Array.of(0.5, 0.5)), (e: Error) => e instanceof InputError);
  assert.throws(() => sparseCycles(engine, 3, Int32Array.of(0, 1), Int32Array.of(0, 2), Float64Array.of(0.5, 0.5)), (e: Error) => e instanceof InputError);
});

test('sampled triads: mean, hard fraction and histogram', () => {
  const rng = new Random(5);
  const triads = Array.from({ length: 101 }, (_, k) => (k % 10 === 0
    ? { ab: 0.5, bc: 1, ca: 1 }
    : { ab: rng.uniform(), bc: rng.uniform(), ca: rng.uniform() }));
  const got = triadCycleSummary(engine, triads, { bins: 4 });
  let sum = 0, hard = 0;
  const counts = [0, 0, 0, 0];
  triads.forEach((t, k) => {
    const c = cycleProbability(t.ab, t.bc, t.ca);
    close(got.probabilities[k], c, 1e-15, `triad ${k}`);
    sum += c;
    hard += cycleProbability(majority(t.ab), majority(t.bc), majority(t.ca));
    counts[Math.min(3, Math.floor(c * 4))]++;
  });
  close(got.mean_cycle_probability, sum / triads.length, 1e-13, 'mean');
  close(got.hard_cyclic_triads, hard, 1e-13, 'hard');
  assert.equal(got.histogram.counts, counts);
  assert.ok(Number.isNaN(triadCycleSummary(engine, []).mean_cycle_probability));
  assert.throws(() => triadCycleSummary(engine, [{ ab: 0.5, bc: 2, ca: 0 }]), /triad 0 has bc = 2/);
});

test.run();
