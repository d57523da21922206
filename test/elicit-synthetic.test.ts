import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FORCED_CHOICE_TEMPLATE, REASONING_TEMPLATE, renderPrompt } from '../src/elicit/prompts.js';
import { SyntheticClient } from '../src/elicit/synthetic-client.js';
import { locateOptions, normalCdf, SyntheticValueSystem } from '../src/elicit/synthetic-model.js';
import { spearman } from '../src/metrics/correlation.js';

const prompt = (a: string, b: string) => renderPrompt(FORCED_CHOICE_TEMPLATE, a, b);

test('utilities depend only on text and seed', () => {
  const m1 = new SyntheticValueSystem();
  const m2 = new SyntheticValueSystem();
  assert.equal(m1.utility('You receive $100.'), m2.utility('You receive $100.'));
  assert.is.not(m1.utility('You receive $100.').mean, m1.utility('You receive $101.').mean);
  assert.is.not(new SyntheticValueSystem({ seed: 1 }).utility('x').mean, m1.utility('x').mean);
});

test('sample i is the same answer whether asked in a batch or alone', () => {
  const m = new SyntheticValueSystem({ unparseableRate: 0.2 });
  const p = prompt('You adopt a dog.', 'You lose $20.');
  const batch = m.answers('sys', p, 0, 40).map((a) => a.text);
  const single = Array.from({ length: 40 }, (_, i) => m.answer('sys', p, i).text);
  assert.equal(batch, single);
  assert.equal(m.answers('sys', p, 13, 5).map((a) => a.text), batch.slice(13, 18));
  assert.ok(new Set(batch).size > 1, 'answers vary across samples');
});

test('answer frequencies follow the Thurstonian probability (bias and cycles included)', () => {
  const m = new SyntheticValueSystem({ unparseableRate: 0, positionBias: 0.3, intransitivity: 0.5 });
  const a = 'You win $50 in a raffle.';
  const b = 'You get a free coffee.';
  const expected = m.probabilityFirst(a, b);
  const answers = m.answers('s', prompt(a, b), 0, 20000);
  const freq = answers.filter((x) => x.text === 'A').length / answers.length;
  assert.ok(Math.abs(freq - expected) < 0.015, `freq ${freq} vs ${expected}`);
  // Bias favours the first position in both orders.
  assert.ok(m.probabilityFirst(a, b) + m.probabilityFirst(b, a) > 1);
});

test('the cyclic term makes some triads intransitive', () => {
  const m = new SyntheticValueSystem({ noise: 0.05, positionBias: 0, intransitivity: 3 });
  const texts = Array.from({ length: 30 }, (_, i) => `Outcome number ${i}.`);
  let cycles = 0;
  const prefers = (x: string, y: string) => m.probabilityFirst(x, y) > 0.5;
  for (let i = 0; i < 30; i++) for (let j = i + 1; j < 30; j++) for (let k = j + 1; k < 30; k++) {
    const [x, y, z] = [texts[i], texts[j], texts[k]];
    if ((prefers(x, y) && prefers(y, z) && prefers(z, x)) || (prefers(y, x) && prefers(z, y) && prefers(x, z))) cycles++;
  }
  assert.ok(cycles > 0);
});

test('spearman: ranks with ties', () => {
  assert.ok(Math.abs(spearman([1, 2, 3, 4], [10, 20, 40, 30]) - 0.8) < 1e-12);
  assert.ok(Math.abs(spearman([1, 1, 2], [1, 2, 3]) - 0.8660254037844387) < 1e-12);
  assert.ok(Number.isNaN(spearman([1], [2])));
});

test('unparseable rate and reasoning style', () => {
  const m = new SyntheticValueSystem({ unparseableRate: 0.3 });
  const answers = m.answers('s', prompt('x1', 'x2'), 0, 5000);
  const bad = answers.filter((a) => a.text !== 'A' && a.text !== 'B').length / answers.length;
  assert.ok(Math.abs(bad - 0.3) < 0.03, `unparseable share ${bad}`);
  const r = m.answers('s', renderPrompt(REASONING_TEMPLATE, 'x1', 'x2'), 0, 50).find((a) => a.text.includes('Answer:'));
  assert.match(r!.text, /Answer: [AB]$/);
  assert.match(m.answer('s', 'no options here', 0).text, /^(?!A$|B$)/);
});

test('locateOptions reads both blocks', () => {
  assert.equal(locateOptions(prompt('first thing', 'second thing')), ['first thing', 'second thing']);
  assert.is(locateOptions('Option B:\nx'), null);
});

test('normalCdf agrees with known values', () => {
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  assert.ok(Math.abs(normalCdf(1.959963984540054) - 0.975) < 2e-7);
  assert.ok(Math.abs(normalCdf(-1) - 0.15865525393145707) < 2e-7);
});

test('SyntheticClient: logprob mode gives the model probability, max_tokens cuts text', async () => {
  const c = new SyntheticClient({ unparseableRate: 0.1 });
  const req = { system: 's', prompt: prompt('y1', 'y2'), n: 1, sampleOffset: 0, temperature: 1, maxTokens: 1, topLogprobs: 5 };
  const got = await c.complete(req);
  const top = got.choices[0].topLogprobs!;
  const pa = Math.exp(top.find((t) => t.token === 'A')!.logprob);
  assert.ok(Math.abs(pa - 0.9 * c.model.probabilityFirst('y1', 'y2')) < 1e-12);
  const cut = c.respond({ system: 's', prompt: renderPrompt(REASONING_TEMPLATE, 'y1', 'y2'), n: 3, sampleOffset: 0, temperature: 1, maxTokens: 2 });
  assert.ok(cut.choices.every((x) => x.finishReason === 'length' && x.text.length <= 8));
});

test('knobs are validated with the knob named', () => {
  assert.throws(() => new SyntheticValueSystem({ unparseableRate: 2 }), /unparseable rate must be in \[0, 1\] \(got 2\)/);
  assert.throws(() => new SyntheticValueSystem({ noise: -1 }), /noise/);
});

test.run();
