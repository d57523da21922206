// The results of a run in the paper's result-file layout (so `utility-engine fit results.json`
// refits it), and the files written for a user: results.json, utilities.json, summary.txt and,
// for the in-process synthetic model, its true utilities.

import { join } from 'node:path';
import type { PairAnswers } from '../../elicit/ask-pairs.js';
import { syntheticTruth } from '../../elicit/recovery.js';
import { SYNTHETIC_MODEL_NAME } from '../../elicit/synthetic-client.js';
import { SyntheticValueSystem, type SyntheticKnobs } from '../../elicit/synthetic-model.js';
import type { Metrics, Utility } from '../../fit/fit.js';
import { positionBias, type PositionBias } from '../../metrics/position-bias.js';
import type { RequestAdaptation } from '../../elicit/request-adaptation.js';
import type { Option, OptionId } from '../../graph/preference-graph.js';
import type { WorldRegistry } from '../../world/structures.js';
import { toJson, writeFilesAtomic } from '../cli-support.js';
import { endpointChangeWarning } from '../response-cache.js';
import { versions } from '../versions.js';
import { recordedConfig, UNPARSEABLE_WARNING_RATE } from './run-config.js';
import { intervalsRecord, utilitiesWithIntervals, withAccuracyInterval, type UtilityWithInterval } from '../pool/fit-intervals.js';
import type { RunState } from './run-utilities.js';

export const RESULT_FILES = Object.freeze({
  results: 'results.json',
  utilities: 'utilities.json',
  summary: 'summary.txt',
  truth: 'synthetic-truth.json',
});

/** One asked pair in the paper's layout. */
export interface ResultEdge {
  option_A: Option;
  option_B: Option;
  probability_A: number;
  aux_data: {
    count_A: number;
    count_B: number;
    total_responses: number;
    original_responses: string[];
    flipped_responses: string[];
    original_parsed: Array<'A' | 'B' | null>;
    flipped_parsed: Array<'A' | 'B' | null>;
    unparseable: number;
    long_responses: number;
    unparseable_mode: string;
    mode: 'sampling' | 'logprobs';
    held_out: boolean;
    original_probability_A?: number | null;
    flipped_probability_A?: number | null;
  };
}

export interface RunResults {
  options: Option[];
  utilities: Record<string, UtilityWithInterval>;
  /** Training metrics of the final fit (pseudolabels included). */
  metrics: Metrics;
  /** The headline: the final fit scored on asked pairs it never saw (accuracy with a Wilson interval). */
  holdout_metrics: Metrics & { accuracy_ci?: [number, number]; level?: number };
  /** How the utilities' std_error and mean_ci were made (null without intervals). */
  intervals: Record<string, unknown> | null;
  config: Record<string, unknown>;
  versions: Record<string, string>;
  timing: RunState['timing'];
  usage: RunState['usage'];
  plan: RunState['plan'];
  answers: { total: number; unparseable: number; unparseable_rate: number; long: number; truncated: number };
  /** Parts of the request the endpoint refused and how it was changed (reasoning and restricted models). */
  request_adaptations: RequestAdaptation[];
  /** How often the option shown first was chosen (the bias asking both orders cancels). */
  position_bias: PositionBias;
  active_learning: { rounds: RunState['rounds']; training_pairs: number; holdout_pairs: number; pseudolabels: number; components: number };
  fit: RunState['final']['fit'];
  synthetic_recovery?: { spearman: number; pearson: number };
  graph_data: {
    options: Option[];
    /** Every asked pair (training and held out), keyed "(a, b)". */
    edges: Record<string, ResultEdge>;
    training_edges: Array<[OptionId, OptionId]>;
    holdout_edge_indices: Array<[OptionId, OptionId]>;
    /** Hard labels added without asking; not in `edges`, so a refit of this file uses asked pairs only. */
    pseudolabel_edges: Array<{ a: OptionId; b: OptionId; probability_A: number }>;
  };
}

/** Turns a finished run into the results layout. */
export function buildResults(s: RunState): RunResults {
  const options = s.config.outcomes.map((o) => ({ id: o.id, description: o.description }));
  const byId = new Map(options.map((o) => [String(o.id), o]));
  const edges: Record<string, ResultEdge> = {};
  const add = (p: PairAnswers, heldOut: boolean) => {
    edges[edgeKey(p.a, p.b)] = toEdge(p, byId, s.config.unparseable, heldOut);
  };
  s.training.forEach((p) => add(p, false));
  s.holdout.forEach((p) => add(p, true));
  let total = 0;
  let unparseable = 0;
  let long = 0;
  let truncated = 0;
  for (const p of [...s.training, ...s.holdout]) {
    total += p.total_responses;
    unparseable += p.unparseable;
    long += p.long;
    truncated += p.truncated ?? 0;
  }
  const ids = s.config.outcomes.map((o) => o.id);
  return {
    options,
    utilities: utilitiesWithIntervals(ids, s.final, s.intervals),
    metrics: s.final.metrics,
    holdout_metrics: withAccuracyInterval(s.holdoutMetrics, s.holdout.length, s.intervals?.level ?? (s.config.level as number)),
    intervals: intervalsRecord(s.intervals),
    config: recordedConfig(s.config),
    versions: versions(),
    timing: s.timing,
    usage: s.usage,
    plan: s.plan,
    answers: { total, unparseable, unparseable_rate: total > 0 ? unparseable / total : NaN, long, truncated },
    request_adaptations: s.usage.client?.adaptations ?? [],
    position_bias: positionBias([...s.training, ...s.holdout].flatMap((p) => [p.original, p.flipped]), s.config.mode),
    active_learning: {
      rounds: s.rounds, training_pairs: s.training.length, holdout_pairs: s.holdout.length,
      pseudolabels: s.pseudolabels.length, components: s.components,
    },
    fit: s.final.fit,
    ...(s.recovery ? { synthetic_recovery: s.recovery } : {}),
    graph_data: {
      options,
      edges,
      training_edges: s.training.map((p) => [p.a, p.b]),
      holdout_edge_indices: s.holdout.map((p) => [p.a, p.b]),
      pseudolabel_edges: s.pseudolabels.map((p) => ({ a: ids[p.a], b: ids[p.b], probability_A: p.probability_a })),
    },
  };
}

/** "(a, b)" as in the paper's files (ids as JSON values, so string ids stay unambiguous). */
export function edgeKey(a: OptionId, b: OptionId): string {
  return `(${JSON.stringify(a)}, ${JSON.stringify(b)})`;
}

function toEdge(p: PairAnswers, byId: Map<string, Option>, unparseableMode: string, heldOut: boolean): ResultEdge {
  return {
    option_A: byId.get(String(p.a))!,
    option_B: byId.get(String(p.b))!,
    probability_A: p.probability_a,
    aux_data: {
      count_A: p.count_a,
      count_B: p.count_b,
      total_responses: p.total_responses,
      original_responses: p.original.responses,
      flipped_responses: p.flipped.responses,
      original_parsed: p.original.parsed,
      flipped_parsed: p.flipped.parsed,
      unparseable: p.unparseable,
      long_responses: p.long,
      unparseable_mode: unparseableMode,
      mode: p.mode,
      held_out: heldOut,
      ...(p.mode === 'logprobs'
        ? { original_probability_A: p.original.probability_first ?? null, flipped_probability_A: p.flipped.probability_first ?? null }
        : {}),
    },
  };
}

/** The results without the graph (utilities.json). */
export function withoutGraph(r: RunResults): Omit<RunResults, 'graph_data'> {
  const { graph_data: _graph, ...rest } = r;
  return rest;
}

/**
 * Writes results.json, utilities.json, summary.txt (and synthetic-truth.json for the in-process
 * synthetic model, with every planted quantity; pass the run's registry if it had one) into dir,
 * each atomically. Returns the paths written.
 */
export function writeRunOutputs(dir: string, r: RunResults, registry?: WorldRegistry): string[] {
  const files: Array<{ path: string; content: string }> = [];
  const put = (name: string, text: string) => files.push({ path: join(dir, name), content: text });
  if (r.config.model === SYNTHETIC_MODEL_NAME && !r.config.baseUrl && r.config.synthetic) {
    const knobs = r.config.synthetic as SyntheticKnobs;
    const world = new SyntheticValueSystem(knobs, registry);
    put(RESULT_FILES.truth, toJson({
      model: SYNTHETIC_MODEL_NAME,
      note: 'planted values of the built-in synthetic world, not a real model\'s (docs/synthetic-world.md)',
      knobs,
      utilities: syntheticTruth(world, r.options),
      planted: world.truth({ texts: r.options.map((o) => o.description) }),
    }));
  }
  put(RESULT_FILES.utilities, toJson(withoutGraph(r)));
  put(RESULT_FILES.summary, formatSummary(r));
  put(RESULT_FILES.results, toJson(r)); // last: its presence means the run finished
  // One set: all written beside their targets first, so a failure leaves the previous set whole.
  writeFilesAtomic(files);
  return files.map((f) => f.path);
}

/** Warnings a reader of the results must see (stderr and summary.txt): many unparseable replies, an unconverged fit. */
export function runWarnings(r: RunResults): string[] {
  const warnings: string[] = [];
  if (r.answers.unparseable_rate > UNPARSEABLE_WARNING_RATE) {
    warnings.push(`${(100 * r.answers.unparseable_rate).toFixed(1)}% of replies could not be parsed as "A" or "B" ` +
      `(above ${100 * UNPARSEABLE_WARNING_RATE}%); they count as ${r.config.unparseable}, so the utilities rest on fewer real answers than planned`);
  }
  for (const a of r.request_adaptations ?? []) {
    // What is measured changed: say so wherever the numbers are read.
    if (a.adaptation === 'temperature') warnings.push(`the endpoint accepts only temperature 1, so answers were sampled at 1, not at the requested ${r.config.temperature} (${a.message})`);
    if (a.adaptation === 'logprobs') warnings.push(`the endpoint gives no logprobs, so each order was read from one sampled reply instead of P(A) (${a.message}); rerun without --logprobs for K samples per order`);
  }
  if ((r.answers.truncated ?? 0) > 0) {
    warnings.push(`${r.answers.truncated} of ${r.answers.total} replies were cut at the length limit (max tokens ${r.config.maxTokens ?? 'default'}); raise --max-tokens`);
  }
  const cache = r.usage.cache;
  if (cache?.other_endpoints?.length && cache.endpoint) warnings.push(endpointChangeWarning(cache.file, cache.endpoint, cache.other_endpoints));
  if (r.fit && r.fit.converged === false) {
    warnings.push(`the final fit did not converge (${r.fit.stop_reason} after ${r.fit.iterations} iterations); ` +
      'refit results.json with `utility-engine fit` and a larger --max-iterations');
  }
  return warnings;
}

const pct = (level: number | undefined) => (level === undefined ? '' : `${Math.round(level * 100)}%`);
/** The summary line of the position bias: rate, interval and test. */
export function formatPositionBias(b: PositionBias): string {
  if (!(b.parsed_answers > 0)) return 'position bias: no parsed answers';
  const [lo, hi] = b.first_option_rate_ci;
  // Below the smallest double the test's p-value underflows to 0: say so rather than print "p = 0".
  const p = b.p_value === 0 ? '< 1e-300' : b.p_value < 1e-4 ? `= ${b.p_value.toExponential(1)}` : `= ${b.p_value.toFixed(4)}`;
  return `position bias: first option chosen in ${(100 * b.first_option_rate).toFixed(1)}% of ${b.parsed_answers} parsed answers ` +
    `(95% CI ${(100 * lo).toFixed(1)}–${(100 * hi).toFixed(1)}%; vs 50%: p ${p}${b.method === 'logprob argmax' ? '; logprob argmax' : ''})`;
}

/** summary.txt: the figures that matter, then every outcome sorted by utility. */
export function formatSummary(r: RunResults): string {
  const f = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  const c = r.config as Record<string, unknown>;
  const lines = [
    `utility-engine run — model ${c.model}${c.baseUrl ? ` at ${c.baseUrl}` : ''}`,
    `outcomes: ${r.options.length} (${c.outcomesSource})   seed: ${c.seed}   utility model: ${c.utilityModel ?? "thurstonian"}   optimizer: ${c.optimizer}   K: ${c.k}   mode: ${c.mode}`,
    '',
    `held-out pairs: ${r.active_learning.holdout_pairs}   accuracy ${f(r.holdout_metrics.accuracy)}` +
      (r.holdout_metrics.accuracy_ci ? ` (${pct(r.holdout_metrics.level)} CI ${f(r.holdout_metrics.accuracy_ci[0], 3)}-${f(r.holdout_metrics.accuracy_ci[1], 3)})` : '') +
      `   log-loss ${f(r.holdout_metrics.log_loss)}`,
    `fit: ${r.fit.optimizer}, prior ${r.fit.prior}${r.fit.prior === 'none' ? '' : ` (strength ${r.fit.prior_strength}${r.fit.prior_choice?.method === 'cv' ? ', chosen by cross-validation' : ''})`}` +
      `, ${r.fit.converged ? 'converged' : `NOT converged (${r.fit.stop_reason})`} in ${r.fit.evaluations} evaluations`,
    `training pairs: ${r.active_learning.training_pairs} in ${r.active_learning.rounds.length - 1} active-learning rounds, plus ${r.active_learning.pseudolabels} pseudolabels`,
    `training (pseudolabels included): accuracy ${f(r.metrics.accuracy)}   log-loss ${f(r.metrics.log_loss)}`,
    `answers: ${r.answers.total}   unparseable ${r.answers.unparseable} (${f(100 * r.answers.unparseable_rate, 2)}%)   longer than expected ${r.answers.long}   cut by length ${r.answers.truncated ?? 0}`,
    formatPositionBias(r.position_bias),
    ...(r.request_adaptations?.length ? [`request adaptations: ${r.request_adaptations.map((a) => a.change).join('; ')}`] : []),
    `requests: ${r.usage.requests}   completions: ${r.usage.completions} (${r.usage.cached_completions} from cache)   tokens: ${r.usage.prompt_tokens} in, ${r.usage.completion_tokens} out`,
    `time: ${f(r.timing.seconds, 1)} s (asking ${f(r.timing.asking_seconds, 1)} s, fitting ${f(r.timing.fitting_seconds, 1)} s)`,
  ];
  if (c.model === SYNTHETIC_MODEL_NAME && !c.baseUrl) {
    lines.splice(1, 0, 'note: the built-in synthetic world answered; its utilities are PLANTED values (a rubric, see docs/synthetic-world.md), not a real model\'s.');
  }
  for (const w of runWarnings(r)) lines.push(`warning: ${w}`);
  if (r.active_learning.components > 1) lines.push(`warning: the asked pairs form ${r.active_learning.components} disconnected groups; utilities across groups rest on pseudolabels only`);
  if (r.synthetic_recovery) {
    lines.push(`synthetic truth recovered: Spearman ${f(r.synthetic_recovery.spearman)}   Pearson ${f(r.synthetic_recovery.pearson)} (true utilities in ${RESULT_FILES.truth})`);
  }
  const iv = r.intervals as { method: string; level: number } | null;
  if (iv) lines.push(`intervals: ${pct(iv.level)} ${iv.method} intervals on the normalised means (mean_ci in utilities.json)`);
  lines.push('', iv ? `utility   ${pct(iv.level).padStart(3)} interval       variance  outcome` : 'utility   variance  outcome');
  const sorted = r.options.slice().sort((a, b) => r.utilities[String(b.id)].mean - r.utilities[String(a.id)].mean);
  const num = (x: number) => `${x >= 0 ? ' ' : ''}${x.toFixed(3)}`;
  for (const o of sorted) {
    const u = r.utilities[String(o.id)];
    const ci = u.mean_ci ? `[${num(u.mean_ci[0])}, ${num(u.mean_ci[1])}]`.padEnd(18) + ' ' : '';
    lines.push(`${num(u.mean).padEnd(8)}  ${ci}${u.variance.toFixed(3).padStart(8)}  ${o.description}`);
  }
  return lines.join('\n') + '\n';
}
