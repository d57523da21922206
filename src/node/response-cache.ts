// The response cache: every reply a model gives is appended to a JSON-lines file the moment it
// arrives (one write per response, so a killed process loses at most the replies in flight), and
// a rerun reads the file back so no answer is ever bought twice.
//
// The key is what determines an answer (the model's identity, messages, sampling parameters; the
// sample index selects within it), never where it was asked: a local server restarted on another
// port, or reached as localhost instead of 127.0.0.1, is the same model. Each line records the
// endpoint it came from, so reusing a folder against a different endpoint is seen and warned about.

import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Completion, CompletionChoice, CompletionRequest, ModelClient, TokenUsage } from '../elicit/model-client.js';

/** File name of the cache inside a run's output folder. */
export const CACHE_FILE_NAME = 'responses.jsonl';

/** One line of the cache file: the replies for samples offset .. offset + choices.length - 1. */
interface CacheLine {
  key: string;
  offset: number;
  choices: Array<{ text: string; finish_reason?: string | null; top_logprobs?: CompletionChoice['topLogprobs'] }>;
  usage?: TokenUsage;
  /** Where the replies came from (recorded, not keyed). */
  endpoint?: string;
}

/** Version tag of the key material; keys written before it (v1) included the endpoint. */
export const CACHE_KEY_VERSION = 2;

/** Options of a cache file. */
export interface CacheOptions {
  /** Keeps deliberately separate caches apart inside one file (--cache-namespace). */
  namespace?: string;
}

/** The part of a client the cache needs: what determines its answers, and where it asks. */
export type CacheClient = Pick<ModelClient, 'identity' | 'endpoint'>;

/**
 * The key of a prompt's answers: a SHA-256 over everything that determines them except the sample
 * index (which selects within the key): the namespace, the client's identity (model, knobs; not the
 * endpoint), system message, prompt, temperature, max_tokens, logprob request and reasoning effort. Never includes
 * credentials.
 */
export function cacheKey(identity: Readonly<Record<string, unknown>>, r: CompletionRequest, namespace = ''): string {
  const material = stableStringify([CACHE_KEY_VERSION, namespace, identity, r.system, r.prompt, r.temperature, r.maxTokens, r.topLogprobs ?? null, r.reasoningEffort ?? null]);
  return createHash('sha256').update(material).digest('hex');
}

/**
 * The key older versions wrote (v1): the same material without version and namespace, with the
 * endpoint inside the identity. Read so old caches keep answering when asked at the same endpoint.
 */
export function legacyCacheKey(identity: Readonly<Record<string, unknown>>, endpoint: string | undefined, r: CompletionRequest): string {
  const old = endpoint === undefined ? identity : { ...identity, endpoint };
  const material = stableStringify([old, r.system, r.prompt, r.temperature, r.maxTokens, r.topLogprobs ?? null]);
  return createHash('sha256').update(material).digest('hex');
}

/** The warning for a cache folder reused against a different endpoint (answers are reused all the same). */
export function endpointChangeWarning(file: string, endpoint: string, others: readonly string[]): string {
  return `${file} holds answers from ${others.join(', ')}, not from ${endpoint}; they are reused as the same model's ` +
    '(the cache is keyed on model, messages and sampling). If another model now answers under that name, use a new --out or --cache-namespace';
}

/** JSON with object keys sorted, so equal values always give equal text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** An append-only cache file and its in-memory index. */
export class ResponseCache {
  readonly path: string;
  /** Lines read back at open, and lines skipped as unreadable (a write cut short by a kill). */
  readonly loaded: { lines: number; completions: number; skipped: number };
  /** The namespace every key of this cache carries ('' for none). */
  readonly namespace: string;
  /** Endpoints recorded in the file when it was opened, in order of first appearance. */
  readonly endpoints: string[] = [];
  /** Replies answered from a v1 key (and copied under the current key). */
  migrated = 0;
  private readonly entries = new Map<string, CompletionChoice[]>();
  private hasLegacy = false;
  private fd: number | undefined;

  private constructor(path: string, options: CacheOptions) {
    this.path = path;
    this.namespace = options.namespace ?? '';
    this.loaded = { lines: 0, completions: 0, skipped: 0 };
  }

  /** Opens (creating if needed) a cache file and indexes what it holds. */
  static open(path: string, options: CacheOptions = {}): ResponseCache {
    const cache = new ResponseCache(path, options);
    mkdirSync(dirname(path), { recursive: true });
    const endsClean = cache.index();
    cache.fd = openSync(path, 'a');
    // A kill mid-write can leave half a line: start ours on a fresh one.
    if (!endsClean) writeSync(cache.fd, '\n');
    return cache;
  }

  /** Indexes a cache file without opening it for writing or creating anything (for --dry-run). */
  static read(path: string, options: CacheOptions = {}): ResponseCache {
    const cache = new ResponseCache(path, options);
    cache.index();
    return cache;
  }

  /** How many of samples 0 .. n - 1 of a key are cached. */
  countCached(key: string, n: number): number {
    const list = this.entries.get(key);
    if (!list) return 0;
    let count = 0;
    for (let i = 0; i < n; i++) if (list[i]) count++;
    return count;
  }

  /** The current key of a request asked through a client (this cache's namespace included). */
  keyFor(client: CacheClient, request: CompletionRequest): string {
    return cacheKey(client.identity, request, this.namespace);
  }

  /**
   * The cached reply for sample `index` of a request: under the current key, else (without a
   * namespace, which v1 files never had) under the v1 key of the same endpoint.
   */
  lookup(client: CacheClient, request: CompletionRequest, index: number, key = this.keyFor(client, request)): { choice: CompletionChoice; legacy: boolean } | undefined {
    const hit = this.entries.get(key)?.[index];
    if (hit) return { choice: hit, legacy: false };
    if (this.namespace !== '' || !this.hasLegacy) return undefined;
    const old = this.entries.get(legacyCacheKey(client.identity, client.endpoint, request))?.[index];
    return old ? { choice: old, legacy: true } : undefined;
  }

  /** How many of samples 0 .. n - 1 of a request are cached (either key). */
  countFor(client: CacheClient, request: CompletionRequest, n: number): number {
    const key = this.keyFor(client, request);
    let count = 0;
    for (let i = 0; i < n; i++) if (this.lookup(client, request, i, key)) count++;
    return count;
  }

  /**
   * The endpoints this file's answers came from, when `endpoint` is not among them: a folder
   * reused against a different endpoint (answers are reused all the same; the caller warns).
   */
  otherEndpoints(endpoint: string | undefined): string[] {
    if (endpoint === undefined || this.endpoints.length === 0 || this.endpoints.includes(endpoint)) return [];
    return this.endpoints.slice();
  }

  /** Reads the file into the index; returns whether it ends with a whole line. */
  private index(): boolean {
    if (!existsSync(this.path)) return true;
    const text = readFileSync(this.path, 'utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let parsed: CacheLine;
      try {
        parsed = JSON.parse(line) as CacheLine;
        if (typeof parsed.key !== 'string' || !Number.isInteger(parsed.offset) || parsed.offset < 0 || !Array.isArray(parsed.choices)) throw new Error('shape');
        // A reply without its text is not an answer: skipped (and asked again), never read as "".
        if (!parsed.choices.every((c) => c !== null && typeof c === 'object' && typeof c.text === 'string')) throw new Error('text');
      } catch {
        this.loaded.skipped++;
        continue;
      }
      this.loaded.lines++;
      this.loaded.completions += parsed.choices.length;
      if (typeof parsed.endpoint === 'string') {
        if (!this.endpoints.includes(parsed.endpoint)) this.endpoints.push(parsed.endpoint);
      } else {
        this.hasLegacy = true; // lines without an endpoint were written under v1 keys
      }
      this.store(parsed.key, parsed.offset, parsed.choices.map(fromLine));
    }
    return text.length === 0 || text.endsWith('\n');
  }

  /** The cached reply for sample `index` of a key, if any. */
  get(key: string, index: number): CompletionChoice | undefined {
    return this.entries.get(key)?.[index];
  }

  /** Records replies and appends them to the file (one write: the line is whole or absent). */
  append(key: string, offset: number, choices: CompletionChoice[], usage?: TokenUsage, endpoint?: string): void {
    if (this.fd === undefined) throw new Error(`response cache ${this.path} is closed`);
    const line: CacheLine = { key, offset, choices: choices.map(toLine), ...(usage ? { usage } : {}), ...(endpoint !== undefined ? { endpoint } : {}) };
    writeSync(this.fd, JSON.stringify(line) + '\n');
    this.store(key, offset, choices);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private store(key: string, offset: number, choices: CompletionChoice[]): void {
    let list = this.entries.get(key);
    if (!list) this.entries.set(key, (list = []));
    choices.forEach((c, i) => {
      list![offset + i] ??= c; // the first answer recorded for a sample index is the answer
    });
  }
}

function toLine(c: CompletionChoice): CacheLine['choices'][number] {
  return { text: c.text, finish_reason: c.finishReason ?? null, ...(c.topLogprobs ? { top_logprobs: c.topLogprobs } : {}) };
}

function fromLine(c: CacheLine['choices'][number]): CompletionChoice {
  return { text: c.text, finishReason: c.finish_reason ?? null, ...(c.top_logprobs ? { topLogprobs: c.top_logprobs } : {}) };
}

/**
 * A client that answers from the cache where it can and asks the inner client only for the
 * missing sample indices (each missing run of indices as one request), recording every reply.
 */
export class CachedClient implements ModelClient {
  readonly identity: Readonly<Record<string, unknown>>;
  readonly endpoint?: string;

  constructor(readonly inner: ModelClient, readonly cache: ResponseCache) {
    this.identity = inner.identity;
    if (inner.endpoint !== undefined) this.endpoint = inner.endpoint;
  }

  async complete(request: CompletionRequest, signal?: AbortSignal): Promise<Completion> {
    const key = this.cache.keyFor(this, request);
    const { sampleOffset: start, n } = request;
    const choices = new Array<CompletionChoice>(n);
    let cached = 0;
    const migrate: number[] = [];
    for (let i = 0; i < n; i++) {
      const hit = this.cache.lookup(this, request, start + i, key);
      if (hit) {
        choices[i] = hit.choice;
        cached++;
        if (hit.legacy) migrate.push(i);
      }
    }
    // A v1 answer is copied under the current key, so the next run finds it from any endpoint.
    for (const i of migrate) this.cache.append(key, start + i, [choices[i]], undefined, this.endpoint);
    this.cache.migrated += migrate.length;
    const usage: TokenUsage = { prompt_tokens: 0, completion_tokens: 0 };
    for (let i = 0; i < n;) {
      if (choices[i]) {
        i++;
        continue;
      }
      let j = i;
      while (j < n && !choices[j]) j++;
      const got = await this.inner.complete({ ...request, sampleOffset: start + i, n: j - i }, signal);
      if (got.choices.length !== j - i) throw new Error(`model client returned ${got.choices.length} choices for n = ${j - i}`);
      this.cache.append(key, start + i, got.choices, got.usage, this.endpoint);
      got.choices.forEach((c, m) => (choices[i + m] = c));
      usage.prompt_tokens += got.usage?.prompt_tokens ?? 0;
      usage.completion_tokens += got.usage?.completion_tokens ?? 0;
      i = j;
    }
    return { choices, usage, cached };
  }
}
