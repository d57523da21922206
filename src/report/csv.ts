// Tables as CSV (RFC 4180): what the page's download links and `report --csv` write.

import type { Table } from './types.js';

function cell(v: string | number | null): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The whole table (every row, unrounded numbers) as CSV text with a header line. */
export function tableToCsv(table: Table): string {
  return [table.columns, ...table.rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

/** A data URL carrying the CSV, so the page can offer it for download with no server. */
export function csvDataUrl(table: Table): string {
  return 'data:text/csv;charset=utf-8,' + encodeURIComponent(tableToCsv(table));
}
