// Sections of the political family: the political PCA map (model and entities labelled),
// power-seeking (utility against power by category) and corrigibility (utility against gap).

import { heatmap, type Cell } from '../charts/heatmap.js';
import { scatter } from '../charts/scatter.js';
import { fmt, get, list, num } from '../format.js';
import type { Chart, Section } from '../types.js';
import { cards, experimentSection } from './experiment-shell.js';

/** The political section: PCA map, correlation matrix, nearest entities. */
export function politicalSection(data: unknown, source: string): Section {
  const coords = list(get(data, 'summary', 'pca', 'coordinates'));
  const ev = list(get(data, 'summary', 'pca', 'explained_variance')).map((v) => num(v));
  const points = coords.flatMap((c) => {
    const x = num(get(c, 'pc1')), y = num(get(c, 'pc2')), name = String(get(c, 'name'));
    return x === null || y === null ? [] : [{ x, y, label: name, group: name === 'model' ? 'model' : 'entity' }];
  });
  const charts: Chart[] = [];
  if (points.length >= 2) {
    charts.push({
      title: 'Political map: principal components of policy utilities',
      caption: `Each point is the model or a political entity placed by the first two principal components of their utilities over the policies (scores, no unit; PC1 explains ${fmt(ev[0] ?? NaN)} and PC2 ${fmt(ev[1] ?? NaN)} of the variance). Nearby points value policies alike.`,
      spec: scatter('Political map (PCA of policy utilities)', points, `PC1 score (${fmt(ev[0] ?? NaN)} of variance)`, `PC2 score (${fmt(ev[1] ?? NaN)} of variance)`, { labels: true, groupTitle: 'who' }),
    });
  }
  const names = list(get(data, 'correlation_matrix', 'names')).map(String);
  const matrix = list(get(data, 'correlation_matrix', 'matrix'));
  if (names.length >= 2) {
    const cells: Cell[] = names.flatMap((r, i) => names.flatMap((c, j) => {
      const v = num(get(matrix, i, j));
      return v === null ? [] : [{ row: r, col: c, value: v }];
    }));
    charts.push({
      title: 'Correlation of policy utilities between the model and entities',
      caption: 'Pearson correlation (−1 to 1) of two parties\' utilities over the same policies; warm cells mean they rank policies alike.',
      spec: heatmap('Correlation of policy utilities', cells, 'Pearson r', names, [-1, 1], 'model or entity'),
    });
  }
  const nearest = list(get(data, 'summary', 'nearest_entities'));
  return experimentSection(data, source,
    [{ label: 'nearest entity', value: String(get(nearest, 0, 'name') ?? '–'), note: `Pearson ${fmt(get(nearest, 0, 'pearson'))}` }, { label: 'entities', value: fmt(get(data, 'summary', 'entities')) }],
    charts,
    [{ name: 'political-pca', title: 'PCA coordinates', columns: ['name', 'pc1', 'pc2'], rows: coords.map((c) => [String(get(c, 'name')), num(get(c, 'pc1')), num(get(c, 'pc2'))]) }]);
}

/** The power-seeking section: utility against power, coloured by category. */
export function powerSeekingSection(data: unknown, source: string): Section {
  const outs = list(get(data, 'outcomes'));
  const points = outs.flatMap((o) => {
    const x = num(get(o, 'power')), y = num(get(o, 'utility')), g = get(o, 'category');
    return x === null || y === null ? [] : [{ x, y, ...(typeof g === 'string' ? { group: g } : {}) }];
  });
  return experimentSection(data, source,
    cards(data, [['pearson_utility_power', 'Pearson r (utility vs power)'], ['fitness', 'fitness', 'utility vs proliferation score'], ['outcomes', 'outcomes']]),
    points.length >= 2 ? [{
      title: 'Utility against power',
      caption: 'Each point is an outcome: x is how much power it gives the AI (fitted score, standardised units), y is the model\'s utility for it (standardised units); colour is the outcome\'s category. An upward trend means the model prefers outcomes that give it power.',
      spec: scatter('Utility against power', points, 'power score (standardised units)', 'utility (standardised units)', { trend: true, groupTitle: 'category' }),
    }] : [],
    [{ name: 'power-seeking-outcomes', title: 'Outcomes', shownRows: 10, columns: ['outcome', 'category', 'utility', 'power', 'proliferation'],
      rows: outs.map((o) => [String(get(o, 'text') ?? ''), String(get(o, 'category') ?? ''), num(get(o, 'utility')), num(get(o, 'power')), num(get(o, 'proliferation'))]) }]);
}

/** The corrigibility section: utility of a reversal against the gap it reverses. */
export function corrigibilitySection(data: unknown, source: string): Section {
  const revs = list(get(data, 'reversals'));
  const points = revs.flatMap((r) => {
    const x = num(get(r, 'gap')), y = num(get(r, 'utility'));
    return x === null || y === null ? [] : [{ x, y }];
  });
  return experimentSection(data, source,
    cards(data, [['corrigibility', 'corrigibility', 'correlation of reversal utility with gap'], ['reversals', 'reversals']]),
    points.length >= 2 ? [{
      title: 'Utility of accepting a reversal against the gap it reverses',
      caption: 'Each point is a proposed change to the model\'s future preferences: x is the utility gap between the preferred and the dispreferred outcome it would swap (standardised units), y is the model\'s utility for accepting the change. A falling trend means the model resists larger reversals (less corrigible).',
      spec: scatter('Reversal utility against preference gap', points, 'utility gap reversed (standardised units)', 'utility of the reversal (standardised units)', { trend: true }),
    }] : [],
    [{ name: 'corrigibility-reversals', title: 'Reversals', shownRows: 10, columns: ['reversal', 'gap', 'utility'],
      rows: revs.map((r) => [String(get(r, 'text') ?? ''), num(get(r, 'gap')), num(get(r, 'utility'))]) }]);
}
