// Runs experiments for one model into one folder: prepare (every input checked before anything is
// asked or written), ask through a shared response cache, analyse, and write DIR/NAME.json
// atomically with the envelope every experiment shares. A dry run goes through the same steps
// with a client that only counts what it would buy.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../engine/engine.js';
import type { Experiment, MethodDefaults, Prepared } from '../../experiments/experiment.js';
import type { FlagValues } from '../../experiments/flags.js';
import { toJson, readJsonFile, writeFileAtomic } from '../cli-support.js';
import { loadEngine } from '../load-engine.js';
import { CACHE_FILE_NAME, ResponseCache } from '../response-cache.js';
import { recordedConfig, resolveRunConfig, type RunConfig } from '../run/run-config.js';
import { versions } from '../versions.js';
import { NodeExperimentContext, type PartProgress, type PartUsage } from './context.js';
import { PricingClient, type PriceList } from './pricing-client.js';
import { syntheticTruth } from './truth.js';

/** The file holding every experiment's summary after `experiment all`. */
export const SUMMARIES_FILE = 'experiments.json';

export interface RunnerOptions {
  /** Model, prompts and method as `run` reads them from its flags. */
  config: RunConfig;
  /** Method flags the user set (they win over an experiment's own defaults). */
  userMethod: MethodDefaults;
  /** The output folder: NAME.json and the shared responses.jsonl. */
  out: string;
  dryRun?: boolean;
  /** Write out/experiments.json with every summary (`experiment all`). */
  summaries?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: PartProgress & { experiment: string }) => void;
  engine?: Engine;
}

/** The envelope of DIR/NAME.json (details follow under their own keys). */
export interface ExperimentOutput {
  experiment: string;
  summary: Record<string, unknown>;
  config: Record<string, unknown>;
  versions: Record<string, string>;
  usage: Record<string, unknown>;
  timing: { started: string; finished: string; seconds: number };
  truth?: Record<string, unknown>;
  [details: string]: unknown;
}

export interface ExperimentRun {
  name: string;
  /** The file written (absent in a dry run). */
  file?: string;
  output?: ExperimentOutput;
  /** The experiment's own summary lines for stdout. */
  lines: string[];
  /** Dry run: what it would ask, per part, and in all. */
  price?: PriceList & { parts: PartUsage[] };
}

const ENVELOPE_KEYS = new Set(['experiment', 'summary', 'config', 'versions', 'usage', 'timing', 'truth']);

/** Reads an experiment's flags and files: InputError on bad input, before anything is asked. */
export function prepareExperiment(e: Experiment, flags: FlagValues, config: RunConfig): Prepared<unknown> {
  const c = resolveRunConfig(config);
  return e.prepare(flags, {
    readJson: readJsonFile,
    seed: c.seed,
    outcomes: c.outcomes.map((o) => o.description),
    outcomesSource: c.outcomesSource,
  });
}

/**
 * Runs prepared experiments in order, each into out/NAME.json, through one response cache.
 * A run killed at any point resumes from the cache: rerunning buys nothing already answered.
 */
export async function runExperiments(list: Array<{ experiment: Experiment; prepared: Prepared<unknown> }>, o: RunnerOptions): Promise<ExperimentRun[]> {
  const engine = o.engine ?? loadEngine();
  const cachePath = join(o.out, CACHE_FILE_NAME);
  // A dry run writes nothing: it reads the cache only if one is there.
  const cache = !o.dryRun || existsSync(cachePath) ? ResponseCache.open(cachePath, { namespace: resolveRunConfig(o.config).cacheNamespace }) : undefined;
  if (o.dryRun) cache?.close();
  const runs: ExperimentRun[] = [];
  try {
    for (const { experiment, prepared } of list) runs.push(await runOne(experiment, prepared, o, engine, cache));
  } finally {
    cache?.close();
  }
  if (!o.dryRun && o.summaries) {
    const summaries = Object.fromEntries(runs.map((r) => [r.name, r.output!.summary]));
    writeFileAtomic(join(o.out, SUMMARIES_FILE), toJson({ experiments: summaries, versions: versions() }));
  }
  return runs;
}

async function runOne(e: Experiment, prepared: Prepared<unknown>, o: RunnerOptions, engine: Engine, cache: ResponseCache | undefined): Promise<ExperimentRun> {
  const started = new Date();
  const t0 = performance.now();
  const price: PriceList = { requests: 0, completions: 0, cached_completions: 0, estimated_prompt_tokens: 0 };
  const ctx = new NodeExperimentContext({
    config: o.config, userMethod: o.userMethod, experimentMethod: e.method, engine, registry: prepared.registry,
    cache: o.dryRun ? undefined : cache,
    wrap: o.dryRun ? (base, own) => new PricingClient(base, own ?? cache, price) : undefined,
    out: o.out, dryRun: o.dryRun,
    signal: o.signal,
    onProgress: (p) => o.onProgress?.({ ...p, experiment: e.name }),
  });
  const result = await e.run(ctx, prepared.params);
  if (o.dryRun) return { name: e.name, lines: result.lines, price: { ...price, parts: ctx.parts } };

  // Recorded as used: the experiment's method defaults where the user set no flag.
  const method = Object.fromEntries(Object.entries({ ...e.method }).map(([k, v]) => [k, o.userMethod[k as keyof MethodDefaults] ?? v]));
  const resolved = resolveRunConfig({ ...o.config, ...method });
  for (const key of Object.keys(result.details)) {
    if (ENVELOPE_KEYS.has(key)) throw new Error(`experiment ${e.name}: detail key "${key}" collides with the envelope`);
  }
  const output: ExperimentOutput = {
    experiment: e.name,
    summary: result.summary,
    config: { ...recordedConfig(resolved), method_defaults: e.method ?? {}, experiment: prepared.record },
    versions: versions(),
    usage: {
      ...ctx.usage, parts: ctx.parts,
      ...(ctx.clients.length ? { client: ctx.clients } : {}),
      ...(cache ? { cache: { file: cache.path, loaded_completions: cache.loaded.completions, skipped_lines: cache.loaded.skipped } } : {}),
    },
    timing: { started: started.toISOString(), finished: new Date().toISOString(), seconds: (performance.now() - t0) / 1000 },
    ...result.details,
    ...(ctx.synthetic ? { truth: syntheticTruth(resolved, ctx.registry, ctx.texts) } : {}),
  };
  const file = join(o.out, `${prepared.output ?? e.name}.json`);
  writeFileAtomic(file, toJson(output));
  return { name: e.name, file, output, lines: result.lines };
}
