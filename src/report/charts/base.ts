// What every chart spec shares: size, fonts and the title. Kept tiny so each chart module stays
// a readable spec.

import type { ChartSpec } from '../types.js';

/** Default plot area in pixels (the SVG adds axes and legends around it). */
export const WIDTH = 560;
export const HEIGHT = 300;

/** Wraps layers or a single view in the shared top level: title, data, size, fonts. */
export function chartSpec(title: string, values: object[], view: ChartSpec, size: { width?: number; height?: number } = {}): ChartSpec {
  return {
    title: { text: title, anchor: 'start', fontSize: 14 },
    width: size.width ?? WIDTH,
    height: size.height ?? HEIGHT,
    data: { values },
    config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelLimit: 360 }, view: { stroke: '#ddd' } },
    ...view,
  };
}

/** A quantitative axis encoding with a title (units in the title). */
export function quant(field: string, title: string, extra: ChartSpec = {}): ChartSpec {
  return { field, type: 'quantitative', title, ...extra };
}
