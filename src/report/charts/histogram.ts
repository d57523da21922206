// Bars over pre-binned counts (the cycle-probability histogram). Data rows: {start, end, count}.

import type { ChartSpec } from '../types.js';
import { chartSpec, quant } from './base.js';

export interface Bin {
  start: number;
  end: number;
  count: number;
}

/** Histogram of already-counted bins. */
export function histogram(title: string, bins: Bin[], xTitle: string, yTitle: string): ChartSpec {
  return chartSpec(title, bins, {
    mark: { type: 'bar', color: '#4c78a8' },
    encoding: { x: quant('start', xTitle, { bin: { binned: true, step: bins.length ? bins[0].end - bins[0].start : 0.1 } }), x2: { field: 'end' }, y: quant('count', yTitle) },
  });
}
