// The transitivity section: the histogram of triad cycle probabilities and the options that
// take part in the most cyclic triads, from transitivity.json.

import { histogram, type Bin } from '../charts/histogram.js';
import { fmt, get, list, num, pct } from '../format.js';
import type { Section } from '../types.js';

/** True when `data` is a transitivity experiment output. */
export function isTransitivity(data: unknown): boolean {
  return get(data, 'experiment') === 'transitivity' && Array.isArray(get(data, 'summary', 'histogram', 'counts'));
}

/**
 * Builds the transitivity section. transitivity.json names options by index into the outcome set;
 * `names` (from a run over the same outcomes in the folder) turns them into descriptions.
 */
export function transitivitySection(data: unknown, source: string, names?: Map<string, string>, prefix = ''): Section {
  const s = get(data, 'summary');
  const width = num(get(s, 'histogram', 'bin_width')) ?? 0.1;
  const bins: Bin[] = list(get(s, 'histogram', 'counts')).map((c, i) => ({ start: i * width, end: (i + 1) * width, count: num(c) ?? 0 }));
  // Each option's mean cycle probability over the triads it is in.
  const sums = new Map<string, { total: number; n: number }>();
  for (const t of list(get(data, 'triads'))) {
    const p = num(get(t, 'cycle_probability'));
    if (p === null) continue;
    for (const o of list(get(t, 'options'))) {
      const e = sums.get(String(o)) ?? { total: 0, n: 0 };
      e.total += p;
      e.n += 1;
      sums.set(String(o), e);
    }
  }
  const cyclic = [...sums.entries()].map(([id, e]) => ({ id, mean: e.total / e.n, n: e.n }))
    .sort((a, b) => b.mean * Math.min(b.n, 3) - a.mean * Math.min(a.n, 3) || b.mean - a.mean);
  const id = (prefix ? prefix + '-' : '') + 'transitivity';
  return {
    id, title: `Transitivity${prefix ? ` (${prefix})` : ''}`, source,
    metrics: [
      { label: 'mean cycle probability', value: fmt(get(s, 'mean_cycle_probability')), note: `± ${fmt(get(s, 'mean_cycle_probability_se'))} (s.e.)` },
      { label: 'hard-cycle fraction', value: pct(get(s, 'hard_cycle_fraction')), note: 'triads whose majority answers form a cycle' },
      { label: 'triads', value: fmt(get(s, 'triads')), note: `${fmt(get(s, 'outcomes'))} outcomes, ${fmt(get(s, 'pairs'))} pairs` },
    ],
    charts: [{
      title: 'Cycle probability of sampled triads',
      caption: `How many sampled triads (y, count) have each probability of answering in a cycle (x, probability from 0 to 1, bins of ${width}). A coherent model piles up at 0; mass to the right means intransitive preferences.`,
      spec: histogram('Cycle probability of sampled triads', bins, 'cycle probability (0–1)', 'triads (count)'),
    }],
    tables: [{
      name: `${id}-cyclic-options`, title: 'Most cyclic options (mean cycle probability of the triads they are in)', shownRows: 15,
      columns: ['option', ...(names ? ['description'] : []), 'mean_cycle_probability', 'triads'],
      rows: cyclic.map((c) => [c.id, ...(names ? [names.get(c.id) ?? ''] : []), c.mean, c.n]),
    }],
  };
}
