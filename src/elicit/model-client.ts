// The seam between the pipeline and a language model. A client answers one prompt with a range of
// numbered samples; everything else (which pairs, both orders, parsing, caching) is built on top.

import { InputError } from '../errors.js';

/** One question to a model, asking for the samples numbered sampleOffset .. sampleOffset + n - 1. */
export interface CompletionRequest {
  system: string;
  prompt: string;
  /** Number of samples wanted (>= 1). */
  n: number;
  /** Index of the first sample: sample i of a prompt is the same answer whenever it is asked. */
  sampleOffset: number;
  temperature: number;
  maxTokens: number;
  /** Ask for this many alternatives of the first token with their log-probabilities (logprob mode). */
  topLogprobs?: number;
  /** How hard a reasoning model thinks (passed as reasoning_effort where supported). */
  reasoningEffort?: ReasoningEffort;
}

/** Reasoning effort levels providers accept. */
export type ReasoningEffort = 'low' | 'medium' | 'high';
export const REASONING_EFFORTS: readonly ReasoningEffort[] = ['low', 'medium', 'high'];

export interface TokenLogprob {
  token: string;
  logprob: number;
}

export interface CompletionChoice {
  text: string;
  finishReason?: string | null;
  /** Top alternatives of the first generated token, when asked for. */
  topLogprobs?: TokenLogprob[];
}

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface Completion {
  /** Exactly n choices, for samples sampleOffset, sampleOffset + 1, ... in order. */
  choices: CompletionChoice[];
  usage?: TokenUsage;
  /** How many of the choices came from a cache rather than the model. */
  cached?: number;
}

/**
 * A language model behind some transport (in-process, HTTP). Implementations own their retry
 * rule and must return exactly `n` choices or throw.
 */
export interface ModelClient {
  /**
   * Everything besides the request that determines the answers (model name, synthetic knobs; not
   * the endpoint, which only says where they are asked). Part of every cache key. Never holds secrets.
   */
  readonly identity: Readonly<Record<string, unknown>>;
  /** Where the answers are asked (a URL without credentials), recorded beside cached replies; none in process. */
  readonly endpoint?: string;
  complete(request: CompletionRequest, signal?: AbortSignal): Promise<Completion>;
}

/**
 * The endpoint refused in a way retrying cannot fix (401, 403, 404, or a request it rejects).
 * The pipeline stops at the first one. An InputError: the key, model or URL given is wrong.
 */
export class EndpointRefusedError extends InputError {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** The endpoint kept failing after every retry (overload, outage, timeouts). */
export class EndpointUnavailableError extends Error {
  override readonly name = 'EndpointUnavailableError';
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}
