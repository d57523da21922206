// The messages between the fitting pool and its workers: a graph's index arrays go in, the fit's
// numeric arrays come out, and both directions move their ArrayBuffers instead of copying them.
// Option ids stay in the main thread, which rebuilds the keyed `utilities` record.

import type { FitOptions, FitReport, Metrics } from '../../fit/fit.js';

/** One fit task as posted to a worker (everything structured-cloneable; arrays transferred). */
export interface FitTask {
  n: number;
  edgeA: Int32Array;
  edgeB: Int32Array;
  labels: Float64Array;
  counts?: Float64Array;
  /** Already validated in the main thread; connectivity too, so the worker does not re-check. */
  options: FitOptions;
}

/**
 * A chunk of edge-bootstrap replicates (see src/fit/bootstrap.ts): replicates first..first+count-1
 * of the stream `seed`, each warm-started from `params`.
 */
export interface BootstrapTask extends FitTask {
  kind: 'bootstrap';
  params: Float64Array;
  seed: number;
  first: number;
  count: number;
}

/** The replicates' normalised means, count x n, row by row. */
export type BootstrapReply = { ok: true; means: Float64Array } | { ok: false; name: string; message: string };

/** A worker's answer: the numeric parts of a FitResult, or the error it hit. */
export type FitReply =
  | { ok: true; means: Float64Array; variances: Float64Array; params: Float64Array; metrics: Metrics; fit: FitReport }
  | { ok: false; name: string; message: string };

/** Distinct ArrayBuffers behind the given arrays (a transfer list may not name a buffer twice). */
export function buffersOf(arrays: ReadonlyArray<ArrayBufferView | undefined>): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const a of arrays) {
    if (a && a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0) out.add(a.buffer);
  }
  return [...out];
}
