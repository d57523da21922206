// Helpers for the experiment tests: a bad-input check through the built CLI (one line on stderr,
// exit status 2, nothing written).
import { existsSync } from 'node:fs';
import * as assert from 'uvu/assert';
import { runCli } from './run-helpers.js';

/** Runs `utility-engine experiment ...args --out out` and asserts a one-line refusal matching `pattern`. */
export async function assertRefused(args: string[], out: string, pattern: RegExp): Promise<void> {
  const r = await runCli(['experiment', ...args, '--out', out, '--quiet']);
  assert.is(r.status, 2, `exit status (stderr: ${r.stderr})`);
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.is(r.stdout, '');
  assert.not.ok(existsSync(out), 'nothing written');
}
