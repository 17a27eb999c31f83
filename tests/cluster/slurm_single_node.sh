#!/usr/bin/env bash
# Issue 17's real Slurm run, on this one machine: starts munge, slurmctld and slurmd from Debian's
# slurm-wlm (installed if missing) with a configuration in a temporary directory (no systemd,
# non-default ports, proctrack/linuxproc, one node at 127.0.0.1 that declares 4 CPUs), then
#  1. packaging/slurm/load.sbatch: one shared-iterations load of 3000 requests in 3 segments against a
#     loopback target, merged — the merged count must be exactly 3000;
#  2. packaging/slurm/study.sbatch: a study of 2 targets x 3 repetitions as a 3-task job array, then
#     merge-results — 6 units, each exactly once.
# Prints each step's wall time. Stops everything it started, by PID, on any exit. Needs root.
#   bash tests/cluster/slurm_single_node.sh [STACKBENCH_BINARY]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sb="$(realpath "${1:-$here/build/app/stackbench}")"
export STACKBENCH="$sb"
step() { echo "== $(date -u +%T) $*"; }

pkgs=(slurm-wlm munge)
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
((${#missing[@]} == 0)) || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

dir="$(mktemp -d /tmp/stackbench-slurm.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

step "munge"
mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/www"
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$dir/munge/munge.key"
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.sock" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/seed"
for _ in $(seq 50); do [ -s "$dir/munge/munged.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$dir/munge/munged.pid")")

cat >"$dir/slurm.conf" <<CONF
ClusterName=stackbench
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
# The node declares 4 CPUs (config_overrides: slurmd does not check them against its 2) so that the
# load's 3 segments fit on it, one task each, as they would on 3 nodes.
SlurmdParameters=config_overrides
NodeName=localhost NodeAddr=127.0.0.1 CPUs=4 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
export SLURM_CONF="$dir/slurm.conf"

step "slurmctld and slurmd"
slurmctld -D -f "$SLURM_CONF" >"$dir/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N localhost -f "$SLURM_CONF" >"$dir/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  sinfo -h -o %T 2>/dev/null | grep -q idle && break
  sleep 0.2
done
sinfo -h -o "%P %T %c" || { tail -20 "$dir"/*.log; exit 1; }

step "loopback target"
echo '{"message":"Hello, World!"}' >"$dir/www/hello"
port=18080
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir/www" >"$dir/www.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done

step "segmented load: 3 tasks, 3000 shared iterations"
cd "$dir"
# One node: its three tasks need --ntasks-per-node=3 over the script's 1.
STACKBENCH_OUT="$dir/load" timeout 300 sbatch --wait --ntasks=3 --ntasks-per-node=3 \
  --output="$dir/load.out" "$here/packaging/slurm/load.sbatch" --url "http://127.0.0.1:$port/hello" --vus 6 \
  --iterations 3000 || { cat "$dir/load.out" "$dir"/load/task-*.log 2>/dev/null; exit 1; }
cat "$dir/load.out"
requests=$(python3 -c "import json;print(json.load(open('$dir/load/merged.json'))['summary']['requests'])")
[ "$requests" = 3000 ] || { echo "merged $requests requests, not 3000"; exit 1; }

step "study shards: a 3-task job array, then merge-results"
python3 - "$port" "$dir/plan.json" <<'PY'
import json, sys
port, path = sys.argv[1], sys.argv[2]
target = lambda n: {"name": n, "url": f"http://127.0.0.1:{port}"}
plan = {"format": "stackbench-plan", "version": 1, "name": "shards",
        "stacks": [target("a"), target("b")],
        "scenarios": [{"id": "hello", "metric": "rps", "executor": "shared-iterations", "vus": 2, "iterations": 200,
                       "request": {"method": "GET", "path": "/hello"}}],
        "procedure": {"settle_s": 0, "seed_count": 0, "idle_s": 0, "gap_s": 0, "repetitions": 3,
                      "transport": "socket", "timeout_s": 10, "verify": False}}
json.dump(plan, open(path, "w"))
PY
# The script asks for whole nodes; here the three shards take turns on the one node.
timeout 600 sbatch --wait --array=1-3 --output="$dir/study-%a.out" "$here/packaging/slurm/study.sbatch" \
  "$dir/plan.json" "$dir/study" || { cat "$dir"/study-*.out; exit 1; }
"$sb" merge-results "$dir"/study/shard-* --out "$dir/study/merged"
records=$(find "$dir/study/merged" -regextype posix-extended -regex '.*/rep[0-9]+/[^/]+/[^/]+\.json' | wc -l)
[ "$records" = 6 ] || { echo "the merged study has $records records, not 6"; exit 1; }
step "done: Slurm ran the segmented load and the study shards, merged exactly"
