// Resume after a crash: a real `utility-engine run` child is killed with SIGKILL part way, the same
// command is run again, and no answer that reached the cache is requested twice; the results equal
// those of an uninterrupted run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
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

/**
 * An endpoint in front of the synthetic server that answers the first `limit` chat requests and
 * holds every later one unanswered, so a child run can be stopped after exactly `limit` answers
 * (not "about a third", as a race against the clock would give).
 */
async function gatedEndpoint(upstream: string, limit: number) {
  let passed = 0;
  const held: Array<() => void> = [];
  const forward = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const r = await fetch(upstream.replace(/\/v1$/, '') + req.url, {
      method: req.method, body: req.method === 'POST' ? body : undefined,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)) as Array<[string, string]>),
    });
    res.writeHead(r.status, Object.fromEntries(r.headers));
    res.end(Buffer.from(await r.arrayBuffer()));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const go = () => void forward(req, res, Buffer.concat(chunks)).catch(() => res.destroy());
      if (passed < limit) {
        passed++;
        go();
      } else {
        held.push(go);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    /** Lets every later request through; the held ones are dropped (their client was killed). */
    open() {
      limit = Infinity;
      held.length = 0;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const r1Cached = (out: string) => JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).usage.cached_completions;

const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0);

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
    while (lines(cacheFile) < ANSWERED && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
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
    gate.open();

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
