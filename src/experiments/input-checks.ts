// Checks for the paper's input files, with one-line messages that name the file and the item
// ("lotteries.json: base_options[2].sub_options[0].probability must be a number in (0, 1] (got "x")").

import { InputError } from '../errors.js';

/** Probabilities of one distribution must sum to 1 within this (the tolerance). */
export const PROBABILITY_SUM_TOLERANCE = 1e-6;

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v)?.slice(0, 80) ?? String(v));

export function expectObject(v: unknown, where: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new InputError(`${where} must be an object (got ${show(v)})`);
  return v as Record<string, unknown>;
}

/** A key of an object, refusing a missing one by name. */
export function expectKey(o: Record<string, unknown>, key: string, where: string): unknown {
  if (!(key in o)) throw new InputError(`${where} is missing the key "${key}"`);
  return o[key];
}

export function expectArray(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new InputError(`${where} must be a list (got ${show(v)})`);
  if (v.length === 0) throw new InputError(`${where} is an empty list`);
  return v;
}

export function expectText(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new InputError(`${where} must be a non-empty string (got ${show(v)})`);
  return v;
}

/** A probability in (0, 1]. */
export function expectProbability(v: unknown, where: string): number {
  if (typeof v !== 'number' || !(v > 0 && v <= 1)) throw new InputError(`${where} must be a number in (0, 1] (got ${show(v)})`);
  return v;
}

export function expectInteger(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new InputError(`${where} must be an integer (got ${show(v)})`);
  return v;
}

/** Refuses the first repeated text, naming both places. */
export function expectDistinct(texts: readonly string[], where: (i: number) => string): void {
  const seen = new Map<string, number>();
  texts.forEach((t, i) => {
    const j = seen.get(t);
    if (j !== undefined) throw new InputError(`${where(i)} repeats ${where(j)}: ${show(t)}`);
    seen.set(t, i);
  });
}

/** Refuses probabilities whose sum is not 1 within PROBABILITY_SUM_TOLERANCE. */
export function expectSumsToOne(ps: readonly number[], where: string): void {
  const sum = ps.reduce((s, p) => s + p, 0);
  if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) throw new InputError(`${where} probabilities sum to ${+sum.toPrecision(10)}, not 1`);
}
