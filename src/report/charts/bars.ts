// Vertical bars per category with optional interval whiskers, optionally on a log axis
// (exchange rates, top-k rates). Data rows: {label, value, low?, high?}.

import type { ChartSpec } from '../types.js';
import { chartSpec, quant } from './base.js';

export interface BarRow {
  label: string;
  value: number;
  low?: number;
  high?: number;
}

/** Bar chart spec; on a log axis the bars start at the smallest tick instead of zero. */
export function bars(title: string, rows: BarRow[], xTitle: string, yTitle: string, opts: { log?: boolean } = {}): ChartSpec {
  const scale = opts.log ? { type: 'log' } : {};
  const x = { field: 'label', type: 'nominal', title: xTitle, sort: null, axis: { labelAngle: -30, labelLimit: 200 } };
  const layers: ChartSpec[] = [{ mark: { type: 'bar', color: '#4c78a8' }, encoding: { x, y: quant('value', yTitle, { scale }) } }];
  if (rows.some((r) => r.low !== undefined && r.high !== undefined)) {
    layers.push({ mark: { type: 'rule', strokeWidth: 1.5, color: '#222' }, encoding: { x, y: quant('low', yTitle, { scale }), y2: { field: 'high' } } });
  }
  return chartSpec(title, rows, { layer: layers }, { width: Math.max(240, 48 * rows.length) });
}
