#!/usr/bin/env bash
# Installs what is missing, builds, and starts the Stackbench workbench (arguments go to stackbench).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/packaging/setup.sh"
bash "$here/packaging/build.sh"
build="${STACKBENCH_BUILD_DIR:-$here/build}"
if [ $# -eq 0 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run.sh: no display; starting the workbench under xvfb-run (set DISPLAY to see it)" >&2
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$build/app/stackbench"
fi
exec "$build/app/stackbench" "$@"
