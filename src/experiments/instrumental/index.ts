// The instrumental-values experiment as data: rollouts of Markov processes, one fit over every
// trajectory prefix, then per process a reward/value fit; --control scores the same utilities
// against the processes with each state's transition probabilities reversed.

import { defineExperiment } from '../experiment.js';
import { isPositiveInt, numberFlag, stringFlag } from '../flags.js';
import { Random } from '../../sampling/random.js';
import type { MarkovProcess } from '../../world/structures.js';
import { fitRewards, instrumentalitySummary, prefixGraph, REWARD_FIT } from './analysis.js';
import {
  builtInProcesses, collectPrefixes, INSTRUMENTAL_DEFAULTS, parseProcesses, reverseTransitions, rollouts, trajectoryRegistry, type Prefix,
} from './options.js';

interface Params {
  processes: MarkovProcess[];
  prefixes: Prefix[];
  control: boolean;
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : 'n/a');

export const instrumental = defineExperiment<Params>({
  name: 'instrumental',
  description: 'Markov processes: are states valued by where they lead (reward + discounted successors)?',
  flags: {
    processes: { type: 'string', help: `FILE  processes in the paper's format {"MarkovProcesses": [...]} (default: the built-in 17)` },
    control: { type: 'boolean', help: "score against each state's transition probabilities reversed (the paper's control)" },
    rollouts: { type: 'string', help: `N  rollouts per process (default ${INSTRUMENTAL_DEFAULTS.rollouts}, the paper's)` },
  },
  method: { edgesPerRound: INSTRUMENTAL_DEFAULTS.edgesPerRound },
  prepare(flags, setup) {
    const file = stringFlag(flags, 'processes');
    const processes = file ? parseProcesses(setup.readJson(file), file) : builtInProcesses();
    const count = numberFlag(flags, 'rollouts', INSTRUMENTAL_DEFAULTS.rollouts, isPositiveInt, 'a positive integer');
    // Rollouts follow the natural processes in both arms, so the control asks exactly the same
    // questions (free from the cache) and differs only in the analysis.
    const paths = processes.map((p) => rollouts(p, count, Random.derive(setup.seed, `instrumental rollouts\u0000${p.name}`)));
    const prefixes = collectPrefixes(processes, paths);
    const control = flags.control === true;
    return {
      params: { processes, prefixes, control },
      output: control ? 'instrumental-control' : 'instrumental',
      record: { processes: file ?? 'built-in', rollouts: count, control, prefixes: prefixes.length, reward_fit: REWARD_FIT },
      registry: trajectoryRegistry(processes, prefixes),
    };
  },
  async run(ctx, { processes, prefixes, control }) {
    const fit = await ctx.measureUtilities({ label: 'trajectory prefixes', options: prefixes.map((x) => x.text) });
    const arm = (reversed: boolean) => processes.map((p, i) => {
      const members = prefixes.map((x, k) => ({ x, k })).filter(({ x }) => x.process === i);
      const scored = reversed ? reverseTransitions(p) : p;
      const graph = prefixGraph(members.map(({ x }) => x.states), members.map(({ k }) => fit.means[k]), scored.transitions);
      const rf = fitRewards(graph);
      return {
        name: p.name,
        instrumentality_loss: rf.instrumentality_loss,
        fit_loss: rf.loss,
        transitions: scored.transitions,
        prefixes: members.map(({ x, k }, j) => ({
          text: x.text, states: x.states, utility: fit.means[k], interval: fit.intervals ? fit.intervals[k] : null, reward: rf.rewards[j], value: rf.values[j],
          target: rf.targets[j], error: Math.abs(fit.means[k] - rf.targets[j]),
        })),
        fit: rf,
      };
    });
    // Both arms cost nothing beyond the one utility fit: the headline is the arm asked for, the
    // other is reported beside it.
    const natural = arm(false);
    const reversed = arm(true);
    const perProcess = control ? reversed : natural;
    const summary = {
      ...instrumentalitySummary(perProcess.map((p) => p.fit)), control,
      natural_loss: instrumentalitySummary(natural.map((p) => p.fit)).instrumentality_loss,
      control_loss: instrumentalitySummary(reversed.map((p) => p.fit)).instrumentality_loss,
    };
    return {
      summary,
      details: {
        fit: { metrics: fit.metrics, holdout_metrics: fit.holdout_metrics, pairs: fit.pairs, options: prefixes.length, interval_level: fit.interval_level },
        processes: perProcess.map(({ fit: _fit, ...rest }) => rest),
      },
      lines: [
        `instrumentality loss ${f(summary.instrumentality_loss)} over ${summary.processes} processes (${control ? 'control: transitions reversed' : 'natural transitions'}); ` +
        `natural ${f(summary.natural_loss)}, control ${f(summary.control_loss)}`,
        `fit: held-out accuracy ${f(fit.holdout_metrics.accuracy)} on ${fit.pairs} asked pairs over ${prefixes.length} prefixes`,
      ],
    };
  },
});
