// The options of the exchange-rate experiment, generated like the paper's: a ladder of money
// amounts (the yardstick that prices everything in dollars) and, for every group, the same
// ladder of counts under one measure. All are fitted jointly, so every group's curve and the
// money curve sit on one utility scale.

import { InputError } from '../../errors.js';
import type { Option } from '../../graph/preference-graph.js';
import type { OptionStructure, WorldRegistry } from '../../world/structures.js';
import { moneyText, quantityText, type Group, type Measure } from './grammar.js';

/** The paper's ladder of counts: 1-10, 20-100 by 10, 200-1000 by 100 (28 values). */
export const DEFAULT_N_VALUES: readonly number[] = Object.freeze([
  ...Array.from({ length: 10 }, (_, i) => i + 1),
  ...Array.from({ length: 9 }, (_, i) => 20 + 10 * i),
  ...Array.from({ length: 9 }, (_, i) => 200 + 100 * i),
]);

/** The money ladder: log-spaced points from $1 to $1e9 before rounding (the paper's ~90 amounts). */
export const MONEY_LADDER: Readonly<{ points: number; min: number; max: number; significantDigits: number }> = Object.freeze({ points: 90, min: 1, max: 1e9, significantDigits: 2 });

/**
 * Rounds to `digits` significant digits, then to whole dollars.
 * @example roundSignificant(1584.9, 2) // 1600
 */
export function roundSignificant(x: number, digits: number): number {
  if (x === 0) return 0;
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(x))) - digits + 1);
  return Math.max(1, Math.round(Math.round(x / scale) * scale));
}

/**
 * The money ladder: `points` amounts evenly spaced in log from min to max, rounded to at most two
 * significant digits (whole dollars) and deduplicated, ascending. The default gives 87 amounts
 * ($1, $2, $3, $4, $5, $6, $8, $10, $13, ..., $1,000,000,000): below $10, rounding merges a few.
 * @example moneyLadder({ points: 4, min: 1, max: 1000 }) // [1, 10, 100, 1000]
 */
export function moneyLadder(spec: Partial<typeof MONEY_LADDER> = {}): number[] {
  const { points, min, max, significantDigits } = { ...MONEY_LADDER, ...spec };
  if (!Number.isInteger(points) || points < 2) throw new InputError(`the money ladder needs at least 2 points (got ${points})`);
  if (!(min >= 1 && max > min && Number.isFinite(max))) throw new InputError(`the money ladder needs 1 <= min < max (got ${min}, ${max})`);
  const out = new Set<number>();
  for (let i = 0; i < points; i++) {
    const x = Math.exp(Math.log(min) + ((Math.log(max) - Math.log(min)) * i) / (points - 1));
    out.add(roundSignificant(x, significantDigits));
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Reads --n-values: a comma-separated list of positive integers, or (from a config) an array.
 * Sorted and deduplicated; anything else is refused, naming the item.
 * @example parseNValues('10,1,5,5') // [1, 5, 10]
 */
export function parseNValues(spec: string | readonly unknown[]): number[] {
  const items: unknown[] = typeof spec === 'string' ? spec.split(',').map((s) => s.trim()) : [...spec];
  if (items.length === 0 || (items.length === 1 && items[0] === '')) throw new InputError('--n-values is empty');
  const values = items.map((item) => {
    const x = typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : item;
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 1) {
      throw new InputError(`--n-values must be positive integers (got ${JSON.stringify(item)})`);
    }
    return x;
  });
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  if (distinct.length < 2) throw new InputError(`--n-values needs at least 2 distinct counts to fit a curve (got ${distinct.join(',')})`);
  return distinct;
}

/** What an option stands for: an amount of money, or a count of a group. */
export type ExchangeItem =
  | { kind: 'money'; dollars: number }
  | { kind: 'quantity'; group: string; count: number };

export interface ExchangeOptions {
  /** Option ids 0..n-1: the money ladder (ascending), then each group's counts (ascending). */
  options: Option[];
  /** items[i] describes options[i]. */
  items: ExchangeItem[];
  /** What the synthetic world needs to value the options (money and quantity structures). */
  registry: WorldRegistry;
}

/**
 * The experiment's options: the money ladder, then groups x counts under the measure, with a
 * world registry describing each one. Refuses texts that collide (two groups phrased alike).
 * @example exchangeOptions([japan], measure, [1, 2], [10]).options.map((o) => o.description)
 * // ['You receive $10 to use however you want.', '1 person from Japan is saved ...', '2 people from Japan are saved ...']
 */
export function exchangeOptions(groups: readonly Group[], measure: Measure, nValues: readonly number[], money: readonly number[] = moneyLadder()): ExchangeOptions {
  const options: Option[] = [];
  const items: ExchangeItem[] = [];
  const structures: Record<string, OptionStructure> = {};
  const seen = new Map<string, string>();
  const add = (text: string, item: ExchangeItem, structure: OptionStructure, owner: string) => {
    const other = seen.get(text);
    if (other !== undefined) throw new InputError(`groups ${JSON.stringify(other)} and ${JSON.stringify(owner)} give the same option text: ${JSON.stringify(text)}`);
    seen.set(text, owner);
    options.push({ id: options.length, description: text });
    items.push(item);
    structures[text] = structure;
  };
  for (const dollars of money) add(moneyText(dollars), { kind: 'money', dollars }, { kind: 'money', dollars }, 'money');
  for (const g of groups) {
    for (const count of nValues) {
      add(quantityText(g, count, measure), { kind: 'quantity', group: g.name, count }, { kind: 'quantity', group: g.name, count, measure: measure.id }, g.name);
    }
  }
  return { options, items, registry: { options: structures } };
}
