// What a dry run can say about answers already bought: the completions in the output folder's
// response cache that this configuration would reuse, found by rebuilding the cache key of every
// prompt it could send. Nothing is created or written.

import { resolveAskOptions } from '../../elicit/ask-pairs.js';
import { renderPrompt } from '../../elicit/prompts.js';
import type { IndexPair } from '../../sampling/pair-status.js';
import { ResponseCache } from '../response-cache.js';
import { askOptionsFor, type ResolvedRunConfig } from './run-config.js';
import { clientFor } from './run-utilities.js';

/** Above this many outcomes a dry run does not scan every ordered pair (N^2 prompts to hash). */
export const DRY_RUN_SCAN_LIMIT = 600;

export interface CachedCount {
  /** Completions in the cache that these prompts would reuse (undefined when not scanned). */
  cached?: number;
  /** Completions of any kind in the cache file. */
  inFile: number;
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
