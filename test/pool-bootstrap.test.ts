import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitIndexed } from '../src/fit/fit.js';
import { loadEngine } from '../src/node/load-engine.js';
import { bootstrapMeans, type BootstrapGraph } from '../src/node/pool/bootstrap-fits.js';
import { plantedGraph } from '../src/sampling/planted-graph.js';

const engine = loadEngine();
const { graph, truth } = plantedGraph({ n: 30, answersPerEdge: 10, seed: 3 });
const asked: BootstrapGraph['asked'] = graph.edges.map((e) => ({ a: e.a as number, b: e.b as number, probability_a: e.probability_a, total_responses: 10 }));
const measured: BootstrapGraph = { n: 30, ids: graph.options.map((o) => o.id), asked };
const inThread = (g: Parameters<typeof fitIndexed>[1], o: Parameters<typeof fitIndexed>[2]) => Promise.resolve(fitIndexed(engine, g, o));

test('replicates depend only on the seed; the pool gives the same means as in-thread fits', async () => {
  const a = await bootstrapMeans(measured, { replicates: 6, seed: 9, fitter: inThread });
  const b = await bootstrapMeans(measured, { replicates: 6, seed: 9, threads: 2 });
  assert.is(a.length, 6);
  a.forEach((m, r) => assert.equal(Array.from(m), Array.from(b[r]), `replicate ${r}`));
  const c = await bootstrapMeans(measured, { replicates: 2, seed: 10, fitter: inThread });
  assert.not.equal(Array.from(c[0]), Array.from(a[0]));
  assert.equal(await bootstrapMeans(measured, { replicates: 0, seed: 1, fitter: inThread }), []);
});

test('replicate spread matches the answers: sure pairs fixed, the planted order kept on average', async () => {
  const reps = await bootstrapMeans(measured, { replicates: 40, seed: 1, fitter: inThread });
  const mean = new Float64Array(30);
  for (const m of reps) m.forEach((x, i) => (mean[i] += x / reps.length));
  // The average replicate orders the options like the planted utilities.
  let concordant = 0;
  let total = 0;
  for (let i = 0; i < 30; i++) for (let j = i + 1; j < 30; j++) {
    total++;
    if ((mean[i] - mean[j]) * (truth.means[i] - truth.means[j]) > 0) concordant++;
  }
  assert.ok(concordant / total > 0.85, `concordance ${concordant / total}`);
  // And the replicates differ from each other (the answers were resampled).
  const spread = reps.map((m) => m[0]);
  assert.ok(Math.max(...spread) - Math.min(...spread) > 0.01);
});

test.run();
