// YAML models files, read with the `yaml` package (full YAML 1.2, core schema: `yes` stays a
// string, `1e9` is a number). Errors name the file, line and column; duplicate keys are errors, so
// a repeated key cannot silently replace the first. The result is plain JSON data, validated by
// parseModelsFile exactly as a JSON file is.

import { parseDocument } from 'yaml';
import { InputError } from '../../errors.js';

// Aliases may repeat a block (e.g. shared `slurm` settings) but not expand without bound.
const MAX_ALIAS_COUNT = 1000;

/**
 * Parses a YAML document into JSON values; throws InputError "<where> line L, column C: ...".
 * @example parseModelsYaml('models:\n  - {name: a, k: 5}\n') // { models: [{ name: 'a', k: 5 }] }
 */
export function parseModelsYaml(text: string, where = 'YAML'): unknown {
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: true, prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const at = first.linePos?.[0];
    const place = at ? ` line ${at.line}, column ${at.col}` : '';
    // The package's message adds "at line L, column C:" and a source excerpt; keep what is wrong.
    const what = first.code === 'MULTIPLE_DOCS' ? 'a models file is one YAML document (found a second "---")' : first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(`${where}${place}: ${what}`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    throw new InputError(`${where}: ${(err as Error).message.split('\n')[0]}`);
  }
}
