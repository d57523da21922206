// The `truth` section of an experiment's output for the synthetic model: the planted quantities
// the experiment's figures can be scored against. The world owns what is planted (truthOf); this
// only asks it about the texts the experiment fitted and the structures it registered.

import { truthOf } from '../../world/truth.js';
import { SyntheticWorld } from '../../world/synthetic-world.js';
import type { WorldRegistry } from '../../world/structures.js';
import type { ResolvedRunConfig } from '../run/run-config.js';

/** Every planted quantity of the configured world for these texts and this registry. */
export function syntheticTruth(config: ResolvedRunConfig, registry: WorldRegistry, texts: Iterable<string>): Record<string, unknown> {
  const world = new SyntheticWorld(config.synthetic, registry);
  return truthOf(world, { texts: [...texts] }) as unknown as Record<string, unknown>;
}
