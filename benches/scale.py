#!/usr/bin/env python3
"""End-to-end scale benchmark: isleplan on synthetic archipelagos, beside GDAL.

For each size: generate a seeded archipelago (`isleplan gen`), then time, as whole
processes, `isleplan check` (read + validate), `isleplan run` (everything: travel,
rules, proposals, all outputs) and GDAL's `ogr2ogr` merely reading the same
settlements layer (the floor for I/O). Prints medians, peak memory and, between
the first and last size, the growth exponent of `run` (time ~ n^k).

    python3 benches/scale.py [--sizes 10000,100000,1000000] [--repeats 3] [--bin PATH]

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


def timed(cmd, env=None):
    """Wall seconds and peak RSS (MiB, or None) of one run of `cmd`."""
    wrapper = ["/usr/bin/time", "-v"] if os.path.exists("/usr/bin/time") else []
    start = time.perf_counter()
    proc = subprocess.run(wrapper + cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    peak = None
    for line in proc.stderr.splitlines():
        if "Maximum resident set size" in line:
            peak = int(line.split(":")[1]) / 1024
    return wall, peak


def median_of(cmd, repeats):
    runs = [timed(cmd) for _ in range(repeats)]
    walls = [w for w, _ in runs]
    peaks = [p for _, p in runs if p is not None]
    return statistics.median(walls), (max(peaks) if peaks else None)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "isleplan"))
    ap.add_argument("--seed", type=int, default=42)
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
            check = median_of([args.bin, "check", scenario, "-q"], args.repeats)
            run = median_of([args.bin, "run", scenario, "--out", os.path.join(data, "out"), "-q"], args.repeats)
            gdal = (None, None)
            if ogr2ogr:
                gdal = median_of([ogr2ogr, "-f", "CSV", "/vsistdout/", os.path.join(data, "settlements.geojson")], args.repeats)
            rows.append((n, size_mb, check, run, gdal))
            shutil.rmtree(data)

    def fmt(x, unit="s"):
        return "—" if x is None else (f"{x:.2f} {unit}" if unit == "s" else f"{x:.0f} MiB")

    print(f"| settlements | layer | check (read + validate) | run (end to end) | run peak memory | GDAL ogr2ogr read | run / GDAL |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, mb, (cw, _), (rw, rp), (gw, _) in rows:
        ratio = "—" if gw is None else f"{rw / gw:.1f}×"
        print(f"| {n:,} | {mb:.0f} MB | {fmt(cw)} | {fmt(rw)} | {fmt(rp, 'm')} | {fmt(gw)} | {ratio} |")
    if len(rows) >= 2:
        (n0, _, _, (r0, _), _), (n1, _, _, (r1, _), _) = rows[0], rows[-1]
        k = math.log(r1 / r0) / math.log(n1 / n0)
        print(f"\ngrowth of `run` from {n0:,} to {n1:,} settlements: time ~ n^{k:.2f} (n log n would be about n^1.1)")
    print(f"\nmedians of {args.repeats} runs; whole processes; binary {args.bin}")


if __name__ == "__main__":
    main()
