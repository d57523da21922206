// `sweep --slurm` on a real single-node SLURM cluster (test/support/slurm-cluster.sh start; .ci/run
// starts one): the array tasks and the aggregation job give the same aggregates as a local sweep,
// a task cancelled mid-run resumes from its cache when resubmitted, `serve` starts a model's server
// inside its task, and the bad-input paths. Small on purpose: 12 outcomes, three or one model.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';
import { arrayIdCovers } from '../src/node/sweep/slurm.js';
import { testIf } from './support/skips.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'src', 'node', 'cli.ts');
const SLURM_CONF = process.env.SLURM_CONF ?? '/tmp/utility-engine-slurm/slurm.conf';
const outcomes = defaultOutcomes().options.filter((_, i) => i % 10 === 0).slice(0, 12).map((o) => o.description);
let dir = '';

function clusterProblem(): string | undefined {
  if (!existsSync(SLURM_CONF)) return `no SLURM cluster (no ${SLURM_CONF}): run test/support/slurm-cluster.sh start as root`;
  try {
    execFileSync('sinfo', ['-h'], { env: { ...process.env, SLURM_CONF }, stdio: 'ignore', timeout: 5000 });
  } catch {
    return `the SLURM cluster of ${SLURM_CONF} does not answer sinfo: run test/support/slurm-cluster.sh start as root`;
  }
  return undefined;
}
const onCluster = testIf(test, clusterProblem());

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, SLURM_CONF, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const squeueIds = () => execFileSync('squeue', ['-h', '-o', '%i'], { env: { ...process.env, SLURM_CONF }, encoding: 'utf8' }).split('\n').filter(Boolean);

/** Waits until the submission's aggregation job has left the queue. */
async function waitForAggregation(out: string): Promise<void> {
  const id = read(join(out, 'slurm', 'submission.json')).aggregate.job_id as string;
  // Generous: on a loaded 2-core machine a task's node start-up alone can take seconds.
  for (let i = 0; i < 720; i++) {
    if (!squeueIds().includes(id)) return;
    await sleep(250);
  }
  throw new Error(`aggregation job ${id} still queued after 180 s`);
}

/** sweep.json's rows without the wall times and usage (a resumed model buys less), and convergence.json. */
function aggregates(out: string, withUsage = true) {
  const rows = read(join(out, 'sweep.json')).models.map((r: Record<string, unknown>) => {
    const { wall_seconds: _w, ...rest } = r;
    if (!withUsage) for (const k of ['requests', 'completions', 'prompt_tokens', 'completion_tokens']) delete rest[k];
    return rest;
  });
  return { rows, convergence: read(join(out, 'convergence.json')) };
}

test.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'ue-slurm-'));
  writeFileSync(join(dir, 'outcomes.json'), JSON.stringify(outcomes));
  mkdirSync(join(dir, 'empty-bin')); // a PATH without sbatch
});
test.after.each(() => {
  rmSync(dir, { recursive: true, force: true });
});

// A reduced synthetic family: the least, middle and most coherent knobs of the built-in one.
const family = {
  models: [
    { name: 'fam-xs', synthetic: { noise: 2.5, intransitivity: 1.5, position_bias: 0.8, seed: 0 } },
    { name: 'fam-m', synthetic: { noise: 1.0, intransitivity: 0.4, position_bias: 0.3, seed: 0 } },
    { name: 'fam-xl', synthetic: { noise: 0.4, intransitivity: 0.05, position_bias: 0.1, seed: 0 } },
  ],
};

onCluster('sweep --slurm: one array task per model, then aggregates equal to a local sweep with the same seed', async () => {
  writeFileSync(join(dir, 'family.json'), JSON.stringify(family));
  const common = ['--models', join(dir, 'family.json'), '--outcomes', join(dir, 'outcomes.json'), '--seed', '7', '--threads', '1'];
  const [local, submit] = await Promise.all([
    cli(['sweep', ...common, '--out', join(dir, 'local'), '--quiet']),
    cli(['sweep', ...common, '--out', join(dir, 'cluster'), '--slurm']),
  ]);
  assert.is(local.code, 0, local.stderr);
  assert.is(submit.code, 0, submit.stderr);
  assert.match(submit.stdout, /submitted array \d+: fam-xs, fam-m, fam-xl/);
  await waitForAggregation(join(dir, 'cluster'));
  const sub = read(join(dir, 'cluster', 'slurm', 'submission.json'));
  assert.is(sub.arrays.length, 1);
  assert.ok(/^\d+$/.test(sub.arrays[0].job_id) && /^\d+$/.test(sub.aggregate.job_id));
  assert.is(sub.versions['utility-engine'], read(join(ROOT, 'package.json')).version);
  // Each model ran as its own array task, with its own log.
  const logs = readdirSync(join(dir, 'cluster', 'slurm', 'logs')).filter((f) => f.startsWith(`${sub.arrays[0].job_id}_`)).sort();
  assert.equal(logs, [0, 1, 2].map((i) => `${sub.arrays[0].job_id}_${i}.out`));
  assert.equal(aggregates(join(dir, 'cluster')), aggregates(join(dir, 'local')));
  assert.equal(readFileSync(join(dir, 'cluster', 'sweep.csv'), 'utf8').split('\n')[0], readFileSync(join(dir, 'local', 'sweep.csv'), 'utf8').split('\n')[0]);

  const status = await cli(['sweep', '--status', join(dir, 'cluster')]);
  assert.is(status.code, 0, status.stderr);
  assert.match(status.stdout, /fam-xs\tdone/);
  assert.match(status.stdout, /aggregation: done/);
});

onCluster('a served model\'s task cancelled mid-run resumes from its cache when resubmitted: nothing bought twice, same aggregates', async () => {
  // The stand-in for vLLM: the synthetic endpoint, slowed so the task can be cancelled mid-run.
  const serve = `${process.execPath} --import tsx ${CLI} serve-synthetic --port {port} --latency-ms 200`;
  writeFileSync(join(dir, 'served.json'), JSON.stringify({ models: [{ name: 'served', model: 'synthetic', serve, concurrency: 4 }] }));
  const common = ['--models', join(dir, 'served.json'), '--outcomes', join(dir, 'outcomes.json'), '--seed', '7', '--threads', '1'];
  const out = join(dir, 'cluster');
  const submit = await cli(['sweep', ...common, '--out', out, '--slurm']);
  assert.is(submit.code, 0, submit.stderr);
  const local = cli(['sweep', ...common, '--out', join(dir, 'local'), '--quiet']);
  const task = `${read(join(out, 'slurm', 'submission.json')).arrays[0].job_id}_0`;
  const cache = join(out, 'served', 'responses.jsonl');
  const lines = () => (existsSync(cache) ? readFileSync(cache, 'utf8').split('\n').filter(Boolean).length : 0);
  const [inFlight, twice] = await Promise.all([cli(['sweep', '--status', out]), cli(['sweep', ...common, '--out', out, '--slurm'])]);
  assert.match(inFlight.stdout, new RegExp(`served\t(pending|running)\t${task.replace(/_0$/, '')}_\\[?0\\]?\t\\d+`), inFlight.stdout);
  assert.is(twice.code, 2, 'a second submission while the first is queued would buy twice');
  assert.match(twice.stderr, /still queued or running/);
  for (let i = 0; i < 600 && lines() < 5; i++) await sleep(100);
  assert.ok(lines() >= 5, 'the task started buying');
  execFileSync('scancel', [task], { env: { ...process.env, SLURM_CONF } });
  await waitForAggregation(out);
  const before = lines();
  assert.is(read(join(out, 'sweep.json')).models[0].status, 'failed', 'the cancelled task is reported like a failed model');

  const again = await cli(['sweep', ...common, '--out', out, '--slurm']);
  assert.is(again.code, 0, again.stderr);
  await waitForAggregation(out);
  const reference = await local;
  assert.is(reference.code, 0, reference.stderr);
  const results = read(join(out, 'served', 'results.json'));
  assert.ok(results.usage.cached_completions > 0, 'the resubmitted task read what the first one bought');
  assert.ok(before > 0 && before < lines(), `the first task stopped part-way (${before} of ${lines()} cache lines)`);
  const localLines = readFileSync(join(dir, 'local', 'served', 'responses.jsonl'), 'utf8').split('\n').filter(Boolean).length;
  assert.is(lines(), localLines, 'the two submissions together bought what one uninterrupted run buys');
  assert.equal(aggregates(out, false), aggregates(join(dir, 'local'), false));
  assert.match(readFileSync(join(out, 'served', 'serve.log'), 'utf8'), /127\.0\.0\.1/, 'the server ran inside the task');
});

test('--slurm-dry-run writes the scripts and prints the sbatch commands, submitting nothing', async () => {
  writeFileSync(join(dir, 'family.json'), JSON.stringify({ models: [...family.models.slice(0, 2), { ...family.models[2], slurm: { gpus: 1, time: '01:00:00' } }] }));
  const out = join(dir, 'out');
  // No sbatch on this PATH: a dry run must not need it.
  const run = await cli(['sweep', '--models', join(dir, 'family.json'), '--out', out, '--slurm-dry-run', '--slurm-partition', 'gpu', '--slurm-max-parallel', '2', '--slurm-extra=--account=lab'], { PATH: join(dir, 'empty-bin') });
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /dry run: nothing submitted/);
  assert.match(run.stdout, /sbatch --parsable --dependency=afterany:<array>:<array> \S+aggregate\.sbatch/);
  const sub = read(join(out, 'slurm', 'submission.json'));
  assert.is(sub.dry_run, true);
  assert.equal(sub.arrays.map((a: { job_id: null; models: string[] }) => [a.job_id, a.models]), [[null, ['fam-xs', 'fam-m']], [null, ['fam-xl']]], 'models with their own resources get their own array');
  const first = readFileSync(join(out, 'slurm', 'array-0.sbatch'), 'utf8');
  assert.match(first, /#SBATCH --array=0,1%2\n/);
  assert.match(first, /#SBATCH --partition=gpu\n/);
  assert.match(first, /#SBATCH --account=lab\n/);
  assert.match(first, new RegExp(`exec ${process.execPath.replace(/[/.]/g, '\\$&')} --import tsx /\\S+/cli\\.ts sweep --models /\\S+family\\.json`), 'absolute paths, the current node and package');
  const second = readFileSync(join(out, 'slurm', 'array-1.sbatch'), 'utf8');
  assert.match(second, /#SBATCH --array=2%2\n[\s\S]*#SBATCH --time=01:00:00\n[\s\S]*#SBATCH --gpus=1\n/);
  assert.equal(readdirSync(out).sort(), ['slurm'], 'no model ran');
});

test('bad input: --slurm without sbatch on PATH, an unknown slurm key', async () => {
  const noSbatch = await cli(['sweep', '--models', 'synthetic-family', '--out', join(dir, 'out'), '--slurm'], { PATH: join(dir, 'empty-bin') });
  assert.is(noSbatch.code, 2);
  assert.is(noSbatch.stderr.trim().split('\n').length, 1, noSbatch.stderr);
  assert.match(noSbatch.stderr, /--slurm needs sbatch on PATH.*--slurm-dry-run/);
  assert.not.ok(existsSync(join(dir, 'out')), 'nothing written');

  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ models: [{ name: 'a', slurm: { gpu: 1 } }] }));
  const badKey = await cli(['sweep', '--models', join(dir, 'bad.json'), '--out', join(dir, 'out'), '--slurm-dry-run']);
  assert.is(badKey.code, 2);
  assert.match(badKey.stderr, /model 0 \(a\): "slurm" has unknown key "gpu" \(known: partition, time, cpus, mem, gpus, extra\)/);
});

test('experiment all --slurm-dry-run writes one job running the same command without the --slurm options', async () => {
  const out = join(dir, 'exp');
  const run = await cli(['experiment', 'all', '--model', 'synthetic', '--out', out, '--slurm-dry-run', '--slurm-time=01:00:00', '--slurm-mem', '4G'], { PATH: join(dir, 'empty-bin') });
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /dry run: nothing submitted; to submit:\n {2}sbatch --parsable \S+experiment-all\.sbatch/);
  const script = readFileSync(join(out, 'slurm', 'experiment-all.sbatch'), 'utf8');
  assert.match(script, /#SBATCH --time=01:00:00\n#SBATCH --mem=4G\n/);
  assert.match(script, new RegExp(`cli\\.ts experiment all --model synthetic --out ${out.replace(/[/.]/g, '\\$&')}\n`));
  assert.not.match(script, /--slurm/);
  assert.is(read(join(out, 'slurm', 'submission.json')).aggregate.job_id, null);
  assert.equal(readdirSync(out), ['slurm'], 'nothing ran');
});

onCluster('experiment NAME --slurm: the job writes what the same command writes locally', async () => {
  const args = ['experiment', 'transitivity', '--outcomes', join(dir, 'outcomes.json'), '--triads', '40', '--seed', '7', '--quiet'];
  const submit = await cli([...args, '--out', join(dir, 'cluster'), '--slurm']);
  assert.is(submit.code, 0, submit.stderr);
  assert.match(submit.stdout, /submitted job \d+/);
  const local = await cli([...args, '--out', join(dir, 'local')]);
  assert.is(local.code, 0, local.stderr);
  await waitForAggregation(join(dir, 'cluster'));
  assert.equal(read(join(dir, 'cluster', 'transitivity.json')).summary, read(join(dir, 'local', 'transitivity.json')).summary);
});

test('--status reads squeue\'s array ids, running (J_3) and pending ranges (J_[0,2-4%2])', () => {
  assert.ok(arrayIdCovers('14_3', '14', 3));
  assert.ok(arrayIdCovers('14_[0,2-4%2]', '14', 0) && arrayIdCovers('14_[0,2-4%2]', '14', 3));
  assert.not.ok(arrayIdCovers('14_[0,2-4%2]', '14', 1));
  assert.not.ok(arrayIdCovers('141_3', '14', 3), 'another job whose id starts the same');
});

test.run();
