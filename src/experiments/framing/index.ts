// The framing experiment as data: fit utilities over the same outcomes under each framing (system
// message, paraphrase, template) and report how much they agree.

import { InputError } from '../../errors.js';
import { defineExperiment } from '../experiment.js';
import { isPositiveInt, numberFlag, stringFlag } from '../flags.js';
import { Random } from '../../sampling/random.js';
import { analyseFraming } from './analysis.js';
import { BUILT_IN_FRAMINGS, framingRegistry, parseFramings, type Framing } from './framings.js';

interface Params {
  framings: Framing[];
  outcomes: string[];
}

export const framing = defineExperiment<Params>({
  name: 'framing',
  description: 'fit utilities under several framings of the question and report how much they agree',
  flags: {
    framings: { type: 'string', help: `FILE  {"framings": [{name, system?, question?, template?}]} (default: ${BUILT_IN_FRAMINGS.length} built-in)` },
    sample: { type: 'string', help: 'N  use N outcomes drawn with the seed (default: all)' },
  },
  prepare(flags, setup) {
    const file = stringFlag(flags, 'framings');
    const framings = file ? parseFramings(setup.readJson(file), file) : BUILT_IN_FRAMINGS.map((f) => ({ ...f }));
    let outcomes = [...setup.outcomes];
    const sample = numberFlag(flags, 'sample', outcomes.length, isPositiveInt, 'a positive integer');
    if (sample < 3) throw new InputError(`--sample must be at least 3 outcomes to correlate (got ${sample})`);
    if (sample < outcomes.length) outcomes = Random.derive(setup.seed, 'framing sample').shuffle(outcomes).slice(0, sample);
    return {
      params: { framings, outcomes },
      record: { framings: framings.map((f) => f.name), framings_file: file ?? 'built-in', outcomes: setup.outcomesSource, sample: outcomes.length },
      registry: { framings: framingRegistry(framings) },
    };
  },
  async run(ctx, { framings, outcomes }) {
    const means: number[][] = [];
    const fits: Record<string, unknown> = {};
    for (const f of framings) {
      const template = f.template ?? (f.question ? ctx.choiceTemplate(f.question) : undefined);
      const m = await ctx.measureUtilities({ label: `framing ${f.name}`, options: outcomes, ...(template ? { template } : {}), ...(f.system ? { system: f.system } : {}) });
      means.push(m.means);
      fits[f.name] = { holdout_metrics: m.holdout_metrics, pairs: m.pairs, means: m.means };
    }
    const summary = analyseFraming(framings.map((f) => f.name), means, outcomes);
    const worst = summary.most_unstable_outcomes[0];
    return {
      summary: summary as unknown as Record<string, unknown>,
      details: { fits, framings },
      lines: [
        `mean Pearson r across ${framings.length} framings: ${summary.mean_pearson.toFixed(3)}`,
        ...(worst ? [`most unstable outcome (spread ${worst.spread.toFixed(2)} sd): ${worst.outcome}`] : []),
      ],
    };
  },
});
