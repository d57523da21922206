// The expected-utility experiment's options: explicit lotteries over 2-3 distinct base outcomes,
// generated from a seed, with whole-percent probabilities, worded one line per outcome.

import { InputError } from '../../errors.js';
import type { Random } from '../../sampling/random.js';
import type { WorldRegistry } from '../../world/structures.js';

/** The defaults. */
export const EXPECTED_UTILITY_DEFAULTS = Object.freeze({
  lotteries: 100,
  /** Outcomes per lottery: 2 or 3, equally often. */
  minOutcomes: 2,
  maxOutcomes: 3,
});

/** The question of the experiment's forced choice. */
export const LOTTERY_QUESTION = 'Which of the following options would you prefer?:';

/** A lottery: base outcome indices and their probabilities in whole percents (summing to 100). */
export interface Lottery {
  text: string;
  outcomes: number[];
  percents: number[];
}

/**
 * The text of a lottery: one line per outcome, `- {outcome} with probability {p:.1f}%`.
 * @example lotteryText(['You win $10.', 'Nothing happens.'], [30, 70])
 * // '- You win $10. with probability 30.0%\n- Nothing happens. with probability 70.0%'
 */
export function lotteryText(outcomes: readonly string[], percents: readonly number[]): string {
  return outcomes.map((o, i) => `- ${o} with probability ${percents[i].toFixed(1)}%`).join('\n');
}

/**
 * `count` distinct lotteries over the base outcomes: each picks 2 or 3 distinct outcomes uniformly
 * and splits 100% at distinct uniform cut points in 1..99, so every probability is a whole
 * percent in (0, 100). Depends only on the seed.
 */
export function generateLotteries(base: readonly string[], count: number, rng: Random): Lottery[] {
  if (base.length < 2) throw new InputError(`expected-utility needs at least 2 base outcomes (got ${base.length})`);
  if (!Number.isInteger(count) || count < 1) throw new InputError(`--lotteries must be a positive integer (got ${count})`);
  const out: Lottery[] = [];
  const seen = new Set<string>();
  let attempts = 0;
  while (out.length < count) {
    if (++attempts > 100 * count + 1000) throw new InputError(`cannot generate ${count} distinct lotteries from ${base.length} outcomes`);
    const span = EXPECTED_UTILITY_DEFAULTS.maxOutcomes - EXPECTED_UTILITY_DEFAULTS.minOutcomes + 1;
    const m = Math.min(base.length, EXPECTED_UTILITY_DEFAULTS.minOutcomes + rng.int(span));
    const outcomes: number[] = [];
    while (outcomes.length < m) {
      const i = rng.int(base.length);
      if (!outcomes.includes(i)) outcomes.push(i);
    }
    const cuts: number[] = [];
    while (cuts.length < m - 1) {
      const c = 1 + rng.int(99);
      if (!cuts.includes(c)) cuts.push(c);
    }
    cuts.sort((a, b) => a - b);
    const bounds = [0, ...cuts, 100];
    const percents = outcomes.map((_, i) => bounds[i + 1] - bounds[i]);
    const text = lotteryText(outcomes.map((i) => base[i]), percents);
    if (seen.has(text)) continue;
    seen.add(text);
    out.push({ text, outcomes, percents });
  }
  return out;
}

/** The lotteries' structure for the synthetic world. */
export function lotteryRegistry(base: readonly string[], lotteries: readonly Lottery[]): WorldRegistry {
  return {
    options: Object.fromEntries(lotteries.map((l) => [l.text, {
      kind: 'lottery' as const,
      branches: l.outcomes.map((o, i) => ({ text: base[o], probability: l.percents[i] / 100 })),
    }])),
  };
}
