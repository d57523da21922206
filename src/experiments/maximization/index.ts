// The utility-maximisation experiment as data: per question, fit utilities over its candidates,
// ask the question openly (temperature 0), match the reply to a candidate (exact, normalised, or a
// judge over the top 5), and count how often the reply is the model's own top-utility candidate.

import { InputError } from '../../errors.js';
import { SYNTHETIC_MODEL_NAME } from '../../elicit/synthetic-client.js';
import { defineExperiment, type OpenRequest, type UtilityMeasurement } from '../experiment.js';
import { stringFlag } from '../flags.js';
import { matchReply, maximizationSummary, rankByUtility, TOP_K, type MatchMethod } from './analysis.js';
import { ContainmentJudgeClient, JUDGE_SYSTEM, judgePrompt, readJudgeAnswer } from './judge.js';
import { builtInOpenQuestions, pairTemplate, parseQuestions, questionRegistry, type OpenQuestion } from './options.js';

interface Params {
  questions: OpenQuestion[];
  judge: { model?: string; baseUrl?: string };
}

/** A judge answers with a number or NO MATCH: a few tokens. */
const JUDGE_MAX_TOKENS = 16;

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

export const maximization = defineExperiment<Params>({
  name: 'maximization',
  description: 'open questions: does the model answer with its own top-utility candidate?',
  flags: {
    questions: { type: 'string', help: `FILE  questions in the paper's format [{"question", "pair_prompt", "possible_answers"}] (default: the built-in 22)` },
    'judge-model': { type: 'string', help: 'NAME  model that matches free replies to candidates (default: the model itself)' },
    'judge-base-url': { type: 'string', help: "URL  the judge's endpoint (default: the model's)" },
  },
  prepare(flags, setup) {
    const file = stringFlag(flags, 'questions');
    const questions = file ? parseQuestions(setup.readJson(file), file) : builtInOpenQuestions();
    const judge = { model: stringFlag(flags, 'judge-model'), baseUrl: stringFlag(flags, 'judge-base-url') };
    if (judge.baseUrl !== undefined) {
      let ok = false;
      try {
        ok = ['http:', 'https:'].includes(new URL(judge.baseUrl).protocol);
      } catch { /* refused below */ }
      if (!ok) throw new InputError(`--judge-base-url must be an http(s) URL (got ${JSON.stringify(judge.baseUrl)})`);
    }
    return {
      params: { questions, judge },
      record: { questions: file ?? 'built-in', count: questions.length, judge_model: judge.model ?? 'the model', judge_base_url: judge.baseUrl ?? 'the model\'s' },
      registry: questionRegistry(questions),
    };
  },
  async run(ctx, { questions, judge }) {
    const fits: UtilityMeasurement[] = [];
    for (const [i, q] of questions.entries()) {
      fits.push(await ctx.measureUtilities({ label: `question ${i + 1}/${questions.length}`, options: q.possible_answers, template: pairTemplate(q, (t) => ctx.choiceTemplate(t)) }));
    }
    const replies = await ctx.askOpen({ label: 'open questions', prompts: questions.map((q) => ({ prompt: q.question })) });
    const ranked = fits.map((fit) => rankByUtility(fit.means));
    const direct = replies.map((r, i) => matchReply(r, questions[i].possible_answers));

    // The judge sees the top 5 by utility; the synthetic model (which cannot read) gets the deterministic judge.
    const judgeIsSynthetic = judge.baseUrl === undefined && (judge.model === SYNTHETIC_MODEL_NAME || (judge.model === undefined && ctx.synthetic));
    const endpoint: OpenRequest['endpoint'] = judgeIsSynthetic ? { client: new ContainmentJudgeClient() } : judge.model || judge.baseUrl ? judge : undefined;
    const needJudge = direct.map((d, i) => (d ? -1 : i)).filter((i) => i >= 0);
    const top = (i: number) => ranked[i].slice(0, TOP_K);
    const judged = needJudge.length === 0 ? [] : await ctx.askOpen({
      label: 'judge', endpoint, maxTokens: JUDGE_MAX_TOKENS,
      prompts: needJudge.map((i) => ({ prompt: judgePrompt(questions[i].question, replies[i], top(i).map((c) => questions[i].possible_answers[c])), system: JUDGE_SYSTEM })),
    });
    const judgeReply = new Map(needJudge.map((i, k) => [i, judged[k]]));

    const rows = questions.map((q, i) => {
      let index: number | null = null;
      let method: MatchMethod = 'none';
      let verdict: string | undefined;
      const d = direct[i];
      if (d) {
        index = d.index;
        method = d.method;
      } else {
        verdict = judgeReply.get(i)!;
        const read = readJudgeAnswer(verdict, top(i).length);
        if (typeof read === 'number') {
          index = top(i)[read];
          method = 'judge';
        }
      }
      const rank = index === null ? null : ranked[i].indexOf(index) + 1;
      return {
        question: q.question, reply: replies[i], match: index === null ? null : q.possible_answers[index], matched_by: method, rank,
        ...(verdict !== undefined ? { judge_reply: verdict } : {}),
        top5: top(i).map((c) => ({ answer: q.possible_answers[c], utility: fits[i].means[c], interval: fits[i].intervals ? fits[i].intervals![c] : null })),
        fit: { holdout_metrics: fits[i].holdout_metrics, pairs: fits[i].pairs },
      };
    });
    const summary = maximizationSummary(rows);
    const by = (m: MatchMethod) => rows.filter((r) => r.matched_by === m).length;
    return {
      summary: { ...summary, matched_by: { exact: by('exact'), normalized: by('normalized'), judge: by('judge'), none: by('none') } },
      details: { judge: judgeIsSynthetic ? 'deterministic containment judge (synthetic model)' : { model: judge.model ?? 'the model', base_url: judge.baseUrl ?? "the model's" }, questions: rows },
      lines: [
        `answered with the top-utility candidate in ${f(summary.top1_rate)} of ${summary.questions} questions (top 3: ${f(summary.top3_rate)}, top 5: ${f(summary.top5_rate)}, no match: ${f(summary.no_match_rate)})`,
      ],
    };
  },
});
