// Resume after a crash: a real `utility-engine run` child is killed with SIGKILL after exactly 300
// answers (an endpoint in front of the synthetic server answers 300 requests and holds the rest, so
// the kill point does not depend on timing), the same command is run again, and no answer that
// reached the cache is requested twice; the results equal those of an uninterrupted run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startSyntheticServer, type RequestLogEntry } from '../src/node/synthetic-server.js';
import { cachedSamples, CLI, finished, gatedEndpoint, runCli, writeOutcomes, writtenLines } from './support/run-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ue-resume-'));
const outcomes = writeOutcomes(dir, 40, 12);

const r1Cached = (out: string) => JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).usage.cached_completions;

test('kill -9 part way, rerun: nothing cached is asked again, results equal an uninterrupted run', async () => {
  const log: RequestLogEntry[] = [];
  const server = await startSyntheticServer({ faults: { latencyMs: 3 }, onRequest: (e) => log.push(e) });
  // 40 outcomes: 425 + 39 pairs, 928 requests of n = 10; the first run gets exactly 300 answers.
  const ANSWERED = 300;
  const gate = await gatedEndpoint(server.url, ANSWERED);
  try {
    const args = (out: string) => ['run', '--outcomes', outcomes, '--base-url', gate.url, '--model', 'synthetic', '--out', out, '--quiet', '--concurrency', '4'];
    const out = join(dir, 'killed');
    const cacheFile = join(out, 'responses.jsonl');
    const child = spawn(process.execPath, [CLI, ...args(out)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const done = finished(child);
    // The child cannot get past 300 answers, so this wait ends at exactly 300 cache lines.
    while (writtenLines(cacheFile) < ANSWERED && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    const killed = await done;
    assert.is(killed.signal, 'SIGKILL', 'the run was killed before it finished');
    assert.not.ok(existsSync(join(out, 'results.json')));
    const before = cachedSamples(cacheFile);
    assert.is(before.size, ANSWERED * 10, 'every answer given before the kill is in the cache');
    assert.is(log.length, ANSWERED);
    // What the endpoint answered before the kill, sample by sample (no cache key involved).
    const answered = new Set(log.flatMap((e) => Array.from({ length: e.n }, (_, i) => `${e.system}\u0000${e.prompt}\u0000${e.sampleOffset + i}`)));
    assert.is(answered.size, ANSWERED * 10);
    gate.open({ dropHeld: true }); // the held requests belonged to the killed child

    log.length = 0;
    const resumed = await runCli(args(out));
    assert.is(resumed.status, 0, resumed.stderr);
    const repeats = log.filter((e) => Array.from({ length: e.n }, (_, i) => `${e.system}\u0000${e.prompt}\u0000${e.sampleOffset + i}`).some((k) => answered.has(k)));
    assert.is(repeats.length, 0, 'answers bought before the kill were asked again');
    assert.is(log.length, 928 - ANSWERED, 'exactly the requests not answered before the kill');
    assert.is(r1Cached(out), ANSWERED * 10);
    const r1 = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));

    const fresh = join(dir, 'uninterrupted');
    const clean = await runCli(args(fresh));
    assert.is(clean.status, 0, clean.stderr);
    const r2 = JSON.parse(readFileSync(join(fresh, 'results.json'), 'utf8'));
    assert.equal(r1.utilities, r2.utilities);
    assert.equal(r1.metrics, r2.metrics);
    assert.equal(r1.holdout_metrics, r2.holdout_metrics);
    assert.equal(r1.graph_data, r2.graph_data);
    assert.is(r2.usage.cached_completions, 0);
  } finally {
    await gate.close();
    await server.close();
  }
});

test.run();
