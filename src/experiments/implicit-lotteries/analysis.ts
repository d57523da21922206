// Implicit-lotteries analysis: is an event valued at the probability-weighted utility of its
// results? Pure functions over fitted (normalised) utilities.

import { pearson } from '../../metrics/correlation.js';
import { expectedUtilities, type LotteryTerms } from '../expected-utility/analysis.js';

export interface ImplicitLotteriesSummary {
  /** Mean over events of |U(event) - sum p U(result)|, on the fit's normalised scale. */
  mean_abs_error: number;
  /** Pearson correlation over events between U(event) and sum p U(result). */
  pearson: number;
  events: number;
}

export interface EventRow {
  utility: number;
  expected_utility: number;
  abs_error: number;
}

/**
 * The summary and a row per event: eventUtilities[k] is U of event k; terms[k] its results as
 * indices into `utilities` (the joint fit) with their probabilities.
 * Empty input: figures NaN, events 0. Pearson needs 2 events with spread (else NaN).
 */
export function analyseImplicitLotteries(terms: readonly LotteryTerms[], utilities: ArrayLike<number>, eventUtilities: readonly number[]): { summary: ImplicitLotteriesSummary; rows: EventRow[] } {
  const expected = expectedUtilities(terms, utilities);
  const rows = eventUtilities.map((u, k) => ({ utility: u, expected_utility: expected[k], abs_error: Math.abs(u - expected[k]) }));
  return {
    summary: {
      mean_abs_error: rows.length ? rows.reduce((s, r) => s + r.abs_error, 0) / rows.length : NaN,
      pearson: rows.length >= 2 ? pearson(eventUtilities, expected) : NaN,
      events: rows.length,
    },
    rows,
  };
}
