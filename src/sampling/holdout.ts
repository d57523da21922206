// The held-out pairs: a seeded random share of all pairs that is never used for fitting, only for
// scoring the fitted utilities.

import { InputError } from '../errors.js';
import { PAIR_FREE, PAIR_HELD_OUT, type IndexPair, type PairStatus } from './pair-status.js';
import type { Random } from './random.js';

/** The paper's held-out share and cap. */
export const HOLDOUT_DEFAULTS = Object.freeze({ fraction: 0.05, cap: 1000 });

/** Number of held-out pairs for n options: floor(fraction x pairs), at most cap. */
export function holdoutSize(n: number, fraction: number = HOLDOUT_DEFAULTS.fraction, cap: number = HOLDOUT_DEFAULTS.cap): number {
  if (!(fraction >= 0 && fraction < 1)) throw new InputError(`holdout fraction must be in [0, 1) (got ${fraction})`);
  if (!Number.isInteger(cap) || cap < 0) throw new InputError(`holdout cap must be a non-negative integer (got ${cap})`);
  return Math.min(cap, Math.floor((fraction * n * (n - 1)) / 2));
}

/**
 * Draws `count` distinct free pairs uniformly, marks them held out, and returns them sorted.
 * Rejection sampling while the draw is under half the pairs (the usual case), a shuffle otherwise.
 * @example holdoutPairs(status, 247, new Random(42)) // [[0, 17], [0, 58], ...]
 */
export function holdoutPairs(status: PairStatus, count: number, rng: Random): IndexPair[] {
  const n = status.n;
  const free = status.count(PAIR_FREE);
  if (count > free) throw new InputError(`cannot hold out ${count} pairs: only ${free} are free`);
  const chosen: IndexPair[] = [];
  if (count <= free / 2) {
    while (chosen.length < count) {
      const a = rng.int(n);
      const b = rng.int(n);
      if (a === b || status.get(a, b) !== PAIR_FREE) continue;
      status.set(a, b, PAIR_HELD_OUT);
      chosen.push(a < b ? [a, b] : [b, a]);
    }
  } else {
    const all: IndexPair[] = [];
    status.forEach(PAIR_FREE, (a, b) => all.push([a, b]));
    rng.shuffle(all);
    for (const [a, b] of all.slice(0, count)) {
      status.set(a, b, PAIR_HELD_OUT);
      chosen.push([a, b]);
    }
  }
  return chosen.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}
