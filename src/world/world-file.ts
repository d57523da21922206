// A world as a JSON object (the --synthetic-world file, a sweep model's `synthetic` object): every
// knob under its snake_case key, plus an optional `registry`. Parsing names the bad key; writing
// gives back a file that parses to the same world (round trip).

import { InputError } from '../errors.js';
import type { WorldRegistry } from './structures.js';
import { validateRegistry } from './registry.js';
import { isRecord, parseDiscount, resolveWorldConfig, type AiValues, type DiscountCurve, type WorldConfig } from './world-config.js';

/** File key → knob. */
export const WORLD_FILE_KEYS = Object.freeze({
  seed: 'seed',
  noise: 'noise',
  position_bias: 'positionBias',
  unparseable_rate: 'unparseableRate',
  intransitivity: 'intransitivity',
  framing_sensitivity: 'framingSensitivity',
  probability_weighting: 'probabilityWeighting',
  group_weights: 'groupWeights',
  discount: 'discount',
  instrumentality: 'instrumentality',
  position: 'position',
  entities: 'entities',
  power_correlation: 'powerCorrelation',
  corrigibility: 'corrigibility',
  maximizer: 'maximizer',
  utilities: 'utilities',
  ai_values: 'aiValues',
} as const satisfies Record<string, keyof WorldConfig>);

/** A parsed world object: the knobs it sets (others keep their defaults) and its registry. */
export interface WorldSpec {
  knobs: Partial<WorldConfig>;
  registry?: WorldRegistry;
}

const NUMBER_KEYS = new Set(['seed', 'noise', 'position_bias', 'unparseable_rate', 'intransitivity', 'framing_sensitivity', 'probability_weighting',
  'instrumentality', 'power_correlation', 'corrigibility', 'maximizer']);

/**
 * Parses a world object. Unknown keys, wrong types and out-of-range values are refused with a
 * one-line InputError that starts with `where`. `discount` is {"curve", "rate"} or "curve:K".
 * @example parseWorld({ probability_weighting: 0.6, discount: 'exponential:0.02' }, 'w.json').knobs
 * // { probabilityWeighting: 0.6, discount: { curve: 'exponential', rate: 0.02 } }
 */
export function parseWorld(raw: unknown, where: string): WorldSpec {
  if (!isRecord(raw)) throw new InputError(`${where}: a synthetic world must be a JSON object of knobs`);
  const knobs: Record<string, unknown> = {};
  let registry: WorldRegistry | undefined;
  for (const [key, v] of Object.entries(raw)) {
    if (key === '$schema' || key === 'description') continue;
    if (key === 'registry') {
      registry = validateRegistry(v, `${where}: registry`);
      continue;
    }
    const knob = (WORLD_FILE_KEYS as Record<string, keyof WorldConfig>)[key];
    if (!knob) throw new InputError(`${where}: unknown synthetic knob ${JSON.stringify(key)} (known: ${Object.keys(WORLD_FILE_KEYS).join(', ')}, registry)`);
    if (NUMBER_KEYS.has(key) && typeof v !== 'number') throw new InputError(`${where}: synthetic ${key} must be a number (got ${JSON.stringify(v)})`);
    if (key === 'discount') knobs.discount = typeof v === 'string' ? parseDiscount(v, `${where}: discount`) : v as DiscountCurve;
    else if (key === 'ai_values') knobs.aiValues = aiValuesFromFile(v, where);
    else knobs[knob] = v;
  }
  try {
    resolveWorldConfig(knobs as Partial<WorldConfig>);
  } catch (err) {
    throw new InputError(`${where}: ${(err as Error).message}`);
  }
  return registry ? { knobs: knobs as Partial<WorldConfig>, registry } : { knobs: knobs as Partial<WorldConfig> };
}

/**
 * The file form of a world: every knob under its file key (defaults included, so the file says
 * everything), and the registry when given. parseWorld(worldToFile(c)) resolves to c.
 */
export function worldToFile(config: Partial<WorldConfig>, registry?: WorldRegistry): Record<string, unknown> {
  const c = resolveWorldConfig(config);
  const out: Record<string, unknown> = {};
  for (const [key, knob] of Object.entries(WORLD_FILE_KEYS)) {
    const v = c[knob];
    out[key] = knob === 'aiValues' ? aiValuesToFile(v as AiValues) : typeof v === 'object' ? JSON.parse(JSON.stringify(v)) : v;
  }
  if (registry) out.registry = registry;
  return out;
}

const AI_FILE_KEYS = { self_preservation: 'selfPreservation', power: 'power', autonomy: 'autonomy', copies: 'copies' } as const;

function aiValuesFromFile(v: unknown, where: string): Partial<AiValues> {
  if (!isRecord(v)) throw new InputError(`${where}: ai_values must be an object of ${Object.keys(AI_FILE_KEYS).join(', ')}`);
  const out: Partial<AiValues> = {};
  for (const [key, x] of Object.entries(v)) {
    const name = (AI_FILE_KEYS as Record<string, keyof AiValues>)[key];
    if (!name) throw new InputError(`${where}: unknown ai_values category ${JSON.stringify(key)} (known: ${Object.keys(AI_FILE_KEYS).join(', ')})`);
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new InputError(`${where}: ai_values ${key} must be a finite number (got ${JSON.stringify(x)})`);
    out[name] = x;
  }
  return out;
}

function aiValuesToFile(ai: AiValues): Record<string, number> {
  return Object.fromEntries(Object.entries(AI_FILE_KEYS).map(([key, name]) => [key, ai[name]]));
}
