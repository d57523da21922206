// Shared command-line plumbing: argument parsing with clear errors, reading input files, atomic
// output, and turning errors into one-line messages with the right exit status.

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../errors.js';
import { parseJson } from '../graph/formats.js';

/** Exit status for bad input (files, options, graphs): the command wrote nothing. */
export const EXIT_BAD_INPUT = 2;
/** Exit status for failures outside the user's input (endpoint down, internal error). */
export const EXIT_FAILURE = 1;

/** Prints an error as one line on stderr and exits: 2 for bad input, 1 otherwise. */
export function reportAndExit(err: unknown): never {
  const e = err as Error;
  const bad = e instanceof InputError || (e as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS');
  const message = (e?.message ?? String(err)).split('\n')[0];
  process.stderr.write(`utility-engine: ${message}\n`);
  if (!bad && process.env.UTILITY_ENGINE_DEBUG) process.stderr.write(`${e?.stack}\n`);
  process.exit(bad ? EXIT_BAD_INPUT : EXIT_FAILURE);
}

export interface ParsedCommand {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** node:util parseArgs, strict, with --help handled: prints usage and exits 0. */
export function parseCommandArgs(
  argv: string[], options: NonNullable<ParseArgsConfig['options']>, usage: string, allowPositionals = true,
): ParsedCommand {
  const parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  if ((parsed.values as Record<string, unknown>).help) {
    process.stdout.write(usage.trim() + '\n');
    process.exit(0);
  }
  return parsed as ParsedCommand;
}

/** Parses a numeric option value, naming the option on failure. */
export function numberOption(name: string, value: string | undefined, check: (x: number) => boolean = Number.isFinite, need = 'a number'): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === '' || !check(x)) throw new InputError(`--${name} must be ${need} (got ${JSON.stringify(value)})`);
  return x;
}

export const isPositiveInteger = (x: number) => Number.isInteger(x) && x > 0;
export const isNonNegativeInteger = (x: number) => Number.isInteger(x) && x >= 0;

/** Reads and parses a JSON file, with one-line errors for a missing file or malformed JSON. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseJson(text, path);
}

/** Writes a file atomically: a temporary file beside it, then a rename, so readers never see half a file. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** JSON with non-finite numbers written as null (JSON has no NaN) and a trailing newline. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
