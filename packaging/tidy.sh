#!/usr/bin/env bash
# Runs clang-tidy (the checks of .clang-tidy) over every source file of core/ and fails on any warning.
# Configures the `tidy` preset (clang, build-tidy/) for its compile_commands.json and generates what
# the sources include (moc, resources), but compiles nothing else.
#   bash packaging/tidy.sh [FILE_REGEX]     e.g. 'core/plan/' to check one folder
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
command -v run-clang-tidy >/dev/null || bash packaging/setup.sh
cmake --preset tidy >/dev/null
ninja -C build-tidy stackbench_core_autogen >/dev/null
filter="${1:-$here/core/}"
jobs="$(nproc)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# run-clang-tidy always asks for colour; the log is read without it.
run-clang-tidy -quiet -p build-tidy -j "$jobs" -header-filter="^$here/(core|ui|app)/" "$filter" 2>&1 \
  | sed -r 's/\x1b\[[0-9;]*m//g' >"$log" || true
# run-clang-tidy exits 0 on warnings; count them ourselves (a warning line names file:line:col).
# A header's warning comes once per file that includes it: count each once.
warnings=$({ grep -E '^/.*:[0-9]+:[0-9]+: (warning|error):' "$log" || true; } | sort -u | wc -l)
if [ "$warnings" -ne 0 ]; then
  grep -E -A3 '^/.*:[0-9]+:[0-9]+: (warning|error):' "$log"
  echo "tidy: $warnings warning(s) in ${filter#"$here/"}"
  exit 1
fi
echo "tidy: $(grep -c '"file"' build-tidy/compile_commands.json) translation units known, none of ${filter#"$here/"} has a warning"
