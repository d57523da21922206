// The parts every experiment section shares: metric cards from summary fields, the summary as a
// table, and the section shell.

import { fmt, get } from '../format.js';
import type { Chart, Metric, Section, Table } from '../types.js';

/** Flattens the summary into rows (nested objects become dotted names). */
export function summaryTable(name: string, data: unknown): Table {
  const rows: Array<[string, string | number | null]> = [];
  const walk = (prefix: string, v: unknown): void => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
    else if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object')) rows.push([prefix, `${v.length} entries (see the charts and tables above)`]);
    else rows.push([prefix, typeof v === 'number' ? v : typeof v === 'string' ? v : v === null || v === undefined ? null : JSON.stringify(v)]);
  };
  walk('', get(data, 'summary'));
  return { name: `${name}-summary`, title: 'Summary', columns: ['field', 'value'], rows };
}

/** Metric cards from chosen summary fields. */
export function cards(data: unknown, fields: Array<[string, string, string?]>): Metric[] {
  return fields.filter(([f]) => get(data, 'summary', f) !== undefined).map(([f, label, note]) => ({ label, value: fmt(get(data, 'summary', f)), ...(note ? { note } : {}) }));
}

/** A section shell for experiment `data` with the summary table appended. */
export function experimentSection(data: unknown, source: string, metrics: Metric[], charts: Chart[], tables: Table[] = []): Section {
  const name = String(get(data, 'experiment'));
  return { id: `experiment-${name}`, title: `Experiment: ${name}`, source, metrics, charts, tables: [...tables, summaryTable(name, data)] };
}

/** Any experiment without its own builder: its summary as a table. */
export function genericExperimentSection(data: unknown, source: string): Section {
  return experimentSection(data, source, [], []);
}
