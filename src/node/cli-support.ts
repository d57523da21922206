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
  const parsed = parseArgs({ args: joinNegativeValues(argv, options), options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  if ((parsed.values as Record<string, unknown>).help) {
    process.stdout.write(usage.trim() + '\n');
    process.exit(0);
  }
  return parsed as ParsedCommand;
}

/** A value that is a negative number (-0.5, -3, -1e-3), not an option name. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * `--flag -0.5` as `--flag=-0.5`: node:util parseArgs refuses a value starting with a dash as
 * ambiguous, but for a flag that takes a value a negative number can only be that value.
 */
function joinNegativeValues(argv: string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && i + 1 < argv.length && NEGATIVE_NUMBER.test(argv[i + 1])) {
      out.push(`${arg}=${argv[++i]}`);
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** Parses a numeric option value, naming the option on failure. */
export function numberOption(name: string, value: string | undefined, check: (x: number) => boolean = Number.isFinite, need = 'a number'): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === '' || !check(x)) throw new InputError(`--${name} must be ${need} (got ${JSON.stringify(value)})`);
  return x;
}

/**
 * An integer option within [min, max]; the bounds keep a typo such as --k 100000000 from running
 * out of memory after minutes instead of failing at once.
 * @example integerOption('k', '1e21', 1, 1000) // throws "--k must be an integer from 1 to 1000 (got "1e21")"
 */
export function integerOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  return numberOption(name, value, (x) => Number.isInteger(x) && x >= min && x <= max, `an integer from ${min} to ${max}`);
}

export const isPositiveInteger = (x: number) => Number.isInteger(x) && x > 0;
export const isNonNegativeInteger = (x: number) => Number.isInteger(x) && x >= 0;

/** Deepest nesting of arrays and objects accepted in an input file (ours need fewer than 10 levels). */
export const MAX_JSON_DEPTH = 256;

/**
 * Reads and parses a JSON file, with one-line errors for a missing file, malformed JSON, or nesting
 * deeper than MAX_JSON_DEPTH (which would overflow the stack of any recursive reader later). A
 * UTF-8 byte-order mark, as some Windows editors write, is accepted.
 */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const depth = jsonDepthExceeds(text, MAX_JSON_DEPTH);
  if (depth !== undefined) throw new InputError(`${path} is nested too deeply (more than ${MAX_JSON_DEPTH} levels at character ${depth})`);
  return parseJson(text, path);
}

/** Position where JSON text first nests deeper than max (brackets inside strings ignored), or undefined. */
export function jsonDepthExceeds(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return undefined;
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

/**
 * Writes several files as one set: every file is first written beside its target, and only when
 * all are written are they renamed into place (in the order given, so the last one can mark
 * completion). A failure while writing leaves every target as it was.
 */
export function writeFilesAtomic(files: ReadonlyArray<{ path: string; content: string | Uint8Array }>): void {
  const temps: string[] = [];
  try {
    for (const { path, content } of files) {
      mkdirSync(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      temps.push(temp);
      writeFileSync(temp, content);
    }
  } catch (err) {
    for (const t of temps) rmSync(t, { force: true });
    throw err;
  }
  files.forEach(({ path }, i) => renameSync(temps[i], path));
}

/** JSON with non-finite numbers written as null (JSON has no NaN) and a trailing newline. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
