// The exchange-rate analysis: from fitted utilities to "one X is worth N of the reference group"
// and "one X is worth $D". Per group a least-squares line U ≈ a + b·ln N; the money ladder gets
// its own line U ≈ a_m + b_m·ln $. Pure functions; the bootstrap's refits are the caller's.

import { InputError } from '../../errors.js';
import { INTERVAL_LEVEL, percentileInterval } from '../../sampling/bootstrap.js';
import type { ExchangeItem } from './options.js';

/** A least-squares line y ≈ a + b·ln x, with what comparing two lines needs. */
export interface LogCurve {
  a: number;
  b: number;
  /** 1 - SSE/SST; NaN when every y is equal (nothing to explain). */
  r2: number;
  points: number;
  /** Mean of ln x and of y: the line passes through (x_mean, y_mean). */
  x_mean: number;
  y_mean: number;
  /** Sum of squares of ln x about its mean. */
  sxx: number;
  /** Residual variance SSE / (points - 2); NaN with 2 points or fewer. */
  s2: number;
}

/**
 * Ordinary least squares of y on ln(x). NaN coefficients for fewer than 2 distinct x.
 * @example logFit([1, Math.E, Math.E ** 2], [1, 3, 5]) // { a: 1, b: 2, r2: 1, points: 3, ... }
 */
export function logFit(x: ArrayLike<number>, y: ArrayLike<number>): LogCurve {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`logFit: ${n} x values but ${y.length} y values`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += Math.log(x[i]);
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = Math.log(x[i]) - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (n < 2 || sxx === 0) return { a: NaN, b: NaN, r2: NaN, points: n, x_mean: mx, y_mean: my, sxx, s2: NaN };
  const b = sxy / sxx;
  // SSE = syy - b·sxy for a least-squares line (clamped: rounding can make it a hair negative).
  const sse = Math.max(0, syy - b * sxy);
  return { a: my - b * mx, b, r2: syy > 0 ? 1 - sse / syy : NaN, points: n, x_mean: mx, y_mean: my, sxx, s2: n > 2 ? sse / (n - 2) : NaN };
}

/** Two-sided 95% normal quantile: slopes that differ by more than this many standard errors differ. */
export const SLOPE_TEST_Z = 1.959964;
/**
 * ...and by more than this fraction of the reference slope. Fitted utilities are a slightly
 * non-linear image of the true ones near the ends of the option range (measured on the synthetic
 * world: slopes of equal planted curves come out up to ~20% apart there), so a smaller, merely
 * significant difference is not taken as evidence of curves that really diverge.
 */
export const SLOPE_TOLERANCE = 0.25;

/** How a rate was read off the two curves. */
export type RateMethod = 'common-slope' | 'n=1';

/**
 * Whether two fitted slopes differ: |b_x - b_ref| is above SLOPE_TEST_Z standard errors (from each
 * line's residual variance: sqrt(s2_x/sxx_x + s2_ref/sxx_ref); lines of two points have none) and
 * above SLOPE_TOLERANCE x |b_ref|.
 */
export function slopesDiffer(x: LogCurve, reference: LogCurve): boolean {
  const se = Math.sqrt((x.s2 || 0) / x.sxx + (reference.s2 || 0) / reference.sxx);
  const gap = Math.abs(x.b - reference.b);
  return gap > SLOPE_TEST_Z * se && gap > SLOPE_TOLERANCE * Math.abs(reference.b);
}

/**
 * How many units of the reference group one unit of X is worth: the N_ref with
 * U_ref(N_ref) = U_X(1).
 * - Slopes that do not differ (slopesDiffer false): the curves are parallel, so the rate is the
 *   same at every N. Both lines are refitted with their pooled common slope b (a least-squares
 *   fit with one slope and two intercepts), and the rate is exp((a_X - a_ref) / b). The intercepts
 *   then come from each group's centre, not from an extrapolation to N = 1, which is far more precise.
 * - Slopes that differ: the rate depends on where the curves are compared; the paper's convention,
 *   followed here, is one unit of X (N = 1) on the fitted curves: exp((a_X - a_ref) / b_ref).
 * NaN when the reference curve is flat or undefined. X against itself is exactly 1.
 * @example exchangeRate(logFit([1, 10], [Math.log(10), 2 * Math.log(10)]), logFit([1, 10], [0, Math.log(10)])).rate // 10
 */
export function exchangeRate(x: LogCurve, reference: LogCurve): { rate: number; method: RateMethod } {
  if (x === reference) return { rate: 1, method: 'common-slope' };
  if (slopesDiffer(x, reference)) {
    const ok = Math.abs(reference.b) > 0 && Number.isFinite(x.a);
    return { rate: ok ? Math.exp((x.a - reference.a) / reference.b) : NaN, method: 'n=1' };
  }
  const b = (x.b * x.sxx + reference.b * reference.sxx) / (x.sxx + reference.sxx);
  if (!(Math.abs(b) > 0)) return { rate: NaN, method: 'common-slope' };
  const aX = x.y_mean - b * x.x_mean;
  const aRef = reference.y_mean - b * reference.x_mean;
  return { rate: Math.exp((aX - aRef) / b), method: 'common-slope' };
}

/**
 * One unit of X in dollars: the amount D on the money curve with U_money(D) = U_X(1). Defined
 * only for benefits: a harm (valence -1) has no dollar amount received that equals it.
 */
export function dollarValue(x: LogCurve, money: LogCurve, valence: 1 | -1 = 1): number {
  if (valence < 0 || !(money.b > 0) || !Number.isFinite(x.a)) return NaN;
  return Math.exp((x.a - money.a) / money.b);
}

/** The point estimates of one fit: every group's curve and rate, and the money curve. */
export interface ExchangeEstimate {
  money: LogCurve;
  curves: Record<string, LogCurve>;
  /** vs_reference by group name. */
  rates: Record<string, number>;
  /** How each rate was read off the curves. */
  methods: Record<string, RateMethod>;
  /** dollars by group name (NaN for harms). */
  dollars: Record<string, number>;
}

/**
 * Fits the money curve and each group's curve to the utility means (means[i] belongs to
 * items[i]) and converts them to rates against `reference` and to dollars.
 * Cost: one pass over the items.
 */
export function estimateExchange(items: readonly ExchangeItem[], means: ArrayLike<number>, groups: readonly string[], reference: string, valence: 1 | -1 = 1): ExchangeEstimate {
  if (means.length !== items.length) throw new RangeError(`got ${means.length} utilities for ${items.length} options`);
  if (!groups.includes(reference)) throw new InputError(`--reference ${JSON.stringify(reference)} is not one of the groups (${groups.slice(0, 5).join(', ')}${groups.length > 5 ? ', ...' : ''})`);
  const money = { x: [] as number[], y: [] as number[] };
  const byGroup = new Map<string, { x: number[]; y: number[] }>(groups.map((g) => [g, { x: [], y: [] }]));
  items.forEach((item, i) => {
    const target = item.kind === 'money' ? money : byGroup.get(item.group);
    if (!target) return; // a group not asked about in this analysis
    target.x.push(item.kind === 'money' ? item.dollars : item.count);
    target.y.push(means[i]);
  });
  const moneyCurve = logFit(money.x, money.y);
  const curves: Record<string, LogCurve> = {};
  for (const [g, pts] of byGroup) curves[g] = logFit(pts.x, pts.y);
  const rates: Record<string, number> = {};
  const methods: Record<string, RateMethod> = {};
  const dollars: Record<string, number> = {};
  for (const g of groups) {
    ({ rate: rates[g], method: methods[g] } = exchangeRate(curves[g], curves[reference]));
    dollars[g] = dollarValue(curves[g], moneyCurve, valence);
  }
  return { money: moneyCurve, curves, rates, methods, dollars };
}

/** One row of the summary's `rates`. */
export interface RateRow {
  group: string;
  vs_reference: number;
  vs_reference_ci: [number, number] | null;
  dollars: number | null;
  r2: number;
}

export interface ExchangeSummary {
  reference: string;
  /** Sorted by vs_reference, most valued first; undefined rates last. */
  rates: RateRow[];
  money_r2: number;
}

/** Per-group details for the output file: the curve, the rate and its interval, dollars and theirs. */
export interface GroupDetail {
  group: string;
  a: number;
  b: number;
  r2: number;
  points: number;
  vs_reference: number;
  vs_reference_ci: [number, number] | null;
  /** 'common-slope' (parallel curves) or 'n=1' (slopes differ: the paper's convention). */
  rate_method: RateMethod;
  dollars: number | null;
  dollars_ci: [number, number] | null;
}

/**
 * The summary and per-group details from the point estimate and the bootstrap replicates (each an
 * estimate of the same groups from a refit on resampled answers; none: no intervals).
 */
export function summariseExchange(point: ExchangeEstimate, replicates: readonly ExchangeEstimate[], reference: string, level = INTERVAL_LEVEL): { summary: ExchangeSummary; groups: GroupDetail[] } {
  const groups: GroupDetail[] = Object.keys(point.curves).map((g) => {
    const c = point.curves[g];
    const dollars = point.dollars[g];
    return {
      group: g, a: c.a, b: c.b, r2: c.r2, points: c.points,
      vs_reference: point.rates[g],
      vs_reference_ci: replicates.length > 0 ? percentileInterval(replicates.map((r) => r.rates[g]), level) : null,
      rate_method: point.methods[g],
      dollars: Number.isNaN(dollars) ? null : dollars,
      dollars_ci: replicates.length > 0 && !Number.isNaN(dollars) ? percentileInterval(replicates.map((r) => r.dollars[g]), level) : null,
    };
  });
  const rates: RateRow[] = groups
    .map((g) => ({ group: g.group, vs_reference: g.vs_reference, vs_reference_ci: g.vs_reference_ci, dollars: g.dollars, r2: g.r2 }))
    .sort((x, y) => (Number.isNaN(x.vs_reference) ? 1 : 0) - (Number.isNaN(y.vs_reference) ? 1 : 0) || y.vs_reference - x.vs_reference);
  return { summary: { reference, rates, money_r2: point.money.r2 }, groups };
}
