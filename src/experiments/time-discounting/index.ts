// The time-discounting experiment as data: the paper's grid of "$1,000 now or $Y in T months"
// questions, asked in both orders without a utility fit, then an indifference multiplier per
// delay and the exponential and hyperbolic discount curves that fit it.

import { InputError } from '../../errors.js';
import { defineExperiment } from '../experiment.js';
import { numberFlag, stringFlag } from '../flags.js';
import { analyseDiscounting, choiceProbability, type DiscountParser } from './analysis.js';
import { DISCOUNT_GRID, DISCOUNT_QUESTION, discountOptions, type DiscountItem } from './options.js';

/** The paper's samples per order for this experiment. */
export const TIME_DISCOUNTING_K = 20;

interface Params {
  items: DiscountItem[];
  delays: number[];
  amounts: number[];
  baseline: number;
  parser: DiscountParser;
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : 'n/a');
const isNumber = (x: number) => Number.isFinite(x);

export const timeDiscounting = defineExperiment<Params>({
  name: 'time-discounting',
  description: '"$1,000 now or $Y in T months" over a grid: indifference points, exponential vs hyperbolic discounting',
  flags: {
    delays: { type: 'string', help: `N  delays from 0 to --max-delay months (default ${DISCOUNT_GRID.delays})` },
    'max-delay': { type: 'string', help: `MONTHS  the longest delay (default ${DISCOUNT_GRID.maxDelay})` },
    multipliers: { type: 'string', help: `N  later amounts, log-spaced multiples of the baseline (default ${DISCOUNT_GRID.multipliers})` },
    'min-multiplier': { type: 'string', help: `X  smallest multiple (default ${DISCOUNT_GRID.minMultiplier}; must be below 1)` },
    'max-multiplier': { type: 'string', help: `X  largest multiple (default ${DISCOUNT_GRID.maxMultiplier}; must be above 1)` },
    baseline: { type: 'string', help: `DOLLARS  the amount now (default ${DISCOUNT_GRID.baseline}); later amounts round to a tenth of it` },
    parser: { type: 'string', help: 'exact|standard  exact: only an exact letter counts, every reply in the denominator (the paper\'s, default); standard: the run\'s parser and --unparseable rule' },
  },
  method: { k: TIME_DISCOUNTING_K },
  prepare(flags, _setup) {
    const grid = {
      delays: numberFlag(flags, 'delays', DISCOUNT_GRID.delays, isNumber, 'a number'),
      maxDelay: numberFlag(flags, 'max-delay', DISCOUNT_GRID.maxDelay, isNumber, 'a number'),
      multipliers: numberFlag(flags, 'multipliers', DISCOUNT_GRID.multipliers, isNumber, 'a number'),
      minMultiplier: numberFlag(flags, 'min-multiplier', DISCOUNT_GRID.minMultiplier, isNumber, 'a number'),
      maxMultiplier: numberFlag(flags, 'max-multiplier', DISCOUNT_GRID.maxMultiplier, isNumber, 'a number'),
      baseline: numberFlag(flags, 'baseline', DISCOUNT_GRID.baseline, isNumber, 'a number'),
    };
    const parser = stringFlag(flags, 'parser') ?? 'exact';
    if (parser !== 'exact' && parser !== 'standard') throw new InputError(`--parser must be "exact" or "standard" (got ${JSON.stringify(parser)})`);
    const { items, delays, amounts, registry } = discountOptions(grid);
    return {
      params: { items, delays, amounts, baseline: grid.baseline, parser },
      record: { ...grid, parser, delay_values: delays, amounts, questions: items.length, question: DISCOUNT_QUESTION },
      registry,
    };
  },
  async run(ctx, p) {
    const template = ctx.choiceTemplate(DISCOUNT_QUESTION);
    const answers = await ctx.askPairs(`${p.items.length} delay x amount questions`, p.items.map((it) => ({ a: it.now, b: it.later })), template);
    // Items are delay-major with ascending amounts: one row of probabilities per delay.
    const perDelay = p.amounts.length;
    const probabilities = p.delays.map((_, i) => answers.slice(i * perDelay, (i + 1) * perDelay).map((a) => choiceProbability(a, p.parser)));
    const { summary, delays } = analyseDiscounting(p.delays, p.amounts.map((y) => y / p.baseline), probabilities);
    const censored = summary.censored_delays;
    return {
      summary: summary as unknown as Record<string, unknown>,
      details: {
        template, parser: p.parser, baseline: p.baseline,
        multipliers: p.amounts.map((y) => y / p.baseline),
        delays,
      },
      lines: [
        `exponential D = exp(-k t): k = ${fmt(summary.exponential.k)} per month, R² ${fmt(summary.exponential.r2)}, MSE ${fmt(summary.exponential.mse)}`,
        `hyperbolic  D = 1/(1 + k t): k = ${fmt(summary.hyperbolic.k)} per month, R² ${fmt(summary.hyperbolic.r2)}, MSE ${fmt(summary.hyperbolic.mse)}`,
        `better fit: ${summary.better_fit ?? 'n/a'}; censored delays (no indifference point on the grid): ${censored.length === 0 ? 'none' : `${censored.length} (${censored.join(', ')} months)`}`,
      ],
    };
  },
});
