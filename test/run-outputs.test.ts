// A run's output files: written as one set (a failure leaves the previous set whole), and the
// warnings a reader must see (an unconverged fit, many unparseable replies) in summary.txt.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultOutcomes } from '../src/outcomes/outcomes.js';
import { writeFilesAtomic } from '../src/node/cli-support.js';
import { formatSummary, runWarnings, writeRunOutputs } from '../src/node/run/results.js';
import { runUtilities } from '../src/node/run/run-utilities.js';

const dir = mkdtempSync(join(tmpdir(), 'ue-outputs-'));
const outcomes = defaultOutcomes().options.filter((_, i) => i % 40 === 0).slice(0, 12);

test('a set of files is replaced whole or not at all', () => {
  const a = join(dir, 'a.txt');
  const b = join(dir, 'b.txt');
  writeFilesAtomic([{ path: a, content: 'a1' }, { path: b, content: 'b1' }]);
  assert.is(readFileSync(a, 'utf8') + readFileSync(b, 'utf8'), 'a1b1');
  // The second file cannot be written (its folder is a file): the first keeps its old content.
  writeFileSync(join(dir, 'blocker'), 'x');
  assert.throws(() => writeFilesAtomic([{ path: a, content: 'a2' }, { path: join(dir, 'blocker', 'c.txt'), content: 'c2' }]));
  assert.is(readFileSync(a, 'utf8'), 'a1');
  assert.not.ok(existsSync(`${a}.${process.pid}.tmp`), 'no temporary file left behind');
});

test('summary.txt and the warnings note an unconverged fit and many unparseable replies', async () => {
  const results = await runUtilities({ outcomes, k: 2, synthetic: { unparseableRate: 0.3 } });
  assert.ok(results.answers.unparseable_rate > 0.2);
  assert.equal(runWarnings(results).length, 1);
  const unconverged = { ...results, fit: { ...results.fit, converged: false, stop_reason: 'max_iterations' as const, iterations: 2000 } };
  const warnings = runWarnings(unconverged);
  assert.is(warnings.length, 2);
  assert.match(warnings[1], /the final fit did not converge \(max_iterations after 2000 iterations\)/);
  assert.match(formatSummary(unconverged), /warning: the final fit did not converge/);
  const out = join(dir, 'run');
  mkdirSync(out);
  const written = writeRunOutputs(out, unconverged);
  assert.equal(written.map((p) => p.slice(out.length + 1)), ['synthetic-truth.json', 'utilities.json', 'summary.txt', 'results.json']);
  assert.match(readFileSync(join(out, 'summary.txt'), 'utf8'), /warning: \d+\.\d% of replies could not be parsed/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
