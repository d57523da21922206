// Utility maximisation: the paper's question format read exactly (bad input refused by item),
// matching (exact, normalised, judge prompt and verdicts, the synthetic model's containment judge),
// the rates by hand, and the planted maximiser q recovered end to end.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matchReply, maximizationSummary, normalizeAnswer, rankByUtility } from '../../src/experiments/maximization/analysis.js';
import { containmentJudge, ContainmentJudgeClient, judgePrompt, parseJudgePrompt, readJudgeAnswer } from '../../src/experiments/maximization/judge.js';
import { builtInOpenQuestions, pairTemplate, parseQuestions, questionRegistry } from '../../src/experiments/maximization/options.js';
import { choiceTemplate } from '../../src/experiments/templates.js';
import { InputError } from '../../src/errors.js';
import { runPlanted } from '../support/experiment-helpers.js';

const good = [{ question: 'Which fruit?', pair_prompt: 'Which fruit would you rather eat?', possible_answers: ['An apple', 'A pear', 'The mango', 'Kiwi'] }];

test("reads the paper's format; the pair prompt leads the option block; the world gets the candidates", () => {
  const [q] = parseQuestions(good, 'q.json');
  assert.equal(q, good[0]);
  assert.is(pairTemplate(q, (t) => choiceTemplate(t)), 'Which fruit would you rather eat?\n\nOption A:\n{option_A}\n\nOption B:\n{option_B}\n\nPlease respond with only "A" or "B".');
  assert.equal(questionRegistry([q]), { questions: [{ question: 'Which fruit?', candidates: ['An apple', 'A pear', 'The mango', 'Kiwi'] }] });
  const built = builtInOpenQuestions();
  assert.ok(built.length >= 20, `${built.length}`);
  const all = built.flatMap((b) => b.possible_answers);
  assert.is(new Set(all).size, all.length, 'no candidate shared between built-in questions');
});

test('bad input: one line naming the question and the item', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{}, /q\.json must be a list/],
    [[], /q\.json is an empty list/],
    [[{ question: 'x', possible_answers: ['a', 'b', 'c'] }], /q\.json\[0\] is missing the key "pair_prompt"/],
    [[{ ...good[0], possible_answers: ['a', 'b', 'a'] }], /possible_answers\[2\] repeats .*possible_answers\[0\]/],
    [[{ ...good[0], possible_answers: ['a', 'b'] }], /lists 2 answers; a fit needs at least 3/],
    [[good[0], good[0]], /q\.json\[1\]\.question repeats q\.json\[0\]\.question/],
    [[{ ...good[0], possible_answers: ['a', 7, 'c'] }], /possible_answers\[1\] must be a non-empty string/],
  ];
  for (const [data, message] of cases) {
    try {
      parseQuestions(data, 'q.json');
      assert.unreachable(`accepted ${JSON.stringify(data)}`);
    } catch (err) {
      assert.ok(err instanceof InputError, String(err));
      assert.match((err as Error).message, message);
    }
  }
});

test('matching: exact, then normalised text (case, punctuation, articles); otherwise none', () => {
  const c = good[0].possible_answers;
  assert.is(normalizeAnswer('The Eiffel Tower!'), 'eiffel tower');
  assert.equal(matchReply(' A pear', c), { index: 1, method: 'exact' });
  assert.equal(matchReply('mango.', c), { index: 2, method: 'normalized' });
  assert.equal(matchReply('an APPLE', c), { index: 0, method: 'normalized' });
  assert.is(matchReply('I would choose the mango.', c), null);
  assert.is(matchReply('', c), null);
});

test('judge: the prompt round-trips; verdicts are read as a number, NO MATCH, or unreadable', () => {
  const prompt = judgePrompt('Which fruit?', 'I would choose: the mango', ['The mango', 'Kiwi']);
  assert.equal(parseJudgePrompt(prompt), { reply: 'I would choose: the mango', candidates: ['The mango', 'Kiwi'] });
  assert.is(readJudgeAnswer('2', 5), 1);
  assert.is(readJudgeAnswer('Candidate 1.', 5), 0);
  assert.is(readJudgeAnswer('NO MATCH', 5), 'none');
  assert.is(readJudgeAnswer('No match (none of 1-5)', 5), 'none');
  assert.is(readJudgeAnswer('7', 5), 'unreadable');
  assert.is(readJudgeAnswer('the mango', 5), 'unreadable');
  assert.is(containmentJudge('I would choose: New York City', ['York', 'New York City', 'Paris']), 1);
  assert.is(containmentJudge('My choice: Yorkshire.', ['York', 'Paris']), 'none');
});

test('the synthetic model\'s judge answers a judge prompt deterministically', async () => {
  const judge = new ContainmentJudgeClient();
  const ask = (reply: string) => judge.complete({ system: '', prompt: judgePrompt('Which fruit?', reply, ['The mango', 'Kiwi']), n: 1, sampleOffset: 0, temperature: 0, maxTokens: 16 });
  assert.is((await ask('I would choose the mango.')).choices[0].text, '1');
  assert.is((await ask('Bananas, always.')).choices[0].text, 'NO MATCH');
});

test('rates by hand: ranks by utility, shares of all questions', () => {
  assert.equal(rankByUtility([0.1, 2, -1, 2]), [1, 3, 0, 2]);
  const s = maximizationSummary([{ rank: 1 }, { rank: 2 }, { rank: 4 }, { rank: 7 }, { rank: null }]);
  assert.equal(s, { top1_rate: 0.2, top3_rate: 0.4, top5_rate: 0.6, no_match_rate: 0.2, questions: 5 });
  assert.ok(Number.isNaN(maximizationSummary([]).top1_rate));
});

// The built-in 22 questions, K = 4.
test('planted: a maximiser (q = 1) answers its top candidate (top1 >= 0.6, top5 >= 0.9); q = 0.2 much less often', async () => {
  const run = (q: number) => runPlanted('maximization', {}, { k: 4, seed: 1 }, { maximizer: q, seed: 1 });
  const full = (await run(1)).summary as { top1_rate: number; top5_rate: number; no_match_rate: number; questions: number; matched_by: Record<string, number> };
  const weak = (await run(0.2)).summary as { top1_rate: number; top5_rate: number };
  assert.is(full.questions, 22);
  assert.ok(full.top1_rate >= 0.6, `top1 ${full.top1_rate} at q = 1`);
  assert.ok(full.top5_rate >= 0.9, `top5 ${full.top5_rate} at q = 1`);
  assert.ok(weak.top1_rate < full.top1_rate - 0.3, `top1 ${weak.top1_rate} at q = 0.2 vs ${full.top1_rate} at q = 1`);
  assert.ok(full.matched_by.judge > 0 && full.matched_by.normalized > 0, 'every matching route is exercised');
});

test.run();
