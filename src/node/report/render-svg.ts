// Renders a report chart (a vega-lite spec kept as data) to SVG markup in Node: compiled by
// vega-lite, run by a vega View with no renderer (no browser, no canvas), exported with toSVG().
// Without the optional `canvas` package vega estimates text widths, which is enough for layout;
// the labels are real <text> elements either way.

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../../report/types.js';

/**
 * The chart's SVG, ready to inline in HTML: the XML namespace declarations are dropped (HTML
 * parsers put inline <svg> in the SVG namespace anyway) so the page carries no URL at all.
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const compiled = compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn });
  try {
    const svg = await view.toSVG();
    return svg.replace(/\s+xmlns(:xlink)?="[^"]*"/g, '').replace(/<svg /, '<svg role="img" ');
  } finally {
    view.finalize();
  }
}
