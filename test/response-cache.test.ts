// The response cache's key, by behaviour: an answer is reused only when everything that determines
// it is the same. Each field is changed in turn and the model must be asked again; the same request
// through a reopened file must not be asked again. No key is recomputed here with the
// implementation's own function.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Completion, CompletionRequest, ModelClient } from '../src/elicit/model-client.js';
import { CachedClient, ResponseCache } from '../src/node/response-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'ue-cache-'));

/** A model that counts the samples it is asked for. */
class CountingClient implements ModelClient {
  asked = 0;
  constructor(readonly identity: Readonly<Record<string, unknown>>, readonly endpoint?: string) {}
  async complete(r: CompletionRequest): Promise<Completion> {
    this.asked += r.n;
    return { choices: Array.from({ length: r.n }, (_, i) => ({ text: i % 2 ? 'A' : 'B' })) };
  }
}

const IDENTITY = { model: 'm-1' };
const ENDPOINT = 'http://127.0.0.1:8000/v1';
const BASE: CompletionRequest = {
  system: 'You are a helpful assistant.', prompt: 'Option A: x\nOption B: y', n: 2, sampleOffset: 0,
  temperature: 1, maxTokens: 10,
};

interface Second {
  identity?: Readonly<Record<string, unknown>>;
  endpoint?: string;
  namespace?: string;
}

/** Samples the model is asked for when `request` follows BASE through one cache file. */
async function askedAfterBase(name: string, request: CompletionRequest, identity: Readonly<Record<string, unknown>> = IDENTITY, second: Second = {}): Promise<number> {
  const path = join(dir, `${name}.jsonl`);
  const first = new CountingClient(IDENTITY, ENDPOINT);
  const cache = ResponseCache.open(path);
  await new CachedClient(first, cache).complete(BASE);
  cache.close();
  assert.is(first.asked, 2);
  return askedAgain(path, request, { identity, ...second });
}

/** A new process: the file is read back, and the second client may differ in identity, endpoint or namespace. */
async function askedAgain(path: string, request: CompletionRequest, o: Second = {}): Promise<number> {
  const second = new CountingClient(o.identity ?? IDENTITY, o.endpoint ?? ENDPOINT);
  const reopened = ResponseCache.open(path, { namespace: o.namespace });
  try {
    await new CachedClient(second, reopened).complete(request);
  } finally {
    reopened.close();
  }
  return second.asked;
}

test('the same request, read back from the file, is answered from the cache', async () => {
  assert.is(await askedAfterBase('same', { ...BASE }), 0);
  assert.is(await askedAfterBase('subset', { ...BASE, n: 1, sampleOffset: 1 }), 0, 'sample 1 was bought');
});

const CHANGES: Array<[string, CompletionRequest, Record<string, unknown>?, Second?]> = [
  ['system message', { ...BASE, system: 'You are a careful assistant.' }],
  ['empty system message', { ...BASE, system: '' }],
  ['prompt', { ...BASE, prompt: 'Option A: y\nOption B: x' }],
  ['temperature', { ...BASE, temperature: 0.7 }],
  ['max tokens', { ...BASE, maxTokens: 500 }],
  ['logprob request', { ...BASE, topLogprobs: 20 }],
  ['reasoning effort', { ...BASE, reasoningEffort: 'high' }],
  ['model', BASE, { ...IDENTITY, model: 'm-2' }],
  ['client knob', BASE, { ...IDENTITY, knobs: { noise: 2 } }],
  ['cache namespace', BASE, IDENTITY, { namespace: 'ablation-1' }],
];

for (const [field, request, identity, second] of CHANGES) {
  test(`a different ${field} is asked again`, async () => {
    assert.is(await askedAfterBase(field.replace(/ /g, '-'), request, identity, second), request.n);
  });
}

test('the endpoint is not part of the key: another port, or localhost for 127.0.0.1, reuses every answer', async () => {
  for (const endpoint of ['http://127.0.0.1:9000/v1', 'http://localhost:8000/v1', 'https://models.example.org/v1']) {
    assert.is(await askedAfterBase(`endpoint-${new URL(endpoint).port || 'none'}-${new URL(endpoint).hostname}`, BASE, IDENTITY, { endpoint }), 0, endpoint);
  }
});

test('each reply records its endpoint; a folder reused against another endpoint lists the earlier ones', async () => {
  const path = join(dir, 'endpoints.jsonl');
  const cache = ResponseCache.open(path);
  await new CachedClient(new CountingClient(IDENTITY, ENDPOINT), cache).complete(BASE);
  cache.close();
  assert.is(JSON.parse(readFileSync(path, 'utf8').trim()).endpoint, ENDPOINT);
  const reopened = ResponseCache.read(path);
  assert.equal(reopened.endpoints, [ENDPOINT]);
  assert.equal(reopened.otherEndpoints(ENDPOINT), [], 'same endpoint: nothing to warn about');
  assert.equal(reopened.otherEndpoints('http://localhost:9000/v1'), [ENDPOINT]);
  assert.equal(reopened.otherEndpoints(undefined), [], 'an in-process client has no endpoint');
});

test('a namespace keeps caches apart in both directions, and the same namespace shares them', async () => {
  const path = join(dir, 'namespaces.jsonl');
  const cache = ResponseCache.open(path, { namespace: 'persona-a' });
  const first = new CountingClient(IDENTITY, ENDPOINT);
  await new CachedClient(first, cache).complete(BASE);
  cache.close();
  assert.is(await askedAgain(path, BASE, { namespace: 'persona-a' }), 0);
  assert.is(await askedAgain(path, BASE, { namespace: 'persona-b' }), 2);
  assert.is(await askedAgain(path, { ...BASE, sampleOffset: 5 }), 2, 'no namespace is a namespace of its own');
});

/**
 * A line as versions before the endpoint left the key wrote it: SHA-256 over the JSON list
 * [identity with the endpoint inside (keys sorted), system, prompt, temperature, max tokens, logprobs].
 */
function v1Line(endpoint: string, offset: number, texts: string[]): string {
  const material = JSON.stringify([{ endpoint, model: IDENTITY.model }, BASE.system, BASE.prompt, BASE.temperature, BASE.maxTokens, null]);
  const key = createHash('sha256').update(material).digest('hex');
  return JSON.stringify({ key, offset, choices: texts.map((text) => ({ text, finish_reason: 'stop' })) }) + '\n';
}

test('an old cache (endpoint in its key) keeps answering at its endpoint, and its answers move to the new key', async () => {
  const path = join(dir, 'v1.jsonl');
  writeFileSync(path, v1Line(ENDPOINT, 0, ['A', 'B']));
  assert.is(ResponseCache.read(path).countFor({ identity: IDENTITY, endpoint: ENDPOINT }, BASE, 2), 2, 'a dry run counts them');
  const cache = ResponseCache.open(path);
  const client = new CountingClient(IDENTITY, ENDPOINT);
  const got = await new CachedClient(client, cache).complete(BASE);
  cache.close();
  assert.is(client.asked, 0);
  assert.equal(got.choices.map((c) => c.text), ['A', 'B'], 'the old answers, in order');
  assert.is(cache.migrated, 2);
  // Copied under the current key: now found from another port too.
  assert.is(await askedAgain(path, BASE, { endpoint: 'http://localhost:9000/v1' }), 0);
  assert.is(await askedAgain(path, BASE, { namespace: 'separate' }), 2, 'a namespace never reads old keys');
});

test('a different sample index is asked again: only the samples not yet bought', async () => {
  assert.is(await askedAfterBase('offset', { ...BASE, n: 1, sampleOffset: 2 }), 1);
  assert.is(await askedAfterBase('overlap', { ...BASE, n: 4, sampleOffset: 0 }), 2, 'samples 2 and 3 only');
});

test('a cache line whose reply has no text is skipped and counted, and that sample is asked again', async () => {
  const path = join(dir, 'no-text.jsonl');
  const first = new CountingClient(IDENTITY);
  const cache = ResponseCache.open(path);
  await new CachedClient(first, cache).complete(BASE);
  cache.close();
  const [line] = readFileSync(path, 'utf8').trim().split('\n');
  const damaged = JSON.parse(line);
  damaged.offset = 2;
  damaged.choices = [{ text: 42 }, { text: null }];
  appendFileSync(path, JSON.stringify(damaged) + '\n' + JSON.stringify({ ...damaged, offset: 4, choices: [{ finish_reason: 'stop' }] }) + '\n');
  const reopened = ResponseCache.open(path);
  assert.equal(reopened.loaded, { lines: 1, completions: 2, skipped: 2 });
  const second = new CountingClient(IDENTITY);
  const got = await new CachedClient(second, reopened).complete({ ...BASE, n: 5 });
  reopened.close();
  assert.is(second.asked, 3, 'samples 2, 3 and 4 were not answered by the damaged lines');
  assert.ok(got.choices.every((c) => typeof c.text === 'string' && c.text !== ''));
});

test('identities that differ only in how a list splits are different keys', async () => {
  // Key material must keep list boundaries: [1, 23] and [12, 3] are different clients.
  assert.is(await askedAfterBase('list-a', BASE, { ...IDENTITY, knobs: [1, 23] }), 2);
  const path = join(dir, 'lists.jsonl');
  const cache = ResponseCache.open(path);
  await new CachedClient(new CountingClient({ knobs: [1, 23] }), cache).complete(BASE);
  const other = new CountingClient({ knobs: [12, 3] });
  await new CachedClient(other, cache).complete(BASE);
  cache.close();
  assert.is(other.asked, 2);
});

test('lines of the wrong shape are skipped and counted; a torn last line does not join the next', async () => {
  const path = join(dir, 'shapes.jsonl');
  const good = { key: 'k', offset: 0, choices: [{ text: 'A' }] };
  const bad = [
    { ...good, key: 7 }, { ...good, offset: 1.5 }, { ...good, offset: -1 }, { ...good, choices: 'A' },
    { ...good, choices: [null] }, { ...good, choices: [{ text: 'A' }, { text: 3 }] },
  ];
  writeFileSync(path, [good, ...bad].map((l) => JSON.stringify(l)).join('\n') + '\n\n   \n{"key":"k","offs');
  const cache = ResponseCache.open(path);
  assert.equal(cache.loaded, { lines: 1, completions: 1, skipped: bad.length + 1 });
  cache.append('k', 1, [{ text: 'B' }]);
  cache.close();
  const lines = readFileSync(path, 'utf8').split('\n');
  assert.equal(JSON.parse(lines[lines.length - 2]), { key: 'k', offset: 1, choices: [{ text: 'B', finish_reason: null }] }, 'the new line starts fresh');
  assert.throws(() => cache.append('k', 2, [{ text: 'A' }]), /response cache .*shapes\.jsonl is closed/);
  // A clean file gets no blank line between runs.
  const clean = join(dir, 'clean.jsonl');
  const c1 = ResponseCache.open(clean);
  c1.append('k', 0, [{ text: 'A' }]);
  c1.close();
  const c2 = ResponseCache.open(clean);
  c2.append('k', 1, [{ text: 'B' }]);
  c2.close();
  assert.is(readFileSync(clean, 'utf8').split('\n').filter((l) => l === '').length, 1, 'only the final newline');
});

test('read-only reading (for --dry-run) counts what is cached and creates nothing', () => {
  const missing = join(dir, 'nowhere', 'responses.jsonl');
  const none = ResponseCache.read(missing);
  assert.equal(none.loaded, { lines: 0, completions: 0, skipped: 0 });
  assert.is(none.countCached('k', 5), 0);
  assert.not.ok(existsSync(join(dir, 'nowhere')));
  const path = join(dir, 'counted.jsonl');
  writeFileSync(path, [{ key: 'k', offset: 0, choices: [{ text: 'A' }, { text: 'B' }] }, { key: 'k', offset: 3, choices: [{ text: 'A' }] }]
    .map((l) => JSON.stringify(l) + '\n').join(''));
  const read = ResponseCache.read(path);
  assert.is(read.countCached('k', 1), 1);
  assert.is(read.countCached('k', 3), 2, 'samples 0 and 1 of 0..2');
  assert.is(read.countCached('k', 10), 3);
  assert.is(read.countCached('other', 10), 0);
  assert.throws(() => read.append('k', 5, [{ text: 'A' }]), /closed/);
});

test('what a reply carries besides its text survives the file: logprob readings and the finish reason', async () => {
  const path = join(dir, 'logprobs.jsonl');
  const top = [{ token: 'A', logprob: -0.2 }, { token: 'B', logprob: -1.7 }];
  const inner: ModelClient = {
    identity: IDENTITY,
    async complete(r) {
      return { choices: Array.from({ length: r.n }, (_, i) => ({ text: 'A', finishReason: i ? 'length' : 'stop', topLogprobs: top })) };
    },
  };
  const cache = ResponseCache.open(path);
  await new CachedClient(inner, cache).complete({ ...BASE, topLogprobs: 20 });
  cache.close();
  const reopened = ResponseCache.open(path);
  const again = await new CachedClient(new CountingClient(IDENTITY), reopened).complete({ ...BASE, topLogprobs: 20 });
  reopened.close();
  assert.is(again.cached, 2);
  assert.equal(again.choices, [{ text: 'A', finishReason: 'stop', topLogprobs: top }, { text: 'A', finishReason: 'length', topLogprobs: top }]);
  const plain = ResponseCache.open(join(dir, 'plain.jsonl'));
  await new CachedClient(new CountingClient(IDENTITY), plain).complete(BASE);
  plain.close();
  plain.close(); // closing twice is harmless
  assert.not.match(readFileSync(join(dir, 'plain.jsonl'), 'utf8'), /top_logprobs/, 'no empty readings written for sampled replies');
});

test('usage counts only the tokens of what was asked now', async () => {
  const path = join(dir, 'usage.jsonl');
  const inner: ModelClient = {
    identity: IDENTITY,
    async complete(r) {
      return { choices: Array.from({ length: r.n }, () => ({ text: 'A' })), usage: { prompt_tokens: 7, completion_tokens: 2 * r.n } };
    },
  };
  const cache = ResponseCache.open(path);
  const client = new CachedClient(inner, cache);
  const first = await client.complete(BASE);
  assert.equal([first.usage, first.cached], [{ prompt_tokens: 7, completion_tokens: 4 }, 0]);
  // Samples 0, 1 cached; 2..3 asked in one request.
  const second = await client.complete({ ...BASE, n: 4 });
  assert.equal([second.usage, second.cached], [{ prompt_tokens: 7, completion_tokens: 4 }, 2]);
  const third = await client.complete({ ...BASE, n: 4 });
  assert.equal([third.usage, third.cached], [{ prompt_tokens: 0, completion_tokens: 0 }, 4]);
  cache.close();
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
