#!/usr/bin/env python3
"""How roads.gpkg was made: roads.geojson of this folder as the GeoPackage layer
`roads`, with `class` renamed 等级 (mapped back in scenario-gpkg.toml), so the
road layer read from a GeoPackage, through its field mapping, must give the same
run outputs to the byte as the GeoJSON one.

Run from anywhere: python3 tests/data/roads/build.py (needs GDAL's ogr2ogr).
"""
import json
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, "roads.geojson"), encoding="utf-8") as f:
    fc = json.load(f)
for feature in fc["features"]:
    p = feature["properties"]
    feature["properties"] = {("等级" if k == "class" else k): v for k, v in p.items()}
with tempfile.TemporaryDirectory() as tmp:
    src = os.path.join(tmp, "roads.geojson")
    with open(src, "w", encoding="utf-8") as f:
        json.dump(fc, f, ensure_ascii=False)
    out = os.path.join(HERE, "roads.gpkg")
    if os.path.exists(out):
        os.remove(out)
    subprocess.run(["ogr2ogr", "-f", "GPKG", out, src, "-nln", "roads"], check=True)
