#!/usr/bin/env bash
# Formats every C++ file of app/, core/, ui/ and tests/ as .clang-format says, with clang-format 14
# (installed by setup.sh). --check changes nothing and fails, naming the files, if any would change.
#   bash packaging/format.sh [--check]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
command -v clang-format >/dev/null || bash packaging/setup.sh
mapfile -d '' files < <(git ls-files -z 'app/*.cpp' 'app/*.h' 'core/*.cpp' 'core/*.h' 'ui/*.cpp' 'ui/*.h' \
  'tests/*.cpp' 'tests/*.h')
if [ "${1:-}" = "--check" ]; then
  clang-format --dry-run -Werror "${files[@]}"
  echo "format: ${#files[@]} files as .clang-format says"
else
  clang-format -i "${files[@]}"
fi
