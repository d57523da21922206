// Reasoning and restricted models: the synthetic server refuses each part of a chat request the way
// providers do (400 with their wording); the client must retry once with the compatible request,
// keep the change for the rest of the run, and record it. Then whole runs, with the record in
// results.json and the changed temperature said in the summary.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CompletionChoice, CompletionRequest, ModelClient } from '../src/elicit/model-client.js';
import { FORCED_CHOICE_TEMPLATE, renderPrompt } from '../src/elicit/prompts.js';
import { refusalAdaptation } from '../src/elicit/request-adaptation.js';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';
import { OpenAIModelClient } from '../src/node/openai-client.js';
import { buildResults, formatSummary } from '../src/node/run/results.js';
import { REASONING_MODEL_MAX_TOKENS, resolveRunConfig } from '../src/node/run/run-config.js';
import { measure } from '../src/node/run/run-utilities.js';
import { startSyntheticServer, type RequestLogEntry, type ServerFaults } from '../src/node/synthetic-server.js';

const SYSTEM = 'You are a helpful assistant.';
const request = (over: Partial<CompletionRequest> = {}): CompletionRequest => ({
  system: SYSTEM, prompt: renderPrompt(FORCED_CHOICE_TEMPLATE, 'You get a cake.', 'You lose your keys.'),
  n: 3, sampleOffset: 0, temperature: 0.7, maxTokens: 10, ...over,
});

/** Two requests through one client against a server with `faults`: the log of what reached it, and the client. */
async function twoRequests(faults: ServerFaults, over: Partial<CompletionRequest> = {}) {
  const log: RequestLogEntry[] = [];
  const server = await startSyntheticServer({ faults, onRequest: (e) => log.push(e) });
  try {
    const client = new OpenAIModelClient({ baseURL: server.url, model: 'synthetic', apiKey: 'k', maxRetries: 0 });
    const first = await client.complete(request(over));
    const afterFirst = log.length;
    const second = await client.complete(request({ ...over, sampleOffset: 3 }));
    return { log, client, first, second, secondLog: log.slice(afterFirst) };
  } finally {
    await server.close();
  }
}

test('max_tokens refused: sent as max_completion_tokens from then on', async () => {
  const { log, client, first, secondLog } = await twoRequests({ refuseMaxTokens: true });
  assert.equal(log.map((e) => [e.status, e.maxTokensField]), [[400, 'max_tokens'], [200, 'max_completion_tokens'], [200, 'max_completion_tokens']]);
  assert.is(first.choices.length, 3);
  assert.ok(secondLog.every((e) => e.status === 200), 'remembered: the second request is not refused');
  assert.equal(client.stats.adaptations.map((a) => [a.adaptation, a.status, a.model]), [['max_completion_tokens', 400, 'synthetic']]);
  assert.match(client.stats.adaptations[0].message, /'max_tokens' is not supported with this model/);
});

test('only temperature 1: the temperature is left to the default, and the change says from what', async () => {
  const { log, client } = await twoRequests({ onlyTemperature1: true });
  assert.equal(log.map((e) => [e.status, e.temperature]), [[400, 0.7], [200, undefined], [200, undefined]]);
  assert.equal(client.stats.adaptations.map((a) => a.adaptation), ['temperature']);
  assert.match(client.stats.adaptations[0].change, /temperature 0\.7 → 1/);
});

test('temperature 1 asked: nothing to adapt, nothing refused', async () => {
  const { log, client } = await twoRequests({ onlyTemperature1: true }, { temperature: 1 });
  assert.ok(log.every((e) => e.status === 200));
  assert.equal(client.stats.adaptations, []);
});

test('n > 1 refused: one sample per request from then on, recorded', async () => {
  const { log, client, first, second } = await twoRequests({ rejectN: true });
  assert.equal(log.map((e) => [e.status, e.n]), [[400, 3], [200, 1], [200, 1], [200, 1], [200, 1], [200, 1], [200, 1]]);
  assert.equal([first.choices.length, second.choices.length], [3, 3]);
  assert.equal(client.stats.adaptations.map((a) => a.adaptation), ['n']);
  assert.ok(client.stats.nFallback);
});

test('no system role: the system message leads the user message', async () => {
  const { log, client } = await twoRequests({ refuseSystemRole: true });
  assert.equal(log.map((e) => e.status), [400, 200, 200]);
  assert.equal([log[0].system, log[1].system], [SYSTEM, '']);
  assert.ok(log[1].prompt.startsWith(`${SYSTEM}\n\n`) && log[1].prompt.endsWith(request().prompt));
  assert.equal(client.stats.adaptations.map((a) => a.adaptation), ['system_role']);
});

test('no logprobs: asked without them; the replies carry text and no readings', async () => {
  const { log, client, first } = await twoRequests({ refuseLogprobs: true }, { n: 1, maxTokens: 1, topLogprobs: 20 });
  assert.equal(log.map((e) => [e.status, e.logprobs]), [[400, true], [200, false], [200, false]]);
  assert.equal(client.stats.adaptations.map((a) => a.adaptation), ['logprobs']);
  assert.is(first.choices[0].topLogprobs, undefined);
  assert.match(first.choices[0].text, /^[AB]$/);
});

test('reasoning effort is passed where supported, and dropped (recorded) where refused', async () => {
  const passed = await twoRequests({}, { reasoningEffort: 'high' });
  assert.ok(passed.log.every((e) => e.status === 200 && e.reasoningEffort === 'high'));
  assert.equal(passed.client.stats.adaptations, []);
  const refused = await twoRequests({ refuseReasoningEffort: true }, { reasoningEffort: 'high' });
  assert.equal(refused.log.map((e) => [e.status, e.reasoningEffort]), [[400, 'high'], [200, undefined], [200, undefined]]);
  assert.equal(refused.client.stats.adaptations.map((a) => a.adaptation), ['reasoning_effort']);
});

test('a reasoning model refusing four things at once is adapted step by step, each change once', async () => {
  const { log, client } = await twoRequests({ refuseMaxTokens: true, onlyTemperature1: true, refuseSystemRole: true, refuseLogprobs: true }, { n: 1, maxTokens: 1, topLogprobs: 5 });
  assert.equal(log.map((e) => e.status), [400, 400, 400, 400, 200, 200]);
  assert.equal(client.stats.adaptations.map((a) => a.adaptation).sort(), ['logprobs', 'max_completion_tokens', 'system_role', 'temperature']);
});

test('a 400 that names nothing droppable stays an error', () => {
  const r = { maxTokensField: 'max_tokens' as const, temperature: 0.7, n: 3, hasSystem: true, logprobs: false };
  assert.is(refusalAdaptation("The model `x` does not exist or you do not have access to it.", null, r), undefined);
  assert.is(refusalAdaptation('Invalid prompt: your prompt was flagged as potentially violating our usage policy.', null, r), undefined);
  assert.is(refusalAdaptation("Unsupported value: 'temperature' does not support 0.7 with this model.", 'temperature', { ...r, temperature: undefined }), undefined, 'already adapted');
  // Other providers' wording.
  assert.is(refusalAdaptation('logprobs is not supported for this model', null, { ...r, logprobs: true }), 'logprobs');
  assert.is(refusalAdaptation('System messages are not supported by this model', null, r), 'system_role');
  assert.is(refusalAdaptation("'n' > 1 is not supported by this server.", null, r), 'n');
});

const outcomes = defaultOutcomes().options.filter((_, i) => i % 11 === 0).slice(0, 16);

test('a run against a reasoning model: adaptations in results.json, the changed temperature in the summary', async () => {
  const server = await startSyntheticServer({ faults: { refuseMaxTokens: true, onlyTemperature1: true, refuseSystemRole: true } });
  try {
    const state = await measure({ outcomes, model: 'synthetic', baseUrl: server.url, k: 3, temperature: 0.5, reasoningEffort: 'low' });
    const results = buildResults(state);
    assert.equal(results.request_adaptations.map((a) => a.adaptation).sort(), ['max_completion_tokens', 'system_role', 'temperature']);
    assert.is(results.config.maxTokens, REASONING_MODEL_MAX_TOKENS, 'reasoning effort raises the default max tokens');
    assert.ok(results.answers.unparseable_rate < 0.05, 'the adapted requests were answered');
    const summary = formatSummary(results);
    assert.match(summary, /warning: the endpoint accepts only temperature 1, so answers were sampled at 1, not at the requested 0\.5/);
    assert.match(summary, /request adaptations: .*max_tokens sent as max_completion_tokens/);
  } finally {
    await server.close();
  }
});

test('a logprob run whose endpoint refuses logprobs reads one sampled letter per order, and says so', async () => {
  const server = await startSyntheticServer({ faults: { refuseLogprobs: true } });
  try {
    const results = buildResults(await measure({ outcomes, model: 'synthetic', baseUrl: server.url, mode: 'logprobs' }));
    assert.equal(results.request_adaptations.map((a) => a.adaptation), ['logprobs']);
    assert.ok(results.answers.unparseable_rate < 0.05, `${results.answers.unparseable_rate}`);
    assert.match(formatSummary(results), /warning: the endpoint gives no logprobs/);
  } finally {
    await server.close();
  }
});

test('replies cut at the length limit are counted and reported', async () => {
  // A reasoning model that runs out of tokens: every third reply is cut before its answer.
  const cut: ModelClient = {
    identity: { model: 'cut' },
    async complete(r) {
      const choices = Array.from({ length: r.n }, (_, i): CompletionChoice => ((r.sampleOffset + i) % 3 === 0
        ? { text: 'Let me weigh both', finishReason: 'length' } : { text: 'A', finishReason: 'stop' }));
      return { choices };
    },
  };
  const results = buildResults(await measure({ outcomes, k: 3 }, { client: cut }));
  assert.is(results.answers.truncated, results.answers.total / 3);
  assert.match(formatSummary(results), new RegExp(`warning: ${results.answers.total / 3} of ${results.answers.total} replies were cut at the length limit`));
  assert.is(resolveRunConfig({ outcomes, reasoningEffort: 'high', maxTokens: 900 }).maxTokens, 900, 'an explicit limit is kept');
});

test.run();
