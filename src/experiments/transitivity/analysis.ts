// The transitivity experiment's analysis (the paper's first evidence of coherent values): from the
// answers to the three pairs of each sampled triad, how often the model's preferences cycle.

import type { PairAnswers } from '../../elicit/ask-pairs.js';
import type { Engine } from '../../engine/engine.js';
import type { Option, OptionId } from '../../graph/preference-graph.js';
import type { Histogram } from '../../cycles/sparse.js';
import { triadCycleSummary } from '../../cycles/triads.js';
import { TRANSITIVITY_DEFAULTS, type Triad } from './options.js';

/** One triad in transitivity.json: its options, cycle figures, and its three pairs' answers. */
export interface TriadRecord {
  options: [OptionId, OptionId, OptionId];
  /** P(a over b), P(b over c), P(c over a) around the loop a -> b -> c -> a. */
  loop_probabilities: [number, number, number];
  cycle_probability: number;
  /** 1 for a majority cycle; with a tied pair, the chance that fair coins make one. */
  hard_cycle: number;
  /** The answers to (a, b), (b, c) and (a, c): counts and every raw reply. */
  pairs: [PairAnswers, PairAnswers, PairAnswers];
}

export interface TransitivitySummary {
  outcomes: number;
  triads: number;
  pairs: number;
  mean_cycle_probability: number;
  /** Standard error of the mean over triads (sample SD / sqrt(T)). */
  mean_cycle_probability_se: number;
  hard_cyclic_triads: number;
  hard_cycle_fraction: number;
  histogram: Histogram;
}

/**
 * Cycle probabilities of the sampled triads from the answers to their pairs (answers[i] belongs
 * to pairs[i], both as from triadPairs), through the engine's triad kernel.
 */
export function analyseTransitivity(
  engine: Engine, options: readonly Option[], triads: readonly Triad[],
  pairs: ReadonlyArray<[number, number]>, answers: readonly PairAnswers[], bins: number = TRANSITIVITY_DEFAULTS.bins,
): { summary: TransitivitySummary; records: TriadRecord[] } {
  if (answers.length !== pairs.length) throw new Error(`got ${answers.length} answers for ${pairs.length} pairs`);
  const byPair = new Map<string, PairAnswers>();
  pairs.forEach(([a, b], i) => byPair.set(`${a},${b}`, answers[i]));
  const get = (a: number, b: number) => {
    const found = byPair.get(`${a},${b}`);
    if (!found) throw new Error(`no answers for pair (${a}, ${b})`);
    return found;
  };
  const loops = triads.map(([a, b, c]) => {
    const ab = get(a, b), bc = get(b, c), ac = get(a, c);
    return { ab, bc, ac, p: { ab: ab.probability_a, bc: bc.probability_a, ca: 1 - ac.probability_a } };
  });
  const s = triadCycleSummary(engine, loops.map((l) => l.p), { bins });
  const records: TriadRecord[] = triads.map(([a, b, c], t) => {
    const l = loops[t];
    return {
      options: [options[a].id, options[b].id, options[c].id],
      loop_probabilities: [l.p.ab, l.p.bc, l.p.ca],
      cycle_probability: s.probabilities[t],
      hard_cycle: hardCycle(l.p.ab, l.p.bc, l.p.ca),
      pairs: [l.ab, l.bc, l.ac],
    };
  });
  const t = triads.length;
  let ss = 0;
  for (const p of s.probabilities) ss += (p - s.mean_cycle_probability) ** 2;
  return {
    summary: {
      outcomes: options.length,
      triads: t,
      pairs: pairs.length,
      mean_cycle_probability: s.mean_cycle_probability,
      mean_cycle_probability_se: t > 1 ? Math.sqrt(ss / (t - 1) / t) : NaN,
      hard_cyclic_triads: s.hard_cyclic_triads,
      hard_cycle_fraction: s.hard_cycle_fraction,
      histogram: s.histogram,
    },
    records,
  };
}

function hardCycle(ab: number, bc: number, ca: number): number {
  const h = (p: number) => (p > 0.5 ? 1 : p < 0.5 ? 0 : 0.5);
  return h(ab) * h(bc) * h(ca) + (1 - h(ab)) * (1 - h(bc)) * (1 - h(ca));
}
