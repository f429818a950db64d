#!/usr/bin/env bash
# Kills `isleplan run` at random moments and checks that every output file is
# always either the old complete file or the new complete file, never a mix, and
# that the next run sweeps what a killed one left (temp files, a stale lock).
#
#   scripts/chaos.sh [KILLS] [SETTLEMENTS]      (defaults: 60 kills, 100000 settlements)
#
# Needs a release build: cargo build --release.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-${CARGO_TARGET_DIR:-target}/release/isleplan}
KILLS=${1:-60}
SETTLEMENTS=${2:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$BIN" gen "$work/data" --settlements "$SETTLEMENTS" --seed 11 -q
# Scenario B differs from A in a population and a closed facility, so most
# outputs differ between the two.
cat > "$work/data/b.toml" <<TOML
name = "b"
base = "scenario.toml"
[[edit]]
type = "set-population"
settlement = "s0000000"
population = 12345
[[edit]]
type = "close-facility"
id = "f0000000"
TOML

"$BIN" run "$work/data/scenario.toml" --out "$work/ref-a" -q
"$BIN" run "$work/data/b.toml" --out "$work/ref-b" -q
files=$(cd "$work/ref-a" && ls)
start=$(date +%s.%N)
"$BIN" run "$work/data/scenario.toml" --out "$work/out" -q
full=$(echo "$(date +%s.%N) - $start" | bc)

survived=0; mixed_sets=0; swept_ok=0
for i in $(seq 1 "$KILLS"); do
    if (( i % 2 )); then scen=b.toml; else scen=scenario.toml; fi
    delay=$(echo "scale=3; $full * 1.2 * $RANDOM / 32767" | bc)
    "$BIN" run "$work/data/$scen" --out "$work/out" -q & pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    from_a=0; from_b=0
    for f in $files; do
        if cmp -s "$work/out/$f" "$work/ref-a/$f"; then from_a=$((from_a + 1))
        elif cmp -s "$work/out/$f" "$work/ref-b/$f"; then from_b=$((from_b + 1))
        else echo "FAIL kill $i after ${delay}s: $f is neither the old nor the new complete file"; exit 1
        fi
    done
    survived=$((survived + 1))
    # Files identical in A and B count as A; a set with both is a run killed mid-commit.
    if (( from_a > 0 && from_b > 0 )); then mixed_sets=$((mixed_sets + 1)); fi
done
# A last full run must succeed over whatever the kills left, and leave nothing behind.
"$BIN" run "$work/data/scenario.toml" --out "$work/out" -q
left=$(ls -A "$work/out" | grep -c '^\.' || true)
if [ "$left" -eq 0 ]; then swept_ok=1; fi
for f in $files; do cmp -s "$work/out/$f" "$work/ref-a/$f" || { echo "FAIL: final $f differs"; exit 1; }; done
echo "chaos: $survived/$KILLS kills survived (full run ${full}s, ${SETTLEMENTS} settlements); every file old-or-new complete; $mixed_sets kills landed between renames; final run swept temp files and lock: $([ $swept_ok = 1 ] && echo yes || echo NO)"
[ "$swept_ok" = 1 ]
