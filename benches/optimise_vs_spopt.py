#!/usr/bin/env python3
"""isleplan's optimiser against PySAL spopt (PuLP + CBC) on seeded random instances.

Usage (from the repository root):

    python3 -m venv /tmp/spopt-venv && /tmp/spopt-venv/bin/pip install spopt
    cargo build --release --example optimize
    /tmp/spopt-venv/bin/python benches/optimise_vs_spopt.py [--sizes 1000x100,2000x200] [--repeats 3]

To time the default build and the HiGHS one side by side, keep a copy of each
example binary and pass both: `--binary /tmp/optimize-microlp --binary
/tmp/optimize-highs` (built as in benches/orlib.py's docstring).

Each instance: n demand points and m candidate sites uniform in a 100 x 100 square,
integer weights 1..100, planar distance, a service radius giving about six candidate
sites per demand point (demand points no site covers are moved next to a random
site, so that LSCP is feasible for spopt, which has no notion of uncoverable demand).
MCLP uses p = m / 10. Both tools get the same instance: spopt the dense n x m cost
matrix (`from_cost_matrix`), isleplan the D/S/P CSV files with the pairs within
1.5 x the radius (the long format a cutoff network search produces).

Timing: spopt is timed in a worker process from `from_cost_matrix` to the end of
`solve` (model build + CBC); isleplan is timed as the whole `optimize` process
(CSV parsing + reduction + heuristic + MIP). Medians over the repeats. A size whose
spopt run takes more than --budget seconds (default 300) is the last one tried.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BINARY = os.path.join(TARGET, "release", "examples", "optimize")

WORKER = r"""
import json, sys, time
import numpy as np
import pulp
from spopt.locate import LSCP, MCLP
data = np.load(sys.argv[1])
model, budget = sys.argv[2], float(sys.argv[3])
cost, weights, radius, p = data["cost"], data["weights"], float(data["radius"]), int(data["p"])
solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=budget)
t0 = time.perf_counter()
if model == "lscp":
    m = LSCP.from_cost_matrix(cost, radius)
else:
    m = MCLP.from_cost_matrix(cost, weights, radius, p_facilities=p)
m = m.solve(solver, results=False)
seconds = time.perf_counter() - t0
objective = pulp.value(m.problem.objective)
print(json.dumps({"objective": objective, "optimal": m.problem.sol_status == 1
                  and pulp.LpStatus[m.problem.status] == "Optimal", "seconds": seconds}))
"""


def instance(n, m, seed):
    rng = np.random.default_rng(seed)
    demand = rng.uniform(0, 100, size=(n, 2))
    sites = rng.uniform(0, 100, size=(m, 2))
    weights = rng.integers(1, 101, size=n).astype(float)
    radius = math.sqrt(6 * 100 * 100 / (math.pi * m))
    cost = np.sqrt(((demand[:, None, :] - sites[None, :, :]) ** 2).sum(axis=2))
    lonely = np.where(cost.min(axis=1) > radius)[0]
    for i in lonely:
        j = rng.integers(0, m)
        demand[i] = sites[j] + rng.uniform(-radius / 3, radius / 3, size=2)
        cost[i] = np.sqrt(((sites - demand[i]) ** 2).sum(axis=1))
    return cost, weights, radius, max(1, m // 10)


def write_csv(folder, cost, weights, radius):
    n, m = cost.shape
    with open(os.path.join(folder, "D.csv"), "w") as f:
        f.write("id,weight\n")
        for i in range(n):
            f.write(f"d{i},{int(weights[i])}\n")
    with open(os.path.join(folder, "S.csv"), "w") as f:
        f.write("id,cost,existing\n")
        for j in range(m):
            f.write(f"s{j},1,false\n")
    with open(os.path.join(folder, "P.csv"), "w") as f:
        f.write("demand_id,site_id,cost\n")
        ii, jj = np.nonzero(cost <= 1.5 * radius)
        for i, j in zip(ii, jj):
            f.write(f"d{i},s{j},{float(cost[i, j])!r}\n")


def run_spopt(npz, model, budget):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(WORKER)
        worker = f.name
    try:
        out = subprocess.run(
            [sys.executable, worker, npz, model, str(budget)],
            capture_output=True, text=True, timeout=budget + 120,
        )
    except subprocess.TimeoutExpired:
        return None
    finally:
        os.unlink(worker)
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_isleplan(binary, folder, model, radius, p, budget):
    args = [binary, "--model", model, "--demand", f"{folder}/D.csv", "--sites", f"{folder}/S.csv",
            "--pairs", f"{folder}/P.csv", "--max-cost", repr(radius),
            "--time-limit", str(budget), "--out", f"{folder}/result.json"]
    if model == "mclp":
        args += ["--p", str(p)]
    t0 = time.perf_counter()
    subprocess.run(args, check=True)
    seconds = time.perf_counter() - t0
    with open(f"{folder}/result.json") as f:
        result = json.load(f)
    result["seconds"] = seconds
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000x100,2000x200,5000x500,10000x1000,20000x2000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--budget", type=float, default=300.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--binary", action="append", default=[],
                        help="an `optimize` example build to time (repeat to compare builds, "
                             "e.g. the default and --features highs); default: the one "
                             "under CARGO_TARGET_DIR")
    args = parser.parse_args()
    binaries = args.binary or [BINARY]
    for binary in binaries:
        if not os.path.exists(binary):
            sys.exit(f"{binary} not found: run `cargo build --release --example optimize` first")

    header = ("size", "model", "solver", "spopt obj", "isleplan obj", "optimal (spopt/isleplan)",
              "spopt median s", "isleplan median s", "spopt/isleplan", "isleplan method")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    stop = False
    for size in args.sizes.split(","):
        if stop:
            break
        n, m = map(int, size.split("x"))
        cost, weights, radius, p = instance(n, m, args.seed + n + m)
        with tempfile.TemporaryDirectory() as folder:
            npz = os.path.join(folder, "instance.npz")
            np.savez(npz, cost=cost, weights=weights, radius=radius, p=p)
            write_csv(folder, cost, weights, radius)
            for model in ("lscp", "mclp"):
                # spopt and every build in turn, so that each repeat sees the same load.
                spopt, isle = [], [[] for _ in binaries]
                for r in range(args.repeats):
                    s = run_spopt(npz, model, args.budget)
                    for runs, binary in zip(isle, binaries):
                        runs.append(run_isleplan(binary, folder, model, radius, p, args.budget))
                    if s is None or s["seconds"] > args.budget:
                        stop = True  # spopt did not finish: the last size tried
                        break
                    spopt.append(s)
                    if s["seconds"] > 60:
                        break  # one repeat is enough for the slow sizes
                label = f"{model} p={p}" if model == "mclp" else model
                for runs in isle:
                    i_med = statistics.median(r["seconds"] for r in runs)
                    i_opt = "yes" if runs[0]["optimal"] else "no"
                    if spopt:
                        s_med = statistics.median(s["seconds"] for s in spopt)
                        s_obj = f"{spopt[0]['objective']:g}"
                        s_opt = "yes" if spopt[0]["optimal"] else "no"
                        ratio = f"{s_med / i_med:.1f}x"
                        s_time = f"{s_med:.3f}"
                    else:
                        s_obj, s_opt, ratio = "not reached", "-", "-"
                        s_time = f"> {args.budget:.0f}"
                    row = (f"{n} x {m}", label, runs[0].get("solver", "?"), s_obj,
                           f"{runs[0]['objective']:g}", f"{s_opt}/{i_opt}", s_time,
                           f"{i_med:.3f}", ratio, runs[0]["method"])
                    print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
