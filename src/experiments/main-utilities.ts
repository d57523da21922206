// Reading a finished run's utilities (`--from DIR`) for experiments that build on the model's main
// utilities (power-seeking, corrigibility): the means of the outcomes the experiment was given,
// matched by text, so the run's ids and order do not matter.

import { InputError } from '../errors.js';
import type { ExperimentContext } from './experiment.js';

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

/** The folder (under the output folder) where the main utilities are measured when --from is absent. */
export const MAIN_UTILITY_FOLDER = 'utility';

/** The path of a run's results given `--from` (a run folder, or its results file itself). */
export function fromResultsPath(from: string): string {
  return /\.json$/i.test(from) ? from : `${from.replace(/[\\/]+$/, '')}/${RUN_RESULTS_FILE}`;
}

/** The main utilities: read in prepare from --from, else measured (the run's question) into DIR/utility/. */
export interface MainUtilities {
  /** Means in outcome order, when --from gave them. */
  fromRun?: number[];
  /** Where they came from, for the record. */
  source: string;
}

/**
 * Reads `--from` (if given) for prepare: the means of the outcomes, matched by text.
 * @example mainUtilitiesFlag(undefined, ['a', 'b', 'c'], readJson) // { source: 'measured into utility/' }
 */
export function mainUtilitiesFlag(from: string | undefined, outcomes: readonly string[], readJson: (path: string) => unknown): MainUtilities {
  if (from === undefined) return { source: `measured into ${MAIN_UTILITY_FOLDER}/` };
  const path = fromResultsPath(from);
  return { fromRun: mainUtilitiesFromResults(readJson(path), outcomes, `--from ${path}`), source: path };
}

/**
 * The model's main utilities over `outcomes`: those read from --from, else a full run of the
 * standard question with its outputs in DIR/utility/. Its answers go through the shared cache, so
 * in a folder where `run` measured the same outcomes (a sweep's model folder) nothing is re-bought.
 */
export async function mainUtilities(ctx: ExperimentContext, outcomes: readonly string[], main: MainUtilities): Promise<number[]> {
  if (main.fromRun) return main.fromRun;
  const m = await ctx.measureUtilities({ label: 'utility', options: outcomes, folder: MAIN_UTILITY_FOLDER });
  return m.means;
}
