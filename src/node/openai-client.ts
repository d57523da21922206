// A ModelClient for any OpenAI-compatible chat-completions endpoint, through the official openai
// SDK. It owns its retry rule (see retry-policy.ts); the SDK's own retries are turned off so that
// every wait is ours and visible in the usage figures.

import { setMaxListeners } from 'node:events';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import {
  EndpointRefusedError, EndpointUnavailableError,
  type Completion, type CompletionChoice, type CompletionRequest, type ModelClient, type TokenUsage,
} from '../elicit/model-client.js';
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
  /** The endpoint in the identity (cache key) when it differs from baseURL, e.g. a served model's URL before its port. */
  identityEndpoint?: string;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxRetryAfterMs?: number;
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
}

/**
 * Asks the endpoint with n = K where it honours n; if a response carries fewer choices than asked
 * (or the endpoint rejects n > 1), the missing samples and every later request go one at a time.
 * @example new OpenAIModelClient({ baseURL: 'http://127.0.0.1:8000/v1', model: 'm', apiKey: 'k' })
 */
export class OpenAIModelClient implements ModelClient {
  readonly identity: Readonly<Record<string, unknown>>;
  readonly stats: ClientStats = { requests: 0, retries: 0, failures: {}, nFallback: false };
  private readonly sdk: OpenAI;
  private readonly widened = new WeakSet<AbortSignal>();
  /** The endpoint as shown in messages: never with credentials. */
  private readonly where: string;
  /** Only to scrub the key out of server error messages before they are shown. */
  readonly #secret: string;
  private readonly o: Required<Omit<OpenAIClientOptions, 'apiKey'>>;

  constructor(options: OpenAIClientOptions) {
    const { apiKey, ...rest } = options;
    this.o = { ...OPENAI_CLIENT_DEFAULTS, apiKeyEnv: 'OPENAI_API_KEY', ...rest } as Required<Omit<OpenAIClientOptions, 'apiKey'>>;
    this.#secret = apiKey;
    this.sdk = new OpenAI({ baseURL: options.baseURL, apiKey, maxRetries: 0, timeout: this.o.timeoutMs });
    this.identity = Object.freeze({ endpoint: stripCredentials(options.identityEndpoint ?? options.baseURL), model: options.model });
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

  /** One request with retries. */
  private async attempt(request: CompletionRequest, signal?: AbortSignal): Promise<Completion> {
    const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = {
      model: this.o.model,
      // An empty system message means "none": some models accept no system role at all.
      messages: request.system === ''
        ? [{ role: 'user', content: request.prompt }]
        : [{ role: 'system', content: request.system }, { role: 'user', content: request.prompt }],
      temperature: request.temperature,
      max_tokens: request.maxTokens,
      ...(request.n > 1 ? { n: request.n } : {}),
      ...(request.topLogprobs !== undefined ? { logprobs: true, top_logprobs: request.topLogprobs } : {}),
    };
    for (let attempt = 0; ; attempt++) {
      let status: number | undefined;
      let headers: Headers | undefined;
      let failure: unknown;
      try {
        this.stats.requests++;
        const res = await this.sdk.chat.completions.create(body, {
          signal, timeout: this.o.timeoutMs, maxRetries: 0,
          headers: { [SAMPLE_OFFSET_HEADER]: String(request.sampleOffset) },
        });
        return toCompletion(res);
      } catch (err) {
        if (err instanceof APIUserAbortError || signal?.aborted) throw signal?.reason ?? err;
        if (!(err instanceof APIError)) throw err;
        status = err instanceof APIConnectionError ? undefined : err.status;
        headers = err.headers ?? undefined;
        failure = err;
      }
      const label = status ?? (failure instanceof APIConnectionTimeoutError ? 'timeout' : 'connection');
      this.stats.failures[label] = (this.stats.failures[label] ?? 0) + 1;
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
