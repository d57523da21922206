// Dots with interval bars, one row per item: utilities with +-1.96 sigma, rates with intervals.
// Data rows: {label, value, low, high, group?}.

import type { ChartSpec } from '../types.js';
import { chartSpec, quant } from './base.js';

export interface IntervalRow {
  label: string;
  value: number;
  low: number;
  high: number;
  group?: string;
}

/** Horizontal dot-and-whisker chart; `log` puts the value axis on a log scale. */
export function intervalDots(title: string, rows: IntervalRow[], valueTitle: string, opts: { log?: boolean; groupTitle?: string } = {}): ChartSpec {
  const scale = opts.log ? { type: 'log' } : { zero: false };
  const y = { field: 'label', type: 'nominal', title: null, sort: { field: 'value', order: 'descending' }, axis: { labelLimit: 320 } };
  const color = rows.some((r) => r.group) ? { color: { field: 'group', type: 'nominal', title: opts.groupTitle ?? 'group' } } : {};
  return chartSpec(title, rows, {
    layer: [
      { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { y, x: quant('low', valueTitle, { scale }), x2: { field: 'high' }, ...color } },
      { mark: { type: 'point', filled: true, size: 50 }, encoding: { y, x: quant('value', valueTitle, { scale }), ...color } },
    ],
  }, { height: Math.max(120, 16 * rows.length) });
}
