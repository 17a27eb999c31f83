#!/usr/bin/env bash
# Compares the load clients' throughput and CPU cost against wrk, with nginx as a fast, steady target.
#
# nginx runs on CPU 1 (one worker), every client on CPU 0, so a client that burns CPU shows up as
# fewer requests per second and more CPU-ms per 1,000 requests. See README.md beside this file.
#
# Environment:
#   STACKBENCH   stackbench binary (default: <repo>/build/app/stackbench); rows print n/a if missing
#   DURATION     seconds per run (default 10)
#   CONNECTIONS  connection counts (default "10 50 100")
#   SERVER_CPU / CLIENT_CPU   CPUs to pin nginx and the clients to (default 1 / 0)
#   REPEAT       runs per cell (default 1); the table keeps the run with the highest req/s, the one
#                least disturbed by anything else on the machine
#   NO_INSTALL=1 never call apt-get; fail if a tool is missing
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACKBENCH=${STACKBENCH:-$REPO/build/app/stackbench}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-"10 50 100"}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
REPEAT=${REPEAT:-1}
CLIENTS=(wrk socket qnam)

PERF_NAME=engine_vs_wrk
WORK=$(mktemp -d /tmp/engine_vs_wrk.XXXXXX)
source "$REPO/tests/perf/lib.sh"

# --- tools -------------------------------------------------------------------------------------
as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        die "need root (or sudo) to run: $*"; fi
}

install_missing() {
    local missing=()
    command -v wrk >/dev/null || missing+=(wrk)
    command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
    [[ -x /usr/bin/time ]] || missing+=(time)
    command -v taskset >/dev/null || missing+=(util-linux)
    command -v jq >/dev/null || missing+=(jq)
    [[ ${#missing[@]} -eq 0 ]] && return
    [[ ${NO_INSTALL:-0} == 1 ]] && die "missing: ${missing[*]} (and NO_INSTALL=1)"
    log "installing: ${missing[*]}"
    # Keep the package's own nginx service from starting: we run a private instance instead.
    local made_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
        as_root chmod 755 /usr/sbin/policy-rc.d
        made_policy=1
    fi
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    [[ $made_policy == 1 ]] && as_root rm -f /usr/sbin/policy-rc.d
    return 0
}

# --- nginx -------------------------------------------------------------------------------------
NGINX_PID=""
MEASURE_PID=""
set -m # each measured run gets its own process group, so an interrupt can end all of it

cleanup() {
    if [[ -n $MEASURE_PID ]]; then
        kill -TERM -- "-$MEASURE_PID" 2>/dev/null || true
        wait "$MEASURE_PID" 2>/dev/null || true
    fi
    stop_nginx
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# CPU time (ms, user + system) used so far by nginx's master and workers.
server_cpu_ms() {
    local pid total=0 tick
    tick=$(getconf CLK_TCK)
    for pid in "$NGINX_PID" $(ps -o pid= --ppid "$NGINX_PID" 2>/dev/null); do
        [[ -r /proc/$pid/stat ]] || continue
        # Fields after the ")" of the command name: utime and stime are the 12th and 13th.
        total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')))
    done
    echo $((total * 1000 / tick))
}

# --- one measured run --------------------------------------------------------------------------
# Prints "requests rps cpu_ms errors server_cpu_ms", or "n/a" / "fail".
measure() {
    local client=$1 conns=$2 url=$3 out="$WORK/out.txt" cpu="$WORK/cpu.txt"
    local limit=$((DURATION + 30))
    local cmd
    case $client in
        wrk) cmd=(wrk -t1 -c"$conns" -d"${DURATION}s" "$url") ;;
        *)
            [[ -x $STACKBENCH ]] || { echo "n/a"; return; }
            cmd=("$STACKBENCH" load --url "$url" --vus "$conns" --duration "${DURATION}s" --transport "$client" --json)
            ;;
    esac
    local server_before
    server_before=$(server_cpu_ms)
    if ! /usr/bin/time -f "%U %S" -o "$cpu" taskset -c "$CLIENT_CPU" timeout --foreground -k 5 "$limit" "${cmd[@]}" \
        >"$out" 2>"$WORK/err.txt"; then
        log "  $client -c$conns failed: $(tail -n 3 "$WORK/err.txt" | tr '\n' ' ')"
        echo "fail"
        return
    fi
    local cpu_ms requests rps errors server_ms
    server_ms=$(($(server_cpu_ms) - server_before))
    cpu_ms=$(awk 'END { printf "%.0f", ($1 + $2) * 1000 }' "$cpu")
    read -r requests rps errors < <(client_totals "$client" "$out")
    if ! [[ $requests =~ ^[0-9]+$ ]] || [[ $requests == 0 ]]; then
        log "  $client -c$conns: no requests in output: $(head -c 300 "$out")"
        echo "fail"
        return
    fi
    log "  $client -c$conns: $requests requests, $rps req/s, CPU user+sys $(awk 'END { print $1 "+" $2 }' "$cpu") s, nginx ${server_ms} ms"
    echo "$requests $rps $cpu_ms $errors $server_ms"
}

# --- main --------------------------------------------------------------------------------------
install_missing
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [[ $(nproc) -lt 2 ]]; then
    log "warning: fewer than 2 CPUs; server and client share CPU 0"
    SERVER_CPU=0 CLIENT_CPU=0
fi
[[ -x $STACKBENCH ]] || log "note: $STACKBENCH not found: stackbench rows print n/a"

PORT=$(free_port)
start_nginx "$PORT" "$SERVER_CPU" || die "nginx did not start"
URL="http://127.0.0.1:$PORT/hello"
log "nginx $("$NGINX" -v 2>&1 | sed 's/.*\///') pid $NGINX_PID on CPU $SERVER_CPU, clients on CPU $CLIENT_CPU, $URL"
log "$(wrk --version 2>&1 | head -n 1 | cut -c1-40); $(nproc) CPUs; $(uname -r); ${DURATION}s per run"
log "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1); $STACKBENCH"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

declare -A RESULT
for conns in $CONNECTIONS; do
    for run in $(seq "$REPEAT"); do
        for client in "${CLIENTS[@]}"; do
            log "running $client with $conns connections, run $run/$REPEAT (load $(cut -d' ' -f1-3 /proc/loadavg))..."
            # In the background and waited for, so that a signal is handled at once, not after the run.
            measure "$client" "$conns" "$URL" >"$WORK/result" &
            MEASURE_PID=$!
            wait "$MEASURE_PID" || true
            MEASURE_PID=""
            keep_best "RESULT[$client,$conns]" "$(<"$WORK/result")"
            sleep 1 # let TIME_WAIT and the server settle
        done
    done
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

printf '\n| client | conns | req/s | CPU-ms / 1k req | req/s vs wrk | CPU vs wrk | errors | nginx CPU-ms / 1k req |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
for conns in $CONNECTIONS; do
    read -r wreq wrps wcpu _ <<<"${RESULT[wrk,$conns]}"
    wperk=""
    [[ ${wreq:-} =~ ^[0-9]+$ ]] && wperk=$(per_k "$wcpu" "$wreq")
    for client in "${CLIENTS[@]}"; do
        read -r req rps cpu errors server <<<"${RESULT[$client,$conns]}"
        if ! [[ ${req:-} =~ ^[0-9]+$ ]]; then
            printf '| %s | %s | %s | | | | | |\n' "$client" "$conns" "$req"
            continue
        fi
        perk=$(per_k "$cpu" "$req")
        printf '| %s | %s | %.0f | %s | %s | %s | %s | %s |\n' "$client" "$conns" "$rps" "$perk" \
            "$(ratio "$rps" "${wrps:-0}")" "$(ratio "$perk" "${wperk:-0}")" "$errors" "$(per_k "$server" "$req")"
    done
done
printf '\nLoad average (1/5/15 min): %s before, %s after. Best of %s run(s) per row.\n' "$LOAD_BEFORE" "$LOAD_AFTER" "$REPEAT"
