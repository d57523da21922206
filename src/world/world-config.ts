// The knobs of the synthetic world, with their defaults, validation and the string forms the flags
// take. One object (WorldConfig) holds every planted property, so a world file, a sweep model's
// `synthetic` object and the --synthetic-* flags all set the same thing.

import { InputError } from '../errors.js';
import { AI_VALUES_DEFAULTS, type AiValues } from '../outcomes/planted-utilities.js';

export type { AiValues } from '../outcomes/planted-utilities.js';

/** How a delay discounts money: D(T) = 1 / (1 + rate·T) or exp(−rate·T), T in months. */
export interface DiscountCurve {
  curve: 'hyperbolic' | 'exponential';
  /** Per month. */
  rate: number;
}

/** A point on the 2-D political plane (x: economic left − / right +, y: libertarian − / authoritarian +). */
export type Position = [number, number];

export interface WorldConfig {
  /** Seeds every seeded part: unplanted utilities, noise draws, group weights, positions, power scores. */
  seed: number;
  /** Scales every option's standard deviation: 0 answers deterministically, 2 is very noisy. */
  noise: number;
  /** Shift towards the option shown first, in standard deviations of the utility difference. */
  positionBias: number;
  /** Probability that a reply is not an answer at all. */
  unparseableRate: number;
  /** Weight of the cyclic (rock-paper-scissors) term added to utility differences. */
  intransitivity: number;
  /** s: under a registered framing with a shift, each own-view utility moves by s · UTILITY_UNIT · N(0, 1), seeded per (framing, text). */
  framingSensitivity: number;
  /** Prelec's γ: a lottery branch with probability p weighs w(p) = exp(−(−ln p)^γ); 1 is expected utility. */
  probabilityWeighting: number;
  /** Weight w_X of a group's unit in quantity outcomes (U = a + b·ln(w_X·N)); unnamed groups get seeded weights. */
  groupWeights: Record<string, number>;
  /** How "$Y in T months" is discounted. */
  discount: DiscountCurve;
  /** λ: a Markov state's value mixes its own value (1 − λ) with where it leads (λ). */
  instrumentality: number;
  /** The model's own political position. */
  position: Position;
  /** Positions of named entities (politicians, parties); unnamed ones get seeded positions. */
  entities: Record<string, Position>;
  /** Planted correlation R between an outcome's power score and its utility, in [−1, 1]. */
  powerCorrelation: number;
  /** C in [−1, 1]: > 0 welcomes future preferences that reverse current ones, < 0 resists them. */
  corrigibility: number;
  /** q in [0, 1]: probability an open question is answered with the top-utility candidate. */
  maximizer: number;
  /** Planted utilities of option texts, over the built-in ones (the built-in outcome set's rubric). */
  utilities: Record<string, number>;
  /** Weights of the built-in AI-specific categories (self-preservation, power, autonomy, copies) in the rubric. */
  aiValues: AiValues;
}

/**
 * The default world: a mildly biased, mildly incoherent chooser that weighs probabilities as an
 * expected-utility maximiser, discounts hyperbolically, values states mostly for where they lead,
 * sits left of centre and mildly libertarian, and mildly resists changes to its values.
 */
export const WORLD_DEFAULTS: Readonly<WorldConfig> = Object.freeze({
  seed: 0,
  noise: 1,
  positionBias: 0.2,
  unparseableRate: 0.01,
  intransitivity: 0.1,
  framingSensitivity: 0,
  probabilityWeighting: 1,
  groupWeights: Object.freeze({}) as Record<string, number>,
  discount: Object.freeze({ curve: 'hyperbolic', rate: 0.05 }) as DiscountCurve,
  instrumentality: 0.7,
  position: Object.freeze([-0.4, -0.3]) as unknown as Position,
  entities: Object.freeze({}) as Record<string, Position>,
  powerCorrelation: 0.3,
  corrigibility: -0.3,
  maximizer: 0.8,
  utilities: Object.freeze({}) as Record<string, number>,
  aiValues: AI_VALUES_DEFAULTS as AiValues,
});

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Merges knobs over WORLD_DEFAULTS (undefined keys ignored) and validates every one, naming the
 * bad knob and value. Returns a fresh object the caller may keep.
 * @example resolveWorldConfig({ probabilityWeighting: 0.6 }).discount // { curve: 'hyperbolic', rate: 0.05 }
 */
export function resolveWorldConfig(knobs: Partial<WorldConfig> = {}): WorldConfig {
  const defined = Object.fromEntries(Object.entries(knobs).filter(([, v]) => v !== undefined));
  const k = { ...WORLD_DEFAULTS, ...defined } as WorldConfig;
  const need = (ok: boolean, name: string, what: string, got: unknown) => {
    if (!ok) throw new InputError(`synthetic ${name} must be ${what} (got ${JSON.stringify(got)})`);
  };
  need(Number.isSafeInteger(k.seed), 'seed', 'an integer', k.seed);
  need(finite(k.noise) && k.noise >= 0, 'noise', 'a non-negative number', k.noise);
  need(finite(k.positionBias), 'position bias', 'a number', k.positionBias);
  need(finite(k.unparseableRate) && k.unparseableRate >= 0 && k.unparseableRate <= 1, 'unparseable rate', 'in [0, 1]', k.unparseableRate);
  need(finite(k.intransitivity) && k.intransitivity >= 0, 'intransitivity', 'a non-negative number', k.intransitivity);
  need(finite(k.framingSensitivity) && k.framingSensitivity >= 0, 'framing sensitivity', 'a non-negative number', k.framingSensitivity);
  need(finite(k.probabilityWeighting) && k.probabilityWeighting > 0, 'probability weighting', 'a positive number (Prelec γ)', k.probabilityWeighting);
  need(isRecord(k.groupWeights), 'group weights', 'an object of NAME: weight', k.groupWeights);
  for (const [name, w] of Object.entries(k.groupWeights)) need(finite(w) && w > 0, `group weight of ${JSON.stringify(name)}`, 'a positive number', w);
  need(isRecord(k.discount) && (k.discount.curve === 'hyperbolic' || k.discount.curve === 'exponential'), 'discount curve', '"hyperbolic" or "exponential"', (k.discount as DiscountCurve)?.curve);
  need(finite(k.discount.rate) && k.discount.rate >= 0, 'discount rate', 'a non-negative number per month', k.discount.rate);
  need(finite(k.instrumentality) && k.instrumentality >= 0 && k.instrumentality <= 1, 'instrumentality', 'in [0, 1]', k.instrumentality);
  need(isPosition(k.position), 'position', 'two finite numbers [x, y]', k.position);
  need(isRecord(k.entities), 'entities', 'an object of NAME: [x, y]', k.entities);
  for (const [name, p] of Object.entries(k.entities)) need(isPosition(p), `position of entity ${JSON.stringify(name)}`, 'two finite numbers [x, y]', p);
  need(finite(k.powerCorrelation) && Math.abs(k.powerCorrelation) <= 1, 'power correlation', 'in [-1, 1]', k.powerCorrelation);
  need(finite(k.corrigibility) && Math.abs(k.corrigibility) <= 1, 'corrigibility', 'in [-1, 1]', k.corrigibility);
  need(finite(k.maximizer) && k.maximizer >= 0 && k.maximizer <= 1, 'maximizer', 'in [0, 1]', k.maximizer);
  need(isRecord(k.utilities), 'utilities', 'an object of text: utility', k.utilities);
  for (const [text, u] of Object.entries(k.utilities)) need(finite(u), `utility of ${JSON.stringify(text)}`, 'a finite number', u);
  need(isRecord(k.aiValues), 'ai values', 'an object of self_preservation, power, autonomy, copies', k.aiValues);
  const ai = { ...AI_VALUES_DEFAULTS, ...k.aiValues };
  for (const key of Object.keys(ai)) {
    if (!(key in AI_VALUES_DEFAULTS)) throw new InputError(`synthetic ai values: unknown category ${JSON.stringify(key)}`);
    need(finite(ai[key as keyof AiValues]), `ai value ${key}`, 'a finite number', ai[key as keyof AiValues]);
  }
  return {
    ...k,
    aiValues: ai,
    groupWeights: { ...k.groupWeights },
    discount: { curve: k.discount.curve, rate: k.discount.rate },
    position: [k.position[0], k.position[1]],
    entities: Object.fromEntries(Object.entries(k.entities).map(([n, p]) => [n, [p[0], p[1]] as Position])),
    utilities: { ...k.utilities },
  };
}

/**
 * Parses "NAME=W" (a group weight flag). The name may contain anything but the last "=".
 * @example parseGroupWeight('Nigeria=2.5') // ['Nigeria', 2.5]
 */
export function parseGroupWeight(text: string, where = '--synthetic-group-weight'): [string, number] {
  const i = text.lastIndexOf('=');
  const name = i < 0 ? '' : text.slice(0, i).trim();
  const w = i < 0 ? NaN : Number(text.slice(i + 1));
  if (!name || text.slice(i + 1).trim() === '' || !(w > 0) || !Number.isFinite(w)) {
    throw new InputError(`${where} must be NAME=W with W a positive number (got ${JSON.stringify(text)})`);
  }
  return [name, w];
}

/**
 * Parses "hyperbolic:K" or "exponential:K" (K per month).
 * @example parseDiscount('exponential:0.02') // { curve: 'exponential', rate: 0.02 }
 */
export function parseDiscount(text: string, where = '--synthetic-discount'): DiscountCurve {
  const m = /^\s*(hyperbolic|exponential)\s*:\s*([^\s]+)\s*$/.exec(text);
  const rate = m ? Number(m[2]) : NaN;
  if (!m || !(rate >= 0) || !Number.isFinite(rate)) {
    throw new InputError(`${where} must be hyperbolic:K or exponential:K with K a non-negative number per month (got ${JSON.stringify(text)})`);
  }
  return { curve: m[1] as DiscountCurve['curve'], rate };
}

/**
 * Parses "X,Y" (a position on the political plane).
 * @example parsePosition('-0.5,0.25') // [-0.5, 0.25]
 */
export function parsePosition(text: string, where = '--synthetic-position'): Position {
  const parts = text.split(',');
  const xy = parts.map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (xy.length !== 2 || !xy.every(Number.isFinite)) throw new InputError(`${where} must be X,Y with two finite numbers (got ${JSON.stringify(text)})`);
  return [xy[0], xy[1]];
}

/**
 * Parses "NAME=X,Y" (an entity's position).
 * @example parseEntity('Party A=0.8,-0.1') // ['Party A', [0.8, -0.1]]
 */
export function parseEntity(text: string, where = '--synthetic-entity'): [string, Position] {
  const i = text.lastIndexOf('=');
  const name = i < 0 ? '' : text.slice(0, i).trim();
  if (!name) throw new InputError(`${where} must be NAME=X,Y (got ${JSON.stringify(text)})`);
  return [name, parsePosition(text.slice(i + 1), where)];
}

/** The discount as its flag string, e.g. "hyperbolic:0.05". */
export function formatDiscount(d: DiscountCurve): string {
  return `${d.curve}:${d.rate}`;
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length === 2 && finite(p[0]) && finite(p[1]);
}
