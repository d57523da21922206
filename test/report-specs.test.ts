// The portable half of the report: CSV text, section detection and chart specs as data (no
// rendering, no files).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../src/errors.js';
import { bars } from '../src/report/charts/bars.js';
import { buildSections } from '../src/report/build.js';
import { csvDataUrl, tableToCsv } from '../src/report/csv.js';
import { escapeHtml, renderPage } from '../src/report/html.js';
import { calibrationBins, predictedProbability } from '../src/report/sections/run-calibration.js';

test('CSV quotes commas, quotes and newlines, and leaves missing or non-finite cells empty', () => {
  const csv = tableToCsv({ name: 't', title: 'T', columns: ['a', 'b'], rows: [['x, "y"', 1.5], ['two\nlines', null], ['n', Number.NaN]] });
  assert.is(csv, 'a,b\n"x, ""y""",1.5\n"two\nlines",\nn,\n');
  assert.is(decodeURIComponent(csvDataUrl({ name: 't', title: 'T', columns: ['a'], rows: [['#1 & 2']] }).split(',').slice(1).join(',')), 'a\n#1 & 2\n');
});

test('sections follow the files present; nothing recognisable is an InputError naming what was looked for', () => {
  assert.throws(() => buildSections([{ path: 'x.json', data: { a: 1 } }], 'DIR'), (e: Error) => e instanceof InputError && /nothing to report in DIR: looked for results\.json/.test(e.message));
  const experiment = { experiment: 'made-up', summary: { score: 0.5, nested: { k: 2 } } };
  const [s] = buildSections([{ path: 'made-up.json', data: experiment }], 'DIR');
  assert.is(s.id, 'experiment-made-up');
  assert.is(s.charts.length, 0);
  assert.equal(s.tables[0].rows, [['score', 0.5], ['nested.k', 2]]);
});

test('log-axis bars start at the power of ten below the smallest value or interval end', () => {
  const spec = bars('t', [{ label: 'a', value: 0.3, low: 0.04, high: 0.5 }, { label: 'b', value: 20 }], 'g', 'ratio', { log: true }) as { layer: Array<{ encoding: Record<string, { datum?: number; scale?: { domainMin?: number } }> }> };
  assert.is(spec.layer[0].encoding.y2.datum, 0.01);
  assert.is(spec.layer[0].encoding.y.scale?.domainMin, 0.01);
});

test('the page escapes text and carries each table once with its download link', () => {
  const html = renderPage('<T>', 's', [{ id: 'x', title: 'a & b', source: 'f.json', metrics: [], charts: [], tables: [{ name: 'tab', title: 'Tab', columns: ['c'], rows: [['<b>']] }] }], () => '');
  assert.match(html, '<h2>a &amp; b</h2>');
  assert.match(html, '<td>&lt;b&gt;</td>');
  assert.not.match(html, '<b>');
  assert.is((html.match(/download="tab\.csv"/g) ?? []).length, 1);
  assert.is(escapeHtml(`"'`), '&quot;&#39;');
});

test('calibration bins: width 0.1, mean prediction and observed share per bin, empty bins left out, P = 1 in the last bin', () => {
  const bins = calibrationBins([{ predicted: 0.02, observed: 0 }, { predicted: 0.08, observed: 0.5 }, { predicted: 0.55, observed: 1 }, { predicted: 1, observed: 1 }, { predicted: 0.95, observed: 0 }]);
  assert.equal(bins.map((b) => [b.low, b.high, b.count]), [[0, 0.1, 2], [0.5, 0.6, 1], [0.9, 1, 2]]);
  assert.ok(Math.abs(bins[0].predicted - 0.05) < 1e-15);
  assert.is(bins[0].observed, 0.25);
  assert.is(bins[2].observed, 0.5);
});

test('predicted P: Phi of the standardised difference (Thurstonian, Case V), logistic on the raw scale (Bradley-Terry)', () => {
  const a = { mean: 1, variance: 0.5 }, b = { mean: 0, variance: 0.5 };
  assert.ok(Math.abs(predictedProbability('thurstonian', a, b) - 0.8413447460685429) < 1e-6); // Phi(1)
  assert.ok(Math.abs(predictedProbability('thurstonian', b, a) - (1 - 0.8413447460685429)) < 1e-6);
  // Bradley-Terry records the Gumbel variance pi^2/6 on the raw scale: variance pi^2/6 means the scale is 1.
  const v = Math.PI ** 2 / 6;
  assert.ok(Math.abs(predictedProbability('bradley-terry', { mean: 2, variance: v }, { mean: 0, variance: v }) - 1 / (1 + Math.exp(-2))) < 1e-12);
});

test.run();
