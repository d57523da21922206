// An experiment resumes after kill -9: a real `utility-engine experiment` child (asking the
// synthetic model over HTTP) is killed part way, the same command is run again, no answer that
// reached the shared cache is requested twice, and the output equals an uninterrupted run's.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_SYSTEM_MESSAGE } from '../src/elicit/prompts.js';
import { cacheKey } from '../src/node/response-cache.js';
import { startSyntheticServer, type RequestLogEntry } from '../src/node/synthetic-server.js';
import { cachedSamples, CLI, finished, runCli, writeOutcomes, writtenLines } from './support/run-helpers.js';

test('experiment expected-utility: kill -9 part way, rerun: nothing cached is bought again, output equals an uninterrupted run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ue-exp-resume-'));
  const log: RequestLogEntry[] = [];
  const server = await startSyntheticServer({ faults: { latencyMs: 3 }, onRequest: (e) => log.push(e) });
  try {
    const outcomes = writeOutcomes(dir, 10, 25);
    // 10 outcomes + 12 lotteries: 196 training + 12 held-out pairs, 416 requests.
    const args = (out: string) => ['experiment', 'expected-utility', '--outcomes', outcomes, '--lotteries', '12', '--k', '3',
      '--base-url', server.url, '--model', 'synthetic', '--out', out, '--quiet', '--concurrency', '4'];
    const out = join(dir, 'killed');
    const cacheFile = join(out, 'responses.jsonl');
    const child = spawn(process.execPath, [CLI, ...args(out)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const done = finished(child);
    while (writtenLines(cacheFile) < 150 && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    const killed = await done;
    assert.is(killed.signal, 'SIGKILL', 'killed before it finished');
    assert.not.ok(existsSync(join(out, 'expected-utility.json')), 'no half-written output');
    const before = cachedSamples(cacheFile);
    assert.ok(before.size >= 450, `${before.size} samples cached before the kill`);

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
    assert.ok(log.length > 0 && log.length < 416 - 100, `${log.length} requests after resuming`);
    const r1 = JSON.parse(readFileSync(join(out, 'expected-utility.json'), 'utf8'));
    assert.ok(r1.usage.cached_completions >= before.size);
    assert.is(r1.truth, undefined, 'no planted truth for a model behind an endpoint');

    const fresh = join(dir, 'uninterrupted');
    const clean = await runCli(args(fresh));
    assert.is(clean.status, 0, clean.stderr);
    const r2 = JSON.parse(readFileSync(join(fresh, 'expected-utility.json'), 'utf8'));
    assert.equal(r1.summary, r2.summary);
    assert.equal(r1.lotteries, r2.lotteries);
    assert.equal(r1.fit, r2.fit);
    assert.is(r2.usage.cached_completions, 0);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
