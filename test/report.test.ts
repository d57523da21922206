// `utility-engine report`: one self-contained HTML page for a run, sweep or experiment folder made
// by the synthetic model; charts inline as SVG with drawn marks, tables downloadable as CSV, and
// one-line errors (exit 2, nothing written) for folders it cannot read.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { heldOutPredictions } from '../src/report/sections/run-calibration.js';
import { fmt } from '../src/report/format.js';
import { runCli } from './support/run-helpers.js';
import { assertWellFormedHtml, drawnMarkGroups, experimentFolder, runFolder, svgCharts, sweepFolder } from './support/report-helpers.js';

const root = mkdtempSync(join(tmpdir(), 'ue-report-'));
let runDir = '', sweepDir = '', expDir = '';

test.before(async () => {
  [runDir, sweepDir, expDir] = await Promise.all([runFolder(join(root, 'a')), sweepFolder(join(root, 'b')), experimentFolder(join(root, 'c'))]);
});
test.after(() => rmSync(root, { recursive: true, force: true }));

async function report(dir: string, ...flags: string[]): Promise<string> {
  const r = await runCli(['report', dir, ...flags]);
  assert.is(r.status, 0, r.stderr);
  const out = flags.includes('--out') ? flags[flags.indexOf('--out') + 1] : join(dir, 'report.html');
  assert.match(r.stdout, `report: ${out}`);
  assert.ok(existsSync(out), 'no report written');
  return readFileSync(out, 'utf8');
}

function assertSelfContained(html: string): void {
  assert.not.match(html, /https?:\/\//, 'the page refers to a URL');
  assert.not.match(html, /<(link|img|iframe)\b/, 'the page loads a resource');
  assert.not.match(html, /<script\b[^>]*\bsrc=/, 'the page loads a script');
}

function assertCharts(html: string, expected: number): void {
  const svgs = svgCharts(html);
  assert.is(svgs.length, expected, 'number of charts');
  assert.is((html.match(/<figcaption>/g) ?? []).length, expected, 'every chart has a caption');
  for (const [i, svg] of svgs.entries()) {
    assert.ok(drawnMarkGroups(svg) >= 1, `chart ${i + 1} draws no marks`);
    assert.match(svg, /role-title-text/, `chart ${i + 1} has no title`);
    assert.ok((svg.match(/role-axis-title/g) ?? []).length >= 1, `chart ${i + 1} has no axis title`);
  }
}

/** The CSV of every download link, decoded. */
function downloads(html: string): Map<string, string> {
  return new Map([...html.matchAll(/<a download="([^"]+)" href="data:text\/csv;charset=utf-8,([^"]+)"/g)].map((m) => [m[1], decodeURIComponent(m[2])]));
}

test('a run folder (run + transitivity): utilities, learning curve, calibration and cycle histogram, tables as CSV', async () => {
  const html = await report(runDir);
  assertWellFormedHtml(html);
  assertSelfContained(html);
  assertCharts(html, 4);
  assert.match(html, /id="run"/);
  assert.match(html, /id="transitivity"/);
  const csv = downloads(html);
  assert.ok(csv.has('run-utilities.csv') && csv.has('transitivity-cyclic-options.csv'), [...csv.keys()].join(', '));
  // The CSV holds every option, not just the rows shown on the page.
  const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as { options: unknown[]; utilities: Record<string, { mean: number }> };
  const lines = (csv.get('run-utilities.csv') as string).trim().split('\n');
  assert.is(lines[0], 'id,description,mean,sd,low95,high95');
  assert.is(lines.length - 1, results.options.length);
  const top = lines[1].split(',');
  assert.is(Number(top[top.length - 4]), Math.max(...Object.values(results.utilities).map((u) => u.mean)));
});

/** The run's answer statistics as statistic → value, from the page's CSV. */
function answerStats(html: string): Map<string, string> {
  const csv = downloads(html).get('run-answers.csv') as string;
  return new Map(csv.trim().split('\n').slice(1).map((l) => {
    const i = l.indexOf(',');
    return [l.slice(0, i), l.slice(i + 1)];
  }));
}

test('the run\'s answer statistics: position bias with its interval and p-value, replies cut by length', async () => {
  const html = await report(runDir);
  const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as {
    answers: { total: number; truncated: number };
    position_bias: { first_option_rate: number; first_option_rate_ci: [number, number]; p_value: number; parsed_answers: number; method: string };
  };
  const stats = answerStats(html);
  const bias = results.position_bias;
  assert.is(Number(stats.get('position_bias.first_option_rate')), bias.first_option_rate);
  assert.is(Number(stats.get('position_bias.first_option_rate_low95')), bias.first_option_rate_ci[0]);
  assert.is(Number(stats.get('position_bias.first_option_rate_high95')), bias.first_option_rate_ci[1]);
  assert.is(Number(stats.get('position_bias.p_value')), bias.p_value);
  assert.is(Number(stats.get('position_bias.parsed_answers')), bias.parsed_answers);
  assert.is(stats.get('position_bias.method'), bias.method);
  assert.is(Number(stats.get('truncated')), results.answers.truncated);
  assert.is(Number(stats.get('total')), results.answers.total);
  // The card shows the rate as a percentage with its interval.
  assert.match(html, `${(100 * bias.first_option_rate).toFixed(1)}%`);
  assert.match(html, `95% CI ${(100 * bias.first_option_rate_ci[0]).toFixed(1)}%–${(100 * bias.first_option_rate_ci[1]).toFixed(1)}%`);
  // The held-out accuracy card carries its interval.
  const held = (JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as { holdout_metrics: { accuracy_ci: [number, number]; level: number } }).holdout_metrics;
  assert.match(html, `${Math.round(held.level * 100)}% CI ${fmt(held.accuracy_ci[0])}–${fmt(held.accuracy_ci[1])}; `);
  // The synthetic model adapts no request and is never cut: neither appears.
  assert.not.ok([...stats.keys()].some((k) => k.startsWith('request_adaptation')));
  assert.not.match(html, 'cut at the length limit');
});

test('calibration: the held-out pairs binned by the fit\'s prediction, against the observed share, with the identity line', async () => {
  const html = await report(runDir);
  const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as {
    graph_data: { edges: Record<string, { probability_A: number; aux_data: { held_out: boolean } }> }; active_learning: { holdout_pairs: number };
  };
  const held = Object.values(results.graph_data.edges).filter((e) => e.aux_data.held_out);
  assert.is(held.length, results.active_learning.holdout_pairs);
  const bins = (downloads(html).get('run-calibration.csv') as string).trim().split('\n').map((l) => l.split(','));
  assert.equal(bins[0], ['bin_low', 'bin_high', 'pairs', 'mean_predicted', 'observed']);
  const rows = bins.slice(1).map((r) => r.map(Number));
  assert.ok(rows.length >= 1 && rows.length <= 10);
  // Every held-out pair falls in exactly one bin, its mean prediction inside the bin.
  assert.is(rows.reduce((s, r) => s + r[2], 0), held.length);
  for (const [low, high, , predicted, observed] of rows) {
    assert.ok(predicted >= low && predicted <= high, `mean prediction ${predicted} outside [${low}, ${high}]`);
    assert.ok(observed >= 0 && observed <= 1);
    assert.ok(Math.abs(high - low - 0.1) < 1e-12);
  }
  // The bins' observed shares, weighted by their pairs, average to the held-out labels' mean.
  const labelMean = held.reduce((s, e) => s + e.probability_A, 0) / held.length;
  assert.ok(Math.abs(rows.reduce((s, r) => s + r[2] * r[4], 0) / held.length - labelMean) < 1e-12);
  // The predictions are the fit's own: scored like the fit scores them (clipped log-loss,
  // accuracy at 0.5) they reproduce the held-out metrics the engine recorded.
  const predictions = heldOutPredictions(results);
  const clip = (p: number) => Math.min(1 - 1e-5, Math.max(1e-5, p));
  const logLoss = -predictions.reduce((s, q) => s + q.observed * Math.log(clip(q.predicted)) + (1 - q.observed) * Math.log(1 - clip(q.predicted)), 0) / predictions.length;
  const recorded = (results as unknown as { holdout_metrics: { log_loss: number; accuracy: number } }).holdout_metrics;
  assert.ok(Math.abs(logLoss - recorded.log_loss) < 1e-5 * Math.max(1, recorded.log_loss), `log-loss ${logLoss} vs recorded ${recorded.log_loss}`);
  assert.is(predictions.filter((q) => (q.predicted >= 0.5) === (q.observed >= 0.5)).length / predictions.length, recorded.accuracy);
  const svg = svgCharts(html).find((c) => c.includes('>Calibration on held-out pairs</text>'));
  assert.ok(svg, 'no calibration chart');
  assert.match(svg, />predicted P\(first option preferred\)<\/text>/);
  assert.match(svg, />observed share choosing it<\/text>/);
  assert.match(html, /<figcaption><strong>Calibration on the held-out pairs\.<\/strong>/);
});

test('request adaptations and cut replies recorded in results.json are listed in the run section', async () => {
  const dir = join(root, 'adapted');
  mkdirSync(dir);
  const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as Record<string, unknown> & { answers: { truncated: number } };
  results.answers.truncated = 7;
  results.request_adaptations = [{ adaptation: 'temperature', change: 'temperature 0.7 → 1 (the endpoint accepts only the default)', status: 400, message: 'Unsupported value: temperature', model: 'm', endpoint: 'e' }];
  writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
  const html = await report(dir);
  const stats = answerStats(html);
  assert.is(stats.get('request_adaptation.1'), 'temperature 0.7 → 1 (the endpoint accepts only the default) (HTTP 400: Unsupported value: temperature)');
  assert.is(stats.get('truncated'), '7');
  assert.match(html, 'replies cut at the length limit');
});

test('--out and --csv write the page where asked and every table as a CSV file', async () => {
  const out = join(root, 'elsewhere', 'page.html');
  const csvDir = join(root, 'csv');
  const html = await report(runDir, '--out', out, '--csv', csvDir);
  const files = readdirSync(csvDir).sort();
  assert.equal(files, [...downloads(html).keys()].sort());
  assert.is(readFileSync(join(csvDir, 'run-utilities.csv'), 'utf8'), downloads(html).get('run-utilities.csv'));
});

test('a sweep folder: metrics against the metadata axis with trend lines, convergence heatmap, models table', async () => {
  const html = await report(sweepDir);
  assertWellFormedHtml(html);
  assertSelfContained(html);
  // held-out accuracy, held-out log-loss, mean cycle probability against mmlu, and the heatmap.
  assertCharts(html, 4);
  assert.match(html, /against mmlu/);
  const models = (downloads(html).get('sweep-models.csv') as string).trim().split('\n');
  assert.is(models.length, 3);
  assert.match(models[0], /metadata\.mmlu/);
});

test('an experiment folder: exchange-rate bars on log axes, discount curves, lottery scatter', async () => {
  const html = await report(expDir);
  assertWellFormedHtml(html);
  assertSelfContained(html);
  // exchange rates (against the reference, in dollars), time discounting, expected utility.
  assertCharts(html, 4);
  for (const id of ['experiment-exchange-rates', 'experiment-time-discounting', 'experiment-expected-utility']) assert.match(html, `id="${id}"`);
  assert.match(html, /exponential exp\(−kt\)/);
  assert.match(html, /hyperbolic 1\/\(1\+kt\)/);
});

test('a folder with nothing it knows: one line naming what it looked for, exit 2, no report', async () => {
  const dir = join(root, 'empty');
  mkdirSync(dir);
  writeFileSync(join(dir, 'notes.json'), '{"hello": 1}');
  const r = await runCli(['report', dir]);
  assert.is(r.status, 2);
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /nothing to report.*results\.json.*sweep\.json.*experiment.*control\.json/);
  assert.not.ok(existsSync(join(dir, 'report.html')));
});

test('a corrupt JSON file inside: one line naming the file, exit 2, no report written', async () => {
  const dir = join(root, 'corrupt');
  cpSync(runDir, dir, { recursive: true });
  rmSync(join(dir, 'report.html'), { force: true });
  writeFileSync(join(dir, 'transitivity.json'), '{"experiment": "transitivity", "summary": {');
  const r = await runCli(['report', dir, '--csv', join(dir, 'csv')]);
  assert.is(r.status, 2);
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, 'transitivity.json');
  assert.not.ok(existsSync(join(dir, 'report.html')));
  assert.not.ok(existsSync(join(dir, 'csv')));
});

test('--report on run and experiment writes the page at the end and prints its path', async () => {
  const dir = join(root, 'with-report');
  const outcomes = join(root, 'a', 'outcomes-20.json');
  const run = await runCli(['run', '--model', 'synthetic', '--quiet', '--k', '4', '--outcomes', outcomes, '--out', dir, '--report']);
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, `report: ${join(dir, 'report.html')} (1 sections, 3 charts)`);
  const exp = await runCli(['experiment', 'transitivity', '--model', 'synthetic', '--quiet', '--k', '4', '--outcomes', outcomes, '--triads', '20', '--out', dir, '--report']);
  assert.is(exp.status, 0, exp.stderr);
  // The second report covers both: the run and the experiment written into the same folder.
  assert.match(exp.stdout, `report: ${join(dir, 'report.html')} (2 sections, 4 charts)`);
  assertCharts(readFileSync(join(dir, 'report.html'), 'utf8'), 4);
});

test.run();
