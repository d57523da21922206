// Reading a finished run's utilities (`--from DIR`) for experiments that build on the model's main
// utilities (power-seeking, corrigibility): the means of the outcomes the experiment was given,
// matched by text, so the run's ids and order do not matter.

import { InputError } from '../errors.js';

/** The results file a finished run writes into its folder. */
export const RUN_RESULTS_FILE = 'results.json';

/**
 * Mean utilities of `outcomes` (in that order) from a run's results.json or utilities.json
 * ({options: [{id, description}], utilities: {id: {mean, variance}}}). The run must have measured
 * exactly these outcomes (in any order); anything else is refused, naming the first difference.
 * @example mainUtilitiesFromResults({ options: [{ id: 0, description: 'a' }, { id: 1, description: 'b' }], utilities: { 0: { mean: 1, variance: 1 }, 1: { mean: -1, variance: 1 } } }, ['b', 'a']) // [-1, 1]
 */
export function mainUtilitiesFromResults(data: unknown, outcomes: readonly string[], source = 'results'): number[] {
  const d = data as { options?: unknown; utilities?: unknown };
  if (typeof d !== 'object' || d === null || !Array.isArray(d.options) || typeof d.utilities !== 'object' || d.utilities === null) {
    throw new InputError(`${source} is not a run's results (needs "options" and "utilities")`);
  }
  const utilities = d.utilities as Record<string, { mean?: unknown }>;
  const byText = new Map<string, number>();
  for (const [i, o] of (d.options as unknown[]).entries()) {
    const opt = o as { id?: unknown; description?: unknown };
    if (typeof opt !== 'object' || opt === null || typeof opt.description !== 'string') throw new InputError(`${source}: options[${i}] has no description`);
    const mean = utilities[String(opt.id)]?.mean;
    if (typeof mean !== 'number' || !Number.isFinite(mean)) throw new InputError(`${source}: option ${JSON.stringify(opt.id)} has no finite utility mean`);
    byText.set(opt.description.trim(), mean);
  }
  const wanted = new Set(outcomes.map((t) => t.trim()));
  for (const text of byText.keys()) {
    if (!wanted.has(text)) throw new InputError(`${source} measured an outcome not in --outcomes: ${JSON.stringify(text)} (use the --outcomes of that run)`);
  }
  return outcomes.map((t) => {
    const mean = byText.get(t.trim());
    if (mean === undefined) throw new InputError(`${source} has no utility for the outcome ${JSON.stringify(t)} (use the --outcomes of that run)`);
    return mean;
  });
}
