#!/usr/bin/env bash
# Installs the baselines the benchmarks compare against (Debian packages; benchmarks are not part
# of CI): PyTorch for bench/fit.bench.ts, NumPy (with Debian's reference BLAS and OpenBLAS) for
# bench/cycles.bench.ts, which picks the BLAS per process through LD_LIBRARY_PATH.
set -euo pipefail
if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy libopenblas0-pthread
