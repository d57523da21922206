// Client-side rate limits on a simulated clock: no rolling minute ever holds more than rpm requests
// or tpm tokens, requests go as soon as they fit, and the client is wired to them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RateLimiter } from '../src/node/rate-limiter.js';
import { clientFor } from '../src/node/run/run-utilities.js';
import { resolveRunConfig } from '../src/node/run/run-config.js';
import { OpenAIModelClient } from '../src/node/openai-client.js';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';

/** A limiter on a clock that only moves when it waits; returns the send time of each request. */
async function sendTimes(limits: { rpm?: number; tpm?: number }, tokens: number[]): Promise<number[]> {
  let clock = 0;
  const limiter = new RateLimiter(limits, () => clock, async (ms) => {
    clock += ms;
  });
  const times: number[] = [];
  for (const t of tokens) {
    await limiter.acquire(t);
    times.push(clock);
  }
  return times;
}

/** The most requests and tokens any window [t, t + 60 s) holds. */
function busiestMinute(times: number[], tokens: number[]): { requests: number; tokens: number } {
  let requests = 0;
  let most = 0;
  for (const start of times) {
    const inside = times.map((t, i) => [t, tokens[i]]).filter(([t]) => t >= start && t < start + 60_000);
    requests = Math.max(requests, inside.length);
    most = Math.max(most, inside.reduce((s, [, k]) => s + k, 0));
  }
  return { requests, tokens: most };
}

test('rpm: the first rpm requests go at once, the next when the oldest leaves the minute', async () => {
  const tokens = Array(7).fill(10);
  const times = await sendTimes({ rpm: 3 }, tokens);
  assert.equal(times, [0, 0, 0, 60_000, 60_000, 60_000, 120_000]);
  assert.is(busiestMinute(times, tokens).requests, 3);
});

test('tpm: tokens of the rolling minute stay under the limit; a request larger than the limit goes alone', async () => {
  const tokens = [400, 400, 300, 500, 100, 2000, 50];
  const times = await sendTimes({ tpm: 1000 }, tokens);
  assert.equal(times.slice(0, 3), [0, 0, 60_000], 'the third waits for the first two to leave');
  for (let i = 0; i < times.length; i++) {
    // Every window holds at most 1000 tokens, except the 2000-token request alone.
    const inside = times.map((t, j) => [t, tokens[j]]).filter(([t]) => t > times[i] - 60_000 && t <= times[i]);
    const sum = inside.reduce((s, [, k]) => s + k, 0);
    assert.ok(sum <= 1000 || (inside.length === 1 && tokens[i] === 2000), `at ${times[i]}: ${sum} tokens in ${inside.length} requests`);
  }
  for (let i = 1; i < times.length; i++) assert.ok(times[i] >= times[i - 1]);
});

test('both limits together: the stricter one decides', async () => {
  const tokens = Array(6).fill(100);
  assert.equal(await sendTimes({ rpm: 10, tpm: 250 }, tokens), [0, 0, 60_000, 60_000, 120_000, 120_000]);
  assert.equal(await sendTimes({ rpm: 2, tpm: 10_000 }, tokens), [0, 0, 60_000, 60_000, 120_000, 120_000]);
});

test('--rpm and --tpm reach the endpoint client, and bad limits are refused', () => {
  const outcomes = defaultOutcomes().options.slice(0, 3);
  const client = clientFor(resolveRunConfig({ outcomes, model: 'm', baseUrl: 'http://127.0.0.1:9/v1', rpm: 500, tpm: 90_000 })) as OpenAIModelClient;
  assert.equal(client.limiter?.limits, { rpm: 500, tpm: 90_000 });
  const unlimited = clientFor(resolveRunConfig({ outcomes, model: 'm', baseUrl: 'http://127.0.0.1:9/v1' })) as OpenAIModelClient;
  assert.is(unlimited.limiter, undefined);
  assert.throws(() => resolveRunConfig({ outcomes, rpm: 0 }), /config\.rpm must be a positive number per minute/);
  assert.throws(() => resolveRunConfig({ outcomes, tpm: -5 }), /config\.tpm must be a positive number per minute/);
});

test.run();
