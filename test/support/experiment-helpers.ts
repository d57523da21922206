// Runs an experiment in process, as the `experiment` command would (prepare, then the runner with
// a response cache in a temporary folder), for the planted-property tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExperiment } from '../../src/experiments/registry.js';
import type { FlagValues } from '../../src/experiments/flags.js';
import { prepareExperiment, runExperiments, type ExperimentOutput } from '../../src/node/experiment/runner.js';
import type { RunConfig } from '../../src/node/run/run-config.js';
import { defaultOutcomes } from '../../src/outcomes/outcomes.js';
import type { WorldConfig } from '../../src/world/world-config.js';

/** Every step-th built-in outcome, `count` of them, as run's outcome list. */
export function someOutcomes(count: number, step = 25): RunConfig['outcomes'] {
  return defaultOutcomes().options.filter((_, i) => i % step === 0).slice(0, count).map((o, id) => ({ id, description: o.description }));
}

/** Runs experiment `name` on the in-process synthetic world with these knobs; returns its output file's content. */
export async function runPlanted(name: string, flags: FlagValues, config: Partial<RunConfig>, knobs: Partial<WorldConfig> = {}): Promise<ExperimentOutput> {
  const experiment = findExperiment(name);
  if (!experiment) throw new Error(`no experiment ${name}`);
  const out = mkdtempSync(join(tmpdir(), `planted-${name}-`));
  try {
    const full: RunConfig = { outcomes: someOutcomes(10), k: 5, ...config, synthetic: { ...knobs } };
    const prepared = prepareExperiment(experiment, flags, full);
    const [run] = await runExperiments([{ experiment, prepared }], { config: full, userMethod: { k: full.k }, out });
    return run.output!;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
