#!/usr/bin/env bash
# The resource sampler's CPU per reading, with and without the diagnostics, against a live stack
# under load: `stackbench serve --stack STACK`, then `stackbench load --vus VUS` in the background,
# and while it runs, sampler_cost reads the stack's tree READINGS times each way.
#
# Environment: STACKBENCH (binary), STACK (default django-drf), VUS (50), READINGS (400),
# BUILD (default <repo>/build).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$REPO/build}
STACKBENCH=${STACKBENCH:-$BUILD/app/stackbench}
STACK=${STACK:-django-drf}
VUS=${VUS:-50}
READINGS=${READINGS:-400}
WORK=$(mktemp -d)
PERF_NAME=sampler_cost.sh
# shellcheck source=lib.sh
source "$REPO/tests/perf/lib.sh"
trap 'kill "${SERVE_PID:-}" "${LOAD_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

port=$(free_port)
"$STACKBENCH" serve --stack "$STACK" --port "$port" >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$SERVE_PID" 2>/dev/null || die "serve exited: $(cat "$WORK/serve.log")"
    sleep 0.1
done
# serve's child is the stack's root (gunicorn master).
root=$(pgrep -P "$SERVE_PID" -f gunicorn | head -1)
[ -n "$root" ] || die "no stack process under serve ($SERVE_PID)"
"$STACKBENCH" load --url "http://127.0.0.1:$port/hello" --vus "$VUS" --duration 30s >/dev/null 2>&1 &
LOAD_PID=$!
sleep 3
"$BUILD/tests/perf/sampler_cost" "$root" "$port" "$READINGS"
