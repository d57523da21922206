// Number formatting shared by the sections' metric cards and tables.

/** A number to `digits` significant figures, or "–" when missing. */
export function fmt(x: unknown, digits = 3): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}

/** A share as a percentage with one decimal. */
export function pct(x: unknown): string {
  return typeof x === 'number' && Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–';
}

/** Reads a nested field without trusting the shape. */
export function get(obj: unknown, ...path: Array<string | number>): unknown {
  let v: unknown = obj;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/** A finite number or null (for table cells and chart data). */
export function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** An object's own entries, or none when it is not an object. */
export function entries(x: unknown): Array<[string, unknown]> {
  return x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.entries(x as Record<string, unknown>) : [];
}

/** An array, or an empty one. */
export function list(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}
