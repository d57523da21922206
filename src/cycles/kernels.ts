// The cycle kernels' signatures (assembly/cycles*.ts and triangles.ts) and their status codes.
// The engine's export table has an index signature, so this module narrows it without touching
// the engine binding.

import type { Engine } from '../engine/engine.js';

/** Raw exports of the cycle kernels: pointers and lengths in, numbers out. */
export interface CycleKernels {
  cycleRowStatsF64(n: number, matrix: number, stats: number): number;
  cycleRowStatsF32(n: number, matrix: number, stats: number): number;
  cycleRowSumsF64(n: number, matrix: number, stats: number): number;
  expectedCyclicTriads(n: number, stats: number): number;
  hardCyclicTriads(n: number, stats: number): number;
  cycleParticipationF64(n: number, matrix: number, stats: number, out: number): void;
  cycleParticipationF32(n: number, matrix: number, stats: number, out: number): void;
  canonicalizeF64(n: number, matrix: number, tolerance: number, symmetrize: number, where: number, stats: number): number;
  canonicalizeF32(n: number, matrix: number, tolerance: number, symmetrize: number, where: number): number;
  hardBitsF64(n: number, matrix: number, bits: number): void;
  hardBitsF32(n: number, matrix: number, bits: number): void;
  listHardCycles(n: number, bits: number, limit: number, out: number): number;
  thurstonianMatrix(n: number, means: number, variances: number, out: number): void;
  triadCycles(t: number, pab: number, pbc: number, pca: number, out: number, bins: number,
    histogram: number, results: number): number;
  sparseTriangles(n: number, e: number, edgeA: number, edgeB: number, probs: number, work: number,
    perOption: number, bins: number, histogram: number, listCap: number, list: number, results: number): number;
}

/** Status codes of canonicalize* (mirrors CYCLES_* in assembly/cycles-canonical.ts). */
export const CycleStatus = Object.freeze({
  ok: 0,
  notANumber: 1,
  outOfRange: 2,
  inconsistent: 3,
});

/** The engine's cycle kernels, typed. */
export function cycleKernels(engine: Engine): CycleKernels {
  return engine.kernels as unknown as CycleKernels;
}

/** C(n, 3), the number of triads among n options. */
export function choose3(n: number): number {
  return n < 3 ? 0 : (n * (n - 1) * (n - 2)) / 6;
}

/** Largest linear memory a wasm32 module can address (65,536 pages of 64 KiB). */
export const WASM32_MAX_BYTES = 4 * 1024 ** 3;

/** Milliseconds clock available in Node and browsers alike. */
export function now(): number {
  return performance.now();
}

