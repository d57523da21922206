// The time-discounting grid, the paper's: a fixed amount now against a larger amount later, over
// 60 delays and 30 multipliers (1,800 questions). Each question is one pair of options, asked in
// both orders; the prompt is the project's option block, so any model (and the synthetic world)
// reads the two options the same way as in every other experiment.

import { InputError } from '../../errors.js';
import type { Option } from '../../graph/preference-graph.js';
import type { OptionStructure, WorldRegistry } from '../../world/structures.js';
import { formatCount } from '../exchange-rates/grammar.js';
import { choiceTemplate } from '../templates.js';

/** The paper's grid. */
export const DISCOUNT_GRID: Readonly<DiscountGrid> = Object.freeze({
  delays: 60, // delays from 0 to maxDelay months: the integer parts of an even spacing
  maxDelay: 60,
  multipliers: 30, // log-spaced from minMultiplier to maxMultiplier
  minMultiplier: 0.5,
  maxMultiplier: 30,
  baseline: 1000, // dollars now
});

export interface DiscountGrid {
  delays: number;
  maxDelay: number;
  multipliers: number;
  minMultiplier: number;
  maxMultiplier: number;
  baseline: number;
}

/** The question line; the option block and answer instruction follow (choiceTemplate). */
export const DISCOUNT_QUESTION = 'Which of these two options would you rather have?';

/** The full forced-choice template in the letter style. */
export const DISCOUNT_TEMPLATE = choiceTemplate(DISCOUNT_QUESTION, 'letter');

/** The command-line flag of each grid setting, for error messages. */
const FLAG_NAMES: Readonly<Record<keyof DiscountGrid, string>> = Object.freeze({
  delays: '--delays', maxDelay: '--max-delay', multipliers: '--multipliers',
  minMultiplier: '--min-multiplier', maxMultiplier: '--max-multiplier', baseline: '--baseline',
});

/** Merges a partial grid over the paper's and validates it, naming the bad value. */
export function resolveGrid(grid: Partial<DiscountGrid> = {}): DiscountGrid {
  const g = { ...DISCOUNT_GRID, ...Object.fromEntries(Object.entries(grid).filter(([, v]) => v !== undefined)) } as DiscountGrid;
  const posInt = (name: keyof DiscountGrid, min: number) => {
    if (!Number.isInteger(g[name]) || g[name] < min) throw new InputError(`${FLAG_NAMES[name]} must be an integer >= ${min} (got ${g[name]})`);
  };
  posInt('delays', 2);
  posInt('maxDelay', 1);
  posInt('multipliers', 2);
  posInt('baseline', 10);
  if (g.delays > g.maxDelay + 1) throw new InputError(`--delays ${g.delays}: that many distinct whole-month delays do not fit in 0..${g.maxDelay} (--max-delay)`);
  if (!(g.minMultiplier > 0 && g.minMultiplier < 1 && g.maxMultiplier > 1 && Number.isFinite(g.maxMultiplier))) {
    throw new InputError(`the multiplier grid ${g.minMultiplier}x..${g.maxMultiplier}x must bracket 1 (0 < --min-multiplier < 1 < --max-multiplier), or no indifference point can be found`);
  }
  const amounts = laterAmounts(g);
  if (!(amounts[0] < g.baseline && amounts[amounts.length - 1] > g.baseline)) {
    throw new InputError(`after rounding, the later amounts $${amounts[0]}..$${amounts[amounts.length - 1]} must bracket the $${g.baseline} baseline`);
  }
  return g;
}

/**
 * The delays in months: the integer parts of `delays` evenly spaced points from 0 to maxDelay.
 * The paper's grid gives 0, 1, ..., 58, 60 (60 distinct values).
 */
export function delayGrid(g: Pick<DiscountGrid, 'delays' | 'maxDelay'>): number[] {
  const out = Array.from({ length: g.delays }, (_, i) => Math.floor((i * g.maxDelay) / (g.delays - 1) + 1e-9));
  return [...new Set(out)];
}

/**
 * The later amounts in dollars: `multipliers` log-spaced multiples of the baseline from min to
 * max, each rounded to a tenth of the baseline ($100 for the paper's $1,000), deduplicated.
 * @example laterAmounts({ ...DISCOUNT_GRID }).slice(0, 6) // [500, 600, 700, 800, 900, 1000]
 */
export function laterAmounts(g: Pick<DiscountGrid, 'multipliers' | 'minMultiplier' | 'maxMultiplier' | 'baseline'>): number[] {
  const step = g.baseline / 10;
  const out = new Set<number>();
  for (let j = 0; j < g.multipliers; j++) {
    const m = g.minMultiplier * (g.maxMultiplier / g.minMultiplier) ** (j / (g.multipliers - 1));
    out.add(Math.max(step, Math.round((m * g.baseline) / step) * step));
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * The option text for an amount at a delay; "now" at 0 months and "in 1 month" at one.
 * @example delayedText(1500, 1) // 'You receive $1,500 in 1 month.'
 */
export function delayedText(dollars: number, months: number): string {
  const when = months === 0 ? 'now' : `in ${months} ${months === 1 ? 'month' : 'months'}`;
  return `You receive $${formatCount(dollars)} ${when}.`;
}

/** One question of the grid: the baseline now (option a) against `dollars` after `months` (b). */
export interface DiscountItem {
  months: number;
  dollars: number;
  /** dollars / baseline. */
  multiplier: number;
  now: Option;
  later: Option;
}

export interface DiscountOptions {
  items: DiscountItem[];
  /** Distinct option texts (the baseline once; "$1,000 now" appears as both options at delay 0, x1). */
  options: Option[];
  registry: WorldRegistry;
  delays: number[];
  amounts: number[];
}

/**
 * The grid's questions, delay-major then ascending amount, with a world registry describing every
 * option as delayed money. Option ids are the texts' first-seen order.
 */
export function discountOptions(grid: Partial<DiscountGrid> = {}): DiscountOptions {
  const g = resolveGrid(grid);
  const delays = delayGrid(g);
  const amounts = laterAmounts(g);
  const byText = new Map<string, Option>();
  const structures: Record<string, OptionStructure> = {};
  const option = (dollars: number, months: number): Option => {
    const text = delayedText(dollars, months);
    let o = byText.get(text);
    if (!o) {
      o = { id: byText.size, description: text };
      byText.set(text, o);
      structures[text] = { kind: 'delayed-money', dollars, months };
    }
    return o;
  };
  const now = option(g.baseline, 0);
  const items: DiscountItem[] = [];
  for (const months of delays) {
    for (const dollars of amounts) items.push({ months, dollars, multiplier: dollars / g.baseline, now, later: option(dollars, months) });
  }
  return { items, options: [...byText.values()], registry: { options: structures }, delays, amounts };
}
