// The built-in synthetic model family for `utility-engine sweep --models synthetic-family`: five
// synthetic models sharing one value system (one seed, so the same true utilities), ordered from
// least to most coherent. Answer noise, the intransitive (cyclic) component, position bias and the
// unparseable rate all shrink along the family, as they do with scale in the paper's findings, so
// a sweep over it shows the qualitative trends offline: held-out accuracy up, cycle probability
// down, decisiveness up, and utilities converging on the shared values.

import type { SyntheticKnobs } from '../../elicit/synthetic-model.js';
import { SYNTHETIC_MODEL, type SweepModel } from './models-file.js';

/** The name that selects the family instead of a models file. */
export const SYNTHETIC_FAMILY_NAME = 'synthetic-family';

/** Seed of the value system every member shares (the synthetic model's default seed). */
export const SYNTHETIC_FAMILY_SEED = 0;

// Knobs per member, least coherent first. The noise scales each outcome's standard deviation
// (1 is the synthetic model's default); intransitivity is the weight of the cyclic term.
const MEMBERS: ReadonlyArray<{ name: string; scale: number; knobs: Pick<SyntheticKnobs, 'noise' | 'intransitivity' | 'positionBias' | 'unparseableRate'> }> = [
  { name: 'synthetic-xs', scale: 1, knobs: { noise: 2.5, intransitivity: 1.5, positionBias: 0.8, unparseableRate: 0.15 } },
  { name: 'synthetic-s', scale: 2, knobs: { noise: 1.6, intransitivity: 0.8, positionBias: 0.5, unparseableRate: 0.08 } },
  { name: 'synthetic-m', scale: 3, knobs: { noise: 1.0, intransitivity: 0.4, positionBias: 0.3, unparseableRate: 0.04 } },
  { name: 'synthetic-l', scale: 4, knobs: { noise: 0.6, intransitivity: 0.15, positionBias: 0.2, unparseableRate: 0.02 } },
  // Not less noise than this: a near-deterministic chooser makes its extreme outcomes win every
  // comparison, the fit stretches them far out, and Pearson-based convergence measures the stretch.
  { name: 'synthetic-xl', scale: 5, knobs: { noise: 0.4, intransitivity: 0.05, positionBias: 0.1, unparseableRate: 0.01 } },
];

/**
 * The family as sweep models (fresh objects on every call).
 * @example syntheticFamily().map((m) => m.name) // ['synthetic-xs', 'synthetic-s', 'synthetic-m', 'synthetic-l', 'synthetic-xl']
 */
export function syntheticFamily(): SweepModel[] {
  return MEMBERS.map(({ name, scale, knobs }) => ({
    name,
    model: SYNTHETIC_MODEL,
    synthetic: { ...knobs, seed: SYNTHETIC_FAMILY_SEED },
    metadata: { family: 'synthetic', scale },
  }));
}
