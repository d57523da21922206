// What a dry run can say about answers already bought: the completions in the output folder's
// response cache that this configuration would reuse, found by rebuilding the cache key of every
// prompt it could send. Nothing is created or written.

import { resolveAskOptions } from '../../elicit/ask-pairs.js';
import { renderPrompt } from '../../elicit/prompts.js';
import type { IndexPair } from '../../sampling/pair-status.js';
import { ResponseCache } from '../response-cache.js';
import { askOptionsFor, type ResolvedRunConfig, type RunPlan } from './run-config.js';
import { clientFor } from './run-utilities.js';

/** Above this many outcomes a dry run does not scan every ordered pair (N^2 prompts to hash). */
export const DRY_RUN_SCAN_LIMIT = 600;

export interface CachedCount {
  /** Completions in the cache that these prompts would reuse (undefined when not scanned). */
  cached?: number;
  /** Completions of any kind in the cache file. */
  inFile: number;
}

/** Prices in dollars per million tokens (--price-in, --price-out). */
export interface Prices {
  in?: number;
  out?: number;
}

/** What a run would cost: input estimated from prompt length, output bounded by the max tokens. */
export interface CostEstimate {
  input_tokens: number;
  /** Output tokens if every reply used its whole max-tokens allowance: an upper bound. */
  output_tokens_max: number;
  input_dollars?: number;
  output_dollars_max?: number;
}

/**
 * The cost of the completions still to buy: input tokens from the plan's estimate (prompt
 * characters / 4, once per request as providers bill n > 1) scaled to what is not cached, and
 * output tokens bounded by maxTokens per reply.
 * @example estimateCost(plan, 1000, 10, { in: 0.15, out: 0.6 }).input_dollars
 */
export function estimateCost(plan: RunPlan, toBuy: number, maxTokens: number, prices: Prices): CostEstimate {
  const share = plan.completions > 0 ? toBuy / plan.completions : 0;
  return priceTokens(Math.round(plan.estimatedPromptTokens * share), toBuy * maxTokens, prices);
}

/** Dollars for estimated input tokens and an output-token bound, at the prices given. */
export function priceTokens(input: number, output: number, prices: Prices): CostEstimate {
  return {
    input_tokens: input,
    output_tokens_max: output,
    ...(prices.in !== undefined ? { input_dollars: (input * prices.in) / 1e6 } : {}),
    ...(prices.out !== undefined ? { output_dollars_max: (output * prices.out) / 1e6 } : {}),
  };
}

/** The dry run's cost line. */
export function formatCost(e: CostEstimate): string {
  const usd = (x: number) => `$${x < 0.01 && x > 0 ? x.toPrecision(2) : x.toFixed(2)}`;
  const parts = [`~${e.input_tokens} input tokens${e.input_dollars !== undefined ? ` (${usd(e.input_dollars)})` : ''}`,
    `at most ${e.output_tokens_max} output tokens${e.output_dollars_max !== undefined ? ` (${usd(e.output_dollars_max)})` : ''}`];
  const total = e.input_dollars !== undefined || e.output_dollars_max !== undefined
    ? `; estimated cost at most ${usd((e.input_dollars ?? 0) + (e.output_dollars_max ?? 0))}${e.input_dollars === undefined || e.output_dollars_max === undefined ? ' (one price not given)' : ''}`
    : '; give --price-in and --price-out ($ per million tokens) for dollars';
  return `cost:        ${parts.join(', ')}${total}`;
}

/**
 * Completions already in c.cacheFile for the given pairs (both orders), or for every pair of
 * outcomes when `pairs` is omitted (up to DRY_RUN_SCAN_LIMIT outcomes).
 * @example cachedForDryRun(resolved).cached // 18420
 */
export function cachedForDryRun(c: ResolvedRunConfig, pairs?: readonly IndexPair[]): CachedCount {
  if (!c.cacheFile) return { cached: 0, inFile: 0 };
  const cache = ResponseCache.read(c.cacheFile, { namespace: c.cacheNamespace });
  const inFile = cache.loaded.completions;
  if (inFile === 0) return { cached: 0, inFile };
  const n = c.outcomes.length;
  if (!pairs && n > DRY_RUN_SCAN_LIMIT) return { inFile };
  const o = resolveAskOptions(askOptionsFor(c));
  const client = clientFor(c);
  const perOrder = o.mode === 'logprobs' ? 1 : o.k;
  const count = (a: number, b: number) => cache.countFor(client, {
    system: o.system, prompt: renderPrompt(o.template, c.outcomes[a].description, c.outcomes[b].description),
    n: perOrder, sampleOffset: 0, temperature: o.temperature, maxTokens: o.maxTokens,
    ...(o.mode === 'logprobs' ? { topLogprobs: o.topLogprobs } : {}),
  }, perOrder);
  let cached = 0;
  if (pairs) {
    for (const [a, b] of pairs) cached += count(a, b) + count(b, a);
  } else {
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) cached += count(a, b);
  }
  return { cached, inFile };
}
