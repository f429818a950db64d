#!/usr/bin/env python3
"""How the fixtures of tests/data/byod/ were made: one small dataset (the
hand-made archipelago of tests/data/archipelago, each feature given a `source`)
written four ways, which must give byte-identical run outputs:

- geojson/            the GeoJSON folder (and ferries.geojson, used by all four)
- dataset.gpkg        islands, settlements, facilities as GeoPackage layers (ogr2ogr)
- settlements.csv, facilities.csv   points with lon/lat columns
- 村庄.gpkg (layer villages) + 设施.csv: the worked example of the README, with
  Chinese field names and kind values, mapped back in example.toml

Run from anywhere: python3 tests/data/byod/build.py (needs GDAL's ogr2ogr).
"""
import csv
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "archipelago")
SOURCE = "hand-made test archipelago (tests/data/archipelago)"


def load(name):
    with open(os.path.join(SRC, name + ".geojson"), encoding="utf-8") as f:
        return json.load(f)


def save(fc, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"type": "FeatureCollection", "features": [\n')
        f.write(",\n".join(json.dumps(x, ensure_ascii=False) for x in fc["features"]))
        f.write("\n]}\n")


layers = {}
for name in ["islands", "settlements", "facilities", "ferries"]:
    fc = load(name)
    if name in ("settlements", "facilities"):
        for x in fc["features"]:
            x["properties"]["source"] = SOURCE
    layers[name] = fc
    save(fc, os.path.join(HERE, "geojson", name + ".geojson"))

for path in ["dataset.gpkg", "村庄.gpkg"]:
    if os.path.exists(os.path.join(HERE, path)):
        os.remove(os.path.join(HERE, path))
for i, name in enumerate(["islands", "settlements", "facilities"]):
    subprocess.run(
        ["ogr2ogr", "-f", "GPKG"] + (["-update"] if i else [])
        + [os.path.join(HERE, "dataset.gpkg"), os.path.join(HERE, "geojson", name + ".geojson"), "-nln", name],
        check=True,
    )


def write_csv(path, rows, header):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow(["" if r.get(h) is None else r.get(h) for h in header])


for name, cols in [
    ("settlements", ["id", "name", "name_zh", "island", "kind", "population", "elderly", "source"]),
    ("facilities", ["id", "name", "name_zh", "kind", "island", "status", "staff", "source"]),
]:
    rows = []
    for x in layers[name]["features"]:
        r = dict(x["properties"])
        r["lon"], r["lat"] = x["geometry"]["coordinates"]
        rows.append(r)
    write_csv(os.path.join(HERE, name + ".csv"), rows, cols + ["lon", "lat"])

# The worked example: Chinese field names and kind values.
KIND_ZH = {"village": "行政村", "community": "社区", "hospital": "医院", "emergency_point": "急救点",
           "aed": "AED", "pier": "码头", "village_clinic": "村卫生室", "meal_point": "助餐点",
           "care_station": "照料中心"}
villages = {"type": "FeatureCollection", "features": []}
for x in layers["settlements"]["features"]:
    p = x["properties"]
    q = {"编号": p["id"], "拼音": p["name"], "村名": p["name_zh"], "所在岛": p["island"],
         "类型": KIND_ZH[p["kind"]], "常住人口": p["population"]}
    if "elderly" in p:
        q["老年人口"] = p["elderly"]
    q["source"] = p["source"]
    villages["features"].append({"type": "Feature", "properties": q, "geometry": x["geometry"]})
tmp = os.path.join(HERE, "villages.tmp.geojson")
save(villages, tmp)
subprocess.run(["ogr2ogr", "-f", "GPKG", os.path.join(HERE, "村庄.gpkg"), tmp, "-nln", "villages"], check=True)
os.remove(tmp)
rows = []
for x in layers["facilities"]["features"]:
    p = x["properties"]
    rows.append({"编号": p["id"], "名称": p["name_zh"], "拼音": p["name"], "类型": KIND_ZH[p["kind"]],
                 "所在岛": p["island"], "状态": p["status"], "职工": p.get("staff"), "source": p["source"],
                 "经度": x["geometry"]["coordinates"][0], "纬度": x["geometry"]["coordinates"][1]})
write_csv(os.path.join(HERE, "设施.csv"), rows,
          ["编号", "名称", "拼音", "类型", "所在岛", "状态", "职工", "source", "经度", "纬度"])
