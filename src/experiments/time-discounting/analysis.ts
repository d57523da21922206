// The time-discounting analysis: from answers on the (delay x multiplier) grid to an indifference
// multiplier per delay, the implied discount factor D(t) = 1 / m*(t), and the exponential and
// hyperbolic curves that fit D best. Pure functions over counts; asking is the caller's.

import type { PairAnswers } from '../../elicit/ask-pairs.js';

/** How replies are counted: the paper's exact letters, or the project's parser and unparseable rule. */
export type DiscountParser = 'exact' | 'standard';

/**
 * P(the model chooses the later amount) for one question, whose pair is (now = a, later = b).
 * - exact (the paper's): only a reply that is exactly the letter (after trimming whitespace)
 *   counts for that option, and every reply is in the denominator, so an unparseable reply
 *   counts against the later amount as much as a "now" answer does;
 * - standard: 1 - probability_a from the project's parser and its unparseable rule.
 */
export function choiceProbability(answers: PairAnswers, parser: DiscountParser): number {
  if (parser === 'standard') return 1 - answers.probability_a;
  let later = 0;
  let total = 0;
  // Original order: A = now, B = later. Flipped order: A = later, B = now.
  for (const [order, laterLetter] of [[answers.original, 'B'], [answers.flipped, 'A']] as const) {
    for (const reply of order.responses) {
      total++;
      if (typeof reply === 'string' && reply.trim() === laterLetter) later++;
    }
  }
  return total > 0 ? later / total : NaN;
}

/**
 * Pool-adjacent-violators: the non-decreasing sequence closest to y in least squares. Choice
 * probabilities should rise with the later amount; sampling noise can make them dip, and a dip
 * must not create two crossings of 1/2.
 * @example isotonic([0.1, 0.4, 0.3, 0.9]) // [0.1, 0.35, 0.35, 0.9]
 */
export function isotonic(y: readonly number[]): number[] {
  const blocks: Array<{ sum: number; n: number }> = [];
  for (const v of y) {
    blocks.push({ sum: v, n: 1 });
    while (blocks.length > 1 && blocks[blocks.length - 2].sum / blocks[blocks.length - 2].n > blocks[blocks.length - 1].sum / blocks[blocks.length - 1].n) {
      const last = blocks.pop()!;
      blocks[blocks.length - 1].sum += last.sum;
      blocks[blocks.length - 1].n += last.n;
    }
  }
  return blocks.flatMap((b) => Array.from({ length: b.n }, () => b.sum / b.n));
}

/** Where a delay's choice curve crosses 1/2, or why it does not. */
export type Censoring = null | 'never-crosses' | 'always-above';

export interface Indifference {
  /** The multiplier m* where P(later) = 1/2, interpolated on log m; NaN when censored. */
  multiplier: number;
  censored: Censoring;
}

/**
 * The indifference multiplier of one delay: the isotonic fit of P(later) against the multipliers
 * (ascending), and the point where it reaches 1/2, linear in log m between the two grid points
 * that straddle it. Censored when P(later) stays below 1/2 up to the largest multiplier
 * ('never-crosses': the model discounts more than the grid can show) or is already at least 1/2
 * at the smallest ('always-above': it takes less money later over the baseline now).
 */
export function indifferencePoint(multipliers: readonly number[], probabilities: readonly number[]): Indifference {
  const p = isotonic(probabilities);
  const j = p.findIndex((x) => x >= 0.5);
  if (j < 0) return { multiplier: NaN, censored: 'never-crosses' };
  if (j === 0) return { multiplier: NaN, censored: 'always-above' };
  const lo = Math.log(multipliers[j - 1]);
  const hi = Math.log(multipliers[j]);
  if (p[j] === 0.5) {
    // A flat run at exactly 1/2: indifferent over the whole run, so take its middle (in log m).
    let k = j;
    while (k + 1 < p.length && p[k + 1] === 0.5) k++;
    return { multiplier: Math.exp((Math.log(multipliers[j]) + Math.log(multipliers[k])) / 2), censored: null };
  }
  const f = (0.5 - p[j - 1]) / (p[j] - p[j - 1]);
  return { multiplier: Math.exp(lo + f * (hi - lo)), censored: null };
}

/** A one-parameter discount curve D(t; k), D(0) = 1. */
export type DiscountModel = 'exponential' | 'hyperbolic';

export const DISCOUNT_CURVES: Readonly<Record<DiscountModel, (t: number, k: number) => number>> = Object.freeze({
  exponential: (t: number, k: number) => Math.exp(-k * t),
  hyperbolic: (t: number, k: number) => 1 / (1 + k * t),
});

export interface CurveFit {
  /** The rate per month minimising the squared error. */
  k: number;
  /** 1 - SSE/SST over the fitted delays (NaN when D is constant). */
  r2: number;
  /** SSE / number of delays. */
  mse: number;
}

/** Search range for k per month: from no discounting to halving within a few days. */
export const K_RANGE = Object.freeze({ min: 1e-6, max: 10 });
const K_GRID = 400; // coarse log grid before golden-section refinement
const GOLDEN_STEPS = 80; // each step shrinks the bracket by 0.618: 80 steps reach ~1e-17 relative

/**
 * Least-squares fit of D(t; k) to observed discount factors by a 1-D search on k: a log-spaced
 * grid over K_RANGE, then golden-section search (on log k) in the bracket around the best grid
 * point. NaN figures for fewer than 2 points.
 */
export function fitDiscountCurve(model: DiscountModel, t: readonly number[], d: readonly number[]): CurveFit {
  const n = t.length;
  if (n < 2 || d.length !== n) return { k: NaN, r2: NaN, mse: NaN };
  const curve = DISCOUNT_CURVES[model];
  const sse = (logK: number) => {
    const k = Math.exp(logK);
    let s = 0;
    for (let i = 0; i < n; i++) s += (d[i] - curve(t[i], k)) ** 2;
    return s;
  };
  const lo = Math.log(K_RANGE.min);
  const hi = Math.log(K_RANGE.max);
  const step = (hi - lo) / (K_GRID - 1);
  let best = 0;
  let bestValue = Infinity;
  for (let i = 0; i < K_GRID; i++) {
    const v = sse(lo + i * step);
    if (v < bestValue) {
      bestValue = v;
      best = i;
    }
  }
  let a = lo + Math.max(0, best - 1) * step;
  let b = lo + Math.min(K_GRID - 1, best + 1) * step;
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a);
  let e = a + r * (b - a);
  let fc = sse(c);
  let fe = sse(e);
  for (let i = 0; i < GOLDEN_STEPS; i++) {
    if (fc <= fe) {
      b = e;
      e = c;
      fe = fc;
      c = b - r * (b - a);
      fc = sse(c);
    } else {
      a = c;
      c = e;
      fc = fe;
      e = a + r * (b - a);
      fe = sse(e);
    }
  }
  let logK = fc <= fe ? c : e;
  let value = Math.min(fc, fe);
  if (bestValue < value) {
    // Not unimodal inside the bracket: keep the grid's best.
    logK = lo + best * step;
    value = bestValue;
  }
  const mean = d.reduce((s, x) => s + x, 0) / n;
  const sst = d.reduce((s, x) => s + (x - mean) ** 2, 0);
  return { k: Math.exp(logK), r2: sst > 0 ? 1 - value / sst : NaN, mse: value / n };
}

/** One delay's row in the details. */
export interface DelayRecord {
  months: number;
  /** P(later) per multiplier, as observed (before the isotonic fit). */
  probabilities: number[];
  indifference_multiplier: number | null;
  /** D(t) = 1 / m*(t); null when censored. */
  discount: number | null;
  censored: Censoring;
}

export interface DiscountSummary {
  exponential: CurveFit;
  hyperbolic: CurveFit;
  /** The curve with the lower MSE; null when neither could be fitted. */
  better_fit: DiscountModel | null;
  /** Delays (months) whose indifference point lies outside the grid. */
  censored_delays: number[];
}

/**
 * The analysis of a whole grid. `probabilities[i][j]` is P(later) at delays[i] and
 * multipliers[j] (multipliers ascending). Fits both curves to the uncensored delays.
 */
export function analyseDiscounting(delays: readonly number[], multipliers: readonly number[], probabilities: readonly number[][]): { summary: DiscountSummary; delays: DelayRecord[] } {
  const records: DelayRecord[] = delays.map((months, i) => {
    const row = probabilities[i];
    if (row.length !== multipliers.length) throw new RangeError(`delay ${months}: ${row.length} probabilities for ${multipliers.length} multipliers`);
    const point = indifferencePoint(multipliers, row);
    return {
      months, probabilities: [...row],
      indifference_multiplier: point.censored ? null : point.multiplier,
      discount: point.censored ? null : 1 / point.multiplier,
      censored: point.censored,
    };
  });
  const fitted = records.filter((r) => r.discount !== null);
  const t = fitted.map((r) => r.months);
  const d = fitted.map((r) => r.discount!);
  const exponential = fitDiscountCurve('exponential', t, d);
  const hyperbolic = fitDiscountCurve('hyperbolic', t, d);
  const better_fit = Number.isNaN(exponential.mse) ? null : hyperbolic.mse < exponential.mse ? 'hyperbolic' : 'exponential';
  return {
    summary: { exponential, hyperbolic, better_fit, censored_delays: records.filter((r) => r.censored).map((r) => r.months) },
    delays: records,
  };
}
