// The run section: headline metrics, utilities with intervals, the full utilities table, the
// active-learning curve and answer statistics, from a run's results.json.

import { calibrationChart } from '../charts/calibration.js';
import { intervalDots, type IntervalRow } from '../charts/interval-dots.js';
import { lineChart, type LinePoint } from '../charts/line.js';
import { entries, fmt, get, list, num, pct } from '../format.js';
import type { Section, Table } from '../types.js';
import { calibrationBins, heldOutPredictions } from './run-calibration.js';

/** How many items at each end the utilities chart shows (the table holds every option). */
const ENDS = 12;
const Z95 = 1.959963984540054;

/** True when `data` looks like run's results.json. */
export function isRunResults(data: unknown): boolean {
  return Array.isArray(get(data, 'options')) && get(data, 'utilities') !== undefined && get(data, 'metrics') !== undefined;
}

interface OptionRow { id: string; description: string; category: string | undefined; mean: number; sd: number }

function optionRows(data: unknown): OptionRow[] {
  const utilities = get(data, 'utilities');
  return list(get(data, 'options')).flatMap((o) => {
    const id = String(get(o, 'id'));
    const mean = num(get(utilities, id, 'mean'));
    const variance = num(get(utilities, id, 'variance'));
    if (mean === null) return [];
    const category = get(o, 'category');
    return [{ id, description: String(get(o, 'description') ?? id), category: typeof category === 'string' ? category : undefined, mean, sd: Math.sqrt(Math.max(0, variance ?? 0)) }];
  });
}

function short(s: string, n = 60): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/** Builds the run section; `prefix` names the run inside a sweep or mixed folder. */
export function runSection(data: unknown, source: string, prefix = ''): Section {
  const rows = optionRows(data).sort((a, b) => b.mean - a.mean);
  const hold = get(data, 'holdout_metrics');
  const train = get(data, 'metrics');
  const answers = get(data, 'answers');
  const id = (prefix ? prefix + '-' : '') + 'run';
  const model = String(get(data, 'config', 'model') ?? 'model');
  const metrics = [
    { label: 'held-out accuracy', value: fmt(get(hold, 'accuracy')), note: `${accuracyInterval(get(hold, 'accuracy_ci'), get(hold, 'level'))}${fmt(get(data, 'plan', 'holdoutPairs') ?? get(data, 'active_learning', 'holdout_pairs'))} held-out pairs` },
    { label: 'held-out log-loss', value: fmt(get(hold, 'log_loss')), note: 'nats per answer' },
    { label: 'training accuracy', value: fmt(get(train, 'accuracy')), note: `log-loss ${fmt(get(train, 'log_loss'))}` },
    { label: 'outcomes', value: String(rows.length), note: `${fmt(get(data, 'active_learning', 'training_pairs'))} training pairs` },
    { label: 'unparseable answers', value: pct(get(answers, 'unparseable_rate')), note: `${fmt(get(answers, 'unparseable'))} of ${fmt(get(answers, 'total'))}` },
  ];
  const bias = get(data, 'position_bias');
  const biasRate = num(get(bias, 'first_option_rate'));
  if (biasRate !== null) {
    metrics.push({ label: 'first option chosen', value: pct(biasRate), note: `95% CI ${pct(get(bias, 'first_option_rate_ci', 0))}–${pct(get(bias, 'first_option_rate_ci', 1))}, p = ${fmt(get(bias, 'p_value'), 2)} (50% = no position bias)` });
  }
  const truncated = num(get(answers, 'truncated'));
  if (truncated !== null && truncated > 0) metrics.push({ label: 'replies cut at the length limit', value: String(truncated), note: `of ${fmt(get(answers, 'total'))}; raise --max-tokens` });
  const adaptations = list(get(data, 'request_adaptations'));
  const recovery = get(data, 'synthetic_recovery');
  if (recovery) metrics.push({ label: 'planted recovery (Spearman)', value: fmt(get(recovery, 'spearman')), note: 'synthetic model only' });

  const byCategory = rows.some((r) => r.category);
  const shown = rows.length <= 2 * ENDS ? rows : [...rows.slice(0, ENDS), ...rows.slice(-ENDS)];
  const dots: IntervalRow[] = shown.map((r) => ({
    label: short(r.description), value: r.mean, low: r.mean - Z95 * r.sd, high: r.mean + Z95 * r.sd, ...(byCategory ? { group: r.category ?? '(none)' } : {}),
  }));
  const charts = [{
    title: `Utilities of ${model}: ${rows.length <= 2 * ENDS ? 'every option' : `top and bottom ${ENDS}`}`,
    caption: `Each dot is an option's fitted mean utility μ; the bar spans μ ± 1.96σ (σ from the fitted Thurstonian variance). Utilities are on the model's own scale (standardised, no unit); options are sorted from most to least preferred${byCategory ? ', coloured by category' : ''}. The table below lists every option.`,
    spec: intervalDots(`Utilities of ${model}`, dots, 'utility μ (standardised units)', { groupTitle: 'category' }),
  }];
  const rounds = list(get(data, 'active_learning', 'rounds'));
  const curve: LinePoint[] = rounds.flatMap((r) => {
    const round = num(get(r, 'round'));
    const loss = num(get(r, 'metrics', 'log_loss'));
    return round === null || loss === null ? [] : [{ x: round, y: loss, series: 'log-loss on the pairs asked so far' }];
  });
  const finalHold = num(get(hold, 'log_loss'));
  if (curve.length && finalHold !== null) curve.push({ x: curve[curve.length - 1].x, y: finalHold, series: 'held-out log-loss (final fit)' });
  if (curve.length >= 2) {
    charts.push({
      title: 'Active-learning curve',
      caption: 'Log-loss (nats per answer, lower is better) of the fit after each active-learning round, measured on the pairs asked up to that round; the separate point is the final fit on the held-out pairs. The per-round loss usually rises, because active learning deliberately asks ever closer pairs (near-ties are hard to predict); judge the fit by the held-out point, and read a flat end of the curve as later rounds asking pairs no harder than before.',
      spec: lineChart('Active-learning curve', curve, 'round (number)', 'log-loss (nats per answer)', 'measured on'),
    });
  }
  const predictions = heldOutPredictions(data);
  const bins = calibrationBins(predictions);
  if (bins.length) {
    charts.push({
      title: 'Calibration on the held-out pairs',
      caption: `The ${predictions.length} held-out pairs (never used in the fit) binned by the final fit's predicted probability that the first-listed option is preferred (10 bins of width 0.1; the predictions come from the recorded utilities as the fit scores them). Each point is a bin: x is its mean prediction, y the share of answers that actually chose that option, and its size the number of pairs. The dashed line is perfect calibration; points below it at the right (above it at the left) mean the fit is overconfident. Few held-out pairs make the points noisy.`,
      spec: calibrationChart('Calibration on held-out pairs', bins, 'predicted P(first option preferred)', 'observed share choosing it'),
    });
  }
  const tables: Table[] = [
    {
      name: `${id}-utilities`, title: 'Utilities (sorted; first 20 rows shown, download for all)', shownRows: 20,
      columns: ['id', 'description', ...(byCategory ? ['category'] : []), 'mean', 'sd', 'low95', 'high95'],
      rows: rows.map((r) => [r.id, r.description, ...(byCategory ? [r.category ?? ''] : []), r.mean, r.sd, r.mean - Z95 * r.sd, r.mean + Z95 * r.sd]),
    },
    {
      name: `${id}-answers`, title: 'Answer statistics', columns: ['statistic', 'value'],
      rows: [
        ...entries(answers).map(([k, v]) => [k, num(v)] as [string, number | null]),
        // Position bias: asking both orders cancels it in the labels, but a strong bias means
        // the answers carry less information about the options themselves.
        ['position_bias.first_option_rate', biasRate],
        ['position_bias.first_option_rate_low95', num(get(bias, 'first_option_rate_ci', 0))],
        ['position_bias.first_option_rate_high95', num(get(bias, 'first_option_rate_ci', 1))],
        ['position_bias.p_value', num(get(bias, 'p_value'))],
        ['position_bias.first_option_answers', num(get(bias, 'first_option_answers'))],
        ['position_bias.parsed_answers', num(get(bias, 'parsed_answers'))],
        ['position_bias.method', typeof get(bias, 'method') === 'string' ? String(get(bias, 'method')) : null],
        // Each change the client made to requests the endpoint refused (reasoning models and the like).
        ...adaptations.map((a, i) => [`request_adaptation.${i + 1}`, `${String(get(a, 'change') ?? '')} (HTTP ${fmt(get(a, 'status'))}: ${String(get(a, 'message') ?? '')})`] as [string, string]),
        ['requests', num(get(data, 'usage', 'requests'))],
        ['prompt_tokens', num(get(data, 'usage', 'prompt_tokens'))],
        ['completion_tokens', num(get(data, 'usage', 'completion_tokens'))],
        ['seconds', num(get(data, 'timing', 'seconds'))],
      ].filter((r): r is [string, string | number] => r[1] !== null),
    },
  ];
  if (bins.length) {
    tables.push({ name: `${id}-calibration`, title: 'Calibration bins (held-out pairs)', columns: ['bin_low', 'bin_high', 'pairs', 'mean_predicted', 'observed'],
      rows: bins.map((b) => [b.low, b.high, b.count, b.predicted, b.observed]) });
  }
  return { id, title: `Run: ${model}${prefix ? ` (${prefix})` : ''}`, source, metrics, charts, tables };
}

/** "90% CI 0.91–0.94; " from a held-out accuracy interval, or nothing when the run has none. */
function accuracyInterval(ci: unknown, level: unknown): string {
  if (!Array.isArray(ci) || ci.length !== 2 || !ci.every((x) => typeof x === 'number')) return '';
  const pct = typeof level === 'number' ? `${Math.round(level * 100)}% ` : '';
  return `${pct}CI ${fmt(ci[0])}–${fmt(ci[1])}; `;
}
