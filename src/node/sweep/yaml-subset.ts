// A small YAML reader for models files: the block style people write by hand, nothing more.
// Supported: nested block mappings and sequences (by indentation, spaces only), "- key: value"
// sequence items, # comments, plain scalars (null, true/false, integers, floats such as 7e9,
// strings), 'single' and "double" quoted strings, and empty flow collections [] and {}.
// Refused with a message naming the line: tabs in indentation, anchors and aliases, tags, block
// scalars (| and >), flow collections with content, several documents, duplicate keys.
// A full YAML parser would be a dependency for a config file of a dozen lines.

import { InputError } from '../../errors.js';

interface Line {
  indent: number;
  text: string;
  no: number;
}

/**
 * Parses the supported subset of YAML into plain JSON values.
 * @example parseYamlSubset('models:\n  - name: a\n    k: 5\n') // { models: [{ name: 'a', k: 5 }] }
 */
export function parseYamlSubset(source: string, where = 'YAML'): unknown {
  const lines: Line[] = [];
  source.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const no = i + 1;
    const indentText = /^[ \t]*/.exec(raw)![0];
    const text = stripComment(raw.slice(indentText.length), where, no).trimEnd();
    if (text === '') return;
    if (indentText.includes('\t')) throw new InputError(`${where} line ${no}: tabs in indentation are not allowed in YAML`);
    if (text === '---' && lines.length === 0) return;
    if (text === '---' || text === '...') throw new InputError(`${where} line ${no}: only one YAML document is supported`);
    lines.push({ indent: indentText.length, text, no });
  });
  if (lines.length === 0) return null;
  const reader = { lines, at: 0, where };
  const value = parseBlock(reader, lines[0].indent);
  if (reader.at < lines.length) fail(reader, lines[reader.at], 'does not fit the structure above it (indentation, or a list mixed with keys)');
  return value;
}

type Reader = { lines: Line[]; at: number; where: string };

function parseBlock(r: Reader, indent: number): unknown {
  const first = r.lines[r.at];
  return isItem(first.text) ? parseSequence(r, indent) : parseMapping(r, indent);
}

function parseSequence(r: Reader, indent: number): unknown[] {
  const out: unknown[] = [];
  while (r.at < r.lines.length) {
    const line = r.lines[r.at];
    // A non-item at the list's column ends it (the list sat at its key's column).
    if (line.indent < indent || (line.indent === indent && !isItem(line.text))) break;
    if (line.indent > indent) fail(r, line, 'bad indentation in a list');
    const rest = line.text.slice(1).trimStart();
    if (rest === '') {
      r.at++;
      out.push(r.at < r.lines.length && r.lines[r.at].indent > indent ? parseBlock(r, r.lines[r.at].indent) : null);
    } else if (isItem(rest) || splitKey(rest) !== null) {
      // "- key: value": the item is a block starting at the column of "key".
      r.lines[r.at] = { indent: indent + (line.text.length - rest.length), text: rest, no: line.no };
      out.push(parseBlock(r, r.lines[r.at].indent));
    } else {
      out.push(scalar(rest, r, line));
      r.at++;
    }
  }
  return out;
}

function parseMapping(r: Reader, indent: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  while (r.at < r.lines.length) {
    const line = r.lines[r.at];
    if (line.indent < indent) break;
    if (line.indent > indent) fail(r, line, 'bad indentation');
    if (isItem(line.text)) fail(r, line, 'a list item where a "key: value" was expected');
    const kv = splitKey(line.text);
    if (!kv) fail(r, line, 'expected "key: value"');
    const key = kv[0].startsWith('"') || kv[0].startsWith("'") ? String(scalar(kv[0], r, line)) : kv[0];
    if (Object.prototype.hasOwnProperty.call(out, key)) fail(r, line, `duplicate key ${JSON.stringify(key)}`);
    r.at++;
    if (kv[1] !== '') {
      out[key] = scalar(kv[1], r, line);
      continue;
    }
    const next = r.lines[r.at];
    // A nested block is indented further, except a list, which YAML lets sit at the key's column.
    if (next && (next.indent > indent || (next.indent === indent && isItem(next.text)))) {
      out[key] = next.indent === indent ? parseSequence(r, indent) : parseBlock(r, next.indent);
    } else {
      out[key] = null;
    }
  }
  return out;
}

function isItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** Splits "key: value" at the first ": " (or a final ":") outside quotes; null if none. */
function splitKey(text: string): [string, string] | null {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === "'" && quote === "'" && text[i + 1] === "'") i++;
      else if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && i === 0) {
      quote = c;
    } else if (c === ':' && (i === text.length - 1 || text[i + 1] === ' ')) {
      const key = text.slice(0, i).trim();
      return key === '' ? null : [key, text.slice(i + 1).trim()];
    }
  }
  return null;
}

function scalar(text: string, r: Reader, line: Line): unknown {
  const c = text[0];
  if (c === '"') {
    try {
      const v: unknown = JSON.parse(text);
      if (typeof v === 'string') return v;
    } catch { /* reported below */ }
    fail(r, line, `bad double-quoted string ${text}`);
  }
  if (c === "'") {
    if (!/^'(?:[^']|'')*'$/.test(text)) fail(r, line, `bad single-quoted string ${text}`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text === '[]') return [];
  if (text === '{}') return {};
  if ('[{'.includes(c)) fail(r, line, 'flow collections ([a, b] or {a: 1}) are not supported here; use block style or JSON');
  if ('&*!|>'.includes(c)) fail(r, line, `YAML feature "${c}" (anchors, aliases, tags, block scalars) is not supported; use JSON for that`);
  if (/^(?:null|Null|NULL|~)$/.test(text)) return null;
  if (/^(?:true|True|TRUE)$/.test(text)) return true;
  if (/^(?:false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?(?:\d[\d_]*)$/.test(text)) return Number(text.replace(/_/g, ''));
  if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number(text);
  return text;
}

/** Removes a # comment (at the start or after a space) that is not inside quotes. */
function stripComment(text: string, where: string, no: number): string {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === "'" && quote === "'" && text[i + 1] === "'") i++; // '' is an escaped quote
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      // Quotes open a string only at the start of a value.
      const before = text.slice(0, i).trimEnd();
      if (before === '' || before.endsWith(':') || before.endsWith('-')) quote = c;
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ')) {
      return text.slice(0, i);
    }
  }
  if (quote) throw new InputError(`${where} line ${no}: unterminated ${quote === '"' ? 'double' : 'single'}-quoted string`);
  return text;
}

function fail(r: Reader, line: Line, message: string): never {
  throw new InputError(`${r.where} line ${line.no}: ${message}`);
}
