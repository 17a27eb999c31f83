#!/usr/bin/env bash
# Builds the Debian package and the source tarball into build-deb/ (the `deb` preset: Release, no
# tests), with the man page written from the binary's help. Prints the package's path last.
#   bash packaging/deb.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash packaging/setup.sh
cmake --preset deb >/dev/null
cmake --build build-deb -j"$(nproc)"
cmake --build build-deb --target manpage
rm -f build-deb/stackbench_*.deb
(cd build-deb && cpack -G DEB >/dev/null && cpack --config CPackSourceConfig.cmake >/dev/null)
ls build-deb/stackbench-*.tar.gz >&2
ls "$here"/build-deb/stackbench_*.deb
