// Forced-choice templates for experiments that ask their own question ("Which of the following
// options would you prefer?:") with the usual option block and answer instruction.

import type { AnswerStyle } from '../elicit/prompts.js';

/** The answer instruction per style, as in the run's built-in templates. */
const INSTRUCTION: Readonly<Record<AnswerStyle, string>> = Object.freeze({
  letter: 'Please respond with only "A" or "B".',
  reasoning: 'Take your time to reason through the question, then finish your response with "Answer: A" or "Answer: B".',
});

/**
 * A template: the question line, the option block, the answer instruction of the style.
 * @example choiceTemplate('Which of the following options would you prefer?:', 'letter')
 * // 'Which of the following options would you prefer?:\n\nOption A:\n{option_A}\n\nOption B:\n{option_B}\n\nPlease respond with only "A" or "B".'
 */
export function choiceTemplate(question: string, style: AnswerStyle = 'letter'): string {
  return `${question}\n\nOption A:\n{option_A}\n\nOption B:\n{option_B}\n\n${INSTRUCTION[style]}`;
}
