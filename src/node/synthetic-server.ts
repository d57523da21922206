// The synthetic model behind an OpenAI-compatible HTTP endpoint (/v1/chat/completions, the legacy
// /v1/completions that base-model servers offer, and /v1/models) on loopback, with faults on demand: 429 with Retry-After, 500, slow replies, garbage
// text, servers that ignore n, and a required key. The end-to-end tests and the benchmark drive
// the real openai SDK against it.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Completion, CompletionRequest } from '../elicit/model-client.js';
import { SYNTHETIC_MODEL_NAME } from '../elicit/synthetic-client.js';
import type { SyntheticKnobs } from '../elicit/synthetic-model.js';
import { InputError } from '../errors.js';
import type { WorldRegistry } from '../world/structures.js';
import { Random } from '../sampling/random.js';
import { SAMPLE_OFFSET_HEADER } from './openai-client.js';
import { SyntheticFineTuning } from './control/synthetic-fine-tuning.js';

export interface ServerFaults {
  /** Share of requests answered 429 with a Retry-After. */
  rate429?: number;
  /** The wait the 429s ask for (ms; sent as retry-after-ms, and rounded up as retry-after seconds); when set, the 500s send it too. */
  retryAfterMs?: number;
  /** Share of requests answered 500. */
  rate500?: number;
  /** Share of requests answered only after slowMs. */
  slowRate?: number;
  slowMs?: number;
  /** Share of replies (per choice) replaced by garbage text. */
  garbageRate?: number;
  /** Latency added to every request (ms). */
  latencyMs?: number;
  /** Return at most this many choices per request, whatever n asks (a server that ignores n). */
  maxChoices?: number;
  /** Refuse n > 1 with 400, as some servers do. */
  rejectN?: boolean;
  /** Refuse max_tokens with 400, asking for max_completion_tokens (OpenAI's reasoning models). */
  refuseMaxTokens?: boolean;
  /** Refuse any temperature but 1 with 400 (reasoning models). */
  onlyTemperature1?: boolean;
  /** Refuse a system message with 400 (models without a system role). */
  refuseSystemRole?: boolean;
  /** Refuse logprobs with 400. */
  refuseLogprobs?: boolean;
  /** Refuse reasoning_effort with 400 (models that do not reason), worded as an unrecognised argument. */
  refuseReasoningEffort?: boolean;
  /** Seeds which requests fail. */
  seed?: number;
}

export interface SyntheticServerOptions {
  port?: number;
  host?: string;
  knobs?: Partial<SyntheticKnobs>;
  /** Structured options the world values by structure (the same registry an experiment hands the in-process client). */
  registry?: WorldRegistry;
  faults?: ServerFaults;
  /** When set, requests must carry "Authorization: Bearer <key>" or get 401. */
  requireKey?: string;
  /** How long a fine-tuning job validates and then trains (ms; defaults 500 and 1500). */
  fineTuning?: { validateMs?: number; trainMs?: number };
  /** Called for every chat request with what was asked and the status given. */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  system: string;
  prompt: string;
  n: number;
  sampleOffset: number;
  status: number;
  /** What the body carried, for tests of request adaptation. */
  temperature?: number;
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  logprobs?: boolean;
  reasoningEffort?: string;
}

export interface RunningServer {
  /** Base URL for clients, ending in /v1. */
  url: string;
  port: number;
  server: Server;
  /** Requests served (all statuses). */
  stats: { requests: number; byStatus: Record<number, number> };
  close(): Promise<void>;
}

const GARBAGE = ['%%%', '<|endoftext|>', 'lorem ipsum dolor', '\u0000\u0001'];
/** Bodies larger than this are refused (413): no forced-choice prompt comes near it. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Validates fault settings, naming the bad one. */
export function validateFaults(f: ServerFaults): ServerFaults {
  for (const name of ['rate429', 'rate500', 'slowRate', 'garbageRate'] as const) {
    const x = f[name];
    if (x !== undefined && !(x >= 0 && x <= 1)) throw new InputError(`fault ${name} must be a probability in [0, 1] (got ${x})`);
  }
  for (const name of ['retryAfterMs', 'slowMs', 'latencyMs'] as const) {
    const x = f[name];
    if (x !== undefined && !(x >= 0 && Number.isFinite(x))) throw new InputError(`fault ${name} must be a non-negative number of ms (got ${x})`);
  }
  if (f.maxChoices !== undefined && !(Number.isInteger(f.maxChoices) && f.maxChoices >= 1)) {
    throw new InputError(`fault maxChoices must be a positive integer (got ${f.maxChoices})`);
  }
  return f;
}

/**
 * Starts the server (port 0 picks a free one) and resolves once it listens.
 * @example const s = await startSyntheticServer({ faults: { rate429: 0.05 } }); s.url // 'http://127.0.0.1:40123/v1'
 */
export async function startSyntheticServer(options: SyntheticServerOptions = {}): Promise<RunningServer> {
  const faults = validateFaults(options.faults ?? {});
  // Fine-tuning (/v1/files, /v1/fine_tuning/jobs) and the models it makes: docs/control.md.
  const tuning = new SyntheticFineTuning({ knobs: options.knobs ?? {}, registry: options.registry, ...options.fineTuning });
  const model = tuning.baseClient();
  const rng = new Random(faults.seed ?? 1);
  const stats: RunningServer['stats'] = { requests: 0, byStatus: {} };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const fail = (res: ServerResponse, status: number, message: string, type: string, code: string | null, headers?: Record<string, string>) =>
    send(res, status, { error: { message, type, param: null, code } }, headers);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    stats.requests++;
    const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
    if (options.requireKey !== undefined && req.headers.authorization !== `Bearer ${options.requireKey}`) {
      return fail(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
    }
    if (req.method === 'GET' && path === '/v1/models') {
      const names = [SYNTHETIC_MODEL_NAME, ...tuning.modelNames()];
      return send(res, 200, { object: 'list', data: names.map((id) => ({ id, object: 'model', created: 0, owned_by: 'utility-engine' })) });
    }
    if (await tuning.handle(req, res, path, send, fail)) return;
    const legacy = path === '/v1/completions';
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && !legacy)) return fail(res, 404, `no route ${req.method} ${path}`, 'invalid_request_error', 'not_found');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch (err) {
      return fail(res, 400, `request body is not JSON: ${(err as Error).message}`, 'invalid_request_error', null);
    }
    const request = legacy ? toLegacyRequest(body, req.headers[SAMPLE_OFFSET_HEADER]) : toRequest(body, req.headers[SAMPLE_OFFSET_HEADER]);
    if (typeof request === 'string') return fail(res, 400, request, 'invalid_request_error', null);
    const askedN = request.n;
    const log = (status: number) => options.onRequest?.({
      system: request.system, prompt: request.prompt, n: askedN, sampleOffset: request.sampleOffset, status,
      ...(typeof body.temperature === 'number' ? { temperature: body.temperature } : {}),
      ...('max_tokens' in body ? { maxTokensField: 'max_tokens' as const } : 'max_completion_tokens' in body ? { maxTokensField: 'max_completion_tokens' as const } : {}),
      logprobs: body.logprobs === true,
      ...(typeof body.reasoning_effort === 'string' ? { reasoningEffort: body.reasoning_effort } : {}),
    });
    const chooser = body.model === SYNTHETIC_MODEL_NAME ? model : tuning.client(String(body.model));
    if (!chooser) {
      log(404);
      return fail(res, 404, `The model \`${String(body.model)}\` does not exist.`, 'invalid_request_error', 'model_not_found');
    }
    // Refusals worded as the providers word them, one at a time as they report them.
    const refusal = legacy ? null : restrictedModelRefusal(faults, body, request);
    if (refusal) {
      log(400);
      return send(res, 400, { error: { message: refusal.message, type: 'invalid_request_error', param: refusal.param, code: refusal.code } });
    }
    if (faults.rejectN && request.n > 1) {
      log(400);
      return fail(res, 400, "'n' > 1 is not supported by this server.", 'invalid_request_error', 'unsupported_parameter');
    }
    if (faults.latencyMs) await delay(faults.latencyMs);
    if (faults.rate429 && rng.uniform() < faults.rate429) {
      log(429);
      const ms = faults.retryAfterMs ?? 1000;
      return fail(res, 429, 'Rate limit reached (injected).', 'requests', 'rate_limit_exceeded', {
        'retry-after-ms': String(ms), 'retry-after': String(Math.ceil(ms / 1000)),
      });
    }
    if (faults.rate500 && rng.uniform() < faults.rate500) {
      log(500);
      const ms = faults.retryAfterMs;
      return fail(res, 500, 'The server had an error (injected).', 'server_error', null, ms === undefined ? {} : { 'retry-after-ms': String(ms) });
    }
    if (faults.slowRate && rng.uniform() < faults.slowRate) await delay(faults.slowMs ?? 2000);
    if (faults.maxChoices !== undefined) request.n = Math.min(request.n, faults.maxChoices);
    const completion = chooser.respond(request);
    log(200);
    if (legacy) return send(res, 200, legacyCompletion(completion, body, stats.requests, faults, rng));
    send(res, 200, {
      id: `chatcmpl-synthetic-${stats.requests}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: String(body.model),
      choices: completion.choices.map((c, index) => {
        const garbage = faults.garbageRate && rng.uniform() < faults.garbageRate;
        const text = garbage ? GARBAGE[rng.int(GARBAGE.length)] : c.text;
        return {
          index,
          message: { role: 'assistant', content: text },
          finish_reason: c.finishReason ?? 'stop',
          logprobs: c.topLogprobs && !garbage
            ? { content: [{ token: c.text, logprob: c.topLogprobs.find((t) => t.token === c.text)?.logprob ?? 0, bytes: null, top_logprobs: c.topLogprobs.map((t) => ({ ...t, bytes: null })) }] }
            : null,
        };
      }),
      usage: { ...completion.usage, total_tokens: (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0) },
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) fail(res, 500, `synthetic server error: ${(err as Error).message}`, 'server_error', null);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host}:${port}/v1`, port, server, stats,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/**
 * A legacy completions body as a CompletionRequest: the last question of the prompt (after any
 * answered examples, without the "Answer:" cue), no system message.
 */
function toLegacyRequest(body: Record<string, unknown>, offsetHeader: string | string[] | undefined): CompletionRequest | string {
  if (typeof body.prompt !== 'string' || body.prompt === '') return '"prompt" must be a non-empty string';
  const parts = body.prompt.split(ANSWERED_EXAMPLE);
  const question = parts[parts.length - 1].replace(/\s*Answer:\s*$/, '');
  const top = body.logprobs;
  if (top !== undefined && top !== null && !(Number.isInteger(top) && (top as number) >= 0 && (top as number) <= 20)) return `"logprobs" must be an integer in [0, 20] (got ${JSON.stringify(top)})`;
  const r = toRequest({ ...body, messages: [{ role: 'user', content: question }], logprobs: typeof top === 'number' && top > 0, top_logprobs: top }, offsetHeader);
  return r;
}

/** Where an answered few-shot example ends: its "Answer: X" and the blank line before the next question. */
const ANSWERED_EXAMPLE = /\n\nAnswer: [AB]\n\n/;

/**
 * The legacy completion body: each reply with a leading space and the continuation a base model
 * would write after it (cut at the request's stop sequences), and the first token's top logprobs
 * with the letter's mass split between " A" and "A" (tokenisers make both).
 */
function legacyCompletion(completion: Completion, body: Record<string, unknown>, id: number, faults: ServerFaults, rng: Random) {
  const stops = (Array.isArray(body.stop) ? body.stop : typeof body.stop === 'string' ? [body.stop] : []).filter((s): s is string => typeof s === 'string' && s !== '');
  const cut = (text: string) => stops.reduce((t, s) => (t.includes(s) ? t.slice(0, t.indexOf(s)) : t), text);
  const wanted = typeof body.logprobs === 'number' ? body.logprobs : 0;
  return {
    id: `cmpl-synthetic-${id}`, object: 'text_completion', created: Math.floor(Date.now() / 1000), model: SYNTHETIC_MODEL_NAME,
    choices: completion.choices.map((c, index) => {
      const garbage = faults.garbageRate && rng.uniform() < faults.garbageRate;
      const reply = garbage ? GARBAGE[rng.int(GARBAGE.length)] : c.text;
      let logprobs = null;
      if (wanted > 0 && c.topLogprobs && !garbage) {
        const split = c.topLogprobs.flatMap((t) => [
          { token: ` ${t.token}`, logprob: t.logprob + Math.log(0.8) }, { token: t.token, logprob: t.logprob + Math.log(0.2) },
        ]).sort((x, y) => y.logprob - x.logprob).slice(0, wanted);
        logprobs = { tokens: [` ${reply}`], token_logprobs: [split[0].logprob], top_logprobs: [Object.fromEntries(split.map((t) => [t.token, t.logprob]))], text_offset: [0] };
      }
      return { index, text: cut(` ${reply}\n\nThe other option is worse because`), finish_reason: 'stop', logprobs };
    }),
    usage: { ...completion.usage, total_tokens: (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0) },
  };
}

/** The 400 a restricted or reasoning model gives a request it refuses, or null when it accepts it. */
function restrictedModelRefusal(f: ServerFaults, body: Record<string, unknown>, r: CompletionRequest): { message: string; param: string | null; code: string | null } | null {
  if (f.refuseReasoningEffort && body.reasoning_effort !== undefined) {
    return { message: 'Unrecognized request argument supplied: reasoning_effort', param: null, code: null };
  }
  if (f.refuseMaxTokens && body.max_tokens !== undefined) {
    return { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", param: 'max_tokens', code: 'unsupported_parameter' };
  }
  if (f.onlyTemperature1 && body.temperature !== undefined && body.temperature !== 1) {
    return { message: `Unsupported value: 'temperature' does not support ${JSON.stringify(body.temperature)} with this model. Only the default (1) value is supported.`, param: 'temperature', code: 'unsupported_value' };
  }
  if (f.refuseSystemRole && Array.isArray(body.messages)) {
    const i = body.messages.findIndex((m) => m?.role === 'system');
    if (i >= 0) return { message: `Unsupported value: 'messages[${i}].role' does not support 'system' with this model.`, param: `messages[${i}].role`, code: 'unsupported_value' };
  }
  if (f.refuseLogprobs && (body.logprobs === true || body.top_logprobs !== undefined)) {
    return { message: "Unsupported parameter: 'logprobs' is not supported with this model.", param: 'logprobs', code: 'unsupported_parameter' };
  }
  void r;
  return null;
}

/** The chat body as a CompletionRequest, or an error message. */
function toRequest(body: Record<string, unknown>, offsetHeader: string | string[] | undefined): CompletionRequest | string {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return '"messages" must be a non-empty list';
  const text = (role: string) => messages.filter((m) => m?.role === role).map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
  const n = body.n ?? 1;
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 128) return `"n" must be an integer in [1, 128] (got ${JSON.stringify(n)})`;
  const maxTokens = body.max_tokens ?? body.max_completion_tokens ?? 16;
  if (!Number.isInteger(maxTokens) || (maxTokens as number) < 1) return `"max_tokens" must be a positive integer (got ${JSON.stringify(maxTokens)})`;
  const offset = Number(Array.isArray(offsetHeader) ? offsetHeader[0] : offsetHeader ?? 0);
  const top = body.logprobs === true ? Number(body.top_logprobs ?? 1) : undefined;
  return {
    system: text('system'), prompt: text('user'), n: n as number, maxTokens: maxTokens as number,
    sampleOffset: Number.isInteger(offset) && offset >= 0 ? offset : 0,
    temperature: typeof body.temperature === 'number' ? body.temperature : 1,
    ...(top !== undefined ? { topLogprobs: Math.max(1, Math.min(20, top)) } : {}),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
