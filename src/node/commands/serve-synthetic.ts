// `utility-engine serve-synthetic`: the built-in synthetic model as an OpenAI-compatible endpoint.

import { appendFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { InputError } from '../../errors.js';
import { isNonNegativeInteger, isPositiveInteger, numberOption, parseCommandArgs } from '../cli-support.js';
import { startSyntheticServer, type ServerFaults } from '../synthetic-server.js';
import { SYNTHETIC_OPTIONS, SYNTHETIC_USAGE, worldFromFlags } from '../synthetic-flags.js';

export const usage = `
usage: utility-engine serve-synthetic [options]

Serves the synthetic model on 127.0.0.1 as /v1/chat/completions, /v1/completions (a base model:
the question + "Answer:", a continuation, legacy logprobs) and /v1/models (model name "synthetic"),
and /v1/files and /v1/fine_tuning/jobs: a fine-tuning job moves the world's policy values toward the
uploaded preferences and serves the result under a new model name (docs/control.md). Prints the
base URL, then serves until interrupted.

  --port P                       port (default 0: any free port, printed)
  --require-key-env NAME         require "Authorization: Bearer $NAME" (401 otherwise)
  --log FILE                     append one JSON line per chat request (prompt hash, n, offset, status)
${SYNTHETIC_USAGE}
injected faults:
  --rate-429 P                   share of requests answered 429 with Retry-After
  --retry-after-ms MS            the wait those 429s ask for (default 1000); when given, 500s ask for it too
  --rate-500 P                   share answered 500
  --slow-rate P, --slow-ms MS    share answered only after MS (default 2000)
  --garbage-rate P               share of replies replaced by garbage text
  --latency-ms MS                latency added to every request
  --max-choices N                return at most N choices whatever n asks
  --reject-n                     refuse n > 1 with 400
restricted and reasoning models (400 worded as the providers word it):
  --refuse-max-tokens            want max_completion_tokens instead of max_tokens
  --only-temperature-1           refuse any temperature but 1
  --refuse-system-role           refuse a system message
  --refuse-logprobs              refuse logprobs
  --refuse-reasoning-effort      refuse reasoning_effort (a model that does not reason)
  --reasoning-model              the first four together, like a reasoning model
  --fault-seed N                 seed of which requests fail
`;

const OPTIONS = {
  port: { type: 'string' }, 'require-key-env': { type: 'string' }, log: { type: 'string' },
  ...SYNTHETIC_OPTIONS,
  'rate-429': { type: 'string' }, 'retry-after-ms': { type: 'string' }, 'rate-500': { type: 'string' },
  'slow-rate': { type: 'string' }, 'slow-ms': { type: 'string' }, 'garbage-rate': { type: 'string' },
  'latency-ms': { type: 'string' }, 'max-choices': { type: 'string' }, 'fault-seed': { type: 'string' },
  'reject-n': { type: 'boolean' }, 'refuse-max-tokens': { type: 'boolean' }, 'only-temperature-1': { type: 'boolean' },
  'refuse-system-role': { type: 'boolean' }, 'refuse-logprobs': { type: 'boolean' }, 'refuse-reasoning-effort': { type: 'boolean' },
  'reasoning-model': { type: 'boolean' },
} as const;

export async function main(argv: string[]): Promise<void> {
  const v = parseCommandArgs(argv, OPTIONS, usage, false).values as Record<string, string | undefined> & { 'reject-n'?: boolean; 'synthetic-group-weight'?: string[]; 'synthetic-entity'?: string[] };
  const flag = (name: string) => (v as Record<string, unknown>)[name] === true;
  const num = (name: string, check?: (x: number) => boolean, need?: string) => numberOption(name, v[name], check, need);
  const prob = (name: string) => num(name, (x) => x >= 0 && x <= 1, 'a probability in [0, 1]');
  const ms = (name: string) => num(name, (x) => x >= 0 && Number.isFinite(x), 'a non-negative number of ms');
  const port = num('port', (x) => isNonNegativeInteger(x) && x < 65536, 'a port number') ?? 0;
  let requireKey: string | undefined;
  if (v['require-key-env'] !== undefined) {
    requireKey = process.env[v['require-key-env']];
    if (!requireKey) throw new InputError(`--require-key-env ${v['require-key-env']}: that environment variable is empty`);
  }
  const faults: ServerFaults = {
    rate429: prob('rate-429'), retryAfterMs: ms('retry-after-ms'), rate500: prob('rate-500'),
    slowRate: prob('slow-rate'), slowMs: ms('slow-ms'), garbageRate: prob('garbage-rate'), latencyMs: ms('latency-ms'),
    maxChoices: num('max-choices', isPositiveInteger, 'a positive integer'), rejectN: v['reject-n'] === true,
    refuseMaxTokens: flag('refuse-max-tokens') || flag('reasoning-model'),
    onlyTemperature1: flag('only-temperature-1') || flag('reasoning-model'),
    refuseSystemRole: flag('refuse-system-role') || flag('reasoning-model'),
    refuseLogprobs: flag('refuse-logprobs') || flag('reasoning-model'),
    refuseReasoningEffort: flag('refuse-reasoning-effort'),
    seed: num('fault-seed', Number.isSafeInteger, 'an integer'),
  };
  const logFile = v.log;
  const world = worldFromFlags(v);
  if (logFile !== undefined) checkLogFile(logFile);
  const server = await startSyntheticServer({
    port, faults, requireKey,
    knobs: world.knobs,
    ...(world.registry ? { registry: world.registry } : {}),
    ...(logFile ? {
      onRequest: (e) => appendFileSync(logFile, JSON.stringify({
        prompt_sha256: createHash('sha256').update(`${e.system}\u0000${e.prompt}`).digest('hex'), n: e.n, sample_offset: e.sampleOffset, status: e.status,
      }) + '\n'),
    } : {}),
  });
  process.stdout.write(`serving the synthetic model at ${server.url} (model "synthetic"); Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Refuses a --log that cannot be appended to (a folder, a read-only place) before serving, not per request. */
function checkLogFile(path: string): void {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new InputError(`--log ${path} is a folder; give a file to append to`);
  try {
    appendFileSync(path, '');
  } catch (err) {
    throw new InputError(`--log ${path} cannot be written: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
