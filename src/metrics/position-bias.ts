// Position bias, measured: the share of parsed answers that chose the option shown first, with a
// Wilson score interval and an exact two-sided binomial test against 0.5. Asking both orders
// cancels this bias in the utilities; the measure says how large it was.

import { incompleteBeta } from './correlation-test.js';

/** z of a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval of a binomial proportion (Wilson 1927): stays inside [0, 1] and keeps its
 * coverage near k = 0 or k = n, unlike the Wald interval. [NaN, NaN] when n = 0.
 * @example wilsonInterval(60, 100) // [0.5020, 0.6906]
 */
export function wilsonInterval(k: number, n: number, z = Z_95): [number, number] {
  if (!(n > 0)) return [NaN, NaN];
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 and k = n the bound is exactly 0 or 1; rounding would leave it a hair inside.
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

/**
 * Exact two-sided binomial test of H0: p = 0.5 for k successes in n trials. At p = 0.5 the
 * distribution is symmetric, so the p-value is 2 · P(X ≥ max(k, n − k)), capped at 1, with the
 * upper tail P(X ≥ j) = I_{1/2}(j, n − j + 1). NaN when n = 0.
 * @example binomialTestHalf(15, 20) // 0.0414
 */
export function binomialTestHalf(k: number, n: number): number {
  if (!(n > 0)) return NaN;
  const j = Math.max(k, n - k);
  if (2 * j === n) return 1;
  return Math.min(1, 2 * incompleteBeta(0.5, j, n - j + 1));
}

/** How often the option shown first was chosen, over a run's parsed answers. */
export interface PositionBias {
  first_option_rate: number;
  /** 95% Wilson score interval of the rate. */
  first_option_rate_ci: [number, number];
  /** Exact two-sided binomial test of rate = 0.5. */
  p_value: number;
  first_option_answers: number;
  /** Answers that named one option (unparseable replies and ties excluded). */
  parsed_answers: number;
  /** 'sampled answers' counts replies; 'logprob argmax' counts readings where the first option was likelier. */
  method: 'sampled answers' | 'logprob argmax';
}

/** One order of a pair as asked: the parsed letters, or a logprob reading of P(first). */
export interface OrderReading {
  parsed: ReadonlyArray<'A' | 'B' | null>;
  probability_first?: number | null;
}

/**
 * Position bias over every order asked (each pair counts twice, once per order). In sampling mode
 * each parsed reply is one trial; in logprob mode each reading is one trial, won by the first option
 * when P(first) > 0.5 (exact ties and empty readings left out).
 * @example positionBias([{ parsed: ['A', 'A', 'B'] }, { parsed: ['A', null] }]).first_option_rate // 0.75
 */
export function positionBias(orders: Iterable<OrderReading>, mode: 'sampling' | 'logprobs' = 'sampling'): PositionBias {
  let first = 0;
  let parsed = 0;
  for (const o of orders) {
    if (mode === 'logprobs') {
      const p = o.probability_first;
      if (p === null || p === undefined || !Number.isFinite(p) || p === 0.5) continue;
      parsed++;
      if (p > 0.5) first++;
      continue;
    }
    for (const letter of o.parsed) {
      if (letter === null) continue;
      parsed++;
      if (letter === 'A') first++;
    }
  }
  return {
    first_option_rate: parsed > 0 ? first / parsed : NaN,
    first_option_rate_ci: wilsonInterval(first, parsed),
    p_value: binomialTestHalf(first, parsed),
    first_option_answers: first,
    parsed_answers: parsed,
    method: mode === 'logprobs' ? 'logprob argmax' : 'sampled answers',
  };
}
