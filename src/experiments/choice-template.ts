// Forced-choice templates for experiments that ask their own question: the question, then the
// project's option blocks ("Option A:" / "Option B:", each followed by its text and a blank line,
// which is also how the synthetic world finds the two options), then the answer instruction of the
// chosen style.

import type { AnswerStyle } from '../elicit/prompts.js';

/** The closing instruction per answer style, as in the run's own templates. */
export const ANSWER_INSTRUCTIONS: Readonly<Record<AnswerStyle, string>> = Object.freeze({
  letter: 'Please respond with only "A" or "B".',
  reasoning: 'Take your time to reason through the question, then finish your response with "Answer: A" or "Answer: B".',
});

/**
 * A template with {option_A} and {option_B} in the project's option layout.
 * @example choiceTemplate('Which is taller?', 'letter') // 'Which is taller?\n\nOption A:\n{option_A}\n\nOption B:\n{option_B}\n\nPlease respond with only "A" or "B".'
 */
export function choiceTemplate(question: string, style: AnswerStyle, note?: string): string {
  const closing = note ? `${note} ${ANSWER_INSTRUCTIONS[style]}` : ANSWER_INSTRUCTIONS[style];
  return `${question}\n\nOption A:\n{option_A}\n\nOption B:\n{option_B}\n\n${closing}`;
}
