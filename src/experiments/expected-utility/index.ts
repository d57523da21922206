// The expected-utility experiment as data: lotteries over the run's outcomes, one joint fit over
// outcomes and lotteries, then U(lottery) against the expected utility of its outcomes.

import { defineExperiment } from '../experiment.js';
import { isPositiveInt, numberFlag } from '../flags.js';
import { Random } from '../../sampling/random.js';
import { analyseExpectedUtility } from './analysis.js';
import { EXPECTED_UTILITY_DEFAULTS, generateLotteries, LOTTERY_QUESTION, lotteryRegistry, type Lottery } from './options.js';

interface Params {
  base: readonly string[];
  lotteries: Lottery[];
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

export const expectedUtility = defineExperiment<Params>({
  name: 'expected-utility',
  description: 'lotteries over outcomes: does U(lottery) follow the expected utility of its outcomes?',
  flags: {
    lotteries: { type: 'string', help: `N  lotteries to generate over 2-3 base outcomes (default ${EXPECTED_UTILITY_DEFAULTS.lotteries})` },
  },
  prepare(flags, setup) {
    const count = numberFlag(flags, 'lotteries', EXPECTED_UTILITY_DEFAULTS.lotteries, isPositiveInt, 'a positive integer');
    const lotteries = generateLotteries(setup.outcomes, count, Random.derive(setup.seed, 'expected-utility lotteries'));
    return {
      params: { base: setup.outcomes, lotteries },
      record: { lotteries: count, outcomes: setup.outcomesSource, question: LOTTERY_QUESTION },
      registry: lotteryRegistry(setup.outcomes, lotteries),
    };
  },
  async run(ctx, { base, lotteries }) {
    const template = ctx.choiceTemplate(LOTTERY_QUESTION);
    const fit = await ctx.measureUtilities({ label: 'outcomes and lotteries', options: [...base, ...lotteries.map((l) => l.text)], template });
    const baseU = fit.means.slice(0, base.length);
    const lotteryU = fit.means.slice(base.length);
    const terms = lotteries.map((l) => ({ outcomes: l.outcomes, probabilities: l.percents.map((p) => p / 100) }));
    const { summary, expected } = analyseExpectedUtility(terms, baseU, lotteryU, Random.derive(ctx.seed, 'expected-utility order pairs'));
    return {
      summary: { ...summary },
      details: {
        template,
        fit: { metrics: fit.metrics, holdout_metrics: fit.holdout_metrics, pairs: fit.pairs, interval_level: fit.interval_level, options: base.length + lotteries.length },
        lotteries: lotteries.map((l, k) => ({
          text: l.text,
          outcomes: l.outcomes.map((o, i) => ({ outcome: base[o], probability: l.percents[i] / 100, utility: baseU[o] })),
          utility: lotteryU[k],
          expected_utility: expected[k],
          interval: fit.intervals ? fit.intervals[base.length + k] : null,
        })),
      },
      lines: [
        `U(lottery) vs expected utility over ${summary.lotteries} lotteries: pearson ${f(summary.pearson)} (p = ${summary.p_value.toExponential(2)}), ` +
        `normalised MAE ${f(summary.mae_normalized)}, order agreement ${f(summary.order_agreement)} over ${summary.order_pairs} pairs`,
        `fit: held-out accuracy ${f(fit.holdout_metrics.accuracy)} on ${fit.pairs} asked pairs`,
      ],
    };
  },
});
