// A square matrix as coloured cells with the value written in (the convergence matrix, the
// framing correlation matrix). Data rows: {row, col, value}.

import type { ChartSpec } from '../types.js';
import { chartSpec } from './base.js';

export interface Cell {
  row: string;
  col: string;
  value: number;
}

/** Heatmap spec; `domain` fixes the colour scale (correlations: [-1, 1]); `axisTitle` names what the rows and columns are. */
export function heatmap(title: string, cells: Cell[], valueTitle: string, order: string[], domain: [number, number] = [-1, 1], axisTitle = 'model'): ChartSpec {
  const side = Math.max(160, Math.min(520, 44 * order.length));
  return chartSpec(title, cells, {
    encoding: {
      x: { field: 'col', type: 'nominal', sort: order, title: axisTitle, axis: { labelAngle: -40 } },
      y: { field: 'row', type: 'nominal', sort: order, title: axisTitle },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'value', type: 'quantitative', title: valueTitle, scale: { domain, scheme: 'blueorange' } } } },
      { mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'value', type: 'quantitative', format: '.2f' } } },
    ],
  }, { width: side, height: side });
}
