// Test helpers: one engine per test file, and random graphs in the kernels' array form.
import { loadEngine } from '../../src/node/load-engine.js';
import { Random } from '../../src/sampling/random.js';
import type { PlainEdges } from './reference-thurstonian.js';

export const engine = loadEngine();

/**
 * A connected random graph on n options with e edges and labels in [0, 1] (some exactly 0 or 1).
 * Pairs may repeat (the kernels do not care) unless `unique` is set (as graphs require).
 */
export function randomEdges(n: number, e: number, seed: number, unique = false): PlainEdges {
  if (unique && e > (n * (n - 1)) / 2) throw new RangeError('too many edges for unique pairs');
  const seen = new Set<number>();
  const rng = new Random(seed);
  const a: number[] = [];
  const b: number[] = [];
  const p: number[] = [];
  const w: number[] = [];
  for (let k = 0; k < e; k++) {
    const i = k < n ? k : rng.int(n);
    let j = k < n ? (k + 1) % n : rng.int(n);
    if (j === i) j = (i + 1) % n;
    const key = Math.min(i, j) * n + Math.max(i, j);
    if (unique && seen.has(key)) { k--; continue; }
    seen.add(key);
    a.push(i);
    b.push(j);
    const u = rng.uniform();
    p.push(u < 0.1 ? 0 : u > 0.9 ? 1 : rng.uniform());
    w.push(1 + rng.int(20));
  }
  return { a, b, p, w };
}

/** Random parameters [mu | log sigma^2] with a spread that puts some edges deep in the tails. */
export function randomParams(n: number, seed: number, spread = 3): Float64Array {
  const rng = new Random(seed);
  const x = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) x[i] = spread * rng.normal();
  for (let i = 0; i < n; i++) x[n + i] = -2 + 2 * rng.normal();
  return x;
}
