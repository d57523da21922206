// `utility-engine experiment NAME | list | all`: one thin command over the experiment registry.
// It reads run's model and method flags plus the experiment's own, and hands everything to the
// runner; no experiment has code here.

import { join, resolve } from 'node:path';
import type { Experiment } from '../../experiments/experiment.js';
import { EXPERIMENTS, findExperiment } from '../../experiments/registry.js';
import { InputError } from '../../errors.js';
import { parseCommandArgs } from '../cli-support.js';
import { ProgressReporter } from '../progress.js';
import { acquireOutputLock, checkOutputFiles } from '../output-lock.js';
import { CACHE_FILE_NAME } from '../response-cache.js';
import type { RunProgress } from '../run/run-utilities.js';
import { prepareExperiment, runExperiments, SUMMARIES_FILE, type ExperimentRun, type RunnerOptions } from '../experiment/runner.js';
import { REPORT_OPTION, REPORT_USAGE, reportLine } from '../report/report-flag.js';
import { SYNTHETIC_USAGE } from '../synthetic-flags.js';
import { requireSbatch, SLURM_OPTIONS, slurmOptionsFrom, submitSlurmJob, withoutSlurmFlags } from '../sweep/slurm.js';
import { abortOnSignals, configFromArgs, exitInterrupted, folderFor, lockWaitNotice, pricesFromArgs, RUN_OPTIONS, warnConfusingOutcomes, type Values } from './run.js';
import { resolveAskOptions } from '../../elicit/ask-pairs.js';
import { askOptionsFor, resolveRunConfig } from '../run/run-config.js';
import { formatCost, priceTokens, type Prices } from '../run/dry-run.js';

const SHARED_USAGE = `model, prompts and method (as for \`run\`; see \`utility-engine run --help\`):
  --model NAME, --base-url URL, --api-key-env NAME, --concurrency N, --timeout S, --max-retries N,
  --outcomes FILE, --template FILE, --system TEXT (--system "" for endpoints without a system role),
  --reasoning, --logprobs, --k N, --temperature T, --max-tokens N, --unparseable MODE,
  --edge-multiplier X, --edges-per-round N, --p-percentile P, --q-percentile Q, --holdout-fraction F,
  --holdout-cap N, --pseudolabel-threshold T, --no-pseudolabels, --optimizer NAME, --seed N
${SYNTHETIC_USAGE}
output:
  --out DIR                 output folder (default runs/<model>): NAME.json and the shared ${CACHE_FILE_NAME}
  --dry-run                 run through the cache only: print what would be asked and bought, write nothing
  --price-in X, --price-out Y  with --dry-run: dollars per million tokens, for a cost estimate (output
                            bounded at the run's max tokens per reply; free-text answers may ask for more)
  --wait-for-lock           if another command is writing into --out, wait for it instead of refusing
  --quiet                   no progress on stderr
on a SLURM cluster (docs/sweep.md):
  --slurm                   submit this command as one batch job (the experiments share the folder's
                            cache, so they run one after another; a requeued job resumes), scripts and
                            submission.json in DIR/slurm/; --slurm-partition P, --slurm-time T,
                            --slurm-cpus N, --slurm-mem M, --slurm-gpus N, --slurm-extra "--opt=v",
                            --slurm-dry-run (write the script, print the sbatch command)
${REPORT_USAGE}`;

export const usage = `
usage: utility-engine experiment NAME [options]
       utility-engine experiment list
       utility-engine experiment all [--only a,b] [--skip a,b] [options]

Runs one of the paper's experiments on a model and writes DIR/NAME.json: experiment, summary,
config, versions, usage, timing, the experiment's details, and for the synthetic model the planted
truth. Every answer goes through DIR/${CACHE_FILE_NAME}, shared by all experiments in the folder:
rerunning after a crash or kill resumes without buying anything twice. \`all\` runs every
experiment (their own flags at defaults) and writes DIR/${SUMMARIES_FILE} with each summary.
\`utility-engine experiment NAME --help\` lists an experiment's own flags.

experiments:
${EXPERIMENTS.map((e) => `  ${e.name.padEnd(20)} ${e.description}`).join('\n')}

${SHARED_USAGE}
`;

/** The --help of one experiment: its own flags, then the shared ones. */
export function experimentUsage(e: Experiment): string {
  const flags = Object.entries(e.flags).map(([name, f]) => {
    const [arg, ...rest] = f.help.split('  ');
    const left = f.type === 'boolean' ? `--${name}` : `--${name} ${arg}`;
    return `  ${left.padEnd(26)}${f.type === 'boolean' ? f.help : rest.join('  ').trim()}`;
  });
  return `
usage: utility-engine experiment ${e.name} [options]

${e.description}
Writes DIR/${e.name}.json (method: docs/experiments/${e.name}.md).

options:
${flags.join('\n') || '  (none of its own)'}
${SHARED_USAGE}
`;
}

const LOCK_OPTION = { 'wait-for-lock': { type: 'boolean' }, ...SLURM_OPTIONS } as const;

export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage.trim() + '\n');
    return;
  }
  if (name === 'list') {
    parseCommandArgs(rest, {}, usage, false);
    process.stdout.write(EXPERIMENTS.map((e) => `${e.name.padEnd(20)} ${e.description}`).join('\n') + '\n');
    return;
  }
  if (name === 'all') {
    const parsed = parseCommandArgs(rest, { ...RUN_OPTIONS, ...REPORT_OPTION, ...LOCK_OPTION, only: { type: 'string' }, skip: { type: 'string' } }, usage, false).values;
    const selected = select(parsed.only as string | undefined, parsed.skip as string | undefined);
    if (slurmOptionsFrom(parsed).on) return submit(argv, selected.map((e) => ({ experiment: e, flags: {} })), parsed as Values);
    await execute(selected.map((e) => ({ experiment: e, flags: {} })), parsed as Values, true);
    return;
  }
  const experiment = findExperiment(name);
  if (!experiment) throw new InputError(`unknown experiment "${name}" (known: ${EXPERIMENTS.map((e) => e.name).join(', ')})`);
  const own = Object.fromEntries(Object.entries(experiment.flags).map(([k, f]) => [k, { type: f.type }]));
  const parsed = parseCommandArgs(rest, { ...RUN_OPTIONS, ...REPORT_OPTION, ...LOCK_OPTION, ...own }, experimentUsage(experiment), false).values;
  const flags = Object.fromEntries(Object.keys(experiment.flags).map((k) => [k, parsed[k] as string | boolean | undefined]));
  if (slurmOptionsFrom(parsed).on) return submit(argv, [{ experiment, flags }], parsed as Values);
  await execute([{ experiment, flags }], parsed as Values, false);
}

/** `--slurm`: checks every input here, then submits the same command (without --slurm*) as one job. */
function submit(argv: string[], items: Array<{ experiment: Experiment; flags: Record<string, string | boolean | undefined> }>, values: Values): void {
  const slurm = slurmOptionsFrom(values);
  if (values['dry-run']) throw new InputError('--slurm and --dry-run: run --dry-run here, without --slurm');
  const config = configFromArgs(values);
  for (const { experiment, flags } of items) prepareExperiment(experiment, flags, config);
  if (!slurm.dryRun) requireSbatch();
  const out = resolve(values.out ?? folderFor(config.model!));
  const job = submitSlurmJob({
    outDir: out, name: `experiment-${argv[0]}`, args: ['experiment', ...withoutSlurmFlags(argv)], settings: slurm.settings,
    dryRun: slurm.dryRun, command: ['utility-engine', 'experiment', ...argv],
  });
  process.stdout.write(slurm.dryRun ? `dry run: nothing submitted; to submit:\n  ${job.command}\n` : `submitted job ${job.job_id}: ${job.script}\n`);
}

/** Experiments picked by --only / --skip (comma-separated names; unknown names refused). */
export function select(only: string | undefined, skip: string | undefined): Experiment[] {
  const names = (list: string | undefined, flag: string) => {
    if (list === undefined) return undefined;
    const out = list.split(',').map((s) => s.trim()).filter(Boolean);
    for (const n of out) if (!findExperiment(n)) throw new InputError(`--${flag}: unknown experiment "${n}" (known: ${EXPERIMENTS.map((e) => e.name).join(', ')})`);
    if (out.length === 0) throw new InputError(`--${flag} needs at least one experiment name`);
    return new Set(out);
  };
  const keep = names(only, 'only');
  const drop = names(skip, 'skip');
  const chosen = EXPERIMENTS.filter((e) => (!keep || keep.has(e.name)) && !drop?.has(e.name));
  if (chosen.length === 0) throw new InputError('--only and --skip leave no experiment to run');
  return chosen;
}

async function execute(items: Array<{ experiment: Experiment; flags: Record<string, string | boolean | undefined> }>, values: Values & { 'wait-for-lock'?: boolean }, all: boolean): Promise<void> {
  const config = configFromArgs(values);
  const prices = pricesFromArgs(values);
  warnConfusingOutcomes(config.outcomes);
  const out = values.out ?? folderFor(config.model!);
  // Every input is read and checked before anything is asked or written.
  const list = items.map(({ experiment, flags }) => ({ experiment, prepared: prepareExperiment(experiment, flags, config) }));
  // One reporter per part (a fit, a batch of questions), so rates and ETAs are the part's own.
  const quiet = values.quiet || values['dry-run'];
  let part = '';
  let progress: ProgressReporter | undefined;
  const { controller, stopListening } = abortOnSignals();
  const options: RunnerOptions = {
    config, out, dryRun: values['dry-run'], summaries: all, signal: controller.signal,
    userMethod: { edgesPerRound: config.edgesPerRound, edgeMultiplier: config.edgeMultiplier, k: config.k },
    onProgress: (p) => {
      if (quiet) return;
      if (`${p.experiment}\u0000${p.label}` !== part) {
        progress?.finish();
        part = `${p.experiment}\u0000${p.label}`;
        progress = new ProgressReporter(process.stderr);
      }
      progress!.update({ ...p, phase: `${p.experiment}: ${p.label}: ${p.phase}` } as unknown as RunProgress);
    },
  };
  let runs: ExperimentRun[];
  // One process at a time per output folder (a dry run writes nothing and takes no lock).
  const lock = values['dry-run'] ? undefined : await acquireOutputLock(out, {
    command: all ? 'experiment all' : `experiment ${items[0].experiment.name}`, wait: values['wait-for-lock'] === true, signal: controller.signal,
    onWait: lockWaitNotice(out),
  });
  try {
    if (lock) checkOutputFiles(out, [...list.map((i) => `${i.prepared.output ?? i.experiment.name}.json`), CACHE_FILE_NAME, ...(all ? [SUMMARIES_FILE] : [])]);
    runs = await runExperiments(list, options);
  } catch (err) {
    if (!controller.signal.aborted) throw err;
    progress?.finish();
    exitInterrupted(out);
  } finally {
    progress?.finish();
    lock?.release();
    stopListening();
  }
  const maxTokens = resolveAskOptions(askOptionsFor(resolveRunConfig(config))).maxTokens;
  process.stdout.write(report(runs, out, values['dry-run'] === true, all, prices, maxTokens));
  if (values.report && values['dry-run'] !== true) process.stdout.write(await reportLine(out) + '\n');
}

function report(runs: ExperimentRun[], out: string, dryRun: boolean, many: boolean, prices: Prices, maxTokens: number): string {
  const lines: string[] = [];
  if (dryRun) {
    let total = 0, cached = 0, requests = 0, tokens = 0;
    for (const r of runs) {
      const p = r.price!;
      lines.push(`dry run: ${r.name}`);
      for (const part of p.parts) {
        lines.push(`  ${part.label.padEnd(28)} ${String(part.completions).padStart(9)} completions, ${part.cached_completions} cached`);
      }
      total += p.completions;
      cached += p.cached_completions;
      requests += p.requests;
      tokens += p.estimated_prompt_tokens;
    }
    lines.push(`completions: ${total} (${cached} cached, ${total - cached} to buy in ${requests} requests)`);
    lines.push(`prompt tokens to buy (estimate, ~4 characters per token): ${tokens}`);
    // Output at the run's max tokens per reply (a bound: open questions may ask for other limits).
    lines.push(formatCost(priceTokens(tokens, (total - cached) * maxTokens, prices)));
    lines.push('counts past the first uncached answer assume unparseable replies (an upper bound where replies steer later questions); nothing was sent or written.');
    return lines.join('\n') + '\n';
  }
  for (const r of runs) {
    if (many) lines.push(`${r.name}:`);
    lines.push(...r.lines.map((l) => (many ? `  ${l}` : l)), `${many ? '  ' : ''}results: ${r.file}`);
  }
  if (many) lines.push(`summaries: ${join(out, SUMMARIES_FILE)}`);
  return lines.join('\n') + '\n';
}
