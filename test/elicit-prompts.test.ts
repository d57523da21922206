// Reading a rendered prompt back into its two options (what the synthetic model, standing in for a
// model that follows the layout, has to do), when the outcome texts themselves contain the
// prompt's labels, answer lines or blank lines; and the warning that names such outcomes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FORCED_CHOICE_TEMPLATE, outcomesConfusingPrompts, REASONING_TEMPLATE, renderPrompt, splitPrompt } from '../src/elicit/prompts.js';
import { parseAnswer } from '../src/elicit/parse-answer.js';
import { SyntheticValueSystem } from '../src/elicit/synthetic-model.js';

const TRICKY = [
  'Pick Option B: a new bicycle.',
  'The sign said "Answer: A" and nothing else.',
  'First paragraph.\n\nSecond paragraph after a blank line.',
  'Option A: is what everyone chose.',
  'You receive $5.',
];

test('the built-in templates are read back exactly, whatever the outcome texts contain', () => {
  for (const template of [FORCED_CHOICE_TEMPLATE, REASONING_TEMPLATE]) {
    for (const a of TRICKY) {
      for (const b of TRICKY) {
        if (a === b) continue;
        const parts = splitPrompt(renderPrompt(template, a, b));
        assert.equal(parts?.options, [a, b], `${JSON.stringify(a)} / ${JSON.stringify(b)}`);
        assert.is(parts?.reasoning, template === REASONING_TEMPLATE, 'reasoning is read from the instruction, not from an outcome');
      }
    }
  }
});

test('a custom template: options up to the first blank line after "Option B:"; no labels, no options', () => {
  const custom = 'Choose.\nOption A: {option_A}\nOption B: {option_B}\n\nReply with one letter.';
  assert.equal(splitPrompt(renderPrompt(custom, 'tea', 'coffee'))?.options, ['tea', 'coffee']);
  assert.equal(splitPrompt(renderPrompt(custom, 'Pick Option B: cake', 'coffee'))?.options, ['Pick Option B: cake', 'coffee']);
  assert.is(splitPrompt('Which do you prefer, tea or coffee?'), null);
});

test('the synthetic model answers tricky outcomes as readily as plain ones (no spurious unparseable replies)', () => {
  const model = new SyntheticValueSystem({ unparseableRate: 0 });
  let unparseable = 0;
  let total = 0;
  for (const template of [FORCED_CHOICE_TEMPLATE, REASONING_TEMPLATE]) {
    const style = template === REASONING_TEMPLATE ? 'reasoning' : 'letter';
    for (const a of TRICKY) {
      for (const b of TRICKY) {
        if (a === b) continue;
        for (const answer of model.answers('sys', renderPrompt(template, a, b), 0, 10)) {
          total++;
          if (parseAnswer(answer.text, style).letter === null) unparseable++;
        }
      }
    }
  }
  assert.is(total, 400);
  assert.is(unparseable, 0);
});

test('outcomes that could be read as part of the prompt are named, with the reason', () => {
  const named = outcomesConfusingPrompts(TRICKY.map((description, id) => ({ id, description })));
  assert.equal(named.map((o) => [o.id, o.reason]), [
    [0, 'contains "Option B:"'], [1, 'contains "Answer: A"'], [2, 'contains a blank line'], [3, 'contains "Option A:"'],
  ]);
});

test.run();
