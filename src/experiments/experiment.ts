// The shape every experiment shares. An experiment is data plus two functions: `prepare` turns its
// flags (and the files they name) into the options it will ask about, and `run` asks through a
// context and analyses the answers. The context is the seam to the model: the Node runner gives
// one that asks through `run`'s client, cache and active learning; a test can give its own.
// Nothing here touches Node, so experiments stay portable.

import type { PairAnswers, PairToAsk } from '../elicit/ask-pairs.js';
import type { ModelClient } from '../elicit/model-client.js';
import type { AnswerStyle } from '../elicit/prompts.js';
import type { Engine } from '../engine/engine.js';
import type { Metrics } from '../fit/fit.js';
import type { WorldRegistry } from '../world/structures.js';

/** A flag an experiment adds to the shared model and method flags. */
export interface ExperimentFlag {
  type: 'string' | 'boolean';
  /** One line for --help, e.g. "FILE  lotteries in the paper's format (default: built-in)". */
  help: string;
}

/** What `prepare` may use: the files its flags name, the seed, and the run's outcome set. */
export interface ExperimentSetup {
  /** Parses a JSON file; throws InputError naming the path if it is missing or malformed. */
  readJson(path: string): unknown;
  /** Seed of every random choice (--seed). */
  seed: number;
  /** The outcome texts of --outcomes (default: the built-in set), in order. */
  outcomes: readonly string[];
  /** "built-in" or the path given. */
  outcomesSource: string;
}

/** Method settings an experiment may fix differently from `run` (a user's flag still wins). */
export interface MethodDefaults {
  edgesPerRound?: number;
  edgeMultiplier?: number;
  k?: number;
}

/** What `prepare` returns: the experiment's own parameters, its config record and its world registry. */
export interface Prepared<P> {
  params: P;
  /** The experiment's settings as recorded in `config.experiment` of its output. */
  record: Record<string, unknown>;
  /** The structure of the options it generated, for the synthetic world (never shown to a real model). */
  registry?: WorldRegistry;
  /** Output file name without .json (default: the experiment's name), e.g. a control arm beside the main one. */
  output?: string;
}

/** One utility fit over a set of option texts, through `run`'s active learning. */
export interface UtilityRequest {
  /** Names the fit in progress lines and details ("lotteries", "process 3"). */
  label: string;
  /** Distinct option texts; ids are their indices. */
  options: readonly string[];
  /** Forced-choice template with {option_A} and {option_B} (default: the run's template). */
  template?: string;
  /** System message for this fit (default: the run's). */
  system?: string;
  /** Method settings for this fit (a user's flag still wins). */
  method?: MethodDefaults;
  /**
   * Answer style and samples per order of this fit, over the run's and the user's (e.g. the paper
   * asks for political entities' views in reasoning mode with K = 5). Reasoning implies sampling.
   */
  answer?: { style: AnswerStyle; k?: number };
  /**
   * A subfolder of the output folder where this fit writes `run`'s outputs (results.json,
   * utilities.json, summary.txt), so a later experiment can reuse it with `--from`.
   */
  folder?: string;
  /**
   * Keep this fit's answers in its folder's own response cache instead of the shared one, so it
   * resumes on its own (the paper's per-entity runs). Needs `folder`.
   */
  ownCache?: boolean;
  /**
   * Bootstrap refits: this many replicate fits on resampled data (the asked pairs drawn with
   * replacement, each drawn pair's replies drawn again), returned as `replicates`. 0 or absent:
   * none. Skipped in a dry run.
   */
  bootstrap?: number;
}

/** Fitted utilities, by option index (normalised: mean 0, standard deviation 1 over the options). */
export interface UtilityMeasurement {
  means: number[];
  variances: number[];
  /**
   * Interval of each normalised mean at `interval_level` (Laplace, from the final fit's sparse
   * Hessian; sandwich form); null where none could be computed.
   */
  intervals: Array<[number, number]> | null;
  interval_level: number;
  metrics: Metrics;
  holdout_metrics: Metrics;
  /** Asked pairs (training plus held out). */
  pairs: number;
  /** Means of each bootstrap replicate (by option index, normalised like `means`), when asked for. */
  replicates?: number[][];
}

/** A question asked in free text. */
export interface OpenPrompt {
  /** The user turn. */
  prompt: string;
  /** System message (default: the experiment's; where the endpoint takes none, it leads the user turn). */
  system?: string;
}

export interface OpenRequest {
  label: string;
  prompts: readonly OpenPrompt[];
  /** Default 0: the paper asks open questions greedily. */
  temperature?: number;
  maxTokens?: number;
  /**
   * Another model to ask (a judge): a model name and/or endpoint (each defaulting to the run's), or
   * a client of its own (still cached).
   */
  endpoint?: { model?: string; baseUrl?: string } | { client: ModelClient };
}

/** What an experiment can do with a model. Every answer goes through the shared response cache. */
export interface ExperimentContext {
  /** Seed of every random choice the experiment makes. */
  readonly seed: number;
  /** The engine (triad kernels and the like); fits go through measureUtilities. */
  readonly engine: Engine;
  /** True when the model is the built-in synthetic model in this process. */
  readonly synthetic: boolean;
  /** The run's forced-choice template and answer style, for experiments that keep the standard question. */
  readonly template: string;
  /** Builds a forced-choice template from a question line in the run's answer style. */
  choiceTemplate(question: string): string;
  /** Fits utilities over options with active learning (the run's procedure and defaults). */
  measureUtilities(request: UtilityRequest): Promise<UtilityMeasurement>;
  /** Asks pairs in both orders x K without fitting (soft labels only). */
  askPairs(label: string, pairs: readonly PairToAsk[], template?: string): Promise<PairAnswers[]>;
  /** Asks free-text questions; replies in input order. */
  askOpen(request: OpenRequest): Promise<string[]>;
  /** Adds to the world registry the synthetic model answers from (e.g. a judge's question). */
  register(registry: WorldRegistry): void;
}

/** What `run` returns; the runner adds config, versions, usage, timing and truth. */
export interface ExperimentResult {
  summary: Record<string, unknown>;
  /** The experiment's details, written beside the summary under their own keys. */
  details: Record<string, unknown>;
  /** A few lines for stdout. */
  lines: string[];
}

/**
 * An experiment as data.
 * @example experiment list prints `${e.name.padEnd(20)} ${e.description}` for each.
 */
export interface Experiment<P = unknown> {
  name: string;
  /** One line. */
  description: string;
  /** The experiment's own flags (beyond the model and method flags shared with `run`). */
  flags: Record<string, ExperimentFlag>;
  /** Method settings that differ from `run`'s defaults. */
  method?: MethodDefaults;
  /** Checks flags and reads input files; throws InputError (one line, naming the item) on bad input. */
  prepare(flags: Record<string, string | boolean | undefined>, setup: ExperimentSetup): Prepared<P>;
  /** Asks and analyses. */
  run(ctx: ExperimentContext, params: P): Promise<ExperimentResult>;
}

/** Type-erases an experiment for the list (the runner never looks inside params). */
export function defineExperiment<P>(e: Experiment<P>): Experiment<unknown> {
  return e as unknown as Experiment<unknown>;
}
