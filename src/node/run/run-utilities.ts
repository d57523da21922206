// The main job: ask a model about pairs of outcomes chosen by active learning, fit its utilities
// after every round, add pseudolabels, then score the fit on held-out pairs. One function, so
// `utility-engine run` and a sweep over many models share it.

import { askPairs, type AskOptions, type AskUsage, type PairAnswers, type PairToAsk } from '../../elicit/ask-pairs.js';
import type { ModelClient } from '../../elicit/model-client.js';
import { renderFewShot } from '../../elicit/base-model-prompt.js';
import { syntheticTruth } from '../../elicit/recovery.js';
import { pearson, spearman } from '../../metrics/correlation.js';
import { SyntheticClient, SYNTHETIC_MODEL_NAME } from '../../elicit/synthetic-client.js';
import { SyntheticValueSystem } from '../../elicit/synthetic-model.js';
import type { Engine } from '../../engine/engine.js';
import { fitIndexed, scoreIndexed, type FitOptions, type FitResult, type Metrics } from '../../fit/fit.js';
import { components, type IndexedGraph } from '../../graph/preference-graph.js';
import { selectPairs } from '../../sampling/active-learning.js';
import { holdoutPairs, holdoutSize } from '../../sampling/holdout.js';
import { PAIR_ASKED, PairStatus, type IndexPair } from '../../sampling/pair-status.js';
import { pseudolabels as findPseudolabels, type Pseudolabel } from '../../sampling/pseudolabels.js';
import { Random } from '../../sampling/random.js';
import { regularStartGraph } from '../../sampling/start-graph.js';
import { loadEngine } from '../load-engine.js';
import { FIXED_PRIOR_STRENGTH } from '../../fit/prior.js';
import type { UtilityIntervals } from '../../fit/intervals.js';
import { fitIntervals } from '../pool/fit-intervals.js';
import { OpenAIModelClient, type ClientStats } from '../openai-client.js';
import { CachedClient, endpointChangeWarning, ResponseCache } from '../response-cache.js';
import { askOptionsFor, planRun, resolveRunConfig, type ResolvedRunConfig, type RunConfig, type RunPlan } from './run-config.js';
import { buildResults, type RunResults } from './results.js';

/**
 * Fits between rounds only steer which pairs are asked next, so they stop at a looser tolerance;
 * the final fit (after pseudolabels, or after the last round without them) uses the fit defaults.
 */
export const ROUND_FIT = Object.freeze({
  gtol: 1e-2, // lbfgs: 10x the default gtol (which is scaled by N)
  tolerance: 1e-2, // newton: within ~0.1 posterior sd of the mode
  maxIterations: 300,
  priorStrength: FIXED_PRIOR_STRENGTH, // cross-validating every round would cost 25 fits each
});

export type RunPhase = 'start graph' | 'active learning' | 'held-out pairs' | 'fitting';

/** Replies needed before the unparseable share is judged (a few replies say little). */
export const MIN_REPLIES_FOR_UNPARSEABLE_CHECK = 40;

/**
 * The run stopped because too many replies could not be read as "A" or "B": fitting them would fit
 * noise. Usually a template without the "Option A:" / "Option B:" labels, or a model that does not
 * follow the format. The answers bought so far stay in the cache.
 */
export class UnparseableRepliesError extends Error {
  override readonly name = 'UnparseableRepliesError';
  constructor(readonly unparseable: number, readonly total: number, readonly limit: number) {
    super(`${unparseable} of ${total} replies so far (${(100 * unparseable / total).toFixed(1)}%) could not be parsed as "A" or "B", ` +
      `above the limit of ${(100 * limit).toFixed(0)}% (--max-unparseable-rate); check the template and the model's replies ` +
      `(in the response cache), then rerun: answers already bought are reused`);
  }
}

/** Progress of a run, in completions (cached ones included). */
export interface RunProgress {
  phase: RunPhase;
  done: number;
  total: number;
  /** Active-learning rounds finished and planned. */
  round: number;
  rounds: number;
}

/** What the run's response cache held and did. */
export interface CacheUsage {
  file: string;
  loaded_completions: number;
  skipped_lines: number;
  namespace?: string;
  /** The endpoint asked now (recorded with each new reply; not part of the key). */
  endpoint?: string;
  /** Other endpoints the file's answers came from, when this run's endpoint is not among them. */
  other_endpoints?: string[];
  /** Replies read under the key older versions wrote (which included the endpoint) and copied under the current key. */
  migrated_completions?: number;
}

export interface RunHooks {
  /** Called with a warning the user should see before the run ends (also kept in the results). */
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** A client to use instead of the one the config names (tests, custom transports). */
  client?: ModelClient;
  /** Fits a graph instead of fitIndexed on this thread (e.g. a sweep's worker pool); may detach the graph's arrays. */
  fit?: (graph: IndexedGraph, options: FitOptions) => Promise<FitResult>;
  /** An engine instance to fit with (default: a fresh one over the shared compiled module). */
  engine?: Engine;
}

/** One fit after a round, for the record. */
export interface RoundRecord {
  round: number;
  new_pairs: number;
  asked_pairs: number;
  p_percentile?: number;
  q_percentile?: number;
  random_fill?: number;
  fit_seconds: number;
  fit_iterations: number;
  metrics: Metrics;
}

/** Everything the run measured, before it is turned into the results file layout. */
export interface RunState {
  config: ResolvedRunConfig;
  plan: RunPlan;
  training: PairAnswers[];
  holdout: PairAnswers[];
  pseudolabels: Pseudolabel[];
  final: FitResult;
  holdoutMetrics: Metrics;
  rounds: RoundRecord[];
  usage: AskUsage & { client?: ClientStats; cache?: CacheUsage };
  timing: { started: string; finished: string; seconds: number; asking_seconds: number; fitting_seconds: number; interval_seconds: number };
  components: number;
  recovery?: { spearman: number; pearson: number };
  /** Intervals on the final utilities (absent with ci 'none'). */
  intervals?: UtilityIntervals;
}

/** The client a config names: the in-process synthetic model, or an OpenAI-compatible endpoint. */
export function clientFor(c: ResolvedRunConfig, env: NodeJS.ProcessEnv = process.env): ModelClient {
  if (c.model === SYNTHETIC_MODEL_NAME && !c.baseUrl) return new SyntheticClient(c.synthetic, c.registry);
  return new OpenAIModelClient({
    baseURL: c.baseUrl!, model: c.model, apiKey: env[c.apiKeyEnv] ?? 'not-set', apiKeyEnv: c.apiKeyEnv,
    timeoutMs: c.timeoutMs, maxRetries: c.maxRetries, api: c.api, rateLimits: { rpm: c.rpm, tpm: c.tpm },
    ...(c.fewShot.length > 0 ? { promptPrefix: renderFewShot(c.fewShot, c.template) } : {}),
  });
}

/**
 * The client a config names, behind the response cache when a cache file is given: what other
 * experiments use to ask pairs (with askPairs) through the same client, cache and parsing as `run`.
 * Call close() when done (it closes the cache file).
 * @example
 * const { client, close } = openModelClient({ outcomes, model: 'synthetic' }, 'out/responses.jsonl');
 * const { answers } = await askPairs(client, pairs, { k: 10 }); close();
 */
export function openModelClient(config: RunConfig, cacheFile?: string): { client: ModelClient; base: ModelClient; cache?: ResponseCache; close(): void } {
  const base = clientFor(resolveRunConfig(config));
  if (!cacheFile) return { client: base, base, close: () => {} };
  const cache = ResponseCache.open(cacheFile, { namespace: config.cacheNamespace ?? '' });
  return { client: new CachedClient(base, cache), base, cache, close: () => cache.close() };
}

/**
 * Measures a model's utilities over an outcome set, end to end (the paper's procedure by default):
 * held-out split, random 2-regular start graph, rounds of active learning with a warm-started refit
 * after each, pseudolabels and a final refit, then the held-out pairs asked and scored.
 * Deterministic given the seed and the answers: a run resumed from its cache equals an
 * uninterrupted one.
 * @example
 * const results = await runUtilities({ outcomes: defaultOutcomes().options, cacheFile: 'runs/x/responses.jsonl' });
 * results.holdout_metrics // { log_loss: 0.39, accuracy: 0.83 }
 */
export async function runUtilities(config: RunConfig, hooks: RunHooks = {}): Promise<RunResults> {
  return buildResults(await measure(config, hooks));
}

/** runUtilities without the conversion to the results layout. */
export async function measure(config: RunConfig, hooks: RunHooks = {}): Promise<RunState> {
  const startedAt = new Date();
  const t0 = performance.now();
  const c = resolveRunConfig(config);
  const plan = planRun(c);
  const engine = hooks.engine ?? loadEngine();
  const base = hooks.client ?? clientFor(c);
  const cache = c.cacheFile ? ResponseCache.open(c.cacheFile, { namespace: c.cacheNamespace }) : undefined;
  const client = cache ? new CachedClient(base, cache) : base;
  const otherEndpoints = cache?.otherEndpoints(base.endpoint) ?? [];
  if (cache && otherEndpoints.length > 0) hooks.onWarning?.(endpointChangeWarning(cache.path, base.endpoint!, otherEndpoints));
  const n = c.outcomes.length;
  const options = c.outcomes;
  const total = plan.completions;
  let done = 0;
  let phase: RunPhase = 'start graph';
  let round = 0;
  const progress = () => hooks.onProgress?.({ phase, done, total, round, rounds: plan.rounds });
  const usage: RunState['usage'] = { requests: 0, completions: 0, cached_completions: 0, prompt_tokens: 0, completion_tokens: 0 };
  let askingMs = 0;
  let fittingMs = 0;
  let replies = 0;
  let unparseable = 0;
  let intervalMs = 0;
  const askOptions: AskOptions = {
    ...askOptionsFor(c, hooks.signal),
    onCompletions: (count) => {
      done += count;
      progress();
    },
  };
  const ask = async (pairs: IndexPair[]): Promise<PairAnswers[]> => {
    const t = performance.now();
    const toAsk: PairToAsk[] = pairs.map(([a, b]) => ({ a: options[a], b: options[b] }));
    const result = await askPairs(client, toAsk, askOptions);
    for (const key of Object.keys(usage) as Array<keyof AskUsage>) usage[key] += result.usage[key];
    askingMs += performance.now() - t;
    for (const a of result.answers) {
      replies += a.total_responses;
      unparseable += a.unparseable;
    }
    // Stop before buying more when the replies cannot be read: the fit would be of noise.
    if (replies >= MIN_REPLIES_FOR_UNPARSEABLE_CHECK && unparseable / replies > c.maxUnparseableRate) {
      throw new UnparseableRepliesError(unparseable, replies, c.maxUnparseableRate);
    }
    // An in-process model answers in microtasks only: let signals (Ctrl-C) through between batches.
    await new Promise((resolve) => setImmediate(resolve));
    hooks.signal?.throwIfAborted();
    return result.answers;
  };

  try {
    const status = new PairStatus(n);
    const held = holdoutPairs(status, holdoutSize(n, c.holdoutFraction, c.holdoutCap), Random.derive(c.seed, 'holdout'));
    const degrees = new Int32Array(n);
    const training: PairAnswers[] = [];
    const trainingIdx: IndexPair[] = [];
    const record = (pairs: IndexPair[], answers: PairAnswers[]) => {
      pairs.forEach(([a, b], i) => {
        status.set(a, b, PAIR_ASKED);
        degrees[a]++;
        degrees[b]++;
        training.push(answers[i]);
        trainingIdx.push([a, b]);
      });
    };
    const fitOptionsFor = (final: boolean, strength?: number, previous?: FitResult): FitOptions => ({
      model: c.utilityModel, optimizer: c.optimizer, seed: c.seed, allowDisconnected: true, prior: c.prior, priorStrength: c.priorStrength,
      // The paper starts every fit afresh from 0.01 N(0, 1); a MAP optimum does not depend on the start.
      init: c.optimizer === 'adam' ? undefined : previous?.params,
      ...(final ? {} : { ...ROUND_FIT, priorStrength: typeof c.priorStrength === 'number' ? c.priorStrength : ROUND_FIT.priorStrength }),
      ...(strength !== undefined ? { priorStrength: strength } : {}),
    });
    const fit = async (extra: Pseudolabel[], previous: FitResult | undefined, final: boolean, strength?: number): Promise<FitResult> => {
      const t = performance.now();
      const g = indexedGraph(n, options.map((o) => o.id), trainingIdx, training, extra);
      const opts = fitOptionsFor(final, strength, previous);
      const result = hooks.fit ? await hooks.fit(g, opts) : fitIndexed(engine, g, opts);
      fittingMs += performance.now() - t;
      return result;
    };

    const start = regularStartGraph(status, Random.derive(c.seed, 'start graph'));
    progress();
    record(start, await ask(start));
    let current = await fit([], undefined, false);
    const rounds: RoundRecord[] = [roundRecord(0, start.length, training.length, current)];
    phase = 'active learning';
    while (training.length < plan.trainingPairs) {
      const selection = selectPairs(status, {
        means: current.means, degrees, count: Math.min(c.edgesPerRound, plan.trainingPairs - training.length),
        pPercentile: c.pPercentile, qPercentile: c.qPercentile, rng: Random.derive(c.seed, `round ${round + 1}`),
      });
      if (selection.pairs.length === 0) break; // every pair is asked or held out
      record(selection.pairs, await ask(selection.pairs));
      current = await fit([], current, false);
      round++;
      rounds.push({
        ...roundRecord(round, selection.pairs.length, training.length, current),
        p_percentile: selection.pPercentile, q_percentile: selection.qPercentile, random_fill: selection.randomFill,
      });
      progress();
    }

    phase = 'fitting';
    progress();
    // The asked graph to full tolerance: the final fit, or the one pseudolabels are read from. Its
    // prior strength (cross-validated by default) is chosen on asked pairs only and reused for the
    // pseudolabel fit: cross-validating on the model's own hard labels would be circular.
    const asked = await fit([], current, true);
    current = asked;
    let pseudo: Pseudolabel[] = [];
    if (c.pseudolabels) {
      const normCdf = (x: number) => engine.kernels.normCdf(x);
      pseudo = findPseudolabels(status, current.means, current.variances, c.pseudolabelThreshold, normCdf);
      if (pseudo.length > 0) {
        current = await fit(pseudo, current, true, asked.fit.prior_strength);
        if (asked.fit.prior_choice) current.fit.prior_choice = asked.fit.prior_choice;
      }
    }

    // Intervals measure what the asked pairs determine (pseudolabels add no information), so they
    // come from the asked graph's fit, centred on the reported utilities.
    let intervals: UtilityIntervals | undefined;
    if (c.ci !== 'none') {
      const t = performance.now();
      const g = indexedGraph(n, options.map((o) => o.id), trainingIdx, training, []);
      // Sampled answers give each label a binomial noise the Laplace intervals can use.
      if (training.every((p) => p.mode === 'sampling' && p.count_a + p.count_b > 0)) {
        g.counts = Float64Array.from(training, (p) => p.count_a + p.count_b);
      }
      const askedOptions = fitOptionsFor(true, asked.fit.prior_strength);
      intervals = recentre(await fitIntervals(engine, g, asked, askedOptions, { method: c.ci, bootstrap: c.bootstrap, level: c.level, seed: c.seed }), asked, current);
      intervalMs = performance.now() - t;
    }

    phase = 'held-out pairs';
    const holdout = await ask(held);
    const heldIdx = held;
    const holdoutMetrics = scoreIndexed(
      engine, n, Int32Array.from(heldIdx, (p) => p[0]), Int32Array.from(heldIdx, (p) => p[1]),
      Float64Array.from(holdout, (h) => h.probability_a), current.means, current.variances, c.utilityModel,
    );
    const { count } = components(n, Int32Array.from(trainingIdx, (p) => p[0]), Int32Array.from(trainingIdx, (p) => p[1]));
    let recovery: RunState['recovery'];
    if (c.model === SYNTHETIC_MODEL_NAME && !c.baseUrl && !hooks.client) {
      const truth = syntheticTruth(new SyntheticValueSystem(c.synthetic, c.registry), options);
      const trueMeans = options.map((o) => truth[String(o.id)].mean);
      recovery = { spearman: spearman(trueMeans, current.means), pearson: pearson(trueMeans, current.means) };
    }
    const finishedAt = new Date();
    if (base instanceof OpenAIModelClient) usage.client = base.stats;
    if (cache) {
      usage.cache = {
        file: cache.path, loaded_completions: cache.loaded.completions, skipped_lines: cache.loaded.skipped,
        ...(c.cacheNamespace ? { namespace: c.cacheNamespace } : {}),
        ...(base.endpoint !== undefined ? { endpoint: base.endpoint } : {}),
        ...(otherEndpoints.length > 0 ? { other_endpoints: otherEndpoints } : {}),
        ...(cache.migrated > 0 ? { migrated_completions: cache.migrated } : {}),
      };
    }
    return {
      config: c, plan, training, holdout, pseudolabels: pseudo, final: current, holdoutMetrics, rounds, usage,
      timing: {
        started: startedAt.toISOString(), finished: finishedAt.toISOString(), seconds: (performance.now() - t0) / 1000,
        asking_seconds: askingMs / 1000, fitting_seconds: fittingMs / 1000, interval_seconds: intervalMs / 1000,
      },
      components: count, recovery, intervals,
    };
  } finally {
    cache?.close();
  }
}

/** Intervals of one fit moved to be centred on another fit's means (same widths). */
function recentre(iv: UtilityIntervals | undefined, from: FitResult, to: FitResult): UtilityIntervals | undefined {
  if (!iv || from === to) return iv;
  const shift = (x: Float64Array) => x.map((v, i) => v + to.means[i] - from.means[i]);
  return { ...iv, lo: shift(iv.lo), hi: shift(iv.hi) };
}

function roundRecord(round: number, added: number, asked: number, fit: FitResult): RoundRecord {
  return {
    round, new_pairs: added, asked_pairs: asked, fit_seconds: fit.fit.seconds,
    fit_iterations: fit.fit.iterations, metrics: fit.metrics,
  };
}

/** The fitting graph: asked pairs with their soft labels, then pseudolabels (hard). */
function indexedGraph(n: number, ids: IndexedGraph['ids'], pairs: IndexPair[], answers: PairAnswers[], extra: Pseudolabel[]): IndexedGraph {
  const e = pairs.length + extra.length;
  const edgeA = new Int32Array(e);
  const edgeB = new Int32Array(e);
  const labels = new Float64Array(e);
  pairs.forEach(([a, b], k) => {
    edgeA[k] = a;
    edgeB[k] = b;
    labels[k] = answers[k].probability_a;
  });
  extra.forEach((p, m) => {
    const k = pairs.length + m;
    edgeA[k] = p.a;
    edgeB[k] = p.b;
    labels[k] = p.probability_a;
  });
  return { n, ids, edgeA, edgeB, labels };
}
