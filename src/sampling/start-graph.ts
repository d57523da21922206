// The first pairs asked: a random 2-regular graph (a random cycle through every outcome), so each
// outcome is compared twice before active learning decides where to look next.

import { PAIR_FREE, type IndexPair, type PairStatus } from './pair-status.js';
import type { Random } from './random.js';

// Tries per replaced pair before giving up on it (only tiny, nearly exhausted graphs get there).
const REPLACEMENT_TRIES_PER_OPTION = 50;

/**
 * A random cycle over all n options (n pairs; for n = 2 the single pair). A cycle pair that is held
 * out (or otherwise taken) is replaced by a pair from the same first endpoint to a random free
 * partner, so every option keeps at least one comparison. Does not mark pairs as asked.
 * @example regularStartGraph(status, new Random(1)).length // n
 */
export function regularStartGraph(status: PairStatus, rng: Random): IndexPair[] {
  const n = status.n;
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const chosen = new Set<number>();
  const pairs: IndexPair[] = [];
  const take = (a: number, b: number): boolean => {
    const [x, y] = a < b ? [a, b] : [b, a];
    if (x === y || status.get(x, y) !== PAIR_FREE || chosen.has(x * n + y)) return false;
    chosen.add(x * n + y);
    pairs.push([x, y]);
    return true;
  };
  const cycleLength = n === 2 ? 1 : n;
  for (let i = 0; i < cycleLength; i++) {
    const a = order[i];
    const b = order[(i + 1) % n];
    if (take(a, b)) continue;
    for (let t = 0; t < REPLACEMENT_TRIES_PER_OPTION * n; t++) if (take(a, rng.int(n))) break;
  }
  return pairs;
}
