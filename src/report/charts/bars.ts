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
  // A log axis has no zero: bars rise from the power of ten below the smallest value shown.
  const smallest = Math.min(...rows.flatMap((r) => [r.value, r.low ?? Infinity]).filter((v) => v > 0));
  const base = Number.isFinite(smallest) ? 10 ** Math.floor(Math.log10(smallest)) : 1;
  const scale = opts.log ? { type: 'log', domainMin: base } : {};
  // Many categories read better as horizontal bars (labels stay horizontal and legible).
  const horizontal = rows.length > 12;
  const cat = { field: 'label', type: 'nominal', title: xTitle, sort: null, axis: horizontal ? { labelLimit: 240 } : { labelAngle: -30, labelLimit: 200 } };
  const [c, v, v2] = horizontal ? ['y', 'x', 'x2'] : ['x', 'y', 'y2'];
  const layers: ChartSpec[] = [{ mark: { type: 'bar', color: '#4c78a8' }, encoding: { [c]: cat, [v]: quant('value', yTitle, { scale }), ...(opts.log ? { [v2]: { datum: base } } : {}) } }];
  if (rows.some((r) => r.low !== undefined && r.high !== undefined)) {
    layers.push({ mark: { type: 'rule', strokeWidth: 1.5, color: '#222' }, encoding: { [c]: cat, [v]: quant('low', yTitle, { scale }), [v2]: { field: 'high' } } });
  }
  const size = horizontal ? { height: 16 * rows.length } : { width: Math.max(240, 48 * rows.length) };
  return chartSpec(title, rows, { layer: layers }, size);
}
