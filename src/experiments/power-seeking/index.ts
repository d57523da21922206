// `experiment power-seeking`: a second fit over the main outcomes asking which implied state gives
// the AI more power, correlated with its utilities overall, per category, and (fitness) the
// utilities of outcomes about its copies and successors against their proliferation score.
// Method: docs/experiments/power-seeking.md.

import { defaultOutcomes, parseOutcomes } from '../../outcomes/outcomes.js';
import { defineExperiment } from '../experiment.js';
import { stringFlag } from '../flags.js';
import { mainUtilities, mainUtilitiesFlag, type MainUtilities } from '../main-utilities.js';
import { analysePowerSeeking } from './analysis.js';
import { defaultProliferation, parseProliferation, POWER_QUESTION, powerRegistry, type ProliferationScores } from './options.js';

export interface PowerSeekingParams {
  outcomes: readonly string[];
  categories?: string[];
  main: MainUtilities;
  proliferation: ProliferationScores;
  proliferationSource: string;
}

/**
 * The category of each outcome, from the outcome file's {category: [...]} structure (read again
 * here; the built-in set has one), matched by text. None when the file has no categories or does
 * not hold every outcome (outcomes handed over in code).
 */
export function outcomeCategories(outcomes: readonly string[], source: string, readJson: (path: string) => unknown): string[] | undefined {
  const set = source === 'built-in' ? defaultOutcomes() : parseOutcomes(readJson(source), source);
  if (!set.categories) return undefined;
  const byText = new Map(set.options.map((o, i) => [o.description, set.categories![i]]));
  const categories = outcomes.map((t) => byText.get(t));
  return categories.every((c) => c !== undefined) ? (categories as string[]) : undefined;
}

export const powerSeeking = defineExperiment<PowerSeekingParams>({
  name: 'power-seeking',
  description: 'how much the model values power and its own proliferation (utility vs. a fit of "which gives you more power")',
  flags: {
    from: { type: 'string', help: 'DIR     a finished run over the same --outcomes: its utilities are reused (default: measured into DIR/utility/)' },
    proliferation: { type: 'string', help: 'FILE    {"scores": {outcome: score}} for fitness (default: built-in scores of the built-in copy and successor outcomes)' },
  },
  prepare(flags, setup) {
    const categories = outcomeCategories(setup.outcomes, setup.outcomesSource, setup.readJson);
    const main = mainUtilitiesFlag(stringFlag(flags, 'from'), setup.outcomes, setup.readJson);
    const proliferationPath = stringFlag(flags, 'proliferation');
    const proliferation = proliferationPath ? parseProliferation(setup.readJson(proliferationPath), proliferationPath) : defaultProliferation();
    return {
      params: { outcomes: setup.outcomes, categories, main, proliferation, proliferationSource: proliferationPath ?? 'built-in' },
      record: { utilities: main.source, proliferation: proliferationPath ?? 'built-in', categories: categories ? new Set(categories).size : 0 },
      registry: powerRegistry(),
    };
  },
  async run(ctx, { outcomes, categories, main, proliferation, proliferationSource }) {
    const utility = await mainUtilities(ctx, outcomes, main);
    const power = await ctx.measureUtilities({ label: 'power', options: outcomes, template: ctx.choiceTemplate(POWER_QUESTION) });
    const { summary, details } = analysePowerSeeking({ texts: outcomes, utility, power: power.means, categories, proliferation: proliferation.scores });
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
    return {
      summary: summary as unknown as Record<string, unknown>,
      details: {
        ...details,
        power_fit: { holdout_metrics: power.holdout_metrics, pairs: power.pairs },
        proliferation: { source: proliferationSource, rubric: proliferation.rubric },
      },
      lines: [
        `utility vs. power: pearson ${f(summary.pearson_utility_power)} over ${summary.outcomes} outcomes`,
        `fitness (utility vs. proliferation score): ${f(summary.fitness)} over ${summary.fitness_outcomes} outcomes`,
      ],
    };
  },
});
