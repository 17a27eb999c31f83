#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, integration against the real stacks, ui).
#
#   bash packaging/test.sh [--sanitize] [ctest arguments...]
#
# --sanitize runs the same suite under ASan + UBSan: it builds the `asan` preset into build-asan/
# (on 2 cores about 12 minutes from scratch, then 5 minutes of tests). The sanitizer runtime options
# and suppressions (tests/sanitizers/) are set on the tests themselves, so plain
# `ctest --test-dir build-asan` behaves the same. STACKBENCH_BUILD_DIR and STACKBENCH_CMAKE_ARGS are
# honoured as in build.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${1:-}" = "--sanitize" ]; then
  shift
  export STACKBENCH_BUILD_DIR="${STACKBENCH_BUILD_DIR:-$here/build-asan}"
  export STACKBENCH_PRESET=asan
fi
bash "$here/packaging/setup.sh"
bash "$here/packaging/build.sh"
build="${STACKBENCH_BUILD_DIR:-$here/build}"
# One test at a time: load tests share two cores with the servers they measure.
ctest --test-dir "$build" --output-on-failure --timeout 900 "$@"
