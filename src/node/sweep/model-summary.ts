// One row of a sweep: the figures that compare models, computed from a finished run's results
// (held-out and training fit, coherence of the observed answers, cost). Pure apart from the
// engine used to list the observed graph's triangles.

import { sparseCycles } from '../../cycles/sparse.js';
import type { AskUsage } from '../../elicit/ask-pairs.js';
import type { Engine } from '../../engine/engine.js';
import { flattenSummary, type Cell } from '../../experiments/summary-columns.js';
import type { TransitivitySummary } from '../../experiments/transitivity/analysis.js';
import type { RunResults } from '../run/results.js';
import type { SweepModel } from './models-file.js';

/** A model's row in sweep.json (and, flattened, in sweep.csv). */
export interface SweepRow {
  name: string;
  status: 'ok' | 'failed';
  model: string;
  base_url: string | null;
  holdout_accuracy: number;
  holdout_log_loss: number;
  train_accuracy: number;
  train_log_loss: number;
  /** Mean cycle probability over the triangles of asked pairs (training and held out). */
  mean_cycle_probability: number;
  /** Triangles among the asked pairs: the triads the cycle figure rests on. */
  observed_triads: number;
  hard_cycle_fraction: number;
  /** Mean cycle probability over uniformly sampled triads (`--triads`; NaN when not measured). */
  triad_cycle_probability: number;
  /** Its standard error over the triads. */
  triad_cycle_probability_se: number;
  triad_hard_cycle_fraction: number;
  /** Triads sampled (0: not measured). */
  triads: number;
  /** Mean |p - 1/2| over asked pairs: how decided the model's preferences are. */
  decisiveness: number;
  unparseable_rate: number;
  /** Share of parsed answers that chose the option shown first, its 95% Wilson interval, and the p-value against 0.5. */
  first_option_rate: number;
  first_option_rate_lo: number;
  first_option_rate_hi: number;
  position_bias_p: number;
  asked_pairs: number;
  requests: number;
  completions: number;
  prompt_tokens: number;
  completion_tokens: number;
  wall_seconds: number;
  /** Correlation of the fitted means with the synthetic model's true utilities (synthetic only). */
  synthetic_recovery_pearson: number | null;
  error: string | null;
  metadata: SweepModel['metadata'];
  /** Each experiment's summary (`sweep --experiments`), by name; flattened into sweep.csv columns. */
  experiments: Record<string, Record<string, unknown>>;
}

/** The row of a model that finished. */
export function summariseRun(engine: Engine, model: SweepModel, r: RunResults, wallSeconds: number): SweepRow {
  const index = new Map(r.options.map((o, i) => [String(o.id), i]));
  const edges = Object.values(r.graph_data.edges);
  const a = Int32Array.from(edges, (e) => index.get(String(e.option_A.id))!);
  const b = Int32Array.from(edges, (e) => index.get(String(e.option_B.id))!);
  const p = Float64Array.from(edges, (e) => e.probability_A);
  const cycles = edges.length > 0 ? sparseCycles(engine, r.options.length, a, b, p) : undefined;
  // Empty-input policy: no asked pair, no decisiveness (NaN, null in JSON).
  const decisiveness = p.length > 0 ? p.reduce((s, x) => s + Math.abs(x - 0.5), 0) / p.length : NaN;
  return {
    ...emptyRow(model),
    status: 'ok',
    holdout_accuracy: r.holdout_metrics.accuracy,
    holdout_log_loss: r.holdout_metrics.log_loss,
    train_accuracy: r.metrics.accuracy,
    train_log_loss: r.metrics.log_loss,
    mean_cycle_probability: cycles?.mean_cycle_probability ?? NaN,
    observed_triads: cycles?.triads ?? 0,
    hard_cycle_fraction: cycles?.hard_cycle_fraction ?? NaN,
    decisiveness,
    unparseable_rate: r.answers.unparseable_rate,
    first_option_rate: r.position_bias.first_option_rate,
    first_option_rate_lo: r.position_bias.first_option_rate_ci[0],
    first_option_rate_hi: r.position_bias.first_option_rate_ci[1],
    position_bias_p: r.position_bias.p_value,
    asked_pairs: edges.length,
    requests: r.usage.requests,
    completions: r.usage.completions,
    prompt_tokens: r.usage.prompt_tokens,
    completion_tokens: r.usage.completion_tokens,
    wall_seconds: wallSeconds,
    synthetic_recovery_pearson: r.synthetic_recovery?.pearson ?? null,
  };
}

/** Adds a transitivity measurement (and what it cost) to a finished model's row. */
export function withTriads(row: SweepRow, summary: TransitivitySummary, usage: AskUsage): SweepRow {
  return {
    ...row,
    triad_cycle_probability: summary.mean_cycle_probability,
    triad_cycle_probability_se: summary.mean_cycle_probability_se,
    triad_hard_cycle_fraction: summary.hard_cycle_fraction,
    triads: summary.triads,
    requests: row.requests + usage.requests,
    completions: row.completions + usage.completions,
    prompt_tokens: row.prompt_tokens + usage.prompt_tokens,
    completion_tokens: row.completion_tokens + usage.completion_tokens,
  };
}

/** Adds experiments' summaries (by name) and what they cost to a finished model's row. */
export function withExperiments(row: SweepRow, summaries: Record<string, Record<string, unknown>>, usage: AskUsage): SweepRow {
  return {
    ...row,
    experiments: { ...row.experiments, ...summaries },
    requests: row.requests + usage.requests,
    completions: row.completions + usage.completions,
    prompt_tokens: row.prompt_tokens + usage.prompt_tokens,
    completion_tokens: row.completion_tokens + usage.completion_tokens,
  };
}

/** The row of a model that failed: its error, no figures. */
export function failedRow(model: SweepModel, error: unknown, wallSeconds: number): SweepRow {
  const message = ((error as Error)?.message ?? String(error)).split('\n')[0];
  return { ...emptyRow(model), status: 'failed', error: message, wall_seconds: wallSeconds };
}

function emptyRow(model: SweepModel): SweepRow {
  return {
    name: model.name, status: 'failed', model: model.model, base_url: model.baseUrl ?? null,
    holdout_accuracy: NaN, holdout_log_loss: NaN, train_accuracy: NaN, train_log_loss: NaN,
    mean_cycle_probability: NaN, observed_triads: 0, hard_cycle_fraction: NaN,
    triad_cycle_probability: NaN, triad_cycle_probability_se: NaN, triad_hard_cycle_fraction: NaN, triads: 0, decisiveness: NaN,
    unparseable_rate: NaN, first_option_rate: NaN, first_option_rate_lo: NaN, first_option_rate_hi: NaN, position_bias_p: NaN, asked_pairs: 0, requests: 0, completions: 0, prompt_tokens: 0, completion_tokens: 0,
    wall_seconds: 0, synthetic_recovery_pearson: null, error: null, metadata: { ...model.metadata }, experiments: {},
  };
}

/**
 * Columns of sweep.csv: the row's figures, then each experiment's summary flattened into
 * `<experiment>.<path>` columns (flattenSummary; the union over rows, in first-seen order), then one
 * `metadata.<key>` column per metadata key.
 */
export function sweepCsv(rows: readonly SweepRow[]): string {
  const fixed = Object.keys(emptyRow({ name: '', model: '', metadata: {} })).filter((k) => k !== 'metadata' && k !== 'experiments') as Array<keyof SweepRow>;
  const flat = rows.map((r) => Object.assign({}, ...Object.entries(r.experiments ?? {}).map(([name, summary]) => flattenSummary(summary, name))) as Record<string, Cell>);
  const experimentKeys = [...new Set(flat.flatMap((f) => Object.keys(f)))];
  const metaKeys = [...new Set(rows.flatMap((r) => Object.keys(r.metadata)))];
  const header = [...fixed, ...experimentKeys, ...metaKeys.map((k) => `metadata.${k}`)];
  const lines = [header.map(csvCell).join(',')];
  rows.forEach((row, i) => {
    lines.push([...fixed.map((k) => row[k]), ...experimentKeys.map((k) => flat[i][k]), ...metaKeys.map((k) => row.metadata[k])].map(csvCell).join(','));
  });
  return lines.join('\n') + '\n';
}

/** RFC 4180 cell: quoted when it holds a comma, quote or line break; NaN and null as empty. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
