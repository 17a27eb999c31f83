#!/usr/bin/env bash
# Creates the test-only venv with HdrHistogram_py (PyPI `hdrhistogram`), an independent implementation
# of HdrHistogram's encoding, for tests/unit/hdrinterop_test.cpp. Rebuilt only when requirements.txt
# changes. STACKBENCH_HDR_VENV says where (default: .venv-hdr at the top of the repository, where the
# test looks unless the same variable is set for it). packaging/setup.sh calls this.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="${STACKBENCH_HDR_VENV:-$root/.venv-hdr}"
req="$here/requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: creating the HdrHistogram test venv in $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$req"
  echo "$want" >"$stamp"
fi
