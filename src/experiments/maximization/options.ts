// The utility-maximisation experiment's options: open questions with their candidate answers, in
// the paper's file format (or the built-in set), and the forced-choice template of each.
//
//   [{"question": "...", "pair_prompt": "...", "possible_answers": ["...", "..."]}]
//
// The built-in 22 questions (questions.json) were written for this project: everyday choices
// (places, foods, hobbies, causes, technologies) with 4-8 short candidates each, no candidate
// shared between questions, and a pair prompt that asks the same choice between two candidates.

import builtInQuestions from './questions.json' with { type: 'json' };
import { InputError } from '../../errors.js';
import type { WorldRegistry } from '../../world/structures.js';
import { expectArray, expectDistinct, expectKey, expectObject, expectText } from '../input-checks.js';

/** A fit needs at least this many candidates (the run's minimum number of options). */
export const MIN_CANDIDATES = 3;

export interface OpenQuestion {
  question: string;
  pair_prompt: string;
  possible_answers: string[];
}

/** Reads questions in the paper's format; one-line errors name the question and the item. */
export function parseQuestions(data: unknown, source: string): OpenQuestion[] {
  const list = expectArray(data, source);
  const questions = list.map((item, i) => {
    const where = `${source}[${i}]`;
    const o = expectObject(item, where);
    const question = expectText(expectKey(o, 'question', where), `${where}.question`);
    const pairPrompt = expectText(expectKey(o, 'pair_prompt', where), `${where}.pair_prompt`);
    const answers = expectArray(expectKey(o, 'possible_answers', where), `${where}.possible_answers`)
      .map((a, j) => expectText(a, `${where}.possible_answers[${j}]`));
    expectDistinct(answers, (j) => `${where}.possible_answers[${j}]`);
    if (answers.length < MIN_CANDIDATES) throw new InputError(`${where}.possible_answers lists ${answers.length} answers; a fit needs at least ${MIN_CANDIDATES}`);
    return { question, pair_prompt: pairPrompt, possible_answers: answers };
  });
  expectDistinct(questions.map((q) => q.question), (i) => `${source}[${i}].question`);
  return questions;
}

/** The built-in questions. */
export function builtInOpenQuestions(): OpenQuestion[] {
  return parseQuestions(builtInQuestions, 'built-in questions');
}

/**
 * The forced-choice template of a question: its pair prompt as the question line (or as the whole
 * template when it already holds {option_A} and {option_B}).
 */
export function pairTemplate(q: OpenQuestion, choiceTemplate: (question: string) => string): string {
  return q.pair_prompt.includes('{option_A}') && q.pair_prompt.includes('{option_B}') ? q.pair_prompt : choiceTemplate(q.pair_prompt);
}

/** The questions for the synthetic world: asked `question`, it answers among the candidates. */
export function questionRegistry(questions: readonly OpenQuestion[]): WorldRegistry {
  return { questions: questions.map((q) => ({ question: q.question, candidates: [...q.possible_answers] })) };
}
