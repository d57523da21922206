// Lines over an ordered x (active-learning rounds): one line per series.
// Data rows: {x, y, series}.

import type { ChartSpec } from '../types.js';
import { chartSpec, quant } from './base.js';

export interface LinePoint {
  x: number;
  y: number;
  series: string;
}

/** Multi-series line chart with points. */
export function lineChart(title: string, points: LinePoint[], xTitle: string, yTitle: string, seriesTitle = 'series'): ChartSpec {
  return chartSpec(title, points, {
    mark: { type: 'line', point: true },
    encoding: {
      x: quant('x', xTitle, { axis: { tickMinStep: 1 } }),
      y: quant('y', yTitle, { scale: { zero: false } }),
      color: { field: 'series', type: 'nominal', title: seriesTitle },
    },
  });
}
