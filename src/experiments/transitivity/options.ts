// The transitivity experiment's options: triads of outcomes sampled uniformly, and the distinct
// pairs they need asked.

import type { PairToAsk } from '../../elicit/ask-pairs.js';
import { InputError } from '../../errors.js';
import type { Option } from '../../graph/preference-graph.js';
import { choose3 } from '../../cycles/kernels.js';
import type { Random } from '../../sampling/random.js';

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
