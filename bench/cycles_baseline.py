"""NumPy baselines for bench/cycles.bench.ts: the exhaustive mean cycle probability of a canonical
preference matrix (diagonal 0, p_ji = 1 - p_ij) read from a .npy file.

  (a) trace(P @ P @ P): sums p_ij p_jk p_ki over ordered triples; each triad's two cyclic
      orientations appear 3 times each, so mean = trace / (3 C(N,3)).
  (b) the O(N^2) identity vectorised: E = C(N,3) - sum_v (S_v^2 - Q_v) / 2 with row sums S of P
      and Q of P * P, written plainly: (p * p).sum(axis=1).
  (b') the same with the sum of squares by np.einsum (no temporary matrix), a tuned variant.

usage: python3 cycles_baseline.py MATRIX.npy REPEATS [trace|notrace]
Prints one JSON object: median seconds and the mean of each baseline (loading is not timed), and
the BLAS library the process actually loaded (read from /proc/self/maps after a matrix product),
since the same NumPy runs on Debian's reference BLAS or on OpenBLAS depending on the library path.
"""
import json
import sys
import time

import numpy as np


def median_time(fn, repeats):
    times, value = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times)), value


def loaded_blas():
    """Path of the BLAS shared library mapped into this process (after one product)."""
    np.ones((4, 4)) @ np.ones((4, 4))
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    except OSError:
        return "unknown"
    return ", ".join(sorted(paths)) or "unknown"


def main():
    path, repeats, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    p = np.load(path)
    n = p.shape[0]
    triads = n * (n - 1) * (n - 2) / 6

    def by_trace():
        return float(np.trace(p @ p @ p)) / 3 / triads

    def by_identity():
        s = p.sum(axis=1)
        q = (p * p).sum(axis=1)
        return (triads - 0.5 * float(s @ s - q.sum())) / triads

    def by_einsum():
        s = p.sum(axis=1)
        return (triads - 0.5 * float(s @ s - np.einsum("ij,ij->", p, p))) / triads

    out = {"n": n, "numpy": np.__version__, "blas": loaded_blas()}
    out["identity_seconds"], out["identity_mean"] = median_time(by_identity, repeats)
    out["einsum_seconds"], out["einsum_mean"] = median_time(by_einsum, repeats)
    if mode == "trace":
        out["trace_seconds"], out["trace_mean"] = median_time(by_trace, 1 if n > 1500 else repeats)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
