// The dry run's client: answers what the response cache holds and counts, without asking, every
// completion it would have to buy. An experiment runs through it end to end (missing answers come
// back empty, which parse as unparseable), so the count covers every part, fits and all; only
// replies that steer later questions (a judge asked after an open answer) make it an upper bound.

import type { Completion, CompletionChoice, CompletionRequest, ModelClient } from '../../elicit/model-client.js';
import { estimateTokens } from '../../elicit/synthetic-client.js';
import type { ResponseCache } from '../response-cache.js';

/** What a dry run would buy. */
export interface PriceList {
  requests: number;
  completions: number;
  cached_completions: number;
  /** Rough prompt tokens of the completions to buy: characters / 4 (an estimate for pricing). */
  estimated_prompt_tokens: number;
}

/** A client that never sends anything. Share one PriceList between the clients of one dry run. */
export class PricingClient implements ModelClient {
  readonly identity: Readonly<Record<string, unknown>>;
  readonly endpoint?: string;

  constructor(inner: ModelClient, private readonly cache: ResponseCache | undefined, readonly price: PriceList) {
    this.identity = inner.identity;
    if (inner.endpoint !== undefined) this.endpoint = inner.endpoint;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const key = this.cache ? this.cache.keyFor(this, request) : '';
    const choices: CompletionChoice[] = [];
    let cached = 0;
    let missing = 0;
    for (let i = 0; i < request.n; i++) {
      const hit = this.cache?.lookup(this, request, request.sampleOffset + i, key)?.choice;
      if (hit) cached++;
      else missing++;
      choices.push(hit ?? { text: '', finishReason: 'stop', ...(request.topLogprobs !== undefined ? { topLogprobs: [] } : {}) });
    }
    this.price.requests += missing > 0 ? 1 : 0;
    this.price.completions += request.n;
    this.price.cached_completions += cached;
    this.price.estimated_prompt_tokens += missing * (estimateTokens(request.system) + estimateTokens(request.prompt));
    return { choices, cached };
  }
}
