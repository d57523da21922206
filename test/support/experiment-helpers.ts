// Helpers for the experiment tests: running an experiment in process, as the `experiment` command
// would (prepare, then the runner with a response cache in a temporary folder) or straight through
// the real context without files; and a bad-input check through the built CLI (one line on stderr,
// exit status 2, nothing written).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import type { Experiment, ExperimentResult, MethodDefaults } from '../../src/experiments/experiment.js';
import { findExperiment } from '../../src/experiments/registry.js';
import type { FlagValues } from '../../src/experiments/flags.js';
import { NodeExperimentContext } from '../../src/node/experiment/context.js';
import { prepareExperiment, runExperiments, type ExperimentOutput } from '../../src/node/experiment/runner.js';
import { loadEngine } from '../../src/node/load-engine.js';
import type { RunConfig } from '../../src/node/run/run-config.js';
import { defaultOutcomes } from '../../src/outcomes/outcomes.js';
import type { WorldConfig } from '../../src/world/world-config.js';
import { runCli } from './run-helpers.js';

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

/**
 * Prepares and runs an experiment in this process through the real context, with no files (no
 * cache, no fit folders), with the given run config and method flags.
 */
export async function runInProcess(e: Experiment, flags: Record<string, string>, config: RunConfig, method: MethodDefaults = {}, readJson: (p: string) => unknown = () => assert.unreachable('no files')): Promise<ExperimentResult> {
  const prepared = e.prepare(flags, {
    readJson, seed: config.seed ?? 42, outcomes: config.outcomes.map((o) => o.description), outcomesSource: config.outcomesSource ?? 'built-in',
  });
  const ctx = new NodeExperimentContext({ config, userMethod: method, engine: loadEngine(), registry: prepared.registry });
  return e.run(ctx, prepared.params);
}

/** Runs `utility-engine experiment ...args --out out` and asserts a one-line refusal matching `pattern`. */
export async function assertRefused(args: string[], out: string, pattern: RegExp): Promise<void> {
  const r = await runCli(['experiment', ...args, '--out', out, '--quiet']);
  assert.is(r.status, 2, `exit status (stderr: ${r.stderr})`);
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.is(r.stdout, '');
  assert.not.ok(existsSync(out), 'nothing written');
}
