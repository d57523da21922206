// An experiment's summary as flat table columns, for one row per model in a sweep: the same rule
// for every experiment, so a new experiment's headline figures reach sweep.csv without code.

/** A table cell: what a CSV can hold. */
export type Cell = string | number | boolean | null;

/**
 * Flattens a summary into `prefix.path` columns:
 * - a number, string, boolean or null is one column (NaN and infinities become null);
 * - an object adds its keys to the path (`time-discounting.hyperbolic.k`);
 * - a list of records whose first field is a string label (`{group: "Japan", vs_reference: 10, ...}`)
 *   is keyed by that label: the record's first number is the column `prefix.<label>` itself
 *   (`exchange-rates.rates.Japan`), its other fields `prefix.<label>.<field>`;
 * - an interval (a key ending in `_ci` or `interval`: [low, high] or null) becomes `.low` and `.high`;
 * - any other list of plain values is one column, the values joined by spaces (`censored_delays`);
 * - anything else is one column holding its JSON.
 * @example flattenSummary({ better_fit: 'hyperbolic', hyperbolic: { k: 0.1 } }, 'time-discounting')
 * // { 'time-discounting.better_fit': 'hyperbolic', 'time-discounting.hyperbolic.k': 0.1 }
 */
export function flattenSummary(summary: unknown, prefix: string): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  flattenInto(out, prefix, summary);
  return out;
}

function flattenInto(out: Record<string, Cell>, path: string, value: unknown): void {
  if (isInterval(path, value)) {
    const pair = value as [unknown, unknown] | null;
    out[`${path}.low`] = scalar(pair ? pair[0] : null);
    out[`${path}.high`] = scalar(pair ? pair[1] : null);
  } else if (value === null || value === undefined || typeof value !== 'object') {
    out[path] = scalar(value);
  } else if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) out[path] = value.map((v) => String(scalar(v) ?? '')).join(' ');
    else if (value.every(isLabelledRecord)) {
      for (const record of value as Array<Record<string, unknown>>) {
        const [labelKey, ...rest] = Object.keys(record);
        const base = `${path}.${String(record[labelKey])}`;
        const headline = rest.find((k) => typeof record[k] === 'number');
        for (const key of rest) flattenInto(out, key === headline ? base : `${base}.${key}`, record[key]);
      }
    } else out[path] = JSON.stringify(value);
  } else {
    for (const [key, v] of Object.entries(value)) flattenInto(out, `${path}.${key}`, v);
  }
}

function isInterval(path: string, value: unknown): boolean {
  if (!/(_ci|interval)$/.test(path)) return false;
  return value === null || (Array.isArray(value) && value.length === 2 && value.every((v) => v === null || typeof v === 'number'));
}

function isLabelledRecord(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const first = Object.keys(v)[0];
  return first !== undefined && typeof (v as Record<string, unknown>)[first] === 'string';
}

function scalar(v: unknown): Cell {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return v === null || v === undefined ? null : JSON.stringify(v);
}
