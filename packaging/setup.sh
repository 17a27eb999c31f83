#!/usr/bin/env bash
# Installs what Stackbench needs on a fresh Debian bookworm machine, skipping what is present:
# the Qt/QCoro toolchain, clang and its libFuzzer/sanitizer runtimes for tests/fuzz, clang-format and
# clang-tidy, headless Chromium for the HTML report's browser test (apt), the Python venv that serves
# the five reference stacks and the tests' HdrHistogram_py venv (pip).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev
  qcoro-qt6-dev libhttp-parser-dev zlib1g-dev libgtest-dev libgmock-dev libboost-dev
  xvfb xauth imagemagick fonts-dejavu-core
  clang libclang-rt-14-dev clang-format clang-tidy
  chromium
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The stacks' venv: rebuilt only when the pinned requirements change.
req="$here/resources/stacks/requirements.txt"
venv="${STACKBENCH_VENV:-$here/.venv}"
if [ -f "$req" ]; then
  stamp="$venv/.requirements.sha256"
  want="$(sha256sum "$req" | cut -d' ' -f1)"
  if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: creating the stacks' venv in $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$req"
    echo "$want" >"$stamp"
  fi
fi

# The test-only venv with HdrHistogram_py, for the unit tests' check of the histogram encoding.
bash "$here/tests/tools/hdr/setup.sh"
