// Reading a dense preference matrix written as JSON (an array of rows, each an array of numbers).
// Shape and cell types are checked here; ranges and p_ij + p_ji = 1 are checked by the engine.

import { InputError } from '../errors.js';

/**
 * A row-major Float64Array from a square JSON array of arrays. Diagonal cells may be null (they
 * are ignored); every other cell must be a number. Errors name the first offending row or cell.
 * @example parseMatrixJson([[null, 0.7], [0.3, null]]) // { n: 2, cells: Float64Array [0, 0.7, 0.3, 0] }
 */
export function parseMatrixJson(data: unknown, source = 'matrix'): { n: number; cells: Float64Array } {
  if (!Array.isArray(data)) throw new InputError(`${source} must be a JSON array of rows`);
  const n = data.length;
  const cells = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = data[i];
    if (!Array.isArray(row)) throw new InputError(`${source}: row ${i} is not an array`);
    if (row.length !== n) throw new InputError(`${source}: row ${i} has ${row.length} entries; a square matrix of ${n} rows needs ${n}`);
    for (let j = 0; j < n; j++) {
      const x = row[j];
      if (i === j && (x === null || typeof x === 'number')) continue;
      if (typeof x !== 'number') throw new InputError(`${source}: cell [${i}][${j}] is not a number (got ${JSON.stringify(x)})`);
      cells[i * n + j] = x;
    }
  }
  return { n, cells };
}
