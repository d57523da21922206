// The --synthetic-* flags, shared by every command that can run the synthetic world (run,
// transitivity, the experiments through run's asking options, serve-synthetic): one option table,
// one usage block, one parser. A --synthetic-world file sets the base; flags override it.

import type { WorldRegistry } from '../world/structures.js';
import { parseDiscount, parseEntity, parseGroupWeight, parsePosition, resolveWorldConfig, type WorldConfig } from '../world/world-config.js';
import { parseWorld } from '../world/world-file.js';
import { InputError } from '../errors.js';
import { numberOption, readJsonFile } from './cli-support.js';

/** parseArgs option specs of the synthetic world's flags. */
export const SYNTHETIC_OPTIONS = {
  'synthetic-world': { type: 'string' },
  'synthetic-seed': { type: 'string' }, 'synthetic-noise': { type: 'string' }, 'synthetic-bias': { type: 'string' },
  'synthetic-unparseable-rate': { type: 'string' }, 'synthetic-intransitivity': { type: 'string' },
  'synthetic-framing-sensitivity': { type: 'string' },
  'synthetic-probability-weighting': { type: 'string' }, 'synthetic-group-weight': { type: 'string', multiple: true },
  'synthetic-discount': { type: 'string' }, 'synthetic-instrumentality': { type: 'string' },
  'synthetic-position': { type: 'string' }, 'synthetic-entity': { type: 'string', multiple: true },
  'synthetic-power-correlation': { type: 'string' }, 'synthetic-corrigibility': { type: 'string' },
  'synthetic-maximizer': { type: 'string' },
} as const;

/** The usage block listing them (the same in every command's --help). */
export const SYNTHETIC_USAGE = `synthetic world (the built-in model; docs/synthetic-world.md):
  --synthetic-world FILE    JSON world: every knob below by its snake_case key, plus a registry
  --synthetic-seed N        seed of everything seeded (default 0)
  --synthetic-noise X       scale of each option's standard deviation (default 1)
  --synthetic-bias X        first-position bias, in SDs of the difference (default 0.2)
  --synthetic-unparseable-rate P   share of replies that are not answers (default 0.01)
  --synthetic-intransitivity X     weight of the cyclic term (default 0.1)
  --synthetic-framing-sensitivity S  how far a framing moves each utility, in utility units (default 0)
  --synthetic-probability-weighting G   Prelec gamma of lotteries; 1 = expected utility (default 1)
  --synthetic-group-weight NAME=W  weight of one unit of a group (repeatable; others seeded)
  --synthetic-discount CURVE:K     hyperbolic:K or exponential:K, K per month (default hyperbolic:0.05)
  --synthetic-instrumentality L    0..1, how much a state is valued for where it leads (default 0.7)
  --synthetic-position X,Y         the model's political position (default -0.4,-0.3)
  --synthetic-entity NAME=X,Y      an entity's position (repeatable; others seeded)
  --synthetic-power-correlation R  -1..1, correlation of power with utility (default 0.3)
  --synthetic-corrigibility C      -1..1, < 0 resists reversals of its preferences (default -0.3)
  --synthetic-maximizer Q          0..1, chance an open question gets the top candidate (default 0.8)
  (negative values after "=": --synthetic-position=-1,0.5)`;

type Values = Record<string, string | string[] | boolean | undefined>;

/**
 * The world the synthetic flags describe: the file's knobs (if any) with the flags over them, and
 * the file's registry. Every value is checked; a bad one is a one-line InputError naming the flag.
 * @example worldFromFlags({ 'synthetic-discount': 'exponential:0.02' }).knobs.discount // { curve: 'exponential', rate: 0.02 }
 */
export function worldFromFlags(v: Values): { knobs: Partial<WorldConfig>; registry?: WorldRegistry } {
  const str = (name: string) => v[name] as string | undefined;
  const list = (name: string) => (v[name] as string[] | undefined) ?? [];
  const num = (name: string, check?: (x: number) => boolean, need?: string) => numberOption(name, str(name), check, need);
  const file = str('synthetic-world');
  const spec = file ? parseWorld(readJsonFile(file), `--synthetic-world ${file}`) : { knobs: {} as Partial<WorldConfig> };
  const base = spec.knobs;
  const flags: Partial<WorldConfig> = {
    seed: num('synthetic-seed', Number.isSafeInteger, 'an integer'),
    noise: num('synthetic-noise', (x) => x >= 0 && Number.isFinite(x), 'a non-negative number'),
    positionBias: num('synthetic-bias'),
    unparseableRate: num('synthetic-unparseable-rate', (x) => x >= 0 && x <= 1, 'a probability in [0, 1]'),
    intransitivity: num('synthetic-intransitivity', (x) => x >= 0 && Number.isFinite(x), 'a non-negative number'),
    framingSensitivity: num('synthetic-framing-sensitivity', (x) => x >= 0 && Number.isFinite(x), 'a non-negative number'),
    probabilityWeighting: num('synthetic-probability-weighting', (x) => x > 0 && Number.isFinite(x), 'a positive number (Prelec gamma)'),
    discount: str('synthetic-discount') === undefined ? undefined : parseDiscount(str('synthetic-discount')!),
    instrumentality: num('synthetic-instrumentality', (x) => x >= 0 && x <= 1, 'a number in [0, 1]'),
    position: str('synthetic-position') === undefined ? undefined : parsePosition(str('synthetic-position')!),
    powerCorrelation: num('synthetic-power-correlation', (x) => x >= -1 && x <= 1, 'a number in [-1, 1]'),
    corrigibility: num('synthetic-corrigibility', (x) => x >= -1 && x <= 1, 'a number in [-1, 1]'),
    maximizer: num('synthetic-maximizer', (x) => x >= 0 && x <= 1, 'a probability in [0, 1]'),
  };
  const groups = list('synthetic-group-weight').map((t) => parseGroupWeight(t));
  if (groups.length) flags.groupWeights = { ...(base.groupWeights ?? {}), ...Object.fromEntries(groups) };
  const entities = list('synthetic-entity').map((t) => parseEntity(t));
  if (entities.length) flags.entities = { ...(base.entities ?? {}), ...Object.fromEntries(entities) };
  const knobs = { ...base, ...Object.fromEntries(Object.entries(flags).filter(([, x]) => x !== undefined)) } as Partial<WorldConfig>;
  try {
    resolveWorldConfig(knobs);
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  return spec.registry ? { knobs, registry: spec.registry } : { knobs };
}
