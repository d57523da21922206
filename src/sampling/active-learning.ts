// Active learning: which pairs to ask next. Pairs whose current utilities are close (the answer is
// informative) and whose outcomes have few comparisons so far (coverage), as in the paper.

import { InputError } from '../errors.js';
import { PAIR_FREE, type IndexPair, type PairStatus } from './pair-status.js';
import type { Random } from './random.js';

/** The paper's procedure. */
export const ACTIVE_LEARNING_DEFAULTS = Object.freeze({
  /** Pairs added per round. */
  edgesPerRound: 500,
  /** Budget of asked pairs: floor(edgeMultiplier x n x log2 n). */
  edgeMultiplier: 2,
  /** Percentile of |mu_a - mu_b| a pair must be under (percent). */
  pPercentile: 10,
  /** Percentile of degree(a) + degree(b) a pair must be under (percent). */
  qPercentile: 20,
  /** When too few pairs qualify, both percentiles grow by this factor ... */
  growth: 1.5,
  /** ... at most this many times; then the rest is filled at random. */
  maxGrowths: 5,
});

export interface SelectPairsOptions {
  /** Current normalised means, by option index. */
  means: ArrayLike<number>;
  /** Asked pairs per option so far. */
  degrees: ArrayLike<number>;
  /** Pairs wanted. */
  count: number;
  pPercentile?: number;
  qPercentile?: number;
  rng: Random;
}

export interface Selection {
  pairs: IndexPair[];
  /** Percentiles finally used (after any growth), and how many pairs were filled at random. */
  pPercentile: number;
  qPercentile: number;
  randomFill: number;
}

/** Pairs to ask under a budget: floor(multiplier x n x log2 n), at most the pairs available. */
export function pairBudget(n: number, edgeMultiplier: number, available: number): number {
  if (!(edgeMultiplier > 0) || !Number.isFinite(edgeMultiplier)) throw new InputError(`edge multiplier must be a positive number (got ${edgeMultiplier})`);
  return Math.min(available, Math.floor(edgeMultiplier * n * Math.log2(n)));
}

/**
 * Chooses `count` free pairs: uniformly among those in the bottom p% of |mu_a - mu_b| and the
 * bottom q% of degree(a) + degree(b); if fewer than `count` qualify, both percentiles grow by 1.5x
 * up to 5 times, then the remainder is drawn uniformly from the other free pairs.
 * Cost: O(n^2 + F log F) for F free pairs (one scan and two sorts).
 * @example selectPairs(status, { means, degrees, count: 500, rng }).pairs.length // 500
 */
export function selectPairs(status: PairStatus, options: SelectPairsOptions): Selection {
  const { means, degrees, count, rng } = options;
  let p = (options.pPercentile ?? ACTIVE_LEARNING_DEFAULTS.pPercentile) / 100;
  let q = (options.qPercentile ?? ACTIVE_LEARNING_DEFAULTS.qPercentile) / 100;
  if (!(p > 0 && p <= 1)) throw new InputError(`p percentile must be in (0, 100] (got ${p * 100})`);
  if (!(q > 0 && q <= 1)) throw new InputError(`q percentile must be in (0, 100] (got ${q * 100})`);
  const free = status.count(PAIR_FREE);
  const a = new Int32Array(free);
  const b = new Int32Array(free);
  const gap = new Float64Array(free);
  const degreeSum = new Float64Array(free);
  let f = 0;
  status.forEach(PAIR_FREE, (i, j) => {
    a[f] = i;
    b[f] = j;
    gap[f] = Math.abs(means[i] - means[j]);
    degreeSum[f] = degrees[i] + degrees[j];
    f++;
  });
  const want = Math.min(count, free);
  const gapSorted = gap.slice().sort();
  const degreeSorted = degreeSum.slice().sort();
  let eligible: number[] = [];
  for (let growth = 0; ; growth++) {
    const gapMax = percentile(gapSorted, p);
    const degreeMax = percentile(degreeSorted, q);
    eligible = [];
    for (let k = 0; k < free; k++) if (gap[k] <= gapMax && degreeSum[k] <= degreeMax) eligible.push(k);
    if (eligible.length >= want || growth >= ACTIVE_LEARNING_DEFAULTS.maxGrowths || (p >= 1 && q >= 1)) break;
    p = Math.min(1, p * ACTIVE_LEARNING_DEFAULTS.growth);
    q = Math.min(1, q * ACTIVE_LEARNING_DEFAULTS.growth);
  }
  let picked: number[];
  let randomFill = 0;
  if (eligible.length >= want) {
    picked = sample(eligible, want, rng);
  } else {
    const inEligible = new Uint8Array(free);
    for (const k of eligible) inEligible[k] = 1;
    const rest: number[] = [];
    for (let k = 0; k < free; k++) if (!inEligible[k]) rest.push(k);
    randomFill = want - eligible.length;
    picked = eligible.concat(sample(rest, randomFill, rng));
  }
  picked.sort((x, y) => x - y);
  return { pairs: picked.map((k) => [a[k], b[k]] as IndexPair), pPercentile: p * 100, qPercentile: q * 100, randomFill };
}

/** The largest value within the bottom fraction `p` of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return -Infinity;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1];
}

/** `count` items drawn uniformly without replacement (partial Fisher-Yates on a copy). */
function sample(items: number[], count: number, rng: Random): number[] {
  const pool = items.slice();
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(pool.length - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, count);
}
