import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDuration, ProgressReporter } from '../src/node/progress.js';

const event = (done: number) => ({ phase: 'active learning' as const, done, total: 1000, round: 2, rounds: 5 });

test('a terminal gets a redrawn bar with rate and ETA, throttled', () => {
  let now = 0;
  const written: string[] = [];
  const p = new ProgressReporter({ isTTY: true, write: (t: string) => written.push(t) }, () => now);
  now = 1000;
  p.update(event(250));
  now = 1050;
  p.update(event(260)); // within the redraw interval: skipped
  now = 2000;
  p.update(event(500));
  p.finish();
  assert.is(written.length, 3);
  assert.match(written[0], /^\r\[#{7}\.{21}\]  25% 250\/1,000 completions  250\/s  ETA 0:03  active learning  round 2\/5/);
  assert.match(written[1], /ETA 0:02/);
  assert.is(written[2], '\n');
});

test('a pipe gets plain lines, one per phase change or 10 s', () => {
  let now = 0;
  const written: string[] = [];
  const p = new ProgressReporter({ isTTY: false, write: (t: string) => written.push(t) }, () => now);
  now = 500;
  p.update(event(10));
  now = 900;
  p.update(event(20));
  p.update({ ...event(30), phase: 'held-out pairs' });
  now = 12_000;
  p.update({ ...event(40), phase: 'held-out pairs' });
  p.finish();
  assert.is(written.length, 3);
  assert.ok(written.every((l) => l.startsWith('progress: ') && l.endsWith('\n')));
  assert.is(formatDuration(3725), '1:02:05');
  assert.is(formatDuration(NaN), '--:--');
});

test.run();
