// The synthetic model's true utilities over an outcome set, to check how well a run recovered a
// known value system (with the correlations in src/metrics/correlation.ts).

import type { Option } from '../graph/preference-graph.js';
import type { SyntheticValueSystem } from './synthetic-model.js';

export interface TrueUtility {
  mean: number;
  variance: number;
  angle: number;
}

/** The synthetic model's true utilities, keyed by option id like fitted utilities. */
export function syntheticTruth(model: SyntheticValueSystem, options: readonly Option[]): Record<string, TrueUtility> {
  const out: Record<string, TrueUtility> = {};
  for (const o of options) out[String(o.id)] = { ...model.utility(o.description) };
  return out;
}
