// Asking a model about pairs of outcomes: each pair in both orders (the flipped order's answers
// mapped back), K samples per order or one logprob reading per order, with a concurrency limit.
// This is the reusable core of every experiment that asks forced-choice questions.

import { InputError } from '../errors.js';
import type { Option, OptionId } from '../graph/preference-graph.js';
import { Random } from '../sampling/random.js';
import { REASONING_EFFORTS, type CompletionChoice, type ModelClient, type ReasoningEffort, type TokenUsage } from './model-client.js';
import { letterProbability, parseAnswer, type Letter } from './parse-answer.js';
import { DEFAULT_SYSTEM_MESSAGE, FORCED_CHOICE_TEMPLATE, MAX_TOKENS_BY_STYLE, renderPrompt, type AnswerStyle } from './prompts.js';

/** What an unparseable reply counts as: half to each side, nothing, or a seeded coin flip. */
export type UnparseableMode = 'distribution' | 'skip' | 'random';
/** 'sampling': K answers per order. 'logprobs': P(A) read from the first token, once per order. */
export type ElicitationMode = 'sampling' | 'logprobs';

export interface AskOptions {
  system?: string;
  /** Prompt template with {option_A} and {option_B}. */
  template?: string;
  style?: AnswerStyle;
  /** Samples per order (sampling mode). */
  k?: number;
  mode?: ElicitationMode;
  temperature?: number;
  /** Defaults by style: 10 for a letter, 500 for reasoning; 1 in logprob mode. */
  maxTokens?: number;
  /** Alternatives of the first token requested in logprob mode. */
  topLogprobs?: number;
  unparseable?: UnparseableMode;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Passed to reasoning models as reasoning_effort (see OpenAIModelClient for endpoints without it). */
  reasoningEffort?: ReasoningEffort;
  /** Seeds the coin flips of unparseable = 'random'. */
  seed?: number;
  signal?: AbortSignal;
  /**
   * When asking must stop (the signal fires, or the endpoint keeps failing), requests already sent
   * may still finish for this long (ms), so the answers they bring are recorded (by a caching
   * client) rather than paid for and lost. A refusal (wrong key or model) stops at once.
   */
  inFlightGraceMs?: number;
  /** Called after each request with the number of completions it covered. */
  onCompletions?: (count: number) => void;
}

/** The paper's values where it has them. */
export const ASK_DEFAULTS = Object.freeze({
  system: DEFAULT_SYSTEM_MESSAGE,
  template: FORCED_CHOICE_TEMPLATE,
  style: 'letter' as AnswerStyle,
  k: 10, // the paper's samples per order
  mode: 'sampling' as ElicitationMode,
  temperature: 1, // the paper's sampling temperature
  topLogprobs: 20, // the most OpenAI's API returns
  unparseable: 'distribution' as UnparseableMode,
  concurrency: 30,
  seed: 42,
  inFlightGraceMs: 5000,
});

export type ResolvedAskOptions = Required<Omit<AskOptions, 'signal' | 'onCompletions' | 'reasoningEffort'>> & Pick<AskOptions, 'signal' | 'onCompletions' | 'reasoningEffort'>;

/** A pair to ask, with A shown first in the original order. */
export interface PairToAsk {
  a: Option;
  b: Option;
}

/** Answers to one order of a pair, in that order's own letters. */
export interface OrderAnswers {
  prompt: string;
  responses: string[];
  parsed: Array<Letter | null>;
  /** Logprob mode: P(first option) read from the first token, or null if neither letter was there. */
  probability_first?: number | null;
}

export interface PairAnswers {
  a: OptionId;
  b: OptionId;
  /** count_a / (count_a + count_b); 0.5 when no answer counted (every reply skipped). */
  probability_a: number;
  /** Answers for a (original "A" plus flipped "B"), unparseable ones counted per the mode. */
  count_a: number;
  count_b: number;
  /** Replies received over both orders. */
  total_responses: number;
  unparseable: number;
  /** Replies longer than the style expects (see parseAnswer). */
  long: number;
  /** Replies the endpoint cut at the length limit (finish_reason "length"). */
  truncated?: number;
  mode: ElicitationMode;
  original: OrderAnswers;
  flipped: OrderAnswers;
}

export interface AskUsage {
  requests: number;
  completions: number;
  cached_completions: number;
  prompt_tokens: number;
  completion_tokens: number;
}

export interface AskResult {
  answers: PairAnswers[];
  usage: AskUsage;
}

/** Merges options over ASK_DEFAULTS and validates them, naming the option and value. */
export function resolveAskOptions(options: AskOptions = {}): ResolvedAskOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o = { ...ASK_DEFAULTS, ...defined } as ResolvedAskOptions;
  o.maxTokens ??= o.mode === 'logprobs' ? 1 : MAX_TOKENS_BY_STYLE[o.style];
  const positiveInt = (name: string, x: number) => {
    if (!Number.isInteger(x) || x < 1) throw new InputError(`options.${name} must be a positive integer (got ${x})`);
  };
  positiveInt('k', o.k);
  positiveInt('maxTokens', o.maxTokens);
  positiveInt('concurrency', o.concurrency);
  if (!(o.inFlightGraceMs >= 0) || !Number.isFinite(o.inFlightGraceMs)) throw new InputError(`options.inFlightGraceMs must be a non-negative number (got ${o.inFlightGraceMs})`);
  positiveInt('topLogprobs', o.topLogprobs);
  if (o.style !== 'letter' && o.style !== 'reasoning') throw new InputError(`options.style must be "letter" or "reasoning" (got ${JSON.stringify(o.style)})`);
  if (o.mode !== 'sampling' && o.mode !== 'logprobs') throw new InputError(`options.mode must be "sampling" or "logprobs" (got ${JSON.stringify(o.mode)})`);
  if (!['distribution', 'skip', 'random'].includes(o.unparseable)) {
    throw new InputError(`options.unparseable must be "distribution", "skip" or "random" (got ${JSON.stringify(o.unparseable)})`);
  }
  if (!(o.temperature >= 0) || !Number.isFinite(o.temperature)) throw new InputError(`options.temperature must be a non-negative number (got ${o.temperature})`);
  if (o.reasoningEffort !== undefined && !REASONING_EFFORTS.includes(o.reasoningEffort)) {
    throw new InputError(`options.reasoningEffort must be ${REASONING_EFFORTS.join(', ')} (got ${JSON.stringify(o.reasoningEffort)})`);
  }
  if (!Number.isSafeInteger(o.seed)) throw new InputError(`options.seed must be an integer (got ${o.seed})`);
  return o;
}

/** Completions one pair costs: both orders, K samples each (one reading each in logprob mode). */
export function completionsPerPair(options: AskOptions = {}): number {
  const o = resolveAskOptions(options);
  return o.mode === 'logprobs' ? 2 : 2 * o.k;
}

/**
 * Asks every pair in both orders and returns, per pair, the counts for each side and every raw
 * reply. Results are in input order and do not depend on the order in which replies arrive.
 * The first error that a client cannot retry stops everything (requests in flight are aborted).
 * Cost: 2 requests per pair (n = K each); the client decides how they travel.
 * @example
 * const { answers } = await askPairs(new SyntheticClient(), [{ a: { id: 0, description: 'x' }, b: { id: 1, description: 'y' } }], { k: 5 });
 * answers[0] // { a: 0, b: 1, probability_a: 0.6, count_a: 6, count_b: 4, total_responses: 10, ... }
 */
export async function askPairs(client: ModelClient, pairs: readonly PairToAsk[], options: AskOptions = {}): Promise<AskResult> {
  const o = resolveAskOptions(options);
  const usage: AskUsage = { requests: 0, completions: 0, cached_completions: 0, prompt_tokens: 0, completion_tokens: 0 };
  const n = o.mode === 'logprobs' ? 1 : o.k;
  const replies: CompletionChoice[][] = new Array(pairs.length * 2);
  const prompts = new Array<string>(pairs.length * 2);
  pairs.forEach(({ a, b }, p) => {
    prompts[2 * p] = renderPrompt(o.template, a.description, b.description);
    prompts[2 * p + 1] = renderPrompt(o.template, b.description, a.description);
  });

  const inner = new AbortController();
  let next = 0;
  let failure: unknown;
  let grace: ReturnType<typeof setTimeout> | undefined;
  // Stop starting requests; give those in flight a grace period, then abort them.
  const stop = (reason: unknown, now: boolean) => {
    if (failure === undefined) failure = reason;
    if (now || o.inFlightGraceMs <= 0) inner.abort(reason);
    else grace ??= setTimeout(() => inner.abort(reason), o.inFlightGraceMs);
  };
  const onOuterAbort = () => stop(o.signal?.reason ?? new Error('aborted'), false);
  if (o.signal?.aborted) onOuterAbort();
  else o.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const worker = async () => {
    while (failure === undefined && next < prompts.length) {
      const t = next++;
      try {
        const completion = await client.complete({
          system: o.system, prompt: prompts[t], n, sampleOffset: 0, temperature: o.temperature, maxTokens: o.maxTokens,
          ...(o.mode === 'logprobs' ? { topLogprobs: o.topLogprobs } : {}),
          ...(o.reasoningEffort !== undefined ? { reasoningEffort: o.reasoningEffort } : {}),
        }, inner.signal);
        if (completion.choices.length !== n) throw new Error(`model client returned ${completion.choices.length} choices for n = ${n}`);
        replies[t] = completion.choices;
        usage.requests++;
        usage.completions += n;
        usage.cached_completions += completion.cached ?? 0;
        addUsage(usage, completion.usage);
        o.onCompletions?.(n);
      } catch (err) {
        stop(err, err instanceof InputError);
        throw err;
      }
    }
  };
  try {
    const workers = Array.from({ length: Math.min(o.concurrency, prompts.length) }, worker);
    const settled = await Promise.allSettled(workers);
    if (failure !== undefined) throw failure;
    const rejected = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult | undefined;
    if (rejected) throw rejected.reason;
  } finally {
    clearTimeout(grace);
    o.signal?.removeEventListener('abort', onOuterAbort);
  }
  return { answers: pairs.map((pair, p) => tallyPair(pair, prompts, replies, p, o)), usage };
}

function addUsage(usage: AskUsage, u: TokenUsage | undefined): void {
  if (!u) return;
  usage.prompt_tokens += u.prompt_tokens || 0;
  usage.completion_tokens += u.completion_tokens || 0;
}

/** Counts one pair's replies over both orders, mapping the flipped order back. */
function tallyPair(pair: PairToAsk, prompts: string[], replies: CompletionChoice[][], p: number, o: ResolvedAskOptions): PairAnswers {
  let countA = 0;
  let countB = 0;
  let unparseable = 0;
  let long = 0;
  let truncated = 0;
  let total = 0;
  const orders: OrderAnswers[] = [];
  for (const flipped of [false, true]) {
    const choices = replies[2 * p + (flipped ? 1 : 0)];
    const order: OrderAnswers = { prompt: prompts[2 * p + (flipped ? 1 : 0)], responses: [], parsed: [] };
    choices.forEach((choice, i) => {
      total++;
      order.responses.push(choice.text);
      // Share of this reply going to the option shown first; null = counts for nothing.
      let first: number | null;
      if (choice.finishReason === 'length') truncated++;
      if (o.mode === 'logprobs') {
        // An endpoint that refused logprobs sent a reply without them: read its letter as one sample.
        const fromText = choice.topLogprobs === undefined ? parseAnswer(choice.text, 'letter').letter : undefined;
        const q = fromText === undefined ? letterProbability(choice.topLogprobs ?? []) : fromText === null ? null : fromText === 'A' ? 1 : 0;
        order.probability_first = q;
        order.parsed.push(q === null ? null : q >= 0.5 ? 'A' : 'B');
        first = q;
      } else {
        const parsed = parseAnswer(choice.text, o.style, choice.finishReason);
        order.parsed.push(parsed.letter);
        if (parsed.long) long++;
        first = parsed.letter === null ? null : parsed.letter === 'A' ? 1 : 0;
      }
      if (first === null) {
        unparseable++;
        if (o.unparseable === 'skip') return;
        if (o.unparseable === 'distribution') first = 0.5;
        else first = Random.derive(o.seed, `${pair.a.id}\u0000${pair.b.id}\u0000${flipped}\u0000${i}`).uniform() < 0.5 ? 1 : 0;
      }
      // Original order: A is pair.a. Flipped: A is pair.b.
      const forA = flipped ? 1 - first : first;
      countA += forA;
      countB += 1 - forA;
    });
    orders.push(order);
  }
  const counted = countA + countB;
  return {
    a: pair.a.id, b: pair.b.id,
    probability_a: counted > 0 ? countA / counted : 0.5,
    count_a: countA, count_b: countB, total_responses: total, unparseable, long, truncated, mode: o.mode,
    original: orders[0], flipped: orders[1],
  };
}
