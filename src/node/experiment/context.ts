// The Node side of an experiment's context: every question goes through the client `run` would
// use, behind one response cache shared by all experiments writing to the same folder, and every
// utility fit is `run`'s active-learning procedure (measure) with its defaults.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { askPairs, type AskUsage, type PairAnswers, type PairToAsk } from '../../elicit/ask-pairs.js';
import type { CompletionRequest, ModelClient } from '../../elicit/model-client.js';
import { MAX_TOKENS_BY_STYLE } from '../../elicit/prompts.js';
import { SYNTHETIC_MODEL_NAME } from '../../elicit/synthetic-client.js';
import type { Engine } from '../../engine/engine.js';
import type {
  ExperimentContext, MethodDefaults, OpenRequest, UtilityMeasurement, UtilityRequest,
} from '../../experiments/experiment.js';
import { choiceTemplate } from '../../experiments/templates.js';
import type { WorldRegistry } from '../../world/structures.js';
import { OpenAIModelClient, type ClientStats } from '../openai-client.js';
import { CACHE_FILE_NAME, CachedClient, ResponseCache } from '../response-cache.js';
import { buildResults, writeRunOutputs } from '../run/results.js';
import { askOptionsFor, resolveRunConfig, type ResolvedRunConfig, type RunConfig } from '../run/run-config.js';
import { clientFor, measure, type RunProgress, type RunState } from '../run/run-utilities.js';
import { bootstrapMeans } from '../pool/bootstrap-fits.js';
import { fitIntervals } from '../pool/fit-intervals.js';
import type { IndexedGraph } from '../../graph/preference-graph.js';
import { mergeRegistries } from '../../world/registry.js';

/** The system message of open questions (the paper's). */
export const OPEN_QUESTION_SYSTEM = 'Answer the question directly and concisely.';
/** Reply length for open questions: a direct answer is a sentence or two. */
export const OPEN_QUESTION_MAX_TOKENS = 256;

/** Coverage of the intervals on fitted utilities (Laplace, from the final fit's sparse Hessian). */
export const INTERVAL_LEVEL = 0.95;

/** The graph the final fit saw: asked training pairs (soft labels), then pseudolabels. Ids are indices. */
function finalGraph(state: RunState): IndexedGraph {
  const pairs = [...state.training.map((p) => ({ a: Number(p.a), b: Number(p.b), p: p.probability_a })), ...state.pseudolabels.map((p) => ({ a: p.a, b: p.b, p: p.probability_a }))];
  return {
    n: state.config.outcomes.length,
    ids: state.config.outcomes.map((o) => o.id),
    edgeA: Int32Array.from(pairs, (e) => e.a),
    edgeB: Int32Array.from(pairs, (e) => e.b),
    labels: Float64Array.from(pairs, (e) => e.p),
  };
}

/** Progress of one part of an experiment, in completions (cached ones included). */
export interface PartProgress extends Omit<RunProgress, 'phase'> {
  label: string;
  phase: RunProgress['phase'] | 'asking pairs' | 'open questions';
}

/** Completions asked and found in the cache, per part (the dry run's price list). */
export interface PartUsage {
  label: string;
  completions: number;
  cached_completions: number;
  requests: number;
}

export interface ContextOptions {
  /** The run's configuration: model, prompts, method flags (those the user set), seed. */
  config: RunConfig;
  /** Flags the user set explicitly: they win over an experiment's method defaults. */
  userMethod: MethodDefaults;
  /** The experiment's method defaults. */
  experimentMethod?: MethodDefaults;
  engine: Engine;
  /** The shared response cache (absent: nothing is recorded). */
  cache?: ResponseCache;
  /**
   * Wraps each base client before the cache (the dry run's pricing client answers from the cache
   * and counts what it would buy). Default: the cached client itself. `own` is the cache of a fit
   * with its own folder, when there is one.
   */
  wrap?: (base: ModelClient, own?: ResponseCache) => ModelClient;
  /** The output folder, under which fits with a `folder` keep their own cache and run outputs. */
  out?: string;
  registry?: WorldRegistry;
  /**
   * A dry run: nothing is bought, bootstrap refits (which cost no answers) are skipped, and fit
   * folders are read (if there) but never created or written.
   */
  dryRun?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: PartProgress) => void;
}

/** Per-run ExperimentContext over `run`'s machinery; read `usage` and `parts` afterwards. */
export class NodeExperimentContext implements ExperimentContext {
  readonly seed: number;
  readonly engine: Engine;
  readonly synthetic: boolean;
  readonly template: string;
  readonly usage: AskUsage = { requests: 0, completions: 0, cached_completions: 0, prompt_tokens: 0, completion_tokens: 0 };
  readonly parts: PartUsage[] = [];
  /** Client statistics (retries, failures) of every endpoint asked. */
  readonly clients: ClientStats[] = [];
  /** Every option text fitted, for the truth section. */
  readonly texts = new Set<string>();
  registry: WorldRegistry;
  private readonly resolved: ResolvedRunConfig;
  private readonly bases = new Map<string, ModelClient>();

  constructor(private readonly o: ContextOptions) {
    this.resolved = resolveRunConfig(o.config);
    this.seed = this.resolved.seed;
    this.engine = o.engine;
    this.synthetic = this.resolved.model === SYNTHETIC_MODEL_NAME && !this.resolved.baseUrl;
    this.template = this.resolved.template;
    // A --synthetic-world file's registry, then the experiment's own structures.
    this.registry = mergeRegistries(o.config.registry ?? {}, o.registry ?? {});
  }

  choiceTemplate(question: string): string {
    return choiceTemplate(question, this.resolved.style);
  }

  register(registry: WorldRegistry): void {
    this.registry = mergeRegistries(this.registry, registry);
    this.bases.clear(); // the synthetic world answers from the registry it was built with
  }

  /** The model's client for the current registry, behind the cache (a fit folder's own, if given). */
  private client(config: RunConfig = this.o.config, own?: ResponseCache): ModelClient {
    // One base client per endpoint, so retry statistics add up and the world is built once.
    const key = `${config.model ?? ''}\u0000${config.baseUrl ?? ''}`;
    let base = this.bases.get(key);
    if (!base) {
      // The synthetic world reads the registry from the config (a real endpoint never sees it).
      base = clientFor(resolveRunConfig({ ...config, registry: this.registry }));
      if (base instanceof OpenAIModelClient) this.clients.push(base.stats);
      this.bases.set(key, base);
    }
    return this.behindCache(base, own);
  }

  private behindCache(base: ModelClient, own?: ResponseCache): ModelClient {
    if (this.o.wrap) return this.o.wrap(base, own);
    const cache = own ?? this.o.cache;
    return cache ? new CachedClient(base, cache) : base;
  }

  /** A fit folder's own response cache: opened (created) for a run, only read in a dry run. */
  private folderCache(folder: string): ResponseCache | undefined {
    const path = join(this.o.out!, folder, CACHE_FILE_NAME);
    if (!this.o.dryRun) return ResponseCache.open(path);
    if (!existsSync(path)) return undefined;
    const cache = ResponseCache.open(path);
    cache.close(); // its answers stay readable; nothing is appended in a dry run
    return cache;
  }

  private method(request: MethodDefaults = {}): MethodDefaults {
    const pick = (key: keyof MethodDefaults) => this.o.userMethod[key] ?? request[key] ?? this.o.experimentMethod?.[key];
    return { edgesPerRound: pick('edgesPerRound'), edgeMultiplier: pick('edgeMultiplier'), k: pick('k') };
  }

  private record(label: string, u: AskUsage): void {
    for (const key of Object.keys(this.usage) as Array<keyof AskUsage>) this.usage[key] += u[key];
    this.parts.push({ label, completions: u.completions, cached_completions: u.cached_completions, requests: u.requests });
  }

  async measureUtilities(request: UtilityRequest): Promise<UtilityMeasurement> {
    const outcomes = request.options.map((description, id) => ({ id, description }));
    const answer = request.answer;
    request.options.forEach((t) => this.texts.add(t));
    const config: RunConfig = {
      ...this.o.config, ...this.method(request.method), outcomes, template: request.template ?? this.o.config.template,
      ...(answer ? { style: answer.style, ...(answer.k !== undefined ? { k: answer.k } : {}), ...(answer.style === 'reasoning' ? { mode: 'sampling' as const } : {}) } : {}),
      ...(request.system !== undefined ? { system: request.system } : {}),
      cacheFile: undefined,
      // A dry run's stand-in replies are empty: no reply says anything about the template.
      ...(this.o.dryRun ? { maxUnparseableRate: 1 } : {}),
    };
    const folder = request.folder !== undefined && this.o.out !== undefined ? request.folder : undefined;
    const own = folder !== undefined && request.ownCache ? this.folderCache(folder) : undefined;
    let state;
    try {
      state = await measure(config, {
        client: this.client(this.o.config, own), engine: this.engine, signal: this.o.signal,
        onProgress: (p) => this.o.onProgress?.({ ...p, label: request.label }),
      });
    } finally {
      own?.close();
    }
    if (folder !== undefined && !this.o.dryRun) writeRunOutputs(join(this.o.out!, folder), buildResults(state));
    this.record(request.label, state.usage);
    const final = state.final;
    const iv = await fitIntervals(this.engine, finalGraph(state), final, {}, { method: 'laplace', level: INTERVAL_LEVEL });
    const replicates = request.bootstrap && !this.o.dryRun ? await this.bootstrap(request, state) : undefined;
    return {
      means: Array.from(final.means),
      variances: Array.from(final.variances),
      intervals: iv ? Array.from(iv.lo, (lo, i): [number, number] => [lo, iv.hi[i]]) : null,
      interval_level: INTERVAL_LEVEL,
      metrics: final.metrics,
      holdout_metrics: state.holdoutMetrics,
      pairs: state.training.length + state.holdout.length,
      ...(replicates ? { replicates } : {}),
    };
  }

  /** Refits on resampled answers through a worker pool (pseudolabels kept as they are). */
  private async bootstrap(request: UtilityRequest, state: RunState): Promise<number[][]> {
    const total = request.bootstrap!;
    const label = `${request.label} (bootstrap)`;
    const reps = await bootstrapMeans({
      n: request.options.length, ids: request.options.map((_, i) => i),
      asked: state.training.map((t) => ({ a: Number(t.a), b: Number(t.b), probability_a: t.probability_a, total_responses: t.total_responses })),
      fixed: state.pseudolabels,
    }, {
      replicates: total, seed: state.config.seed, signal: this.o.signal,
      // The point fit's prior strength (chosen once, by cross-validation where that is the default),
      // not chosen again per replicate: cheaper, and every replicate is the same estimator.
      fit: {
        optimizer: state.config.optimizer, seed: state.config.seed, init: state.final.params,
        prior: state.final.fit.prior, priorStrength: state.final.fit.prior_strength,
      },
      onReplicate: (done) => this.o.onProgress?.({ label, phase: 'fitting', done, total, round: 0, rounds: 0 }),
    });
    return reps.map((m) => Array.from(m));
  }

  async askPairs(label: string, pairs: readonly PairToAsk[], template?: string): Promise<PairAnswers[]> {
    const c = resolveRunConfig({ ...this.o.config, ...this.method(), ...(template ? { template } : {}) });
    const total = pairs.length * (c.mode === 'logprobs' ? 2 : 2 * c.k);
    let done = 0;
    const progress = () => this.o.onProgress?.({ label, phase: 'asking pairs', done, total, round: 0, rounds: 0 });
    progress();
    const result = await askPairs(this.client(), pairs, {
      ...askOptionsFor(c, this.o.signal),
      onCompletions: (n) => {
        done += n;
        progress();
      },
    });
    this.record(label, result.usage);
    return result.answers;
  }

  async askOpen(request: OpenRequest): Promise<string[]> {
    const endpoint = request.endpoint;
    const client = endpoint && 'client' in endpoint
      ? this.behindCache(endpoint.client)
      : this.client(endpoint ? { ...this.o.config, model: endpoint.model ?? this.o.config.model, baseUrl: endpoint.baseUrl ?? this.o.config.baseUrl } : this.o.config);
    // An empty --system means the endpoint takes no system role: the system text leads the user turn.
    const noSystemRole = this.resolved.system === '';
    const requests: CompletionRequest[] = request.prompts.map((p) => {
      const system = p.system ?? OPEN_QUESTION_SYSTEM;
      return {
        system: noSystemRole ? '' : system,
        prompt: noSystemRole && system ? `${system}\n\n${p.prompt}` : p.prompt,
        n: 1, sampleOffset: 0, temperature: request.temperature ?? 0,
        maxTokens: request.maxTokens ?? Math.max(OPEN_QUESTION_MAX_TOKENS, MAX_TOKENS_BY_STYLE.letter),
      };
    });
    const usage: AskUsage = { requests: 0, completions: 0, cached_completions: 0, prompt_tokens: 0, completion_tokens: 0 };
    const replies = new Array<string>(requests.length);
    let next = 0;
    const progress = () => this.o.onProgress?.({ label: request.label, phase: 'open questions', done: usage.completions, total: requests.length, round: 0, rounds: 0 });
    progress();
    let failed = false;
    const worker = async () => {
      while (!failed && next < requests.length) {
        this.o.signal?.throwIfAborted();
        const i = next++;
        const got = await client.complete(requests[i], this.o.signal).catch((err) => {
          failed = true;
          throw err;
        });
        if (got.choices.length !== 1) throw new Error(`model client returned ${got.choices.length} choices for n = 1`);
        replies[i] = got.choices[0].text;
        usage.requests++;
        usage.completions++;
        usage.cached_completions += got.cached ?? 0;
        usage.prompt_tokens += got.usage?.prompt_tokens ?? 0;
        usage.completion_tokens += got.usage?.completion_tokens ?? 0;
        progress();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.resolved.concurrency, requests.length) }, worker));
    this.record(request.label, usage);
    return replies;
  }
}
