#!/usr/bin/env bash
# Hostile output folders at scale (the tests run a smaller set):
#  1. ROUNDS rounds of 50 `isleplan run` started at once (released together) into
#     one folder, alternating two scenarios, every other round right after a run
#     killed while it held the lock: every run succeeds or is turned away
#     with "another run … is writing to it", and the folder then holds one complete
#     run, byte for byte, and nothing else of isleplan's.
#  2. KILLS runs of a synthetic district killed with SIGKILL at random moments
#     (odd kills anywhere in the run, even ones while it writes and commits): after
#     each kill the folder is byte for byte the old run or the new one, the user's
#     file in it is intact, and the next run succeeds and leaves nothing behind.
#
#   scripts/hostile.sh [KILLS] [SETTLEMENTS] [ROUNDS]   (defaults: 200, 20000, 10)
#
# Needs a release build: cargo build --release.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-${CARGO_TARGET_DIR:-target}/release/isleplan}
BIN=$(realpath "$BIN")
KILLS=${1:-200}
SETTLEMENTS=${2:-20000}
ROUNDS=${3:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The isleplan files of a folder (not the user's notes, not dot files).
outputs() { (cd "$1" && ls | grep -v '^notes.txt$' || true); }
# Whether folder $1 holds exactly the isleplan files of reference $2, byte for byte.
same_run() {
    [ "$(outputs "$1")" = "$(outputs "$2")" ] || return 1
    for f in $(outputs "$2"); do cmp -s "$1/$f" "$2/$f" || return 1; done
}
leftovers() { ls -A "$1" | grep -c '^\.' || true; ls -d "$1".isleplan-new-* 2>/dev/null | wc -l; }
clean() { [ "$(leftovers "$1" | paste -sd+ | bc)" -eq 0 ]; }

# --- 1. simultaneous starts ---------------------------------------------------
A=$PWD/tests/data/contract/scenario.toml
B=$PWD/tests/data/contract/moved.toml
"$BIN" run "$A" --out "$work/ref-a" -q
"$BIN" run "$B" --out "$work/ref-b" -q
starts=0; ok=0; busy=0; after_kill=0
for r in $(seq 1 "$ROUNDS"); do
    out="$work/c$r"; mkdir "$out"; echo mine > "$out/notes.txt"; go="$work/go$r"
    if (( r % 2 == 0 )); then
        # Even rounds start after a run killed while it held the lock.
        "$BIN" run "$A" --out "$out" -q & k=$!
        while [ ! -e "$out/.isleplan.lock" ] && kill -0 "$k" 2>/dev/null; do sleep 0.0005; done
        kill -9 "$k" 2>/dev/null || true; wait "$k" 2>/dev/null || true
        after_kill=$((after_kill + 1))
    fi
    pids=()
    for i in $(seq 1 50); do
        if (( i % 2 )); then s=$A; else s=$B; fi
        sh -c 'while [ ! -e "$1" ]; do sleep 0.002; done; exec "$0" run "$2" --out "$3" -q' \
            "$BIN" "$go" "$s" "$out" 2> "$work/err$r-$i" & pids+=($!)
    done
    sleep 0.3; touch "$go"
    for i in "${!pids[@]}"; do
        starts=$((starts + 1))
        if wait "${pids[$i]}"; then ok=$((ok + 1))
        elif grep -q "another run.*is writing to it" "$work/err$r-$((i + 1))"; then busy=$((busy + 1))
        else echo "FAIL round $r run $((i + 1)): $(cat "$work/err$r-$((i + 1))")"; exit 1
        fi
    done
    same_run "$out" "$work/ref-a" || same_run "$out" "$work/ref-b" || { echo "FAIL round $r: the folder is no single run"; exit 1; }
    [ "$(cat "$out/notes.txt")" = mine ] || { echo "FAIL round $r: notes.txt changed"; exit 1; }
    clean "$out" || { echo "FAIL round $r: left behind: $(ls -A "$out" "$out".isleplan-new-* 2>/dev/null)"; exit 1; }
done
echo "starts: $starts simultaneous starts in $ROUNDS rounds of 50 ($after_kill rounds after a run killed holding the lock): $ok succeeded, $busy turned away by the lock, 0 failed otherwise; every folder one complete run"

# --- 2. kills -------------------------------------------------------------------
"$BIN" gen "$work/data" --settlements "$SETTLEMENTS" --seed 11 -q
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
refs=("$work/kref-a" "$work/kref-b"); scen=("$work/data/scenario.toml" "$work/data/b.toml")
"$BIN" run "${scen[0]}" --out "${refs[0]}" -q
"$BIN" run "${scen[1]}" --out "${refs[1]}" -q
out="$work/out"
timings=$("$BIN" run "${scen[0]}" --out "$out" -q --timings 2>&1)
full=$(echo "$timings" | awk '$1 == "total" { print $2 }')
# Writing starts after every stage before "layers".
writing=$(echo "$timings" | awk '$1 == "layers" { exit } NR > 1 && $2 ~ /^[0-9.]+$/ { s += $2 } END { print s }')
echo mine > "$out/notes.txt"
now=0; old=0; new=0; after_swap=0; finished=0
for i in $(seq 1 "$KILLS"); do
    next=$((1 - now))
    if (( i % 2 )); then delay=$(echo "scale=4; $full * 1.1 * $RANDOM / 32767" | bc)
    else delay=$(echo "scale=4; $writing + ($full * 1.05 - $writing) * $RANDOM / 32767" | bc)
    fi
    "$BIN" run "${scen[$next]}" --out "$out" -q 2>/dev/null & pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    if wait "$pid" 2>/dev/null; then finished=$((finished + 1)); done_ok=1; else done_ok=0; fi
    if same_run "$out" "${refs[$now]}"; then old=$((old + 1))
    elif same_run "$out" "${refs[$next]}"; then new=$((new + 1)); (( done_ok )) || after_swap=$((after_swap + 1))
    else echo "FAIL kill $i after ${delay}s: the folder is neither the old run nor the new one"; exit 1
    fi
    [ "$(cat "$out/notes.txt")" = mine ] || { echo "FAIL kill $i: notes.txt changed"; exit 1; }
    "$BIN" run "${scen[$next]}" --out "$out" -q || { echo "FAIL: the run after kill $i failed"; exit 1; }
    same_run "$out" "${refs[$next]}" || { echo "FAIL: the run after kill $i is not the new run"; exit 1; }
    clean "$out" || { echo "FAIL: the run after kill $i left: $(ls -A "$out" "$out".isleplan-new-* 2>/dev/null)"; exit 1; }
    now=$next
done
echo "kills: $KILLS kills of a $SETTLEMENTS-settlement run (${full}s, writing from ${writing}s): $old left the old run, $new the new one ($after_swap killed after the swap, $finished had finished), 0 mixed; every next run succeeded and left nothing behind"
