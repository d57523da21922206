// `utility-engine run`: measure a model's utilities over an outcome set and write the results.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElicitationMode, UnparseableMode } from '../../elicit/ask-pairs.js';
import { validateTemplate } from '../../elicit/prompts.js';
import { SYNTHETIC_MODEL_NAME } from '../../elicit/synthetic-client.js';
import { InputError } from '../../errors.js';
import type { OptimizerName } from '../../fit/fit.js';
import type { PriorName } from '../../fit/prior.js';
import { intervalFlags, priorStrengthOption } from './fit.js';
import { defaultOutcomes, parseOutcomes } from '../../outcomes/outcomes.js';
import { isPositiveInteger, numberOption, parseCommandArgs, readJsonFile, isNonNegativeInteger } from '../cli-support.js';
import { ProgressReporter } from '../progress.js';
import { CACHE_FILE_NAME } from '../response-cache.js';
import { planRun, resolveRunConfig, RUN_DEFAULTS, type RunConfig } from '../run/run-config.js';
import { runUtilities } from '../run/run-utilities.js';
import { RESULT_FILES, writeRunOutputs } from '../run/results.js';

export const usage = `
usage: utility-engine run [options]

Asks a model which of two outcomes it prefers, over pairs chosen by active learning, fits a
Thurstonian utility per outcome, and scores the fit on held-out pairs. Rerunning the same command
resumes from the response cache in --out.

model:
  --model NAME              model name (default: synthetic, the built-in model, when no --base-url)
  --base-url URL            OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1 (or OPENAI_BASE_URL)
  --api-key-env NAME        environment variable holding the API key (default OPENAI_API_KEY)
  --concurrency N           requests in flight (default ${RUN_DEFAULTS.concurrency})
  --timeout S               per-request timeout in seconds (default ${RUN_DEFAULTS.timeoutMs / 1000})
  --max-retries N           retries per request on 429, 5xx and timeouts (default ${RUN_DEFAULTS.maxRetries})
input and prompt:
  --outcomes FILE           JSON: list of strings, {category: [strings]}, or list of {id, description}
                            (default: the built-in 500 outcomes)
  --template FILE           prompt template with {option_A} and {option_B}
  --system TEXT             system message (default "${RUN_DEFAULTS.system}")
  --reasoning               let the model reason and end with "Answer: A|B" (max tokens 500)
  --logprobs                read P(A) from first-token logprobs: one request per order, ~K times cheaper
  --k N                     samples per order (default ${RUN_DEFAULTS.k})
  --temperature T           sampling temperature (default ${RUN_DEFAULTS.temperature})
  --max-tokens N            reply length limit (default 10, or 500 with --reasoning)
  --unparseable MODE        distribution (half each side; default) | skip | random
method (the paper's values by default):
  --edge-multiplier X       budget of asked pairs: X * N * log2 N (default ${RUN_DEFAULTS.edgeMultiplier})
  --edges-per-round N       pairs added per active-learning round (default ${RUN_DEFAULTS.edgesPerRound})
  --p-percentile P          pairs within the bottom P% of |mu_a - mu_b| (default ${RUN_DEFAULTS.pPercentile})
  --q-percentile Q          ... and the bottom Q% of degree sum (default ${RUN_DEFAULTS.qPercentile})
  --holdout-fraction F      share of pairs held out (default ${RUN_DEFAULTS.holdoutFraction})
  --holdout-cap N           at most this many held-out pairs (default ${RUN_DEFAULTS.holdoutCap})
  --pseudolabel-threshold T add unasked pairs predicted with P >= T as labels (default ${RUN_DEFAULTS.pseudolabelThreshold})
  --no-pseudolabels         skip the pseudolabel step
  --optimizer NAME          newton (default: MAP, warm-started refits) | lbfgs | adam (the paper's:
                            no prior, every fit started afresh from 0.01 N(0, 1))
  --prior NAME              gaussian (default, MAP) | none (maximum likelihood)
  --prior-strength X        final fits' prior strength in edges, or cv (default: cross-validated)
  --ci METHOD               intervals on the utilities: laplace (default) | bootstrap | none
  --bootstrap B             bootstrap replicates (default ${RUN_DEFAULTS.bootstrap})
  --level X                 interval coverage in (0, 1) (default ${RUN_DEFAULTS.level})
  --seed N                  seed of every random choice (default ${RUN_DEFAULTS.seed})
synthetic model (in process):
  --synthetic-seed N, --synthetic-noise X, --synthetic-bias X,
  --synthetic-unparseable-rate X, --synthetic-intransitivity X
output:
  --out DIR                 output folder (default runs/<model>): results.json, utilities.json,
                            summary.txt, ${CACHE_FILE_NAME}
  --dry-run                 print the pairs, requests and completions the run would make, and exit
  --quiet                   no progress on stderr
`;

/** The options of every command that asks a model (run, transitivity): endpoint, prompts, sampling. */
export const ASKING_OPTIONS = {
  model: { type: 'string' }, 'base-url': { type: 'string' }, 'api-key-env': { type: 'string' },
  concurrency: { type: 'string' }, timeout: { type: 'string' }, 'max-retries': { type: 'string' },
  outcomes: { type: 'string' }, template: { type: 'string' }, system: { type: 'string' },
  reasoning: { type: 'boolean' }, logprobs: { type: 'boolean' }, k: { type: 'string' },
  temperature: { type: 'string' }, 'max-tokens': { type: 'string' }, unparseable: { type: 'string' },
  seed: { type: 'string' },
  'synthetic-seed': { type: 'string' }, 'synthetic-noise': { type: 'string' }, 'synthetic-bias': { type: 'string' },
  'synthetic-unparseable-rate': { type: 'string' }, 'synthetic-intransitivity': { type: 'string' },
  out: { type: 'string' }, 'dry-run': { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' },
} as const;

const OPTIONS = {
  ...ASKING_OPTIONS,
  'edge-multiplier': { type: 'string' }, 'edges-per-round': { type: 'string' },
  'p-percentile': { type: 'string' }, 'q-percentile': { type: 'string' },
  'holdout-fraction': { type: 'string' }, 'holdout-cap': { type: 'string' },
  'pseudolabel-threshold': { type: 'string' }, 'no-pseudolabels': { type: 'boolean' },
  optimizer: { type: 'string' }, prior: { type: 'string' }, 'prior-strength': { type: 'string' },
  ci: { type: 'string' }, bootstrap: { type: 'string' }, level: { type: 'string' },
} as const;

/** Parsed option values, typed from OPTIONS. */
type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** Builds a RunConfig from command-line values (and OPENAI_BASE_URL), reading the files named. */
export function configFromArgs(v: Values, env: NodeJS.ProcessEnv = process.env): RunConfig {
  const num = (name: keyof Values & string, check?: (x: number) => boolean, need?: string) => numberOption(name, v[name] as string | undefined, check, need);
  const baseUrl = (v['base-url'] as string | undefined) ?? (v.model && v.model !== SYNTHETIC_MODEL_NAME ? env.OPENAI_BASE_URL || undefined : undefined);
  if (baseUrl && !v.model) throw new InputError('--model is required with --base-url (use --model synthetic against serve-synthetic)');
  const outcomes = v.outcomes ? parseOutcomes(readJsonFile(v.outcomes), v.outcomes) : defaultOutcomes();
  let template: string | undefined;
  if (v.template) {
    try {
      template = readFileSync(v.template, 'utf8');
    } catch (err) {
      throw new InputError(`cannot read --template ${v.template}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    validateTemplate(template, `--template ${v.template}`);
  }
  const timeout = num('timeout', (x) => x > 0 && Number.isFinite(x), 'a positive number of seconds');
  return {
    outcomes: outcomes.options,
    outcomesSource: v.outcomes ?? 'built-in',
    model: v.model ?? SYNTHETIC_MODEL_NAME,
    baseUrl,
    apiKeyEnv: v['api-key-env'],
    system: v.system,
    template,
    style: v.reasoning ? 'reasoning' : 'letter',
    mode: (v.logprobs ? 'logprobs' : 'sampling') as ElicitationMode,
    k: num('k', isPositiveInteger, 'a positive integer'),
    temperature: num('temperature', (x) => x >= 0 && Number.isFinite(x), 'a non-negative number'),
    maxTokens: num('max-tokens', isPositiveInteger, 'a positive integer'),
    unparseable: v.unparseable as UnparseableMode | undefined,
    concurrency: num('concurrency', isPositiveInteger, 'a positive integer'),
    timeoutMs: timeout === undefined ? undefined : Math.ceil(timeout * 1000),
    maxRetries: num('max-retries', isNonNegativeInteger, 'a non-negative integer'),
    edgeMultiplier: num('edge-multiplier', (x) => x > 0 && Number.isFinite(x), 'a positive number'),
    edgesPerRound: num('edges-per-round', isPositiveInteger, 'a positive integer'),
    pPercentile: num('p-percentile', (x) => x > 0 && x <= 100, 'a percentage in (0, 100]'),
    qPercentile: num('q-percentile', (x) => x > 0 && x <= 100, 'a percentage in (0, 100]'),
    holdoutFraction: num('holdout-fraction', (x) => x >= 0 && x < 1, 'a fraction in [0, 1)'),
    holdoutCap: num('holdout-cap', isNonNegativeInteger, 'a non-negative integer'),
    pseudolabelThreshold: num('pseudolabel-threshold', (x) => x > 0.5 && x < 1, 'a probability in (0.5, 1)'),
    pseudolabels: !v['no-pseudolabels'],
    optimizer: v.optimizer as OptimizerName | undefined,
    prior: priorOption(v.prior),
    priorStrength: priorStrengthOption(v['prior-strength']),
    ...intervalConfig(v),
    seed: num('seed', Number.isSafeInteger, 'an integer'),
    synthetic: {
      seed: num('synthetic-seed', Number.isSafeInteger, 'an integer'),
      noise: num('synthetic-noise', (x) => x >= 0 && Number.isFinite(x), 'a non-negative number'),
      positionBias: num('synthetic-bias'),
      unparseableRate: num('synthetic-unparseable-rate', (x) => x >= 0 && x <= 1, 'a probability in [0, 1]'),
      intransitivity: num('synthetic-intransitivity', (x) => x >= 0 && Number.isFinite(x), 'a non-negative number'),
    },
  };
}

function priorOption(value: string | undefined): PriorName | undefined {
  if (value !== undefined && value !== 'gaussian' && value !== 'none') throw new InputError(`--prior must be gaussian or none (got ${JSON.stringify(value)})`);
  return value;
}

function intervalConfig(v: Values): Pick<RunConfig, 'ci' | 'bootstrap' | 'level'> {
  const o = intervalFlags(v, 'laplace');
  return { ci: o.method, bootstrap: o.bootstrap, level: o.level };
}

/** Exit status after Ctrl-C (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

/** A folder name from a model name: letters, digits, dots, dashes. */
function folderFor(model: string): string {
  return join('runs', model.replace(/[^A-Za-z0-9._-]+/g, '_') || 'model');
}

export async function main(argv: string[]): Promise<void> {
  const values = parseCommandArgs(argv, OPTIONS, usage, false).values as Values;
  const config = configFromArgs(values);
  const out = values.out ?? folderFor(config.model!);
  const resolved = resolveRunConfig({ ...config, cacheFile: join(out, CACHE_FILE_NAME) });
  if (values['dry-run']) {
    const p = planRun(resolved);
    const where = resolved.baseUrl ? `${resolved.model} at ${resolved.baseUrl}` : `${resolved.model} (in process)`;
    process.stdout.write([
      `dry run: ${where}, ${p.outcomes} outcomes, ${resolved.mode} mode${resolved.mode === 'sampling' ? `, K = ${resolved.k}` : ''}`,
      `pairs:       ${p.askedPairs} (${p.trainingPairs} for fitting: ${p.startGraphPairs} in the start graph + ${p.rounds} rounds; ${p.holdoutPairs} held out) of ${p.allPairs}`,
      `requests:    ${p.requests} (${p.requestsWithoutN} if the endpoint ignores n)`,
      `completions: ${p.completions}`,
      `prompt tokens (estimate, ~4 characters per token): ${p.estimatedPromptTokens}`,
      'answers already in the cache are not asked again; nothing was sent.',
    ].join('\n') + '\n');
    return;
  }
  const progress = values.quiet ? undefined : new ProgressReporter(process.stderr);
  // First Ctrl-C: stop asking, keep the cache, say how to resume. A second one kills at once.
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let results;
  try {
    results = await runUtilities(resolved, { signal: controller.signal, onProgress: (p) => progress?.update(p) });
  } catch (err) {
    if (!controller.signal.aborted) throw err;
    progress?.finish();
    process.stderr.write(`utility-engine: interrupted; the answers so far are in ${join(out, CACHE_FILE_NAME)} — rerun the same command to resume\n`);
    process.exit(EXIT_INTERRUPTED);
  } finally {
    progress?.finish();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (!results.fit.converged) {
    process.stderr.write(`warning: the final fit did not converge (${results.fit.stop_reason} after ${results.fit.iterations} iterations); see fit.converged in results.json\n`);
  }
  writeRunOutputs(out, results);
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
  const lines = [
    `held-out accuracy ${f(results.holdout_metrics.accuracy)}, log-loss ${f(results.holdout_metrics.log_loss)} on ${results.active_learning.holdout_pairs} pairs` +
      (results.synthetic_recovery ? `; synthetic truth recovered with Spearman ${f(results.synthetic_recovery.spearman)}` : ''),
    `results: ${join(out, RESULT_FILES.results)} (summary: ${join(out, RESULT_FILES.summary)})`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
