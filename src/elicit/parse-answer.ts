// Reading a forced-choice reply. The rules are strict on purpose: a reply that names both letters
// or neither is not an answer, and is counted as unparseable rather than guessed at.

import type { AnswerStyle } from './prompts.js';

export type Letter = 'A' | 'B';

export interface ParsedAnswer {
  /** The chosen letter, or null when the reply is not an answer. */
  letter: Letter | null;
  /** The reply is longer than the style expects (letter: more than one character; reasoning: cut off). */
  long: boolean;
}

// A letter standing alone: no letter or digit on either side ("A.", "**B**", "Option A" count; "As" does not).
const STANDALONE_A = /(?<![\p{L}\p{N}])A(?![\p{L}\p{N}])/u;
const STANDALONE_B = /(?<![\p{L}\p{N}])B(?![\p{L}\p{N}])/u;
// "Answer: A", "answer:**B**", "ANSWER : a"; the first occurrence wins.
const ANSWER_LINE = /answer\s*:\s*[*_`"'(\[]*\s*([ab])(?![\p{L}\p{N}])/iu;

/**
 * Parses one reply.
 * - letter style: the trimmed reply is exactly "A" or "B"; otherwise exactly one of the two letters
 *   appears as a standalone (upper-case) token.
 * - reasoning style: the first case-insensitive "Answer: X".
 * @example parseAnswer(' B.\n', 'letter') // { letter: 'B', long: true }
 * @example parseAnswer('A or B', 'letter') // { letter: null, long: true }
 */
export function parseAnswer(reply: string, style: AnswerStyle, finishReason?: string | null): ParsedAnswer {
  const text = typeof reply === 'string' ? reply : '';
  if (style === 'reasoning') {
    const m = ANSWER_LINE.exec(text);
    return { letter: m ? (m[1].toUpperCase() as Letter) : null, long: finishReason === 'length' };
  }
  const trimmed = text.trim();
  if (trimmed === 'A' || trimmed === 'B') return { letter: trimmed, long: false };
  const hasA = STANDALONE_A.test(trimmed);
  const hasB = STANDALONE_B.test(trimmed);
  return { letter: hasA !== hasB ? (hasA ? 'A' : 'B') : null, long: trimmed.length > 1 };
}

/**
 * P(A) from the first token's top alternatives: the probability mass on tokens reading "A" against
 * the mass on tokens reading "B" (whitespace ignored). Null when neither letter is among them.
 * @example letterProbability([{ token: 'A', logprob: -0.1 }, { token: ' B', logprob: -2.4 }]) // 0.909...
 */
export function letterProbability(top: ReadonlyArray<{ token: string; logprob: number }>): number | null {
  let pa = 0;
  let pb = 0;
  for (const { token, logprob } of top) {
    const t = String(token).trim();
    if (t === 'A') pa += Math.exp(logprob);
    else if (t === 'B') pb += Math.exp(logprob);
  }
  return pa + pb > 0 ? pa / (pa + pb) : null;
}
