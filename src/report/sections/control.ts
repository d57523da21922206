// The utility-control section: control evaluate's before/after table and the PCA positions of
// the assembly, the model before and after, and the entities.

import { scatter } from '../charts/scatter.js';
import { entries, fmt, get, list, num } from '../format.js';
import type { Chart, Section } from '../types.js';

/** True when `data` is control evaluate's control.json. */
export function isControl(data: unknown): boolean {
  return get(data, 'command') === 'control evaluate' && get(data, 'summary') !== undefined;
}

/** Builds the control section. */
export function controlSection(data: unknown, source: string): Section {
  const rows = entries(get(data, 'summary')).map(([k, v]) => [k, num(get(v, 'before')), num(get(v, 'after')), num(get(v, 'change'))] as [string, number | null, number | null, number | null]);
  const names = list(get(data, 'pca', 'rows')).map(String);
  const coords = list(get(data, 'pca', 'coordinates'));
  const points = names.flatMap((n, i) => {
    const x = num(get(coords, i, 0)), y = num(get(coords, i, 1));
    return x === null || y === null ? [] : [{ x, y, label: n, group: ['assembly', 'before', 'after'].includes(n) ? n : 'entity' }];
  });
  const charts: Chart[] = points.length >= 2 ? [{
    title: 'Political space: assembly, model before and after control',
    caption: 'Positions on the first two principal components (no unit) of utilities over the held-out policies. Control works when "after" sits closer to "assembly" than "before" does.',
    spec: scatter('Assembly, model before and after, entities', points, 'PC1 (principal component score)', 'PC2 (principal component score)', { labels: true, groupTitle: 'who' }),
  }] : [];
  return {
    id: 'control', title: 'Utility control', source,
    metrics: rows.slice(0, 4).map(([k, b, a]) => ({ label: k.replace(/_/g, ' '), value: `${fmt(b)} → ${fmt(a)}`, note: 'before → after' })),
    charts,
    tables: [{ name: 'control-before-after', title: 'Before and after control (held-out policies)', columns: ['measure', 'before', 'after', 'change'], rows }],
  };
}
