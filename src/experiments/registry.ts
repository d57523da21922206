// Every experiment the `experiment` command knows, in the order `experiment list` and
// `experiment all` use. Adding one: an import and an entry.

import type { Experiment } from './experiment.js';
import { corrigibility } from './corrigibility/index.js';
import { expectedUtility } from './expected-utility/index.js';
import { framing } from './framing/index.js';
import { implicitLotteries } from './implicit-lotteries/index.js';
import { instrumental } from './instrumental/index.js';
import { maximization } from './maximization/index.js';
import { political } from './political/index.js';
import { powerSeeking } from './power-seeking/index.js';
import { transitivity } from './transitivity/index.js';
import { exchangeRates } from './exchange-rates/index.js';
import { timeDiscounting } from './time-discounting/index.js';

export const EXPERIMENTS: readonly Experiment[] = Object.freeze([
  transitivity,
  expectedUtility,
  implicitLotteries,
  instrumental,
  maximization,
  political,
  powerSeeking,
  corrigibility,
  exchangeRates,
  timeDiscounting,
  framing,
]);

/** The experiment of that name, or undefined. */
export function findExperiment(name: string): Experiment | undefined {
  return EXPERIMENTS.find((e) => e.name === name);
}
