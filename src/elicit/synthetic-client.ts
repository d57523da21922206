// The synthetic model as a ModelClient in the same process: no HTTP, no waiting. Used by
// `--model synthetic` and, through its `respond` method, by the synthetic server.

import type { Completion, CompletionRequest, ModelClient } from './model-client.js';
import type { WorldRegistry } from '../world/structures.js';
import { SyntheticWorld } from '../world/synthetic-world.js';
import type { WorldConfig } from '../world/world-config.js';

/** Model name the synthetic client and server answer to. */
export const SYNTHETIC_MODEL_NAME = 'synthetic';

/** Rough token count for usage figures: about four characters per token for English text. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * Answers requests from a SyntheticWorld. Its identity (part of every cache key) carries the
 * world's digest of knobs and registry, so a changed knob or registry never reuses cached answers.
 * @example await new SyntheticClient().complete({ system: 's', prompt: 'Option A:\nx\n\nOption B:\ny', n: 2, sampleOffset: 0, temperature: 1, maxTokens: 10 })
 */
export class SyntheticClient implements ModelClient {
  readonly model: SyntheticWorld;

  constructor(knobs: Partial<WorldConfig> | SyntheticWorld = {}, registry?: WorldRegistry) {
    this.model = knobs instanceof SyntheticWorld ? knobs : new SyntheticWorld(knobs);
    if (registry) this.model.register(registry);
  }

  /** The world behind this client (alias of `model`). */
  get world(): SyntheticWorld {
    return this.model;
  }

  get identity(): Readonly<Record<string, unknown>> {
    return Object.freeze({ endpoint: 'in-process', model: SYNTHETIC_MODEL_NAME, world: this.model.digest });
  }

  /**
   * Adds an experiment's structured options to the world (merged with earlier ones). Register
   * before wrapping the client in a cache: the cache reads the identity once.
   */
  register(registry: WorldRegistry): this {
    this.model.register(registry);
    return this;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    return this.respond(request);
  }

  /** The synchronous answer (the server calls this too). */
  respond(request: CompletionRequest): Completion {
    const { system, prompt, n, sampleOffset, maxTokens } = request;
    const promptTokens = estimateTokens(system) + estimateTokens(prompt);
    if (request.topLogprobs !== undefined) {
      const top = this.model.firstTokenLogprobs(prompt, request.topLogprobs, system);
      return {
        choices: Array.from({ length: n }, () => ({ text: top[0].token, finishReason: 'length', topLogprobs: top })),
        usage: { prompt_tokens: promptTokens * n, completion_tokens: n },
      };
    }
    let completionTokens = 0;
    const choices = this.model.answers(system, prompt, sampleOffset, n).map(({ text }) => {
      const tokens = estimateTokens(text);
      // Honour max_tokens the way an endpoint does: cut the text and say so.
      const cut = tokens > maxTokens;
      completionTokens += Math.min(tokens, maxTokens);
      return { text: cut ? text.slice(0, maxTokens * 4) : text, finishReason: cut ? 'length' : 'stop' };
    });
    return { choices, usage: { prompt_tokens: promptTokens * n, completion_tokens: completionTokens } };
  }
}
