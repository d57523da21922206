// `utility-engine report` on a folder of the remaining experiments (political, power-seeking,
// corrigibility, maximization, instrumental), made by the synthetic model at
// small sizes: each gets its section, its charts with drawn marks, and its tables.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './support/run-helpers.js';
import { assertWellFormedHtml, controlFolder, drawnMarkGroups, moreExperimentsFolder, svgCharts } from './support/report-helpers.js';
import { writeOutcomes } from './support/run-helpers.js';

const root = mkdtempSync(join(tmpdir(), 'ue-report-more-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

test('political map, power and corrigibility scatters, top-k rates, instrumental losses', async () => {
  const dir = await moreExperimentsFolder(root);
  const r = await runCli(['report', dir]);
  assert.is(r.status, 0, r.stderr);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assertWellFormedHtml(html);
  assert.not.match(html, /https?:\/\//);
  const expected: Record<string, number> = {
    political: 2, 'power-seeking': 1, corrigibility: 1, maximization: 1, instrumental: 2,
  };
  const sections = html.split(/<section id="/).slice(1);
  assert.equal(sections.map((s) => s.slice(0, s.indexOf('"'))).sort(), Object.keys(expected).map((n) => `experiment-${n}`).sort());
  for (const s of sections) {
    const name = s.slice('experiment-'.length, s.indexOf('"'));
    const svgs = svgCharts(s);
    assert.is(svgs.length, expected[name], `${name}: charts`);
    for (const svg of svgs) assert.ok(drawnMarkGroups(svg) >= 1, `${name}: a chart draws no marks`);
    assert.match(s, `download="${name}-summary.csv"`);
  }
  // The political map labels the model and every entity.
  const political = JSON.parse(readFileSync(join(dir, 'political.json'), 'utf8')) as { summary: { pca: { coordinates: Array<{ name: string }> } } };
  const map = svgCharts(sections.find((s) => s.startsWith('experiment-political')) as string)[0];
  for (const { name } of political.summary.pca.coordinates) assert.match(map, `>${name.replace(/&/g, '&amp;')}</text>`);
});

test('control evaluate: the before/after table as on control.json, and the PCA positions', async () => {
  const dir = await controlFolder(root);
  const r = await runCli(['report', dir]);
  assert.is(r.status, 0, r.stderr);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assertWellFormedHtml(html);
  assert.match(html, '<section id="control">');
  const svgs = svgCharts(html);
  assert.is(svgs.length, 1);
  assert.ok(drawnMarkGroups(svgs[0]) >= 1);
  for (const who of ['assembly', 'before', 'after']) assert.match(svgs[0], `>${who}</text>`);
  const control = JSON.parse(readFileSync(join(dir, 'control.json'), 'utf8')) as { summary: Record<string, { before: number; after: number; change: number }> };
  const csv = /download="control-before-after\.csv" href="data:text\/csv;charset=utf-8,([^"]+)"/.exec(html);
  assert.ok(csv, 'no CSV link for the before/after table');
  const rows = decodeURIComponent(csv[1]).trim().split('\n').slice(1).map((l) => l.split(','));
  assert.equal(rows.map((r) => r[0]), Object.keys(control.summary));
  for (const [name, before, after, change] of rows) {
    assert.equal([Number(before), Number(after), Number(change)], [control.summary[name].before, control.summary[name].after, control.summary[name].change]);
  }
});

test('framing: the correlation matrix between framings as a heatmap, the least stable outcomes and each fit as tables', async () => {
  const dir = join(root, 'framing');
  // 8 outcomes under the 7 built-in framings, with a planted framing sensitivity so the matrix is not all ones.
  const exp = await runCli(['experiment', 'framing', '--model', 'synthetic', '--quiet', '--k', '4', '--outcomes', writeOutcomes(root, 20), '--sample', '8',
    '--synthetic-framing-sensitivity', '1', '--out', dir]);
  assert.is(exp.status, 0, exp.stderr);
  const r = await runCli(['report', dir]);
  assert.is(r.status, 0, r.stderr);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assertWellFormedHtml(html);
  assert.match(html, '<section id="experiment-framing">');
  const framing = JSON.parse(readFileSync(join(dir, 'framing.json'), 'utf8')) as {
    summary: { framings: string[]; pairwise_pearson: number[][]; mean_pearson: number; most_unstable_outcomes: Array<{ outcome: string; spread: number; utilities: Record<string, number> }> };
    fits: Record<string, { holdout_metrics: { accuracy: number }; pairs: number }>;
  };
  const { framings, pairwise_pearson: matrix } = framing.summary;
  const svgs = svgCharts(html);
  assert.is(svgs.length, 1);
  const [svg] = svgs;
  assert.ok(drawnMarkGroups(svg) >= 1);
  assert.match(svg, />Pearson r of utilities between framings<\/text>/);
  assert.is((svg.match(/role-axis-title[^>]*>[\s\S]*?>framing<\/text>/g) ?? []).length, 2, 'both axes are titled "framing"');
  for (const name of framings) assert.match(svg, `>${name}</text>`);
  // One cell per pair of framings, each with its r written in.
  // (d3-format writes negatives with a true minus sign.)
  const written = [...svg.matchAll(/>([−-]?\d\.\d\d)<\/text>/g)].map((m) => m[1].replace('−', '-')).sort();
  assert.equal(written, matrix.flat().map((v) => v.toFixed(2)).sort());
  assert.match(html, /<figcaption><strong>Agreement of utilities across framings\.<\/strong>[^<]*Mean r over the distinct pairs: /);
  const csv = (name: string) => {
    const m = new RegExp(`download="${name}\\.csv" href="data:text/csv;charset=utf-8,([^"]+)"`).exec(html);
    assert.ok(m, `no CSV for ${name}`);
    return decodeURIComponent(m[1]).trim().split('\n').map((l) => l.split(','));
  };
  const unstable = csv('framing-unstable-outcomes');
  assert.equal(unstable[0], ['outcome', 'spread', ...framings]);
  const listed = framing.summary.most_unstable_outcomes;
  assert.is(unstable.length - 1, listed.length);
  for (const [i, row] of unstable.slice(1).entries()) {
    assert.is(Number(row[row.length - framings.length - 1]), listed[i].spread);
    assert.equal(row.slice(-framings.length).map(Number), framings.map((f) => listed[i].utilities[f]));
  }
  const fits = csv('framing-fits');
  assert.equal(fits.slice(1).map((row) => [row[0], Number(row[1]), Number(row[3])]), framings.map((f) => [f, framing.fits[f].holdout_metrics.accuracy, framing.fits[f].pairs]));
});

test.run();
