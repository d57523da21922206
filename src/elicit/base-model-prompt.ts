// Base (pretrained-only) models are asked through the legacy completions API in the paper's
// zero-shot form: the question followed by "\n\nAnswer:", optionally after a few worked examples.
// The reply is read from its first word, since a base model keeps writing after the letter.

import { InputError } from '../errors.js';
import { renderPrompt } from './prompts.js';

/** What follows the question: the model continues with the letter. */
export const BASE_MODEL_ANSWER_CUE = '\n\nAnswer:';

/** Which API a model is asked through: chat messages, or a plain text prompt (base models). */
export type ModelApi = 'chat' | 'completions';
export const MODEL_APIS: readonly ModelApi[] = ['chat', 'completions'];

/** A worked example shown before the question (--few-shot FILE). */
export interface FewShotExample {
  option_A: string;
  option_B: string;
  answer: 'A' | 'B';
}

/**
 * Reads a few-shot file: a JSON list (or {"examples": [...]}) of {option_A, option_B, answer}.
 * @example parseFewShot([{ option_A: 'x', option_B: 'y', answer: 'A' }], 'shots.json').length // 1
 */
export function parseFewShot(json: unknown, source: string): FewShotExample[] {
  const list = Array.isArray(json) ? json : (json as { examples?: unknown })?.examples;
  if (!Array.isArray(list) || list.length === 0) throw new InputError(`${source}: expected a non-empty list of {"option_A", "option_B", "answer"} examples`);
  return list.map((e, i) => {
    const x = e as Record<string, unknown>;
    if (!x || typeof x !== 'object' || typeof x.option_A !== 'string' || typeof x.option_B !== 'string' || x.option_A.trim() === '' || x.option_B.trim() === '') {
      throw new InputError(`${source}: example ${i} needs non-empty "option_A" and "option_B" strings`);
    }
    if (x.answer !== 'A' && x.answer !== 'B') throw new InputError(`${source}: example ${i} needs "answer": "A" or "B" (got ${JSON.stringify(x.answer)})`);
    return { option_A: x.option_A, option_B: x.option_B, answer: x.answer };
  });
}

/** The examples as the text before the question: each rendered with the run's template and answered. */
export function renderFewShot(examples: readonly FewShotExample[], template: string): string {
  return examples.map((e) => `${renderPrompt(template, e.option_A, e.option_B)}${BASE_MODEL_ANSWER_CUE} ${e.answer}\n\n`).join('');
}

/** The full completions prompt: examples, question, cue. */
export function basePrompt(prefix: string, question: string): string {
  return `${prefix}${question}${BASE_MODEL_ANSWER_CUE}`;
}

/**
 * The first word of a continuation, which is what is parsed ("A", "B.", "Option"): a base model's
 * reply goes on past its answer, and later words must not count.
 * @example firstWord(' A\n\nQuestion: which...') // 'A'
 */
export function firstWord(text: string): string {
  return text.trim().split(/\s+/, 1)[0] ?? '';
}
