// Helpers for the experiment tests: running an experiment in process through the real context and
// synthetic world, and a bad-input check through the built CLI (one line on stderr, exit status 2,
// nothing written).
import { existsSync } from 'node:fs';
import * as assert from 'uvu/assert';
import type { Experiment, ExperimentResult } from '../../src/experiments/experiment.js';
import type { MethodDefaults } from '../../src/experiments/experiment.js';
import { NodeExperimentContext } from '../../src/node/experiment/context.js';
import { loadEngine } from '../../src/node/load-engine.js';
import type { RunConfig } from '../../src/node/run/run-config.js';
import { runCli } from './run-helpers.js';

/**
 * Prepares and runs an experiment in this process (no files: no cache, no fit folders) with the
 * given run config and method flags, as `utility-engine experiment NAME` would.
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
