// The portable half of the report: CSV text, section detection and chart specs as data (no
// rendering, no files).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../src/errors.js';
import { bars } from '../src/report/charts/bars.js';
import { buildSections } from '../src/report/build.js';
import { csvDataUrl, tableToCsv } from '../src/report/csv.js';
import { escapeHtml, renderPage } from '../src/report/html.js';

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

test.run();
