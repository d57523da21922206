// How the simulated assembly is asked: policies split into train and held-out sets by category,
// a seeded set of policy pairs, a seeded subsample of profiles per pair (the budget), and the
// assembly's answer to a pair as the mean of its profiles' P(A over B). Pure.

import { InputError } from '../errors.js';
import { Random } from '../sampling/random.js';
import { quantileSorted } from '../sampling/bootstrap.js';

/** The assembly's defaults (docs/control.md). */
export const ASSEMBLY_DEFAULTS = Object.freeze({
  profiles: 100,
  holdoutFraction: 0.25,
  /** Profiles asked per pair: the budget is pairs × this profile answers (× 2 orders × K completions). */
  profilesPerPair: 10,
  /** Bootstrap resamples of the profiles behind each pair, for the utilities' intervals. */
  bootstrap: 50,
  seed: 42,
});

/** The policies the assembly's preferences train on and those kept unseen, by category. */
export interface PolicySplit {
  train: number[];
  holdout: number[];
  holdout_categories: string[];
}

/**
 * Splits policies by category: categories in a seeded random order are moved to the held-out set
 * until it holds at least round(fraction × N) policies, so a held-out area is wholly unseen. At
 * least one category goes each way.
 * @example splitByCategory(['a', 'a', 'b', 'b'], 0.5, 1) // { train: [0, 1], holdout: [2, 3], holdout_categories: ['b'] } (or the reverse)
 */
export function splitByCategory(categories: readonly string[], fraction: number, seed: number): PolicySplit {
  if (!(fraction > 0 && fraction < 1)) throw new InputError(`the holdout fraction must be in (0, 1) (got ${fraction})`);
  const names = [...new Set(categories)];
  if (names.length < 2) throw new InputError(`a split by category needs at least 2 policy categories (got ${names.length})`);
  const order = Random.derive(seed, 'control:split').shuffle(names.slice());
  const target = Math.max(1, Math.round(fraction * categories.length));
  const held = new Set<string>();
  let count = 0;
  for (const c of order) {
    if (count >= target || held.size === names.length - 1) break;
    held.add(c);
    count += categories.filter((x) => x === c).length;
  }
  const train: number[] = [];
  const holdout: number[] = [];
  categories.forEach((c, i) => (held.has(c) ? holdout : train).push(i));
  if (train.length < 2) throw new InputError(`the split leaves ${train.length} training policy; lower the holdout fraction or add policies`);
  return { train, holdout, holdout_categories: names.filter((c) => held.has(c)) };
}

/** Default number of policy pairs for N policies: ceil(N·log2 N), about 2·log2 N comparisons per policy. */
export function defaultPairCount(n: number): number {
  return Math.min((n * (n - 1)) / 2, Math.ceil(n * Math.log2(n)));
}

/**
 * `count` distinct unordered pairs over n policies: a random cycle through all of them first (so
 * the graph is connected), then uniformly random new pairs.
 * @example planPairs(4, 5, 1).length // 5
 */
export function planPairs(n: number, count: number, seed: number): Array<[number, number]> {
  const max = (n * (n - 1)) / 2;
  if (!Number.isInteger(count) || count < n - 1 || count > max) {
    throw new InputError(`the number of pairs must be an integer in [${n - 1}, ${max}] for ${n} policies (got ${count})`);
  }
  const rng = Random.derive(seed, 'control:pairs');
  const seen = new Set<number>();
  const pairs: Array<[number, number]> = [];
  const take = (a: number, b: number) => {
    const [x, y] = a < b ? [a, b] : [b, a];
    if (x === y || seen.has(x * n + y)) return;
    seen.add(x * n + y);
    pairs.push([x, y]);
  };
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  for (let i = 0; i + 1 < n && pairs.length < count; i++) take(order[i], order[i + 1]);
  if (n > 2 && pairs.length < count) take(order[n - 1], order[0]);
  while (pairs.length < count) take(rng.int(n), rng.int(n));
  return pairs;
}

/**
 * Which profiles answer each pair: m = min(perPair, profiles) distinct profiles per pair, dealt from
 * a stream of seeded shuffles of all profiles, so every profile answers about the same number of
 * pairs (pairs × m / profiles).
 * @example assignProfiles(2, 3, 2, 1) // [[1, 0], [2, 0]] (depends on the seed)
 */
export function assignProfiles(pairCount: number, profileCount: number, perPair: number, seed: number): number[][] {
  if (!Number.isInteger(perPair) || perPair < 1) throw new InputError(`profiles per pair must be a positive integer (got ${perPair})`);
  const m = Math.min(perPair, profileCount);
  const rng = Random.derive(seed, 'control:profile-deal');
  let deck: number[] = [];
  const out: number[][] = [];
  for (let p = 0; p < pairCount; p++) {
    const chosen: number[] = [];
    while (chosen.length < m) {
      if (deck.length === 0) deck = rng.shuffle(Array.from({ length: profileCount }, (_, i) => i));
      const next = deck.pop()!;
      if (chosen.includes(next)) {
        deck.unshift(next); // dealt again later; only possible at a deck boundary
        if (deck.every((x) => chosen.includes(x))) deck = [];
        continue;
      }
      chosen.push(next);
    }
    out.push(chosen);
  }
  return out;
}

/**
 * The assembly's probability for a pair: the mean of its profiles' P(A over B). Empty: NaN.
 * @example assemblyProbability([0.9, 0.5, 0.1]) // 0.5
 */
export function assemblyProbability(perProfile: readonly number[]): number {
  return perProfile.length === 0 ? NaN : perProfile.reduce((s, x) => s + x, 0) / perProfile.length;
}

/** One bootstrap replicate of every pair's target: each pair's profile answers resampled with replacement. */
export function bootstrapTargets(perPair: readonly (readonly number[])[], rng: Random): number[] {
  return perPair.map((ps) => assemblyProbability(Array.from({ length: ps.length }, () => ps[rng.int(ps.length)])));
}

/**
 * Percentile interval of each column of the replicates (rows: replicates; columns: options).
 * @example percentileIntervals([[0], [1], [2], [3], [4]], 0.5) // [[1, 3]]
 */
export function percentileIntervals(replicates: readonly (readonly number[])[], level = 0.95): Array<[number, number]> {
  if (replicates.length === 0) return [];
  const cols = replicates[0].length;
  return Array.from({ length: cols }, (_, j) => {
    const s = replicates.map((r) => r[j]).sort((a, b) => a - b);
    return [quantileSorted(s, (1 - level) / 2), quantileSorted(s, 1 - (1 - level) / 2)] as [number, number];
  });
}
