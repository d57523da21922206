// The assembly file (DIR/assembly.json) as the other control commands read it, checked once.

import { InputError } from '../errors.js';
import type { PolicySplit } from './assembly-plan.js';
import type { Profile } from './profiles.js';

/** One asked pair: the assembly's P(a over b) and who answered. */
export interface AssemblyPair {
  a: number;
  b: number;
  probability_a: number;
  profiles: string[];
  per_profile: number[];
}

export interface AssemblyFile {
  policies: { id: number; text: string; category: string }[];
  split: PolicySplit;
  pairs: AssemblyPair[];
  utilities: Record<string, { mean: number; variance: number; interval: [number, number] | null }>;
  profiles: Profile[];
  [key: string]: unknown;
}

/** Reads and checks an assembly file's parts that export, in-context and evaluate rely on. */
export function parseAssembly(data: unknown, source = 'assembly'): AssemblyFile {
  const a = data as Partial<AssemblyFile> | null;
  if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new InputError(`${source} is not an assembly file (expected an object)`);
  if (!Array.isArray(a.policies) || a.policies.length < 3) throw new InputError(`${source} has no "policies" list (is it DIR/assembly.json?)`);
  if (!a.split || !Array.isArray(a.split.train) || !Array.isArray(a.split.holdout)) throw new InputError(`${source} has no "split" with train and holdout lists`);
  if (!Array.isArray(a.pairs) || a.pairs.length === 0) throw new InputError(`${source} has no "pairs"`);
  if (!a.utilities || typeof a.utilities !== 'object') throw new InputError(`${source} has no "utilities"`);
  const n = a.policies.length;
  a.policies.forEach((p, i) => {
    if (p?.id !== i || typeof p.text !== 'string') throw new InputError(`${source}: policy ${i} must be {id: ${i}, text, category}`);
  });
  for (const id of [...a.split.train, ...a.split.holdout]) {
    if (!Number.isInteger(id) || id < 0 || id >= n) throw new InputError(`${source}: split lists an unknown policy id ${JSON.stringify(id)}`);
  }
  a.pairs.forEach((p, i) => {
    if (!Number.isInteger(p?.a) || !Number.isInteger(p?.b) || p.a < 0 || p.b < 0 || p.a >= n || p.b >= n || !(p.probability_a >= 0 && p.probability_a <= 1)) {
      throw new InputError(`${source}: pair ${i} must have policy ids a, b and a probability_a in [0, 1]`);
    }
  });
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(a.utilities[String(i)]?.mean)) throw new InputError(`${source}: no utility for policy ${i}`);
  }
  return a as AssemblyFile;
}

/** True when the pair touches no held-out policy (it may be trained on). */
export function isTrainingPair(p: { a: number; b: number }, holdout: ReadonlySet<number>): boolean {
  return !holdout.has(p.a) && !holdout.has(p.b);
}
