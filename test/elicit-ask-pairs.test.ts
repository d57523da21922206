import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { askPairs, completionsPerPair } from '../src/elicit/ask-pairs.js';
import { EndpointRefusedError, EndpointUnavailableError, type Completion, type CompletionRequest, type ModelClient } from '../src/elicit/model-client.js';
import { locateOptions } from '../src/elicit/synthetic-model.js';

/** Resolves if fn rejects with a message matching re. */
async function rejects(fn: () => Promise<unknown>, re: RegExp): Promise<void> {
  try {
    await fn();
  } catch (err) {
    assert.match((err as Error).message, re);
    return;
  }
  assert.unreachable('expected a rejection');
}

const opt = (id: number, description: string) => ({ id, description });
const X = opt(0, 'apples');
const Y = opt(1, 'pears');
const Z = opt(2, 'plums');

/** Replies by rule from the two texts shown; records requests; optional delays and failures. */
class ScriptedClient implements ModelClient {
  readonly identity = { model: 'scripted' };
  requests: CompletionRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(private readonly reply: (first: string, second: string, i: number) => string, private readonly delayMs = 0, private readonly failOn?: string) {}
  async complete(r: CompletionRequest): Promise<Completion> {
    this.requests.push(r);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs) await new Promise((res) => setTimeout(res, Math.random() * this.delayMs));
      const [a, b] = locateOptions(r.prompt)!;
      if (this.failOn && a === this.failOn) throw new EndpointRefusedError('refused (401)', 401);
      return { choices: Array.from({ length: r.n }, (_, i) => ({ text: this.reply(a, b, r.sampleOffset + i) })) };
    } finally {
      this.inFlight--;
    }
  }
}

test('both orders are asked and the flipped answers are mapped back', async () => {
  // Always prefers apples; otherwise always picks the first position.
  const client = new ScriptedClient((a, b) => (a === 'apples' ? 'A' : b === 'apples' ? 'B' : 'A'));
  const { answers, usage } = await askPairs(client, [{ a: X, b: Y }, { a: Y, b: Z }], { k: 4 });
  assert.is(client.requests.length, 4);
  assert.ok(client.requests.every((r) => r.n === 4 && r.sampleOffset === 0 && r.temperature === 1 && r.maxTokens === 10));
  assert.equal([answers[0].count_a, answers[0].count_b, answers[0].probability_a], [8, 0, 1]);
  // Pure position bias: each side wins its first-position order.
  assert.equal([answers[1].count_a, answers[1].count_b, answers[1].probability_a], [4, 4, 0.5]);
  assert.equal(answers[0].original.parsed, ['A', 'A', 'A', 'A']);
  assert.equal(answers[0].flipped.parsed, ['B', 'B', 'B', 'B']);
  assert.is(usage.completions, 16);
  assert.is(completionsPerPair({ k: 4 }), 8);
});

test('unparseable replies: distribution, skip and random', async () => {
  const client = new ScriptedClient((_a, _b, i) => (i % 2 === 0 ? 'A' : 'I cannot say'));
  const pairs = [{ a: X, b: Y }];
  const dist = (await askPairs(client, pairs, { k: 4 })).answers[0];
  assert.equal([dist.count_a, dist.count_b, dist.unparseable, dist.total_responses], [4, 4, 4, 8]);
  const skip = (await askPairs(client, pairs, { k: 4, unparseable: 'skip' })).answers[0];
  assert.equal([skip.count_a, skip.count_b, skip.probability_a], [2, 2, 0.5]);
  const r1 = (await askPairs(client, pairs, { k: 4, unparseable: 'random', seed: 7 })).answers[0];
  const r2 = (await askPairs(client, pairs, { k: 4, unparseable: 'random', seed: 7 })).answers[0];
  assert.equal(r1, r2, 'random mode is seeded');
  assert.ok(Number.isInteger(r1.count_a) && r1.count_a + r1.count_b === 8);
  const none = (await askPairs(new ScriptedClient(() => '??'), pairs, { k: 2, unparseable: 'skip' })).answers[0];
  assert.equal([none.probability_a, none.count_a + none.count_b], [0.5, 0]);
});

test('the concurrency limit holds and results do not depend on arrival order', async () => {
  const pairs = Array.from({ length: 30 }, (_, i) => ({ a: opt(i, `o${i}`), b: opt(100 + i, `p${i}`) }));
  const rule = (a: string, _b: string, i: number) => ((a.length + i) % 3 === 0 ? 'B' : 'A');
  const slow = new ScriptedClient(rule, 5);
  const fast = new ScriptedClient(rule);
  const r1 = await askPairs(slow, pairs, { k: 3, concurrency: 4 });
  const r2 = await askPairs(fast, pairs, { k: 3, concurrency: 1 });
  assert.ok(slow.maxInFlight <= 4 && slow.maxInFlight >= 2, `max in flight ${slow.maxInFlight}`);
  assert.is(fast.maxInFlight, 1);
  assert.equal(r1.answers, r2.answers);
});

test('a refusal stops the run: no new requests after it', async () => {
  const pairs = Array.from({ length: 40 }, (_, i) => ({ a: opt(i, i === 3 ? 'bad' : `o${i}`), b: opt(100 + i, `p${i}`) }));
  const client = new ScriptedClient(() => 'A', 2, 'bad');
  await rejects(() => askPairs(client, pairs, { k: 2, concurrency: 2 }), /refused \(401\)/);
  assert.ok(client.requests.length < 12, `${client.requests.length} requests made`);
});

test('logprob mode asks once per order with max_tokens 1', async () => {
  const client: ModelClient = {
    identity: {},
    async complete(r) {
      const [a] = locateOptions(r.prompt)!;
      const pA = a === 'apples' ? 0.8 : 0.4;
      return { choices: [{ text: 'A', topLogprobs: [{ token: 'A', logprob: Math.log(pA) }, { token: 'B', logprob: Math.log(1 - pA) }] }] };
    },
  };
  const spy: CompletionRequest[] = [];
  const wrapped: ModelClient = { identity: {}, complete: (r) => (spy.push(r), client.complete(r)) };
  const { answers } = await askPairs(wrapped, [{ a: X, b: Y }], { mode: 'logprobs' });
  assert.ok(spy.every((r) => r.n === 1 && r.maxTokens === 1 && r.topLogprobs === 20));
  // original: P(apples) = 0.8; flipped: P(pears first) = 0.4 -> apples 0.6.
  assert.ok(Math.abs(answers[0].probability_a - 0.7) < 1e-12);
  assert.is(answers[0].mode, 'logprobs');
});

test('logprob mode: only "B" among the top tokens means P(A) = 0, not an unparseable reply; one request per order', async () => {
  const spy: CompletionRequest[] = [];
  const client: ModelClient = {
    identity: {},
    async complete(r) {
      spy.push(r);
      // Whatever is shown first loses for sure: the second letter is the only one in the top tokens.
      return { choices: [{ text: 'B', topLogprobs: [{ token: 'B', logprob: Math.log(0.7) }, { token: ' B', logprob: Math.log(0.2) }, { token: 'I', logprob: Math.log(0.1) }] }] };
    },
  };
  const { answers, usage } = await askPairs(client, [{ a: X, b: Y }, { a: opt(3, 'plums'), b: opt(4, 'figs') }], { mode: 'logprobs', k: 10 });
  assert.is(spy.length, 4, 'two pairs x two orders, whatever K is');
  assert.is(usage.requests, 4);
  for (const a of answers) {
    assert.is(a.original.probability_first, 0);
    assert.is(a.flipped.probability_first, 0);
    assert.equal(a.original.parsed, ['B']);
    assert.is(a.unparseable, 0);
    // Original: A loses (0); flipped: the first shown (b) loses, so A wins (1): P(A) = 0.5 from two readings.
    assert.is(a.probability_a, 0.5);
    assert.is(a.count_a, 1);
    assert.is(a.total_responses, 2);
  }
});

/** A client whose first request fails (or hangs) while the others answer later; records what was delivered. */
function stoppingClient(first: 'unavailable' | 'refused' | 'hang', answerMs: number) {
  const delivered: string[] = [];
  let calls = 0;
  let aborted = 0;
  const client: ModelClient = {
    identity: {},
    async complete(r, signal) {
      const call = calls++;
      if (call === 0 && first === 'unavailable') throw new EndpointUnavailableError('still failing after 9 attempts (429)');
      if (call === 0 && first === 'refused') throw new EndpointRefusedError('refused (401)', 401);
      const wait = call === 0 ? 60_000 : answerMs;
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          aborted++;
          reject(signal!.reason);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, wait);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      delivered.push(r.prompt); // what a caching client would have recorded
      return { choices: Array.from({ length: r.n }, () => ({ text: 'A' })) };
    },
  };
  return { client, delivered, calls: () => calls, aborted: () => aborted };
}

const twelvePairs = Array.from({ length: 6 }, (_, i) => ({ a: opt(i, `a${i}`), b: opt(100 + i, `b${i}`) }));

test('an endpoint that gives up: requests in flight finish and are delivered; no new ones start', async () => {
  const { client, delivered, calls } = stoppingClient('unavailable', 30);
  await rejects(() => askPairs(client, twelvePairs, { k: 2, concurrency: 4 }), /still failing/);
  assert.is(calls(), 4, 'the failed request and the three in flight; nothing after the failure');
  assert.is(delivered.length, 3, 'the three answers in flight were delivered, not thrown away');
});

test('Ctrl-C (the signal): requests in flight finish within the grace period; a refusal stops at once', async () => {
  const controller = new AbortController();
  const { client, delivered, calls, aborted } = stoppingClient('refused', 30);
  await rejects(() => askPairs(client, twelvePairs, { k: 2, concurrency: 4 }), /refused \(401\)/);
  assert.is(delivered.length, 0, 'a refusal aborts the others: nothing can be bought with a wrong key');
  assert.is(aborted(), 3);
  assert.is(calls(), 4);

  const second = stoppingClient('hang', 30);
  setTimeout(() => controller.abort(new Error('interrupted')), 10);
  await rejects(() => askPairs(second.client, twelvePairs, { k: 2, concurrency: 4, signal: controller.signal, inFlightGraceMs: 200 }), /interrupted/);
  assert.is(second.calls(), 4, 'nothing new after the signal');
  assert.is(second.delivered.length, 3, 'the three answering requests finished');
  assert.is(second.aborted(), 1, 'the hanging one was aborted when the grace ran out (it would take 60 s)');
});

test('options are validated with the option named', async () => {
  await rejects(() => askPairs(new ScriptedClient(() => 'A'), [], { k: 0 }), /options.k must be a positive integer \(got 0\)/);
  await rejects(() => askPairs(new ScriptedClient(() => 'A'), [], { unparseable: 'coin' as never }), /options.unparseable/);
});

test.run();
