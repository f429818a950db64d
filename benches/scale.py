#!/usr/bin/env python3
"""End-to-end scale benchmark: isleplan on synthetic archipelagos, beside GDAL.

For each size: generate a seeded archipelago (`isleplan gen`: N settlements, N/100
facilities, N/10 candidate sites), then time, as whole processes, `isleplan check`
(read + validate), `isleplan run --timings` (everything: travel, rules,
proposals, all outputs; the per-stage split comes from its own --timings table)
and GDAL's `ogr2ogr` merely reading the same settlements layer (the floor for
I/O), taking turns so machine drift hits all three alike. Prints medians, peak
memory, the per-stage table and, between the first and last size, the growth
exponent of each (time ~ n^k).

    python3 benches/scale.py [--sizes 10000,100000,1000000] [--repeats 3] [--bin PATH] [--roads]

With --roads, each size is also generated with `gen --roads` (the same seed: the
same islands, settlements and facilities, plus a road network of about two
segments a settlement) and `run` on it takes its turn beside the straight-line
run, so the two are timed in one script run; a second table sets them side by
side (medians, peak memory, the travel and service-area stages).

Standard library only. Peak memory comes from /usr/bin/time -v when present.
"""
import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd):
    """Wall seconds, peak RSS (MiB, or None) and stderr of one run of `cmd`."""
    wrapper = ["/usr/bin/time", "-v"] if os.path.exists("/usr/bin/time") else []
    start = time.perf_counter()
    proc = subprocess.run(wrapper + cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    peak = None
    for line in proc.stderr.splitlines():
        if "Maximum resident set size" in line:
            peak = int(line.split(":")[1]) / 1024
    return wall, peak, proc.stderr


def stages_of(stderr):
    """The `--timings` table: [(stage, seconds)] in order, without the total.

    Its rows are a 16-character stage name, the seconds, then the peak MiB."""
    rows, inside = [], False
    for line in stderr.splitlines():
        if line.startswith("stage "):
            inside = True
        elif inside:
            if line.startswith("total"):
                break
            rows.append((line[:16].strip(), float(line[16:].split()[0])))
    return rows


def fmt(x, unit="s"):
    if x is None:
        return "—"
    return f"{x:.2f} s" if unit == "s" else f"{x:,.0f} MiB"


def exponent(a, b, n0, n1):
    if not a or not b or a <= 0 or b <= 0:
        return "—"
    return f"n^{math.log(b / a) / math.log(n1 / n0):.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "isleplan"))
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--roads", action="store_true", help="also time `run` on the same archipelago with roads")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    ogr2ogr = shutil.which("ogr2ogr")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            data = os.path.join(tmp, f"g{n}")
            subprocess.run([args.bin, "gen", data, "--settlements", str(n), "--seed", str(args.seed), "-q"], check=True)
            size_mb = os.path.getsize(os.path.join(data, "settlements.geojson")) / 1e6
            scenario = os.path.join(data, "scenario.toml")
            commands = {
                "check": [args.bin, "check", scenario, "-q"],
                "run": [args.bin, "run", scenario, "--out", os.path.join(data, "out"), "-q", "--timings"],
            }
            if ogr2ogr:
                commands["gdal"] = [ogr2ogr, "-f", "CSV", "/vsistdout/", os.path.join(data, "settlements.geojson")]
            segments = None
            if args.roads:
                road_data = os.path.join(tmp, f"g{n}r")
                subprocess.run([args.bin, "gen", road_data, "--settlements", str(n), "--seed", str(args.seed),
                                "--roads", "-q"], check=True)
                # gen writes one feature a line: a line of k vertices holds k - 1 "],[".
                with open(os.path.join(road_data, "roads.geojson")) as f:
                    segments = sum(line.count("],[") for line in f)
                commands["roads"] = [args.bin, "run", os.path.join(road_data, "scenario.toml"),
                                     "--out", os.path.join(road_data, "out"), "-q", "--timings"]
            runs = {k: [] for k in commands}
            for _ in range(args.repeats):
                for k, cmd in commands.items():
                    runs[k].append(timed(cmd))
            med = {k: statistics.median(w for w, _, _ in v) for k, v in runs.items()}
            peak = {k: max((p for _, p, _ in v if p is not None), default=None) for k, v in runs.items()}
            stage_runs = [stages_of(err) for _, _, err in runs["run"]]
            stages = [
                (name, statistics.median(r[i][1] for r in stage_runs))
                for i, (name, _) in enumerate(stage_runs[0])
            ]
            road_stages = None
            if args.roads:
                rs = [dict(stages_of(err)) for _, _, err in runs["roads"]]
                road_stages = {k: statistics.median(r[k] for r in rs) for k in rs[0]}
            rows.append(dict(n=n, mb=size_mb, med=med, peak=peak, stages=stages,
                             segments=segments, road_stages=road_stages))
            print(f"{n:,} settlements done", file=sys.stderr)
            shutil.rmtree(data)
            if args.roads:
                shutil.rmtree(road_data)

    print("| settlements | layer | check (read + validate) | run (end to end) | run peak memory | GDAL ogr2ogr read | run / GDAL |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        gw = r["med"].get("gdal")
        ratio = "—" if gw is None else f"{r['med']['run'] / gw:.1f}×"
        print(f"| {r['n']:,} | {r['mb']:.0f} MB | {fmt(r['med']['check'])} | {fmt(r['med']['run'])} | "
              f"{fmt(r['peak']['run'], 'm')} | {fmt(gw)} | {ratio} |")

    print("\nstages of `run` (median seconds, from its --timings table):\n")
    head = "| stage | " + " | ".join(f"{r['n']:,}" for r in rows) + " |"
    if len(rows) >= 2:
        head += " growth |"
    print(head)
    print("|---|" + "---:|" * (len(rows) + (len(rows) >= 2)))
    for i, (name, _) in enumerate(rows[0]["stages"]):
        cells = [r["stages"][i][1] if i < len(r["stages"]) else None for r in rows]
        line = f"| {name} | " + " | ".join("—" if c is None else f"{c:.3f}" for c in cells) + " |"
        if len(rows) >= 2:
            line += f" {exponent(cells[0], cells[-1], rows[0]['n'], rows[-1]['n'])} |"
        print(line)

    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        print(f"\ngrowth of `run` from {a['n']:,} to {b['n']:,} settlements: time ~ "
              f"{exponent(a['med']['run'], b['med']['run'], a['n'], b['n'])} (n log n would be about n^1.1)")
    if args.roads:
        print("\nroads beside straight lines (the same archipelago; `run` end to end, median seconds):\n")
        print("| settlements | road segments | run, straight lines | run, roads | roads / straight | peak, straight | peak, roads "
              "| travel stage, straight → roads | service areas, straight → roads |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            st = dict(r["stages"])
            rt = r["road_stages"]
            print(f"| {r['n']:,} | {r['segments']:,} | {fmt(r['med']['run'])} | {fmt(r['med']['roads'])} | "
                  f"{r['med']['roads'] / r['med']['run']:.2f}× | {fmt(r['peak']['run'], 'm')} | {fmt(r['peak']['roads'], 'm')} | "
                  f"{st.get('travel', 0):.3f} → {rt.get('travel', 0):.3f} | "
                  f"{st.get('service areas', 0):.3f} → {rt.get('service areas', 0):.3f} |")
    print(f"\nmedians of {args.repeats} runs; whole processes, taking turns; binary {args.bin}")


if __name__ == "__main__":
    main()
