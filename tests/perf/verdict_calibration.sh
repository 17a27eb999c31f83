#!/usr/bin/env bash
# Issue 12's verdicts against known service times (see verdict_calibration.cpp): 20 A/A trials of two
# identical endpoints (/delay/2 and /delay/2.0), where at most 2 should be declared different, and
# 20 trials of /delay/2 against /delay/2.2 (10 % longer), where at least 18 should be caught.
#
# Environment:
#   BUILD        build directory (default <repo>/build)
#   TRIALS REPS RUN_SECONDS VUS   per condition (default 20 5 1 10)
#   SERVER_CPU / CLIENT_CPU   pinning (default 1 / 0)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$REPO/build}
TRIALS=${TRIALS:-20} REPS=${REPS:-5} SECONDS_PER_RUN=${RUN_SECONDS:-1} VUS=${VUS:-10}
SERVER_CPU=${SERVER_CPU:-1} CLIENT_CPU=${CLIENT_CPU:-0}
PERF_NAME=verdict_calibration
source "$REPO/tests/perf/lib.sh"

SERVER=$BUILD/tests/perf/calibration_server TOOL=$BUILD/tests/perf/verdict_calibration
[[ -x $SERVER && -x $TOOL ]] || die "build the targets first: cmake --build $BUILD --target calibration_server verdict_calibration"
WORK=$(mktemp -d /tmp/verdicts.XXXXXX)
SERVER_PID=""
cleanup() {
    if [[ -n $SERVER_PID ]]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_calibration_server "$SERVER" "$SERVER_CPU"
log "calibration_server on CPU $SERVER_CPU at $BASE; client on CPU $CLIENT_CPU; load $(cut -d' ' -f1-3 /proc/loadavg)"
for pair in "/delay/2 /delay/2.0" "/delay/2 /delay/2.2"; do
    read -r a b <<<"$pair"
    timeout -k 5 $((TRIALS * REPS * 2 * (${SECONDS_PER_RUN%.*} + 2) + 60)) \
        taskset -c "$CLIENT_CPU" "$TOOL" "$BASE" "$a" "$b" "$TRIALS" "$REPS" "$SECONDS_PER_RUN" "$VUS"
done
