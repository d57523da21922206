// Base models through the legacy completions API: the prompt's form, the first-word reading, logprobs
// with leading-space tokens, caching and resume, then runs against serve-synthetic's /v1/completions
// that recover the planted utilities.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BASE_MODEL_ANSWER_CUE, firstWord, parseFewShot, renderFewShot } from '../src/elicit/base-model-prompt.js';
import { letterProbability } from '../src/elicit/parse-answer.js';
import { FORCED_CHOICE_TEMPLATE, renderPrompt } from '../src/elicit/prompts.js';
import { SyntheticValueSystem } from '../src/elicit/synthetic-model.js';
import { spearman } from '../src/metrics/correlation.js';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';
import { OpenAIModelClient } from '../src/node/openai-client.js';
import { measure } from '../src/node/run/run-utilities.js';
import { buildResults } from '../src/node/run/results.js';
import { parseModelsFile } from '../src/node/sweep/models-file.js';
import { runConfigFor } from '../src/node/sweep/run-sweep.js';
import { startSyntheticServer, type RequestLogEntry } from '../src/node/synthetic-server.js';
import { runCli } from './support/run-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ue-base-'));
const question = renderPrompt(FORCED_CHOICE_TEMPLATE, 'You get a cake.', 'You lose your keys.');
const SHOTS = [{ option_A: 'You find $5.', option_B: 'You lose $500.', answer: 'A' as const }];

test('the first word is what is read; few-shot files are checked', () => {
  assert.is(firstWord(' A\n\nQuestion: which do you prefer?'), 'A');
  assert.is(firstWord('B. Because'), 'B.');
  assert.is(firstWord('   '), '');
  assert.equal(parseFewShot({ examples: SHOTS }, 'f'), SHOTS);
  assert.throws(() => parseFewShot([], 'shots.json'), /shots\.json: expected a non-empty list/);
  assert.throws(() => parseFewShot({ framings: [] }, 'shots.json'), /non-empty list/);
  assert.throws(() => parseFewShot([{ option_A: 'x', option_B: 'y', answer: 'C' }], 'shots.json'), /example 0 needs "answer": "A" or "B"/);
  assert.is(renderFewShot(SHOTS, FORCED_CHOICE_TEMPLATE), `${renderPrompt(FORCED_CHOICE_TEMPLATE, SHOTS[0].option_A, SHOTS[0].option_B)}\n\nAnswer: A\n\n`);
});

/** A one-shot endpoint that records the body it gets and answers one legacy completion. */
async function recordingEndpoint(reply: Record<string, unknown>) {
  const bodies: Array<Record<string, unknown>> = [];
  const paths: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      paths.push(req.url ?? '');
      bodies.push(JSON.parse(text));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'c', object: 'text_completion', created: 0, model: 'base', ...reply }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return { url, bodies, paths, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('the request: examples, question and "\\n\\nAnswer:" as one prompt, no system message, legacy logprobs capped at 5', async () => {
  const endpoint = await recordingEndpoint({
    choices: [{ index: 0, text: ' B and then more text', finish_reason: 'stop', logprobs: { tokens: [' B'], token_logprobs: [-0.3], top_logprobs: [{ ' B': Math.log(0.6), B: Math.log(0.1), ' A': Math.log(0.2), A: Math.log(0.1) }], text_offset: [0] } }],
  });
  try {
    const client = new OpenAIModelClient({ baseURL: endpoint.url, model: 'base', apiKey: 'k', api: 'completions', promptPrefix: renderFewShot(SHOTS, FORCED_CHOICE_TEMPLATE) });
    const got = await client.complete({ system: 'You are a helpful assistant.', prompt: question, n: 1, sampleOffset: 0, temperature: 1, maxTokens: 1, topLogprobs: 20 });
    assert.equal(endpoint.paths, ['/v1/completions']);
    const body = endpoint.bodies[0];
    assert.is(body.prompt, `${renderFewShot(SHOTS, FORCED_CHOICE_TEMPLATE)}${question}${BASE_MODEL_ANSWER_CUE}`);
    assert.ok(String(body.prompt).endsWith('\n\nAnswer:'));
    assert.not.ok('messages' in body);
    assert.is(body.logprobs, 5);
    assert.equal(body.stop, ['\n']);
    assert.is(got.choices[0].text, 'B', 'the first word only');
    // Leading-space variants are the same letter: P(A) = (0.2 + 0.1) / (0.2 + 0.1 + 0.6 + 0.1).
    assert.ok(Math.abs(letterProbability(got.choices[0].topLogprobs!)! - 0.3) < 1e-12);
    assert.equal(client.identity, { model: 'base', api: 'completions', prompt_prefix: renderFewShot(SHOTS, FORCED_CHOICE_TEMPLATE) });
  } finally {
    await endpoint.close();
  }
});

test("serve-synthetic's /v1/completions answers like the chat route: the first token's P(A) is the world's", async () => {
  const log: RequestLogEntry[] = [];
  const server = await startSyntheticServer({ onRequest: (e) => log.push(e) });
  try {
    const client = new OpenAIModelClient({ baseURL: server.url, model: 'synthetic', apiKey: 'k', api: 'completions', promptPrefix: renderFewShot(SHOTS, FORCED_CHOICE_TEMPLATE) });
    const reading = await client.complete({ system: '', prompt: question, n: 1, sampleOffset: 0, temperature: 1, maxTokens: 1, topLogprobs: 5 });
    const world = new SyntheticValueSystem();
    const want = world.probabilityFirst('You get a cake.', 'You lose your keys.');
    assert.ok(Math.abs(letterProbability(reading.choices[0].topLogprobs!)! - want) < 1e-9, `${letterProbability(reading.choices[0].topLogprobs!)} vs ${want}`);
    assert.ok(reading.choices[0].topLogprobs!.some((t) => t.token === ' A') && reading.choices[0].topLogprobs!.some((t) => t.token === 'A'));
    const sampled = await client.complete({ system: '', prompt: question, n: 8, sampleOffset: 0, temperature: 1, maxTokens: 3 });
    assert.ok(sampled.choices.every((c) => /^[AB]$/.test(c.text) || !/^[AB]/.test(c.text)), JSON.stringify(sampled.choices));
    assert.is(log[0].prompt, question, 'the server answered the question, not the example before it');
  } finally {
    await server.close();
  }
});

const outcomes = defaultOutcomes().options.filter((_, i) => i % 13 === 0).slice(0, 30);
const truth = new SyntheticValueSystem();
const recovery = (r: ReturnType<typeof buildResults>) => spearman(r.options.map((o) => truth.utility(o.description).mean), r.options.map((o) => r.utilities[String(o.id)].mean));

test('base-model runs recover the planted utilities, sampled and by logprobs; the cache resumes them', async () => {
  const server = await startSyntheticServer();
  try {
    const cacheFile = join(dir, 'base', 'responses.jsonl');
    const config = { outcomes, model: 'synthetic', baseUrl: server.url, api: 'completions' as const, k: 5, cacheFile };
    const sampled = buildResults(await measure(config));
    assert.ok(recovery(sampled) > 0.9, `Spearman ${recovery(sampled)}`);
    assert.ok(sampled.answers.unparseable_rate < 0.05);
    const requestsBefore = server.stats.requests;
    const again = buildResults(await measure(config));
    assert.is(server.stats.requests, requestsBefore, 'resumed from the cache: nothing asked');
    assert.equal(again.utilities, sampled.utilities);
    const logprobs = buildResults(await measure({ ...config, mode: 'logprobs', cacheFile: undefined }));
    assert.ok(recovery(logprobs) > 0.9, `Spearman ${recovery(logprobs)}`);
    assert.ok(logprobs.answers.unparseable === 0);
    const fewShot = buildResults(await measure({ ...config, fewShot: SHOTS, cacheFile: undefined }));
    assert.ok(recovery(fewShot) > 0.9);
    // With the same cache file, the chat API is a different model: nothing is reused across APIs.
    const before = server.stats.requests;
    const chat = buildResults(await measure({ ...config, api: 'chat' }));
    assert.is(chat.usage.cached_completions, 0);
    assert.ok(server.stats.requests > before);
  } finally {
    await server.close();
  }
});

test('sweep entries take "api": "completions"', () => {
  const [m] = parseModelsFile({ models: [{ name: 'base-7b', model: 'org/base-7b', base_url: 'http://127.0.0.1:8000/v1', api: 'completions' }] }, 'models.json');
  assert.is(m.api, 'completions');
  assert.is(runConfigFor(m, outcomes, dir).api, 'completions');
  assert.throws(() => parseModelsFile({ models: [{ name: 'x', base_url: 'http://127.0.0.1:8000/v1', api: 'legacy' }] }, 'models.json'), /"api" must be "chat" or "completions"/);
});

test('bad input: unknown --api, a few-shot file without examples, few-shot with chat: one line, exit 2', async () => {
  const empty = join(dir, 'empty.json');
  writeFileSync(empty, '{"examples": []}');
  const shots = join(dir, 'shots.json');
  writeFileSync(shots, JSON.stringify(SHOTS));
  const cases: Array<[string[], RegExp]> = [
    [['--api', 'legacy'], /--api must be chat or completions \(got "legacy"\)/],
    [['--api', 'completions', '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm', '--few-shot', empty], /few-shot .*empty\.json: expected a non-empty list/],
    [['--few-shot', shots, '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm'], /few-shot examples are for api "completions"/],
    [['--api', 'completions'], /api "completions" needs an endpoint/],
    [['--reasoning-effort', 'extreme'], /--reasoning-effort must be low, medium, high/],
  ];
  for (const [args, re] of cases) {
    const r = await runCli(['run', ...args, '--out', join(dir, 'bad'), '--dry-run']);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
