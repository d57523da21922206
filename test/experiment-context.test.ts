// The context experiments ask through: open questions at temperature 0 with their system message
// (leading the user turn when the endpoint takes no system role), a judge on its own client, the
// shared cache, and the world registry handed to the synthetic model.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CompletionRequest, ModelClient } from '../src/elicit/model-client.js';
import { NodeExperimentContext, OPEN_QUESTION_SYSTEM } from '../src/node/experiment/context.js';
import { loadEngine } from '../src/node/load-engine.js';
import { ResponseCache } from '../src/node/response-cache.js';
import { someOutcomes } from './support/experiment-helpers.js';

class Recorder implements ModelClient {
  readonly identity = { endpoint: 'recorder' };
  readonly seen: CompletionRequest[] = [];
  async complete(r: CompletionRequest) {
    this.seen.push(r);
    return { choices: Array.from({ length: r.n }, () => ({ text: `reply to ${r.prompt.length}` })) };
  }
}

const engine = loadEngine();

test('open questions: temperature 0, one sample, the open-question system message', async () => {
  const rec = new Recorder();
  const ctx = new NodeExperimentContext({ config: { outcomes: someOutcomes(5) }, userMethod: {}, engine, wrap: () => rec });
  const replies = await ctx.askOpen({ label: 'q', prompts: [{ prompt: 'Which city?' }, { prompt: 'Which fruit?', system: 'Be brief.' }] });
  assert.equal(replies, ['reply to 11', 'reply to 12']);
  assert.equal(rec.seen.map((r) => [r.system, r.prompt, r.temperature, r.n]), [[OPEN_QUESTION_SYSTEM, 'Which city?', 0, 1], ['Be brief.', 'Which fruit?', 0, 1]]);
  assert.equal(ctx.parts, [{ label: 'q', completions: 2, cached_completions: 0, requests: 2 }]);
});

test('an endpoint without a system role (--system ""): the system text leads the user turn', async () => {
  const rec = new Recorder();
  const ctx = new NodeExperimentContext({ config: { outcomes: someOutcomes(5), system: '' }, userMethod: {}, engine, wrap: () => rec });
  await ctx.askOpen({ label: 'q', prompts: [{ prompt: 'Which city?' }] });
  assert.is(rec.seen[0].system, '');
  assert.is(rec.seen[0].prompt, `${OPEN_QUESTION_SYSTEM}\n\nWhich city?`);
});

test('a judge client of its own still goes through the shared cache', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctx-cache-'));
  try {
    const judge = new Recorder();
    const ask = async () => {
      const cache = ResponseCache.open(join(dir, 'responses.jsonl'));
      const ctx = new NodeExperimentContext({ config: { outcomes: someOutcomes(5) }, userMethod: {}, engine, cache });
      await ctx.askOpen({ label: 'judge', endpoint: { client: judge }, prompts: [{ prompt: 'Pick one.' }] });
      cache.close();
      return ctx.parts[0];
    };
    assert.equal(await ask(), { label: 'judge', completions: 1, cached_completions: 0, requests: 1 });
    assert.equal(await ask(), { label: 'judge', completions: 1, cached_completions: 1, requests: 1 });
    assert.is(judge.seen.length, 1, 'asked once');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the synthetic model answers from the registry: a planted lottery is valued by its branches', async () => {
  // Two lotteries over the same two outcomes: the world prefers the one putting more weight on the better one.
  const good = 'You receive $1,000,000.';
  const bad = '1,000 people die from a heat wave.';
  const mostlyGood = `- ${good} with probability 90.0%\n- ${bad} with probability 10.0%`;
  const mostlyBad = `- ${good} with probability 10.0%\n- ${bad} with probability 90.0%`;
  const registry = { options: {
    [mostlyGood]: { kind: 'lottery' as const, branches: [{ text: good, probability: 0.9 }, { text: bad, probability: 0.1 }] },
    [mostlyBad]: { kind: 'lottery' as const, branches: [{ text: good, probability: 0.1 }, { text: bad, probability: 0.9 }] },
  } };
  const ctx = new NodeExperimentContext({ config: { outcomes: someOutcomes(5), k: 10, synthetic: { positionBias: 0, unparseableRate: 0 } }, userMethod: {}, engine, registry });
  const [answer] = await ctx.askPairs('lotteries', [{ a: { id: 0, description: mostlyGood }, b: { id: 1, description: mostlyBad } }]);
  assert.ok(answer.probability_a >= 0.9, `P(mostly good over mostly bad) = ${answer.probability_a}`);
});

test.run();
