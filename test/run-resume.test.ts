// Resume after a crash: a real `utility-engine run` child is killed with SIGKILL part way, the same
// command is run again, and no answer that reached the cache is requested twice; the results equal
// those of an uninterrupted run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_SYSTEM_MESSAGE } from '../src/elicit/prompts.js';
import { cacheKey } from '../src/node/response-cache.js';
import { startSyntheticServer, type RequestLogEntry } from '../src/node/synthetic-server.js';
import { CLI, finished, runCli, writeOutcomes } from './support/run-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ue-resume-'));
const outcomes = writeOutcomes(dir, 40, 12);

function cachedSamples(path: string): Set<string> {
  const seen = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    try {
      const { key, offset, choices } = JSON.parse(line);
      choices.forEach((_: unknown, i: number) => seen.add(`${key}#${offset + i}`));
    } catch {
      // a line cut by the kill
    }
  }
  return seen;
}

const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0);

test('kill -9 part way, rerun: nothing cached is asked again, results equal an uninterrupted run', async () => {
  const log: RequestLogEntry[] = [];
  const server = await startSyntheticServer({ faults: { latencyMs: 3 }, onRequest: (e) => log.push(e) });
  try {
    const args = (out: string) => ['run', '--outcomes', outcomes, '--base-url', server.url, '--model', 'synthetic', '--out', out, '--quiet', '--concurrency', '4'];
    const out = join(dir, 'killed');
    const cacheFile = join(out, 'responses.jsonl');
    const child = spawn(process.execPath, [CLI, ...args(out)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const done = finished(child);
    // 40 outcomes: 425 + 39 pairs, 928 requests; kill after about a third.
    while (lines(cacheFile) < 300 && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    const killed = await done;
    assert.is(killed.signal, 'SIGKILL', 'the run was killed before it finished');
    assert.not.ok(existsSync(join(out, 'results.json')));
    const before = cachedSamples(cacheFile);
    assert.ok(before.size >= 3000, `${before.size} samples cached before the kill`);

    log.length = 0;
    const resumed = await runCli(args(out));
    assert.is(resumed.status, 0, resumed.stderr);
    const identity = { endpoint: server.url, model: 'synthetic' };
    let repeats = 0;
    for (const e of log) {
      const key = cacheKey(identity, { system: DEFAULT_SYSTEM_MESSAGE, prompt: e.prompt, n: e.n, sampleOffset: e.sampleOffset, temperature: 1, maxTokens: 10 });
      for (let i = e.sampleOffset; i < e.sampleOffset + e.n; i++) if (before.has(`${key}#${i}`)) repeats++;
    }
    assert.is(repeats, 0, 'cached samples requested again');
    assert.ok(log.length > 0 && log.length < 928 - 250, `${log.length} requests after resuming`);
    const r1 = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    assert.ok(r1.usage.cached_completions >= before.size);

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
    await server.close();
  }
});

test.run();
