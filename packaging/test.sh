#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, integration against the real stacks, ui).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/packaging/setup.sh"
bash "$here/packaging/build.sh"
build="${STACKBENCH_BUILD_DIR:-$here/build}"
# One test at a time: load tests share two cores with the servers they measure.
ctest --test-dir "$build" --output-on-failure --timeout 900 "$@"
