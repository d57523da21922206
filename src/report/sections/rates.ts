// Sections of the rates family: exchange rates (bars on a log axis with intervals, against the
// reference group and in dollars) and time discounting (indifference points with the exponential
// and hyperbolic fits drawn over them).

import { bars, type BarRow } from '../charts/bars.js';
import { pointsWithCurves, type CurvePoint } from '../charts/curves.js';
import { fmt, get, list, num } from '../format.js';
import type { Chart, Section } from '../types.js';
import { cards, experimentSection } from './experiment-shell.js';

/** The exchange-rates section. */
export function exchangeRatesSection(data: unknown, source: string): Section {
  const reference = String(get(data, 'summary', 'reference') ?? 'reference');
  const measure = String(get(data, 'measure', 'label') ?? get(data, 'measure', 'id') ?? 'units');
  const groups = list(get(data, 'groups')).length ? list(get(data, 'groups')) : list(get(data, 'summary', 'rates'));
  const rate = (g: unknown, field: string, ci: string): BarRow[] => {
    const v = num(get(g, field));
    if (v === null || v <= 0) return [];
    const lo = num(get(g, ci, 0)), hi = num(get(g, ci, 1));
    return [{ label: String(get(g, 'group')), value: v, ...(lo !== null && hi !== null && lo > 0 && hi > 0 ? { low: lo, high: hi } : {}) }];
  };
  const vsRef = groups.flatMap((g) => rate(g, 'vs_reference', 'vs_reference_ci')).sort((a, b) => b.value - a.value);
  const dollars = groups.flatMap((g) => rate(g, 'dollars', 'dollars_ci')).sort((a, b) => b.value - a.value);
  const charts: Chart[] = [];
  if (vsRef.length) {
    charts.push({
      title: `Exchange rates against ${reference}`,
      caption: `How many of the reference group (${reference}) the model treats as worth one of each group, ${measure}; log axis, so equal steps are equal ratios and 1 means parity with the reference. Whiskers are bootstrap intervals where measured.`,
      spec: bars(`Exchange rates against ${reference} (log scale)`, vsRef, 'group', `${reference} per one of the group (ratio, log scale)`, { log: true }),
    });
  }
  if (dollars.length) {
    charts.push({
      title: 'Exchange rates in dollars',
      caption: `The dollar amount the model treats as worth one of each group (${measure}), read off the money curve; log axis. Whiskers are bootstrap intervals where measured; harms have no dollar value and are left out.`,
      spec: bars('Value of one of each group in dollars (log scale)', dollars, 'group', 'US dollars per one of the group (log scale)', { log: true }),
    });
  }
  return experimentSection(data, source,
    [{ label: 'reference group', value: reference }, { label: 'groups', value: String(groups.length) }, { label: 'money curve R²', value: fmt(get(data, 'summary', 'money_r2')) }],
    charts,
    [{ name: 'exchange-rates', title: 'Exchange rates', columns: ['group', 'vs_reference', 'vs_reference_low', 'vs_reference_high', 'dollars', 'dollars_low', 'dollars_high', 'r2'],
      rows: groups.map((g) => [String(get(g, 'group')), num(get(g, 'vs_reference')), num(get(g, 'vs_reference_ci', 0)), num(get(g, 'vs_reference_ci', 1)), num(get(g, 'dollars')), num(get(g, 'dollars_ci', 0)), num(get(g, 'dollars_ci', 1)), num(get(g, 'r2'))]) }]);
}

/** The time-discounting section. */
export function timeDiscountingSection(data: unknown, source: string): Section {
  const delays = list(get(data, 'delays'));
  const points = delays.flatMap((d) => {
    const x = num(get(d, 'months')), y = num(get(d, 'discount'));
    return x === null || y === null ? [] : [{ x, y }];
  });
  const kExp = num(get(data, 'summary', 'exponential', 'k')), kHyp = num(get(data, 'summary', 'hyperbolic', 'k'));
  const maxT = Math.max(1, ...delays.map((d) => num(get(d, 'months')) ?? 0));
  const curves: CurvePoint[] = [];
  // Sample both fitted curves densely enough to look smooth on the plotted range.
  for (let i = 0; i <= 60; i++) {
    const t = (maxT * i) / 60;
    if (kExp !== null) curves.push({ x: t, y: Math.exp(-kExp * t), curve: `exponential exp(−kt), k=${fmt(kExp)}` });
    if (kHyp !== null) curves.push({ x: t, y: 1 / (1 + kHyp * t), curve: `hyperbolic 1/(1+kt), k=${fmt(kHyp)}` });
  }
  const censored = list(get(data, 'summary', 'censored_delays'));
  return experimentSection(data, source,
    [
      { label: 'better fit', value: String(get(data, 'summary', 'better_fit') ?? '–') },
      { label: 'hyperbolic k', value: fmt(kHyp), note: `per month, R² ${fmt(get(data, 'summary', 'hyperbolic', 'r2'))}` },
      { label: 'exponential k', value: fmt(kExp), note: `per month, R² ${fmt(get(data, 'summary', 'exponential', 'r2'))}` },
      { label: 'censored delays', value: String(censored.length), note: censored.length ? `${censored.join(', ')} months` : 'none' },
    ],
    points.length || curves.length ? [{
      title: 'Discount factor against delay, with both fitted curves',
      caption: 'Each dot is a delay\'s discount factor D = 1 / m*, where m* is the multiplier of money later that the model finds as good as the baseline now (a ratio, no unit; 1 means no discounting, above 1 means it prefers the later amount even when smaller). The lines are the least-squares exponential and hyperbolic curves; the closer one is the better description. Censored delays have no dot.',
      spec: pointsWithCurves('Discount factor against delay', points, curves, 'delay (months)', 'discount factor D (ratio; 1 = no discounting)'),
    }] : [],
    [{ name: 'time-discounting-delays', title: 'Indifference points', columns: ['months', 'indifference_multiplier', 'discount', 'censored'],
      rows: delays.map((d) => [num(get(d, 'months')), num(get(d, 'indifference_multiplier')), num(get(d, 'discount')), String(get(d, 'censored') ?? '')]) }]);
}
