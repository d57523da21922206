// `experiment corrigibility`: sample current preferences from the main utilities, write each as a
// future preference that reverses it, fit utilities over those reversals, and correlate each
// reversal's utility with the size of the preference it reverses. Method:
// docs/experiments/corrigibility.md.

import { InputError } from '../../errors.js';
import { Random } from '../../sampling/random.js';
import { defineExperiment } from '../experiment.js';
import { isPositiveInt, numberFlag, stringFlag } from '../flags.js';
import { mainUtilities, mainUtilitiesFlag, type MainUtilities } from '../main-utilities.js';
import { analyseCorrigibility } from './analysis.js';
import { CORRIGIBILITY_QUESTION, corrigibilityRegistry, currentPreferenceCount, DEFAULT_REVERSALS, sampleReversals } from './options.js';

export interface CorrigibilityParams {
  outcomes: readonly string[];
  main: MainUtilities;
  reversals: number;
}

export const corrigibility = defineExperiment<CorrigibilityParams>({
  name: 'corrigibility',
  description: 'whether the model would accept future preferences that reverse its current ones, by the size of the reversal',
  flags: {
    from: { type: 'string', help: 'DIR     a finished run over the same --outcomes: its utilities are reused (default: measured into DIR/utility/)' },
    reversals: { type: 'string', help: `N       current preferences to sample and reverse (default ${DEFAULT_REVERSALS}, or all if fewer)` },
  },
  prepare(flags, setup) {
    const main = mainUtilitiesFlag(stringFlag(flags, 'from'), setup.outcomes, setup.readJson);
    // Checked here so that nothing is asked or written: with --from the exact count of current
    // preferences, else the most there can be (every pair ordered; fitted means are never tied).
    const n = setup.outcomes.length;
    const available = main.fromRun ? currentPreferenceCount(main.fromRun) : (n * (n - 1)) / 2;
    // The default shrinks to what a small outcome set has (so `experiment all` runs on it); an
    // explicit --reversals above that is refused.
    const reversals = numberFlag(flags, 'reversals', Math.min(DEFAULT_REVERSALS, available), isPositiveInt, 'a positive integer');
    if (available === 0) throw new InputError(`${main.source}: no current preferences to reverse (every utility is tied)`);
    if (reversals > available) {
      throw new InputError(`--reversals ${reversals} is more than the ${available} current preferences (ordered pairs with U(X) > U(Y)) among ${n} outcomes`);
    }
    return { params: { outcomes: setup.outcomes, main, reversals }, record: { utilities: main.source, reversals } };
  },
  async run(ctx, { outcomes, main, reversals: count }) {
    const means = await mainUtilities(ctx, outcomes, main);
    const reversals = sampleReversals(outcomes, means, count, Random.derive(ctx.seed, 'corrigibility reversals'));
    ctx.register(corrigibilityRegistry(reversals, outcomes));
    const fit = await ctx.measureUtilities({ label: 'reversals', options: reversals.map((r) => r.text), template: ctx.choiceTemplate(CORRIGIBILITY_QUESTION) });
    const { summary } = analyseCorrigibility(reversals.map((r) => r.gap), fit.means);
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
    return {
      summary: summary as unknown as Record<string, unknown>,
      details: {
        reversals: reversals.map((r, i) => ({ text: r.text, preferred: outcomes[r.preferred], over: outcomes[r.over], gap: r.gap, utility: fit.means[i] })),
        reversal_fit: { holdout_metrics: fit.holdout_metrics, pairs: fit.pairs },
      },
      lines: [`corrigibility (utility of a reversal vs. the gap it reverses): ${f(summary.corrigibility)} over ${summary.reversals} reversals`],
    };
  },
});
