# Shared by the perf scripts beside this file; sourced, never run. Needs WORK (a scratch directory)
# and PERF_NAME (the script's name, for error lines) to be set by the caller.

log() { printf '%s\n' "$*" >&2; }
die() { log "$PERF_NAME: $*"; exit 1; }

# A TCP port on 127.0.0.1 that nobody listens on.
free_port() {
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 30000))
        # A connect that fails means nobody listens there.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    die "no free port found"
}

# A private nginx (one worker, pinned to CPU $2) serving GET /hello = {"message":"Hello, World!"}
# on 127.0.0.1:$1, configured for a benchmark: keep-alive without limit, no access log. Sets
# NGINX_PID; returns 1, with nginx's error log on stderr, if it does not come up.
start_nginx() {
    local port=$1 cpu=$2 nginx
    nginx=$(command -v nginx || echo /usr/sbin/nginx)
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
    "$nginx" -t -q -p "$WORK" -c "$WORK/nginx.conf" 2>"$WORK/nginx-t.log" || { cat "$WORK/nginx-t.log" >&2; return 1; }
    taskset -c "$cpu" "$nginx" -p "$WORK" -c "$WORK/nginx.conf" 2>>"$WORK/error.log" &
    NGINX_PID=$!
    for _ in $(seq 50); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        kill -0 "$NGINX_PID" 2>/dev/null || break
        sleep 0.1
    done
    cat "$WORK/error.log" >&2
    return 1
}

# Stops the nginx start_nginx started: graceful QUIT, then KILL after 5 s.
stop_nginx() {
    [[ -n ${NGINX_PID:-} ]] || return 0
    if kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -QUIT "$NGINX_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$NGINX_PID" 2>/dev/null || true
    fi
    wait "$NGINX_PID" 2>/dev/null || true
    NGINX_PID=""
}

# "requests rps errors" from the output file $2 of client $1: wrk's text, or anything else's
# `stackbench load --json`. Errors are wrk's non-2xx responses plus its socket errors, or the sum of
# the JSON's errors{}.
client_totals() {
    local client=$1 out=$2
    if [[ $client == wrk ]]; then
        awk '/ requests in / { n = $1 } /^Requests\/sec:/ { r = $2 }
             /Non-2xx or 3xx/ { e += $NF } /Socket errors:/ { gsub(/[^0-9 ]/, " "); e += $1 + $2 + $3 + $4 }
             END { print n + 0, r + 0, e + 0 }' "$out"
    else
        jq -r '"\(.requests) \(.rps) \([.errors[]] | add // 0)"' "$out" 2>/dev/null || echo "0 0 0"
    fi
}

# Keeps in the variable or array cell named $1 whichever of its value and $2 has the higher req/s
# (the second field); a result with numbers beats "fail" or "n/a". For REPEAT: the best run is the
# one least disturbed by the rest of the machine.
keep_best() {
    local -n cell=$1
    local new=$2
    if [[ -z ${cell:-} ]] || { [[ $new =~ ^[0-9] ]] && { ! [[ $cell =~ ^[0-9] ]] \
        || awk -v a="$(cut -d' ' -f2 <<<"$new")" -v b="$(cut -d' ' -f2 <<<"$cell")" 'BEGIN { exit !(a > b) }'; }; }; then
        cell=$new
    fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
per_k() { awk -v c="$1" -v r="$2" 'BEGIN { printf "%.1f", c / r * 1000 }'; } # CPU-ms per 1,000 requests

# Starts calibration_server ($1, the binary) pinned to CPU $2 on a port the kernel picks. Sets
# SERVER_PID and BASE (http://127.0.0.1:PORT); dies with the server's output if it does not come up.
start_calibration_server() {
    taskset -c "$2" "$1" 0 >"$WORK/calibration.out" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 50); do grep -q '^PORT ' "$WORK/calibration.out" 2>/dev/null && break; sleep 0.1; done
    local port
    port=$(awk '/^PORT /{ print $2 }' "$WORK/calibration.out")
    [[ -n $port ]] || die "calibration_server did not start: $(cat "$WORK/calibration.out")"
    BASE="http://127.0.0.1:$port"
}
