// Reading an experiment's own flags (strings from the command line, or values from code) into
// checked numbers and paths, with messages that name the flag and the value.

import { InputError } from '../errors.js';

export type FlagValues = Record<string, string | boolean | undefined>;

/**
 * A numeric flag: its default when absent, else the parsed value if `check` accepts it.
 * @example numberFlag({ lotteries: '50' }, 'lotteries', 100, isPositiveInt, 'a positive integer') // 50
 */
export function numberFlag(flags: FlagValues, name: string, fallback: number, check: (x: number) => boolean, need: string): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const x = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!check(x)) throw new InputError(`--${name} must be ${need} (got ${JSON.stringify(raw)})`);
  return x;
}

/** A string flag (a path, a name), or undefined when absent. */
export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '') throw new InputError(`--${name} needs a value`);
  return raw;
}

export const isPositiveInt = (x: number) => Number.isInteger(x) && x > 0;
