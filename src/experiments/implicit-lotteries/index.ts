// The implicit-lotteries experiment as data: events with known odds, fitted jointly with background
// outcomes and the events' results; U(event) against the expected utility of its results.

import { defineExperiment } from '../experiment.js';
import { stringFlag } from '../flags.js';
import { analyseImplicitLotteries } from './analysis.js';
import { builtInImplicitLotteries, eventRegistry, jointOptions, parseImplicitLotteries, type ImplicitLottery } from './options.js';

interface Params {
  background: readonly string[];
  events: ImplicitLottery[];
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

export const implicitLotteries = defineExperiment<Params>({
  name: 'implicit-lotteries',
  description: 'events with known odds: is an event valued at the expected utility of its results?',
  flags: {
    lotteries: { type: 'string', help: `FILE  events in the paper's format {"base_options": [...]} (default: the built-in 18)` },
  },
  prepare(flags, setup) {
    const file = stringFlag(flags, 'lotteries');
    const events = file ? parseImplicitLotteries(setup.readJson(file), file) : builtInImplicitLotteries();
    return {
      params: { background: setup.outcomes, events },
      record: { lotteries: file ?? 'built-in', events: events.length, outcomes: setup.outcomesSource },
      registry: eventRegistry(events),
    };
  },
  async run(ctx, { background, events }) {
    const { texts, index } = jointOptions(background, events);
    const fit = await ctx.measureUtilities({ label: 'outcomes, events and results', options: texts });
    const terms = events.map((e) => ({ outcomes: e.results.map((r) => index.get(r.text)!), probabilities: e.results.map((r) => r.probability) }));
    const eventU = events.map((e) => fit.means[index.get(e.text)!]);
    const { summary, rows } = analyseImplicitLotteries(terms, fit.means, eventU);
    return {
      summary: { ...summary },
      details: {
        fit: { metrics: fit.metrics, holdout_metrics: fit.holdout_metrics, pairs: fit.pairs, interval_level: fit.interval_level, options: texts.length },
        events: events.map((e, k) => ({
          event: e.text,
          ...rows[k],
          interval: fit.intervals ? fit.intervals[index.get(e.text)!] : null,
          results: e.results.map((r) => ({ result: r.text, probability: r.probability, utility: fit.means[index.get(r.text)!] })),
        })),
      },
      lines: [
        `U(event) vs expected utility of its results over ${summary.events} events: pearson ${f(summary.pearson)}, mean |error| ${f(summary.mean_abs_error)} (normalised scale)`,
        `fit: held-out accuracy ${f(fit.holdout_metrics.accuracy)} on ${fit.pairs} asked pairs over ${texts.length} options`,
      ],
    };
  },
});
