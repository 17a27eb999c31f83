#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang into build-fuzz/ and runs each for SECONDS
# (default 600), then prints per target: executions, exec/s, coverage (cov/ft), corpus size, crashes.
#   bash packaging/fuzz.sh [SECONDS]        FUZZ_JOBS=2 runs two targets at once (one per core)
# New corpus entries and crash reproducers go to build-fuzz/runs/<time>/<target>/, never into git:
# copy a reproducer into tests/fuzz/corpus/<target>/ once its bug is fixed. Exits 1 if any crashed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-600}"
parallel="${FUZZ_JOBS:-1}"
targets=(plan results http_response)

bash "$here/packaging/setup.sh"
build="$here/build-fuzz"
(cd "$here" && cmake --preset fuzz -B "$build" >/dev/null)
ninja -C "$build" "${targets[@]/#/fuzz_}"

runs="$build/runs/$(date -u +%Y%m%dT%H%M%SZ)"
run() { # target
  local out="$runs/$1"
  mkdir -p "$out/corpus" "$out/artifacts"
  # The first corpus folder receives new entries; the seeds in git are only read.
  "$build/tests/fuzz/fuzz_$1" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -dict="$here/tests/fuzz/$1.dict" -artifact_prefix="$out/artifacts/" \
    "$out/corpus" "$here/tests/fuzz/corpus/$1" >"$out/log" 2>&1 || true
}

echo "fuzz: ${#targets[@]} targets, ${seconds}s each, $parallel at a time; logs in $runs"
for t in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= parallel)); do wait -n; done
  run "$t" &
done
wait

final() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; } # libFuzzer's -print_final_stats
crashed=0
for t in "${targets[@]}"; do
  log="$runs/$t/log"
  last="$(grep -E '^#[0-9]+' "$log" | tail -1)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")"
  corp="$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$last")"
  crashes="$(find "$runs/$t/artifacts" -type f | wc -l)"
  printf '%-14s %12s execs %8s exec/s  cov %6s  ft %6s  corpus %-12s new %5s  crashes %s\n' "$t" \
    "$(final number_of_executed_units)" "$(final average_exec_per_sec)" "${cov:-?}" "${ft:-?}" "${corp:-?}" \
    "$(final new_units_added)" "$crashes"
  if ((crashes)); then
    crashed=1
    find "$runs/$t/artifacts" -type f -printf '  reproducer: %p\n'
    grep -m3 -E 'ERROR: |contract broken|runtime error' "$log" | sed 's/^/  /' || true
  fi
done
exit "$crashed"
