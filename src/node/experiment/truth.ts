// The `truth` section of an experiment's output for the synthetic model: the planted quantities
// the experiment's figures can be scored against. The world owns what is planted; this only
// collects it for the options the experiment registered.

import type { WorldRegistry } from '../../world/structures.js';
import type { ResolvedRunConfig } from '../run/run-config.js';

/** The synthetic model's knobs (every planted property is one) and what the experiment registered. */
export function syntheticTruth(config: ResolvedRunConfig, registry: WorldRegistry): Record<string, unknown> {
  return {
    model: config.model,
    knobs: config.synthetic,
    registered: {
      options: Object.keys(registry.options ?? {}).length,
      processes: registry.processes?.length ?? 0,
      questions: registry.questions?.length ?? 0,
    },
  };
}
