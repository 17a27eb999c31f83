#!/usr/bin/env bash
# Stackbench against its peers, same target, same run: wrk, Stackbench (socket and QNAM), k6 (running
# the paper's scenario as exported by `stackbench export-k6`), autocannon and locust (headless).
#
# Targets: (a) nginx serving a static JSON, (b) the calibration server with a known service time,
# (c) Python stacks under gunicorn through `stackbench serve` (unpinned, as the paper ran them).
# In (a) and (b) the server is pinned to SERVER_CPU and each client to CLIENT_CPU.
#
# For each peer it prints req/s, mean and p99 latency, and the client's CPU-ms per 1,000 requests
# (user + system time of the client process tree, from /usr/bin/time). A peer that cannot be had is
# skipped with one clear line; tools are installed under TOOLS, never system-wide (except apt's).
#
# Environment:
#   STACKBENCH, CALIBRATION_SERVER   binaries (defaults under <repo>/build)
#   VUS (50), DURATION (10)          connections / VUs and seconds per run: the paper's scenario 1
#   TARGETS ("nginx calibration stacks"), STACKS ("fastapi-sqlite3 django-drf"), CAL_DELAY_MS (5)
#   PEERS ("wrk socket qnam k6 autocannon locust")
#   TOOLS (~/.cache/stackbench-peers)  where k6, autocannon and locust are installed
#   K6_INSTALL_TIMEOUT (600)         seconds allowed for `go install go.k6.io/k6@latest`
#   NO_INSTALL=1                     use only what is already installed
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACKBENCH=${STACKBENCH:-$REPO/build/app/stackbench}
CALIBRATION_SERVER=${CALIBRATION_SERVER:-$REPO/build/tests/perf/calibration_server}
VUS=${VUS:-50}
DURATION=${DURATION:-10}
TARGETS=${TARGETS:-"nginx calibration stacks"}
STACKS=${STACKS:-"fastapi-sqlite3 django-drf"}
CAL_DELAY_MS=${CAL_DELAY_MS:-5}
PEERS=${PEERS:-"wrk socket qnam k6 autocannon locust"}
TOOLS=${TOOLS:-$HOME/.cache/stackbench-peers}
K6_INSTALL_TIMEOUT=${K6_INSTALL_TIMEOUT:-600}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}

PERF_NAME=peers
WORK=$(mktemp -d /tmp/peers.XXXXXX)
source "$REPO/tests/perf/lib.sh"
SERVER_PID=""
set -m # servers get their own process group: stopping one stops its whole tree
stop_server() {
    [[ -n $SERVER_PID ]] || return 0
    kill -TERM "$SERVER_PID" 2>/dev/null || true # `stackbench serve` stops its stack's tree itself
    for _ in $(seq 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- peers: find or install; each sets a command or says why not ------------------------------
declare -A SKIP
K6=""; AUTOCANNON=""; LOCUST=""
want() { [[ " $PEERS " == *" $1 "* ]]; }

find_k6() {
    K6=$(command -v k6 || true)
    [[ -z $K6 && -x $TOOLS/bin/k6 ]] && K6=$TOOLS/bin/k6
    [[ -n $K6 ]] && return
    local go; go=$(command -v go || echo /usr/local/go/bin/go)
    if [[ ${NO_INSTALL:-0} == 1 || ! -x $go ]]; then SKIP[k6]="k6 not installed (and no go, or NO_INSTALL=1)"; return; fi
    log "installing k6 with go install go.k6.io/k6@latest (up to ${K6_INSTALL_TIMEOUT}s)..."
    if GOBIN=$TOOLS/bin timeout "$K6_INSTALL_TIMEOUT" "$go" install go.k6.io/k6@latest >"$WORK/k6-install.log" 2>&1; then
        K6=$TOOLS/bin/k6
    else
        SKIP[k6]="go install go.k6.io/k6@latest failed or took over ${K6_INSTALL_TIMEOUT}s: $(tail -n 1 "$WORK/k6-install.log")"
    fi
}

find_autocannon() {
    AUTOCANNON=$(command -v autocannon || true)
    [[ -z $AUTOCANNON && -x $TOOLS/node_modules/.bin/autocannon ]] && AUTOCANNON=$TOOLS/node_modules/.bin/autocannon
    [[ -n $AUTOCANNON ]] && return
    if [[ ${NO_INSTALL:-0} == 1 ]] || ! command -v npm >/dev/null; then SKIP[autocannon]="autocannon not installed (and no npm, or NO_INSTALL=1)"; return; fi
    log "installing autocannon with npm..."
    if timeout 600 npm install --prefix "$TOOLS" --no-audit --no-fund autocannon >"$WORK/ac-install.log" 2>&1; then
        AUTOCANNON=$TOOLS/node_modules/.bin/autocannon
    else
        SKIP[autocannon]="npm install autocannon failed: $(tail -n 1 "$WORK/ac-install.log")"
    fi
}

find_locust() {
    LOCUST=$(command -v locust || true)
    [[ -z $LOCUST && -x $TOOLS/venv/bin/locust ]] && LOCUST=$TOOLS/venv/bin/locust
    [[ -n $LOCUST ]] && return
    if [[ ${NO_INSTALL:-0} == 1 ]]; then SKIP[locust]="locust not installed (NO_INSTALL=1)"; return; fi
    log "installing locust with pip into $TOOLS/venv..."
    if timeout 600 python3 -m venv "$TOOLS/venv" >"$WORK/locust-install.log" 2>&1 \
        && timeout 600 "$TOOLS/venv/bin/pip" install -q locust >>"$WORK/locust-install.log" 2>&1; then
        LOCUST=$TOOLS/venv/bin/locust
    else
        SKIP[locust]="pip install locust failed: $(tail -n 1 "$WORK/locust-install.log")"
    fi
}

# --- targets ----------------------------------------------------------------------------------
wait_http() { for _ in $(seq "${2:-100}"); do curl -sf -o /dev/null --max-time 2 "$1" && return 0; kill -0 "$SERVER_PID" 2>/dev/null || return 1; sleep 0.1; done; return 1; }

start_nginx_target() { # sets BASE
    local port; port=$(free_port)
    start_nginx "$port" "$SERVER_CPU" || return 1
    SERVER_PID=$NGINX_PID NGINX_PID="" # stop_server stops it like the other targets
    BASE="http://127.0.0.1:$port"
}

start_calibration() { # sets BASE
    taskset -c "$SERVER_CPU" "$CALIBRATION_SERVER" 0 >"$WORK/cal.out" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 50); do grep -q '^PORT ' "$WORK/cal.out" && break; sleep 0.1; done
    BASE="http://127.0.0.1:$(awk '/^PORT /{ print $2 }' "$WORK/cal.out")"
    wait_http "$BASE/hello"
}

start_stack() { # $1 stack; sets BASE
    "$STACKBENCH" serve --stack "$1" >"$WORK/serve.out" 2>"$WORK/serve.err" &
    SERVER_PID=$!
    BASE=""
    for _ in $(seq 600); do
        kill -0 "$SERVER_PID" 2>/dev/null || return 1
        [[ -z $BASE ]] && BASE=$(sed -n 's/.* is serving on \(http:\/\/[^ ]*\).*/\1/p' "$WORK/serve.out" | head -n 1)
        [[ -n $BASE ]] && curl -sf -o /dev/null --max-time 2 "$BASE/hello" && return 0
        sleep 0.1
    done
    return 1
}

# --- one run per peer: prints "rps mean_ms p99_ms cpu_ms_per_1k errors", or "fail REASON" -------
k6_script() { # $1 path: the paper's scenario 1 shape (VUS for DURATION s), exported by stackbench
    cat >"$WORK/plan.json" <<PLAN
{"format": "stackbench-plan", "version": 1, "name": "peers",
 "stacks": [{"name": "target", "url": "http://127.0.0.1:1"}],
 "scenarios": [{"id": "hello", "figure": 1, "metric": "rps", "executor": "constant-vus", "vus": $VUS,
                "duration": "${DURATION}s", "request": {"method": "GET", "path": "$1"}}],
 "procedure": {"settle_s": 0, "seed_count": 0, "idle_s": 0, "gap_s": 0, "repetitions": 1,
               "transport": "socket", "timeout_s": 60}}
PLAN
    rm -rf "$WORK/k6" && "$STACKBENCH" export-k6 --plan "$WORK/plan.json" --out "$WORK/k6" >/dev/null 2>"$WORK/export.err" \
        || log "  export-k6 failed: $(head -n 3 "$WORK/export.err" | tr '\n' ' ')"
}

locustfile() { # $1 path
    cat >"$WORK/locustfile.py" <<PY
from locust import FastHttpUser, constant, task

class Peer(FastHttpUser):
    wait_time = constant(0)

    @task
    def hit(self):
        self.client.get("$1")
PY
}

run_peer() { # $1 peer, $2 base, $3 path, $4 pinned|unpinned
    local peer=$1 url=$2$3 out="$WORK/out.txt" cpu="$WORK/cpu.txt" pin=() cmd=()
    [[ $4 == pinned ]] && pin=(taskset -c "$CLIENT_CPU")
    case $peer in
        wrk) cmd=(wrk -t1 -c"$VUS" -d"${DURATION}s" --latency "$url") ;;
        socket|qnam) cmd=("$STACKBENCH" load --url "$url" --vus "$VUS" --duration "${DURATION}s" --transport "$peer" --json) ;;
        k6) k6_script "$3"; cmd=("$K6" run --quiet --no-color --summary-export "$WORK/k6.json" -e "BASE_URL=$2" "$WORK/k6/01-hello.js") ;;
        autocannon) cmd=("$AUTOCANNON" -c "$VUS" -d "$DURATION" -j "$url") ;;
        locust) locustfile "$3"; cmd=("$LOCUST" -f "$WORK/locustfile.py" --headless -u "$VUS" -r "$VUS" -t "${DURATION}s"
                                     --host "$2" --csv "$WORK/locust" --only-summary --loglevel WARNING) ;;
    esac
    if ! /usr/bin/time -f "%U %S" -o "$cpu" "${pin[@]}" timeout -k 5 $((DURATION + 60)) "${cmd[@]}" >"$out" 2>"$WORK/err.txt"; then
        echo "fail $(tail -n 1 "$WORK/err.txt" | cut -c1-80)"; return
    fi
    local line
    case $peer in
        wrk) line=$(awk 'function ms(v,  u) { u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
                            return v * ((u == "us") ? 0.001 : (u == "s") ? 1000 : 1) }
                         / requests in / { n = $1 } /^Requests\/sec:/ { r = $2 } $1 == "Latency" && $2 ~ /^[0-9]/ { m = ms($2) }
                         $1 == "99%" { p = ms($2) } /Non-2xx or 3xx/ { e += $NF }
                         END { printf "%s %s %.3f %.3f %d", n, r, m, p, e }' "$out") ;;
        socket|qnam) line=$(jq -r '"\(.requests) \(.rps) \(.latency_ms.mean) \(.latency_ms.p99) \([.errors[]] | add // 0)"' "$out") ;;
        k6) line=$(jq -r '.metrics as $m | "\($m.http_reqs.count) \($m.http_reqs.rate) \($m.http_req_duration.avg) \($m.http_req_duration["p(99)"]) \($m.http_req_failed.passes // 0)"' "$WORK/k6.json")
            "$STACKBENCH" import-k6 "$WORK/k6.json" --out "$WORK/k6-results-$RANDOM" --scenario hello >/dev/null 2>&1 \
                || log "  note: import-k6 could not read k6's summary" ;;
        autocannon) line=$(jq -r '"\(.requests.total) \(.requests.average) \(.latency.average) \(.latency.p99) \(.errors + .non2xx)"' "$out") ;;
        locust) line=$(python3 - "$WORK/locust_stats.csv" <<'PY'
import csv, sys
for row in csv.DictReader(open(sys.argv[1])):
    if row["Name"] == "Aggregated":
        print(row["Request Count"], row["Requests/s"], row["Average Response Time"], row["99%"], row["Failure Count"])
PY
) ;;
    esac
    local n rps mean p99 errors
    read -r n rps mean p99 errors <<<"$line"
    [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || { echo "fail no requests in the output"; return; }
    awk -v n="$n" -v r="$rps" -v m="$mean" -v p="$p99" -v e="$errors" 'NR == 1 { c = ($1 + $2) * 1000 }
        END { printf "%.0f %.3f %.3f %.1f %d\n", r, m, p, c / n * 1000, e }' "$cpu"
}

# --- main ---------------------------------------------------------------------------------------
[[ -x $STACKBENCH ]] || die "no stackbench at $STACKBENCH (set STACKBENCH)"
mkdir -p "$TOOLS"
want k6 && find_k6
want autocannon && find_autocannon
want locust && find_locust
want wrk && ! command -v wrk >/dev/null && SKIP[wrk]="wrk not installed (apt-get install wrk)"
for peer in $PEERS; do [[ -n ${SKIP[$peer]:-} ]] && log "skipping $peer: ${SKIP[$peer]}"; done

ROWS=()
measure_target() { # $1 label, $2 path, $3 pinned|unpinned
    local wrk_rps="" peer result
    for peer in $PEERS; do
        if [[ -n ${SKIP[$peer]:-} ]]; then ROWS+=("| $1 | $peer | skipped: ${SKIP[$peer]} | | | | | |"); continue; fi
        log "  $1: $peer, $VUS VUs for ${DURATION}s..."
        result=$(run_peer "$peer" "$BASE" "$2" "$3")
        if [[ $result == fail* ]]; then log "    $result"; ROWS+=("| $1 | $peer | ${result} | | | | | |"); continue; fi
        read -r rps mean p99 cpuk errors <<<"$result"
        [[ $peer == wrk ]] && wrk_rps=$rps
        local vs; vs=$(awk -v a="$rps" -v b="$wrk_rps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
        log "    $rps req/s, mean $mean ms, p99 $p99 ms, $cpuk CPU-ms/1k, $errors errors"
        ROWS+=("| $1 | $peer | $rps | $mean | $p99 | $cpuk | $vs | $errors |")
        sleep 1
    done
}

for target in $TARGETS; do
    case $target in
        nginx) if start_nginx_target; then measure_target "nginx static JSON" /hello pinned; else log "nginx did not start"; fi; stop_server ;;
        calibration)
            if [[ -x $CALIBRATION_SERVER ]] && start_calibration; then
                measure_target "calibration ${CAL_DELAY_MS} ms" "/delay/$CAL_DELAY_MS" pinned
            else log "skipping the calibration server: not built or did not start ($CALIBRATION_SERVER)"; fi
            stop_server ;;
        stacks)
            for stack in $STACKS; do
                if start_stack "$stack"; then measure_target "$stack (unpinned)" /hello unpinned
                else log "skipping $stack: it did not start ($(tail -n 1 "$WORK/serve.err" 2>/dev/null))"; fi
                stop_server
            done ;;
    esac
done

echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'). Machine: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) CPUs, $(uname -r)."
echo "Commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown). $VUS connections/VUs, ${DURATION} s per run."
echo
echo "| target | peer | req/s | mean ms | p99 ms | client CPU-ms / 1k req | req/s vs wrk | errors |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
