#!/usr/bin/env bash
# Measures the load engine's own error: the mean latency it reports minus the true service time of a
# calibration server that answers after exactly 0, 5 or 20 ms, for both transports at 1, 10, 50 and
# 100 VUs, with wrk at the same settings as a reference. See README.md beside this file.
#
# The server (calibration_server, plain C++/epoll, CPU 1) reports how late its timers fired; that is
# the server's error, not the client's, so "added" subtracts it:
#     added mean = reported mean - service time - server lateness
#
# Environment:
#   STACKBENCH          stackbench binary (default <repo>/build/app/stackbench)
#   CALIBRATION_SERVER  server binary (default <repo>/build/tests/perf/calibration_server)
#   DURATION            seconds per run (default 5)
#   VUS                 VU counts (default "1 10 50 100")
#   DELAYS              service times in ms (default "0 5 20")
#   TRANSPORTS          Stackbench transports (default "socket qnam")
#   WITH_WRK            1 (default): also run wrk -t1 at each VU count and delay, as a reference; 0: skip
#   SERVER_CPU / CLIENT_CPU   pinning (default 1 / 0)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACKBENCH=${STACKBENCH:-$REPO/build/app/stackbench}
CALIBRATION_SERVER=${CALIBRATION_SERVER:-$REPO/build/tests/perf/calibration_server}
DURATION=${DURATION:-5}
VUS=${VUS:-"1 10 50 100"}
DELAYS=${DELAYS:-"0 5 20"}
TRANSPORTS=${TRANSPORTS:-"socket qnam"}
WITH_WRK=${WITH_WRK:-1}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}

PERF_NAME=calibration
source "$REPO/tests/perf/lib.sh"

[[ -x $STACKBENCH ]] || die "no stackbench at $STACKBENCH (set STACKBENCH)"
[[ -x $CALIBRATION_SERVER ]] || die "no calibration_server at $CALIBRATION_SERVER (cmake --build BUILD --target calibration_server)"
command -v jq >/dev/null || die "needs jq"
command -v curl >/dev/null || die "needs curl"
if [[ $WITH_WRK == 1 ]] && ! command -v wrk >/dev/null; then log "wrk not found: no reference rows"; WITH_WRK=0; fi
if [[ $(nproc) -lt 2 ]]; then SERVER_CPU=0 CLIENT_CPU=0; log "warning: 1 CPU; server and client share it"; fi

WORK=$(mktemp -d /tmp/calibration.XXXXXX)
SERVER_PID=""
cleanup() {
    if [[ -n $SERVER_PID ]]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_calibration_server "$CALIBRATION_SERVER" "$SERVER_CPU"
log "calibration_server pid $SERVER_PID on CPU $SERVER_CPU at $BASE; clients on CPU $CLIENT_CPU; ${DURATION}s per run"
log "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1); $(nproc) CPUs; $(uname -r); load $(cut -d' ' -f1-3 /proc/loadavg)"

late_us() { curl -s "$BASE/stats" | jq -r '.late_us_mean'; }

# wrk's "Latency  5.12ms ..." line, in ms
wrk_ms() { awk -v col="$1" '$1 == "Latency" && $2 ~ /^[0-9]/ { v = $col; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
           f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.3f", v * f }'; }

# One run; prints "rps mean p99 cpu errors", or "fail".
measure() {
    local client=$1 vus=$2 url=$3 out="$WORK/out.txt" limit=$((DURATION + 30))
    if [[ $client == wrk ]]; then
        timeout -k 5 "$limit" taskset -c "$CLIENT_CPU" wrk -t1 -c"$vus" -d"${DURATION}s" --latency "$url" >"$out" 2>&1 \
            || { echo fail; return; }
        local rps mean p99 errors
        rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
        mean=$(wrk_ms 2 <"$out")
        p99=$(awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
                   f = (u == "us") ? 0.001 : (u == "s") ? 1000 : 1; printf "%.3f", v * f }' "$out")
        errors=$(awk '/Non-2xx or 3xx/ { n += $NF } /Socket errors:/ { gsub(/[^0-9 ]/, " "); n += $1 + $2 + $3 + $4 }
                      END { print n + 0 }' "$out")
        echo "$rps $mean $p99 - $errors"
        return
    fi
    timeout -k 5 "$limit" taskset -c "$CLIENT_CPU" "$STACKBENCH" load --url "$url" --vus "$vus" \
        --duration "${DURATION}s" --transport "$client" --json >"$out" 2>"$WORK/err.txt" || { echo fail; return; }
    jq -r '"\(.rps) \(.latency_ms.mean) \(.latency_ms.p99) \(.client_cpu_percent * 10 | round / 10) \([.errors[]] | add // 0)"' "$out" \
        2>/dev/null || echo fail
}

CLIENTS=$TRANSPORTS
[[ $WITH_WRK == 1 ]] && CLIENTS="$CLIENTS wrk"
ROWS=()
for delay in $DELAYS; do
    for vus in $VUS; do
        for client in $CLIENTS; do
            curl -s "$BASE/stats/reset" >/dev/null
            result=$(measure "$client" "$vus" "$BASE/delay/$delay")
            late=$(late_us)
            if [[ $result == fail ]]; then
                log "  $client $vus VUs ${delay} ms: failed"
                ROWS+=("| $client | $vus | $delay | fail | | | | | | |")
                continue
            fi
            read -r rps mean p99 cpu errors <<<"$result"
            added=$(awk -v m="$mean" -v d="$delay" -v l="$late" 'BEGIN { printf "%.3f", m - d - l / 1000 }')
            log "  $client $vus VUs ${delay} ms: $rps req/s, mean $mean ms, server late ${late} us, added $added ms"
            ROWS+=("$(printf '| %s | %s | %s | %.0f | %.3f | %.3f | %.1f | **%s** | %s | %s |' "$client" "$vus" "$delay" \
                "$rps" "$mean" "$p99" "$late" "$added" "$cpu" "$errors")")
            sleep 1
        done
    done
done

echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'). Machine: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) CPUs, $(uname -r)."
echo "Commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO" diff --quiet 2>/dev/null || echo ' (dirty)'). ${DURATION} s per run; server on CPU $SERVER_CPU, client on CPU $CLIENT_CPU."
echo
echo "| client | VUs | service ms | req/s | mean ms | p99 ms | server late µs | added mean ms | client CPU % | errors |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
