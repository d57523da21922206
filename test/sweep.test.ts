// `utility-engine sweep` end to end: real CLI processes, the built-in synthetic family, a real
// HTTP endpoint on 127.0.0.1 that refuses the key, resume from the caches, and bad input.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'src', 'node', 'cli.ts');
const FAMILY = ['synthetic-xs', 'synthetic-s', 'synthetic-m', 'synthetic-l', 'synthetic-xl'];
let dir = '';

// 60 outcomes spread over the categories: big enough for the trends. The family sweep (five full
// runs and 200 triads each) dominates this file: about 20 s on 2 cores.
const outcomes = defaultOutcomes().options.filter((_, i) => i % 8 === 0).slice(0, 60).map((o) => o.description);

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Spearman rank correlation of a sequence with its position (ties are not expected here). */
function trend(values: number[]): number {
  const ranks = values.map((v) => values.filter((w) => w < v).length);
  const n = values.length;
  const d2 = ranks.reduce((s, r, i) => s + (r - i) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

test.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'ue-sweep-'));
  writeFileSync(join(dir, 'outcomes.json'), JSON.stringify(outcomes));
});
test.after.each(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('the synthetic family shows the trends: accuracy and decisiveness up, cycles down, utilities converging', async () => {
  const out = join(dir, 'sweep');
  const run = await cli(['sweep', '--models', 'synthetic-family', '--outcomes', join(dir, 'outcomes.json'), '--out', out, '--threads', '1', '--triads', '200', '--quiet']);
  assert.is(run.code, 0, run.stderr);
  assert.is(run.stderr, '', '--quiet prints nothing on stderr');
  assert.match(run.stdout, /synthetic-xl\tok/);

  const sweep = read(join(out, 'sweep.json'));
  assert.equal(sweep.models.map((m: { name: string }) => m.name), FAMILY, 'rows keep the models order');
  for (const m of sweep.models) {
    assert.is(m.status, 'ok');
    assert.ok(existsSync(join(out, m.name, 'results.json')), `${m.name} has its own full run`);
    assert.ok(existsSync(join(out, m.name, 'responses.jsonl')), `${m.name} has its own cache`);
    assert.is(read(join(out, m.name, 'transitivity.json')).summary.triads, 200);
    assert.is(m.triads, 200);
    assert.ok(m.observed_triads > 100, 'cycle figures rest on many observed triangles');
    assert.ok(m.requests > 0 && m.prompt_tokens > 0);
  }
  const col = (key: string) => sweep.models.map((m: Record<string, number>) => m[key]);
  const acc = col('holdout_accuracy');
  const cycles = col('mean_cycle_probability');
  const decisive = col('decisiveness');
  const triadCycles = col('triad_cycle_probability');
  assert.ok(trend(triadCycles) === -1 && triadCycles[0] - triadCycles[4] >= 0.1, `cycles on uniformly sampled triads fall: ${triadCycles}`);
  assert.ok(trend(acc) >= 0.8 && acc[4] - acc[0] >= 0.1, `held-out accuracy rises: ${acc}`);
  assert.ok(trend(cycles) === -1, `cycle probability falls at every step: ${cycles}`);
  assert.ok(cycles[0] - cycles[4] >= 0.05, `and clearly: ${cycles}`);
  assert.ok(trend(decisive) === 1, `decisiveness rises at every step: ${decisive}`);
  assert.ok(trend(col('holdout_log_loss')) <= -0.8, 'held-out log-loss falls');
  const unparseable = col('unparseable_rate');
  assert.ok(unparseable[0] > 0.1 && unparseable[4] < 0.03, `unparseable rate follows the knob: ${unparseable}`);

  const conv = read(join(out, 'convergence.json'));
  const pair = (a: string, b: string) => conv.pairs.find((p: { a: string; b: string }) => p.a === a && p.b === b).pearson;
  assert.is(conv.pairs.length, 10, 'every pair of 5 models');
  for (const p of conv.pairs) assert.is(p.shared, 60);
  // Two models agree at most as well as the noisier one allows: grouped by the noisier member of
  // the pair, every rank correlation in a group is below every one in the next (more coherent) group.
  const byNoisier = FAMILY.slice(0, 4).map((name, r) => conv.pairs
    .filter((p: { a: string; b: string }) => Math.min(FAMILY.indexOf(p.a), FAMILY.indexOf(p.b)) === r)
    .map((p: { spearman: number }) => p.spearman));
  for (let r = 0; r + 1 < byNoisier.length; r++) {
    assert.ok(Math.max(...byNoisier[r]) < Math.min(...byNoisier[r + 1]),
      `rank agreement limited by the noisier model: ${FAMILY[r]} pairs ${byNoisier[r]} vs ${FAMILY[r + 1]} pairs ${byNoisier[r + 1]}`);
  }
  const top = conv.pairs.reduce((best: { pearson: number }, p: { pearson: number }) => (p.pearson > best.pearson ? p : best));
  // Among the three most coherent models Pearson saturates near 0.99, so their order is noise.
  const coherent = FAMILY.slice(2);
  assert.ok(coherent.includes(top.a) && coherent.includes(top.b), `the closest pair is two of the most coherent models: ${top.a}, ${top.b}`);
  const withOthers = conv.models.map((m: { correlation_with_others: number }) => m.correlation_with_others);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(withOthers[4] > withOthers[0], `the most coherent model is closer to the others than the least: ${withOthers}`);
  assert.ok(mean(withOthers.slice(3)) > mean(withOthers.slice(0, 2)), `coherent models converge: ${withOthers}`);
  const ranked = conv.models.map((m: { rank_correlation_with_others: number }) => m.rank_correlation_with_others);
  assert.ok(ranked[4] > ranked[0] && mean(ranked.slice(3)) > mean(ranked.slice(0, 2)), `rank correlations converge too: ${ranked}`);
  assert.ok(pair('synthetic-l', 'synthetic-xl') > pair('synthetic-xs', 'synthetic-s'), 'the two largest agree more than the two smallest');

  const csv = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
  assert.is(csv.length, 6);
  const header = csv[0].split(',');
  for (const column of ['name', 'holdout_accuracy', 'holdout_log_loss', 'train_accuracy', 'train_log_loss', 'mean_cycle_probability',
    'decisiveness', 'unparseable_rate', 'requests', 'prompt_tokens', 'completion_tokens', 'wall_seconds', 'metadata.family', 'metadata.scale']) {
    assert.ok(header.includes(column), `sweep.csv has ${column}`);
  }
  const first = csv[1].split(',');
  assert.is(first[header.indexOf('name')], 'synthetic-xs');
  assert.is(Number(first[header.indexOf('holdout_accuracy')]), acc[0]);
  assert.is(first[header.indexOf('metadata.scale')], '1');

  // Resume: the same command again asks nothing new and reproduces every figure.
  const again = await cli(['sweep', '--models', 'synthetic-family', '--outcomes', join(dir, 'outcomes.json'), '--out', out, '--triads', '200', '--quiet']);
  assert.is(again.code, 0, again.stderr);
  const second = read(join(out, 'sweep.json'));
  for (let i = 0; i < FAMILY.length; i++) {
    // Cost figures count this invocation's spending (nothing, on a resume); the rest must match.
    const figures = (row: Record<string, unknown>) => {
      const { wall_seconds: _w, requests: _r, prompt_tokens: _p, completion_tokens: _c, ...rest } = row;
      return rest;
    };
    assert.equal(figures(second.models[i]), figures(sweep.models[i]));
    assert.is(second.models[i].completion_tokens, 0, 'no tokens bought on a resume');
    const usage = read(join(out, FAMILY[i], 'results.json')).usage;
    assert.is(usage.cached_completions, usage.completions, `${FAMILY[i]}: every answer came from the cache`);
  }
});

function refusingEndpoint(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

test('a failing model is reported; the others finish; the key is never written', async () => {
  const server = await refusingEndpoint();
  try {
    const { port } = server.address() as AddressInfo;
    const models = join(dir, 'models.yaml');
    writeFileSync(models, [
      'models:',
      '  - name: coherent',
      '    synthetic:',
      '      noise: 0.8',
      '    metadata:',
      '      family: synthetic',
      '  - name: refused',
      '    model: some-model',
      `    base_url: http://127.0.0.1:${port}/v1`,
      '    api_key_env: SWEEP_TEST_KEY',
      '    k: 2',
      '  - name: noisy',
      '    synthetic:',
      '      noise: 2',
    ].join('\n'));
    const out = join(dir, 'sweep');
    const secret = 'sk-sweep-test-secret-0123456789';
    const run = await cli(['sweep', '--models', models, '--outcomes', join(dir, 'outcomes.json'), '--out', out, '--max-parallel-models', '2'], { SWEEP_TEST_KEY: secret });
    assert.is(run.code, 1, 'a failed model makes the exit status 1');
    assert.match(run.stderr, /1 of 3 models failed: refused \(.*401/);
    assert.match(run.stderr, /sweep: refused: FAILED/);
    const sweep = read(join(out, 'sweep.json'));
    assert.equal(sweep.models.map((m: { name: string; status: string }) => [m.name, m.status]), [['coherent', 'ok'], ['refused', 'failed'], ['noisy', 'ok']]);
    assert.match(sweep.models[1].error, /401/);
    assert.ok(sweep.models[0].holdout_accuracy > sweep.models[2].holdout_accuracy);
    const conv = read(join(out, 'convergence.json'));
    assert.equal(conv.models.map((m: { name: string }) => m.name), ['coherent', 'noisy']);
    assert.equal(conv.failed_models, ['refused']);
    assert.is(readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n').length, 4);
    const files = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [join(d, e.name)]));
    for (const file of files(out)) assert.not.ok(readFileSync(file, 'utf8').includes(secret), `${file} holds the API key`);
  } finally {
    server.close();
  }
});

test('bad input: one line, exit 2, nothing written', async () => {
  const out = join(dir, 'sweep');
  const cases: Array<[string[], RegExp]> = [
    [['sweep'], /sweep needs --models/],
    [['sweep', '--models', join(dir, 'missing.json')], /cannot read .*missing\.json/],
    [['sweep', '--models', join(dir, 'models.json')], /model 1 \(b\) has unknown key "base-url"/],
    [['sweep', '--models', 'synthetic-family', '--threads', '0'], /--threads must be a positive integer \(got "0"\)/],
    [['sweep', '--models', 'synthetic-family', '--max-parallel-models', 'x'], /--max-parallel-models must be a positive integer/],
    [['sweep', '--models', 'synthetic-family', '--outcomes', join(dir, 'few.json')], /outcomes/],
    [['sweep', '--models', 'synthetic-family', '--outcomes', join(dir, 'outcomes.json'), '--triads', '40000'], /--triads 40000 exceeds the 34220 triads of 60 outcomes/],
    [['sweep', '--models', 'synthetic-family', '--triads', '1.5'], /--triads must be a non-negative integer/],
  ];
  writeFileSync(join(dir, 'models.json'), JSON.stringify({ models: [{ name: 'a' }, { name: 'b', 'base-url': 'http://x' }] }));
  writeFileSync(join(dir, 'few.json'), JSON.stringify(['only one']));
  const runs = await Promise.all(cases.map(([args]) => cli([...args, '--out', out])));
  for (const [k, [args, pattern]] of cases.entries()) {
    const run = runs[k];
    assert.is(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, pattern);
    assert.is(run.stderr.trim().split('\n').length, 1, 'one line');
    assert.not.ok(existsSync(out), 'nothing written');
  }
});

test.run();
