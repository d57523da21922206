import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { csvCell, failedRow, sweepCsv, withTriads } from '../src/node/sweep/model-summary.js';

const model = { name: 'm1', model: 'org/m', baseUrl: 'http://h/v1', metadata: { family: 'a, "b"', parameters: 7e9 } };

test('csv cells: RFC 4180 quoting, NaN and null as empty', () => {
  assert.is(csvCell('plain'), 'plain');
  assert.is(csvCell('a, "b"'), '"a, ""b"""');
  assert.is(csvCell('two\nlines'), '"two\nlines"');
  assert.is(csvCell(NaN), '');
  assert.is(csvCell(null), '');
  assert.is(csvCell(0.25), '0.25');
  assert.is(csvCell(false), 'false');
});

test('sweep.csv: one row per model, metadata columns as the union of keys', () => {
  const rows = [failedRow(model, new Error('endpoint said no\nsecond line'), 1.5), failedRow({ name: 'm2', model: 'synthetic', metadata: { scale: 2 } }, 'x', 0)];
  const lines = sweepCsv(rows).trimEnd().split('\n');
  assert.is(lines.length, 3);
  const header = lines[0].split(',');
  assert.equal(header.slice(-3), ['metadata.family', 'metadata.parameters', 'metadata.scale']);
  assert.ok(lines[1].startsWith('m1,failed,org/m,http://h/v1,'));
  assert.ok(lines[1].includes(',endpoint said no,'), 'errors keep their first line only');
  assert.ok(lines[1].endsWith(',"a, ""b""",7000000000,'));
  assert.ok(lines[2].endsWith(',,,2'));
});

test('withTriads adds the transitivity figures and their cost', () => {
  const row = { ...failedRow(model, 'x', 0), status: 'ok' as const, requests: 10, completions: 100, prompt_tokens: 1000, completion_tokens: 100 };
  const summary = {
    outcomes: 60, triads: 200, pairs: 590, mean_cycle_probability: 0.1, mean_cycle_probability_se: 0.01,
    hard_cyclic_triads: 4, hard_cycle_fraction: 0.02, histogram: { bin_width: 0.1, counts: [] },
  };
  const out = withTriads(row, summary, { requests: 5, completions: 50, cached_completions: 0, prompt_tokens: 500, completion_tokens: 50 });
  assert.is(out.triads, 200);
  assert.is(out.triad_cycle_probability, 0.1);
  assert.is(out.triad_hard_cycle_fraction, 0.02);
  assert.equal([out.requests, out.completions, out.prompt_tokens, out.completion_tokens], [15, 150, 1500, 150]);
});

test.run();
