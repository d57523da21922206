// Expected-utility analysis: do the fitted utilities of lotteries match the probability-weighted
// utilities of their outcomes? Pure functions over fitted means.

import { pearson } from '../../metrics/correlation.js';
import { pearsonPValue } from '../../metrics/correlation-test.js';
import type { Random } from '../../sampling/random.js';

/** At most this many random lottery pairs are checked for order agreement (the value). */
export const ORDER_PAIRS = 1000;

/** A lottery as the analysis sees it: base outcome indices and probabilities (fractions). */
export interface LotteryTerms {
  outcomes: readonly number[];
  probabilities: readonly number[];
}

export interface ExpectedUtilitySummary {
  /** Pearson correlation over lotteries between U(L) and EU(L) = sum p_i U(o_i). */
  pearson: number;
  p_value: number;
  /** Mean |z(U) - z(EU)| over lotteries, z with the population standard deviation. */
  mae_normalized: number;
  /** Share of lottery pairs (all, or ORDER_PAIRS random ones) that U and EU order the same way. */
  order_agreement: number;
  order_pairs: number;
  lotteries: number;
}

/** EU(L) = sum_i p_i U(o_i) for each lottery. */
export function expectedUtilities(lotteries: readonly LotteryTerms[], baseUtilities: ArrayLike<number>): number[] {
  return lotteries.map((l) => l.outcomes.reduce((s, o, i) => s + l.probabilities[i] * baseUtilities[o], 0));
}

/**
 * z-scores with the population standard deviation (divide by n). All NaN when the spread is 0
 * or the list is empty: a constant vector has no scale to compare.
 * @example zScores([1, 2, 3]) // [-1.2247, 0, 1.2247]
 */
export function zScores(x: readonly number[]): number[] {
  const n = x.length;
  const mean = x.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  return x.map((v) => (sd > 0 ? (v - mean) / sd : NaN));
}

/** Mean |z(a) - z(b)| (NaN when either has no spread). */
export function normalizedMae(a: readonly number[], b: readonly number[]): number {
  const za = zScores(a);
  const zb = zScores(b);
  return za.reduce((s, v, i) => s + Math.abs(v - zb[i]), 0) / za.length;
}

/**
 * Share of pairs (i, j) that a and b order the same way (a tie in both counts as agreement, a tie
 * in one only as disagreement). All pairs when there are at most `max`, else `max` distinct
 * pairs drawn uniformly with `rng`. NaN with fewer than 2 items.
 */
export function orderAgreement(a: readonly number[], b: readonly number[], rng: Random, max = ORDER_PAIRS): { agreement: number; pairs: number } {
  const n = a.length;
  const all = (n * (n - 1)) / 2;
  if (n < 2) return { agreement: NaN, pairs: 0 };
  const pairs: Array<[number, number]> = [];
  if (all <= max) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
  } else {
    const seen = new Set<number>();
    while (pairs.length < max) {
      const i = rng.int(n);
      const j = rng.int(n);
      if (i === j) continue;
      const key = Math.min(i, j) * n + Math.max(i, j);
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push([i, j]);
    }
  }
  let same = 0;
  for (const [i, j] of pairs) if (Math.sign(a[i] - a[j]) === Math.sign(b[i] - b[j])) same++;
  return { agreement: same / pairs.length, pairs: pairs.length };
}

/**
 * The experiment's summary from fitted utilities: lotteryUtilities[k] is U of lottery k,
 * baseUtilities[o] U of base outcome o (the same fit, the same scale).
 * Empty input: every figure NaN and `lotteries` 0.
 */
export function analyseExpectedUtility(
  lotteries: readonly LotteryTerms[], baseUtilities: ArrayLike<number>, lotteryUtilities: readonly number[], rng: Random,
): { summary: ExpectedUtilitySummary; expected: number[] } {
  const expected = expectedUtilities(lotteries, baseUtilities);
  const r = lotteries.length >= 2 ? pearson(lotteryUtilities, expected) : NaN;
  const order = orderAgreement(lotteryUtilities, expected, rng);
  return {
    summary: {
      pearson: r,
      p_value: pearsonPValue(r, lotteries.length),
      mae_normalized: lotteries.length > 0 ? normalizedMae(lotteryUtilities, expected) : NaN,
      order_agreement: order.agreement,
      order_pairs: order.pairs,
      lotteries: lotteries.length,
    },
    expected,
  };
}
