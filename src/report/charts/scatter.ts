// Scatter of two quantities, optionally with the identity line y = x, a least-squares trend line,
// labels on the points and a colour per group. Data rows: {x, y, label?, group?}.

import type { ChartSpec } from '../types.js';
import { chartSpec, quant } from './base.js';

export interface ScatterPoint {
  x: number;
  y: number;
  label?: string;
  group?: string;
}

export interface ScatterOptions {
  identity?: boolean;
  trend?: boolean;
  labels?: boolean;
  logX?: boolean;
  groupTitle?: string;
  zero?: boolean;
}

/** Scatter plot spec. */
export function scatter(title: string, points: ScatterPoint[], xTitle: string, yTitle: string, opts: ScatterOptions = {}): ChartSpec {
  const xScale = opts.logX ? { type: 'log' } : { zero: opts.zero ?? false };
  const x = quant('x', xTitle, { scale: xScale });
  const y = quant('y', yTitle, { scale: { zero: opts.zero ?? false } });
  const color = points.some((p) => p.group) ? { color: { field: 'group', type: 'nominal', title: opts.groupTitle ?? 'group' } } : {};
  const layers: ChartSpec[] = [{ mark: { type: 'point', filled: true, size: 45, opacity: 0.8 }, encoding: { x, y, ...color } }];
  if (opts.identity) {
    // y = x across the range both axes share.
    const vals = points.flatMap((p) => [p.x, p.y]);
    const lo = Math.min(...vals), hi = Math.max(...vals);
    layers.unshift({ data: { values: [{ x: lo, y: lo }, { x: hi, y: hi }] }, mark: { type: 'line', strokeDash: [4, 4], color: '#888' }, encoding: { x, y } });
  }
  if (opts.trend && points.length >= 2) {
    layers.push({ transform: [{ regression: 'y', on: 'x', ...(opts.logX ? { method: 'log' } : {}) }], mark: { type: 'line', color: '#c44' }, encoding: { x, y } });
  }
  if (opts.labels) {
    layers.push({ mark: { type: 'text', align: 'left', dx: 6, dy: -4, fontSize: 10 }, encoding: { x, y, text: { field: 'label' } } });
  }
  return chartSpec(title, points, { layer: layers });
}
