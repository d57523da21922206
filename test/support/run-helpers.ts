// Helpers for the end-to-end tests of `utility-engine run`: child processes of the built CLI and
// small outcome files from the built-in set.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { defaultOutcomes } from '../../src/outcomes/outcomes.js';
import { SyntheticValueSystem } from '../../src/elicit/synthetic-model.js';
import { spearman } from '../../src/metrics/correlation.js';
import * as assert from 'uvu/assert';

export const CLI = new URL('../../dist/node/cli.js', import.meta.url).pathname;

/** Every step-th built-in outcome, `count` of them, written as a JSON list of strings. */
export function writeOutcomes(dir: string, count: number, step = 5): string {
  const all = defaultOutcomes().options.map((o) => o.description);
  const picked = all.filter((_, i) => i % step === 0).slice(0, count);
  const path = join(dir, `outcomes-${count}.json`);
  writeFileSync(path, JSON.stringify(picked));
  return path;
}

export interface Finished {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Exit 2, one line matching re, nothing on stdout, and the folder `out` (if given) not created. */
export function refused(r: { status: number | null; stdout: string; stderr: string }, re: RegExp, out?: string): void {
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, re);
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.is(r.stdout, '');
  if (out) assert.not.ok(existsSync(out), `${out} was created`);
}

/** The `key#index` of every sample in a response cache file; lines cut by a kill are skipped. */
export function cachedSamples(path: string): Set<string> {
  const seen = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    try {
      const { key, offset, choices } = JSON.parse(line);
      choices.forEach((_: unknown, i: number) => seen.add(`${key}#${offset + i}`));
    } catch {
      // a line cut by the kill
    }
  }
  return seen;
}

/** Complete lines written so far to a file (0 while it does not exist). */
export function writtenLines(path: string): number {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0;
}

/** Runs the CLI to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Finished> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return finished(child, started);
}

export function finished(child: ChildProcess, started = Date.now()): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr, ms: Date.now() - started })));
}

/** Starts `serve-synthetic` as a child process and resolves with its URL. */
export function serveSynthetic(args: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'serve-synthetic', '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
      if (m) {
        resolve({
          url: m[1], child,
          stop: () => new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('close', () => done());
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.once('close', (code) => reject(new Error(`serve-synthetic exited with ${code}: ${err}`)));
  });
}

/** Spearman correlation between a results file's utilities and the synthetic truth. */
export function recovery(results: { options: Array<{ id: number | string; description: string }>; utilities: Record<string, { mean: number }> }, knobs = {}): number {
  const model = new SyntheticValueSystem(knobs);
  const truth = results.options.map((o) => model.utility(o.description).mean);
  const fitted = results.options.map((o) => results.utilities[String(o.id)].mean);
  return spearman(truth, fitted);
}

/**
 * An endpoint in front of the synthetic server that answers the first `limit` chat requests and
 * holds every later one unanswered, so a child run can be stopped after exactly `limit` answers
 * (not "about a third", as a race against the clock would give).
 */
export async function gatedEndpoint(upstream: string, limit: number) {
  let passed = 0;
  const held: Array<() => void> = [];
  const forward = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const r = await fetch(upstream.replace(/\/v1$/, '') + req.url, {
      method: req.method, body: req.method === 'POST' ? new Uint8Array(body) : undefined,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)) as Array<[string, string]>),
    });
    res.writeHead(r.status, Object.fromEntries(r.headers));
    res.end(Buffer.from(await r.arrayBuffer()));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const go = () => void forward(req, res, Buffer.concat(chunks)).catch(() => res.destroy());
      if (passed < limit) {
        passed++;
        go();
      } else {
        held.push(go);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    /** Lets every request through from now on; the held ones too, unless their client is gone (dropHeld). */
    open({ dropHeld = false } = {}) {
      limit = Infinity;
      const waiting = held.splice(0);
      if (!dropHeld) waiting.forEach((go) => go());
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
