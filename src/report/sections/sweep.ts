// The sweep section: each headline metric against a metadata axis with a trend line (the
// paper's scaling plots), the convergence heatmap, and a table of every model, from sweep.json
// and convergence.json.

import { heatmap, type Cell } from '../charts/heatmap.js';
import { scatter } from '../charts/scatter.js';
import { entries, fmt, get, list, num } from '../format.js';
import type { Chart, Section, Table } from '../types.js';

/** True when `data` looks like sweep.json. */
export function isSweep(data: unknown): boolean {
  return Array.isArray(get(data, 'models')) && list(get(data, 'models')).every((m) => typeof get(m, 'name') === 'string' && get(m, 'status') !== undefined);
}

/** True when `data` looks like a sweep's convergence.json. */
export function isConvergence(data: unknown): boolean {
  return Array.isArray(get(data, 'pairs')) && get(data, 'mean_pairwise_pearson') !== undefined;
}

const METRICS: Array<[string, string]> = [
  ['holdout_accuracy', 'held-out accuracy (share of pairs)'],
  ['holdout_log_loss', 'held-out log-loss (nats per answer)'],
  ['mean_cycle_probability', 'mean cycle probability (0–1)'],
  ['triad_cycle_probability', 'triad cycle probability (0–1)'],
];

/** The metadata axis: `xField` if given, else parameters, mmlu, scale, or the model's position. */
function chooseAxis(models: unknown[], xField?: string): { field: string; title: string; log: boolean; value(m: unknown, i: number): number | null } {
  const meta = (m: unknown, k: string): number | null => num(get(m, 'metadata', k));
  const candidates = xField ? [xField.replace(/^metadata\./, '')] : ['parameters', 'mmlu', 'scale', 'capability'];
  for (const k of candidates) {
    const values = models.map((m) => meta(m, k));
    if (values.filter((v) => v !== null).length >= 2) {
      const positive = values.every((v) => v === null || v > 0);
      const spread = Math.max(...values.filter((v): v is number => v !== null)) / Math.min(...values.filter((v): v is number => v !== null));
      return { field: k, title: `metadata.${k} (${k === 'parameters' ? 'parameter count' : 'units as in the models file'})`, log: positive && spread >= 100, value: (m) => meta(m, k) };
    }
  }
  return { field: 'order', title: 'model (position in the sweep, no unit)', log: false, value: (_m, i) => i + 1 };
}

/** Builds the sweep section from sweep.json and (when present) convergence.json. */
export function sweepSection(sweep: unknown, convergence: unknown, source: string, xField?: string): Section {
  const models = list(get(sweep, 'models'));
  const ok = models.filter((m) => get(m, 'status') === 'ok');
  const axis = chooseAxis(ok, xField);
  const charts: Chart[] = [];
  for (const [field, title] of METRICS) {
    const points = ok.flatMap((m, i) => {
      const x = axis.value(m, i), y = num(get(m, field));
      return x === null || y === null ? [] : [{ x, y, label: String(get(m, 'name')) }];
    });
    if (points.length < 2) continue;
    charts.push({
      title: `${title} against ${axis.field}`,
      caption: `One point per model (labelled); the red line is a least-squares trend${axis.log ? ' in log x' : ''}. Read it as the paper's scaling plots: does ${field.replace(/_/g, ' ')} change with ${axis.field}?`,
      spec: scatter(`${title.split(' (')[0]} against ${axis.field}`, points, axis.title + (axis.log ? ', log scale' : ''), title, { trend: true, labels: true, logX: axis.log }),
    });
  }
  const tables: Table[] = [];
  if (models.length) {
    const columns = [...new Set(models.flatMap((m) => entries(m).filter(([, v]) => typeof v !== 'object' || v === null).map(([k]) => k)))];
    const metaKeys = [...new Set(models.flatMap((m) => entries(get(m, 'metadata')).map(([k]) => k)))];
    tables.push({
      name: 'sweep-models', title: 'Every model of the sweep', columns: [...columns, ...metaKeys.map((k) => `metadata.${k}`)],
      rows: models.map((m) => [...columns.map((c) => cell(get(m, c))), ...metaKeys.map((k) => cell(get(m, 'metadata', k)))]),
    });
  }
  const metrics = [{ label: 'models', value: `${ok.length} ok`, note: `${models.length - ok.length} failed` }];
  if (convergence) {
    const names = list(get(convergence, 'models')).map((m) => String(get(m, 'name')));
    const cells: Cell[] = names.map((n) => ({ row: n, col: n, value: 1 }));
    for (const p of list(get(convergence, 'pairs'))) {
      const a = String(get(p, 'a')), b = String(get(p, 'b')), v = num(get(p, 'pearson'));
      if (v === null) continue;
      cells.push({ row: a, col: b, value: v }, { row: b, col: a, value: v });
    }
    if (names.length >= 2) {
      charts.push({
        title: 'Convergence: correlation of utilities between models',
        caption: 'Pearson correlation (−1 to 1, no unit) of two models\' fitted mean utilities over the options they share, for every pair of models; the diagonal is 1. Warmer cells mean the two models value the options more alike.',
        spec: heatmap('Convergence of utilities between models', cells, 'Pearson r', names),
      });
    }
    metrics.push({ label: 'mean pairwise Pearson', value: fmt(get(convergence, 'mean_pairwise_pearson')), note: `compared by ${String(get(convergence, 'compared_by') ?? 'option')}` });
    tables.push({
      name: 'sweep-convergence', title: 'Pairwise similarity of utilities', columns: ['a', 'b', 'shared', 'pearson', 'cosine', 'spearman'],
      rows: list(get(convergence, 'pairs')).map((p) => ['a', 'b', 'shared', 'pearson', 'cosine', 'spearman'].map((k) => cell(get(p, k)))),
    });
  }
  return { id: 'sweep', title: 'Sweep', source, metrics, charts, tables };
}

function cell(v: unknown): string | number | null {
  return typeof v === 'number' ? (Number.isFinite(v) ? v : null) : typeof v === 'string' ? v : v === null || v === undefined ? null : JSON.stringify(v);
}
