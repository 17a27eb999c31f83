#!/usr/bin/env bash
# Configures and builds Stackbench with a preset of CMakePresets.json: `dev` into build/, or `ci`
# (warnings are errors) when CI is set. STACKBENCH_PRESET picks another (asan: build-asan/, where
# CI again makes warnings errors); STACKBENCH_BUILD_DIR overrides the preset's folder, and
# STACKBENCH_CMAKE_ARGS adds cache settings.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
preset="${STACKBENCH_PRESET:-dev}"
if [ -n "${CI:-}" ]; then
  case "$preset" in dev) preset=ci ;; asan) preset=asan-ci ;; esac
fi
case "$preset" in
  asan*) build="${STACKBENCH_BUILD_DIR:-$here/build-asan}" ;;
  *) build="${STACKBENCH_BUILD_DIR:-$here/build}" ;;
esac
cd "$here"
# shellcheck disable=SC2086 # STACKBENCH_CMAKE_ARGS is a list of -D settings
cmake --preset "$preset" -B "$build" ${STACKBENCH_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j"$(nproc)"
