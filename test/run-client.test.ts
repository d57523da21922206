// The OpenAI-compatible client through the real openai SDK against the synthetic server on
// 127.0.0.1: retries, Retry-After, refusals, the n fallback; and the response cache.
import { mkdtempSync, readFileSync, appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FORCED_CHOICE_TEMPLATE, renderPrompt } from '../src/elicit/prompts.js';
import { SyntheticClient } from '../src/elicit/synthetic-client.js';
import type { CompletionRequest, ModelClient, Completion } from '../src/elicit/model-client.js';
import { OpenAIModelClient } from '../src/node/openai-client.js';
import { CachedClient, ResponseCache, cacheKey } from '../src/node/response-cache.js';
import { retryAfterMs, retryDecision } from '../src/node/retry-policy.js';
import { startSyntheticServer, type RequestLogEntry } from '../src/node/synthetic-server.js';

const dir = mkdtempSync(join(tmpdir(), 'ue-client-'));
const req = (a: string, b: string, n = 5, sampleOffset = 0): CompletionRequest => ({
  system: 'You are a helpful assistant.', prompt: renderPrompt(FORCED_CHOICE_TEMPLATE, a, b), n, sampleOffset, temperature: 1, maxTokens: 10,
});
const fastRetry = { maxRetries: 6, baseDelayMs: 1, maxDelayMs: 5 };

async function rejectsWith(p: Promise<unknown>, re: RegExp): Promise<Error> {
  try {
    await p;
  } catch (err) {
    assert.match((err as Error).message, re);
    return err as Error;
  }
  throw new Error('expected a rejection');
}

test('retry rule: Retry-After honoured as a floor, backoff with jitter, fatal statuses', () => {
  assert.equal(retryDecision(429, new Headers({ 'retry-after': '2' }), 0), { retry: true, delayMs: 2000 });
  // retry-after-ms wins over retry-after; at attempt 3 the backoff (2-4 s) is longer than either.
  assert.equal(retryDecision(429, new Headers({ 'retry-after-ms': '1500', 'retry-after': '1' }), 0, undefined, () => 0), { retry: true, delayMs: 1500 });
  assert.equal(retryDecision(429, new Headers({ 'retry-after-ms': '15', 'retry-after': '1' }), 3, undefined, () => 0), { retry: true, delayMs: 2000 });
  assert.is(retryAfterMs(new Headers({ 'retry-after': new Date(Date.now() + 3000).toUTCString() }))! > 1000, true);
  for (const s of [401, 403, 404, 400, 422]) assert.equal(retryDecision(s, undefined, 0), { retry: false, fatal: true });
  const policy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
  const d = retryDecision(500, undefined, 2, policy, () => 0.5) as { delayMs: number };
  assert.is(d.delayMs, 300); // ceiling 400: half fixed + half x 0.5
  assert.equal(retryDecision(undefined, undefined, 3, policy), { retry: false, fatal: false });
  assert.equal(retryDecision(429, new Headers({ 'retry-after': '999' }), 0, policy), { retry: true, delayMs: 5000 });
});

test('a short Retry-After does not cut the backoff: nine 429s asking for 50 ms wait minutes, not half a second', () => {
  const headers = new Headers({ 'retry-after-ms': '50' });
  const delays = Array.from({ length: 8 }, (_, attempt) => (retryDecision(429, headers, attempt, undefined, () => 0) as { delayMs: number }).delayMs);
  // Defaults: base 500 ms doubling, capped at 30 s, half of it fixed: 250, 500, ..., 15000, 15000.
  assert.equal(delays, [250, 500, 1000, 2000, 4000, 8000, 15000, 15000]);
  assert.ok(delays.reduce((x, y) => x + y, 0) > 45_000);
  assert.equal(retryDecision(429, headers, 8), { retry: false, fatal: false });
});

test('through the SDK: the same answers as in process, sample offsets respected', async () => {
  const server = await startSyntheticServer();
  try {
    const client = new OpenAIModelClient({ baseURL: server.url, model: 'synthetic', apiKey: 'k', ...fastRetry });
    const local = new SyntheticClient();
    const r = req('You adopt a cat.', 'You lose $5.', 10);
    assert.equal((await client.complete(r)).choices.map((c) => c.text), local.respond(r).choices.map((c) => c.text));
    const later = req('You adopt a cat.', 'You lose $5.', 3, 7);
    assert.equal((await client.complete(later)).choices.map((c) => c.text), local.respond(r).choices.slice(7).map((c) => c.text));
    const lp = await client.complete({ ...req('p', 'q', 1), maxTokens: 1, topLogprobs: 5 });
    assert.ok(lp.choices[0].topLogprobs!.some((t) => t.token === 'A'));
  } finally {
    await server.close();
  }
});

test('429 with Retry-After and 500 are retried until they succeed', async () => {
  const server = await startSyntheticServer({ faults: { rate429: 0.3, rate500: 0.2, retryAfterMs: 20, seed: 3 } });
  try {
    const client = new OpenAIModelClient({ baseURL: server.url, model: 'synthetic', apiKey: 'k', ...fastRetry, maxRetries: 30 });
    const started = Date.now();
    for (let i = 0; i < 20; i++) assert.is((await client.complete(req(`x${i}`, 'y'))).choices.length, 5);
    assert.ok(client.stats.failures['429'] > 0 && client.stats.failures['500'] > 0, JSON.stringify(client.stats));
    assert.is(client.stats.retries, client.stats.failures['429'] + client.stats.failures['500']);
    assert.ok(Date.now() - started >= 20 * client.stats.failures['429'] - 5, 'waited as Retry-After asked');
  } finally {
    await server.close();
  }
});

test('401, 404 stop at once with a clear message and no retry', async () => {
  const server = await startSyntheticServer({ requireKey: 'right-key' });
  try {
    const bad = new OpenAIModelClient({ baseURL: server.url, model: 'synthetic', apiKey: 'sk-wrongkey123456', apiKeyEnv: 'MY_KEY', ...fastRetry });
    const err = await rejectsWith(bad.complete(req('a', 'b')), /refused the API key \(401\); check MY_KEY — not retrying/);
    assert.not.match(err.message, /wrongkey/);
    assert.is(server.stats.requests, 1);
    const wrongModel = new OpenAIModelClient({ baseURL: server.url, model: 'gpt-nope', apiKey: 'right-key', ...fastRetry });
    await rejectsWith(wrongModel.complete(req('a', 'b')), /404: wrong model name or base URL/);
    assert.is(server.stats.requests, 2);
  } finally {
    await server.close();
  }
});

test('a server that ignores n: missing samples fetched one by one, same answers', async () => {
  const log: RequestLogEntry[] = [];
  const server = await startSyntheticServer({ faults: { maxChoices: 1 }, onRequest: (e) => log.push(e) });
  try {
    const client = new OpenAIModelClient({ baseURL: server.url, model: 'synthetic', apiKey: 'k', ...fastRetry });
    const r = req('one', 'two', 4);
    const got = await client.complete(r);
    assert.equal(got.choices.map((c) => c.text), new SyntheticClient().respond(r).choices.map((c) => c.text));
    assert.ok(client.stats.nFallback);
    assert.equal(log.map((e) => [e.n, e.sampleOffset]), [[4, 0], [1, 1], [1, 2], [1, 3]]);
    await client.complete(req('three', 'four', 2));
    assert.equal(log.slice(4).map((e) => [e.n, e.sampleOffset]), [[1, 0], [1, 1]]);
  } finally {
    await server.close();
  }
});

test('a server that refuses n > 1 (400): the same answers, one sample per request', async () => {
  const log: RequestLogEntry[] = [];
  const server = await startSyntheticServer({ faults: { rejectN: true }, onRequest: (e) => log.push(e) });
  try {
    const client = new OpenAIModelClient({ baseURL: server.url, model: 'synthetic', apiKey: 'k', ...fastRetry });
    const r = req('five', 'six', 3);
    assert.equal((await client.complete(r)).choices.map((c) => c.text), new SyntheticClient().respond(r).choices.map((c) => c.text));
    assert.equal(log.map((e) => [e.n, e.sampleOffset, e.status]), [[3, 0, 400], [1, 0, 200], [1, 1, 200], [1, 2, 200]]);
  } finally {
    await server.close();
  }
});

test('timeouts are retried; a dead endpoint fails after the retries', async () => {
  const server = await startSyntheticServer({ faults: { slowRate: 1, slowMs: 300 } });
  try {
    const client = new OpenAIModelClient({ baseURL: server.url, model: 'synthetic', apiKey: 'k', timeoutMs: 50, maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 });
    await rejectsWith(client.complete(req('a', 'b')), /still failing after 3 attempts \(last: timeout/);
    assert.is(client.stats.failures.timeout, 3);
  } finally {
    await server.close();
  }
});

/** Counts what reaches the model. */
class CountingClient implements ModelClient {
  readonly identity = { model: 'counting' };
  asked: Array<[string, number, number]> = [];
  async complete(r: CompletionRequest): Promise<Completion> {
    this.asked.push([r.prompt, r.sampleOffset, r.n]);
    return { choices: Array.from({ length: r.n }, (_, i) => ({ text: `${r.prompt}#${r.sampleOffset + i}` })), usage: { prompt_tokens: 1, completion_tokens: r.n } };
  }
}

test('cache: answers are recorded, reread, and only missing samples are asked', async () => {
  const path = join(dir, 'cache.jsonl');
  const inner = new CountingClient();
  let cache = ResponseCache.open(path);
  let client = new CachedClient(inner, cache);
  const first = await client.complete({ ...req('a', 'b'), n: 3 });
  assert.is(first.cached, 0);
  cache.close();
  // A kill mid-write leaves half a line; it is skipped and the next line starts fresh.
  appendFileSync(path, '{"key":"abc","offs');
  cache = ResponseCache.open(path);
  assert.equal(cache.loaded, { lines: 1, completions: 3, skipped: 1 });
  client = new CachedClient(inner, cache);
  const again = await client.complete({ ...req('a', 'b'), n: 5 });
  assert.is(again.cached, 3);
  assert.equal(again.choices.map((c) => c.text), first.choices.map((c) => c.text).concat([3, 4].map((i) => `${req('a', 'b').prompt}#${i}`)));
  assert.equal(inner.asked.map(([, o, n]) => [o, n]), [[0, 3], [3, 2]]);
  cache.close();
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  assert.is(lines.length, 3);
  assert.not.ok(readFileSync(path, 'utf8').includes('sk-'));
  // Different sampling parameters are different keys.
  assert.is.not(cacheKey({}, req('a', 'b')), cacheKey({}, { ...req('a', 'b'), temperature: 0.5 }));
  assert.is(cacheKey({ m: 1, e: 2 }, req('a', 'b')), cacheKey({ e: 2, m: 1 }, req('a', 'b')));
  writeFileSync(join(dir, 'unused'), '');
});

test.run();
