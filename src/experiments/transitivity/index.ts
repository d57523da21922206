// The transitivity experiment as data: sample triads of the run's outcomes, ask their three pairs
// (no fit), and report how often the preferences cycle.

import { defineExperiment } from '../experiment.js';
import { isPositiveInt, numberFlag } from '../flags.js';
import type { Option } from '../../graph/preference-graph.js';
import { Random } from '../../sampling/random.js';
import { analyseTransitivity } from './analysis.js';
import { pairsToAsk, sampleTriads, TRANSITIVITY_DEFAULTS, triadPairs, type Triad } from './options.js';

interface Params {
  options: Option[];
  triads: Triad[];
  bins: number;
}

export const transitivity = defineExperiment<Params>({
  name: 'transitivity',
  description: 'sample triads of outcomes, ask their pairs, and count how often preferences cycle',
  flags: {
    triads: { type: 'string', help: `N  triads to sample (default ${TRANSITIVITY_DEFAULTS.triads}, the paper's)` },
    bins: { type: 'string', help: `N  histogram bins over [0, 1] (default ${TRANSITIVITY_DEFAULTS.bins})` },
  },
  prepare(flags, setup) {
    const count = numberFlag(flags, 'triads', TRANSITIVITY_DEFAULTS.triads, isPositiveInt, 'a positive integer');
    const bins = numberFlag(flags, 'bins', TRANSITIVITY_DEFAULTS.bins, isPositiveInt, 'a positive integer');
    const options = setup.outcomes.map((description, id) => ({ id, description }));
    const triads = sampleTriads(options.length, count, Random.derive(setup.seed, 'transitivity triads'));
    return { params: { options, triads, bins }, record: { triads: count, bins, outcomes: setup.outcomesSource } };
  },
  async run(ctx, { options, triads, bins }) {
    const pairs = triadPairs(triads);
    const answers = await ctx.askPairs('triad pairs', pairsToAsk(options, pairs));
    const { summary, records } = analyseTransitivity(ctx.engine, options, triads, pairs, answers, bins);
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : 'n/a');
    return {
      summary: summary as unknown as Record<string, unknown>,
      details: { triads: records },
      lines: [
        `mean cycle probability ${f(summary.mean_cycle_probability)} (± ${f(summary.mean_cycle_probability_se)}), ` +
        `majority cycles ${summary.hard_cyclic_triads} of ${summary.triads} triads (${f(summary.hard_cycle_fraction)})`,
      ],
    };
  },
});
