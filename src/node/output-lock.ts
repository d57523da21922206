// One process at a time per output folder. Two runs into the same folder would both buy every
// answer (each reads the cache before the other has written it) and leave results that disagree
// with the cache, so a command that writes into a folder takes an exclusive lock on it first: a
// lock file created with O_EXCL holding the owner's pid. A lock whose owner is no longer running
// (kill -9, a crash, a reboot) is stale and is taken over.

import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { sleep } from './retry-policy.js';

/** Name of the lock file inside the locked folder. */
export const LOCK_FILE_NAME = '.utility-engine.lock';

/** How often a waiting process looks at the lock again (ms). */
export const LOCK_POLL_MS = 500;

/** What the lock file records about its owner. */
export interface LockOwner {
  pid: number;
  host: string;
  /** The command that holds it, e.g. "run". */
  command: string;
  /** ISO time the lock was taken. */
  since: string;
  /** Random token, so a process releases only its own lock. */
  token: string;
}

/** A held lock; release() removes the lock file (also done when the process exits). */
export interface OutputLock {
  readonly dir: string;
  readonly file: string;
  /** The owner of a stale lock (not running any more) that was taken over, if any. */
  readonly tookOver?: LockOwner;
  release(): void;
}

export interface LockOptions {
  /** Recorded in the lock file and named in the message another process sees (default "utility-engine"). */
  command?: string;
  /** Wait for the owner to finish instead of refusing (`--wait-for-lock`). */
  wait?: boolean;
  /** Called once when waiting starts, with the current owner. */
  onWait?: (owner: LockOwner | undefined) => void;
  /** Stops waiting (rejects with the signal's reason). */
  signal?: AbortSignal;
  pollMs?: number;
}

/**
 * Creates the output folder if needed and takes its lock. Refuses (InputError, one line) when the
 * folder cannot be created or written, or when another live process holds it (unless `wait`, which
 * polls until the owner is gone). A lock left by a process that is no longer running on this host
 * is taken over.
 * @example
 * const lock = await acquireOutputLock('runs/gpt-4o', { command: 'run', wait: values['wait-for-lock'] });
 * try { ... write into runs/gpt-4o ... } finally { lock.release(); }
 */
export async function acquireOutputLock(dir: string, options: LockOptions = {}): Promise<OutputLock> {
  prepareOutputDir(dir);
  const file = join(dir, LOCK_FILE_NAME);
  const command = options.command ?? 'utility-engine';
  let announced = false;
  for (;;) {
    options.signal?.throwIfAborted();
    const mine = tryCreate(file, command);
    if (mine) return held(dir, file, mine);
    const owner = readOwner(file);
    if (owner === 'gone') continue; // released between our attempt and the read
    if (owner !== undefined && isStale(owner)) {
      // Remove it only if it is still the stale one we read (another process may have taken over).
      const again = readOwner(file);
      if (again !== 'gone' && again?.token === owner.token) rmSync(file, { force: true });
      const taken = tryCreate(file, command);
      if (taken) return held(dir, file, taken, owner);
      continue;
    }
    if (!options.wait) throw new InputError(lockedMessage(dir, file, owner));
    if (!announced) {
      announced = true;
      options.onWait?.(owner);
    }
    await sleep(options.pollMs ?? LOCK_POLL_MS, options.signal);
  }
}

/**
 * Makes sure `dir` exists (creating it) and is a writable folder, with messages that name the
 * folder and the reason instead of a raw mkdir error.
 */
export function prepareOutputDir(dir: string): void {
  try {
    const s = statSync(dir, { throwIfNoEntry: false });
    if (s && !s.isDirectory()) throw new InputError(`output folder ${dir} exists and is not a folder; choose another --out`);
    if (!s) mkdirSync(dir, { recursive: true });
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot create output folder ${dir}: ${describe(err)}`);
  }
}

/** Refuses output names that exist as something other than a file (a folder named results.json). */
export function checkOutputFiles(dir: string, names: readonly string[]): void {
  for (const name of names) {
    const s = statSync(join(dir, name), { throwIfNoEntry: false });
    if (s && !s.isFile()) throw new InputError(`${join(dir, name)} exists and is not a file; move it away or choose another --out`);
  }
}

function tryCreate(file: string, command: string): LockOwner | undefined {
  const owner: LockOwner = {
    pid: process.pid, host: hostname(), command, since: new Date().toISOString(),
    token: `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  };
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw new InputError(`cannot write in output folder ${file.slice(0, -LOCK_FILE_NAME.length - 1)}: ${describe(err)}`);
  }
  try {
    writeSync(fd, JSON.stringify(owner) + '\n');
  } finally {
    closeSync(fd);
  }
  return owner;
}

/** The lock's owner, 'gone' if there is no lock file, undefined if it cannot be read or parsed. */
function readOwner(file: string): LockOwner | 'gone' | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined;
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    return Number.isInteger(o.pid) && typeof o.token === 'string' ? o : undefined;
  } catch {
    return undefined; // being written right now, or damaged: treated as held
  }
}

/** A lock is stale when its owner ran on this host and is no longer running. */
function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false; // cannot tell: another machine on a shared disk
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function held(dir: string, file: string, owner: LockOwner, tookOver?: LockOwner): OutputLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const now = readOwner(file);
    if (now !== 'gone' && now?.token === owner.token) {
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    }
  };
  // process.exit() on an error path skips finally blocks; the lock must not outlive us then either.
  process.on('exit', release);
  return { dir, file, ...(tookOver ? { tookOver } : {}), release };
}

function lockedMessage(dir: string, file: string, owner: LockOwner | undefined): string {
  const who = owner ? `${owner.command} (pid ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''}, since ${owner.since})` : 'another process';
  return `${dir} is in use by ${who}: two commands writing one folder would buy every answer twice; ` +
    `wait for it (--wait-for-lock) or choose another --out (if no such process is running, delete ${file})`;
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device', ENOTDIR: 'a part of the path is a file, not a folder',
    ENOENT: 'a part of the path cannot be created (read-only or missing file system?)', EEXIST: 'a file of that name exists',
  };
  return (code && reasons[code]) ?? code ?? (err as Error).message;
}
