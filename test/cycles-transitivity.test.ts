// The transitivity experiment: uniform distinct triad sampling, the analysis of answers, the
// synthetic model's intransitivity knob, and the command end to end (real processes, real files).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { askPairs } from '../src/elicit/ask-pairs.js';
import { SyntheticClient } from '../src/elicit/synthetic-client.js';
import { analyseTransitivity } from '../src/experiments/transitivity/analysis.js';
import { pairsToAsk, sampleTriads, triadPairs } from '../src/experiments/transitivity/options.js';
import { cycleProbability } from '../src/cycles/oracle.js';
import { loadEngine } from '../src/node/load-engine.js';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';
import { Random } from '../src/sampling/random.js';
import { startSyntheticServer } from '../src/node/synthetic-server.js';

const engine = loadEngine();
const CLI = new URL('../src/node/cli.ts', import.meta.url).pathname;

test('sampled triads are distinct, sorted, seeded, and refuse impossible counts', () => {
  const t = sampleTriads(500, 1000, new Random(42));
  assert.is(t.length, 1000);
  assert.is(new Set(t.map((x) => x.join(','))).size, 1000);
  for (const [a, b, c] of t) assert.ok(a >= 0 && a < b && b < c && c < 500);
  assert.equal(sampleTriads(500, 1000, new Random(42)), t, 'same seed, same triads');
  assert.not.equal(sampleTriads(500, 1000, new Random(43)), t);
  assert.is(sampleTriads(6, 20, new Random(1)).length, 20, 'all triads when all are asked for');
  assert.throws(() => sampleTriads(6, 21, new Random(1)), /exceeds the 20 triads of 6 outcomes/);
  assert.throws(() => sampleTriads(2, 1, new Random(1)), /at least 3 outcomes/);
});

test('triad sampling is uniform (each of C(7,3) = 35 triads drawn about equally often)', () => {
  const counts = new Map<string, number>();
  const draws = 4000;
  for (let s = 0; s < draws; s++) {
    for (const t of sampleTriads(7, 3, new Random(s))) counts.set(t.join(','), (counts.get(t.join(',')) ?? 0) + 1);
  }
  assert.is(counts.size, 35);
  const expected = (draws * 3) / 35;
  let chi2 = 0;
  for (const c of counts.values()) chi2 += (c - expected) ** 2 / expected;
  // 34 degrees of freedom: the 99.9th percentile is about 65.
  assert.ok(chi2 < 65, `chi-square ${chi2}`);
});

test('pairs are deduplicated across triads; the analysis matches the cycle formula', async () => {
  const options = defaultOutcomes().options.slice(0, 30);
  const triads = sampleTriads(options.length, 200, new Random(3));
  const pairs = triadPairs(triads);
  assert.ok(pairs.length < 600 && pairs.length > 200);
  assert.is(new Set(pairs.map((p) => p.join(','))).size, pairs.length);
  const { answers } = await askPairs(new SyntheticClient({ seed: 1 }), pairsToAsk(options, pairs), { k: 4 });
  const { summary, records } = analyseTransitivity(engine, options, triads, pairs, answers, 5);
  const prob = new Map(pairs.map((p, i) => [p.join(','), answers[i].probability_a]));
  let sum = 0;
  records.forEach((r, t) => {
    const [a, b, c] = triads[t];
    const expected = cycleProbability(prob.get(`${a},${b}`)!, prob.get(`${b},${c}`)!, 1 - prob.get(`${a},${c}`)!);
    assert.ok(Math.abs(r.cycle_probability - expected) < 1e-15);
    assert.equal(r.options, [options[a].id, options[b].id, options[c].id]);
    assert.is(r.pairs[0].total_responses, 8, 'both orders x K');
    assert.is(r.pairs[2].a, options[a].id);
    sum += expected;
  });
  assert.ok(Math.abs(summary.mean_cycle_probability - sum / 200) < 1e-14);
  assert.is(summary.histogram.counts.reduce((x, y) => x + y, 0), 200);
});

async function meanCycle(intransitivity: number): Promise<{ mean: number; se: number; hard: number }> {
  const options = defaultOutcomes().options.slice(0, 80);
  const triads = sampleTriads(options.length, 300, new Random(11));
  const pairs = triadPairs(triads);
  const client = new SyntheticClient({ seed: 5, noise: 0.5, intransitivity, positionBias: 0, unparseableRate: 0 });
  const { answers } = await askPairs(client, pairsToAsk(options, pairs), { k: 10 });
  const { summary } = analyseTransitivity(engine, options, triads, pairs, answers);
  return { mean: summary.mean_cycle_probability, se: summary.mean_cycle_probability_se, hard: summary.hard_cycle_fraction };
}

test('the synthetic intransitivity knob moves the cycle figures', async () => {
  const coherent = await meanCycle(0);
  const intransitive = await meanCycle(4);
  assert.ok(coherent.mean < 0.06, `coherent model: mean cycle probability ${coherent.mean}`);
  assert.ok(intransitive.mean > 2 * coherent.mean + 5 * (coherent.se + intransitive.se),
    `intransitive ${intransitive.mean} not clearly above coherent ${coherent.mean}`);
  assert.ok(intransitive.hard > coherent.hard + 0.05, `hard fractions ${coherent.hard} -> ${intransitive.hard}`);
});

test('command: writes transitivity.json with every triad and its raw answers; a rerun is served from the cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'transitivity-'));
  try {
    const outcomes = join(dir, 'outcomes.json');
    writeFileSync(outcomes, JSON.stringify(defaultOutcomes().options.slice(0, 12).map((o) => o.description)));
    const args = ['--import', 'tsx', CLI, 'transitivity', '--outcomes', outcomes, '--triads', '40', '--k', '3', '--out', dir, '--quiet', '--synthetic-intransitivity', '2'];
    const first = spawnSync(process.execPath, args, { encoding: 'utf8' });
    assert.is(first.status, 0, first.stderr);
    assert.match(first.stdout, /mean cycle probability/);
    const result = JSON.parse(readFileSync(join(dir, 'transitivity.json'), 'utf8'));
    assert.is(result.summary.triads, 40);
    assert.is(result.triads.length, 40);
    assert.is(result.config.k, 3);
    assert.is(result.config.synthetic.intransitivity, 2);
    for (const t of result.triads) {
      assert.is(t.pairs.length, 3);
      for (const p of t.pairs) {
        assert.is(p.original.responses.length, 3);
        assert.is(p.flipped.responses.length, 3);
        assert.is(p.count_a + p.count_b, 6);
      }
      assert.ok(t.cycle_probability >= 0 && t.cycle_probability <= 1);
    }
    assert.is(result.usage.cached_completions, 0);
    const second = spawnSync(process.execPath, args, { encoding: 'utf8' });
    assert.is(second.status, 0, second.stderr);
    const again = JSON.parse(readFileSync(join(dir, 'transitivity.json'), 'utf8'));
    assert.is(again.usage.cached_completions, again.usage.completions, 'every answer from the cache');
    assert.equal(again.summary, result.summary);

    const bad = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'transitivity', '--outcomes', outcomes, '--triads', '500', '--out', join(dir, 'bad')], { encoding: 'utf8' });
    assert.is(bad.status, 2);
    assert.match(bad.stderr, /--triads 500 exceeds the 220 triads of 12 outcomes/);
    assert.is(bad.stderr.trim().split('\n').length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs the CLI without blocking this process's event loop (the test server lives here). */
function runAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('over HTTP (serve-synthetic on 127.0.0.1) the experiment gets the same answers as in process', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'transitivity-http-'));
  const knobs = { seed: 3, intransitivity: 2 };
  const server = await startSyntheticServer({ knobs, requireKey: 'test-key' });
  try {
    const outcomes = join(dir, 'outcomes.json');
    writeFileSync(outcomes, JSON.stringify(defaultOutcomes().options.slice(0, 15).map((o) => o.description)));
    const common = ['transitivity', '--outcomes', outcomes, '--triads', '30', '--k', '4', '--quiet'];
    const http = await runAsync([...common, '--model', 'synthetic', '--base-url', server.url, '--api-key-env', 'TEST_KEY', '--out', join(dir, 'http')], { TEST_KEY: 'test-key' });
    assert.is(http.status, 0, http.stderr);
    const local = await runAsync([...common, '--synthetic-seed', '3', '--synthetic-intransitivity', '2', '--out', join(dir, 'local')], {});
    assert.is(local.status, 0, local.stderr);
    const a = JSON.parse(readFileSync(join(dir, 'http', 'transitivity.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'local', 'transitivity.json'), 'utf8'));
    assert.equal(a.summary, b.summary);
    assert.equal(a.triads.map((t: { pairs: unknown }) => t.pairs), b.triads.map((t: { pairs: unknown }) => t.pairs));
    assert.ok(server.stats.requests >= 2 * a.summary.pairs);
    assert.not.match(readFileSync(join(dir, 'http', 'transitivity.json'), 'utf8'), /test-key/, 'the key is never stored');
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
