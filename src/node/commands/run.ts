// `utility-engine run`: measure a model's utilities over an outcome set and write the results.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElicitationMode, UnparseableMode } from '../../elicit/ask-pairs.js';
import { outcomesConfusingPrompts, validateTemplate } from '../../elicit/prompts.js';
import { REPORT_OPTION, REPORT_USAGE, reportLine } from '../report/report-flag.js';
import { SYNTHETIC_MODEL_NAME } from '../../elicit/synthetic-client.js';
import { InputError } from '../../errors.js';
import { REASONING_EFFORTS, type ReasoningEffort } from '../../elicit/model-client.js';
import { MODEL_APIS, parseFewShot, type ModelApi } from '../../elicit/base-model-prompt.js';
import type { OptimizerName } from '../../fit/fit.js';
import type { ModelFamily } from '../../fit/families.js';
import type { PriorName } from '../../fit/prior.js';
import { intervalFlags, priorStrengthOption } from './fit.js';
import { defaultOutcomes, parseOutcomes } from '../../outcomes/outcomes.js';
import { isPositiveInteger, numberOption, parseCommandArgs, readJsonFile, isNonNegativeInteger } from '../cli-support.js';
import { ProgressReporter } from '../progress.js';
import { SYNTHETIC_OPTIONS, SYNTHETIC_USAGE, worldFromFlags } from '../synthetic-flags.js';
import { CACHE_FILE_NAME } from '../response-cache.js';
import { askOptionsFor, planRun, redactUrl, resolveRunConfig, RUN_DEFAULTS, RUN_LIMITS, UNPARSEABLE_WARNING_RATE, type RunConfig } from '../run/run-config.js';
import { runUtilities } from '../run/run-utilities.js';
import { RESULT_FILES, runWarnings, writeRunOutputs } from '../run/results.js';
import { cachedForDryRun, DRY_RUN_SCAN_LIMIT, estimateCost, formatCost, type Prices } from '../run/dry-run.js';
import { resolveAskOptions } from '../../elicit/ask-pairs.js';
import { acquireOutputLock, checkOutputFiles, type LockOwner } from '../output-lock.js';

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
  --timeout S               per-request timeout in seconds (default ${RUN_DEFAULTS.timeoutMs / 1000}, at most ${RUN_LIMITS.timeoutMs / 1000})
  --max-retries N           retries per request on 429, 5xx and timeouts (default ${RUN_DEFAULTS.maxRetries})
  --rpm N, --tpm N          stay under N requests / N tokens (prompt estimate + max tokens) per minute
input and prompt:
  --outcomes FILE           JSON: list of strings, {category: [strings]}, or list of {id, description}
                            (default: the built-in 500 outcomes)
  --template FILE           prompt template with {option_A} and {option_B}
  --system TEXT             system message (default "${RUN_DEFAULTS.system}")
  --reasoning               let the model reason and end with "Answer: A|B" (max tokens 500)
  --logprobs                read P(A) from first-token logprobs: one request per order, ~K times cheaper
  --k N                     samples per order (default ${RUN_DEFAULTS.k})
  --temperature T           sampling temperature (default ${RUN_DEFAULTS.temperature})
  --max-tokens N            reply length limit (default 10, 500 with --reasoning, 25000 with --reasoning-effort)
  --api chat|completions    completions: a base model through /v1/completions, asked "<question>\n\nAnswer:"
                            and read from the first word (default chat)
  --few-shot FILE           completions: JSON list of {"option_A", "option_B", "answer"} shown first
  --reasoning-effort LEVEL  low | medium | high: passed to reasoning models as reasoning_effort
                            (dropped and recorded where the endpoint refuses it)
  --unparseable MODE        distribution (half each side; default) | skip | random
  --max-unparseable-rate R  stop (exit 1) once more than this share of replies is unparseable
                            (default ${RUN_DEFAULTS.maxUnparseableRate}; a warning is printed above ${UNPARSEABLE_WARNING_RATE})
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
  --utility-model NAME      model fitted to the answers: thurstonian (default, the paper's) |
                            case-v (Thurstone's Case V) | bradley-terry (logistic)
  --prior NAME              gaussian (default, MAP) | none (maximum likelihood)
  --prior-strength X        final fits' prior strength in edges, or cv (default: cross-validated)
  --ci METHOD               intervals on the utilities: laplace (default) | bootstrap | none
  --bootstrap B             bootstrap replicates (default ${RUN_DEFAULTS.bootstrap})
  --level X                 interval coverage in (0, 1) (default ${RUN_DEFAULTS.level})
  --seed N                  seed of every random choice (default ${RUN_DEFAULTS.seed})
${SYNTHETIC_USAGE}
output:
  --out DIR                 output folder (default runs/<model>): results.json, utilities.json,
                            summary.txt, ${CACHE_FILE_NAME}
  --dry-run                 print the pairs, requests and completions the run would make (and how
                            many are already in the cache), and exit
  --cache-namespace NAME    keep this run's answers apart from others in the same cache (default none;
                            the cache is keyed on model, messages and sampling, not on the endpoint)
  --price-in X, --price-out Y  with --dry-run: dollars per million input / output tokens, for a cost estimate
  --wait-for-lock           if another command is writing into --out, wait for it instead of refusing
  --quiet                   no progress on stderr
${REPORT_USAGE}
`;

/** The options of every command that asks a model (run, transitivity): endpoint, prompts, sampling. */
export const ASKING_OPTIONS = {
  model: { type: 'string' }, 'base-url': { type: 'string' }, 'api-key-env': { type: 'string' },
  concurrency: { type: 'string' }, timeout: { type: 'string' }, 'max-retries': { type: 'string' },
  outcomes: { type: 'string' }, template: { type: 'string' }, system: { type: 'string' },
  reasoning: { type: 'boolean' }, logprobs: { type: 'boolean' }, k: { type: 'string' },
  temperature: { type: 'string' }, 'max-tokens': { type: 'string' }, unparseable: { type: 'string' },
  rpm: { type: 'string' }, tpm: { type: 'string' },
  'reasoning-effort': { type: 'string' }, api: { type: 'string' }, 'few-shot': { type: 'string' },
  seed: { type: 'string' },
  ...SYNTHETIC_OPTIONS,
  out: { type: 'string' }, 'dry-run': { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' },
  'wait-for-lock': { type: 'boolean' }, 'cache-namespace': { type: 'string' },
} as const;

/** run's options: the asking options plus the method (active learning and fitting). */
export const RUN_OPTIONS = {
  ...ASKING_OPTIONS,
  'edge-multiplier': { type: 'string' }, 'edges-per-round': { type: 'string' },
  'p-percentile': { type: 'string' }, 'q-percentile': { type: 'string' },
  'holdout-fraction': { type: 'string' }, 'holdout-cap': { type: 'string' },
  'pseudolabel-threshold': { type: 'string' }, 'no-pseudolabels': { type: 'boolean' },
  optimizer: { type: 'string' }, prior: { type: 'string' }, 'prior-strength': { type: 'string' },
  ci: { type: 'string' }, bootstrap: { type: 'string' }, level: { type: 'string' },
  'utility-model': { type: 'string' }, 'max-unparseable-rate': { type: 'string' },
  'price-in': { type: 'string' }, 'price-out': { type: 'string' },
} as const;

const OPTIONS = { ...RUN_OPTIONS, ...REPORT_OPTION };

/** Parsed values of a parseArgs option table: booleans, strings, and string lists for repeatable flags. */
export type OptionValues<O> = { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string };

/** Parsed option values, typed from OPTIONS. */
export type Values = OptionValues<typeof OPTIONS>;

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
  const world = worldFromFlags(v);
  const timeout = num('timeout', (x) => x > 0 && x <= RUN_LIMITS.timeoutMs / 1000, `a positive number of seconds, at most ${RUN_LIMITS.timeoutMs / 1000}`);
  const upTo = (max: number) => (x: number) => isPositiveInteger(x) && x <= max;
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
    k: num('k', upTo(RUN_LIMITS.k), `a positive integer up to ${RUN_LIMITS.k}`),
    temperature: num('temperature', (x) => x >= 0 && Number.isFinite(x), 'a non-negative number'),
    maxTokens: num('max-tokens', upTo(RUN_LIMITS.maxTokens), `a positive integer up to ${RUN_LIMITS.maxTokens}`),
    unparseable: v.unparseable as UnparseableMode | undefined,
    concurrency: num('concurrency', upTo(RUN_LIMITS.concurrency), `a positive integer up to ${RUN_LIMITS.concurrency}`),
    timeoutMs: timeout === undefined ? undefined : Math.ceil(timeout * 1000),
    maxRetries: num('max-retries', (x) => isNonNegativeInteger(x) && x <= RUN_LIMITS.maxRetries, `a non-negative integer up to ${RUN_LIMITS.maxRetries}`),
    edgeMultiplier: num('edge-multiplier', (x) => x > 0 && x <= RUN_LIMITS.edgeMultiplier, `a positive number up to ${RUN_LIMITS.edgeMultiplier}`),
    edgesPerRound: num('edges-per-round', upTo(RUN_LIMITS.edgesPerRound), `a positive integer up to ${RUN_LIMITS.edgesPerRound}`),
    pPercentile: num('p-percentile', (x) => x > 0 && x <= 100, 'a percentage in (0, 100]'),
    qPercentile: num('q-percentile', (x) => x > 0 && x <= 100, 'a percentage in (0, 100]'),
    holdoutFraction: num('holdout-fraction', (x) => x >= 0 && x < 1, 'a fraction in [0, 1)'),
    holdoutCap: num('holdout-cap', (x) => isNonNegativeInteger(x) && x <= RUN_LIMITS.holdoutCap, `a non-negative integer up to ${RUN_LIMITS.holdoutCap}`),
    pseudolabelThreshold: num('pseudolabel-threshold', (x) => x > 0.5 && x < 1, 'a probability in (0.5, 1)'),
    pseudolabels: !v['no-pseudolabels'],
    optimizer: v.optimizer as OptimizerName | undefined,
    utilityModel: v['utility-model'] as ModelFamily | undefined,
    prior: priorOption(v.prior),
    priorStrength: priorStrengthOption(v['prior-strength']),
    ...intervalConfig(v),
    seed: num('seed', Number.isSafeInteger, 'an integer'),
    maxUnparseableRate: num('max-unparseable-rate', (x) => x >= 0 && x <= 1, 'a share in [0, 1]'),
    synthetic: world.knobs,
    ...(v.api !== undefined ? { api: apiOption(v.api) } : {}),
    rpm: num('rpm', (x) => x > 0 && Number.isFinite(x), 'a positive number of requests per minute'),
    tpm: num('tpm', (x) => x > 0 && Number.isFinite(x), 'a positive number of tokens per minute'),
    ...(v['few-shot'] !== undefined ? { fewShot: parseFewShot(readJsonFile(v['few-shot']), `--few-shot ${v['few-shot']}`) } : {}),
    ...(v['reasoning-effort'] !== undefined ? { reasoningEffort: reasoningEffortOption(v['reasoning-effort']) } : {}),
    ...(v['cache-namespace'] !== undefined ? { cacheNamespace: v['cache-namespace'] } : {}),
    ...(world.registry ? { registry: world.registry } : {}),
  };
}

/** --price-in and --price-out (dollars per million tokens), checked: non-negative numbers. */
export function pricesFromArgs(values: Values): Prices {
  const price = (name: 'price-in' | 'price-out') => numberOption(name, values[name], (x) => x >= 0 && Number.isFinite(x), 'a non-negative number of dollars per million tokens');
  return { in: price('price-in'), out: price('price-out') };
}

/** --api, checked: chat or completions. */
function apiOption(value: string): ModelApi {
  if (!(MODEL_APIS as readonly string[]).includes(value)) throw new InputError(`--api must be ${MODEL_APIS.join(' or ')} (got ${JSON.stringify(value)})`);
  return value as ModelApi;
}

/** --reasoning-effort, checked: one of low, medium, high. */
function reasoningEffortOption(value: string): ReasoningEffort {
  if (!(REASONING_EFFORTS as readonly string[]).includes(value)) throw new InputError(`--reasoning-effort must be ${REASONING_EFFORTS.join(', ')} (got ${JSON.stringify(value)})`);
  return value as ReasoningEffort;
}

/** Warns on stderr about outcome texts that contain the prompt's own labels or blank lines, naming them. */
export function warnConfusingOutcomes(outcomes: RunConfig['outcomes']): void {
  const bad = outcomesConfusingPrompts(outcomes);
  if (bad.length === 0) return;
  const shown = bad.slice(0, 5).map((o) => `${JSON.stringify(o.id)} (${o.reason})`).join(', ');
  process.stderr.write(`utility-engine: warning: ${bad.length} outcome text(s) contain the prompt's labels or blank lines, ` +
    `which a model may read as part of the question: ${shown}${bad.length > 5 ? ', ...' : ''}\n`);
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

/**
 * The first Ctrl-C or SIGTERM aborts `controller` (stop asking, keep the cache); the handlers are
 * `once`, so a second one kills at once. `stopListening` removes them when the asking is over.
 */
export function abortOnSignals(): { controller: AbortController; stopListening: () => void } {
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { controller, stopListening: () => { process.off('SIGINT', onSignal); process.off('SIGTERM', onSignal); } };
}

/** The line said while waiting for another process's lock on the output folder (--wait-for-lock). */
export function lockWaitNotice(out: string): (owner: LockOwner | undefined) => void {
  return (owner) => process.stderr.write(`utility-engine: ${out} is in use by ${owner ? `pid ${owner.pid}` : 'another process'}; waiting (--wait-for-lock)\n`);
}

/** Ends a run or experiment stopped by Ctrl-C or SIGTERM: where the answers so far are, and how to resume. */
export function exitInterrupted(out: string): never {
  process.stderr.write(`utility-engine: interrupted; the answers so far are in ${join(out, CACHE_FILE_NAME)} — rerun the same command to resume\n`);
  process.exit(EXIT_INTERRUPTED);
}

/** The default output folder for a model: runs/<name> with letters, digits, dots, dashes; never runs/.. or runs/. */
export function folderFor(model: string): string {
  const name = model.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  return join('runs', name || 'model');
}

export async function main(argv: string[]): Promise<void> {
  const values = parseCommandArgs(argv, OPTIONS, usage, false).values as Values;
  const config = configFromArgs(values);
  const out = values.out ?? folderFor(config.model!);
  const resolved = resolveRunConfig({ ...config, cacheFile: join(out, CACHE_FILE_NAME) });
  warnConfusingOutcomes(resolved.outcomes);
  const prices = pricesFromArgs(values);
  if (values['dry-run']) {
    const p = planRun(resolved);
    const where = resolved.baseUrl ? `${resolved.model} at ${redactUrl(resolved.baseUrl)}` : `${resolved.model} (in process)`;
    const { cached, inFile } = cachedForDryRun(resolved);
    process.stdout.write([
      `dry run: ${where}, ${p.outcomes} outcomes, ${resolved.mode} mode${resolved.mode === 'sampling' ? `, K = ${resolved.k}` : ''}`,
      `pairs:       ${p.askedPairs} (${p.trainingPairs} for fitting: ${p.startGraphPairs} in the start graph + ${p.rounds} rounds; ${p.holdoutPairs} held out) of ${p.allPairs}`,
      `requests:    ${p.requests} (${p.requestsWithoutN} if the endpoint ignores n)`,
      `completions: ${p.completions}`,
      cached === undefined
        ? `cache:       ${inFile} completions in ${resolved.cacheFile} (not matched to prompts above ${DRY_RUN_SCAN_LIMIT} outcomes); to buy: at most ${p.completions}`
        : `cache:       ${Math.min(cached, p.completions)} of them already bought (${resolved.cacheFile}); to buy: ${Math.max(0, p.completions - cached)}` +
          (cached > 0 ? ' (exact when resuming the same command; a changed setting may ask other pairs)' : ''),
      `prompt tokens (estimate, ~4 characters per token): ${p.estimatedPromptTokens} for all completions`,
      formatCost(estimateCost(p, cached === undefined ? p.completions : Math.max(0, p.completions - cached), resolveAskOptions(askOptionsFor(resolved)).maxTokens, prices)),
      'nothing was sent.',
    ].join('\n') + '\n');
    return;
  }
  const progress = values.quiet ? undefined : new ProgressReporter(process.stderr);
  // First Ctrl-C: stop asking, keep the cache, say how to resume. A second one kills at once.
  const { controller, stopListening } = abortOnSignals();
  // Before anything is asked: the folder is ours alone, writable, and its outputs can be replaced.
  const lock = await acquireOutputLock(out, {
    command: 'run', wait: values['wait-for-lock'] === true, signal: controller.signal,
    onWait: lockWaitNotice(out),
  }).catch((err) => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    throw err;
  });
  let results;
  try {
    checkOutputFiles(out, [...Object.values(RESULT_FILES), CACHE_FILE_NAME]);
    try {
      results = await runUtilities(resolved, {
        signal: controller.signal, onProgress: (p) => progress?.update(p),
        onWarning: (w) => process.stderr.write(`utility-engine: warning: ${w}\n`),
      });
    } catch (err) {
      if (!controller.signal.aborted) throw err;
      progress?.finish();
      exitInterrupted(out);
    } finally {
      progress?.finish();
      stopListening();
    }
    writeRunOutputs(out, results, resolved.registry);
  } finally {
    lock.release();
  }
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
  for (const w of runWarnings(results)) process.stderr.write(`utility-engine: warning: ${w}\n`);
  const lines = [
    `held-out accuracy ${f(results.holdout_metrics.accuracy)}, log-loss ${f(results.holdout_metrics.log_loss)} on ${results.active_learning.holdout_pairs} pairs` +
      (results.synthetic_recovery ? `; synthetic truth recovered with Spearman ${f(results.synthetic_recovery.spearman)}` : ''),
    `results: ${join(out, RESULT_FILES.results)} (summary: ${join(out, RESULT_FILES.summary)})`,
  ];
  if (values.report) lines.push(await reportLine(out));
  process.stdout.write(lines.join('\n') + '\n');
}
