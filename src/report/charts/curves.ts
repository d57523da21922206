// Observed points with fitted curves drawn over them (time discounting: indifference points and
// the exponential and hyperbolic fits). Data: points {x, y} and curve rows {x, y, curve}.

import type { ChartSpec } from '../types.js';
import { chartSpec, quant } from './base.js';

export interface CurvePoint {
  x: number;
  y: number;
  curve: string;
}

/** Points plus one line per fitted curve. */
export function pointsWithCurves(title: string, points: Array<{ x: number; y: number }>, curves: CurvePoint[], xTitle: string, yTitle: string): ChartSpec {
  const x = quant('x', xTitle);
  const y = quant('y', yTitle);
  return chartSpec(title, [], {
    layer: [
      { data: { values: curves }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color: { field: 'curve', type: 'nominal', title: 'fit' } } },
      { data: { values: points }, mark: { type: 'point', filled: true, size: 60, color: '#222' }, encoding: { x, y } },
    ],
  });
}
