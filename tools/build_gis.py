#!/usr/bin/env python3
"""Build isleplan's default dataset for Putuo District (gis/*.geojson).

Reads the public facts in a folder of CSV and GeoJSON files (by default
``../shared/data/putuo`` relative to the repository root) and writes four
GeoJSON layers into ``gis/``:

    islands.geojson      one Point per inhabited island (at its outline centroid)
    settlements.geojson  Points: villages, communities or aggregate areas
    facilities.geojson   Points: health facilities and ferry piers
    ferries.geojson      LineStrings: ferry links (pier to pier) and bridges

Every figure carries its source, or is marked "estimate: <method>".  The
outlines are only used to place and check points; no outline is written.

Standard library only.  Deterministic: two runs give byte-identical files.

    python3 tools/build_gis.py [--data DIR] [--out DIR]
"""

import argparse
import csv
import json
import math
import os
import re
import sys

# ---------------------------------------------------------------------------
# Source names (public pages and repositories; see gis/README.md)
# ---------------------------------------------------------------------------

SRC_CENSUS_2020 = "普陀区 2020 census bulletin (第七次人口普查主要数据公报), tjgb.hongheiku.com/14315.html"
SRC_GEOHIVE = ("2000 census by township (GeoHive data), "
               "harrysworldatlas.blogspot.com/2007/03/china-cn-zhejiang-province-zhoushan.html")
SRC_NBS_2021 = ("NBS 2021 统计用区划代码, github.com/liyanjie2048/AdministrativeDivisionCn "
                "json/2021/345/345-3309.json")
SRC_OUTLINES = ("DataV.GeoAtlas outline of 330903 (github.com/tnnevol/gmap 330903.json, AMap, GCJ-02), "
                "converted to WGS84")
SRC_LIUHENG_DASH = "public code file ref {} (AMap dashboard for 六横; repository not identified)"
SRC_TURF = "public code file ref 17643541198 (turf point file for 六横; repository not identified)"
SRC_IPTV = ("public code file ref 22449029404 (IPTV ferry timetable script; repository and date "
            "not identified)")
SRC_ROUTE_LIST = ("public code file ref 43014373425 (Zhoushan ferry-ticket app route list; repository "
                  "not identified)")
SRC_PLAN = "2024年舟山市普陀区基本公共服务一体化改革行动方案 (issued 2024-06-07)"

# District figures: 2020 and 2000 residents, 60+ residents in 2020.
ELDERLY_SHARE_NOTE = "district 60+ share 2020 (95,865 / 382,902 = 25.04%)"

# Boat speed used where no crossing time is published.
BOAT_KMH = 25.0
# Road speed used for bridge links.
ROAD_KMH = 30.0
# How far estimated pier points are moved inland from the coast vertex.
PIER_INLAND_M = 30.0
# Piers must lie within this distance of their island outline.
PIER_TOLERANCE_M = 150.0

LON_RANGE = (121.5, 123.5)
LAT_RANGE = (29.4, 30.5)

# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_outlines(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    rings = {}
    for feat in data["features"]:
        geom = feat["geometry"]
        if geom["type"] != "Polygon":
            raise SystemExit("outline %r is not a Polygon" % feat["properties"].get("idx"))
        ring = [(float(x), float(y)) for x, y in geom["coordinates"][0]]
        if ring[0] == ring[-1]:
            ring = ring[:-1]
        rings[int(feat["properties"]["idx"])] = ring
    return rings


def first_int(text):
    m = re.search(r"\d+", text.replace(",", ""))
    if not m:
        raise ValueError("no integer in %r" % text)
    return int(m.group(0))


def first_float(text):
    m = re.search(r"\d+(?:\.\d+)?", text)
    if not m:
        raise ValueError("no number in %r" % text)
    return float(m.group(0))


def hhmm(t):
    h, m = t.split(":")
    return "%02d:%02d" % (int(h), int(m))


def times_in(text):
    return [hhmm(t) for t in re.findall(r"\d{1,2}:\d{2}", text)]


# ---------------------------------------------------------------------------
# Geometry (WGS84 lon/lat; small distances, local equirectangular where planar)
# ---------------------------------------------------------------------------

EARTH_R = 6371008.8


def dist_m(a, b):
    lon1, lat1 = map(math.radians, a)
    lon2, lat2 = map(math.radians, b)
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_R * math.asin(math.sqrt(h))


def point_in_ring(pt, ring):
    """Even-odd ray casting; ring is a list of (lon, lat), not closed."""
    x, y = pt
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        if (y1 > y) != (y2 > y):
            xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < xi:
                inside = not inside
    return inside


def _to_local(pt, origin):
    kx = math.cos(math.radians(origin[1])) * EARTH_R * math.pi / 180.0
    ky = EARTH_R * math.pi / 180.0
    return ((pt[0] - origin[0]) * kx, (pt[1] - origin[1]) * ky)


def dist_to_ring_m(pt, ring):
    """Distance in metres from pt to the ring's boundary."""
    best = float("inf")
    p = (0.0, 0.0)
    n = len(ring)
    for i in range(n):
        a = _to_local(ring[i], pt)
        b = _to_local(ring[(i + 1) % n], pt)
        dx, dy = b[0] - a[0], b[1] - a[1]
        ll = dx * dx + dy * dy
        t = 0.0 if ll == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / ll))
        cx, cy = a[0] + t * dx, a[1] + t * dy
        best = min(best, math.hypot(cx - p[0], cy - p[1]))
    return best


def move_towards(a, b, metres):
    """Point at `metres` from a along the straight line a -> b."""
    d = dist_m(a, b)
    if d == 0:
        return a
    t = min(1.0, metres / d)
    return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


def nearest_vertex(ring, target):
    return min(ring, key=lambda v: (dist_m(v, target), v))


def move_inland(pt, ring, towards, extra_m=30.0, step_m=10.0):
    """Walk from pt towards `towards` until inside the ring, then extra_m further."""
    p = pt
    walked = 0.0
    total = dist_m(pt, towards)
    while not point_in_ring(p, ring):
        walked += step_m
        if walked > total:
            raise SystemExit("cannot move %r inland" % (pt,))
        p = move_towards(pt, towards, walked)
    q = move_towards(pt, towards, min(total, walked + extra_m))
    return q if point_in_ring(q, ring) else p


def r6(x):
    v = round(x, 6)
    return 0.0 if v == 0 else v


def pt6(p):
    return [r6(p[0]), r6(p[1])]


# ---------------------------------------------------------------------------
# Small helpers for the population arithmetic
# ---------------------------------------------------------------------------


def split_largest_remainder(total, weights):
    """Split the integer `total` in proportion to weights; parts sum to total."""
    wsum = float(sum(weights))
    raw = [total * w / wsum for w in weights]
    parts = [int(math.floor(x)) for x in raw]
    left = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    assert sum(parts) == total
    return parts


def fmt(n):
    return "{:,}".format(n)


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------


class Facts:
    def __init__(self, data_dir):
        self.dir = data_dir
        self.islands = {r["name_pinyin"]: r for r in read_csv(os.path.join(data_dir, "islands.csv"))}
        self.index = {int(r["idx"]): r for r in read_csv(os.path.join(data_dir, "putuo_polygons_index.csv"))}
        self.routes = read_csv(os.path.join(data_dir, "ferry_routes.csv"))
        self.points = read_csv(os.path.join(data_dir, "facilities_points.csv"))
        self.found = read_csv(os.path.join(data_dir, "facilities_found.csv"))
        self.markers = read_csv(os.path.join(data_dir, "liuheng_village_points.csv"))
        self.units = read_csv(os.path.join(data_dir, "villages_communities.csv"))
        self.popfacts = read_csv(os.path.join(data_dir, "population_facts.csv"))
        self.town_est = {r["town"]: r for r in read_csv(os.path.join(data_dir, "town_population_estimates.csv"))}
        self.rings = load_outlines(os.path.join(data_dir, "putuo_polygons_wgs84.geojson"))

    def island(self, pinyin):
        return self.islands[pinyin]

    def popfact(self, subject, metric_part):
        hits = [r for r in self.popfacts if r["subject"] == subject and metric_part in r["metric"]]
        if len(hits) != 1:
            raise SystemExit("population fact %s / %s: %d rows" % (subject, metric_part, len(hits)))
        return hits[0]

    def census2000(self, township):
        return int(self.popfact(township, "2000 census")["value"])

    def point(self, name_part):
        hits = [r for r in self.points if name_part in r["name"]]
        if len(hits) != 1:
            raise SystemExit("facility point %r: %d rows" % (name_part, len(hits)))
        r = hits[0]
        return r, (float(r["lon_wgs84"]), float(r["lat_wgs84"]))

    def marker(self, label_part):
        hits = [r for r in self.markers if label_part in r["label"]]
        if len(hits) != 1:
            raise SystemExit("village marker %r: %d rows" % (label_part, len(hits)))
        r = hits[0]
        return r, (float(r["lon_wgs84"]), float(r["lat_wgs84"]))

    def route(self, frm, to):
        hits = [r for r in self.routes if frm in r["from_terminal"] and to in r["to_terminal"]]
        if len(hits) != 1:
            raise SystemExit("route %s -> %s: %d rows" % (frm, to, len(hits)))
        return hits[0]

    def codes(self, pred):
        return sorted(r["code"] for r in self.units if pred(r))


def build(data_dir):
    F = Facts(data_dir)
    rings = F.rings

    district_2020 = int(F.popfact("普陀区", "resident population (常住人口)")["value"])
    district_2000 = sum(int(r["value"]) for r in F.popfacts
                        if r["level"].startswith("township") and "2000 census" in r["metric"])
    district_60 = int(F.popfact("普陀区", "age 60+")["value"])
    assert (district_2020, district_2000, district_60) == (382902, 346237, 95865)
    growth = district_2020 / district_2000
    elderly_share = district_60 / district_2020

    # ------------------------------------------------------------------
    # Islands
    # ------------------------------------------------------------------
    islands = {}

    def add_island(iid, pinyin, name, name_zh, town, idx, pop, year, src, method,
                   area=None, area_src=None, area_method=None, note=None, centroid=None):
        if idx is not None:
            row = F.index[idx]
            c = (float(row["centroid_lon_wgs84"]), float(row["centroid_lat_wgs84"]))
            ring = rings[idx]
            if not point_in_ring(c, ring):
                raise SystemExit("centroid of outline %d is not on land" % idx)
            loc = "estimate: centroid of outline #%d (%s)" % (idx, SRC_OUTLINES)
            if area is None:
                area = float(row["area_km2_datav_simplified"])
                area_method = ("estimate: area of simplified outline #%d (simplified outlines overstate "
                               "small islands by 10-80%%)" % idx)
                area_src = SRC_OUTLINES
        else:
            c = centroid
            loc = "estimate"
        if pinyin is not None:
            csv_row = F.island(pinyin)
            if idx is not None and csv_row["datav_polygon_idx"]:
                assert int(csv_row["datav_polygon_idx"]) == idx, (iid, idx)
        props = {
            "id": iid,
            "name": name,
            "name_zh": name_zh,
            "town": town,
            "population": int(pop),
            "population_year": year,
            "population_source": src,
            "population_method": method,
            "area_km2": area,
            "area_source": area_src,
            "area_method": area_method or "reported",
            "outline_idx": idx,
            "location_method": loc,
        }
        if note:
            props["note"] = note
        islands[iid] = {"props": props, "pt": c}

    # --- Zhoushan Island, Putuo part --------------------------------------
    sjm_dg = F.town_est["沈家门街道 + 东港街道 (combined)"]
    zm = F.town_est["展茅街道"]
    sjm_dg_2000 = int(sjm_dg["pop_2000_mapped"])
    zm_2000 = int(zm["pop_2000_mapped"])
    outer_in_sjm = {"葫芦乡": F.census2000("葫芦乡"), "蚂蚁岛乡": F.census2000("蚂蚁岛乡"),
                    "登步乡": F.census2000("登步乡")}
    for k in outer_in_sjm:
        assert k in sjm_dg["pop_2000_parts"], k
    assert round(sjm_dg_2000 * growth) == int(sjm_dg["pop_2020_estimate"])
    assert round(zm_2000 * growth) == int(zm["pop_2020_estimate"])
    main_sd_real = (sjm_dg_2000 - sum(outer_in_sjm.values())) * growth
    main_zm_real = zm_2000 * growth
    main_pop = int(round(main_sd_real + main_zm_real))
    main_method = (
        "estimate: 2000-census townships now in 沈家门+东港 ({sd}) minus the outer islands counted in them "
        "(葫芦乡 {hl}, 蚂蚁岛乡 {my}, 登步乡 {db}), plus 展茅+螺门 ({zm}), times the district's growth "
        "2000->2020 ({d20}/{d00} = {g:.5f}); uniform growth understates the move to 沈家门/东港, and "
        "residents of 鲁家峙, 小干 and 马峙 (no separate figure) stay included"
    ).format(sd=fmt(sjm_dg_2000), hl=fmt(outer_in_sjm["葫芦乡"]), my=fmt(outer_in_sjm["蚂蚁岛乡"]),
             db=fmt(outer_in_sjm["登步乡"]), zm=fmt(zm_2000), d20=fmt(district_2020),
             d00=fmt(district_2000), g=growth)
    add_island(
        "zhoushan", "Zhoushan Dao (Putuo part)", "Zhoushan Dao (Putuo part)", "舟山岛(普陀部分)",
        "沈家门街道", 3, main_pop, 2020,
        "%s; %s; township-to-street mapping from %s" % (SRC_GEOHIVE, SRC_CENSUS_2020, SRC_NBS_2021),
        main_method,
        note=("the Putuo part of Zhoushan Island (the rest is in Dinghai); streets on it: 沈家门街道 "
              "(most residents), 东港街道, 展茅街道; 鲁家峙 and 小干 are bridged islands of 沈家门街道 whose "
              "residents are counted here"))

    # --- Zhujiajian --------------------------------------------------------
    zjj = F.island("Zhujiajian Dao")
    zjj_2000 = F.census2000("朱家尖镇")
    assert str(zjj_2000) in zjj["population"]
    add_island(
        "zhujiajian", "Zhujiajian Dao", "Zhujiajian Dao", "朱家尖岛", "朱家尖街道", 1, zjj_2000, 2000,
        SRC_GEOHIVE,
        "estimate: 朱家尖镇 2000 census figure taken as the island's (the town's other islands are small; "
        "白沙乡 was a separate township in 2000)",
        area=first_float(zjj["area_km2_published"]), area_src="oenc.net 中文百科 朱家尖岛 (undated)",
        note="bridged to Zhoushan Island; no 2020 figure found")

    # --- Liuheng and Fodu --------------------------------------------------
    lh = F.island("Liuheng Dao")
    lh_2017 = int(F.popfact("六横镇", "resident population (常住)")["value"])
    fodu_2000 = F.census2000("佛渡乡")
    liuheng_pop = lh_2017 - fodu_2000
    add_island(
        "liuheng", "Liuheng Dao", "Liuheng Dao", "六横岛", "六横镇", 9, liuheng_pop, 2017,
        "factpedia.org 六横镇 (六横镇 常住 %s, 2017); %s (佛渡乡)" % (fmt(lh_2017), SRC_GEOHIVE),
        "estimate: 六横镇 2017 resident figure %s minus 佛渡岛's 2000 census figure %s; 悬山岛's residents "
        "(no figure) stay included" % (fmt(lh_2017), fmt(fodu_2000)),
        area=first_float(lh["area_km2_published"]), area_src="factpedia.org 六横镇 (2017; other pages: 109, 121)",
        note=("the scaled 2020 estimate for 六横镇 (2000 census x district growth) is %s, lower than the "
              "2017 figure used here" % fmt(int(F.town_est["六横镇"]["pop_2020_estimate"]))))
    add_island(
        "fodu", "Fodu Dao", "Fodu Dao", "佛渡岛", "六横镇", 17, fodu_2000, 2000, SRC_GEOHIVE,
        "estimate: 佛渡乡 2000 census figure taken as the island's (the former township is today's 佛渡村)",
        note="the plan expropriates the whole island by end of 2027 (二(四)11b)")

    # --- Xiazhi, Huni, Da Shuangshan ---------------------------------------
    xz = F.island("Xiazhi Dao")
    xz_fact = F.popfact("虾峙岛", "residents, 2000 census")
    xz_pop = first_int(xz_fact["value"])
    xz_area = first_float(re.search(r"land (\d+(?:\.\d+)?) km2", xz_fact["notes"]).group(1))
    add_island(
        "xiazhi", "Xiazhi Dao", "Xiazhi Dao", "虾峙岛", "虾峙镇", 26, xz_pop, 2000,
        "zh.wikipedia mirror wiki.thedays.cn 虾峙岛 (2000 census: 6,083 households)", "reported",
        area=xz_area, area_src="zh.wikipedia mirror wiki.thedays.cn 虾峙岛 (cdn.etstory.net 2014: 16)",
        note=("GeoHive lists 虾峙镇 (without 湖泥乡) at %s in 2000; the outline (#26) may also hold "
              "small neighbouring islets" % fmt(F.census2000("虾峙镇"))))
    huni_2000 = F.census2000("湖泥乡")
    add_island(
        "huni", "Huni Dao", "Huni Dao", "湖泥岛", "虾峙镇", 28, huni_2000, 2000, SRC_GEOHIVE,
        "estimate: 湖泥乡 2000 census figure taken as the island's (the former township also covered "
        "东白莲山 and 西白莲山)",
        note="outline identification has low confidence")
    dss = F.island("Da Shuangshan Dao")
    assert dss["datav_polygon_idx"] == ""
    changbing = first_int(dss["population"])
    assert changbing == 22
    pair = F.popfact("大双山岛+黄兴岛", "registered-and-present")
    pair_total = int(pair["value"])
    assert pair_total == 96
    add_island(
        "dashuangshan", None, "Da Shuangshan Dao", "大双山岛", "虾峙镇", 20, changbing, 2018,
        "newton.com.tw 長柄村 (22 residents on 2018-02-18)",
        "estimate: the 22 residents of 長柄村 (east part of the island, 2018-02-18) taken as the island's; "
        "the plan counts 96 for 大双山+黄兴 together",
        note=("outline #20 is unlabelled in the source; taken as 大双山 (with 小双山, 100 m away, merged "
              "by simplification) because it is the outline between 虾峙 (1.5 km SW) and 桃花 (1 km NE, "
              "across 虾峙门), as 長柄村's page describes; the plan relocates the island's residents "
              "to 虾峙岛 by end of April 2024 (二(四)11a, 12)"))

    # --- Taohua and Dengbu -------------------------------------------------
    th = F.island("Taohua Dao")
    th_pop = first_int(th["population"].replace("1.15万", ""))
    assert th_pop == 11500
    add_island(
        "taohua", "Taohua Dao", "Taohua Dao", "桃花岛", "桃花镇", 2, th_pop, None,
        "sichuantq.com 桃花岛 page (undated; '1.15万'; page text partly garbled)", "reported",
        area=first_float(th["area_km2_published"]), area_src="sichuantq.com 桃花岛 page (undated)",
        note="桃花镇 had %s residents in the 2000 census (GeoHive)" % fmt(F.census2000("桃花镇")))
    db = F.island("Dengbu Dao")
    db_pop = first_int(db["population"])
    assert db_pop == 6495
    add_island(
        "dengbu", "Dengbu Dao", "Dengbu Dao", "登步岛", "沈家门街道", 35, db_pop, 2000,
        "zh.wikipedia mirror wiwiwikim.kfd.me 登步 (2000 census: 2,275 households)", "reported",
        area=first_float(db["area_km2_published"]), area_src="zh.wikipedia mirror wiwiwikim.kfd.me 登步",
        note=("town: NBS 2021 lists the island's 3 villages under 沈家门街道; older pages put the former "
              "登步乡 under 桃花镇. GeoHive gives 登步乡 %s in 2000" % fmt(F.census2000("登步乡"))))

    # --- Baisha, Hulu, Mayi ------------------------------------------------
    bs = F.island("Baisha Dao")
    bs_pop = first_int(bs["population"])
    assert bs_pop == 2694
    add_island(
        "baisha", "Baisha Dao", "Baisha Dao", "白沙岛", "朱家尖街道", 11, bs_pop, None,
        "newton.com.tw 白沙島 (undated; 747 households)", "reported",
        area=first_float(bs["area_km2_published"]),
        area_src="newton.com.tw; kankantoutiao.com (land of the former 白沙乡, incl. 柴山岛)",
        note=("includes 柴山岛 (outline #32, the former 白沙乡's other inhabited island); 白沙乡 had %s "
              "residents in the 2000 census (GeoHive)" % fmt(F.census2000("白沙乡"))))
    hulu_2000 = F.census2000("葫芦乡")
    add_island(
        "hulu", "Hulu Dao", "Hulu Dao", "葫芦岛", "东港街道", 22, hulu_2000, 2000, SRC_GEOHIVE,
        "estimate: 葫芦乡 2000 census figure taken as the island's (the former township is today's 葫芦村)",
        note="outline identification has low confidence; no ferry route in the facts")
    my = F.island("Mayi Dao")
    my_pop = first_int(my["population"])
    assert my_pop == 4485
    add_island(
        "mayi", "Mayi Dao", "Mayi Dao", "蚂蚁岛", "沈家门街道", 57, my_pop, 2000,
        "m.qi18.com 蚂蚁岛 page (2000; 1,203 households)", "reported",
        area=first_float(my["area_km2_published"]), area_src="m.qi18.com; wikiwand 蚂蚁岛乡 (island only)",
        note="GeoHive gives 蚂蚁岛乡 %s in 2000; the former township merged into 沈家门街道 in 2013"
             % fmt(F.census2000("蚂蚁岛乡")))

    # --- Putuoshan ---------------------------------------------------------
    ps = F.island("Putuoshan Dao")
    ps_pop = first_int(ps["population"])
    assert ps_pop == 10318
    add_island(
        "putuoshan", "Putuoshan Dao", "Putuoshan Dao", "普陀山岛", "普陀山镇", 15, ps_pop, 2017,
        "chinawiki.net 普陀山镇 (常住, 2017)",
        "estimate: 普陀山镇 2017 resident figure taken as the island's (the town's other islands are small)",
        area=first_float(ps["area_km2_published"]),
        area_src="renrenwanh5.com (land area of 普陀山镇, 24 islands; the island is most of it)")

    # --- Dongji: Miaozihu, Qingbang, Dongfushan, Huangxing ------------------
    mz = F.island("Miaozihu Dao")
    mz_pop = first_int(mz["population"])
    assert mz_pop == 3113
    add_island(
        "miaozihu", "Miaozihu Dao", "Miaozihu Dao", "庙子湖岛", "东极镇", 19, mz_pop, 2000,
        "dongfudao.com 庙子湖 (2000; 992 households)", "reported",
        area=first_float(mz["area_km2_published"]), area_src="dongfudao.com; sgpabj.com (2025)",
        note=("seat of 东极镇; the 东极镇 zh.wikipedia mirror gives the town 6,287 (总人口) and 1,506 "
              "(infobox), both undated, so today's figure may be far lower"))
    qb_fact = F.popfact("青浜岛", "resident population")
    qb_pop = first_int(qb_fact["value"])
    assert qb_pop == 600
    qb = F.island("Qingbang Dao")
    add_island(
        "qingbang", "Qingbang Dao", "Qingbang Dao", "青浜岛", "东极镇", 6, qb_pop, 2025,
        "public code file (SQL dump of a `community` table dated 2025-07-25, repository not identified): "
        "常住人口约600; low reliability", "reported",
        area=first_float(qb["area_km2_published"]), area_src="sgpabj.com (2025)",
        note="approximate ('约600') and from seed text of a public project: low reliability")
    dj_2000 = F.census2000("东极镇")
    areas = {k: first_float(F.island(k)["area_km2_published"])
             for k in ("Qingbang Dao", "Dongfushan Dao", "Huangxing Dao")}
    rest = dj_2000 - mz_pop
    dfs_pop = int(round(rest * areas["Dongfushan Dao"] / sum(areas.values())))
    add_island(
        "dongfushan", "Dongfushan Dao", "Dongfushan Dao", "东福山岛", "东极镇", 25, dfs_pop, 2000,
        "%s (东极镇 %s); dongfudao.com (庙子湖 %s); island areas from sgpabj.com (2025)"
        % (SRC_GEOHIVE, fmt(dj_2000), fmt(mz_pop)),
        "estimate: 东极镇 2000 census %s minus 庙子湖 %s = %s, split over the other inhabited islands by "
        "published land area (青浜 %.2f, 东福山 %.2f, 黄兴 %.2f km2)"
        % (fmt(dj_2000), fmt(mz_pop), fmt(rest), areas["Qingbang Dao"], areas["Dongfushan Dao"],
           areas["Huangxing Dao"]),
        area=areas["Dongfushan Dao"], area_src="sgpabj.com (2025)",
        note="no island figure found; the same split would give 青浜 %d, but its 2025 figure is used there"
             % int(round(rest * areas["Qingbang Dao"] / sum(areas.values()))))
    hx_pop = pair_total - changbing
    add_island(
        "huangxing", "Huangxing Dao", "Huangxing Dao", "黄兴岛", "东极镇", 8, hx_pop, 2024,
        "%s, 二(四)11 (96 '户在人在' residents on 大双山+黄兴); newton.com.tw 長柄村 (22)" % SRC_PLAN,
        "estimate: the plan's 96 for 大双山+黄兴 minus 大双山's 22 (長柄村, 2018)",
        area=areas["Huangxing Dao"], area_src="zmtu.com (2020)",
        note=("zmtu.com (2020): 'almost uninhabited', no scheduled boat; the plan relocates the residents "
              "to Zhoushan Island by end of October 2024 (二(四)11a, 12)"))
    assert islands["dashuangshan"]["props"]["population"] + hx_pop == pair_total

    # ------------------------------------------------------------------
    # Settlements
    # ------------------------------------------------------------------
    settlements = {}

    def add_settlement(sid, name, name_zh, island, kind, pop, year, src, method, town, pt, loc,
                       codes=None, note=None):
        props = {
            "id": sid,
            "name": name,
            "name_zh": name_zh,
            "island": island,
            "kind": kind,
            "population": int(pop),
            "population_year": year,
            "population_source": src,
            "population_method": method,
            "elderly": int(round(pop * elderly_share)),
            "elderly_method": "estimate: population x %s; outer islands are probably older" % ELDERLY_SHARE_NOTE,
            "town": town,
            "location_method": loc,
        }
        if codes:
            props["codes"] = ",".join(codes)
        if note:
            props["note"] = note
        settlements[sid] = {"props": props, "pt": pt}

    def centroid_of(iid):
        return islands[iid]["pt"]

    def ring_of(iid):
        return rings[islands[iid]["props"]["outline_idx"]]

    def inside_or_moved(iid, pt, loc):
        """Keep a reported point if it is on land, else move it inland and mark the estimate."""
        ring = ring_of(iid)
        if point_in_ring(pt, ring):
            return pt, loc, None
        q = move_inland(pt, ring, centroid_of(iid))
        return q, ("estimate: the reported point (%.6f, %.6f; %s) lies %.0f m outside the simplified "
                   "outline; moved inland towards the outline centroid"
                   % (pt[0], pt[1], loc, dist_to_ring_m(pt, ring))), pt

    one_island = lambda iid: islands[iid]["props"]

    # --- Zhoushan Island: 沈家门, 东港, 展茅 areas -------------------------
    sjm_codes = F.codes(lambda r: r["town"] == "沈家门街道"
                        and not any(k in r["name"] for k in ("大岙村", "竹东村", "沙头村", "蚂蚁岛村")))
    dg_codes = F.codes(lambda r: r["town"] == "东港街道" and "葫芦村" not in r["name"])
    zm_codes = F.codes(lambda r: r["town"] == "展茅街道")
    assert (len(sjm_codes), len(dg_codes)) == (29, 17), (len(sjm_codes), len(dg_codes))
    parts = split_largest_remainder(
        main_pop, [main_sd_real * len(sjm_codes) / (len(sjm_codes) + len(dg_codes)),
                   main_sd_real * len(dg_codes) / (len(sjm_codes) + len(dg_codes)),
                   main_zm_real])
    main_src = islands["zhoushan"]["props"]["population_source"]
    sd_method = ("estimate: the 沈家门+东港 part of the Zhoushan Island estimate ({sd:,.0f}; see the island), "
                 "split between the two streets in proportion to their village-level units on or bridged to "
                 "the island in the NBS 2021 list (沈家门 {a}, 东港 {b}); no per-street figure found"
                 ).format(sd=main_sd_real, a=len(sjm_codes), b=len(dg_codes))
    sjm_row, sjm_pt = F.point("沈家门 (place point)")
    pt, loc, _ = inside_or_moved("zhoushan", sjm_pt, "reported (GCJ-02 converted to WGS84)")
    add_settlement(
        "shenjiamen", "Shenjiamen (area)", "沈家门街道(本岛部分)", "zhoushan", "area", parts[0], 2020,
        main_src, sd_method, "沈家门街道", pt, loc, codes=sjm_codes,
        note=("aggregate of the street's communities and villages except those on 登步岛 and 蚂蚁岛; "
              "includes 鲁家峙, 小干 and 马峙. Point: '沈家门' place point from public code file ref "
              "2424340465 (SQL dump; its CRS is not stated and GCJ-02 is assumed)"))
    # 东港: no coordinate in the facts.  East coast of the outline at latitude 29.970, 1 km inland.
    ring3 = rings[3]
    dg_lat = 29.970
    east_x = max(x for x, _ in _crossings(ring3, dg_lat))
    dg_pt = (east_x - 1000.0 / (math.cos(math.radians(dg_lat)) * EARTH_R * math.pi / 180.0), dg_lat)
    add_settlement(
        "donggang", "Donggang (area)", "东港街道(本岛部分)", "zhoushan", "area", parts[1], 2020,
        main_src, sd_method, "东港街道", dg_pt,
        "estimate: 1 km inland (west) from the main-island outline's east coast at latitude 29.970; "
        "东港 lies on that coast north-east of 沈家门 (the plan's '东港(半升洞)客运场站'); no coordinate "
        "in the facts, error a few km",
        codes=dg_codes, note="aggregate of the street's communities and villages except 葫芦村 (葫芦岛)")
    zm_lat = 30.030
    xs = sorted(x for x, _ in _crossings(ring3, zm_lat))
    zm_pt = ((xs[0] + xs[-1]) / 2.0, zm_lat)
    add_settlement(
        "zhanmao", "Zhanmao (area)", "展茅街道", "zhoushan", "area", parts[2], 2020,
        "%s; %s" % (SRC_GEOHIVE, SRC_CENSUS_2020),
        "estimate: 2000 census 展茅镇 %s + 螺门乡 %s = %s, times the district's growth 2000->2020 (%.5f)"
        % (fmt(F.census2000("展茅镇")), fmt(F.census2000("螺门乡")), fmt(zm_2000), growth),
        "展茅街道", zm_pt,
        "estimate: midpoint of the main-island outline's width at latitude 30.030; 展茅街道 covers the "
        "north of the island's Putuo part; no coordinate in the facts, error a few km",
        codes=zm_codes, note="aggregate of the street's communities and villages (incl. former 螺门乡)")

    # --- Liuheng: three areas, one per former (2000) township ------------
    lh_w = [("jiaotou", "峧头镇"), ("taimen", "台门镇"), ("shuangtang", "双塘乡")]
    lh_2000 = {k: F.census2000(t) for k, t in lh_w}
    lh_parts = split_largest_remainder(liuheng_pop, [lh_2000[k] for k, _ in lh_w])
    lh_method = ("estimate: the island figure {tot} split in proportion to the 2000 census figures of the "
                 "former townships on the island (峧头镇 {a}, 台门镇 {b}, 双塘乡 {c})"
                 ).format(tot=fmt(liuheng_pop), a=fmt(lh_2000["jiaotou"]), b=fmt(lh_2000["taimen"]),
                          c=fmt(lh_2000["shuangtang"]))
    lh_src = "factpedia.org 六横镇 (六横镇 常住 %s, 2017); %s" % (fmt(lh_2017), SRC_GEOHIVE)
    _, seat_pt = F.point("六横镇党委/政府")
    pt, loc, _ = inside_or_moved("liuheng", seat_pt, "reported (GCJ-02 converted to WGS84)")
    add_settlement(
        "liuheng_jiaotou", "Jiaotou (area, town seat)", "六横镇峧头片(原峧头镇)", "liuheng", "area",
        lh_parts[0], 2017, lh_src, lh_method, "六横镇", pt, loc,
        note=("point: 六横镇党委/政府 (三八路1号), %s; the former 峧头镇 covers the north-west of the "
              "island, so this single point stands for villages up to ~5 km away"
              % (SRC_LIUHENG_DASH.format("17610246957"))))
    _, tm_pt = F.point("台门社区卫生服务站")
    tm_loc = ("estimate: placed at the 台门社区卫生服务站 marker (reported, GCJ-02 converted to WGS84) as the "
              "centre of 台门; no seat coordinate in the facts")
    if not point_in_ring(tm_pt, ring_of("liuheng")):
        off = dist_to_ring_m(tm_pt, ring_of("liuheng"))
        tm_pt = move_inland(tm_pt, ring_of("liuheng"), centroid_of("liuheng"))
        tm_loc += ("; the marker lies %.0f m outside the simplified outline, so the point was moved inland "
                   "towards the outline centroid" % off)
    add_settlement(
        "liuheng_taimen", "Taimen (area)", "六横镇台门片(原台门镇)", "liuheng", "area",
        lh_parts[1], 2017, lh_src, lh_method, "六横镇", tm_pt, tm_loc,
        note="the former 台门镇 covers the south-east of the island (悬山岛 may have belonged to it)")
    st_row, st_pt = F.marker("双塘新村 (address 张家塘新村)")
    add_settlement(
        "liuheng_shuangtang", "Shuangtang (area, near Zhangjiatang)", "六横镇双塘片(原双塘乡)", "liuheng",
        "area", lh_parts[2], 2017, lh_src, lh_method, "六横镇", st_pt,
        "estimate: a village marker (reported, GCJ-02 converted to WGS84) whose entry is named 双塘新村 "
        "with the address 张家塘新村; the name-to-point pairing in that source is unreliable",
        note="marker from %s" % SRC_LIUHENG_DASH.format("17610246957"))

    # --- One area per remaining large island ------------------------------
    def town_codes(town, exclude=()):
        return F.codes(lambda r: r["town"] == town and not any(e in r["name"] for e in exclude))

    for iid, name, name_zh, town, codes, note in [
        ("zhujiajian", "Zhujiajian (area)", "朱家尖街道(朱家尖岛)", "朱家尖街道",
         town_codes("朱家尖街道", ("白沙港村",)), "aggregate of the street's units except 白沙港村 (白沙岛)"),
        ("xiazhi", "Xiazhi (area)", "虾峙镇(虾峙岛)", "虾峙镇", town_codes("虾峙镇", ("湖泥村",)),
         "aggregate of the town's units except 湖泥村 (湖泥岛); the town centre is 大岙/灵和"),
        ("taohua", "Taohua (area)", "桃花镇(桃花岛)", "桃花镇", town_codes("桃花镇"),
         "aggregate of the town's units; 茅山社区 (west) had 3,615 registered residents in 2005 "
         "(freelanceaholic.com)"),
        ("putuoshan", "Putuoshan (area)", "普陀山镇(普陀山岛)", "普陀山镇", town_codes("普陀山镇"),
         "aggregate of the town's 4 communities"),
    ]:
        p = one_island(iid)
        add_settlement(
            iid, name, name_zh, iid, "area", p["population"], p["population_year"], p["population_source"],
            p["population_method"], town, centroid_of(iid),
            "estimate: centroid of the island outline (no village points in the facts)",
            codes=codes, note=note)

    # --- Dengbu: three villages, split by economic co-operatives ----------
    # zh.wikipedia mirror (wiwiwikim.kfd.me 登步): since 2008 the island has 3 村委会:
    # 大岙 (2 co-operatives, south), 竹东 (2, east), 沙头 (3, north and west; township seat).
    db_ring = ring_of("dengbu")
    dbc = centroid_of("dengbu")
    db_parts = split_largest_remainder(db_pop, [2, 2, 3])
    db_method = ("estimate: island figure %s (2000) split by the number of village economic co-operatives "
                 "(大岙 2, 竹东 2, 沙头 3); no village figures found" % fmt(db_pop))
    db_src = islands["dengbu"]["props"]["population_source"]

    def toward_extreme(key, frac):
        v = max(db_ring, key=key)
        p = (dbc[0] + frac * (v[0] - dbc[0]), dbc[1] + frac * (v[1] - dbc[1]))
        if not point_in_ring(p, db_ring):
            raise SystemExit("登步 village point not on land")
        return p

    def code_of(name):
        c = F.codes(lambda r: r["name"].startswith(name))
        assert len(c) == 1, name
        return c

    kcos = math.cos(math.radians(dbc[1]))
    for sid, name, zh, key, frac, where, share in [
        ("dengbu_daao", "Da'ao Cun (Dengbu)", "大岙村", lambda v: (-v[1], v[0]), 0.6, "south", db_parts[0]),
        ("dengbu_zhudong", "Zhudong Cun (Dengbu)", "竹东村", lambda v: (v[0], v[1]), 0.6, "east", db_parts[1]),
        ("dengbu_shatou", "Shatou Cun (Dengbu)", "沙头村",
         lambda v: ((v[1] - dbc[1]) - (v[0] - dbc[0]) * kcos, v[0]), 0.5, "north-west", db_parts[2]),
    ]:
        add_settlement(
            sid, name, zh, "dengbu", "village", share, 2000, db_src, db_method, "沈家门街道",
            toward_extreme(key, frac),
            "estimate: %d%% of the way from the island outline's centroid to its %s-most vertex; the "
            "source places the village in the %s of the island" % (int(frac * 100), where, where),
            codes=code_of(zh),
            note=("village since 2008 (zh.wikipedia mirror wiwiwikim.kfd.me 登步); NBS 2021 lists it under "
                  "沈家门街道, older pages under 桃花镇" + ("; the former township seat" if sid.endswith("shatou") else "")))

    # --- One village/settlement per small island ---------------------------
    def small(iid, sid, name, zh, kind, code_name, note, pt=None, loc=None, method=None, year=None, src=None):
        p = one_island(iid)
        codes = code_of(code_name) if code_name else None
        add_settlement(
            sid, name, zh, iid, kind, p["population"], p["population_year"] if year is None else year,
            src or p["population_source"],
            method or p["population_method"],
            p["town"], pt or centroid_of(iid),
            loc or "estimate: centroid of the island outline (no village point in the facts)",
            codes=codes, note=note)

    small("baisha", "baishagang", "Baishagang Cun", "白沙港村", "village", "白沙港村",
          "the only NBS 2021 unit named for 白沙岛; island figure (with 柴山岛); older pages list 1 社区 + "
          "3 行政村 for the former 白沙乡")
    small("hulu", "hulu_cun", "Hulu Cun", "葫芦村", "village", "葫芦村", "the whole of 葫芦岛 (former 葫芦乡)")
    small("mayi", "mayidao_cun", "Mayidao Cun", "蚂蚁岛村", "village", "蚂蚁岛村",
          "one village for the whole island since 2008", method="reported")
    small("fodu", "fodu_cun", "Fodu Cun", "佛渡村", "village", "佛渡村", "the whole of 佛渡岛 (former 佛渡乡)")
    small("huni", "huni_cun", "Huni Cun", "湖泥村", "village", "湖泥村",
          "湖泥村 also covers 东白莲山 and 西白莲山; all counted here")
    small("dashuangshan", "shuangshan_cun", "Shuangshan Cun (Changbing)", "双山村(長柄村)", "village", None,
          "former 行政村 双山村 (大双山 + 小双山; not in the NBS 2021 list, so merged since); 長柄村 is its "
          "hamlet on the east of 大双山", method="reported", year=2018,
          src="newton.com.tw 長柄村 (22 residents on 2018-02-18)")
    dj_seat_row, dj_seat = F.point("东极镇 seat")
    pt, loc, _ = inside_or_moved("miaozihu", dj_seat, "reported WGS84")
    small("miaozihu", "miaozihu", "Miaozihu (town seat)", "庙子湖(东极镇驻地)", "area", None,
          "东极社区 and the 庙子湖 part of 东极村 (NBS 2021 code 330903105204, the town's only village-level "
          "unit, spans 庙子湖, 青浜, 东福山 and 黄兴); point: 东极镇 seat from the zh.wikipedia mirror "
          "infobox (test.strore.xyz/wiki/东极镇)", pt=pt, loc=loc)
    small("qingbang", "qingbang", "Qingbang (part of Dongji Cun)", "青浜(东极村)", "village", None,
          "part of 东极村 (330903105204); older pages list separate villages")
    _, dfs_place = F.point("东福山 (place point)")
    pt, loc, orig = inside_or_moved("dongfushan", dfs_place, "reported (GCJ-02 converted to WGS84)")
    small("dongfushan", "dongfushan", "Dongfushan (part of Dongji Cun)", "东福山(东极村)", "village", None,
          "part of 东极村 (330903105204); point: '东福山' place point from public code file ref 2424340465 "
          "(SQL dump; CRS not stated, GCJ-02 assumed)", pt=pt, loc=loc)
    small("huangxing", "huangxing_cun", "Huangxing Cun", "黄兴村", "village", None,
          "黄兴村 was a 行政村 in older pages; now part of 东极村 (330903105204)")

    # Sums: settlements on an island equal the island's population.
    for iid, isl in islands.items():
        s = sum(v["props"]["population"] for v in settlements.values() if v["props"]["island"] == iid)
        if s != isl["props"]["population"]:
            raise SystemExit("settlements on %s sum to %d, island has %d" % (iid, s, isl["props"]["population"]))

    # ------------------------------------------------------------------
    # Facilities
    # ------------------------------------------------------------------
    facilities = {}

    def add_facility(fid, name, name_zh, kind, island, basis, source, pt, loc, settlement=None, note=None):
        idx = islands[island]["props"]["outline_idx"]
        if kind != "pier" and idx is not None and not point_in_ring(pt, rings[idx]):
            off = dist_to_ring_m(pt, rings[idx])
            orig = pt
            pt = move_inland(pt, rings[idx], islands[island]["pt"])
            loc = ("estimate: the reported point (%.6f, %.6f; %s) lies %.0f m outside the simplified outline; "
                   "moved inland towards the outline centroid" % (orig[0], orig[1], loc, off))
        props = {
            "id": fid,
            "name": name,
            "name_zh": name_zh,
            "kind": kind,
            "island": island,
            "status": "existing",
            "basis": basis,
            "source": source,
            "location_method": loc,
        }
        if settlement:
            props["settlement"] = settlement
        if note:
            props["note"] = note
        facilities[fid] = {"props": props, "pt": pt}

    def spt(sid):
        return settlements[sid]["pt"]

    GCJ = "reported (GCJ-02 converted to WGS84)"

    # 六横 health facilities (AMap dashboard markers, GCJ-02)
    hrow, hpt = F.point("普陀医院六横第二分院")
    orow, opt = F.point("六横分院-门诊")
    trow, tpt = F.point("六横镇医院")
    add_facility(
        "liuheng_hospital", "Putuo Hospital, Liuheng branch", "普陀医院六横第二分院(普陀人民医院六横分院)",
        "hospital", "liuheng", "marker and address (六横路227号) in a public dashboard for 六横",
        SRC_LIUHENG_DASH.format("17126481600 / 17714799559"), hpt, GCJ, settlement="liuheng_jiaotou",
        note=("one hospital kept: the same dashboards also mark '六横分院-门诊' (%.6f, %.6f) and '镇医院' "
              "(%.6f, %.6f), about %.0f m away, taken as the same institution; possibly the plan's "
              "普陀区第二人民医院" % (opt[0], opt[1], tpt[0], tpt[1], dist_m(hpt, opt))))
    _, cpt = F.point("中心卫生院")
    add_facility(
        "liuheng_health_centre", "Liuheng central health centre (Taimen)", "六横中心卫生院(台门,台兴路156号)",
        "health_centre", "liuheng", "marker and address (台兴路156号) in a public dashboard for 六横; exact "
        "official name not given", SRC_LIUHENG_DASH.format("17126481600"), cpt, GCJ,
        settlement="liuheng_taimen")
    for fid, part, name, zh, sid in [
        ("liuheng_taimen_station", "台门社区卫生服务站", "Taimen community health station",
         "台门社区卫生服务站", "liuheng_taimen"),
        ("liuheng_cangdong_station", "苍洞社区卫生站", "Cangdong community health station",
         "六横镇苍洞社区卫生站", "liuheng_taimen"),
        ("liuheng_jiaotou_station", "峧头社区卫生服务室", "Jiaotou community health room",
         "六横镇峧头社区卫生服务室", "liuheng_jiaotou"),
    ]:
        _, p = F.point(part)
        add_facility(fid, name, zh, "village_clinic", "liuheng",
                     "marker in a public dashboard for 六横 (community health station tier)",
                     SRC_LIUHENG_DASH.format("17028029184"), p, GCJ, settlement=sid)

    # District hospital main campus, 东港 (address, no coordinate)
    hosp = [r for r in F.found if "普陀院区" in r["name"]]
    assert len(hosp) == 1 and "文康街19号" in hosp[0]["address"]
    add_facility(
        "putuo_hospital", "Putuo Hospital (main campus, Donggang)",
        "普陀医院(浙江大学医学院附属舟山医院普陀院区)", "hospital", "zhoushan",
        "address 舟山市普陀区东港街道文康街19号 on a public guide page (2025); identity with the former "
        "普陀医院 main campus not confirmed; the plan's '1+1+N' system names 普陀医院 (二(二)5)",
        "www.meicimeiju.cn/health/news/15440813.html; %s" % SRC_PLAN, spt("donggang"),
        "estimate: placed at the estimated 东港 area point (the address is in 东港街道; no coordinate "
        "in the facts)", settlement="donggang")
    # Street community health service centre of 沈家门 (implied by its station's name)
    add_facility(
        "shenjiamen_health_centre", "Shenjiamen street community health service centre",
        "沈家门街道社区卫生服务中心", "health_centre", "zhoushan",
        "implied by the registered name of its station 普陀区沈家门街道社区卫生服务中心西大社区卫生服务站 "
        "(credit code 12330903472170315M)",
        "public code file ref 66686580691 (institution list; repository not identified)", spt("shenjiamen"),
        "estimate: placed at the 沈家门 area point (no address in the facts)", settlement="shenjiamen")

    # Health centres named in the plan or implied by it
    implied = ("implied by the plan (二(二)5: every town/street has a township health centre 卫生院 / "
               "community health service centre in the '1+1+N' system)")
    for fid, name, zh, island, sid, basis, loc, note in [
        ("dengbu_health_centre", "Dengbu Island health centre", "登步岛卫生院", "dengbu", "dengbu_shatou",
         "named in the plan (二(二)5: 实施登步岛卫生院人员精简工作)",
         "estimate: placed at the 沙头村 point, the former township seat", None),
        ("baisha_health_centre", "Baisha Island health centre", "白沙岛卫生院", "baisha", "baishagang",
         "named in the plan (二(二)5: 撤销白沙岛卫生院改设为白沙港村卫生室; the change is a scenario edit)",
         "estimate: placed at the 白沙港村 point (island outline centroid)", None),
        ("xiazhi_health_centre", "Xiazhi town health centre", "虾峙镇卫生院", "xiazhi", "xiazhi", implied,
         "estimate: placed at the 虾峙 area point (island outline centroid)", "name not sourced"),
        ("taohua_health_centre", "Taohua town health centre", "桃花镇卫生院", "taohua", "taohua", implied,
         "estimate: placed at the 桃花 area point (island outline centroid)", "name not sourced"),
        ("dongji_health_centre", "Dongji town health centre", "东极镇卫生院", "miaozihu", "miaozihu", implied,
         "estimate: placed at the 东极镇 seat point", "name not sourced"),
        ("putuoshan_health_centre", "Putuoshan town health centre", "普陀山镇卫生院", "putuoshan", "putuoshan",
         implied, "estimate: placed at the 普陀山 area point (island outline centroid)", "name not sourced"),
        ("zhujiajian_health_centre", "Zhujiajian street community health service centre",
         "朱家尖街道社区卫生服务中心", "zhujiajian", "zhujiajian", implied,
         "estimate: placed at the 朱家尖 area point (island outline centroid)", "name not sourced"),
        ("zhanmao_health_centre", "Zhanmao street community health service centre", "展茅街道社区卫生服务中心",
         "zhoushan", "zhanmao", implied, "estimate: placed at the estimated 展茅 area point",
         "name not sourced; the plan (二(二)6) also speaks of projects for the main island's three street "
         "centres"),
    ]:
        add_facility(fid, name, zh, "health_centre", island, basis, SRC_PLAN, spt(sid), loc,
                     settlement=sid, note=note)

    # ------------------------------------------------------------------
    # Piers
    # ------------------------------------------------------------------
    def reported_pier(fid, part, name, zh):
        r, p = F.point(part)
        add_facility(fid, name, zh, "pier", "liuheng", "pier point in a public turf point file for 六横",
                     SRC_TURF, p, GCJ, note="source CRS not stated; GCJ-02 assumed (AMap project)"
                     + ("; " + r["note"] if r["note"] else ""))

    reported_pier("liuheng_daao_pier", "大岙码头", "Liuheng Da'ao (Jiaotou) pier", "六横大岙码头(峧头)")
    reported_pier("liuheng_taimen_pier", "台门码头", "Liuheng Taimen pier", "六横台门码头")
    reported_pier("liuheng_jizhi_pier", "积峙码头", "Liuheng Jizhi pier", "六横积峙码头")
    reported_pier("liuheng_xiwenshan_pier", "西文山码头", "Liuheng Xiwenshan pier", "六横西文山码头")

    def estimated_pier(fid, name, zh, island, anchor, anchor_desc, basis, source, note=None):
        ring = ring_of(island)
        v = nearest_vertex(ring, anchor)
        p = move_towards(v, centroid_of(island), PIER_INLAND_M)
        add_facility(
            fid, name, zh, "pier", island, basis, source, p,
            "estimate: vertex of the island outline nearest %s, moved %d m inland towards the outline "
            "centroid; no coordinate in the facts" % (anchor_desc, PIER_INLAND_M), note=note)
        return p

    rl = "terminal named in the ferry route list"
    duntou = estimated_pier(
        "duntou_pier", "Shenjiamen Duntou pier", "沈家门墩头码头", "zhoushan", centroid_of("taohua"),
        "桃花岛 (the first route listed from this terminal)", rl, "%s; %s" % (SRC_IPTV, SRC_ROUTE_LIST))
    bsd = estimated_pier(
        "banshengdong_pier", "Shenjiamen Banshengdong pier", "沈家门半升洞码头", "zhoushan", spt("donggang"),
        "the estimated 东港 area point (the plan names '东港(半升洞)客运场站')", rl,
        "sgpabj.com k125967 (2025); %s; %s" % (SRC_ROUTE_LIST, SRC_PLAN))
    daao = facilities["liuheng_daao_pier"]["pt"]
    estimated_pier("maocaowu_pier", "Taohua Maocaowu pier", "桃花茅草屋码头", "taohua", duntou,
                   "the 墩头 pier", rl, "%s; %s" % (SRC_IPTV, SRC_ROUTE_LIST))
    estimated_pier("mayi_pier", "Mayi Dao pier", "蚂蚁岛码头", "mayi", duntou, "the 墩头 pier", rl, SRC_IPTV)
    xzp = estimated_pier("xiazhi_pier", "Xiazhi pier (Da'ao / Huangshi / Zhapeng)", "虾峙码头(大岙/黄石/栅棚)",
                         "xiazhi", duntou, "the 墩头 pier", rl, "%s; 9253.org/9172.html" % SRC_IPTV,
                         note="the island has several terminals (大岙, 黄石, 栅棚); one point stands for them")
    estimated_pier("dengbu_pier", "Dengbu pier", "登步码头", "dengbu", duntou, "the 墩头 pier", rl, SRC_IPTV)
    estimated_pier("fodu_pier", "Fodu pier", "佛渡码头", "fodu", daao, "the 六横大岙 pier", rl,
                   "%s; %s" % (SRC_IPTV, SRC_ROUTE_LIST))
    mzp = estimated_pier("miaozihu_pier", "Miaozihu pier", "庙子湖码头", "miaozihu", bsd,
                         "the 半升洞 pier", rl, "sgpabj.com k125967 (2025); m.huocheso.com youji-12020 (2020)")
    for fid, name, zh, iid, src in [
        ("qingbang_pier", "Qingbang pier", "青浜码头", "qingbang", "tcdqly.com (东极 ferries)"),
        ("dongfushan_pier", "Dongfushan pier", "东福山码头", "dongfushan",
         "m.huocheso.com youji-12020 (2020); tcdqly.com"),
        ("huangxing_pier", "Huangxing pier", "黄兴码头", "huangxing", "zmtu.com/travel/202004/987.html (2020)"),
    ]:
        estimated_pier(fid, name, zh, iid, mzp, "the 庙子湖 pier", rl if iid != "huangxing" else
                       "landing on an island reached by chartered boat (zmtu.com 2020)", src)
    wgz = estimated_pier("wugongzhi_pier", "Zhujiajian Wugongzhi pier", "朱家尖蜈蚣峙码头", "zhujiajian",
                         centroid_of("putuoshan"), "普陀山岛 (its main route)", rl,
                         "public code file refs 61284906599, 56783418883 (tour-guide data); %s" % SRC_ROUTE_LIST)
    estimated_pier("putuoshan_pier", "Putuoshan pier", "普陀山码头", "putuoshan", wgz, "the 蜈蚣峙 pier", rl,
                   "public code file refs 61284906599, 56783418883 (tour-guide data)")
    estimated_pier("baisha_pier", "Baisha pier", "白沙码头", "baisha", wgz, "the 蜈蚣峙 pier", rl,
                   SRC_ROUTE_LIST)
    estimated_pier("huni_pier", "Huni pier", "湖泥码头", "huni", xzp, "the 虾峙 pier", rl, SRC_ROUTE_LIST)

    # ------------------------------------------------------------------
    # Ferries and bridges
    # ------------------------------------------------------------------
    ferries = {}

    def boat_minutes(a, b):
        km = dist_m(a, b) / 1000.0
        return int(math.ceil(km / BOAT_KMH * 60.0)), km

    def est_minutes_method(km):
        return ("estimate: straight-line pier-to-pier length %.1f km at %d km/h (conventional ferry), "
                "rounded up; no crossing time published" % (km, int(BOAT_KMH)))

    def add_ferry(fid, name_zh, frm, to, minutes, minutes_method, deps, deps_method, source,
                  first=None, last=None, note=None, mode="ferry", line=None):
        if line is None:
            line = [facilities[frm]["pt"], facilities[to]["pt"]]
        props = {
            "id": fid,
            "name_zh": name_zh,
            "mode": mode,
            "from": frm,
            "to": to,
            "minutes": minutes,
            "minutes_method": minutes_method,
            "departures_per_day": deps,
            "departures_method": deps_method,
        }
        if first:
            props["first"] = first
        if last:
            props["last"] = last
        props["source"] = source
        if note:
            props["note"] = note
        ferries[fid] = {"props": props, "line": line}

    def fpt(fid):
        return facilities[fid]["pt"]

    # 墩头 -> 桃花
    r = F.route("墩头", "桃花茅草屋")
    t = times_in(r["notes"])
    assert len(t) == first_int(r["daily_departures"]) == 12
    add_ferry("duntou_taohua", "沈家门墩头—桃花茅草屋", "duntou_pier", "maocaowu_pier", first_int(r["crossing_min"]),
              "reported (fast boat: dep 9:10, arr 9:35 in a 2007 travel note, kllvx.com); conventional ferries "
              "are slower (time not published)",
              len(t), "reported: departure times listed in the timetable (6 ferry + 6 fast boat)",
              SRC_IPTV + "; kllvx.com travel note (2007)", first=min(t), last=max(t),
              note="fares: ferry 15 CNY, fast boat 27 CNY")
    # 墩头 -> 蚂蚁
    r = F.route("墩头", "蚂蚁岛")
    t = times_in(r["notes"])
    assert len(t) == first_int(r["daily_departures"]) == 6
    m, km = boat_minutes(fpt("duntou_pier"), fpt("mayi_pier"))
    add_ferry("duntou_mayi", "沈家门墩头—蚂蚁岛", "duntou_pier", "mayi_pier", m, est_minutes_method(km),
              len(t), "reported: departure times listed in the timetable", SRC_IPTV, first=min(t), last=max(t))
    # 墩头 -> 六横大岙
    r = F.route("墩头", "六横大岙")
    t = sorted(set(times_in(r["notes"])))
    assert len(t) == 9
    m, km = boat_minutes(fpt("duntou_pier"), fpt("liuheng_daao_pier"))
    add_ferry("duntou_liuheng", "沈家门墩头—六横大岙(峧头)", "duntou_pier", "liuheng_daao_pier", m,
              est_minutes_method(km) + "; fast boats are quicker",
              len(t), "reported: the 9 distinct departure times in the timetable (5 fast + 4 regular); the "
              "table's separate '墩头-六横' rows repeat 7:30 and 12:30, so the true count may be 9-12",
              SRC_IPTV, first=min(t), last=max(t), note="fares: fast 33 CNY, regular 18 CNY")
    # 墩头 -> 虾峙
    r = F.route("墩头", "虾峙")
    t = times_in(r["notes"].split("return")[0])
    assert len(t) == 6
    m, km = boat_minutes(fpt("duntou_pier"), fpt("xiazhi_pier"))
    add_ferry("duntou_xiazhi", "沈家门墩头—虾峙", "duntou_pier", "xiazhi_pier", m,
              est_minutes_method(km) + "; 2 of the sailings are fast boats",
              len(t), "reported: 6 departures incl. 2 fast boats listed on 9253.org; the IPTV timetable lists 8 "
              "(5 to 大岙, 1 to 黄石, 2 to 栅棚)",
              "9253.org/9172.html; " + SRC_IPTV, first=min(t), last=max(t),
              note="return sailings 07:00-16:00 (6)")
    # 墩头 -> 登步
    r = F.route("墩头", "登步")
    t = times_in(r["notes"])
    assert len(t) == first_int(r["daily_departures"]) == 4
    m, km = boat_minutes(fpt("duntou_pier"), fpt("dengbu_pier"))
    add_ferry("duntou_dengbu", "沈家门墩头—登步", "duntou_pier", "dengbu_pier", m, est_minutes_method(km),
              len(t), "reported: departure times listed in the timetable", SRC_IPTV, first=min(t), last=max(t))
    # 墩头 -> 佛渡
    r = F.route("墩头", "佛渡")
    t = times_in(r["notes"])
    assert len(t) == first_int(r["daily_departures"]) == 1
    m, km = boat_minutes(fpt("duntou_pier"), fpt("fodu_pier"))
    add_ferry("duntou_fodu", "沈家门墩头—佛渡", "duntou_pier", "fodu_pier", m, est_minutes_method(km),
              1, "reported: one departure listed in the timetable", SRC_IPTV, first=t[0], last=t[0])
    # 半升洞 -> 庙子湖
    r = F.route("半升洞", "庙子湖")
    assert r["crossing_min"].startswith("120 (2025")
    add_ferry("banshengdong_miaozihu", "沈家门半升洞—庙子湖", "banshengdong_pier", "miaozihu_pier", 120,
              "reported (2025 blog, sgpabj.com); an older page (m.huocheso.com, 2020) gives 150 ('全程2个半小时')",
              4, "reported: '~4/day' in a 2025 blog (sgpabj.com); earlier 1/day on weekdays plus weekend extras",
              "sgpabj.com k125967 (2025); m.huocheso.com youji-12020 (2020); public code file ref 49819727392",
              note="the only direct route to 东极; 青浜, 东福山 and 黄兴 are reached by changing at 庙子湖; an "
                   "older itinerary leaves at 08:30 and arrives 10:30")
    # 庙子湖 -> 东福山 / 青浜 / 黄兴
    assumed_one = ("estimate: 1, the lowest count of any timetabled route in the facts; the route is known "
                   "but no timetable was found")
    r = F.route("庙子湖", "东福山")
    add_ferry("miaozihu_dongfushan", "庙子湖—东福山", "miaozihu_pier", "dongfushan_pier", 40,
              "reported: 40 min (m.huocheso.com, 2020, '东福轮'); tcdqly.com gives 45", 1, assumed_one,
              "m.huocheso.com youji-12020 (2020); tcdqly.com", note="fare 30 CNY (2025 blog)")
    r = F.route("庙子湖", "青浜")
    add_ferry("miaozihu_qingbang", "庙子湖—青浜", "miaozihu_pier", "qingbang_pier", 15,
              "reported: '坐船10多分钟' (tcdqly.com), read as 15 (the range given is 10-15)", 1, assumed_one,
              "tcdqly.com", note="fare 20 CNY (2025 blog)")
    r = F.route("庙子湖", "黄兴")
    assert r["daily_departures"] == "0 scheduled"
    m, km = boat_minutes(fpt("miaozihu_pier"), fpt("huangxing_pier"))
    add_ferry("miaozihu_huangxing", "庙子湖—黄兴", "miaozihu_pier", "huangxing_pier", m, est_minutes_method(km),
              0, "reported: no scheduled boat, charter only (zmtu.com 2020)", "zmtu.com/travel/202004/987.html (2020)",
              note="unscheduled: chartered boats only")
    # 蜈蚣峙 -> 普陀山
    r = F.route("蜈蚣峙", "普陀山")
    add_ferry("wugongzhi_putuoshan", "朱家尖蜈蚣峙—普陀山", "wugongzhi_pier", "putuoshan_pier", 20,
              "reported: '船程约20分钟' (public code file ref 61284906599); ref 56783418883 says 15", 12,
              "estimate: no count published; sailings are called frequent ('发船间隔频密', public code file ref "
              "49819727392), so set to 12, the busiest timetabled route in the facts (墩头—桃花)",
              "public code file refs 61284906599, 56783418883, 49819727392 (tour-guide and itinerary data)")
    # 朱家尖 -> 白沙
    r = F.route("朱家尖蜈蚣峙码头 / 朱家尖樟州湾", "白沙岛")
    m, km = boat_minutes(fpt("wugongzhi_pier"), fpt("baisha_pier"))
    add_ferry("zhujiajian_baisha", "朱家尖—白沙", "wugongzhi_pier", "baisha_pier", m, est_minutes_method(km),
              1, assumed_one, SRC_ROUTE_LIST,
              note="the route list has sailings from 蜈蚣峙 and from 樟州湾 (not placed); one link stands for both")
    # 六横大岙 -> 佛渡 ; 六横大岙 -> 湖泥 ; 虾峙 -> 湖泥
    for fid, nzh, a, b, frm_part, to_part in [
        ("liuheng_fodu", "六横大岙—佛渡", "liuheng_daao_pier", "fodu_pier", "六横大岙", "佛渡"),
        ("liuheng_huni", "六横大岙—湖泥", "liuheng_daao_pier", "huni_pier", "六横大岙", "湖泥"),
        ("xiazhi_huni", "虾峙—湖泥", "xiazhi_pier", "huni_pier", "虾峙", "湖泥"),
    ]:
        r = [x for x in F.routes if x["from_terminal"] == frm_part and x["to_terminal"] == to_part]
        assert len(r) == 1, (frm_part, to_part)
        m, km = boat_minutes(fpt(a), fpt(b))
        add_ferry(fid, nzh, a, b, m, est_minutes_method(km), 1, assumed_one, SRC_ROUTE_LIST)

    # Bridge: 朱家尖 <-> Zhoushan Island (nearest outline vertices, moved inland)
    ra, rb = ring_of("zhoushan"), ring_of("zhujiajian")
    va, vb = min(((a, b) for a in ra for b in rb), key=lambda ab: (dist_m(ab[0], ab[1]), ab))
    ea = move_inland(va, ra, centroid_of("zhoushan"), extra_m=PIER_INLAND_M)
    eb = move_inland(vb, rb, centroid_of("zhujiajian"), extra_m=PIER_INLAND_M)
    km = dist_m(ea, eb) / 1000.0
    add_ferry("bridge_zhoushan_zhujiajian", "朱家尖大桥(本岛—朱家尖)", "zhoushan", "zhujiajian",
              int(math.ceil(km / ROAD_KMH * 60.0)),
              "estimate: straight-line length %.1f km between the two endpoints at %d km/h by road, rounded up"
              % (km, int(ROAD_KMH)),
              None, "not applicable (fixed link)",
              "islands table of the Putuo facts (朱家尖岛: 'bridged to main island'); endpoints from %s"
              % SRC_OUTLINES,
              mode="bridge", line=[ea, eb],
              note=("endpoints: the closest pair of outline vertices of the two islands, each moved %d m "
                    "inland; the real bridge alignment is not in the facts" % PIER_INLAND_M))

    return islands, settlements, facilities, ferries, rings


def _crossings(ring, lat):
    """Points where the horizontal line at `lat` crosses the ring."""
    out = []
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        if (y1 > lat) != (y2 > lat):
            out.append((x1 + (lat - y1) * (x2 - x1) / (y2 - y1), lat))
    if not out:
        raise SystemExit("latitude %.4f does not cross the outline" % lat)
    return out


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
FAC_KINDS = {"hospital", "health_centre", "sub_centre", "village_clinic", "emergency_point", "aed",
             "elderly_care_centre", "care_station", "canteen", "meal_point", "senior_school", "school",
             "training_centre", "gig_market", "livelihood_complex", "pier"}
LOC_OK = ("reported (GCJ-02 converted to WGS84)", "reported WGS84")


def check_point(p, what):
    lon, lat = p
    if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
        raise SystemExit("%s out of range: %r" % (what, p))
    if any(math.isnan(v) or math.isinf(v) for v in p):
        raise SystemExit("%s has NaN" % what)


def check_method(text, what):
    if not (text == "reported" or text.startswith("estimate: ")):
        raise SystemExit("%s: bad population_method %r" % (what, text))


def check(islands, settlements, facilities, ferries, rings):
    for layer in (islands, settlements, facilities, ferries):
        for k, v in layer.items():
            assert SLUG.match(k), k
            assert v["props"]["id"] == k
    for iid, v in islands.items():
        p = v["props"]
        check_point(v["pt"], iid)
        check_method(p["population_method"], iid)
        assert isinstance(p["population"], int) and p["population"] >= 0
        if p["outline_idx"] is not None:
            assert point_in_ring(v["pt"], rings[p["outline_idx"]]), iid
    idxs = [v["props"]["outline_idx"] for v in islands.values() if v["props"]["outline_idx"] is not None]
    assert len(idxs) == len(set(idxs)), "an outline is used twice"
    assert islands["dashuangshan"]["props"]["population"] < 100
    assert islands["huangxing"]["props"]["population"] < 100
    for sid, v in settlements.items():
        p = v["props"]
        check_point(v["pt"], sid)
        check_method(p["population_method"], sid)
        assert p["island"] in islands, sid
        assert p["kind"] in ("village", "community", "area"), sid
        assert isinstance(p["population"], int) and p["population"] >= 0
        assert p["location_method"] in LOC_OK or p["location_method"].startswith("estimate: "), sid
        idx = islands[p["island"]]["props"]["outline_idx"]
        if idx is not None and not point_in_ring(v["pt"], rings[idx]):
            raise SystemExit("settlement %s is not inside outline #%d" % (sid, idx))
    for fid, v in facilities.items():
        p = v["props"]
        check_point(v["pt"], fid)
        assert p["kind"] in FAC_KINDS, fid
        assert p["island"] in islands, fid
        assert p["location_method"] in LOC_OK or p["location_method"].startswith("estimate: "), fid
        if p.get("settlement"):
            assert p["settlement"] in settlements, fid
            assert settlements[p["settlement"]]["props"]["island"] == p["island"], fid
        idx = islands[p["island"]]["props"]["outline_idx"]
        if idx is None:
            continue
        ring = rings[idx]
        if p["kind"] == "pier":
            if not point_in_ring(v["pt"], ring) and dist_to_ring_m(v["pt"], ring) > PIER_TOLERANCE_M:
                raise SystemExit("pier %s is %.0f m off its island" % (fid, dist_to_ring_m(v["pt"], ring)))
        elif not point_in_ring(v["pt"], ring):
            raise SystemExit("facility %s is not inside outline #%d (%.0f m off)"
                             % (fid, idx, dist_to_ring_m(v["pt"], ring)))
    for eid, v in ferries.items():
        p = v["props"]
        for q in v["line"]:
            check_point(q, eid)
        if p["mode"] == "ferry":
            for end in (p["from"], p["to"]):
                assert end in facilities and facilities[end]["props"]["kind"] == "pier", (eid, end)
            assert isinstance(p["departures_per_day"], int) and p["departures_per_day"] >= 0, eid
        else:
            assert p["mode"] == "bridge"
            for end, q in ((p["from"], v["line"][0]), (p["to"], v["line"][-1])):
                assert end in islands, (eid, end)
                assert point_in_ring(q, rings[islands[end]["props"]["outline_idx"]]), (eid, end)
        assert isinstance(p["minutes"], int) and p["minutes"] > 0, eid
        assert p["minutes_method"].startswith(("reported", "estimate: ")), eid
        for k in ("first", "last"):
            if k in p:
                assert re.match(r"^\d\d:\d\d$", p[k]), (eid, k)


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def feature(fid, geom, props):
    return {"type": "Feature", "id": fid, "geometry": geom, "properties": props}


def write_collection(path, features):
    features = sorted(features, key=lambda f: f["id"])
    lines = ['{"type": "FeatureCollection", "features": [']
    for i, f in enumerate(features):
        s = json.dumps(f, ensure_ascii=False, allow_nan=False)
        lines.append(s + ("," if i + 1 < len(features) else ""))
    lines.append("]}")
    text = "\n".join(lines) + "\n"
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv=None):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data", "putuo"),
                    help="folder with the public facts (default: ../shared/data/putuo from the repo root)")
    ap.add_argument("--out", default=os.path.join(root, "gis"), help="output folder (default: gis/)")
    args = ap.parse_args(argv)

    islands, settlements, facilities, ferries, rings = build(os.path.normpath(args.data))
    check(islands, settlements, facilities, ferries, rings)

    os.makedirs(args.out, exist_ok=True)
    write_collection(os.path.join(args.out, "islands.geojson"),
                     [feature(k, {"type": "Point", "coordinates": pt6(v["pt"])}, v["props"])
                      for k, v in islands.items()])
    write_collection(os.path.join(args.out, "settlements.geojson"),
                     [feature(k, {"type": "Point", "coordinates": pt6(v["pt"])}, v["props"])
                      for k, v in settlements.items()])
    write_collection(os.path.join(args.out, "facilities.geojson"),
                     [feature(k, {"type": "Point", "coordinates": pt6(v["pt"])}, v["props"])
                      for k, v in facilities.items()])
    write_collection(os.path.join(args.out, "ferries.geojson"),
                     [feature(k, {"type": "LineString", "coordinates": [pt6(q) for q in v["line"]]}, v["props"])
                      for k, v in ferries.items()])
    print("islands %d, settlements %d, facilities %d, ferries %d"
          % (len(islands), len(settlements), len(facilities), len(ferries)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
