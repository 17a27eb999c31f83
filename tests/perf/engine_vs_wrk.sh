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

log() { printf '%s\n' "$*" >&2; }
die() { log "engine_vs_wrk: $*"; exit 1; }

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
WORK=$(mktemp -d /tmp/engine_vs_wrk.XXXXXX)
NGINX_PID=""
MEASURE_PID=""
set -m # each measured run gets its own process group, so an interrupt can end all of it

cleanup() {
    if [[ -n $MEASURE_PID ]]; then
        kill -TERM -- "-$MEASURE_PID" 2>/dev/null || true
        wait "$MEASURE_PID" 2>/dev/null || true
    fi
    if [[ -n $NGINX_PID ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -QUIT "$NGINX_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$NGINX_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 30000))
        # A connect that fails means nobody listens there.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    die "no free port found"
}

start_nginx() {
    local port=$1
    mkdir -p "$WORK/www" "$WORK/tmp"
    printf '{"message":"Hello, World!"}' >"$WORK/www/hello"
    chmod -R a+rX "$WORK" # workers may run as nobody
    cat >"$WORK/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 75s;
    open_file_cache max=16;
    client_body_temp_path $WORK/tmp/body;
    proxy_temp_path $WORK/tmp/proxy;
    fastcgi_temp_path $WORK/tmp/fastcgi;
    uwsgi_temp_path $WORK/tmp/uwsgi;
    scgi_temp_path $WORK/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        root $WORK/www;
        location / { default_type application/json; }
    }
}
EOF
    "$NGINX" -t -q -p "$WORK" -c "$WORK/nginx.conf" 2>"$WORK/nginx-t.log" || { cat "$WORK/nginx-t.log" >&2; die "bad nginx config"; }
    taskset -c "$SERVER_CPU" "$NGINX" -p "$WORK" -c "$WORK/nginx.conf" 2>>"$WORK/error.log" &
    NGINX_PID=$!
    for _ in $(seq 50); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return; fi
        kill -0 "$NGINX_PID" 2>/dev/null || break
        sleep 0.1
    done
    cat "$WORK/error.log" >&2
    die "nginx did not start"
}

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
    if [[ $client == wrk ]]; then
        requests=$(awk '/ requests in / { print $1 }' "$out")
        rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
        errors=$(awk '/Non-2xx or 3xx/ { n += $NF } /Socket errors:/ { gsub(/[^0-9 ]/, " "); n += $1 + $2 + $3 + $4 }
                      END { print n + 0 }' "$out")
    else
        requests=$(jq -r '.requests' "$out" 2>/dev/null || true)
        rps=$(jq -r '.rps' "$out" 2>/dev/null || true)
        errors=$(jq -r '[.errors[]] | add // 0' "$out" 2>/dev/null || true)
    fi
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
start_nginx "$PORT"
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
            new=$(<"$WORK/result")
            old=${RESULT[$client,$conns]:-}
            # Keep the best run: one with numbers beats none, then the higher req/s.
            if [[ -z $old ]] || { [[ $new =~ ^[0-9] ]] && { ! [[ $old =~ ^[0-9] ]] \
                || awk -v a="$(cut -d' ' -f2 <<<"$new")" -v b="$(cut -d' ' -f2 <<<"$old")" 'BEGIN { exit !(a > b) }'; }; }; then
                RESULT[$client,$conns]=$new
            fi
            sleep 1 # let TIME_WAIT and the server settle
        done
    done
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
per_k() { awk -v c="$1" -v r="$2" 'BEGIN { printf "%.1f", c / r * 1000 }'; }

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
