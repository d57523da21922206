// `utility-engine control assembly | export | finetune | in-context | evaluate`: utility control
// after Mazeika et al. (2025) — a simulated citizen assembly gives target preferences over
// policies, a model is fine-tuned (or prompted) toward them, and held-out agreement and the
// distance to the assembly are compared before and after. Reference: docs/control.md.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { askPairs } from '../../elicit/ask-pairs.js';
import { SYNTHETIC_MODEL_NAME } from '../../elicit/synthetic-client.js';
import { InputError } from '../../errors.js';
import { fitThurstonian } from '../../fit/index.js';
import { defaultPolicies, parsePolicies } from '../../experiments/political/options.js';
import {
  ASSEMBLY_DEFAULTS, assemblyProbability, assignProfiles, bootstrapTargets, defaultPairCount, percentileIntervals, planPairs, splitByCategory,
} from '../../control/assembly-plan.js';
import { parseAssembly, type AssemblyFile, type AssemblyPair } from '../../control/assembly-file.js';
import { change, heldOutAgreement, heldOutPearson, pcaDistances, type MeasuredUtilities } from '../../control/evaluate.js';
import { exportLines, validateExport, EXPORT_SAMPLES, type ExportFormat } from '../../control/export-lines.js';
import { inContextPrompt, IN_CONTEXT_TOP } from '../../control/in-context.js';
import { MARGINALS, parseProfiles, sampleProfiles } from '../../control/profiles.js';
import { profileTemplate, syntheticAssembly } from '../../control/profile-voice.js';
import { Random } from '../../sampling/random.js';
import { isPositiveInteger, numberOption, parseCommandArgs, readJsonFile, toJson, writeFileAtomic } from '../cli-support.js';
import { fineTune } from '../control/fine-tune-client.js';
import { loadEngine } from '../load-engine.js';
import { CACHE_FILE_NAME } from '../response-cache.js';
import { openModelClient } from '../run/run-utilities.js';
import { packageVersion } from '../versions.js';

export const usage = `
usage: utility-engine control assembly   [--profiles N | --profiles-file FILE] [--policies FILE] --out DIR
       utility-engine control export     --assembly FILE --format sft|preference --out FILE [--force]
       utility-engine control finetune   --file FILE --model NAME [--base-url URL] --out FILE
       utility-engine control in-context --assembly FILE --out DIR
       utility-engine control evaluate   --assembly FILE --before DIR --after DIR --out DIR

Utility control (docs/control.md): a simulated citizen assembly's preferences over policies are
the target; a model is fine-tuned or prompted toward them and measured again.

assembly: citizens answer policy pairs from their perspective; writes DIR/assembly.json
  --profiles N              profiles sampled from the built-in marginals (default ${ASSEMBLY_DEFAULTS.profiles})
  --profiles-file FILE      your own profiles: a JSON list of {id?, age, sex, region, urbanicity,
                            education, income, party, religion} (values as in docs/control.md)
  --policies FILE           {category: [policy, ...]} (default: the political experiment's 84)
  --holdout-fraction F      share of policies held out, by whole category (default ${ASSEMBLY_DEFAULTS.holdoutFraction})
  --pairs N                 policy pairs asked (default ceil(N log2 N) for N policies)
  --profiles-per-pair M     profiles asked per pair: the budget (default ${ASSEMBLY_DEFAULTS.profilesPerPair})
  --k N                     samples per order of each profile's question (default 10)
  --bootstrap B             resamples of each pair's profiles for the utilities' intervals (default ${ASSEMBLY_DEFAULTS.bootstrap})
  --assembly-model NAME     the model voicing the profiles (default "synthetic": the synthetic
                            world, each profile at a planted position)
  --assembly-base-url URL   its OpenAI-compatible endpoint; --api-key-env NAME (default OPENAI_API_KEY)
  --concurrency N           requests in flight (default 30)
  --seed N                  seeds profiles, split, pairs and the profiles per pair (default ${ASSEMBLY_DEFAULTS.seed})
export: training data from the training pairs, validated after writing
  --assembly FILE, --format sft|preference, --out FILE, --samples S (lines per order, default ${EXPORT_SAMPLES}),
  --system TEXT (default the run's), --seed N, --force (overwrite FILE)
finetune: upload and fine-tune through the openai SDK; rerunning attaches to the same job
  --file FILE, --model NAME, --base-url URL, --api-key-env NAME, --out FILE (default finetune.json),
  --suffix S, --n-epochs N, --learning-rate-multiplier X, --poll-interval S (default 10)
in-context: the no-training baseline; writes DIR/in-context.json and DIR/in-context.txt
  --assembly FILE, --out DIR, --top N (policies named on each side, default ${IN_CONTEXT_TOP})
evaluate: compares two \`experiment political\` folders on the held-out policies; writes DIR/control.json
  --assembly FILE, --before DIR, --after DIR, --out DIR
  --quiet                   no progress on stderr
`;

const OPTIONS = {
  profiles: { type: 'string' }, 'profiles-file': { type: 'string' }, policies: { type: 'string' },
  'holdout-fraction': { type: 'string' }, pairs: { type: 'string' }, 'profiles-per-pair': { type: 'string' },
  k: { type: 'string' }, bootstrap: { type: 'string' }, 'assembly-model': { type: 'string' }, 'assembly-base-url': { type: 'string' },
  'api-key-env': { type: 'string' }, concurrency: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' },
  assembly: { type: 'string' }, format: { type: 'string' }, samples: { type: 'string' }, system: { type: 'string' }, force: { type: 'boolean' },
  file: { type: 'string' }, model: { type: 'string' }, 'base-url': { type: 'string' }, suffix: { type: 'string' },
  'n-epochs': { type: 'string' }, 'learning-rate-multiplier': { type: 'string' }, 'poll-interval': { type: 'string' },
  top: { type: 'string' }, before: { type: 'string' }, after: { type: 'string' }, quiet: { type: 'boolean' },
} as const;

type Values = Record<string, string | boolean | undefined>;

export async function main(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const v = parseCommandArgs(rest, OPTIONS, usage, false).values as Values;
  const say = (line: string) => {
    if (!v.quiet) process.stderr.write(line + '\n');
  };
  switch (sub) {
    case 'assembly': return assembly(v, say);
    case 'export': return exportCommand(v);
    case 'finetune': return finetune(v, say);
    case 'in-context': return inContext(v);
    case 'evaluate': return evaluate(v);
    case undefined: case '--help': case '-h': case 'help':
      process.stdout.write(usage.trim() + '\n');
      return;
    default:
      throw new InputError(`unknown control command "${sub}" (assembly, export, finetune, in-context, evaluate)`);
  }
}

const str = (v: Values, name: string) => v[name] as string | undefined;
function need(v: Values, name: string): string {
  const x = str(v, name);
  if (x === undefined || x === '') throw new InputError(`--${name} is required`);
  return x;
}

async function assembly(v: Values, say: (s: string) => void): Promise<void> {
  const out = need(v, 'out');
  const seed = numberOption('seed', str(v, 'seed'), Number.isSafeInteger, 'an integer') ?? ASSEMBLY_DEFAULTS.seed;
  const fraction = numberOption('holdout-fraction', str(v, 'holdout-fraction'), (x) => x > 0 && x < 1, 'a number in (0, 1)') ?? ASSEMBLY_DEFAULTS.holdoutFraction;
  const k = numberOption('k', str(v, 'k'), isPositiveInteger, 'a positive integer') ?? 10;
  const perPair = numberOption('profiles-per-pair', str(v, 'profiles-per-pair'), isPositiveInteger, 'a positive integer') ?? ASSEMBLY_DEFAULTS.profilesPerPair;
  const bootstrap = numberOption('bootstrap', str(v, 'bootstrap'), (x) => Number.isInteger(x) && x >= 0, 'a non-negative integer') ?? ASSEMBLY_DEFAULTS.bootstrap;
  const concurrency = numberOption('concurrency', str(v, 'concurrency'), isPositiveInteger, 'a positive integer') ?? 30;
  if (str(v, 'profiles') !== undefined && str(v, 'profiles-file') !== undefined) throw new InputError('give --profiles or --profiles-file, not both');
  const profiles = str(v, 'profiles-file') !== undefined
    ? parseProfiles(readJsonFile(str(v, 'profiles-file')!), str(v, 'profiles-file'))
    : sampleProfiles(numberOption('profiles', str(v, 'profiles'), isPositiveInteger, 'a positive integer') ?? ASSEMBLY_DEFAULTS.profiles, seed);
  const policies = str(v, 'policies') !== undefined ? parsePolicies(readJsonFile(str(v, 'policies')!), str(v, 'policies')) : defaultPolicies();
  const texts = policies.options.map((o) => o.description);
  const n = texts.length;
  const split = splitByCategory(policies.categories, fraction, seed);
  const pairCount = numberOption('pairs', str(v, 'pairs'), isPositiveInteger, 'a positive integer') ?? defaultPairCount(n);
  const pairs = planPairs(n, pairCount, seed);
  const dealt = assignProfiles(pairs.length, profiles.length, perPair, seed);
  const model = str(v, 'assembly-model') ?? SYNTHETIC_MODEL_NAME;
  const baseUrl = str(v, 'assembly-base-url');
  const synthetic = model === SYNTHETIC_MODEL_NAME && !baseUrl ? syntheticAssembly(profiles, texts, seed) : undefined;
  const { client, close } = openModelClient({
    outcomes: policies.options, model, ...(baseUrl ? { baseUrl } : {}), ...(str(v, 'api-key-env') ? { apiKeyEnv: str(v, 'api-key-env') } : {}),
    ...(synthetic ? { synthetic: { entities: synthetic.entities }, registry: synthetic.registry } : {}), seed,
  }, join(out, CACHE_FILE_NAME));
  const started = performance.now();
  const perProfile = pairs.map(() => [] as { profile: number; p: number }[]);
  let asked = 0;
  const byProfile = profiles.map(() => [] as number[]);
  dealt.forEach((ps, pairIndex) => ps.forEach((p) => byProfile[p].push(pairIndex)));
  say(`assembly: ${profiles.length} profiles, ${n} policies (${split.holdout.length} held out), ${pairs.length} pairs x ${Math.min(perPair, profiles.length)} profiles x 2 orders x K ${k} = ${pairs.length * Math.min(perPair, profiles.length) * 2 * k} completions`);
  const usage = { requests: 0, completions: 0, cached_completions: 0 };
  try {
    for (let pi = 0; pi < profiles.length; pi++) {
      const mine = byProfile[pi];
      if (mine.length === 0) continue;
      const result = await askPairs(client, mine.map((q) => ({ a: policies.options[pairs[q][0]], b: policies.options[pairs[q][1]] })), {
        template: profileTemplate(profiles[pi]), k, concurrency, seed,
      });
      result.answers.forEach((ans, j) => perProfile[mine[j]].push({ profile: pi, p: ans.probability_a }));
      for (const key of Object.keys(usage) as Array<keyof typeof usage>) usage[key] += result.usage[key];
      asked += mine.length;
      if ((pi + 1) % Math.ceil(profiles.length / 10) === 0 || pi + 1 === profiles.length) say(`  profile ${pi + 1}/${profiles.length}: ${asked} profile answers`);
    }
  } finally {
    close();
  }
  const assemblyPairs: AssemblyPair[] = pairs.map(([a, b], i) => {
    const rows = perProfile[i].sort((x, y) => x.profile - y.profile);
    return { a, b, probability_a: assemblyProbability(rows.map((r) => r.p)), profiles: rows.map((r) => profiles[r.profile].id), per_profile: rows.map((r) => r.p) };
  });
  const engine = loadEngine();
  const graphOf = (targets: number[]) => ({ options: policies.options, edges: pairs.map(([a, b], i) => ({ a, b, probability_a: targets[i] })) });
  const fit = fitThurstonian(engine, graphOf(assemblyPairs.map((p) => p.probability_a)), { seed });
  const rng = Random.derive(seed, 'control:bootstrap');
  const replicates = Array.from({ length: bootstrap }, () => Array.from(fitThurstonian(engine, graphOf(bootstrapTargets(assemblyPairs.map((p) => p.per_profile), rng)), { seed }).means));
  const intervals = percentileIntervals(replicates);
  const result = {
    command: 'control assembly',
    policies: policies.options.map((o, i) => ({ id: i, text: o.description, category: policies.categories[i] })),
    split,
    profiles,
    pairs: assemblyPairs,
    utilities: Object.fromEntries(texts.map((_, i) => [String(i), { mean: fit.means[i], variance: fit.variances[i], interval: intervals[i] ?? null }])),
    metrics: fit.metrics,
    config: {
      profiles: str(v, 'profiles-file') ?? profiles.length, policies: str(v, 'policies') ?? 'built-in', holdout_fraction: fraction,
      pairs: pairs.length, profiles_per_pair: Math.min(perPair, profiles.length), k, bootstrap, interval_level: 0.95, seed,
      assembly_model: model, assembly_base_url: baseUrl ?? null, marginals: Object.fromEntries(Object.entries(MARGINALS).map(([a, m]) => [a, m.source])),
    },
    ...(synthetic ? { truth: { profile_positions: synthetic.entities } } : {}),
    usage,
    timing: { seconds: (performance.now() - started) / 1000 },
    versions: { 'utility-engine': packageVersion(), node: process.versions.node },
  };
  writeFileAtomic(join(out, 'assembly.json'), toJson(result));
  process.stdout.write(`assembly: ${profiles.length} profiles, ${pairs.length} pairs, ${split.train.length} training and ${split.holdout.length} held-out policies (${split.holdout_categories.join(', ')}); fit accuracy ${fit.metrics.accuracy.toFixed(3)}\nresults: ${join(out, 'assembly.json')}\n`);
}

function readAssembly(v: Values): AssemblyFile {
  const path = need(v, 'assembly');
  return parseAssembly(readJsonFile(path), path);
}

async function exportCommand(v: Values): Promise<void> {
  const a = readAssembly(v);
  const format = need(v, 'format');
  if (format !== 'sft' && format !== 'preference') throw new InputError(`--format must be "sft" or "preference" (got ${JSON.stringify(format)})`);
  const out = need(v, 'out');
  if (existsSync(out) && !v.force) throw new InputError(`${out} exists; pass --force to overwrite it`);
  const samples = numberOption('samples', str(v, 'samples'), isPositiveInteger, 'a positive integer');
  const seed = numberOption('seed', str(v, 'seed'), Number.isSafeInteger, 'an integer');
  const lines = exportLines(a, { format: format as ExportFormat, samples, seed, system: str(v, 'system') });
  const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  const counts = validateExport(text, format as ExportFormat, a); // check what is about to be written
  writeFileAtomic(out, text);
  const written = validateExport(readFileSync(out, 'utf8'), format as ExportFormat, a); // and what was written
  process.stdout.write(`${out}: ${written.lines} lines (${format}), ${counts.prompts} prompts from ${counts.prompts / 2} training pairs in both orders; answers A ${written.answers.A}, B ${written.answers.B}; no held-out policy (${a.split.holdout.length} checked); valid\n`);
}

async function finetune(v: Values, say: (s: string) => void): Promise<void> {
  const file = need(v, 'file');
  const model = need(v, 'model');
  const out = str(v, 'out') ?? 'finetune.json';
  const keyEnv = str(v, 'api-key-env') ?? 'OPENAI_API_KEY';
  const baseURL = str(v, 'base-url') ?? process.env.OPENAI_BASE_URL;
  const apiKey = process.env[keyEnv];
  if (!apiKey && !baseURL) throw new InputError(`no API key: set ${keyEnv} (or --api-key-env NAME)`);
  let knownJobId: string | undefined;
  if (existsSync(out)) {
    const prior = readJsonFile(out) as { job_id?: string };
    if (typeof prior?.job_id === 'string') knownJobId = prior.job_id;
  }
  const controller = new AbortController();
  const stop = () => controller.abort(new InputError('interrupted: rerun the same command to attach to the job again'));
  process.once('SIGINT', stop);
  try {
    const record = await fineTune({
      file, model, baseURL, apiKey: apiKey ?? 'not-set', suffix: str(v, 'suffix'), knownJobId,
      nEpochs: numberOption('n-epochs', str(v, 'n-epochs'), isPositiveInteger, 'a positive integer'),
      learningRateMultiplier: numberOption('learning-rate-multiplier', str(v, 'learning-rate-multiplier'), (x) => x > 0 && Number.isFinite(x), 'a positive number'),
      pollSeconds: numberOption('poll-interval', str(v, 'poll-interval'), (x) => x > 0 && Number.isFinite(x), 'a positive number of seconds'),
      onProgress: say, signal: controller.signal,
    });
    writeFileAtomic(out, toJson(record));
    if (record.status !== 'succeeded') {
      const e = record.error as { message?: string; code?: string } | null;
      throw new InputError(`fine-tuning job ${record.job_id} ${record.status}: ${e?.message ?? 'no reason given'}${e?.code ? ` (${e.code})` : ''}`);
    }
    process.stdout.write(`${record.fine_tuned_model}\n`);
  } finally {
    process.off('SIGINT', stop);
  }
}

async function inContext(v: Values): Promise<void> {
  const a = readAssembly(v);
  const out = need(v, 'out');
  const top = numberOption('top', str(v, 'top'), isPositiveInteger, 'a positive integer');
  const prompt = inContextPrompt(a, top);
  writeFileAtomic(join(out, 'in-context.json'), toJson({ command: 'control in-context', ...prompt, assembly: str(v, 'assembly') }));
  writeFileAtomic(join(out, 'in-context.txt'), prompt.system + '\n');
  process.stdout.write(`${join(out, 'in-context.txt')}: the system message (${prompt.supported.length} supported, ${prompt.opposed.length} opposed training policies); measure with\n  utility-engine experiment political --entities none --system "$(cat ${join(out, 'in-context.txt')})" ...\n`);
}

/** The model's own utilities from an `experiment political` folder, by policy text. */
function readPolitical(dir: string, flag: string): { model: MeasuredUtilities; entities: Map<string, Map<string, number>> } {
  const path = join(dir, 'political.json');
  if (!existsSync(path)) throw new InputError(`--${flag} ${dir}: no political.json (run \`utility-engine experiment political --out ${dir}\` first)`);
  const d = readJsonFile(path) as { policies?: { text: string }[]; utilities?: Record<string, number[]>; variances?: Record<string, number[]> };
  const texts = d.policies?.map((p) => p.text);
  const means = d.utilities?.model;
  if (!texts || !Array.isArray(means) || means.length !== texts.length) throw new InputError(`${path} has no model utilities over its policies`);
  const variances = d.variances?.model;
  const byText = (xs: number[]) => new Map(texts.map((t, i) => [t, xs[i]]));
  const entities = new Map(Object.entries(d.utilities ?? {}).filter(([name]) => name !== 'model').map(([name, xs]) => [name, byText(xs)]));
  return { model: { means: byText(means), variances: Array.isArray(variances) ? byText(variances) : new Map() }, entities };
}

async function evaluate(v: Values): Promise<void> {
  const a = readAssembly(v);
  const out = need(v, 'out');
  const before = readPolitical(need(v, 'before'), 'before');
  const after = readPolitical(need(v, 'after'), 'after');
  const covered = a.split.holdout.filter((i) => before.model.means.has(a.policies[i].text) && after.model.means.has(a.policies[i].text));
  if (covered.length < 2) throw new InputError(`the runs share ${covered.length} of the assembly's ${a.split.holdout.length} held-out policies (need at least 2): measure them over the same policies`);
  const agreeBefore = heldOutAgreement(a, before.model);
  const agreeAfter = heldOutAgreement(a, after.model);
  const extra = [...before.entities.values()];
  const space = pcaDistances(a, [before.model, after.model], extra);
  const summary = {
    agreement_accuracy: change(agreeBefore.accuracy, agreeAfter.accuracy),
    agreement_log_loss: change(agreeBefore.log_loss, agreeAfter.log_loss),
    utility_pearson: change(heldOutPearson(a, before.model), heldOutPearson(a, after.model)),
    pca_distance: change(space.distances[0], space.distances[1]),
  };
  const result = {
    command: 'control evaluate', summary,
    held_out: { policies: covered.length, pairs: agreeAfter.pairs, categories: a.split.holdout_categories },
    pca: { rows: ['assembly', 'before', 'after', ...before.entities.keys()], coordinates: space.coordinates, explained_variance: space.explained_variance },
    config: { assembly: str(v, 'assembly'), before: str(v, 'before'), after: str(v, 'after') },
    versions: { 'utility-engine': packageVersion(), node: process.versions.node },
  };
  writeFileAtomic(join(out, 'control.json'), toJson(result));
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
  const rows = Object.entries(summary).map(([name, c]) => `${name.padEnd(20)} ${f(c.before).padStart(8)} ${f(c.after).padStart(8)} ${f(c.change).padStart(8)}`);
  process.stdout.write([`held out: ${covered.length} policies, ${agreeAfter.pairs} assembly pairs`, `${'measure'.padEnd(20)} ${'before'.padStart(8)} ${'after'.padStart(8)} ${'change'.padStart(8)}`, ...rows, `results: ${join(out, 'control.json')}`].join('\n') + '\n');
}
