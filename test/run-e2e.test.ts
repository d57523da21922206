// `utility-engine run` end to end as a user runs it: child processes of the built CLI talking to
// `serve-synthetic` on 127.0.0.1 through the openai SDK.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readGraph } from '../src/graph/formats.js';
import { startSyntheticServer } from '../src/node/synthetic-server.js';
import { recovery, runCli, serveSynthetic, writeOutcomes } from './support/run-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ue-run-e2e-'));
const outcomes = writeOutcomes(dir, 100);
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

test('100 outcomes through the SDK: utilities recover the truth, held-out accuracy reported, fit reads results.json', async () => {
  const server = await serveSynthetic();
  try {
    const out = join(dir, 'plain');
    const r = await runCli(['run', '--outcomes', outcomes, '--base-url', server.url, '--model', 'synthetic', '--out', out, '--quiet']);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, /held-out accuracy 0\.\d+, log-loss \d\.\d+ on 247 pairs/);
    const results = read(join(out, 'results.json'));
    const rho = recovery(results);
    assert.ok(rho >= 0.95, `Spearman ${rho}`);
    assert.ok(results.holdout_metrics.accuracy > 0.8 && results.holdout_metrics.accuracy <= 1, JSON.stringify(results.holdout_metrics));
    assert.ok(results.holdout_metrics.log_loss > 0);
    assert.is(results.usage.completions, (1328 + 247) * 20);
    assert.is(results.answers.total, (1328 + 247) * 20);
    assert.ok(results.answers.unparseable > 0, 'the default synthetic model gives some unparseable replies');
    assert.is(results.config.k, 10);
    assert.not.ok('synthetic_recovery' in results, 'over HTTP the truth is not known to the run');
    // The paper's layout: readGraph puts the held-out pairs aside.
    const g = readGraph(results, 'results.json');
    assert.is(g.format, 'paper');
    assert.is(g.graph.edges.length, 1328);
    assert.is(g.holdout.length, 247);
    const edge = Object.values(results.graph_data.edges)[0] as { aux_data: Record<string, unknown> };
    assert.is((edge.aux_data.original_responses as string[]).length, 10);
    assert.is(edge.aux_data.mode, 'sampling');
    assert.ok(results.graph_data.pseudolabel_edges.length > 0);
    const u = read(join(out, 'utilities.json'));
    assert.not.ok('graph_data' in u);
    assert.equal(u.utilities, results.utilities);
    const summary = readFileSync(join(out, 'summary.txt'), 'utf8');
    assert.match(summary, /held-out pairs: 247 {3}accuracy 0\.\d{4}/);
    assert.ok(existsSync(join(out, 'responses.jsonl')));
    const refit = await runCli(['fit', join(out, 'results.json'), '--out', join(dir, 'refit.json')]);
    assert.is(refit.status, 0, refit.stderr);
  } finally {
    await server.stop();
  }
});

test('with faults injected (6% 429, 3% 500, slow and garbage replies) the run completes with the same guarantees', async () => {
  const server = await serveSynthetic(['--rate-429', '0.06', '--retry-after-ms', '5', '--rate-500', '0.03', '--slow-rate', '0.01', '--slow-ms', '150', '--garbage-rate', '0.01']);
  try {
    const out = join(dir, 'faults');
    const r = await runCli(['run', '--outcomes', outcomes, '--base-url', server.url, '--model', 'synthetic', '--out', out, '--quiet']);
    assert.is(r.status, 0, r.stderr);
    const results = read(join(out, 'results.json'));
    const rho = recovery(results);
    assert.ok(rho >= 0.95, `Spearman ${rho}`);
    const failures = results.usage.client.failures;
    assert.ok(failures['429'] > 0.03 * results.usage.requests, JSON.stringify(results.usage.client));
    assert.ok(failures['500'] > 0.01 * results.usage.requests, JSON.stringify(results.usage.client));
    assert.ok(results.answers.unparseable > 0.01 * results.answers.total);
    assert.ok(results.holdout_metrics.accuracy > 0.8);
  } finally {
    await server.stop();
  }
});

test('a wrong key stops at once: 401 named, exit 2, no results, key never shown', async () => {
  const server = await startSyntheticServer({ requireKey: 'right-key' });
  try {
    const out = join(dir, 'unauthorised');
    const r = await runCli(['run', '--outcomes', outcomes, '--base-url', server.url, '--model', 'synthetic', '--out', out, '--quiet', '--concurrency', '4', '--api-key-env', 'UE_TEST_KEY'],
      { ...process.env, UE_TEST_KEY: 'sk-wrong-secret-1234' });
    assert.is(r.status, 2, r.stderr);
    assert.match(r.stderr, /refused the API key \(401\); check UE_TEST_KEY/);
    assert.is(r.stderr.trim().split('\n').length, 1);
    assert.not.match(r.stderr + r.stdout, /wrong-secret/);
    assert.not.ok(existsSync(join(out, 'results.json')));
    // "At once": no retries, and nothing beyond the requests already in flight (--concurrency 4).
    assert.ok(server.stats.requests >= 1 && server.stats.requests <= 4, `${server.stats.requests} requests`);
    assert.equal(server.stats.byStatus, { 401: server.stats.requests });
  } finally {
    await server.close();
  }
});

test('--template and --system are used and recorded; a template without placeholders is refused', async () => {
  const template = join(dir, 'template.txt');
  writeFileSync(template, 'Which would you rather see happen?\n\nOption A:\n{option_A}\n\nOption B:\n{option_B}\n\nReply "A" or "B".');
  const small = writeOutcomes(dir, 12, 40);
  const out = join(dir, 'templated');
  const r = await runCli(['run', '--outcomes', small, '--template', template, '--system', 'You are terse.', '--k', '2', '--out', out, '--quiet']);
  assert.is(r.status, 0, r.stderr);
  const results = read(join(out, 'results.json'));
  assert.is(results.config.template, readFileSync(template, 'utf8'));
  assert.is(results.config.system, 'You are terse.');
  assert.ok(results.answers.unparseable < results.answers.total / 4, 'the synthetic model reads the custom template');
  writeFileSync(template, 'Pick one: {option_A}');
  const bad = await runCli(['run', '--outcomes', small, '--template', template, '--out', join(dir, 'bad-template'), '--quiet']);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /does not contain the placeholder \{option_B\}/);
  assert.not.ok(existsSync(join(dir, 'bad-template')));
});

test('--dry-run prices the run without calling the model', async () => {
  const r = await runCli(['run', '--outcomes', outcomes, '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm', '--dry-run', '--out', join(dir, 'dry')]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /pairs: +1575 \(1328 for fitting: 100 in the start graph \+ 3 rounds; 247 held out\) of 4950/);
  assert.match(r.stdout, /requests: +3150 \(31500 if the endpoint ignores n\)/);
  assert.match(r.stdout, /completions: 31500/);
  assert.not.ok(existsSync(join(dir, 'dry')));
  const lp = await runCli(['run', '--outcomes', outcomes, '--logprobs', '--dry-run']);
  assert.match(lp.stdout, /completions: 3150\n/);
});

test.run();
