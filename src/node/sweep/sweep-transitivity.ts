// The transitivity experiment as one step of a sweep (`sweep --triads N`): after a model's run,
// sample N triads uniformly, ask their pairs through the same client and response cache, and
// measure how often its preferences cycle. The run's own cycle figure comes from the pairs active
// learning chose, which are near-ties by design; uniformly sampled triads are the paper's measure.

import { join } from 'node:path';
import { askPairs, type AskUsage } from '../../elicit/ask-pairs.js';
import type { Engine } from '../../engine/engine.js';
import { analyseTransitivity, type TransitivitySummary } from '../../experiments/transitivity/analysis.js';
import { pairsToAsk, sampleTriads, triadPairs, TRANSITIVITY_DEFAULTS } from '../../experiments/transitivity/options.js';
import { Random } from '../../sampling/random.js';
import { toJson, writeFileAtomic } from '../cli-support.js';
import { CachedClient, ResponseCache } from '../response-cache.js';
import { resolveRunConfig, type RunConfig } from '../run/run-config.js';
import { clientFor } from '../run/run-utilities.js';
import { versions } from '../versions.js';

/** Written into the model's folder, beside the run's files (the name `transitivity` uses). */
export const SWEEP_TRANSITIVITY_FILE = 'transitivity.json';

export interface TriadMeasurement {
  summary: TransitivitySummary;
  usage: AskUsage;
  file: string;
}

/**
 * Asks `triadCount` uniformly sampled triads of a model (seeded as `utility-engine transitivity`
 * seeds them, so the two share cached answers) and writes `<dir>/transitivity.json`.
 * Cost: up to 3 x triadCount pairs, each in both orders with K samples, minus cached answers.
 */
export async function measureTriads(
  engine: Engine, config: RunConfig, dir: string, triadCount: number, signal?: AbortSignal,
): Promise<TriadMeasurement> {
  const c = resolveRunConfig(config);
  const triads = sampleTriads(c.outcomes.length, triadCount, Random.derive(c.seed, 'transitivity triads'));
  const pairs = triadPairs(triads);
  const base = clientFor(c);
  const cache = c.cacheFile ? ResponseCache.open(c.cacheFile, { namespace: c.cacheNamespace }) : undefined;
  const client = cache ? new CachedClient(base, cache) : base;
  const started = new Date();
  let asked;
  try {
    asked = await askPairs(client, pairsToAsk(c.outcomes, pairs), {
      system: c.system, template: c.template, style: c.style, k: c.k, mode: c.mode, temperature: c.temperature,
      maxTokens: c.maxTokens, topLogprobs: c.topLogprobs, unparseable: c.unparseable, concurrency: c.concurrency,
      seed: c.seed, signal,
    });
  } finally {
    cache?.close();
  }
  const { summary, records } = analyseTransitivity(engine, c.outcomes, triads, pairs, asked.answers, TRANSITIVITY_DEFAULTS.bins);
  const file = join(dir, SWEEP_TRANSITIVITY_FILE);
  writeFileAtomic(file, toJson({
    experiment: 'transitivity',
    summary,
    config: { model: c.model, ...(c.baseUrl ? { baseUrl: c.baseUrl } : {}), seed: c.seed, k: c.k, mode: c.mode, style: c.style, triads: triadCount },
    versions: versions(),
    usage: asked.usage,
    timing: { started: started.toISOString(), finished: new Date().toISOString() },
    triads: records,
  }));
  return { summary, usage: asked.usage, file };
}
