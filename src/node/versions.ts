// Versions recorded next to every result, so a number can be traced to the code that made it.
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function packageVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}

/** Versions of this tool, Node and V8, for results files. */
export function versions(): Record<string, string> {
  return { 'utility-engine': packageVersion(), node: process.versions.node, v8: process.versions.v8 };
}
