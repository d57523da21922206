import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitThurstonian, indexGraph, InputError } from '../src/index.js';
import { createFitPool, loadEngine } from '../src/node/index.js';
import { plantedGraph } from '../src/sampling/planted-graph.js';

const engine = loadEngine();
const graphs = [1, 2, 3, 4].map((seed) => plantedGraph({ n: 40, seed }).graph);

function sameResult(a: ReturnType<typeof fitThurstonian>, b: ReturnType<typeof fitThurstonian>) {
  assert.equal(Array.from(a.means), Array.from(b.means));
  assert.equal(Array.from(a.variances), Array.from(b.variances));
  assert.equal(Array.from(a.params), Array.from(b.params));
  assert.equal(a.utilities, b.utilities);
  assert.equal(a.metrics, b.metrics);
  assert.equal({ ...a.fit, seconds: 0 }, { ...b.fit, seconds: 0 });
}

test('pool fits equal in-thread fits exactly, in input order, with 2 threads', async () => {
  const pool = createFitPool({ threads: 2 });
  try {
    assert.is(pool.threads, 2);
    const results = await pool.fitMany(graphs, { seed: 7 });
    assert.is(results.length, graphs.length);
    graphs.forEach((g, i) => sameResult(results[i], fitThurstonian(engine, g, { seed: 7 })));
    assert.ok(results[0].means instanceof Float64Array);
    // The worker stays warm: a second round on the same pool gives the same answers.
    const again = await pool.fit(graphs[2], { seed: 7 });
    sameResult(again, results[2]);
    const adam = await pool.fit(graphs[0], { optimizer: 'adam', epochs: 50 });
    sameResult(adam, fitThurstonian(engine, graphs[0], { optimizer: 'adam', epochs: 50 }));
  } finally {
    await pool.close();
  }
});

test('fitIndexed transfers the graph arrays to the worker', async () => {
  const pool = createFitPool({ threads: 1 });
  try {
    const g = indexGraph(graphs[0]);
    const expected = fitThurstonian(engine, graphs[0]);
    const result = await pool.fitIndexed(g);
    sameResult(result, expected);
    assert.is(g.edgeA.length, 0, 'edgeA was moved, not copied');
    assert.is(g.labels.length, 0, 'labels was moved, not copied');
  } finally {
    await pool.close();
  }
});

test('bad input is rejected with InputError naming the problem; the pool keeps working', async () => {
  const pool = createFitPool({ threads: 1 });
  try {
    const disconnected = {
      options: [0, 1, 2, 3].map((id) => ({ id, description: `o${id}` })),
      edges: [{ a: 0, b: 1, probability_a: 0.7 }, { a: 2, b: 3, probability_a: 0.4 }],
    };
    await assertRejects(pool.fit(disconnected), /disconnected/);
    await assertRejects(pool.fit(graphs[0], { epochs: 0, optimizer: 'adam' }), /options\.epochs/);
    await assertRejects(pool.fit({ options: [], edges: [] }), /at least 2 options/);
    await assertRejects(pool.fitMany([graphs[0], disconnected]), /disconnected/);
    const ok = await pool.fit(graphs[1]);
    assert.ok(ok.metrics.accuracy > 0.5);
  } finally {
    await pool.close();
  }
  await assertRejects(pool.fit(graphs[0]), /closed/, Error);
});

test('createFitPool validates its options', () => {
  assert.throws(() => createFitPool({ threads: 0 }), /options\.threads must be a positive integer \(got 0\)/);
  assert.throws(() => createFitPool({ threads: 1.5 }), /options\.threads/);
  assert.throws(() => createFitPool({ idleTimeoutMs: -1 }), /options\.idleTimeoutMs/);
});

async function assertRejects(p: Promise<unknown>, pattern: RegExp, cls: Function = InputError) {
  try {
    await p;
  } catch (err) {
    assert.instance(err, cls);
    assert.match((err as Error).message, pattern);
    return;
  }
  assert.unreachable('expected a rejection');
}

test.run();
