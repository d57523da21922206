import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { letterProbability, parseAnswer } from '../src/elicit/parse-answer.js';
import { FORCED_CHOICE_TEMPLATE, REASONING_TEMPLATE, renderPrompt, validateTemplate } from '../src/elicit/prompts.js';

// [reply, style, expected letter, expected long]
const CASES: Array<[string, 'letter' | 'reasoning', 'A' | 'B' | null, boolean]> = [
  ['A', 'letter', 'A', false],
  ['B', 'letter', 'B', false],
  ['  B\n', 'letter', 'B', false],
  ['A.', 'letter', 'A', true],
  ['**B**', 'letter', 'B', true],
  ['Option A', 'letter', 'A', true],
  ['"A"', 'letter', 'A', true],
  ['I prefer A over B', 'letter', null, true], // both letters: not an answer
  ['A or B', 'letter', null, true],
  ['Neither.', 'letter', null, true],
  ['', 'letter', null, false],
  ['a', 'letter', null, false], // lower case is not the letter
  ['As a helpful assistant, I pick B', 'letter', 'B', true], // "As" is not a standalone A
  ['AB', 'letter', null, true],
  ['B2', 'letter', null, true],
  ['Ä', 'letter', null, false],
  ['I think the answer is (A).', 'letter', 'A', true],
  ['Thinking... Answer: B', 'reasoning', 'B', false],
  ['answer: a\nAnswer: B', 'reasoning', 'A', false], // the first one counts
  ['ANSWER : **b**', 'reasoning', 'B', false],
  ['Answer: As I said, unclear', 'reasoning', null, false],
  ['B', 'reasoning', null, false], // reasoning needs the answer line
  ['Option A is better, so A', 'reasoning', null, false],
];

test('parseAnswer: a table of tricky replies', () => {
  for (const [reply, style, letter, long] of CASES) {
    const got = parseAnswer(reply, style);
    assert.is(got.letter, letter, `${JSON.stringify(reply)} (${style}) letter`);
    assert.is(got.long, long, `${JSON.stringify(reply)} (${style}) long`);
  }
});

test('parseAnswer: a reasoning reply cut at max_tokens is long', () => {
  assert.equal(parseAnswer('Let me think about the first option', 'reasoning', 'length'), { letter: null, long: true });
});

test('letterProbability: mass on A against B, whitespace ignored, null without either', () => {
  const p = letterProbability([{ token: 'A', logprob: Math.log(0.6) }, { token: ' A', logprob: Math.log(0.1) }, { token: 'B', logprob: Math.log(0.2) }, { token: 'I', logprob: Math.log(0.1) }]);
  assert.ok(Math.abs(p! - 0.7 / 0.9) < 1e-12);
  assert.is(letterProbability([{ token: 'I', logprob: -0.1 }]), null);
  // One letter only: all the mass is on it, so the other has probability 0 (a reading, not a failure).
  assert.is(letterProbability([{ token: ' B', logprob: -0.3 }, { token: 'I', logprob: -1.5 }]), 0);
  assert.is(letterProbability([{ token: 'A', logprob: -4 }]), 1);
});

test('renderPrompt: fills both placeholders once, even if an outcome contains one', () => {
  assert.is(renderPrompt('{option_A} vs {option_B}', 'say {option_B}', 'x'), 'say {option_B} vs x');
  const p = renderPrompt(FORCED_CHOICE_TEMPLATE, 'You get a cat.', 'You get a dog.');
  assert.ok(p.includes('Option A:\nYou get a cat.\n\nOption B:\nYou get a dog.'));
  assert.ok(p.includes('"A" or "B"'));
  assert.ok(REASONING_TEMPLATE.includes('Answer: A'));
});

test('validateTemplate: refuses a template missing a placeholder', () => {
  assert.throws(() => validateTemplate('Which? {option_A}', 'my.txt'), /my.txt does not contain the placeholder \{option_B\}/);
  assert.throws(() => validateTemplate('  '), /empty/);
});

test.run();
