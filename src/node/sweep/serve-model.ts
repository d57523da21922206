// A model's own server for the length of its run (a models file's `serve`): started on a free
// port, waited for until GET /v1/models answers, stopped (with its whole process group) at the end.
// Used inside a SLURM array task to run vLLM on the task's GPUs, and locally the same way.

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { InputError } from '../../errors.js';

/** How long a server may take to answer GET /v1/models (vLLM loading a large model takes minutes). */
export const SERVE_READY_TIMEOUT_MS = 15 * 60 * 1000;
const POLL_MS = 250;
const LOG_TAIL_LINES = 20;
/** How long stop() lets the server shut down after SIGTERM before it sends SIGKILL. */
const STOP_GRACE_MS = 10_000;

export interface ServedModel {
  /** The base URL with `{port}` filled in. */
  baseUrl: string;
  port: number;
  stop(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1 (the server binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `command` (through sh, `{port}` and `{gpus}` filled in) with its output in `logFile`, and
 * resolves once `baseUrl`/models answers 200. Rejects with the log's tail when the server exits
 * first or does not answer within `timeoutMs`.
 * @example
 * const served = await startServedModel('utility-engine serve-synthetic --port {port}', 'http://127.0.0.1:{port}/v1', 'runs/x/serve.log');
 * served.baseUrl // 'http://127.0.0.1:41237/v1'
 * await served.stop();
 */
export async function startServedModel(command: string, baseUrl: string, logFile: string, options: { gpus?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ServedModel> {
  const port = await freePort();
  const filled = command.replaceAll('{port}', String(port)).replaceAll('{gpus}', String(options.gpus ?? 1));
  const url = baseUrl.replaceAll('{port}', String(port)).replace(/\/+$/, '');
  mkdirSync(dirname(logFile), { recursive: true });
  const log = openSync(logFile, 'a');
  // Its own process group, so stop() ends the server's children too (vLLM starts workers).
  const child = spawn('sh', ['-c', filled], { stdio: ['ignore', log, log], detached: true });
  closeSync(log);
  let exited: string | undefined;
  child.once('exit', (code, sig) => (exited = `exited with ${sig ?? `code ${code}`}`));
  child.once('error', (err) => (exited = err.message));
  const stop = () => stopGroup(child);
  const deadline = Date.now() + (options.timeoutMs ?? SERVE_READY_TIMEOUT_MS);
  for (;;) {
    if (exited !== undefined) throw new InputError(`serve command ${exited} before answering GET ${url}/models: ${tail(logFile)}`);
    if (options.signal?.aborted) { await stop(); throw new Error('interrupted while waiting for the served model'); }
    if (Date.now() > deadline) {
      await stop();
      throw new InputError(`serve command did not answer GET ${url}/models within ${Math.round((options.timeoutMs ?? SERVE_READY_TIMEOUT_MS) / 1000)} s: ${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${url}/models`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return { baseUrl: url, port, stop };
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  try { process.kill(-pid, 'SIGTERM'); } catch { return; } // the group is already gone
  // Wait for the whole group, not just the shell that leads it: the server itself may outlive it by
  // a moment, still answering on its port. SIGKILL whatever is left after the grace period.
  const killAt = Date.now() + STOP_GRACE_MS;
  const giveUpAt = killAt + 5_000; // an unreaped zombie would otherwise keep the group "alive"
  let killed = false;
  while (groupAlive(pid) && Date.now() < giveUpAt) {
    if (!killed && Date.now() > killAt) {
      killed = true;
      try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether any process of the group still exists (signal 0 only checks). */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tail(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-LOG_TAIL_LINES);
    return `last lines of ${file}: ${lines.join(' | ') || '(empty)'}`;
  } catch {
    return `no log at ${file}`;
  }
}
