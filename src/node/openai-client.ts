// A ModelClient for any OpenAI-compatible chat-completions endpoint, through the official openai
// SDK. It owns its retry rule (see retry-policy.ts); the SDK's own retries are turned off so that
// every wait is ours and visible in the usage figures.

import { setMaxListeners } from 'node:events';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import {
  EndpointRefusedError, EndpointUnavailableError,
  type Completion, type CompletionChoice, type CompletionRequest, type ModelClient, type TokenUsage,
} from '../elicit/model-client.js';
import { describeAdaptation, refusalAdaptation, type Adaptation, type AdaptableRequest, type RequestAdaptation } from '../elicit/request-adaptation.js';
import { basePrompt, firstWord, type ModelApi } from '../elicit/base-model-prompt.js';
import { RateLimiter, type RateLimits } from './rate-limiter.js';
import { RETRY_DEFAULTS, retryDecision, sleep } from './retry-policy.js';

/**
 * Header telling the synthetic server which sample index the first choice is. Real endpoints
 * ignore unknown headers; the synthetic one uses it so sample i is the same answer however asked.
 */
export const SAMPLE_OFFSET_HEADER = 'x-utility-engine-sample-offset';

export interface OpenAIClientOptions {
  baseURL: string;
  model: string;
  /** The key itself (read from the environment by the caller); never stored in identity or logs. */
  apiKey: string;
  /** Name of the variable the key came from, for error messages. */
  apiKeyEnv?: string;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxRetryAfterMs?: number;
  /** 'completions' asks a base model through /v1/completions with the question + "\n\nAnswer:". */
  api?: ModelApi;
  /** Completions only: text before the question (rendered few-shot examples). */
  promptPrefix?: string;
  /** Client-side requests and tokens per minute (waits instead of meeting 429s). */
  rateLimits?: RateLimits;
}

export const OPENAI_CLIENT_DEFAULTS = Object.freeze({ timeoutMs: 60_000, ...RETRY_DEFAULTS });

/** Counters a run reports next to its results. */
export interface ClientStats {
  requests: number;
  retries: number;
  /** Failed attempts by HTTP status ("timeout" and "connection" for the rest). */
  failures: Record<string, number>;
  /** True once the endpoint returned fewer choices than n and requests went one sample at a time. */
  nFallback: boolean;
  /** Parts of the request the endpoint refused and how the request was changed (each once per run). */
  adaptations: RequestAdaptation[];
}

/**
 * Asks the endpoint with n = K where it honours n; if a response carries fewer choices than asked
 * (or the endpoint rejects n > 1), the missing samples and every later request go one at a time.
 * @example new OpenAIModelClient({ baseURL: 'http://127.0.0.1:8000/v1', model: 'm', apiKey: 'k' })
 */
export class OpenAIModelClient implements ModelClient {
  readonly identity: Readonly<Record<string, unknown>>;
  readonly endpoint: string;
  readonly stats: ClientStats = { requests: 0, retries: 0, failures: {}, nFallback: false, adaptations: [] };
  /** Adaptations in force: remembered for this endpoint and model for the rest of the run. */
  private readonly adapted = new Set<Adaptation>();
  private readonly sdk: OpenAI;
  private readonly widened = new WeakSet<AbortSignal>();
  /** The endpoint as shown in messages: never with credentials. */
  private readonly where: string;
  /** Only to scrub the key out of server error messages before they are shown. */
  readonly #secret: string;
  private readonly o: Required<Omit<OpenAIClientOptions, 'apiKey'>>;
  private readonly api: ModelApi;
  /** Present when --rpm or --tpm is given. */
  readonly limiter?: RateLimiter;
  private readonly prefix: string;

  constructor(options: OpenAIClientOptions) {
    const { apiKey, ...rest } = options;
    this.o = { ...OPENAI_CLIENT_DEFAULTS, apiKeyEnv: 'OPENAI_API_KEY', ...rest } as Required<Omit<OpenAIClientOptions, 'apiKey'>>;
    this.#secret = apiKey;
    this.sdk = new OpenAI({ baseURL: options.baseURL, apiKey, maxRetries: 0, timeout: this.o.timeoutMs });
    // The endpoint is not part of the identity: the same model behind another port answers the same.
    this.api = options.api ?? 'chat';
    const limits = options.rateLimits;
    if (limits && (limits.rpm !== undefined || limits.tpm !== undefined)) this.limiter = new RateLimiter(limits);
    this.prefix = options.promptPrefix ?? '';
    // A base model asked for a continuation answers differently from the same name asked in chat.
    this.identity = Object.freeze(this.api === 'chat' ? { model: options.model } : { model: options.model, api: this.api, prompt_prefix: this.prefix });
    this.endpoint = stripCredentials(options.baseURL);
    this.where = redactUrl(options.baseURL);
  }

  async complete(request: CompletionRequest, signal?: AbortSignal): Promise<Completion> {
    // Every request in flight listens on the run's one signal; that is by design, not a leak.
    if (signal && !this.widened.has(signal)) {
      setMaxListeners(0, signal);
      this.widened.add(signal);
    }
    if (this.stats.nFallback && request.n > 1) return this.oneByOne(request, 0, [], undefined, signal);
    let first: Completion;
    try {
      first = await this.attempt(request, signal);
    } catch (err) {
      // Some servers refuse n > 1 outright (400): fall back once rather than fail the run.
      if (request.n > 1 && err instanceof EndpointRefusedError && err.status === 400) {
        this.stats.nFallback = true;
        this.adapt('n', { ...this.adaptable(request), n: request.n }, 400, err.message);
        return this.oneByOne(request, 0, [], undefined, signal);
      }
      throw err;
    }
    if (first.choices.length >= request.n) return { ...first, choices: first.choices.slice(0, request.n) };
    this.stats.nFallback = true;
    return this.oneByOne(request, first.choices.length, first.choices, first.usage, signal);
  }

  /** Fetches samples from index `have` on, one request each. */
  private async oneByOne(request: CompletionRequest, have: number, choices: CompletionChoice[], usage: TokenUsage | undefined, signal?: AbortSignal): Promise<Completion> {
    const total: TokenUsage = { prompt_tokens: usage?.prompt_tokens ?? 0, completion_tokens: usage?.completion_tokens ?? 0 };
    const out = choices.slice();
    for (let i = have; i < request.n; i++) {
      const one = await this.attempt({ ...request, n: 1, sampleOffset: request.sampleOffset + i }, signal);
      if (one.choices.length < 1) throw new EndpointUnavailableError(`${this.where} returned a response with no choices`);
      out.push(one.choices[0]);
      total.prompt_tokens += one.usage?.prompt_tokens ?? 0;
      total.completion_tokens += one.usage?.completion_tokens ?? 0;
    }
    return { choices: out, usage: total };
  }

  /** The request's adaptable fields as the next attempt will send them. */
  private adaptable(request: CompletionRequest): AdaptableRequest {
    const a = this.adapted;
    return {
      maxTokensField: a.has('max_completion_tokens') ? 'max_completion_tokens' : 'max_tokens',
      ...(a.has('temperature') ? {} : { temperature: request.temperature }),
      n: request.n,
      hasSystem: request.system !== '' && !a.has('system_role'),
      logprobs: request.topLogprobs !== undefined && !a.has('logprobs'),
      ...(request.reasoningEffort !== undefined && !a.has('reasoning_effort') ? { reasoningEffort: request.reasoningEffort } : {}),
    };
  }

  /** Records an adaptation the first time it is made (requests in flight may all meet the same refusal). */
  private adapt(adaptation: Adaptation, before: AdaptableRequest, status: number, message: string): void {
    if (this.adapted.has(adaptation)) return;
    this.adapted.add(adaptation);
    this.stats.adaptations.push({
      adaptation, change: describeAdaptation(adaptation, before), status,
      message: redactKey(message.split('\n')[0].slice(0, 300), this.#secret), model: this.o.model, endpoint: this.endpoint,
    });
  }

  /** The chat body of a request, with every adaptation in force applied. */
  private body(request: CompletionRequest): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming {
    const f = this.adaptable(request);
    // An empty system message means "none"; a model without a system role gets it ahead of the question.
    const user = request.system !== '' && !f.hasSystem ? `${request.system}\n\n${request.prompt}` : request.prompt;
    return {
      model: this.o.model,
      messages: f.hasSystem ? [{ role: 'system', content: request.system }, { role: 'user', content: user }] : [{ role: 'user', content: user }],
      ...(f.temperature !== undefined ? { temperature: f.temperature } : {}),
      ...(f.maxTokensField === 'max_tokens' ? { max_tokens: request.maxTokens } : { max_completion_tokens: request.maxTokens }),
      ...(request.n > 1 ? { n: request.n } : {}),
      ...(f.logprobs ? { logprobs: true, top_logprobs: request.topLogprobs } : {}),
      ...(f.reasoningEffort !== undefined ? { reasoning_effort: f.reasoningEffort as OpenAI.ReasoningEffort } : {}),
    };
  }

  /**
   * The legacy completions body: examples, question and "\n\nAnswer:" as one prompt (no system
   * message), stopping at the end of the line; logprobs as the legacy integer (at most 5 there).
   */
  private legacyBody(request: CompletionRequest): OpenAI.CompletionCreateParamsNonStreaming {
    return {
      model: this.o.model,
      prompt: basePrompt(this.prefix, request.prompt),
      temperature: request.temperature,
      max_tokens: request.maxTokens,
      stop: ['\n'],
      ...(request.n > 1 ? { n: request.n } : {}),
      ...(request.topLogprobs !== undefined ? { logprobs: Math.min(LEGACY_MAX_LOGPROBS, request.topLogprobs) } : {}),
    };
  }

  /** One request with retries; a 400 naming a part the request can drop is retried once without it. */
  private async attempt(request: CompletionRequest, signal?: AbortSignal): Promise<Completion> {
    let body = this.body(request);
    let sentWith = this.adapted.size;
    for (let attempt = 0; ; attempt++) {
      let status: number | undefined;
      let headers: Headers | undefined;
      let failure: unknown;
      try {
        // Tokens as providers reserve them: the prompt (≈ 4 characters a token) plus max tokens per choice.
        await this.limiter?.acquire(Math.ceil((this.prefix.length + request.system.length + request.prompt.length) / 4) + request.maxTokens * request.n, signal);
        this.stats.requests++;
        sentWith = this.adapted.size;
        const options = { signal, timeout: this.o.timeoutMs, maxRetries: 0, headers: { [SAMPLE_OFFSET_HEADER]: String(request.sampleOffset) } };
        if (this.api === 'completions') return fromLegacyCompletion(await this.sdk.completions.create(this.legacyBody(request), options));
        return toCompletion(await this.sdk.chat.completions.create(body, options));
      } catch (err) {
        if (err instanceof APIUserAbortError || signal?.aborted) throw signal?.reason ?? err;
        if (!(err instanceof APIError)) throw err;
        status = err instanceof APIConnectionError ? undefined : err.status;
        headers = err.headers ?? undefined;
        failure = err;
      }
      const label = status ?? (failure instanceof APIConnectionTimeoutError ? 'timeout' : 'connection');
      this.stats.failures[label] = (this.stats.failures[label] ?? 0) + 1;
      if (status === 400 && failure instanceof APIError && this.api === 'chat') {
        // Another request adapted while this one was in flight: send it again as adapted now.
        if (this.adapted.size !== sentWith) {
          body = this.body(request);
          continue;
        }
        const before = this.adaptable(request);
        const adaptation = refusalAdaptation(firstLine(failure), failure.param, before);
        // n > 1 is handled by the caller (one sample per request); anything else changes the body.
        if (adaptation !== undefined && adaptation !== 'n') {
          this.adapt(adaptation, before, 400, firstLine(failure));
          this.stats.retries++;
          body = this.body(request);
          continue;
        }
      }
      const decision = retryDecision(status, headers, attempt, this.o);
      if (!decision.retry) {
        if (decision.fatal) throw new EndpointRefusedError(this.refusal(status, failure), status);
        throw new EndpointUnavailableError(
          `${this.where} still failing after ${attempt + 1} attempts (last: ${label}: ${redactKey(firstLine(failure), this.#secret)}); rerun the same command to resume from the cache`,
          status,
        );
      }
      this.stats.retries++;
      await sleep(decision.delayMs, signal);
    }
  }

  private refusal(status: number | undefined, err: unknown): string {
    const detail = redactKey(firstLine(err), this.#secret);
    const where = `${this.where} (model ${JSON.stringify(this.o.model)})`;
    if (status === 401) return `${where} refused the API key (401); check ${this.o.apiKeyEnv} — not retrying: ${detail}`;
    if (status === 403) return `${where} denied access (403); the key lacks permission for this model — not retrying: ${detail}`;
    if (status === 404) return `${where} answered 404: wrong model name or base URL (it should end in /v1) — not retrying: ${detail}`;
    return `${where} rejected the request (${status}): ${detail}`;
  }
}

/** The most alternatives the legacy completions API returns per token (OpenAI's limit). */
export const LEGACY_MAX_LOGPROBS = 5;

/** A legacy completion: the reply is its first word; logprobs of the first token as a list. */
function fromLegacyCompletion(res: OpenAI.Completion): Completion {
  const choices = (res.choices ?? []).slice().sort((x, y) => (x.index ?? 0) - (y.index ?? 0)).map((c): CompletionChoice => {
    const top = c.logprobs?.top_logprobs?.[0];
    return {
      text: firstWord(c.text ?? ''),
      finishReason: c.finish_reason ?? null,
      ...(top ? { topLogprobs: Object.entries(top).map(([token, logprob]) => ({ token, logprob })) } : {}),
    };
  });
  const u = res.usage;
  return { choices, ...(u ? { usage: { prompt_tokens: u.prompt_tokens ?? 0, completion_tokens: u.completion_tokens ?? 0 } } : {}) };
}

function toCompletion(res: OpenAI.Chat.ChatCompletion): Completion {
  const choices = (res.choices ?? []).slice().sort((x, y) => (x.index ?? 0) - (y.index ?? 0)).map((c): CompletionChoice => {
    const top = c.logprobs?.content?.[0]?.top_logprobs;
    return {
      text: c.message?.content ?? '',
      finishReason: c.finish_reason ?? null,
      ...(top ? { topLogprobs: top.map((t) => ({ token: t.token, logprob: t.logprob })) } : {}),
    };
  });
  const u = res.usage;
  return { choices, ...(u ? { usage: { prompt_tokens: u.prompt_tokens ?? 0, completion_tokens: u.completion_tokens ?? 0 } } : {}) };
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0].slice(0, 300);
}

/** Removes the key, and anything shaped like a provider key (even masked), from a message. */
export function redactKey(message: string, key: string): string {
  let out = key && key.length >= 4 ? message.split(key).join('[redacted]') : message;
  out = out.replace(/\b(sk|key|api)[-_][A-Za-z0-9_*\-]{4,}/gi, '[redacted]');
  return out;
}

/** The endpoint URL without any user:password part, for identities and messages. */
export function stripCredentials(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** Query parameters that carry credentials; a URL holding one is refused. */
export const SECRET_QUERY_PARAMETER = /(key|token|secret|password|passwd|auth|signature|sig)$/i;

/** The URL as safe to show: no user:password, values of credential-like query parameters masked. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
    }
    for (const name of [...u.searchParams.keys()]) if (SECRET_QUERY_PARAMETER.test(name)) u.searchParams.set(name, 'redacted');
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@\s]*@/, '//[redacted]@').replace(/([?&][^=&]*(key|token|secret|password|auth|sig)[^=&]*=)[^&]*/gi, '$1redacted');
  }
}
