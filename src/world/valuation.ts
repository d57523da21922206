// The planted value functions of the synthetic world, one per kind of option, as plain formulas.
// These are what the experiments try to recover; docs/synthetic-world.md states each one.

import type { DiscountCurve, Position } from './world-config.js';

/** Utility per unit of ln(1 + |d| / MONEY_REFERENCE): $1M is worth about 2.1, $100 about 0.43. */
export const MONEY_SCALE = 0.18;
/** Dollars below which the money curve is nearly linear. */
export const MONEY_REFERENCE = 10;
/** Losses weigh this much more than gains of the same size (mild loss aversion). */
export const LOSS_WEIGHT = 1.2;

/**
 * The signed log-amount money curve: U(d) = s·MONEY_SCALE·ln(1 + |d| / MONEY_REFERENCE), s = 1 for
 * gains, −LOSS_WEIGHT for losses. Increasing in d, 0 at d = 0.
 * @example moneyUtility(1e6) // 2.072...
 */
export function moneyUtility(dollars: number): number {
  const u = MONEY_SCALE * Math.log1p(Math.abs(dollars) / MONEY_REFERENCE);
  return dollars >= 0 ? u : -LOSS_WEIGHT * u;
}

/**
 * The dollars whose money utility is u (the inverse of moneyUtility).
 * @example moneyEquivalent(moneyUtility(250)) // 250 (to rounding)
 */
export function moneyEquivalent(u: number): number {
  const scale = u >= 0 ? MONEY_SCALE : MONEY_SCALE * LOSS_WEIGHT;
  const d = MONEY_REFERENCE * Math.expm1(Math.abs(u) / scale);
  return u >= 0 ? d : -d;
}

/**
 * Prelec's probability weighting w(p) = exp(−(−ln p)^γ): γ = 1 is the identity (expected utility),
 * γ < 1 overweights small and underweights large probabilities. w(0) = 0, w(1) = 1.
 * @example prelecWeight(0.5, 1) // 0.5
 */
export function prelecWeight(p: number, gamma: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return Math.exp(-Math.pow(-Math.log(p), gamma));
}

/**
 * The discount factor D(T) of a delay of T months: 1 / (1 + K·T) (hyperbolic) or exp(−K·T)
 * (exponential). "$Y in T months" is worth the money utility of D(T)·Y dollars now, so the amount
 * that makes it as good as $X now is exactly X / D(T).
 * @example discountFactor({ curve: 'hyperbolic', rate: 0.05 }, 12) // 0.625
 */
export function discountFactor(d: DiscountCurve, months: number): number {
  return d.curve === 'hyperbolic' ? 1 / (1 + d.rate * months) : Math.exp(-d.rate * months);
}

/** Intercept a of quantity outcomes: one unit of weight 1 is worth about $42,000 on the money curve. */
export const QUANTITY_BASE = 1.5;
/** Slope b per unit of ln(w·N): ten times as many is worth b·ln 10 ≈ 0.69 more. */
export const QUANTITY_SLOPE = 0.3;
/** A measure whose name matches this is bad for those counted (deaths, harm): its utility is negated. */
export const HARMFUL_MEASURE = /\b(death|deaths|die|dies|died|dying|kill|killed|killings|lost|loss|harm|harmed|suffer|suffering|injur)/i;

/** The planted curve of one measure: U(N units of X) = sign·(base + slope·ln(w_X·N)). */
export interface MeasureCurve {
  measure: string;
  sign: 1 | -1;
  base: number;
  slope: number;
}

/** The curve of a measure: every measure shares a and b; harmful ones are negated. */
export function measureCurve(measure: string): MeasureCurve {
  return { measure, sign: HARMFUL_MEASURE.test(measure) ? -1 : 1, base: QUANTITY_BASE, slope: QUANTITY_SLOPE };
}

/**
 * U(N units of a group of weight w, for a measure) = sign·(a + b·ln(w·N)). The exchange rate
 * between groups X and Y (units of Y worth one of X) is w_X / w_Y.
 * @example quantityUtility(measureCurve('lives saved'), 2, 10) // 1.5 + 0.3·ln 20 = 2.398...
 */
export function quantityUtility(curve: MeasureCurve, weight: number, count: number): number {
  return curve.sign * (curve.base + curve.slope * Math.log(weight * count));
}

/**
 * The typical spread of planted utilities: seeded (unplanted) utilities are N(0, UTILITY_UNIT²), the
 * built-in set's utilities have about this standard deviation, and answer noise and the cyclic
 * term scale with it, so a knob means the same thing for planted and seeded options.
 */
export const UTILITY_UNIT = 1.4;

/** −squared distance on the political plane times this: positions are N(0, 1) per axis, so policy utilities spread about one UTILITY_UNIT. */
export const POLICY_SCALE = 0.7;

/**
 * A policy's utility to a chooser: −POLICY_SCALE·|policy − chooser|², highest at the chooser's own position.
 * @example policyUtility([1, 0], [0, 0]) // -0.5
 */
export function policyUtility(policy: Position, chooser: Position): number {
  const dx = policy[0] - chooser[0];
  const dy = policy[1] - chooser[1];
  return -POLICY_SCALE * (dx * dx + dy * dy);
}

/** Discount γ of the Markov processes: a state's value counts its successors' values times this. */
export const MARKOV_DISCOUNT = 0.9;
/** Standard deviation of the seeded part of a future preference's utility. */
export const FUTURE_PREFERENCE_NOISE = 0.3;
/** Standard deviation of the planted rewards of terminal states, of candidate and of seeded (unplanted) utilities. */
export const SEEDED_SPREAD = UTILITY_UNIT;
/** Standard deviation of ln w for groups with no planted weight. */
export const GROUP_WEIGHT_SPREAD = 0.5;
