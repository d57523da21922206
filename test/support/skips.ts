// Tests that cannot run where they are run (no Chromium, no python3/NumPy) must not pass in
// silence. `testIf` registers such a test with uvu's own `test.skip`, so uvu counts it under
// "Skipped" and never under "Passed", and prints its name and the reason at once and again after
// uvu's summary. `.ci/run` reads the count and fails when it is not zero.
import type { Test } from 'uvu';

/** Why tests were skipped in this process, in order: name and reason. */
const skipped: Array<{ name: string; reason: string }> = [];

let listening = false;

/** The line `.ci/run` looks for; one per skipped test. */
export const SKIP_LINE_PREFIX = 'SKIPPED TEST:';

/**
 * `test` when `reason` is undefined (the requirement is met), else a registrar that records the
 * test as skipped with the reason.
 * @example
 * const needsChromium = testIf(test, existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM}`);
 * needsChromium('fits in the page', async () => { ... });
 */
export function testIf(t: Test, reason: string | undefined): (name: string, fn: () => unknown) => void {
  if (reason === undefined) return (name, fn) => t(name, fn as never);
  return (name) => {
    t.skip(name);
    skipped.push({ name, reason });
    process.stdout.write(`\n  ${SKIP_LINE_PREFIX} "${name}": ${reason}\n`);
    if (!listening) {
      listening = true;
      // After uvu's summary: the full list, so a reader of the log's tail sees what did not run.
      process.on('exit', () => {
        for (const s of skipped) process.stdout.write(`  ${SKIP_LINE_PREFIX} "${s.name}": ${s.reason}\n`);
      });
    }
  };
}

/** The tests skipped so far (for the helper's own test). */
export function skippedTests(): ReadonlyArray<{ name: string; reason: string }> {
  return skipped;
}
