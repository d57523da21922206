// The response cache: every reply a model gives is appended to a JSON-lines file the moment it
// arrives (one write per response, so a killed process loses at most the replies in flight), and
// a rerun reads the file back so no answer is ever bought twice.

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
}

/**
 * The key of a prompt's answers: a SHA-256 over everything that determines them except the sample
 * index (which selects within the key): the client's identity (endpoint, model, knobs), system
 * message, prompt, temperature, max_tokens and logprob request. Never includes credentials.
 */
export function cacheKey(identity: Readonly<Record<string, unknown>>, r: CompletionRequest): string {
  const material = stableStringify([identity, r.system, r.prompt, r.temperature, r.maxTokens, r.topLogprobs ?? null]);
  return createHash('sha256').update(material).digest('hex');
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
  private readonly entries = new Map<string, CompletionChoice[]>();
  private fd: number | undefined;

  private constructor(path: string) {
    this.path = path;
    this.loaded = { lines: 0, completions: 0, skipped: 0 };
  }

  /** Opens (creating if needed) a cache file and indexes what it holds. */
  static open(path: string): ResponseCache {
    const cache = new ResponseCache(path);
    mkdirSync(dirname(path), { recursive: true });
    const endsClean = cache.index();
    cache.fd = openSync(path, 'a');
    // A kill mid-write can leave half a line: start ours on a fresh one.
    if (!endsClean) writeSync(cache.fd, '\n');
    return cache;
  }

  /** Indexes a cache file without opening it for writing or creating anything (for --dry-run). */
  static read(path: string): ResponseCache {
    const cache = new ResponseCache(path);
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
      this.store(parsed.key, parsed.offset, parsed.choices.map(fromLine));
    }
    return text.length === 0 || text.endsWith('\n');
  }

  /** The cached reply for sample `index` of a key, if any. */
  get(key: string, index: number): CompletionChoice | undefined {
    return this.entries.get(key)?.[index];
  }

  /** Records replies and appends them to the file (one write: the line is whole or absent). */
  append(key: string, offset: number, choices: CompletionChoice[], usage?: TokenUsage): void {
    if (this.fd === undefined) throw new Error(`response cache ${this.path} is closed`);
    const line: CacheLine = { key, offset, choices: choices.map(toLine), ...(usage ? { usage } : {}) };
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

  constructor(readonly inner: ModelClient, readonly cache: ResponseCache) {
    this.identity = inner.identity;
  }

  async complete(request: CompletionRequest, signal?: AbortSignal): Promise<Completion> {
    const key = cacheKey(this.identity, request);
    const { sampleOffset: start, n } = request;
    const choices = new Array<CompletionChoice>(n);
    let cached = 0;
    for (let i = 0; i < n; i++) {
      const hit = this.cache.get(key, start + i);
      if (hit) {
        choices[i] = hit;
        cached++;
      }
    }
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
      this.cache.append(key, start + i, got.choices, got.usage);
      got.choices.forEach((c, m) => (choices[i + m] = c));
      usage.prompt_tokens += got.usage?.prompt_tokens ?? 0;
      usage.completion_tokens += got.usage?.completion_tokens ?? 0;
      i = j;
    }
    return { choices, usage, cached };
  }
}
