#!/usr/bin/env python3
"""isleplan's LSCP branch and bound against PuLP + CBC on the OR-Library set-covering
instances, side by side in one run.

Usage (from the repository root):

    python3 -m venv /tmp/spopt-venv && /tmp/spopt-venv/bin/pip install spopt pulp
    cargo build --release --example optimise_orlib
    /tmp/spopt-venv/bin/python benches/orlib.py [--dir DIR] \
        [--repeats 3] [--budget 60] [--unicost-seconds 10] [--only scpa1,scpd2]

To compare the default build (microlp behind the tree) with the HiGHS one in the same
run, keep a copy of each example binary and name both:

    cargo build --release --example optimise_orlib
    cp target/release/examples/optimise_orlib /tmp/orlib-microlp
    cargo build --release --features highs --example optimise_orlib
    cp target/release/examples/optimise_orlib /tmp/orlib-highs
    /tmp/spopt-venv/bin/python benches/orlib.py --binary /tmp/orlib-microlp \
        --binary /tmp/orlib-highs

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


def run_isleplan(binary, path, budget, nodes=None):
    args = [binary, path, str(budget)] + ([str(nodes)] if nodes else [])
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


def solver_of(binary):
    """The MIP solver a build of the example uses ("microlp" or "highs")."""
    probe = os.path.join(ROOT, "tests", "data", "bench", "orlib_scp", "scp41.txt")
    result, _ = timed([binary, probe, "60"], 120)
    return result["solver"] if result else "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", default=os.path.join(ROOT, "tests", "data", "bench", "orlib_scp"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--budget", type=float, default=60.0)
    parser.add_argument("--unicost-seconds", type=float, default=10.0)
    parser.add_argument("--only", default="", help="comma-separated instance names")
    parser.add_argument("--binary", action="append", default=[],
                        help="an optimise_orlib build to time (repeat to compare builds, "
                             "e.g. the default and --features highs); default: the one "
                             "under CARGO_TARGET_DIR")
    parser.add_argument("--no-cbc", action="store_true", help="time isleplan only")
    args = parser.parse_args()
    binaries = args.binary or [BINARY]
    labels = []
    for binary in binaries:
        label = f"isleplan {solver_of(binary)}"
        while label in labels:
            label += "'"
        labels.append(label)

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
              "whole-process runs; the tools run one after another on each instance\n")
        head = "| instance | optimum |"
        rule = "|---|---:|"
        for label in labels:
            head += f" {label} | proven | nodes | median s |"
            rule += "---:|---|---:|---:|"
        if not args.no_cbc:
            head += " CBC | proven | CBC median s |"
            rule += "---:|---|---:|"
            for label in labels:
                head += f" CBC/{label.split()[-1]} |"
                rule += "---:|"
        print(head)
        print(rule)
        summary = {label: [] for label in labels}
        for path in weighted:
            name = name_of(path)
            row = f"| {name} | {KNOWN[name]} |"
            times = []
            for binary, label in zip(binaries, labels):
                mine, my_s, _ = medians(lambda: run_isleplan(binary, path, args.budget),
                                        args.repeats, args.budget)
                my_opt = bool(mine and mine["optimal"])
                my_obj = mine["objective"] if mine else None
                times.append(my_s)
                summary[label].append((name, my_s, my_opt and my_obj == KNOWN[name]))
                row += (f" {'-' if my_obj is None else format(my_obj, 'g')} "
                        f"| {'yes' if my_opt else 'no'} | {mine['nodes'] if mine else '-'} "
                        f"| {my_s:.3f} |")
            if not args.no_cbc:
                cbc, cbc_s, _ = medians(lambda: run_cbc(worker, path, args.budget),
                                        args.repeats, args.budget)
                cbc_obj = cbc["objective"] if cbc else None
                cbc_opt = bool(cbc and cbc["optimal"])
                row += (f" {'-' if cbc_obj is None else format(cbc_obj, 'g')} "
                        f"| {'yes' if cbc_opt else 'no'} | {cbc_s:.3f} |")
                row += "".join(f" {cbc_s / t:.1f}x |" for t in times)
                for label in labels:
                    summary[label][-1] += (cbc_s,)
            print(row, flush=True)
        for label in labels:
            rows = summary[label]
            if not rows:
                continue
            within = [s for s in rows if s[2] and s[1] <= 10.0]
            print(f"\n{label}: proven at the known optimum within 10 s: "
                  f"{len(within)} of {len(rows)}")
            for name, my_s, ok, *_ in rows:
                if not (ok and my_s <= 10.0):
                    print(f"  miss: {name} ({'proven' if ok else 'not proven'}, {my_s:.1f} s)")
            print(f"  median whole-process time: {statistics.median(r[1] for r in rows):.3f} s")
            if not args.no_cbc:
                ratio = statistics.median(r[3] / r[1] for r in rows)
                print(f"  median CBC/{label.split()[-1]} time ratio: {ratio:.2f}x")

        if unicost:
            t = args.unicost_seconds
            print(f"\nunicost, {t:g} s each (one run)\n")
            head = "| instance |"
            rule = "|---|"
            for label in labels:
                head += f" {label} | bound | gap | nodes |"
                rule += "---:|---:|---:|---:|"
            if not args.no_cbc:
                head += " CBC | CBC status |"
                rule += "---:|---|"
            print(head)
            print(rule)
            for path in unicost:
                row = f"| {name_of(path)} |"
                for binary in binaries:
                    mine, _ = run_isleplan(binary, path, t)
                    if mine:
                        row += (f" {mine['objective']:g} | {mine['bound']:g} "
                                f"| {100 * mine['gap']:.1f} % | {mine['nodes']} |")
                    else:
                        row += " - | - | - | - |"
                if not args.no_cbc:
                    cbc, _ = run_cbc(worker, path, t)
                    row += (f" {cbc['objective'] if cbc else '-'} "
                            f"| {cbc['status'] if cbc else 'failed'} |")
                print(row, flush=True)
    finally:
        os.unlink(worker)


if __name__ == "__main__":
    main()
