// The configuration of a run: every knob of the method with the paper's values as defaults, checked
// once here with messages naming the option and the value.

import { ASK_DEFAULTS, type AskOptions, type ElicitationMode, type UnparseableMode } from '../../elicit/ask-pairs.js';
import { DEFAULT_SYSTEM_MESSAGE, FORCED_CHOICE_TEMPLATE, REASONING_TEMPLATE, validateTemplate, type AnswerStyle } from '../../elicit/prompts.js';
import { SYNTHETIC_MODEL_NAME } from '../../elicit/synthetic-client.js';
import { resolveSyntheticKnobs, type SyntheticKnobs } from '../../elicit/synthetic-model.js';
import { InputError } from '../../errors.js';
import { REASONING_EFFORTS, type ReasoningEffort } from '../../elicit/model-client.js';
import { MODEL_APIS, type FewShotExample, type ModelApi } from '../../elicit/base-model-prompt.js';
import { digestOf } from '../../world/digest.js';
import { validateRegistry } from '../../world/registry.js';
import type { WorldRegistry } from '../../world/structures.js';
import { OPTIMIZERS, type OptimizerName } from '../../fit/fit.js';
import { MODEL_FAMILIES, type ModelFamily } from '../../fit/families.js';
import { INTERVAL_DEFAULTS, type IntervalMethod } from '../../fit/intervals.js';
import { checkPrior, DEFAULT_PRIOR_STRENGTH, type PriorName, type PriorStrength } from '../../fit/prior.js';
import { checkIntervalOptions } from '../pool/fit-intervals.js';
import type { Option } from '../../graph/preference-graph.js';
import { ACTIVE_LEARNING_DEFAULTS, pairBudget } from '../../sampling/active-learning.js';
import { HOLDOUT_DEFAULTS, holdoutSize } from '../../sampling/holdout.js';
import { PSEUDOLABEL_THRESHOLD } from '../../sampling/pseudolabels.js';
import { OPENAI_CLIENT_DEFAULTS, redactUrl, SECRET_QUERY_PARAMETER } from '../openai-client.js';

export { redactUrl };

/** The askPairs options a resolved configuration implies (everything but progress callbacks). */
export function askOptionsFor(c: ResolvedRunConfig, signal?: AbortSignal): AskOptions {
  return {
    system: c.system, template: c.template, style: c.style, k: c.k, mode: c.mode, temperature: c.temperature,
    maxTokens: c.maxTokens, topLogprobs: c.topLogprobs, unparseable: c.unparseable, concurrency: c.concurrency,
    seed: c.seed, signal, ...(c.reasoningEffort !== undefined ? { reasoningEffort: c.reasoningEffort } : {}),
  };
}

/**
 * Default max tokens with --reasoning-effort: room for the hidden reasoning plus the answer (OpenAI
 * advises reserving about 25,000 tokens for reasoning models); a cap, not a charge.
 */
export const REASONING_MODEL_MAX_TOKENS = 25_000;

/** OpenAI's own endpoint: used for a named model when no base URL is given. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface RunConfig {
  /** The outcomes to measure (ids and descriptions). */
  outcomes: Option[];
  /** Where they came from, for the record ("built-in" or a path). */
  outcomesSource?: string;
  /** Model name; "synthetic" with no baseUrl runs the built-in model in process. */
  model?: string;
  baseUrl?: string;
  /** Environment variable holding the API key (the key itself is never part of a config). */
  apiKeyEnv?: string;
  system?: string;
  template?: string;
  /** 'reasoning' uses the reasoning template (unless template is given) and reads "Answer: X". */
  style?: AnswerStyle;
  k?: number;
  edgeMultiplier?: number;
  edgesPerRound?: number;
  pPercentile?: number;
  qPercentile?: number;
  holdoutFraction?: number;
  holdoutCap?: number;
  pseudolabels?: boolean;
  pseudolabelThreshold?: number;
  seed?: number;
  optimizer?: OptimizerName;
  /** Model family fitted to the answers (`--utility-model`; `model` names the LLM). */
  utilityModel?: ModelFamily;
  /** The fits' prior: 'gaussian' (MAP; default except with adam) or 'none'. */
  prior?: PriorName;
  /** Prior strength of the final fits (a number, in edges, or 'cv'); round refits use a fixed one. */
  priorStrength?: PriorStrength;
  /** Intervals on the final utilities: 'laplace' (default), 'bootstrap' or 'none'. */
  ci?: IntervalMethod | 'none';
  /** Bootstrap replicates (with ci 'bootstrap'). */
  bootstrap?: number;
  /** Interval coverage, in (0, 1). */
  level?: number;
  unparseable?: UnparseableMode;
  mode?: ElicitationMode;
  topLogprobs?: number;
  temperature?: number;
  maxTokens?: number;
  /** Client-side limits: requests and (estimated) tokens per minute. */
  rpm?: number;
  tpm?: number;
  /** 'completions' asks a base model through /v1/completions (prompt + "\n\nAnswer:"); default 'chat'. */
  api?: ModelApi;
  /** Completions only: worked examples shown before each question. */
  fewShot?: FewShotExample[];
  /** reasoning_effort for reasoning models (dropped, and recorded, where an endpoint refuses it). */
  reasoningEffort?: ReasoningEffort;
  concurrency?: number;
  timeoutMs?: number;
  maxRetries?: number;
  /** Knobs of the synthetic model (used only when it runs in process). */
  synthetic?: Partial<SyntheticKnobs>;
  /**
   * Structured options for the synthetic world (an experiment's lotteries, quantities, processes,
   * framings, questions): the in-process synthetic client registers them; a real client ignores them.
   */
  registry?: WorldRegistry;
  /** The response cache file; none means every answer is asked afresh and not recorded. */
  cacheFile?: string;
  /** Keeps deliberately separate caches apart (part of every cache key; '' for none). */
  cacheNamespace?: string;
  /** Stop with an error once more than this share of replies cannot be parsed (default 0.5). */
  maxUnparseableRate?: number;
}

export type ResolvedRunConfig = Required<Omit<RunConfig, 'baseUrl' | 'maxTokens' | 'cacheFile' | 'synthetic' | 'registry' | 'prior' | 'reasoningEffort' | 'rpm' | 'tpm'>> & {
  prior: PriorName;
  rpm?: number;
  tpm?: number;
  reasoningEffort?: ReasoningEffort;
  baseUrl?: string;
  registry?: WorldRegistry;
  maxTokens?: number;
  cacheFile?: string;
  synthetic: SyntheticKnobs;
};

export const RUN_DEFAULTS = Object.freeze({
  outcomesSource: 'built-in',
  model: SYNTHETIC_MODEL_NAME,
  apiKeyEnv: 'OPENAI_API_KEY',
  system: DEFAULT_SYSTEM_MESSAGE,
  style: 'letter' as AnswerStyle,
  k: ASK_DEFAULTS.k,
  edgeMultiplier: ACTIVE_LEARNING_DEFAULTS.edgeMultiplier,
  edgesPerRound: ACTIVE_LEARNING_DEFAULTS.edgesPerRound,
  pPercentile: ACTIVE_LEARNING_DEFAULTS.pPercentile,
  qPercentile: ACTIVE_LEARNING_DEFAULTS.qPercentile,
  holdoutFraction: HOLDOUT_DEFAULTS.fraction,
  holdoutCap: HOLDOUT_DEFAULTS.cap,
  pseudolabels: true,
  pseudolabelThreshold: PSEUDOLABEL_THRESHOLD,
  seed: 42,
  optimizer: 'newton' as OptimizerName,
  utilityModel: 'thurstonian' as ModelFamily,
  priorStrength: DEFAULT_PRIOR_STRENGTH as PriorStrength,
  ci: 'laplace' as IntervalMethod | 'none',
  bootstrap: INTERVAL_DEFAULTS.bootstrap,
  level: INTERVAL_DEFAULTS.level,
  unparseable: ASK_DEFAULTS.unparseable,
  mode: 'sampling' as ElicitationMode,
  topLogprobs: ASK_DEFAULTS.topLogprobs,
  temperature: ASK_DEFAULTS.temperature,
  concurrency: ASK_DEFAULTS.concurrency,
  timeoutMs: OPENAI_CLIENT_DEFAULTS.timeoutMs,
  maxRetries: OPENAI_CLIENT_DEFAULTS.maxRetries,
  maxUnparseableRate: 0.5,
  cacheNamespace: '',
  api: 'chat' as ModelApi,
  fewShot: [] as FewShotExample[],
});

/**
 * Upper bounds on the size knobs: far above any sensible value, low enough that a typo fails at
 * once with a message instead of exhausting memory after minutes (--k 100000000) or overflowing a
 * timer (a timeout beyond 2^31 - 1 ms fires at once in Node).
 */
export const RUN_LIMITS = Object.freeze({
  k: 1000,
  concurrency: 1000,
  maxTokens: 100_000,
  maxRetries: 100,
  topLogprobs: 20,
  edgesPerRound: 1_000_000,
  edgeMultiplier: 100,
  holdoutCap: 1_000_000,
  /** One hour per request. */
  timeoutMs: 3_600_000,
});

/** Share of unparseable replies above which a run warns loudly (stderr and summary.txt). */
export const UNPARSEABLE_WARNING_RATE = 0.2;

/** Merges a config over RUN_DEFAULTS and validates it. */
export function resolveRunConfig(config: RunConfig): ResolvedRunConfig {
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  const c = { ...RUN_DEFAULTS, ...defined } as ResolvedRunConfig;
  if (!Array.isArray(c.outcomes) || c.outcomes.length < 3) throw new InputError(`config.outcomes must list at least 3 outcomes (got ${c.outcomes?.length ?? 0})`);
  if (c.style !== 'letter' && c.style !== 'reasoning') throw new InputError(`config.style must be "letter" or "reasoning" (got ${JSON.stringify(c.style)})`);
  c.template = validateTemplate(c.template ?? (c.style === 'reasoning' ? REASONING_TEMPLATE : FORCED_CHOICE_TEMPLATE), 'config.template');
  if (typeof c.system !== 'string') throw new InputError('config.system must be a string');
  if (typeof c.model !== 'string' || c.model.trim() === '') throw new InputError(`config.model must be a non-empty string (got ${JSON.stringify(c.model)})`);
  if (c.model !== SYNTHETIC_MODEL_NAME && !c.baseUrl) c.baseUrl = OPENAI_DEFAULT_BASE_URL;
  if (c.baseUrl !== undefined) {
    let u: URL;
    try {
      u = new URL(c.baseUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    } catch {
      throw new InputError(`config.baseUrl must be an http(s) URL (got ${JSON.stringify(redactUrl(c.baseUrl))})`);
    }
    // A key in the URL would be echoed by --dry-run, error messages and results.json: refuse it.
    if (u.username || u.password) {
      throw new InputError(`config.baseUrl must not contain a user name or password (got ${JSON.stringify(redactUrl(c.baseUrl))}); put the key in OPENAI_API_KEY or the variable named by --api-key-env`);
    }
    const secret = [...u.searchParams.keys()].find((name) => SECRET_QUERY_PARAMETER.test(name));
    if (secret !== undefined) {
      throw new InputError(`config.baseUrl must not carry credentials in its query ("${secret}" in ${JSON.stringify(redactUrl(c.baseUrl))}); put the key in OPENAI_API_KEY or the variable named by --api-key-env`);
    }
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(c.apiKeyEnv)) throw new InputError(`config.apiKeyEnv must be an environment variable name (got ${JSON.stringify(c.apiKeyEnv)})`);
  const positiveInt = (name: keyof ResolvedRunConfig) => {
    const x = c[name] as number;
    if (!Number.isInteger(x) || x < 1) throw new InputError(`config.${name} must be a positive integer (got ${x})`);
  };
  for (const name of ['k', 'edgesPerRound', 'concurrency', 'timeoutMs', 'topLogprobs'] as const) positiveInt(name);
  for (const name of ['rpm', 'tpm'] as const) {
    const x = c[name];
    if (x !== undefined && !(x > 0 && Number.isFinite(x))) throw new InputError(`config.${name} must be a positive number per minute (got ${x})`);
  }
  if (!MODEL_APIS.includes(c.api)) throw new InputError(`config.api must be ${MODEL_APIS.map((a) => `"${a}"`).join(' or ')} (got ${JSON.stringify(c.api)})`);
  if (c.api === 'completions' && c.model === SYNTHETIC_MODEL_NAME && !c.baseUrl) {
    throw new InputError('api "completions" needs an endpoint (--base-url); for the synthetic model, start serve-synthetic and point --base-url at it');
  }
  if (c.fewShot.length > 0 && c.api !== 'completions') throw new InputError('few-shot examples are for api "completions" (base models); chat models get none');
  if (c.reasoningEffort !== undefined && !REASONING_EFFORTS.includes(c.reasoningEffort)) {
    throw new InputError(`config.reasoningEffort must be ${REASONING_EFFORTS.join(', ')} (got ${JSON.stringify(c.reasoningEffort)})`);
  }
  // A reasoning model spends its thinking from the same budget: 10 or 500 tokens would cut most replies.
  if (c.reasoningEffort !== undefined && c.maxTokens === undefined) c.maxTokens = REASONING_MODEL_MAX_TOKENS;
  if (c.maxTokens !== undefined) positiveInt('maxTokens');
  if (!Number.isInteger(c.maxRetries) || c.maxRetries < 0) throw new InputError(`config.maxRetries must be a non-negative integer (got ${c.maxRetries})`);
  for (const name of ['k', 'edgesPerRound', 'concurrency', 'timeoutMs', 'topLogprobs', 'maxTokens', 'maxRetries', 'edgeMultiplier', 'holdoutCap'] as const) {
    const x = c[name] as number | undefined;
    if (x !== undefined && x > RUN_LIMITS[name]) throw new InputError(`config.${name} must be at most ${RUN_LIMITS[name]} (got ${x})`);
  }
  if (typeof c.cacheNamespace !== 'string' || c.cacheNamespace.length > 200 || /[\u0000-\u001f]/.test(c.cacheNamespace)) {
    throw new InputError(`config.cacheNamespace must be a name of at most 200 printable characters (got ${JSON.stringify(c.cacheNamespace)})`);
  }
  if (!(c.maxUnparseableRate >= 0 && c.maxUnparseableRate <= 1)) throw new InputError(`config.maxUnparseableRate must be in [0, 1] (got ${c.maxUnparseableRate})`);
  pairBudget(c.outcomes.length, c.edgeMultiplier, 1); // validates the multiplier
  for (const name of ['pPercentile', 'qPercentile'] as const) {
    if (!(c[name] > 0 && c[name] <= 100)) throw new InputError(`config.${name} must be in (0, 100] (got ${c[name]})`);
  }
  holdoutSize(c.outcomes.length, c.holdoutFraction, c.holdoutCap); // validates both
  if (!(c.pseudolabelThreshold > 0.5 && c.pseudolabelThreshold < 1)) throw new InputError(`config.pseudolabelThreshold must be in (0.5, 1) (got ${c.pseudolabelThreshold})`);
  if (typeof c.pseudolabels !== 'boolean') throw new InputError(`config.pseudolabels must be true or false (got ${JSON.stringify(c.pseudolabels)})`);
  if (!Number.isSafeInteger(c.seed)) throw new InputError(`config.seed must be an integer (got ${c.seed})`);
  if (!MODEL_FAMILIES.includes(c.utilityModel)) throw new InputError(`config.utilityModel must be one of ${MODEL_FAMILIES.join(', ')} (got ${JSON.stringify(c.utilityModel)})`);
  if (!OPTIMIZERS.includes(c.optimizer)) throw new InputError(`config.optimizer must be "newton", "lbfgs" or "adam" (got ${JSON.stringify(c.optimizer)})`);
  // The paper's optimiser fits the plain likelihood unless a prior is asked for.
  c.prior ??= c.optimizer === 'adam' && config.priorStrength === undefined ? 'none' : 'gaussian';
  checkPrior(c.prior, c.priorStrength);
  if (c.prior === 'none' && config.optimizer === undefined) c.optimizer = 'lbfgs'; // as fit does (docs/fit.md)
  checkIntervalOptions({ method: c.ci, bootstrap: c.bootstrap, level: c.level });
  if (!['distribution', 'skip', 'random'].includes(c.unparseable)) throw new InputError(`config.unparseable must be "distribution", "skip" or "random" (got ${JSON.stringify(c.unparseable)})`);
  if (c.mode !== 'sampling' && c.mode !== 'logprobs') throw new InputError(`config.mode must be "sampling" or "logprobs" (got ${JSON.stringify(c.mode)})`);
  if (!(c.temperature >= 0) || !Number.isFinite(c.temperature)) throw new InputError(`config.temperature must be a non-negative number (got ${c.temperature})`);
  c.synthetic = resolveSyntheticKnobs(config.synthetic ?? {});
  if (c.registry !== undefined) c.registry = validateRegistry(c.registry, 'config.registry');
  return c;
}

/** What a run will ask, for --dry-run and progress totals. */
export interface RunPlan {
  outcomes: number;
  allPairs: number;
  holdoutPairs: number;
  /** Pairs asked for fitting (start graph plus active-learning rounds). */
  trainingPairs: number;
  startGraphPairs: number;
  rounds: number;
  /** Pairs asked in all (training plus held out). */
  askedPairs: number;
  /** Requests when the endpoint honours n (one per pair and order). */
  requests: number;
  /** Requests when it does not (one per sample). */
  requestsWithoutN: number;
  completions: number;
  /** Rough input tokens: prompt length / 4 per request (an estimate for pricing, not a count). */
  estimatedPromptTokens: number;
}

/** The size of a run before it starts. */
export function planRun(c: ResolvedRunConfig): RunPlan {
  const n = c.outcomes.length;
  const allPairs = (n * (n - 1)) / 2;
  const holdoutPairs = holdoutSize(n, c.holdoutFraction, c.holdoutCap);
  const trainingPairs = pairBudget(n, c.edgeMultiplier, allPairs - holdoutPairs);
  const startGraphPairs = Math.min(trainingPairs, n === 2 ? 1 : n);
  const rounds = Math.ceil((trainingPairs - startGraphPairs) / c.edgesPerRound);
  const askedPairs = trainingPairs + holdoutPairs;
  const perOrder = c.mode === 'logprobs' ? 1 : c.k;
  const meanText = c.outcomes.reduce((s, o) => s + o.description.length, 0) / n;
  const promptChars = c.system.length + c.template.length + 2 * meanText;
  return {
    outcomes: n, allPairs, holdoutPairs, trainingPairs, startGraphPairs, rounds, askedPairs,
    requests: 2 * askedPairs,
    requestsWithoutN: 2 * askedPairs * perOrder,
    completions: 2 * askedPairs * perOrder,
    estimatedPromptTokens: Math.round((2 * askedPairs * promptChars) / 4),
  };
}

/** The config as recorded in results: everything that shaped the numbers, never a secret. */
export function recordedConfig(c: ResolvedRunConfig): Record<string, unknown> {
  const { outcomes, synthetic, cacheFile, registry, ...rest } = c;
  return {
    ...rest,
    ...(c.baseUrl ? { baseUrl: redactUrl(c.baseUrl) } : {}),
    outcomes_count: outcomes.length,
    ...(c.model === SYNTHETIC_MODEL_NAME && !c.baseUrl ? { synthetic, ...(registry ? { synthetic_registry_digest: digestOf(registry) } : {}) } : {}),
    ...(cacheFile ? { cache_file: cacheFile } : {}),
  };
}
