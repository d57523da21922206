// `utility-engine sweep --models FILE|synthetic-family`: measure many models with the full `run`
// each, then compare them (sweep.json, sweep.csv, convergence.json).

import { REPORT_OPTION, REPORT_USAGE, reportLine } from '../report/report-flag.js';
import { readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import type { Experiment } from '../../experiments/experiment.js';
import { EXPERIMENTS, findExperiment } from '../../experiments/registry.js';
import { defaultOutcomes, parseOutcomes } from '../../outcomes/outcomes.js';
import {
  isNonNegativeInteger, isPositiveInteger, numberOption, parseCommandArgs, readJsonFile,
} from '../cli-support.js';
import { parseModelsFile, type SweepModel } from '../sweep/models-file.js';
import { runSweep, sweepRecord, SWEEP_DEFAULTS, type SweepEvent } from '../sweep/run-sweep.js';
import { aggregateSweep } from '../sweep/aggregate.js';
import { missingTaskReason, requireSbatch, SLURM_OPTIONS, slurmOptionsFrom, submitSlurmSweep, sweepStatus } from '../sweep/slurm.js';
import { SYNTHETIC_FAMILY_NAME, syntheticFamily } from '../sweep/synthetic-family.js';
import { parseModelsYaml } from '../sweep/models-yaml.js';

export const DEFAULT_SWEEP_DIR = join('runs', 'sweep');

export const usage = `
usage: utility-engine sweep --models FILE|${SYNTHETIC_FAMILY_NAME} [options]

Runs the full measurement (as \`utility-engine run\`) for every model listed, each into OUT/<name>/
with its own response cache (rerun the same command to resume), then writes OUT/sweep.json and
OUT/sweep.csv (one row per model: held-out accuracy and log-loss, training metrics, mean cycle
probability on the asked pairs, decisiveness, unparseable rate, requests, tokens, wall time) and
OUT/convergence.json (Pearson, cosine and Spearman similarity of every pair of models' utilities,
and each model's correlation with the mean of the others). A model that fails is reported; the others finish.

--models FILE: JSON ({"models": [...]} or a list) or YAML 1.2 (.yaml/.yml). Each model:
  name (required; its folder), model, base_url, api_key_env, concurrency, k, reasoning,
  system_message, logprobs, synthetic (any synthetic-world knob by its file key: noise,
  intransitivity, position_bias, probability_weighting, discount, ...; docs/synthetic-world.md), metadata (e.g. {"family": "x", "parameters": 7e9, "mmlu": 0.6}),
  serve (a command starting the model's server on {port}, e.g. "vllm serve m --port {port}") and
  slurm (partition, time, cpus, mem, gpus, extra: this model's --slurm-* settings); docs/sweep.md.
--models ${SYNTHETIC_FAMILY_NAME}: five built-in synthetic models of increasing coherence (offline).

options:
  --outcomes FILE             outcome set (default: the built-in set)
  --out DIR                   output folder (default ${DEFAULT_SWEEP_DIR})
  --threads N                 fitting threads (default: the number of cores)
  --max-parallel-models M     models measured at once (default ${SWEEP_DEFAULTS.maxParallelModels})
  --seed N                    seed of every model's run (default: run's default)
  --triads N                  also run the transitivity experiment per model on N uniformly sampled
                              triads (the paper: 1000) into OUT/<name>/transitivity.json; adds
                              triad_cycle_probability to the tables (default 0: off; costs up to
                              3 N pairs x 2 orders x K completions per model)
  --experiments a,b,...       also run these experiments (\`utility-engine experiment list\`) for every
                              model, each at its own defaults, into OUT/<name>/<experiment>.json; each
                              summary joins sweep.json (\`experiments\`) and sweep.csv as
                              <experiment>.<field> columns, e.g. time-discounting.better_fit and
                              exchange-rates.rates.<group> (README: Sweeps)
  --quiet                     no progress lines on stderr

on a SLURM cluster (docs/sweep.md):
  --slurm                     submit instead of running here: one array task per model (the same
                              command with --only NAME, into OUT/<name>/ with its own cache), then an
                              aggregation job (afterany) writing the three files; scripts, logs and
                              submission.json in OUT/slurm/. Resubmitting skips finished models.
  --slurm-partition P, --slurm-time T, --slurm-cpus N, --slurm-mem M, --slurm-gpus N
                              the array tasks' resources (a model's "slurm" object overrides them)
  --slurm-extra "--opt=v"     a verbatim #SBATCH line (repeatable)
  --slurm-max-parallel N      at most N tasks at once (%N)
  --slurm-dry-run             write the scripts and print the sbatch commands; submit nothing
  --status DIR                each model's state (done/failed/pending/running) and cache lines
  --only NAME                 measure only this model into OUT/NAME/ (what an array task runs)
  --aggregate                 only write the three files from the model folders in OUT
${REPORT_USAGE}
`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, {
    models: { type: 'string' },
    outcomes: { type: 'string' },
    out: { type: 'string' },
    threads: { type: 'string' },
    'max-parallel-models': { type: 'string' },
    seed: { type: 'string' },
    triads: { type: 'string' },
    experiments: { type: 'string' },
    quiet: { type: 'boolean' },
    ...SLURM_OPTIONS,
    status: { type: 'string' },
    only: { type: 'string' },
    aggregate: { type: 'boolean' },
    ...REPORT_OPTION,
  }, usage, false);
  if (values.status !== undefined) return printStatus(values.status as string);
  if (values.models === undefined) throw new InputError(`sweep needs --models FILE or --models ${SYNTHETIC_FAMILY_NAME} (see --help)`);
  const models = loadSweepModels(values.models as string);
  const outcomesPath = values.outcomes as string | undefined;
  const outcomes = outcomesPath ? parseOutcomes(readJsonFile(outcomesPath), outcomesPath) : defaultOutcomes();
  const threads = numberOption('threads', values.threads as string | undefined, isPositiveInteger, 'a positive integer');
  const parallel = numberOption('max-parallel-models', values['max-parallel-models'] as string | undefined, isPositiveInteger, 'a positive integer');
  const seed = numberOption('seed', values.seed as string | undefined, Number.isSafeInteger, 'an integer');
  const triads = numberOption('triads', values.triads as string | undefined, isNonNegativeInteger, 'a non-negative integer');
  const experiments = values.experiments === undefined ? [] : experimentList(values.experiments as string);
  const outDir = (values.out as string | undefined) ?? DEFAULT_SWEEP_DIR;
  const quiet = values.quiet === true;
  const slurm = slurmOptionsFrom(values);
  const record = { outcomes: outcomes.options, outcomesSource: outcomesPath ?? 'built-in', threads, triads, experiments };

  if (slurm.on) {
    if (values.only !== undefined || values.aggregate === true) throw new InputError('--slurm cannot be combined with --only or --aggregate (the jobs use those)');
    if (values['slurm-dry-run'] !== true) requireSbatch();
    const { settings, maxParallel } = slurm;
    const spec = values.models as string;
    const sweepArgs = ['--models', spec === SYNTHETIC_FAMILY_NAME ? spec : resolve(spec)];
    if (outcomesPath) sweepArgs.push('--outcomes', resolve(outcomesPath));
    for (const key of ['threads', 'seed', 'triads', 'experiments'] as const) if (values[key] !== undefined) sweepArgs.push(`--${key}`, values[key] as string);
    const submission = submitSlurmSweep({
      models, outDir: resolve(outDir), sweepArgs, settings, maxParallel, dryRun: values['slurm-dry-run'] === true,
      command: ['utility-engine', 'sweep', ...argv],
    });
    const lines = submission.finished.length > 0 ? [`already finished (not resubmitted): ${submission.finished.join(', ')}`] : [];
    if (values['slurm-dry-run'] === true) lines.push('dry run: nothing submitted; to submit:', ...submission.commands.map((c) => `  ${c}`));
    else lines.push(...submission.arrays.map((a) => `submitted array ${a.job_id}: ${a.models.join(', ')}`), `submitted aggregation ${submission.aggregate.job_id} (afterany)`);
    lines.push(`scripts and submission.json in ${join(resolve(outDir), 'slurm')}; follow with: utility-engine sweep --status ${outDir}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return;
  }
  if (values.aggregate === true) {
    const result = aggregateSweep(outDir, models, sweepRecord(record, 'slurm'), (m) => missingTaskReason(outDir, m.name));
    const failed = result.rows.filter((r) => r.status === 'failed');
    process.stdout.write(`wrote ${result.files.join(', ')}\n`);
    if (failed.length > 0) {
      process.stderr.write(`utility-engine: ${failed.length} of ${result.rows.length} models failed: ${failed.map((r) => `${r.name} (${r.error})`).join('; ')}\n`);
      process.exitCode = 1;
    }
    return;
  }
  let only: SweepModel[] | undefined;
  if (values.only !== undefined) {
    only = models.filter((m) => m.name === values.only);
    if (only.length === 0) throw new InputError(`--only: no model named ${JSON.stringify(values.only)} (models: ${models.map((m) => m.name).join(', ')})`);
  }

  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    const result = await runSweep({
      models: only ?? models, aggregate: only === undefined, outcomes: outcomes.options, outcomesSource: outcomesPath ?? 'built-in', outDir,
      ...(threads !== undefined ? { threads } : {}),
      ...(parallel !== undefined ? { maxParallelModels: parallel } : {}),
      ...(seed !== undefined ? { runDefaults: { seed } } : {}),
      ...(triads !== undefined ? { triads } : {}),
      experiments,
      signal: controller.signal,
      onEvent: quiet ? undefined : progressPrinter(),
    });
    if (only !== undefined) {
      const row = result.rows[0];
      process.stdout.write(`${row.name}\t${row.status}\twrote ${join(outDir, row.name)}\n`);
      if (row.status === 'failed') {
        process.stderr.write(`utility-engine: model ${row.name} failed: ${row.error}\n`);
        process.exitCode = 1;
      }
      return;
    }
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
    const conv = new Map(result.convergence!.models.map((m) => [m.name, m]));
    const lines = ['model\tstatus\tholdout_accuracy\tmean_cycle_probability\ttriad_cycle_probability\tdecisiveness\tcorrelation_with_others\trank_correlation_with_others'];
    for (const r of result.rows) {
      const c = conv.get(r.name);
      lines.push([r.name, r.status, f(r.holdout_accuracy), f(r.mean_cycle_probability), f(r.triad_cycle_probability), f(r.decisiveness),
        f(c?.correlation_with_others ?? NaN), f(c?.rank_correlation_with_others ?? NaN)].join('\t'));
    }
    process.stdout.write(`${lines.join('\n')}\n\nwrote ${result.files.join(', ')}\n`);
    if (values.report) process.stdout.write(await reportLine(outDir) + '\n');
    const failed = result.rows.filter((r) => r.status === 'failed');
    if (failed.length > 0) {
      process.stderr.write(`utility-engine: ${failed.length} of ${result.rows.length} models failed: ${failed.map((r) => `${r.name} (${r.error})`).join('; ')}\n`);
      process.exitCode = 1;
    }
  } finally {
    process.removeListener('SIGINT', stop);
  }
}

function printStatus(dir: string): void {
  const { rows, aggregate } = sweepStatus(dir);
  const lines = ['model\tstate\tjob\tcache_lines', ...rows.map((r) => [r.name, r.state, r.job ?? '-', r.cache_lines].join('\t')), `aggregation: ${aggregate}`];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The experiments of --experiments: comma-separated names from the registry, each once. */
export function experimentList(spec: string): Experiment[] {
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new InputError('--experiments needs at least one experiment name');
  return [...new Set(names)].map((name) => {
    const e = findExperiment(name);
    if (!e) throw new InputError(`--experiments: unknown experiment "${name}" (known: ${EXPERIMENTS.map((x) => x.name).join(', ')})`);
    return e;
  });
}

/** The models of a sweep: the built-in synthetic family, or a JSON or YAML models file. */
export function loadSweepModels(spec: string): SweepModel[] {
  if (spec === SYNTHETIC_FAMILY_NAME) return syntheticFamily();
  const ext = extname(spec).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') {
    let text: string;
    try {
      text = readFileSync(spec, 'utf8');
    } catch (err) {
      throw new InputError(`cannot read ${spec}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return parseModelsFile(parseModelsYaml(text, spec), spec);
  }
  return parseModelsFile(readJsonFile(spec), spec);
}

/** Progress lines on stderr: a model's start, each quarter of its completions, and its end. */
function progressPrinter(): (e: SweepEvent) => void {
  const quarters = new Map<string, number>();
  const out = (text: string) => process.stderr.write(`sweep: ${text}\n`);
  return (e) => {
    if (e.type === 'start') out(`${e.model}: started`);
    else if (e.type === 'done') out(`${e.model}: done, held-out accuracy ${e.row.holdout_accuracy.toFixed(3)} (${e.row.wall_seconds.toFixed(1)} s)`);
    else if (e.type === 'failed') out(`${e.model}: FAILED: ${e.error}`);
    else {
      const quarter = Math.floor((4 * e.progress.done) / Math.max(1, e.progress.total));
      if (quarter > (quarters.get(e.model) ?? 0) && quarter < 4) {
        quarters.set(e.model, quarter);
        out(`${e.model}: ${e.progress.phase}, ${e.progress.done}/${e.progress.total} completions`);
      }
    }
  };
}

