// `sweep --slurm`: the sweep as SLURM jobs. One array task per model runs the ordinary
// `utility-engine sweep --only NAME` into DIR/<name>/ (the model's own cache, so a requeued or
// resubmitted task resumes), and an aggregation job that waits for every task (afterany) runs
// `sweep --aggregate`, which writes sweep.json, sweep.csv and convergence.json from the folders as a
// local sweep does. Models whose SLURM settings differ go in separate arrays (one per setting).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { isNonNegativeInteger, isPositiveInteger, numberOption, toJson, writeFileAtomic } from '../cli-support.js';
import { versions } from '../versions.js';
import { ROW_FILE_NAME } from './aggregate.js';
import { parseSlurmSettings, type SlurmSettings, type SweepModel } from './models-file.js';

export interface SlurmSweepOptions {
  models: readonly SweepModel[];
  /** Absolute output folder. */
  outDir: string;
  /** The `sweep` arguments every task and the aggregation share (models spec, outcomes, seed, ...). */
  sweepArgs: string[];
  /** Sweep-wide resources (--slurm-*); a model's own `slurm` wins key by key. */
  settings: SlurmSettings;
  /** At most this many tasks of an array at once (`%N`). */
  maxParallel?: number;
  dryRun?: boolean;
  /** The command line that asked for this, for submission.json. */
  command: string[];
}

export interface SlurmSubmission {
  /** The sbatch command lines, in order (the aggregation's with its dependency). */
  commands: string[];
  /** Job id of each array, and of the aggregation (empty on a dry run). */
  arrays: Array<{ job_id: string | null; script: string; models: string[] }>;
  aggregate: { job_id: string | null; script: string };
  /** Models already finished (a row in their folder), not submitted again. */
  finished: string[];
}

/** The --slurm options, shared by `sweep` and `experiment`. */
export const SLURM_OPTIONS = {
  slurm: { type: 'boolean' },
  'slurm-partition': { type: 'string' },
  'slurm-time': { type: 'string' },
  'slurm-cpus': { type: 'string' },
  'slurm-mem': { type: 'string' },
  'slurm-gpus': { type: 'string' },
  'slurm-extra': { type: 'string', multiple: true },
  'slurm-max-parallel': { type: 'string' },
  'slurm-dry-run': { type: 'boolean' },
} as const;

/** The parsed --slurm options: on (--slurm or --slurm-dry-run), the resources, validated. */
export function slurmOptionsFrom(values: Record<string, unknown>): { on: boolean; dryRun: boolean; settings: SlurmSettings; maxParallel?: number } {
  const dryRun = values['slurm-dry-run'] === true;
  const cpus = numberOption('slurm-cpus', values['slurm-cpus'] as string | undefined, isPositiveInteger, 'a positive integer');
  const gpus = numberOption('slurm-gpus', values['slurm-gpus'] as string | undefined, isNonNegativeInteger, 'a non-negative integer');
  const maxParallel = numberOption('slurm-max-parallel', values['slurm-max-parallel'] as string | undefined, isPositiveInteger, 'a positive integer');
  const raw: Record<string, unknown> = { partition: values['slurm-partition'], time: values['slurm-time'], mem: values['slurm-mem'], cpus, gpus, extra: values['slurm-extra'] };
  const settings = parseSlurmSettings(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)), '--slurm-* options');
  return { on: values.slurm === true || dryRun, dryRun, settings, ...(maxParallel !== undefined ? { maxParallel } : {}) };
}

/** argv without the --slurm options (both "--slurm-time T" and "--slurm-time=T"): what the job runs. */
export function withoutSlurmFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = /^--(slurm(?:-[a-z-]+)?)(=.*)?$/.exec(argv[i]);
    if (!flag || !(flag[1] in SLURM_OPTIONS)) { out.push(argv[i]); continue; }
    if (SLURM_OPTIONS[flag[1] as keyof typeof SLURM_OPTIONS].type === 'string' && flag[2] === undefined) i++;
  }
  return out;
}

/**
 * One batch job running this program with `args` (e.g. `experiment all ...`: the experiments of a
 * model share one folder, cache and lock, so they run one after another in one job). Writes
 * OUT/slurm/<name>.sbatch and OUT/slurm/submission.json; submits unless dryRun.
 */
export function submitSlurmJob(o: { outDir: string; name: string; args: string[]; settings: SlurmSettings; dryRun: boolean; command: string[] }): { command: string; job_id: string | null; script: string } {
  const slurmDir = join(o.outDir, 'slurm');
  if (!o.dryRun) refuseWhileQueued(o.outDir);
  mkdirSync(join(slurmDir, 'logs'), { recursive: true });
  const script = join(slurmDir, `${o.name}.sbatch`);
  writeFileAtomic(script, [
    '#!/bin/bash',
    `#SBATCH --job-name=ue-${o.name}`,
    `#SBATCH --output=${join(slurmDir, 'logs')}/${o.name}-%j.out`,
    '#SBATCH --requeue',
    ...sbatchLines(o.settings),
    '# Everything goes through the folder\'s response cache, so a requeued job resumes.',
    'set -euo pipefail',
    `cd ${quote(process.cwd())}`,
    `exec ${selfCommand().map(quote).join(' ')} ${o.args.map(quote).join(' ')}`,
    '',
  ].join('\n'));
  const command = `sbatch --parsable ${quote(script)}`;
  const job_id = o.dryRun ? null : sbatch([script]);
  writeFileAtomic(join(slurmDir, 'submission.json'), toJson({
    command: o.command, dry_run: o.dryRun, submitted_at: new Date().toISOString(), commands: [command],
    arrays: [], aggregate: { job_id, script }, versions: versions(),
  }));
  return { command, job_id, script };
}

/** Fails with the fix when sbatch is not on PATH. */
export function requireSbatch(): void {
  const found = (process.env.PATH ?? '').split(delimiter).some((d) => d !== '' && existsSync(join(d, 'sbatch')));
  if (!found) throw new InputError('--slurm needs sbatch on PATH: run on a SLURM login node (or `module load slurm`), or use --slurm-dry-run to only write the scripts');
}

/** The command that reruns this very program: the current node, its flags (e.g. tsx) and entry. */
export function selfCommand(): string[] {
  return [process.execPath, ...process.execArgv, resolve(process.argv[1])];
}

const quote = (s: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

function sbatchLines(s: SlurmSettings): string[] {
  const lines: string[] = [];
  if (s.partition) lines.push(`--partition=${s.partition}`);
  if (s.time) lines.push(`--time=${s.time}`);
  if (s.cpus) lines.push(`--cpus-per-task=${s.cpus}`);
  if (s.mem) lines.push(`--mem=${s.mem}`);
  if (s.gpus) lines.push(`--gpus=${s.gpus}`);
  for (const e of s.extra ?? []) lines.push(e);
  return lines.map((l) => `#SBATCH ${l}`);
}

/**
 * Writes DIR/slurm/array-<g>.sbatch (one per distinct model settings), DIR/slurm/aggregate.sbatch
 * and DIR/slurm/submission.json, then submits them unless dryRun. Models that already finished are
 * left out; the aggregation still runs.
 */
export function submitSlurmSweep(o: SlurmSweepOptions): SlurmSubmission {
  const slurmDir = join(o.outDir, 'slurm');
  if (!o.dryRun) refuseWhileQueued(o.outDir);
  const logs = join(slurmDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const self = selfCommand().map(quote).join(' ');
  const common = o.sweepArgs.map(quote).join(' ');
  const finished = o.models.filter((m) => isFinished(o.outDir, m.name)).map((m) => m.name);
  const groups = new Map<string, { settings: SlurmSettings; indices: number[] }>();
  o.models.forEach((m, i) => {
    if (finished.includes(m.name)) return;
    const settings = { ...o.settings, ...m.slurm };
    const key = JSON.stringify(settings);
    if (!groups.has(key)) groups.set(key, { settings, indices: [] });
    groups.get(key)!.indices.push(i);
  });
  const names = o.models.map((m) => quote(m.name)).join(' ');
  const arrays: SlurmSubmission['arrays'] = [];
  let g = 0;
  for (const { settings, indices } of groups.values()) {
    const script = join(slurmDir, `array-${g++}.sbatch`);
    const throttle = o.maxParallel ? `%${o.maxParallel}` : '';
    writeFileAtomic(script, [
      '#!/bin/bash',
      '#SBATCH --job-name=ue-sweep',
      `#SBATCH --array=${indices.join(',')}${throttle}`,
      `#SBATCH --output=${logs}/%A_%a.out`,
      '#SBATCH --requeue',
      ...sbatchLines(settings),
      '# One model per task; its folder holds its cache, so a requeued task resumes.',
      'set -euo pipefail',
      `MODELS=(${names})`,
      'NAME=${MODELS[$SLURM_ARRAY_TASK_ID]}',
      `cd ${quote(process.cwd())}`,
      `exec ${self} sweep ${common} --out ${quote(o.outDir)} --only "$NAME" --quiet`,
      '',
    ].join('\n'));
    arrays.push({ job_id: null, script, models: indices.map((i) => o.models[i].name) });
  }
  const aggregateScript = join(slurmDir, 'aggregate.sbatch');
  writeFileAtomic(aggregateScript, [
    '#!/bin/bash',
    '#SBATCH --job-name=ue-sweep-aggregate',
    `#SBATCH --output=${logs}/aggregate-%j.out`,
    ...(o.settings.partition ? [`#SBATCH --partition=${o.settings.partition}`] : []),
    ...(o.settings.time ? [`#SBATCH --time=${o.settings.time}`] : []),
    ...(o.settings.extra ?? []).map((e) => `#SBATCH ${e}`),
    'set -euo pipefail',
    `cd ${quote(process.cwd())}`,
    `exec ${self} sweep ${common} --out ${quote(o.outDir)} --aggregate --quiet`,
    '',
  ].join('\n'));
  const commands: string[] = arrays.map((a) => `sbatch --parsable ${quote(a.script)}`);
  const aggregate: SlurmSubmission['aggregate'] = { job_id: null, script: aggregateScript };
  if (!o.dryRun) {
    for (const a of arrays) a.job_id = sbatch([a.script]);
  }
  const dependency = arrays.length === 0 ? [] : [`--dependency=afterany:${arrays.map((a) => a.job_id ?? '<array>').join(':')}`];
  commands.push(['sbatch', '--parsable', ...dependency, quote(aggregateScript)].join(' '));
  if (!o.dryRun) aggregate.job_id = sbatch([...dependency, aggregateScript]);
  const submission = { commands, arrays, aggregate, finished };
  writeFileAtomic(join(slurmDir, 'submission.json'), toJson({
    command: o.command, dry_run: o.dryRun === true, submitted_at: new Date().toISOString(),
    models: o.models.map((m) => m.name), ...submission, versions: versions(),
  }));
  return submission;
}

/** Two tasks of one model at once would both buy its answers: a new submission waits for the last. */
function refuseWhileQueued(outDir: string): void {
  const file = join(outDir, 'slurm', 'submission.json');
  if (!existsSync(file)) return;
  const sub = JSON.parse(readFileSync(file, 'utf8')) as { arrays?: Array<{ job_id: string | null }>; aggregate?: { job_id: string | null } };
  const ids = [...(sub.arrays ?? []).map((a) => a.job_id), sub.aggregate?.job_id].filter((id): id is string => typeof id === 'string');
  const queued = [...squeue().keys()].filter((q) => ids.some((id) => q === id || q.startsWith(`${id}_`)));
  if (queued.length > 0) throw new InputError(`the previous submission into ${outDir} is still queued or running (jobs ${queued.join(', ')}): wait for it, or scancel ${ids.join(' ')} first`);
}

function sbatch(args: string[]): string {
  try {
    const out = execFileSync('sbatch', ['--parsable', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out.trim().split(';')[0];
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new InputError(`sbatch failed: ${(e.stderr || e.message).trim().split('\n')[0]}`);
  }
}

function isFinished(outDir: string, name: string): boolean {
  const file = join(outDir, name, ROW_FILE_NAME);
  if (!existsSync(file)) return false;
  return (JSON.parse(readFileSync(file, 'utf8')) as { status?: string }).status === 'ok';
}

/** Why a model has no row, for the aggregation: its task's log, if there is one. */
export function missingTaskReason(outDir: string, name: string): string {
  const logs = join(outDir, 'slurm', 'logs');
  let last = '';
  try {
    const sub = JSON.parse(readFileSync(join(outDir, 'slurm', 'submission.json'), 'utf8')) as { models: string[]; arrays: Array<{ job_id: string | null; models: string[] }> };
    const array = sub.arrays.find((a) => a.models.includes(name));
    const log = join(logs, `${array?.job_id}_${sub.models.indexOf(name)}.out`);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    last = `; ${log} ends: ${lines[lines.length - 1]}`;
  } catch { /* no log: never started */ }
  return `its SLURM task did not finish (no ${ROW_FILE_NAME}${last || `; logs in ${logs}`})`;
}

/** One line per model of `sweep --status DIR`. */
export interface ModelStatus { name: string; state: string; job: string | null; cache_lines: number }

/**
 * The state of each model of a submitted sweep: done/failed from its row file, else
 * pending/running from squeue (when available), else "not running"; plus the completions cached
 * so far (lines of its responses.jsonl).
 */
export function sweepStatus(outDir: string): { rows: ModelStatus[]; aggregate: string } {
  const file = join(outDir, 'slurm', 'submission.json');
  if (!existsSync(file)) throw new InputError(`no SLURM submission in ${outDir} (no slurm/submission.json): submit with sweep --slurm --out ${outDir}`);
  const sub = JSON.parse(readFileSync(file, 'utf8')) as { models: string[]; arrays: Array<{ job_id: string | null; models: string[] }>; aggregate: { job_id: string | null } };
  const queue = squeue();
  const rows = sub.models.map((name): ModelStatus => {
    const array = sub.arrays.find((a) => a.models.includes(name));
    const rowFile = join(outDir, name, ROW_FILE_NAME);
    let state = 'not running';
    let job: string | null = null;
    if (existsSync(rowFile)) state = (JSON.parse(readFileSync(rowFile, 'utf8')) as { status: string }).status === 'ok' ? 'done' : 'failed';
    else if (array?.job_id) {
      const index = sub.models.indexOf(name);
      const entry = [...queue.entries()].find(([id]) => arrayIdCovers(id, array.job_id!, index));
      if (entry) { job = entry[0]; state = entry[1]; }
    }
    return { name, state, job, cache_lines: cachedLines(join(outDir, name, 'responses.jsonl')) };
  });
  const agg = sub.aggregate.job_id ? queue.get(sub.aggregate.job_id) ?? (existsSync(join(outDir, 'sweep.json')) ? 'done' : 'not running') : 'not submitted';
  return { rows, aggregate: agg };
}

/** Whether squeue's id (`J_3`, or pending tasks as `J_[0-2,4%2]`) stands for task `index` of array J. */
export function arrayIdCovers(id: string, job: string, index: number): boolean {
  if (id === `${job}_${index}`) return true;
  const m = new RegExp(`^${job}_\\[([^\\]%]+)`).exec(id);
  if (!m) return false;
  return m[1].split(',').some((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? a === index : a <= index && index <= b;
  });
}

function squeue(): Map<string, string> {
  try {
    const out = execFileSync('squeue', ['-h', '-o', '%i %T'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return new Map(out.trim().split('\n').filter(Boolean).map((l) => { const [id, st] = l.trim().split(/\s+/); return [id, st.toLowerCase()]; }));
  } catch {
    return new Map();
  }
}

function cachedLines(file: string): number {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
  } catch {
    return 0;
  }
}
