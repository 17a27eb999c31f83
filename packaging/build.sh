#!/usr/bin/env bash
# Configures and builds Stackbench into build/ (or $STACKBENCH_BUILD_DIR). Warnings are errors in CI.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${STACKBENCH_BUILD_DIR:-$here/build}"
werror=OFF
[ -n "${CI:-}" ] && werror=ON
cmake -S "$here" -B "$build" -G Ninja -DSTACKBENCH_WERROR="$werror" ${STACKBENCH_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j"$(nproc)"
