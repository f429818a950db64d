#!/usr/bin/env python3
"""isleplan's LSCP branch and bound against PuLP + CBC on the OR-Library set-covering
instances, side by side in one run.

Usage (from the repository root):

    python3 -m venv /tmp/spopt-venv && /tmp/spopt-venv/bin/pip install spopt pulp
    cargo build --release --example optimise_orlib
    /tmp/spopt-venv/bin/python benches/orlib.py [--dir DIR] \
        [--repeats 3] [--budget 60] [--unicost-seconds 10]

The instances are read from --dir (default `tests/data/bench/orlib_scp/`, which holds
all 60 OR-Library set-covering files used here: four as plain text for the tests,
the others gzipped; see that folder's README for their source). Gzipped files are
unpacked into a temporary folder first, so both tools read the same plain text. Weighted instances (scp4x, scp5x, scp6x,
scpa-scpe) are solved to proven optimality by both tools, each run a whole process
(reading the file included): isleplan as `examples/optimise_orlib`, CBC as a Python
worker that reads the file, builds the model with PuLP and solves it. Medians over
--repeats (one run only when the first takes more than a third of the budget).
Unicost instances (scpclr, scpcyc) run once for --unicost-seconds each: isleplan's
objective, bound and gap at the limit, CBC's objective and status (PuLP does not
hand back CBC's best bound).

Known optima: the OR-Library's README says the optimal values are given in Beasley,
"An algorithm for set covering problems", EJOR 31 (1987) 85-93; the values in KNOWN
are the ones the literature quotes from there, and every run of this script checks
them independently, as CBC proves each one.
"""

import argparse
import gzip
import shutil
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BINARY = os.path.join(TARGET, "release", "examples", "optimise_orlib")

# Optimal values of the weighted instances (Beasley 1987; CBC re-proves each here).
KNOWN = {
    "scp41": 429, "scp42": 512, "scp43": 516, "scp44": 494, "scp45": 512,
    "scp46": 560, "scp47": 430, "scp48": 492, "scp49": 641, "scp410": 514,
    "scp51": 253, "scp52": 302, "scp53": 226, "scp54": 242, "scp55": 211,
    "scp56": 213, "scp57": 293, "scp58": 288, "scp59": 279, "scp510": 265,
    "scp61": 138, "scp62": 146, "scp63": 145, "scp64": 131, "scp65": 161,
    "scpa1": 253, "scpa2": 252, "scpa3": 232, "scpa4": 234, "scpa5": 236,
    "scpb1": 69, "scpb2": 76, "scpb3": 80, "scpb4": 79, "scpb5": 72,
    "scpc1": 227, "scpc2": 219, "scpc3": 243, "scpc4": 219, "scpc5": 215,
    "scpd1": 60, "scpd2": 66, "scpd3": 72, "scpd4": 62, "scpd5": 61,
    "scpe1": 5, "scpe2": 5, "scpe3": 5, "scpe4": 5, "scpe5": 5,
}

WORKER = r"""
import json, sys, time
import pulp
t0 = time.perf_counter()
path, budget = sys.argv[1], float(sys.argv[2])
numbers = iter(int(t) for t in open(path).read().split())
rows, cols = next(numbers), next(numbers)
cost = [next(numbers) for _ in range(cols)]
cover = [[next(numbers) - 1 for _ in range(next(numbers))] for _ in range(rows)]
x = [pulp.LpVariable(f"x{j}", cat="Binary") for j in range(cols)]
prob = pulp.LpProblem("scp", pulp.LpMinimize)
prob += pulp.lpSum(c * v for c, v in zip(cost, x))
for i, row in enumerate(cover):
    prob += pulp.lpSum(x[j] for j in row) >= 1, f"r{i}"
prob.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=budget))
print(json.dumps({"objective": pulp.value(prob.objective),
                  "status": pulp.LpStatus[prob.status],
                  "optimal": prob.sol_status == 1 and pulp.LpStatus[prob.status] == "Optimal",
                  "inner_seconds": time.perf_counter() - t0}))
"""


def name_of(path):
    return os.path.splitext(os.path.basename(path))[0]


def timed(args, timeout):
    t0 = time.perf_counter()
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, time.perf_counter() - t0
    seconds = time.perf_counter() - t0
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        return None, seconds
    return json.loads(out.stdout.strip().splitlines()[-1]), seconds


def run_isleplan(path, budget, nodes=None):
    args = [BINARY, path, str(budget)] + ([str(nodes)] if nodes else [])
    return timed(args, budget + 60)


def run_cbc(worker, path, budget):
    return timed([sys.executable, worker, path, str(budget)], budget + 60)


def medians(run, repeats, budget):
    results, times = [], []
    for _ in range(repeats):
        result, seconds = run()
        results.append(result)
        times.append(seconds)
        if seconds > budget / 3:
            break
    return results[-1], statistics.median(times), len(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", default=os.path.join(ROOT, "tests", "data", "bench", "orlib_scp"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--budget", type=float, default=60.0)
    parser.add_argument("--unicost-seconds", type=float, default=10.0)
    parser.add_argument("--only", default="", help="comma-separated instance names")
    args = parser.parse_args()

    unpacked = tempfile.mkdtemp(prefix="orlib-")
    files = []
    for path in sorted(glob.glob(os.path.join(args.dir, "scp*.txt*"))):
        if path.endswith(".gz"):
            plain = os.path.join(unpacked, os.path.basename(path)[:-3])
            with gzip.open(path, "rb") as src, open(plain, "wb") as dst:
                shutil.copyfileobj(src, dst)
            path = plain
        files.append(path)
    files.sort(key=name_of)
    if args.only:
        wanted = set(args.only.split(","))
        files = [f for f in files if name_of(f) in wanted]
    weighted = [f for f in files if name_of(f) in KNOWN]
    unicost = [f for f in files if name_of(f).startswith(("scpclr", "scpcyc"))]

    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(WORKER)
        worker = f.name
    try:
        print(f"budget {args.budget:g} s per solve, medians of up to {args.repeats} "
              "whole-process runs\n")
        print("| instance | optimum | isleplan | proven | nodes | isleplan median s "
              "| CBC | proven | CBC median s | CBC/isleplan |")
        print("|---|---:|---:|---|---:|---:|---:|---|---:|---:|")
        summary = []
        for path in weighted:
            name = name_of(path)
            mine, my_s, _ = medians(lambda: run_isleplan(path, args.budget),
                                    args.repeats, args.budget)
            cbc, cbc_s, _ = medians(lambda: run_cbc(worker, path, args.budget),
                                    args.repeats, args.budget)
            my_obj = mine["objective"] if mine else None
            cbc_obj = cbc["objective"] if cbc else None
            my_opt = bool(mine and mine["optimal"])
            cbc_opt = bool(cbc and cbc["optimal"])
            summary.append((name, my_s, my_opt and my_obj == KNOWN[name], cbc_s))
            print(f"| {name} | {KNOWN[name]} | {my_obj:g} | {'yes' if my_opt else 'no'} "
                  f"| {mine['nodes'] if mine else '-'} | {my_s:.3f} "
                  f"| {cbc_obj if cbc_obj is None else format(cbc_obj, 'g')} "
                  f"| {'yes' if cbc_opt else 'no'} | {cbc_s:.3f} | {cbc_s / my_s:.1f}x |",
                  flush=True)
        if summary:
            within = [s for s in summary if s[2] and s[1] <= 10.0]
            print(f"\nproven at the known optimum within 10 s: {len(within)} of {len(summary)}")
            for name, my_s, ok, _ in summary:
                if not (ok and my_s <= 10.0):
                    print(f"  miss: {name} ({'proven' if ok else 'not proven'}, {my_s:.1f} s)")
            ratio = statistics.median(c / m for _, m, _, c in summary)
            print(f"median CBC/isleplan time ratio: {ratio:.2f}x")

        if unicost:
            t = args.unicost_seconds
            print(f"\nunicost, {t:g} s each (one run)\n")
            print("| instance | isleplan | bound | gap | nodes | CBC | CBC status |")
            print("|---|---:|---:|---:|---:|---:|---|")
            for path in unicost:
                mine, _ = run_isleplan(path, t)
                cbc, _ = run_cbc(worker, path, t)
                print(f"| {name_of(path)} | {mine['objective']:g} | {mine['bound']:g} "
                      f"| {100 * mine['gap']:.1f} % | {mine['nodes']} "
                      f"| {cbc['objective'] if cbc else '-'} | {cbc['status'] if cbc else 'failed'} |",
                      flush=True)
    finally:
        os.unlink(worker)


if __name__ == "__main__":
    main()
