#!/usr/bin/env bash
# Runs each cargo-fuzz target in turn for SECONDS (default 600) and prints, per
# target, the executions, executions per second and whether it crashed.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default: every target of fuzz/)
#
# cargo-fuzz needs nightly; on stable, RUSTC_BOOTSTRAP=1 lets it build. New
# inputs go to a scratch corpus, so fuzz/corpus/ (replayed by `cargo test`) stays
# small; a crashing input goes to fuzz/artifacts/<target>/ and each run's log to
# fuzz/artifacts/logs/<target>.log. Targets run one after
# another, each on one core. CI does not run this.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-600}
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(geojson_layer scenario_rules_toml end_to_end)
fi
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# The harnesses write small files per input: a RAM-backed temp folder is faster.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  export TMPDIR=/dev/shm
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The default build: optimised, with debug assertions, overflow checks and ASan.
(cd fuzz && cargo fuzz build)

status=0
summary=()
for t in "${TARGETS[@]}"; do
  mkdir -p "$work/$t"
  mkdir -p fuzz/artifacts/logs
  log="fuzz/artifacts/logs/$t.log"
  echo "== $t: ${SECONDS_EACH}s" >&2
  set +e
  (cd fuzz && cargo fuzz run "$t" "$work/$t" "corpus/$t" -- \
      -max_total_time="$SECONDS_EACH" -rss_limit_mb=4096 -timeout=60 \
      -print_final_stats=1) >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  if [ "$rc" -eq 0 ]; then
    crash="none"
  else
    crash=$(grep -m1 -o 'Test unit written to .*' "$log" || echo "exit $rc, see below")
    status=1
    tail -n 60 "$log" >&2
  fi
  summary+=("$(printf '%-22s %6ss  %12s executions  %7s exec/s  crash: %s' \
    "$t" "$SECONDS_EACH" "${execs:-?}" "${rate:-?}" "$crash")")
done
printf '%s\n' "${summary[@]}"
exit $status
