#!/usr/bin/env bash
# Issue 18's check of the package, for real: builds it (packaging/deb.sh), checks it with lintian,
# appstreamcli and desktop-file-validate, installs it with apt, and from the installed files alone —
# run from a scratch directory, with a fresh HOME and no STACKBENCH_* variables, so nothing of the
# checkout is in reach — runs `--version`, `setup` (the venv in the user's data directory), `verify
# --stack flask-sqlite3`, the quick study, an HTML report and the GUI under Xvfb; then removes it.
# Needs root (apt) and PyPI (the venv). Bounded: every step has a timeout.
#   bash tests/packaging/deb_install.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
step() { echo "== $(date -u +%T) $*"; }

step "build"
deb="$(bash "$here/packaging/deb.sh" | tail -1)"
ls -l "$deb"

tools=(lintian appstream desktop-file-utils)
missing=()
for p in "${tools[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
((${#missing[@]} == 0)) || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

step "lintian"
lintian --fail-on error --suppress-tags no-copyright-file,debian-changelog-file-missing "$deb" || { echo "lintian found errors"; exit 1; }

step "install"
DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq "$deb" >/dev/null
trap 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq stackbench >/dev/null || true' EXIT
appstreamcli validate --no-net /usr/share/metainfo/io.github.stackbench.Stackbench.metainfo.xml
desktop-file-validate /usr/share/applications/io.github.stackbench.Stackbench.desktop
test -f /usr/share/man/man1/stackbench.1.gz
man -l /usr/share/man/man1/stackbench.1.gz 2>/dev/null | grep -q "merge\|report" || zcat /usr/share/man/man1/stackbench.1.gz | grep -q "report"

scratch="$(mktemp -d)"
export HOME="$scratch/home"
mkdir -p "$HOME"
unset STACKBENCH_VENV STACKBENCH_MANIFEST XDG_DATA_HOME
cd "$scratch"
sb=/usr/bin/stackbench

step "version"
timeout 30 $sb --version
step "setup"
timeout 900 $sb setup
test -x "$HOME/.local/share/stackbench/venv/bin/gunicorn"
step "verify"
out="$(timeout 300 $sb verify --stack flask-sqlite3 2>&1)"
echo "$out" | tail -3
if echo "$out" | grep -q "$here"; then echo "the installed binary read the checkout"; exit 1; fi
step "quick study"
timeout 1200 $sb run --plan /usr/share/stackbench/resources/plans/quick.json --out "$scratch/results" | tail -3
timeout 300 $sb report --results "$scratch/results" --out "$scratch/report" --format html | tail -2
test -s "$scratch/report/report.html"
step "gui"
xvfb-run -a -s "-screen 0 1280x800x24" timeout 20 $sb >"$scratch/gui.log" 2>&1 &
sleep 8
pgrep -f "^$sb$" >/dev/null || { cat "$scratch/gui.log"; echo "the workbench did not stay up"; exit 1; }
wait || true
step "done: the package installs, sets itself up and runs a study with no checkout"
