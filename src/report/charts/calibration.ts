// Reliability diagram: the observed share against the predicted probability per bin, point size by
// how many pairs the bin holds, with the identity line from 0 to 1 (perfect calibration).
// Data rows: {predicted, observed, count}.

import type { ChartSpec } from '../types.js';
import { chartSpec, quant } from './base.js';

export interface CalibrationPoint {
  predicted: number;
  observed: number;
  count: number;
}

/** Calibration chart spec; both axes span [0, 1] so a well-calibrated fit lies on the diagonal. */
export function calibrationChart(title: string, points: CalibrationPoint[], xTitle: string, yTitle: string): ChartSpec {
  const unit = { scale: { domain: [0, 1] } };
  const x = quant('predicted', xTitle, unit);
  const y = quant('observed', yTitle, unit);
  return chartSpec(title, points, {
    layer: [
      { data: { values: [{ predicted: 0, observed: 0 }, { predicted: 1, observed: 1 }] }, mark: { type: 'line', strokeDash: [4, 4], color: '#888' }, encoding: { x, y } },
      { mark: { type: 'line', color: '#4c78a8' }, encoding: { x, y } },
      { mark: { type: 'point', filled: true, color: '#4c78a8' }, encoding: { x, y, size: { field: 'count', type: 'quantitative', title: 'pairs in the bin', legend: { format: 'd', tickMinStep: 1 } } } },
    ],
  }, { width: 320, height: 320 });
}
