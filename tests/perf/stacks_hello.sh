#!/usr/bin/env bash
# GET /hello on each Python stack, measured by `stackbench load` and by wrk in the same run.
#
# For every stack: `stackbench serve --stack NAME` in the background, wait for GET /hello, then
# `stackbench load --vus N --duration Ds --json` and `wrk -t1 -cN -dDs` one after the other against
# the same server, then SIGTERM to the serve process and wait for it. Done twice: unpinned (the
# paper's setup) and pinned (server tree on SERVER_CPU, clients on CLIENT_CPU). See README.md.
#
# Environment:
#   STACKBENCH          stackbench binary (default: <repo>/build/app/stackbench)
#   STACKBENCH_VENV     venv with the stacks' packages (default: <repo>/.venv)
#   STACKBENCH_MANIFEST stack manifest (default: <repo>/resources/stacks/stacks.json)
#   STACKS              stacks to run (default: all five)
#   MODES               "unpinned pinned" (default), or just one of them
#   CONNS / DURATION    connections (VUs) and seconds per client run (default 50 / 10)
#   TRANSPORT           stackbench transport (default socket)
#   REPEAT              runs of each client per stack (default 1); the order alternates (stackbench
#                       first on odd runs, wrk first on even ones) and the table keeps each client's
#                       run with the highest req/s, the one least disturbed by the rest of the machine
#   WARMUP              seconds of untimed wrk load before measuring (default 2; 0 = none)
#   SERVER_CPU / CLIENT_CPU   CPUs for the pinned mode (default 1 / 0)
#   BASE_PORT           preferred port of the first stack (default 38100; serve picks another if taken)
#   TRUST_MANIFEST=1    pass --trust to serve (builds that gate manifests outside their own source
#                       tree behind an approval), with the approval kept in this run's temporary
#                       XDG_CONFIG_HOME so nothing is remembered afterwards. Review the manifest first.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACKBENCH=${STACKBENCH:-$REPO/build/app/stackbench}
export STACKBENCH_VENV=${STACKBENCH_VENV:-$REPO/.venv}
export STACKBENCH_MANIFEST=${STACKBENCH_MANIFEST:-$REPO/resources/stacks/stacks.json}
STACKS=${STACKS:-"fastapi-sqlmodel fastapi-sqlite3 flask-sqlalchemy flask-sqlite3 django-drf"}
MODES=${MODES:-"unpinned pinned"}
CONNS=${CONNS:-50}
DURATION=${DURATION:-10}
TRANSPORT=${TRANSPORT:-socket}
WARMUP=${WARMUP:-2}
REPEAT=${REPEAT:-1}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
BASE_PORT=${BASE_PORT:-38100}
TRUST_MANIFEST=${TRUST_MANIFEST:-0}

PERF_NAME=stacks_hello
source "$REPO/tests/perf/lib.sh"

[[ -x $STACKBENCH ]] || die "no stackbench binary at $STACKBENCH (set STACKBENCH)"
for tool in wrk jq curl taskset; do command -v "$tool" >/dev/null || die "$tool is missing"; done
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
[[ -f $STACKBENCH_MANIFEST ]] || die "no manifest at $STACKBENCH_MANIFEST"
[[ -x $STACKBENCH_VENV/bin/gunicorn ]] || die "no gunicorn in $STACKBENCH_VENV"

WORK=$(mktemp -d /tmp/stacks_hello.XXXXXX)
SERVE_PID=""
SERVE_ENV=()
SERVE_ARGS=()
if [[ $TRUST_MANIFEST == 1 ]] && "$STACKBENCH" serve --help 2>/dev/null | grep -q -- '--trust'; then
    mkdir -p "$WORK/config"
    SERVE_ENV=(XDG_CONFIG_HOME="$WORK/config")
    SERVE_ARGS=(--trust)
fi
set -m # background jobs get their own process group

stop_serve() {
    [[ -n $SERVE_PID ]] || return 0
    if kill -0 "$SERVE_PID" 2>/dev/null; then
        kill -TERM "$SERVE_PID" 2>/dev/null || true
        # serve stops its stack gracefully; give it time, then insist.
        for _ in $(seq 150); do kill -0 "$SERVE_PID" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$SERVE_PID" 2>/dev/null; then
            log "  serve pid $SERVE_PID ignored SIGTERM for 15 s; sending SIGKILL"
            kill -KILL "$SERVE_PID" 2>/dev/null || true
        fi
    fi
    wait "$SERVE_PID" 2>/dev/null || true
    SERVE_PID=""
}
cleanup() { stop_serve; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# All descendants of a PID (not including it).
descendants() {
    local child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        echo "$child"
        descendants "$child"
    done
}

# Starts a stack; sets SERVE_PID and URL. $1 stack, $2 preferred port, $3 "pinned" or "unpinned".
start_serve() {
    local stack=$1 port=$2 mode=$3 pin=()
    [[ $mode == pinned ]] && pin=(taskset -c "$SERVER_CPU")
    : >"$WORK/serve.out"
    env "${SERVE_ENV[@]}" "${pin[@]}" "$STACKBENCH" serve --stack "$stack" --port "$port" "${SERVE_ARGS[@]}" \
        >"$WORK/serve.out" 2>"$WORK/serve.err" &
    SERVE_PID=$!
    URL=""
    for _ in $(seq 600); do # up to 60 s (seeding + interpreter start)
        kill -0 "$SERVE_PID" 2>/dev/null || break
        if [[ -z $URL ]]; then
            URL=$(sed -n 's/.* is serving on \(http:\/\/[^ ]*\).*/\1/p' "$WORK/serve.out" | head -n 1)
        fi
        if [[ -n $URL ]] && curl -sf -o /dev/null --max-time 2 "$URL/hello"; then
            if [[ $mode == pinned ]]; then
                # Belt and braces: everything in the tree inherited the mask from taskset -c; make
                # sure of it (gunicorn re-forks workers from its master, which is pinned too).
                local pid
                local masks=""
                for pid in $SERVE_PID $(descendants "$SERVE_PID"); do
                    taskset -a -p -c "$SERVER_CPU" "$pid" >/dev/null 2>&1 || true
                    masks+=" $pid:$(taskset -c -p "$pid" 2>/dev/null | sed 's/.*: //')"
                done
                log "  server tree affinity (pid:cpus):$masks"
            fi
            return 0
        fi
        sleep 0.1
    done
    log "  $stack did not become ready:"
    tail -n 20 "$WORK/serve.out" "$WORK/serve.err" >&2 || true
    grep -q 'has not been approved' "$WORK/serve.err" 2>/dev/null \
        && log "  (review $STACKBENCH_MANIFEST, then rerun with TRUST_MANIFEST=1)"
    stop_serve
    return 1
}

# Runs one client under /usr/bin/time; prints "requests rps cpu_ms errors" or "fail".
measure() {
    local client=$1 url=$2 mode=$3 out="$WORK/out.txt" cpu="$WORK/cpu.txt" pin=()
    [[ $mode == pinned ]] && pin=(taskset -c "$CLIENT_CPU")
    local cmd
    case $client in
        wrk) cmd=(wrk -t1 -c"$CONNS" -d"${DURATION}s" "$url") ;;
        stackbench) cmd=("$STACKBENCH" load --url "$url" --vus "$CONNS" --duration "${DURATION}s"
                         --transport "$TRANSPORT" --json) ;;
    esac
    if ! /usr/bin/time -f "%U %S" -o "$cpu" "${pin[@]}" timeout -k 5 $((DURATION + 30)) "${cmd[@]}" \
        >"$out" 2>"$WORK/err.txt"; then
        log "  $client failed: $(tail -n 3 "$WORK/err.txt" | tr '\n' ' ')"
        echo fail
        return
    fi
    local requests rps errors cpu_ms
    cpu_ms=$(awk 'END { printf "%.0f", ($1 + $2) * 1000 }' "$cpu")
    read -r requests rps errors < <(client_totals "$client" "$out")
    if ! [[ $requests =~ ^[0-9]+$ ]] || [[ $requests == 0 ]]; then
        log "  $client: no requests in output: $(head -c 300 "$out")"
        echo fail
        return
    fi
    echo "$requests $rps $cpu_ms $errors"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "stackbench $STACKBENCH; $(nproc) CPUs; $(uname -r); load $LOAD_BEFORE"
log "GET /hello, $CONNS connections, ${DURATION}s per client, transport $TRANSPORT, modes: $MODES"

declare -A SB WRK
port=$BASE_PORT
for mode in $MODES; do
    for stack in $STACKS; do
        log "[$mode] $stack (load $(cut -d' ' -f1 /proc/loadavg))"
        if ! start_serve "$stack" "$port" "$mode"; then
            SB[$mode,$stack]=fail WRK[$mode,$stack]=fail
            port=$((port + 1))
            continue
        fi
        port=$((port + 1))
        log "  serving on $URL (pid $SERVE_PID)"
        if [[ $WARMUP -gt 0 ]]; then wrk -t1 -c"$CONNS" -d"${WARMUP}s" "$URL/hello" >/dev/null 2>&1 || true; fi
        SB[$mode,$stack]="" WRK[$mode,$stack]=""
        for run in $(seq "$REPEAT"); do
            order=(stackbench wrk)
            [[ $((run % 2)) == 0 ]] && order=(wrk stackbench)
            for client in "${order[@]}"; do
                result=$(measure "$client" "$URL/hello" "$mode")
                log "  run $run/$REPEAT $client: $result (requests rps cpu_ms errors; load $(cut -d' ' -f1 /proc/loadavg))"
                if [[ $client == wrk ]]; then keep_best "WRK[$mode,$stack]" "$result"; else keep_best "SB[$mode,$stack]" "$result"; fi
                sleep 1
            done
        done
        stop_serve
        sleep 1
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)


printf '\n| mode | stack | stackbench req/s | wrk req/s | ratio | stackbench CPU-ms / 1k req | wrk CPU-ms / 1k req | errors (sb / wrk) |\n'
printf '|---|---|---:|---:|---:|---:|---:|---:|\n'
for mode in $MODES; do
    for stack in $STACKS; do
        read -r sreq srps scpu serr <<<"${SB[$mode,$stack]}"
        read -r wreq wrps wcpu werr <<<"${WRK[$mode,$stack]}"
        cell() { [[ ${1:-} =~ ^[0-9]+$ ]] && printf '%.0f' "$2" || printf '%s' "${1:-fail}"; }
        sperk="" wperk=""
        [[ ${sreq:-} =~ ^[0-9]+$ ]] && sperk=$(per_k "$scpu" "$sreq")
        [[ ${wreq:-} =~ ^[0-9]+$ ]] && wperk=$(per_k "$wcpu" "$wreq")
        r=n/a
        [[ ${sreq:-} =~ ^[0-9]+$ && ${wreq:-} =~ ^[0-9]+$ ]] && r=$(ratio "$srps" "$wrps")
        printf '| %s | %s | %s | %s | %s | %s | %s | %s / %s |\n' "$mode" "$stack" \
            "$(cell "${sreq:-}" "${srps:-0}")" "$(cell "${wreq:-}" "${wrps:-0}")" "$r" \
            "$sperk" "$wperk" "${serr:-}" "${werr:-}"
    done
done
printf '\nLoad average (1/5/15 min): %s before, %s after. Best of %s run(s) per cell.\n' "$LOAD_BEFORE" "$LOAD_AFTER" "$REPEAT"
