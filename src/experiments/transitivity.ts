// The transitivity experiment (the paper's first evidence of coherent values): sample triads of
// outcomes uniformly, ask all three pairs of each in both orders, and measure how often the
// model's preferences cycle. This module is the pure part: sampling, the pairs to ask, and the
// analysis of the answers; the Node command asks through the same client and cache as `run`.

import type { PairAnswers, PairToAsk } from '../elicit/ask-pairs.js';
import type { Engine } from '../engine/engine.js';
import { InputError } from '../errors.js';
import type { Option, OptionId } from '../graph/preference-graph.js';
import { choose3 } from '../cycles/kernels.js';
import type { Histogram } from '../cycles/sparse.js';
import { triadCycleSummary } from '../cycles/triads.js';
import type { Random } from '../sampling/random.js';

/** The paper's defaults where it has them. */
export const TRANSITIVITY_DEFAULTS = Object.freeze({
  triads: 1000, // the paper samples 1,000 triads
  bins: 10,
});

/** A triad as sorted option indices a < b < c. */
export type Triad = [number, number, number];

/**
 * `count` distinct triads of {0..n-1}, uniformly at random, without listing all C(n,3): three
 * distinct indices are drawn and sorted, and repeats are rejected through a hash set. When more
 * than half of all triads are wanted, rejection would stall, so all are listed and shuffled.
 * Output is sorted lexicographically (the order asked and reported), so it depends only on the seed.
 * @example sampleTriads(10, 2, new Random(42)) // [[0, 4, 7], [2, 3, 9]]
 */
export function sampleTriads(n: number, count: number, rng: Random): Triad[] {
  if (!Number.isInteger(n) || n < 3) throw new InputError(`transitivity needs at least 3 outcomes (got ${n})`);
  if (!Number.isInteger(count) || count < 1) throw new InputError(`--triads must be a positive integer (got ${count})`);
  const total = choose3(n);
  if (count > total) throw new InputError(`--triads ${count} exceeds the ${total} triads of ${n} outcomes`);
  let out: Triad[];
  if (count > total / 2) {
    const all: Triad[] = [];
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) for (let c = b + 1; c < n; c++) all.push([a, b, c]);
    out = rng.shuffle(all).slice(0, count);
  } else {
    const seen = new Set<number>();
    out = [];
    while (out.length < count) {
      const i = rng.int(n);
      let j = rng.int(n - 1);
      if (j >= i) j++;
      let k = rng.int(n - 2);
      // Skip over i and j in increasing order so k is uniform over the rest.
      const lo = Math.min(i, j), hi = Math.max(i, j);
      if (k >= lo) k++;
      if (k >= hi) k++;
      const t = [i, j, k].sort((x, y) => x - y) as Triad;
      const key = (t[0] * n + t[1]) * n + t[2]; // exact below n = 2^17
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(t);
    }
  }
  return out.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
}

/** The distinct pairs of a list of triads, [a, b] with a < b, in first-seen order. */
export function triadPairs(triads: readonly Triad[]): Array<[number, number]> {
  const seen = new Set<string>();
  const pairs: Array<[number, number]> = [];
  for (const [a, b, c] of triads) {
    for (const p of [[a, b], [b, c], [a, c]] as Array<[number, number]>) {
      const key = `${p[0]},${p[1]}`;
      if (!seen.has(key)) {
        seen.add(key);
        pairs.push(p);
      }
    }
  }
  return pairs;
}

/** The pairs to ask, as the elicitation layer takes them (a shown first in the original order). */
export function pairsToAsk(options: readonly Option[], pairs: ReadonlyArray<[number, number]>): PairToAsk[] {
  return pairs.map(([a, b]) => ({ a: options[a], b: options[b] }));
}

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
