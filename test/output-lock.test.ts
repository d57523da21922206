// The output-folder lock: one command at a time per folder. In process through the module's API,
// then two real `run` processes started together into one folder against a real endpoint.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../src/errors.js';
import { acquireOutputLock, LOCK_FILE_NAME } from '../src/node/output-lock.js';
import { startSyntheticServer } from '../src/node/synthetic-server.js';
import { CLI, finished, gatedEndpoint, runCli, writeOutcomes } from './support/run-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ue-lock-'));

async function rejectsWith(p: Promise<unknown>, re: RegExp): Promise<void> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof InputError, `an InputError, got ${(err as Error).name}`);
    assert.match((err as Error).message, re);
    return;
  }
  assert.unreachable('expected a refusal');
}

/** The pid of a process that has exited (a stale owner). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

const lockFile = (folder: string, pid: number) =>
  writeFileSync(join(folder, LOCK_FILE_NAME), JSON.stringify({ pid, host: hostname(), command: 'run', since: '2026-01-01T00:00:00.000Z', token: `t${pid}` }));

test('a second lock on a folder is refused with the owner named; after release it is free again', async () => {
  const folder = join(dir, 'api', 'nested');
  const first = await acquireOutputLock(folder, { command: 'run' });
  assert.ok(existsSync(join(folder, LOCK_FILE_NAME)), 'the folder is created and the lock file written');
  assert.is(JSON.parse(readFileSync(first.file, 'utf8')).pid, process.pid);
  // Same process, second holder: still refused (the lock is per folder, not per process).
  await rejectsWith(acquireOutputLock(folder, { command: 'transitivity' }), /in use by run \(pid \d+, since .*--wait-for-lock/);
  first.release();
  assert.not.ok(existsSync(first.file));
  const second = await acquireOutputLock(folder);
  second.release();
});

test('a lock left by a dead process is taken over; a live owner is waited for with wait', async () => {
  const folder = join(dir, 'stale');
  mkdirSync(folder);
  const gone = deadPid();
  lockFile(folder, gone);
  const lock = await acquireOutputLock(folder);
  assert.is(lock.tookOver?.pid, gone);
  lock.release();

  // A live owner (a sleeping child): refused without wait; with wait, acquired once it is gone.
  const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  lockFile(folder, owner.pid!);
  await rejectsWith(acquireOutputLock(folder), new RegExp(`pid ${owner.pid}`));
  let waited: number | undefined;
  const pending = acquireOutputLock(folder, { wait: true, pollMs: 20, onWait: (o) => (waited = o?.pid) });
  setTimeout(() => owner.kill('SIGKILL'), 100);
  const after = await pending;
  assert.is(waited, owner.pid);
  assert.is(after.tookOver?.pid, owner.pid, 'the dead owner\'s lock was taken over');
  after.release();
});

test('output folder problems are one clear line, before anything else', async () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  await rejectsWith(acquireOutputLock(file), /a-file exists and is not a folder/);
  await rejectsWith(acquireOutputLock(join(file, 'below')), /cannot create output folder .*a part of the path is a file/);
});

test('two identical runs started together into one folder: the second refuses, nothing is bought twice', async () => {
  const outcomes = writeOutcomes(dir, 12, 40);
  const server = await startSyntheticServer();
  // The first run gets one answer, then waits at the gate until the second has been turned away.
  const gate = await gatedEndpoint(server.url, 1);
  try {
    const out = join(dir, 'together');
    const args = ['run', '--outcomes', outcomes, '--base-url', gate.url, '--model', 'synthetic', '--k', '2', '--out', out, '--quiet', '--concurrency', '4'];
    const a = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const doneA = finished(a);
    while (server.stats.requests < 1 && a.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    const b = await runCli(args);
    assert.is(b.status, 2, b.stderr);
    assert.match(b.stderr, /is in use by run \(pid \d+/);
    assert.is(b.stderr.trim().split('\n').length, 1);
    assert.is(server.stats.requests, 1, 'the refused run asked nothing');
    gate.open();
    const ra = await doneA;
    assert.is(ra.status, 0, ra.stderr);
    assert.not.ok(existsSync(join(out, LOCK_FILE_NAME)), 'the lock is released at the end');
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    assert.is(server.stats.requests, results.plan.requests, 'every planned request bought once');
    // The same command again (--wait-for-lock is a no-op on a free folder) buys nothing new.
    const c = await runCli([...args, '--wait-for-lock']);
    assert.is(c.status, 0, c.stderr);
    assert.is(server.stats.requests, results.plan.requests);
  } finally {
    await gate.close();
    await server.close();
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
