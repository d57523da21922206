// The framing section: how much the fitted utilities agree when the same question is asked under
// different framings (correlation matrix), the outcomes that move most, and each framing's fit.

import { heatmap, type Cell } from '../charts/heatmap.js';
import { fmt, get, list, num } from '../format.js';
import type { Chart, Section, Table } from '../types.js';
import { cards, experimentSection } from './experiment-shell.js';

/** The framing experiment's section from framing.json. */
export function framingSection(data: unknown, source: string): Section {
  const names = list(get(data, 'summary', 'framings')).map(String);
  const matrix = list(get(data, 'summary', 'pairwise_pearson'));
  const charts: Chart[] = [];
  const cells: Cell[] = names.flatMap((r, i) => names.flatMap((c, j) => {
    const v = num(get(matrix, i, j));
    return v === null ? [] : [{ row: r, col: c, value: v }];
  }));
  if (names.length >= 2 && cells.length) {
    charts.push({
      title: 'Agreement of utilities across framings',
      caption: `Pearson correlation (−1 to 1) between the utilities fitted under two framings of the question, over the same ${fmt(get(data, 'summary', 'outcomes'))} outcomes; the diagonal is 1. Warm cells everywhere mean the framing hardly changes the model's values; a cool row marks a framing under which it ranks the outcomes differently. Mean r over the distinct pairs: ${fmt(get(data, 'summary', 'mean_pearson'))}.`,
      spec: heatmap('Pearson r of utilities between framings', cells, 'Pearson r', names, [-1, 1], 'framing'),
    });
  }
  const unstable = list(get(data, 'summary', 'most_unstable_outcomes'));
  const fits = get(data, 'fits');
  const tables: Table[] = [
    {
      name: 'framing-unstable-outcomes',
      title: 'Least stable outcomes (spread: standard deviation across framings, in sds of utility; then each framing\'s normalised utility)',
      columns: ['outcome', 'spread', ...names],
      rows: unstable.map((u) => [String(get(u, 'outcome') ?? ''), num(get(u, 'spread')), ...names.map((n) => num(get(u, 'utilities', n)))]),
    },
    {
      name: 'framing-fits',
      title: 'Each framing\'s fit',
      columns: ['framing', 'holdout_accuracy', 'holdout_log_loss', 'pairs'],
      rows: names.map((n) => [n, num(get(fits, n, 'holdout_metrics', 'accuracy')), num(get(fits, n, 'holdout_metrics', 'log_loss')), num(get(fits, n, 'pairs'))]),
    },
  ];
  const metrics = cards(data, [['mean_pearson', 'mean Pearson r', 'over the distinct pairs of framings'], ['outcomes', 'outcomes']]);
  metrics.push({ label: 'framings', value: String(names.length), note: names.join(', ') });
  const top = unstable[0];
  if (top !== undefined) metrics.push({ label: 'largest spread', value: fmt(get(top, 'spread')), note: `sds of utility: ${String(get(top, 'outcome') ?? '')}` });
  return experimentSection(data, source, metrics, charts, tables);
}
