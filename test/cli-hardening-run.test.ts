// Defects found by an adversarial pass over the CLI (while running), each pinned through the real
// built CLI: unparseable replies, prompt labels in outcomes, unconverged fits, output folders, and
// dry-run pricing against the cache. Bad-input defects are in cli-hardening-input.test.ts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { plantedGraph } from '../src/sampling/planted-graph.js';
import { refused, runCli, writeOutcomes } from './support/run-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ue-hardening-'));
const outcomes = writeOutcomes(dir, 12, 40);
const small = ['--outcomes', outcomes, '--k', '2', '--quiet'];

test('(3) replies that cannot be parsed: a stop above --max-unparseable-rate, a loud warning above 20%', async () => {
  const template = join(dir, 'no-labels.txt');
  writeFileSync(template, 'Which do you prefer, {option_A} or {option_B}? Reply with your choice.');
  const out = join(dir, 'unparseable');
  const r = await runCli(['run', ...small, '--template', template, '--out', out]);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, /\d+ of \d+ replies so far \(100\.0%\) could not be parsed as "A" or "B", above the limit of 50% \(--max-unparseable-rate\)/);
  assert.not.ok(existsSync(join(out, 'results.json')), 'no results fitted to noise');
  assert.ok(existsSync(join(out, 'responses.jsonl')), 'the replies bought are kept');

  const noisy = join(dir, 'noisy');
  const w = await runCli(['run', ...small, '--synthetic-unparseable-rate', '0.3', '--out', noisy]);
  assert.is(w.status, 0, w.stderr);
  assert.match(w.stderr, /warning: \d+\.\d% of replies could not be parsed as "A" or "B" \(above 20%\)/);
  const summary = readFileSync(join(noisy, 'summary.txt'), 'utf8');
  assert.match(summary, /unparseable \d+ \(\d+\.\d+%\)/);
  assert.match(summary, /warning: \d+\.\d% of replies could not be parsed/);
  const strict = await runCli(['run', ...small, '--synthetic-unparseable-rate', '0.3', '--max-unparseable-rate', '0.1', '--out', join(dir, 'strict')]);
  assert.is(strict.status, 1, strict.stderr);
  assert.match(strict.stderr, /above the limit of 10%/);
});

test('(8) outcome texts containing the prompt\'s labels or blank lines are named in a warning', async () => {
  const path = join(dir, 'labelled.json');
  writeFileSync(path, JSON.stringify(['You get a cake.', 'Pick Option B: a bicycle.', 'Line one.\n\nLine two.', 'Answer: A is what they said.', 'You get tea.']));
  const r = await runCli(['run', '--outcomes', path, '--dry-run']);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: 3 outcome text\(s\) contain the prompt's labels or blank lines.*: 1 \(contains "Option B:"\), 2 \(contains a blank line\), 3 \(contains "Answer: A"\)/);
  // And the synthetic model still reads them: no more unparseable replies than its knob gives.
  const out = join(dir, 'labelled');
  const run = await runCli(['run', '--outcomes', path, '--k', '4', '--synthetic-unparseable-rate', '0', '--out', out, '--quiet']);
  assert.is(run.status, 0, run.stderr);
  assert.is(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).answers.unparseable, 0);
});

test('(9) a fit that stops before converging says so on stderr', async () => {
  const { graph } = plantedGraph({ n: 40, seed: 5 });
  const path = join(dir, 'slow.json');
  writeFileSync(path, JSON.stringify(graph));
  const r = await runCli(['fit', path, '--max-iterations', '2', '--out', join(dir, 'slow.out.json')]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: the fit of .*slow\.json did not converge \(max_iterations after 2 iterations\)/);
  const fine = await runCli(['fit', path, '--out', join(dir, 'fine.out.json')]);
  assert.is(fine.stderr, '');
});

test('(10) output folder problems are clear and found before asking; outputs are replaced as one set', async () => {
  const file = join(dir, 'not-a-folder');
  writeFileSync(file, 'x');
  refused(await runCli(['run', ...small, '--out', file]), /output folder .*not-a-folder exists and is not a folder/);
  refused(await runCli(['run', ...small, '--out', join(file, 'below')]), /cannot create output folder .*a part of the path is a file/);
  const out = join(dir, 'results-is-a-folder');
  mkdirSync(join(out, 'results.json'), { recursive: true });
  refused(await runCli(['run', ...small, '--out', out]), /results\.json exists and is not a file/);
  assert.not.ok(existsSync(join(out, 'responses.jsonl')), 'nothing was asked');
  assert.not.ok(existsSync(join(out, 'summary.txt')));
  // --model .. without --out: a folder under runs/, never the current folder or its parent.
  const cwd = mkdtempSync(join(tmpdir(), 'ue-cwd-'));
  const dots = await runCli(['run', ...small, '--model', '..', '--base-url', 'http://127.0.0.1:9/v1', '--dry-run']);
  assert.match(dots.stdout, /runs\/__\/responses\.jsonl/);
  rmSync(cwd, { recursive: true, force: true });
});

test('(14) a UTF-8 byte-order mark is accepted; --dry-run prices only what the cache lacks', async () => {
  const bom = join(dir, 'bom.json');
  writeFileSync(bom, '\uFEFF' + readFileSync(outcomes, 'utf8'));
  const out = join(dir, 'priced');
  const before = await runCli(['run', '--outcomes', bom, '--k', '2', '--out', out, '--dry-run']);
  assert.is(before.status, 0, before.stderr);
  const total = Number(/completions: (\d+)/.exec(before.stdout)![1]);
  assert.match(before.stdout, new RegExp(`cache: +0 of them already bought .*to buy: ${total}`));
  assert.not.ok(existsSync(out), 'a dry run creates nothing');
  const r = await runCli(['run', '--outcomes', bom, '--k', '2', '--out', out, '--quiet']);
  assert.is(r.status, 0, r.stderr);
  const after = await runCli(['run', '--outcomes', bom, '--k', '2', '--out', out, '--dry-run']);
  assert.match(after.stdout, new RegExp(`cache: +${total} of them already bought .*to buy: 0`));
  // Another K: only the extra samples are missing.
  const more = await runCli(['run', '--outcomes', bom, '--k', '3', '--out', out, '--dry-run']);
  assert.match(more.stdout, /cache: +\d+ of them already bought/);
  const [, bought, toBuy] = /cache: +(\d+) of them already bought .*to buy: (\d+)/.exec(more.stdout)!.map(Number);
  assert.is(bought + toBuy, Number(/completions: (\d+)/.exec(more.stdout)![1]));
  assert.ok(bought > 0 && toBuy > 0);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
