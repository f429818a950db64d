#!/usr/bin/env python3
"""Build isleplan's default dataset for Putuo District (gis/*.geojson).

Reads the public facts in a folder of CSV and GeoJSON files (given with
``--data``) and writes five GeoJSON layers into ``gis/``:

    islands.geojson      one Polygon/MultiPolygon per inhabited island (DataV outlines)
    settlements.geojson  Points: administrative villages and communities (NBS 2021),
                         parts of a village on several islands, areas standing for
                         the units without a point, and one hamlet
    territories.geojson  Polygons: the land each settlement's residents are spread over
    facilities.geojson   Points: health facilities and ferry piers
    ferries.geojson      LineStrings: ferry links (pier to pier) and bridges

Every figure carries its source, or is marked "estimate: <method>".

Standard library only.  Deterministic: two runs give byte-identical files.

    python3 tools/build_gis.py --data DIR [--out DIR]
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
SRC_SAMPLING = ("Zhejiang Health Commission list of sampling sites (hsddcx.wsjkw.zj.gov.cn), 2022-10-17, via "
                "github.com/lanseria/test data.json @ 8ae61580ecf3484379f3c6877108c5ead7790491 (no licence file)")
SRC_SAMPLING_MAY = ("Zhejiang Health Commission list of sampling sites, 2022-05-03, via "
                    "github.com/Lanseria/awesome-cn-data branch sampling-point zhoushan.geojson @ "
                    "d14e2f0342fd2295f6f5ebc99c37d1ab4f49a57c (README: CC-BY 4.0)")
SRC_VONNG = ("AMap centre under the NBS 2016 code, github.com/Vonng/adcode data/adcode/330903.csv @ "
             "b755d6e4abca8e0d309728abc9ad4b100dacc685 (CC BY 4.0)")
SRC_PARTY = ("public code file ref 17306231702 (AMap party-branch dashboard for 六横, corrected version; "
             "repository not identified)")

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
# A point outside every outline but this close to one belongs to that island.
SNAP_M = 300.0

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
# Polygons: outlines, Voronoi cells clipped to land, union of cells, validity
# ---------------------------------------------------------------------------
# A "polygon set" is a list of polygons; a polygon is a list of rings; a ring is
# a list of (lon, lat) tuples, not closed.  The first ring of a polygon is its
# exterior (counter-clockwise), the others are holes (clockwise).

SLIVER_M2 = 1000.0          # pieces of a territory smaller than this are dropped
IN_TERRITORY_TOL_M = 5.0    # a settlement point may sit this close outside its territory


class LocalProj:
    """Equirectangular projection around an origin (metres); fine at island scale."""

    def __init__(self, origin):
        self.o = origin
        self.kx = math.cos(math.radians(origin[1])) * EARTH_R * math.pi / 180.0
        self.ky = EARTH_R * math.pi / 180.0

    def fwd(self, p):
        return ((p[0] - self.o[0]) * self.kx, (p[1] - self.o[1]) * self.ky)

    def inv(self, q):
        return (self.o[0] + q[0] / self.kx, self.o[1] + q[1] / self.ky)


def signed_area(ring):
    s = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        s += x1 * y2 - x2 * y1
    return s / 2.0


def ring_area_m2(ring):
    """Signed area in m2 of a lon/lat ring (positive when counter-clockwise)."""
    proj = LocalProj(ring[0])
    return signed_area([proj.fwd(p) for p in ring])


def polys_area_m2(polys):
    return sum(sum(ring_area_m2(r) for r in poly) for poly in polys)


def clip_ring_halfplane(ring, a, b, c):
    """Clip a simple counter-clockwise ring (planar) to the half-plane a*x + b*y <= c.

    Unlike plain Sutherland-Hodgman, a non-convex ring that the line cuts into
    several pieces gives several rings (no zero-width bridges): the inside
    chains of the boundary are joined along the clip line by pairing the
    crossings in their order along the line.  Returns a list of rings.
    """
    s = [a * x + b * y - c for x, y in ring]
    n = len(ring)
    if all(v <= 0 for v in s):
        return [list(ring)]
    if all(v > 0 for v in s):
        return []
    k = next(i for i in range(n) if s[i] > 0)
    chains = []
    cur = None
    for step in range(n):
        i = (k + step) % n
        j = (i + 1) % n
        pi_in, pj_in = s[i] <= 0, s[j] <= 0
        if pi_in != pj_in:
            t = s[i] / (s[i] - s[j])
            x = (ring[i][0] + t * (ring[j][0] - ring[i][0]), ring[i][1] + t * (ring[j][1] - ring[i][1]))
            if pj_in:            # entering
                cur = [x, ring[j]]
            else:                # leaving
                cur.append(x)
                chains.append(cur)
                cur = None
        elif pi_in:
            cur.append(ring[j])
    if cur is not None:
        raise ValueError("unclosed chain")
    # order the crossings along the line; direction (-b, a)
    ends = []
    for ci, ch in enumerate(chains):
        ends.append((-b * ch[0][0] + a * ch[0][1], "entry", ci))
        ends.append((-b * ch[-1][0] + a * ch[-1][1], "exit", ci))
    ends.sort()
    partner = {}
    for q in range(0, len(ends), 2):
        e1, e2 = ends[q], ends[q + 1]
        if {e1[1], e2[1]} != {"entry", "exit"}:
            raise ValueError("degenerate crossing order")
        x, e = (e1, e2) if e1[1] == "exit" else (e2, e1)
        partner[x[2]] = e[2]
    out = []
    used = set()
    for start in range(len(chains)):
        if start in used:
            continue
        r = []
        ci = start
        while ci not in used:
            used.add(ci)
            r.extend(chains[ci])
            ci = partner[ci]
        if ci != start:
            raise ValueError("chains do not close")
        out.append(r)
    return out


def clip_halfplane(pieces, a, b, c):
    """Clip a list of rings; retries with a nudged line in degenerate cases."""
    out = []
    for r in pieces:
        for eps in (0.0, 1e-6, -1e-6, 3e-6):
            try:
                out.extend(clip_ring_halfplane(r, a, b, c + eps))
                break
            except ValueError:
                continue
        else:
            raise SystemExit("half-plane clipping failed")
    return out


def voronoi_pieces(parts_xy, sites_xy):
    """For each site, the pieces (planar rings) of its Voronoi cell within the parts."""
    cells = []
    for i, s in enumerate(sites_xy):
        pieces = [list(r) for r in parts_xy]
        for j, t in enumerate(sites_xy):
            if i == j:
                continue
            # keep points closer to s than to t: (t - s) . p <= (|t|^2 - |s|^2) / 2
            a, b = t[0] - s[0], t[1] - s[1]
            c = (t[0] ** 2 + t[1] ** 2 - s[0] ** 2 - s[1] ** 2) / 2.0
            pieces = clip_halfplane(pieces, a, b, c)
        cells.append(pieces)
    return cells


def _micro(p):
    return (int(round(p[0] * 1e6)), int(round(p[1] * 1e6)))


def clean_ring_micro(ring):
    """Integer micro-degree ring: drop repeated points, collinear points and spikes."""
    r = list(ring)
    changed = True
    while changed:
        changed = False
        d = []
        for p in r:
            if not d or d[-1] != p:
                d.append(p)
        while len(d) > 1 and d[0] == d[-1]:
            d.pop()
        if len(d) != len(r):
            changed = True
        r = d
        if len(r) < 3:
            return None
        n = len(r)
        for i in range(n):
            a, b, c = r[i - 1], r[i], r[(i + 1) % n]
            if (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]) == 0:
                del r[i]
                changed = True
                break
    return r if len(r) >= 3 else None


def from_micro(r):
    return [(x / 1e6, y / 1e6) for x, y in r]


class Snapper:
    """Merges micro-degree vertices that differ by at most 2 units (about 0.2 m)."""

    def __init__(self):
        self.grid = {}

    def __call__(self, p):
        gx, gy = p[0] // 4, p[1] // 4
        best = None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for q in self.grid.get((gx + dx, gy + dy), ()):
                    if abs(q[0] - p[0]) <= 2 and abs(q[1] - p[1]) <= 2:
                        if best is None or q < best:
                            best = q
        if best is not None:
            return best
        self.grid.setdefault((gx, gy), []).append(p)
        return p


def pieces_to_polys(pieces_ll, snap):
    """Lon/lat rings (counter-clockwise, no holes) -> cleaned polygon set in micro-degrees."""
    polys = []
    for r in pieces_ll:
        m = clean_ring_micro([snap(_micro(p)) for p in r])
        if m is None:
            continue
        if signed_area(m) <= 0:
            continue
        polys.append([m])
    return polys


def dissolve(polys_micro):
    """Union of polygons that meet only along common edges (cells of one diagram)."""
    edges = {}
    for poly in polys_micro:
        for r in poly:
            n = len(r)
            for i in range(n):
                e = (r[i], r[(i + 1) % n])
                back = (e[1], e[0])
                if edges.get(back, 0) > 0:
                    edges[back] -= 1
                else:
                    edges[e] = edges.get(e, 0) + 1
    out_edges = {}
    for (a, b), k in sorted(edges.items()):
        for _ in range(k):
            out_edges.setdefault(a, []).append(b)
    rings = []
    while out_edges:
        a0 = min(out_edges)
        ring = [a0]
        prev = None
        a = a0
        while True:
            cands = out_edges[a]
            if len(cands) == 1 or prev is None:
                b = cands[0]
            else:
                din = math.atan2(a[1] - prev[1], a[0] - prev[0])

                def turn(bb):
                    d = math.atan2(bb[1] - a[1], bb[0] - a[0]) - din
                    while d <= -math.pi:
                        d += 2 * math.pi
                    while d > math.pi:
                        d -= 2 * math.pi
                    return d
                b = max(cands, key=lambda bb: (turn(bb), bb))
            cands.remove(b)
            if not cands:
                del out_edges[a]
            if b == a0:
                break
            ring.append(b)
            prev, a = a, b
            if a not in out_edges:
                raise SystemExit("dissolve: open ring")
        m = clean_ring_micro(ring)
        if m is not None:
            rings.append(m)
    exteriors = [r for r in rings if signed_area(r) > 0]
    holes = [r for r in rings if signed_area(r) < 0]
    polys = [[e] for e in sorted(exteriors, key=lambda r: -signed_area(r))]
    for h in holes:
        host = [p for p in polys if point_in_ring(h[0], p[0])]
        if not host:
            raise SystemExit("dissolve: hole outside every exterior")
        min(host, key=lambda p: signed_area(p[0])).append(h)
    return polys


def drop_slivers(polys_ll):
    out = []
    for poly in polys_ll:
        if ring_area_m2(poly[0]) < SLIVER_M2:
            continue
        out.append([poly[0]] + [h for h in poly[1:] if -ring_area_m2(h) >= SLIVER_M2])
    return out


def _seg_intersect(p1, p2, p3, p4):
    """True if closed segments p1p2 and p3p4 intersect (integer or float coords)."""
    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (v > 0) - (v < 0)

    def on_seg(a, b, c):
        return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])
    o1, o2, o3, o4 = orient(p1, p2, p3), orient(p1, p2, p4), orient(p3, p4, p1), orient(p3, p4, p2)
    if o1 != o2 and o3 != o4:
        return True
    return ((o1 == 0 and on_seg(p1, p2, p3)) or (o2 == 0 and on_seg(p1, p2, p4))
            or (o3 == 0 and on_seg(p3, p4, p1)) or (o4 == 0 and on_seg(p3, p4, p2)))


def check_polys(polys_ll, what):
    """RFC 7946 and simple-feature checks on a polygon set (as written, 6 decimals)."""
    if not polys_ll:
        raise SystemExit("%s: empty geometry" % what)
    segs = []
    for pi, poly in enumerate(polys_ll):
        for ri, r in enumerate(poly):
            m = [_micro(p) for p in r]
            if len(m) < 3:
                raise SystemExit("%s: ring with %d points" % (what, len(m)))
            for i in range(len(m)):
                if m[i] == m[(i + 1) % len(m)]:
                    raise SystemExit("%s: duplicate consecutive point %r" % (what, m[i]))
                check_point(r[i], what)
            a = signed_area(m)
            if ri == 0 and a <= 0:
                raise SystemExit("%s: exterior ring is not counter-clockwise" % what)
            if ri > 0 and a >= 0:
                raise SystemExit("%s: hole is not clockwise" % what)
            if ri > 0 and not point_in_ring(r[0], poly[0]):
                raise SystemExit("%s: hole outside its exterior" % what)
            n = len(m)
            for i in range(n):
                segs.append((pi, ri, i, n, m[i], m[(i + 1) % n]))
    # no two segments may touch, except consecutive segments of one ring at their common vertex
    segs.sort(key=lambda s: min(s[4][0], s[5][0]))
    for x in range(len(segs)):
        s = segs[x]
        xmax = max(s[4][0], s[5][0])
        for y in range(x + 1, len(segs)):
            t = segs[y]
            if min(t[4][0], t[5][0]) > xmax:
                break
            if max(s[4][1], s[5][1]) < min(t[4][1], t[5][1]) or max(t[4][1], t[5][1]) < min(s[4][1], s[5][1]):
                continue
            if (s[0], s[1]) == (t[0], t[1]):
                n = s[3]
                if (s[2] + 1) % n == t[2] or (t[2] + 1) % n == s[2]:
                    # adjacent: they share one vertex; only a collinear overlap is wrong
                    joint = s[5] if (s[2] + 1) % n == t[2] else s[4]
                    other_s = s[4] if joint == s[5] else s[5]
                    other_t = t[5] if joint == t[4] else t[4]
                    cross = ((other_s[0] - joint[0]) * (other_t[1] - joint[1])
                             - (other_s[1] - joint[1]) * (other_t[0] - joint[0]))
                    dot = ((other_s[0] - joint[0]) * (other_t[0] - joint[0])
                           + (other_s[1] - joint[1]) * (other_t[1] - joint[1]))
                    if cross == 0 and dot > 0:
                        raise SystemExit("%s: ring folds back on itself at %r" % (what, joint))
                    continue
            if _seg_intersect(s[4], s[5], t[4], t[5]):
                raise SystemExit("%s: ring self-intersects or rings touch near %r" % (what, s[4]))


def point_in_polys(pt, polys):
    for poly in polys:
        if point_in_ring(pt, poly[0]) and not any(point_in_ring(pt, h) for h in poly[1:]):
            return True
    return False


def dist_to_polys_m(pt, polys):
    if point_in_polys(pt, polys):
        return 0.0
    return min(dist_to_ring_m(pt, r) for poly in polys for r in poly)


def representative_point(polys):
    """A point inside the largest polygon: its centroid if inside, else the midpoint of the
    widest inside span along the centroid's latitude."""
    poly = max(polys, key=lambda p: ring_area_m2(p[0]))
    ext = poly[0]
    proj = LocalProj(ext[0])
    xy = [proj.fwd(p) for p in ext]
    a = signed_area(xy)
    cx = sum((xy[i][0] + xy[i - 1][0]) * (xy[i - 1][0] * xy[i][1] - xy[i][0] * xy[i - 1][1])
             for i in range(len(xy))) / (6 * a)
    cy = sum((xy[i][1] + xy[i - 1][1]) * (xy[i - 1][0] * xy[i][1] - xy[i][0] * xy[i - 1][1])
             for i in range(len(xy))) / (6 * a)
    c = proj.inv((cx, cy))
    if point_in_polys(c, [poly]):
        return c, "the area centroid of the territory's largest piece"
    xs = []
    for r in poly:
        for i in range(len(r)):
            (x1, y1), (x2, y2) = r[i], r[(i + 1) % len(r)]
            if (y1 > c[1]) != (y2 > c[1]):
                xs.append(x1 + (c[1] - y1) * (x2 - x1) / (y2 - y1))
    xs.sort()
    spans = [(xs[i + 1] - xs[i], xs[i], xs[i + 1]) for i in range(0, len(xs) - 1, 2)]
    w, x0, x1 = max(spans)
    return ((x0 + x1) / 2.0, c[1]), ("the midpoint of the widest inside span of the territory's largest piece "
                                     "along the latitude of its area centroid")


def geom_of(polys_ll):
    def closed(r):
        pts = [pt6(p) for p in r]
        return pts + [pts[0]]
    if len(polys_ll) == 1:
        return {"type": "Polygon", "coordinates": [closed(r) for r in polys_ll[0]]}
    return {"type": "MultiPolygon", "coordinates": [[closed(r) for r in poly] for poly in polys_ll]}


# Pinyin of the 129 NBS 2021 units (code -> (pinyin name, kind)).  "community" is
# a 社区/居委会 (and the farm living area), "village" a 村委会.
UNIT_PINYIN = {
    "330903001001": "Xinjie Shequ", "330903001002": "Jiaochang Shequ", "330903001003": "Xiaopuwan Shequ",
    "330903001004": "Xihe Shequ", "330903001005": "Dapuwan Shequ", "330903001006": "Haixing Shequ",
    "330903001007": "Zhongzhou Shequ", "330903001008": "Chawan Shequ", "330903001009": "Duntou Shequ",
    "330903001010": "Zhongxing Shequ", "330903001011": "Dagan Shequ", "330903001012": "Lujiazhi Shequ",
    "330903001013": "Hedong Shequ", "330903001014": "Hewai Shequ", "330903001015": "Xida Shequ",
    "330903001016": "Dongda Shequ", "330903001017": "Zhongda Shequ", "330903001018": "Siwan Shequ",
    "330903001019": "Xiaogan Shequ", "330903001200": "Mazhi Cun", "330903001202": "Dagan Cun",
    "330903001203": "Lujiazhi Cun", "330903001207": "Zhongnong Cun", "330903001208": "Dong'ao Cun",
    "330903001209": "Dashan Cun", "330903001210": "Jiaochang Cun", "330903001211": "Puwan Cun",
    "330903001212": "Siwan Cun", "330903001213": "Pingyangpu Cun", "330903001214": "Da'ao Cun (Dengbu)",
    "330903001215": "Zhudong Cun (Dengbu)", "330903001216": "Shatou Cun (Dengbu)",
    "330903001217": "Mayidao Cun",
    "330903003001": "Ankang Shequ", "330903003002": "Lian'an Shequ", "330903003003": "Zhongchang Shequ",
    "330903003004": "Lingxiu Shequ", "330903003005": "Xingpu Shequ", "330903003006": "Puxi Shequ",
    "330903003007": "Hejin Shequ", "330903003008": "Wenkang Shequ", "330903003200": "Hulu Cun",
    "330903003201": "Yongxing Cun", "330903003203": "Chenjiahou Cun", "330903003207": "Tangtou Cun",
    "330903003220": "Luhua Cun", "330903003221": "Hongqi Cun", "330903003222": "Nan'ao Cun",
    "330903003223": "Pu'ao Cun", "330903003224": "Pudong Cun", "330903003225": "Shuguang Cun",
    "330903004001": "Fuxing Shequ", "330903004203": "Baishagang Cun", "330903004227": "Zhongxin Cun",
    "330903004229": "Lianxing Shequ (Cun)", "330903004230": "Dadong'ao Cun", "330903004231": "Lianhua Cun",
    "330903004232": "Nansha Cun", "330903004233": "Sanhe Cun", "330903004234": "Shunmu Xincun",
    "330903004235": "Lianhe Cun", "330903004236": "Xin'an Cun", "330903004237": "Shawan Cun",
    "330903004238": "Xi'ao Cun", "330903004500": "Shuguang Nongchang Shenghuoqu",
    "330903005001": "Shajing Juwei", "330903005216": "Maoyang Xincun", "330903005217": "Luomen Cun",
    "330903005218": "Shajing Cun", "330903005219": "Huangyangjian Cun", "330903005220": "Hengjie Cun",
    "330903005221": "Dazhan Cun", "330903005222": "Xiaohui Cun", "330903005223": "Liangheng Cun",
    "330903100001": "Dongjing Shequ", "330903100002": "Taimen Shequ", "330903100004": "Zhanglangshan Shequ",
    "330903100005": "Zongluwan Shequ", "330903100006": "Xinmin Shequ", "330903100203": "Shizhutou Cun",
    "330903100208": "Longshan Xincun", "330903100212": "Damaikeng Cun", "330903100214": "Shanxi Cun",
    "330903100215": "Songshan Cun", "330903100216": "Jizhi Cun", "330903100217": "Wuxing Cun",
    "330903100223": "Gunlong'ao Cun", "330903100227": "Qingshan Cun", "330903100231": "Shuangtang Xincun",
    "330903100234": "Jiaotan Xincun", "330903100235": "Gaofeng Cun", "330903100238": "Taimen Cun",
    "330903100241": "Tian'ao Cun", "330903100242": "Meizhi Cun", "330903100248": "Xiaohu Cun",
    "330903100258": "Xiaoguoju Cun", "330903100260": "Qinglian Cun", "330903100261": "Pingjiao Cun",
    "330903100262": "Cangdong Cun", "330903100271": "Jiaotou Xincun", "330903100272": "Shuangyugang Cun",
    "330903100273": "Herun Cun", "330903100274": "Cenxia Cun", "330903100275": "Duzhuang Cun",
    "330903100276": "Fodu Cun", "330903100277": "Xuanshan Cun", "330903100278": "Shapu Xincun",
    "330903100279": "Yangshan Xincun", "330903100280": "Zhangjiatang Xincun",
    "330903102001": "Linghe Juwei", "330903102217": "Chengang Cun", "330903102218": "Xinggang Cun",
    "330903102219": "Linghe Cun", "330903102220": "Dongxiao Cun", "330903102221": "Huni Cun",
    "330903102222": "Huangshi Cun",
    "330903104001": "Gongqian Juwei", "330903104202": "Gongqian Cun", "330903104208": "Sha'ao Cun",
    "330903104210": "Tawan Cun", "330903104211": "Duizhi Cun", "330903104212": "Yanchang Cun",
    "330903104213": "Maoshan Cun", "330903104214": "Qinglong Cun",
    "330903105204": "Dongji Cun",
    "330903106001": "Longsha Shequ", "330903106002": "Baihua Shequ", "330903106003": "Zhongshan Shequ",
    "330903106004": "Hexing Shequ",
}

# Settlement ids kept from the first pass.
ID_OVERRIDE = {
    "330903001214": "dengbu_daao", "330903001215": "dengbu_zhudong", "330903001216": "dengbu_shatou",
    "330903004203": "baishagang", "330903003200": "hulu_cun", "330903001217": "mayidao_cun",
    "330903100276": "fodu_cun",
}

TOWN_PINYIN = {
    "沈家门街道": "shenjiamen", "东港街道": "donggang", "朱家尖街道": "zhujiajian", "展茅街道": "zhanmao",
    "六横镇": "liuheng", "虾峙镇": "xiazhi", "桃花镇": "taohua", "东极镇": "dongji", "普陀山镇": "putuoshan",
}


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
        p3 = os.path.join(data_dir, "pass3")
        self.anchors = read_csv(os.path.join(p3, "village_anchor_points.csv"))
        self.health = read_csv(os.path.join(p3, "health_facilities_putuo.csv"))
        self.sampling = read_csv(os.path.join(p3, "putuo_sampling_points_2022-10.csv"))
        self.sampling_may = read_csv(os.path.join(p3, "putuo_sampling_points_2022-05_awesome-cn-data.csv"))
        self.town_centres = {r["name_2016"]: r for r in read_csv(os.path.join(p3, "vonng_adcode_330903_points.csv"))
                             if r["level"] == "town"}

    def health_pt(self, name):
        hits = [r for r in self.health if r["name"] == name]
        assert len(hits) == 1, name
        return (float(hits[0]["lon_wgs84"]), float(hits[0]["lat_wgs84"]))

    def may_point(self, name):
        hits = [r for r in self.sampling_may if r["name"] == name]
        assert len(hits) == 1, name
        return hits[0], (float(hits[0]["lon_wgs84"]), float(hits[0]["lat_wgs84"]))

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
                   area=None, area_src=None, area_method=None, note=None, centroid=None, extra=()):
        if idx is not None:
            row = F.index[idx]
            c = (float(row["centroid_lon_wgs84"]), float(row["centroid_lat_wgs84"]))
            ring = rings[idx]
            if not point_in_ring(c, ring):
                raise SystemExit("centroid of outline %d is not on land" % idx)
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
            if idx is not None and csv_row["datav_polygon_idx"] and iid != "hulu":
                assert int(csv_row["datav_polygon_idx"]) == idx, (iid, idx)
        parts = [idx] + list(extra)
        polys = []
        for i in parts:
            m = clean_ring_micro([_micro(p) for p in rings[i]])
            if signed_area(m) < 0:
                m = m[::-1]          # the source rings are clockwise; RFC 7946 wants counter-clockwise
            polys.append([from_micro(m)])
        check_polys(polys, "outline of %s" % iid)
        loc = "reported (GCJ-02 converted to WGS84)"
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
            "outline_source": "%s; outline%s %s" % (SRC_OUTLINES, "s" if len(parts) > 1 else "",
                                                     " + ".join("#%d" % i for i in parts)),
            "location_method": loc,
            "centroid": pt6(c),
            "centroid_method": "estimate: area centroid of outline #%d" % idx,
        }
        if len(parts) > 1:
            props["outline_parts"] = parts
        if note:
            props["note"] = note
        islands[iid] = {"props": props, "pt": c, "parts": parts, "polys": polys}

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
        main_method, extra=(65, 48),
        area=round(sum(float(F.index[i]["area_km2_datav_simplified"]) for i in (3, 65, 48)), 3),
        area_src=SRC_OUTLINES,
        area_method="estimate: area of the simplified outlines #3 (Putuo part of Zhoushan Island), #65 (鲁家峙) "
                    "and #48 (小干, probable)",
        note=("the Putuo part of Zhoushan Island (the rest is in Dinghai); streets on it: 沈家门街道 "
              "(most residents), 东港街道, 展茅街道; 鲁家峙 (outline #65) and 小干 (outline #48, identification "
              "probable; 大山村's point lies on it) are bridged islands of 沈家门街道 whose residents are counted "
              "here, so their outlines are part of this feature"))

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
        "newton.com.tw 白沙島 (undated; 747 households)", "reported", extra=(32,),
        area=first_float(bs["area_km2_published"]),
        area_src="newton.com.tw; kankantoutiao.com (land of the former 白沙乡, incl. 柴山岛)",
        note=("includes 柴山岛 (outline #32, the former 白沙乡's other inhabited island; the village clinic "
              "白沙岛港里卫生室 lies on it); 白沙乡 had %s residents in the 2000 census (GeoHive)"
              % fmt(F.census2000("白沙乡"))))
    hulu_2000 = F.census2000("葫芦乡")
    add_island(
        "hulu", "Hulu Dao", "Hulu Dao", "葫芦岛", "东港街道", 5, hulu_2000, 2000, SRC_GEOHIVE,
        "estimate: 葫芦乡 2000 census figure taken as the island's (the former township is today's 葫芦村)",
        note=("outline #5, which holds the 2022 sampling point 葫芦岛老年活动中心 (东港街道); the first pass used "
              "#22 (low confidence), whose 4.8 km2 is far larger than #5's 1.0 km2 and which holds no point; no "
              "ferry route in the facts"))
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


    def centroid_of(iid):
        return islands[iid]["pt"]

    def ring_of(iid):
        return rings[islands[iid]["props"]["outline_idx"]]

    def centroid_of_ring(r):
        return representative_point([[r if signed_area(r) > 0 else r[::-1]]])[0]

    # ------------------------------------------------------------------
    # Settlements: the administrative villages and communities (NBS 2021)
    # ------------------------------------------------------------------
    units = {r["code"]: r for r in F.units}
    anchors = {r["code"]: r for r in F.anchors}
    assert len(units) == 129 and set(anchors) == set(units), (len(units), len(anchors))
    kinds_q = {}
    for code, a in anchors.items():
        q = a["match_quality"].split(":")[0].split(" ")[0]
        assert q in ("direct", "proxy", "weak", "none"), (code, q)
        kinds_q[code] = q
    assert sum(1 for q in kinds_q.values() if q == "direct") == 69
    assert sum(1 for q in kinds_q.values() if q == "proxy") == 17

    part_island = {}
    for iid, isl in islands.items():
        for idx in isl["parts"]:
            part_island[idx] = iid

    def island_at(pt):
        """(island id, metres outside) by point-in-polygon; within 300 m of an outline is accepted."""
        for idx in sorted(part_island):
            if point_in_ring(pt, rings[idx]):
                return part_island[idx], 0.0
        best = min(sorted(part_island), key=lambda i: dist_to_ring_m(pt, rings[i]))
        d = dist_to_ring_m(pt, rings[best])
        return (part_island[best], d) if d <= SNAP_M else (None, d)

    # The island each unit lies on: its town's main island, except where its name or the
    # sources place it elsewhere.
    town_island = {"沈家门街道": "zhoushan", "东港街道": "zhoushan", "展茅街道": "zhoushan",
                   "朱家尖街道": "zhujiajian", "六横镇": "liuheng", "虾峙镇": "xiazhi", "桃花镇": "taohua",
                   "东极镇": "miaozihu", "普陀山镇": "putuoshan"}
    unit_island_override = {
        "330903001214": "dengbu", "330903001215": "dengbu", "330903001216": "dengbu",
        "330903001217": "mayi", "330903003200": "hulu", "330903004203": "baisha",
        "330903100276": "fodu", "330903102221": "huni",
    }
    unit_notes = {
        "330903001012": "on 鲁家峙岛, bridged to Zhoushan Island and counted with it (outline #65 is part of the "
                        "zhoushan island feature)",
        "330903001203": "on 鲁家峙岛, bridged to Zhoushan Island and counted with it; proxy point: 鲁家峙莲桥公园",
        "330903001209": "the point lies on outline #48 (小干岛, probable), bridged to Zhoushan Island and counted "
                        "with it",
        "330903001019": "on 小干岛 (outline #48), counted with Zhoushan Island",
        "330903001200": "马峙: island not verified in the facts; counted with Zhoushan Island",
        "330903100277": ("on 悬山岛 (outline #0), which has no island feature because the facts give it no "
                         "population; its residents are inside the 六横 figure, so it is counted on 六横岛"),
        "330903102221": "also covers 东白莲山 and 西白莲山 (counted here)",
        "330903004229": "a 村委会 whose name contains 社区: kind village",
        "330903004500": "a farm living area (NBS code 500-series, 农场生活区), treated as a community",
        "330903001210": ("proxy point is a car park on 教场路, 141 m from the 教场社区 centre: the road is named "
                         "after the place, the village's own centre may lie elsewhere (flagged)"),
        "330903005217": "proxy point 渔家广场 (螺门沿海路) has only 3-decimal coordinates in the source (~100 m)",
        "330903100276": ("point: the village's party branch (佛渡村道头咀双屿路1号); the 2022 sampling list's "
                         "佛渡村 point is a placeholder at the AMap town centre and is not used"),
        "330903100227": "the party branch's address names 青沙村 (a former village now in 青山村)",
    }
    # Spot-check outcome: matches not used, with the reason.
    dropped = {
        "330903003222": (
            "the anchor point (南岙文化礼堂, 2022 sampling list) lies on 登步岛, but 南岙村 belongs to 东港街道 on "
            "Zhoushan Island; a reservoir telemetry station named 南岙水库 (public code file ref 24345973126, "
            "CRS unknown) lies at 122.296E 29.983N on Zhoushan Island. The point is not used: the village is "
            "counted in the 东港 area"),
    }
    # 龙山新村: the anchor table uses the party-branch point, which lies 1 m from 沙浦新村's own sampling
    # point; the sampling list has a separate point named 龙山新村 (浦西礼堂), used here.
    longshan = [r for r in F.sampling if r["name"] == "龙山新村"]
    assert len(longshan) == 1
    replaced = {
        "330903100208": {
            "pt": (float(longshan[0]["lon_wgs84"]), float(longshan[0]["lat_wgs84"])),
            "quality": "direct: sampling point named after the village: 龙山新村 (浦西礼堂)",
            "source": SRC_SAMPLING,
            "note": ("the anchor table's point for this village (its party branch, 小沙浦唐家路2号) lies 1 m from "
                     "沙浦新村's sampling point, so the sampling list's own 龙山新村 point is used instead"),
        },
    }

    def anchor_source(a):
        b = a["best_source"]
        if b.startswith("sampling_2022-10"):
            return SRC_SAMPLING
        if b.startswith("vonng_adcode_2016"):
            return SRC_VONNG
        if b.startswith("liuheng_party_v2"):
            return SRC_PARTY
        raise SystemExit("unknown anchor source %r" % b)

    def unit_kind(u):
        if u["code"] == "330903004500" or u["kind"].startswith("居委会"):
            return "community"
        if "村委会" in u["kind"]:
            return "village"
        raise SystemExit("unit kind %r" % u["kind"])

    placed = {}      # code -> dict(pt, island, quality, source, note)
    unit_island = {}
    for code in sorted(units):
        u = units[code]
        expect = unit_island_override.get(code, town_island[u["town"]])
        unit_island[code] = expect
        if kinds_q[code] not in ("direct", "proxy") or code in dropped:
            continue
        a = anchors[code]
        if code in replaced:
            rp = replaced[code]
            pt, quality, source = rp["pt"], rp["quality"], rp["source"]
        else:
            pt = (float(a["lon_wgs84"]), float(a["lat_wgs84"]))
            what = a["best_name"] + (" (%s)" % a["best_address"] if a["best_address"] and
                                     a["best_address"] != a["best_name"] else "")
            quality = "%s: %s" % (kinds_q[code], a["match_quality"].split(":", 1)[1].strip() + ": " + what)
            source = anchor_source(a)
        iid, off = island_at(pt)
        if iid != expect:
            raise SystemExit("unit %s %s: point lands on %s, expected %s" % (code, u["name"], iid, expect))
        if off > 0:
            raise SystemExit("unit %s lies %.0f m off the outline: decide and note it" % (code, off))
        placed[code] = {"pt": pt, "island": iid, "quality": quality, "source": source}

    # --- Populations: the island figure split by a stated method ----------
    zm_codes = sorted(c for c in units if units[c]["town"] == "展茅街道")
    sjm_main = sorted(c for c in units if units[c]["town"] == "沈家门街道" and unit_island[c] == "zhoushan")
    dg_main = sorted(c for c in units if units[c]["town"] == "东港街道" and unit_island[c] == "zhoushan")
    assert (len(sjm_main), len(dg_main), len(zm_codes)) == (29, 17, 9)
    town_parts = split_largest_remainder(
        main_pop, [main_sd_real * len(sjm_main) / (len(sjm_main) + len(dg_main)),
                   main_sd_real * len(dg_main) / (len(sjm_main) + len(dg_main)),
                   main_zm_real])
    share = {}       # code -> (population, method)
    main_town_method = {
        "沈家门街道": ("the 沈家门+东港 part of the Zhoushan Island estimate ({sd:,.0f}; see the island) split between "
                   "the two streets in proportion to their units on or bridged to the island in the NBS 2021 list "
                   "(沈家门 {a}, 东港 {b}), giving 沈家门 {t:,}").format(sd=main_sd_real, a=len(sjm_main),
                                                                b=len(dg_main), t=town_parts[0]),
        "东港街道": ("the 沈家门+东港 part of the Zhoushan Island estimate ({sd:,.0f}; see the island) split between "
                 "the two streets in proportion to their units on or bridged to the island in the NBS 2021 list "
                 "(沈家门 {a}, 东港 {b}), giving 东港 {t:,}").format(sd=main_sd_real, a=len(sjm_main),
                                                              b=len(dg_main), t=town_parts[1]),
        "展茅街道": ("2000 census 展茅镇 {a} + 螺门乡 {b} = {c} times the district's growth 2000->2020 ({g:.5f}), "
                 "giving {t:,}").format(a=fmt(F.census2000("展茅镇")), b=fmt(F.census2000("螺门乡")),
                                         c=fmt(zm_2000), g=growth, t=town_parts[2]),
    }
    for town, codes, total in (("沈家门街道", sjm_main, town_parts[0]), ("东港街道", dg_main, town_parts[1]),
                               ("展茅街道", zm_codes, town_parts[2])):
        for c, p in zip(codes, split_largest_remainder(total, [1] * len(codes))):
            share[c] = (p, "estimate: %s; split equally over the street's %d units on the island (no village "
                           "figures are public)" % (main_town_method[town], len(codes)))
    db_codes = ["330903001214", "330903001215", "330903001216"]   # 大岙, 竹东, 沙头
    for c, p in zip(db_codes, split_largest_remainder(db_pop, [2, 2, 3])):
        share[c] = (p, "estimate: island figure %s (2000) split by the number of village economic "
                       "co-operatives (大岙 2, 竹东 2, 沙头 3; zh.wikipedia mirror wiwiwikim.kfd.me 登步); no "
                       "village figures found" % fmt(db_pop))
    for iid in sorted(islands):
        if iid in ("zhoushan", "dengbu"):
            continue
        codes = sorted(c for c in units if unit_island[c] == iid)
        if not codes:
            continue
        total = islands[iid]["props"]["population"]
        if len(codes) == 1:
            share[codes[0]] = (total, "estimate: island figure %s taken as the unit's (the only NBS 2021 unit "
                                      "on the island; see the island's method)" % fmt(total))
            continue
        for c, p in zip(codes, split_largest_remainder(total, [1] * len(codes))):
            share[c] = (p, "estimate: island figure %s split equally over the %d villages and communities on "
                           "the island (no village figures are public)" % (fmt(total), len(codes)))
    assert set(share) == set(units), set(units) - set(share)

    settlements = {}

    def island_src(iid):
        return islands[iid]["props"]["population_source"]

    def add_settlement(sid, props, pt):
        assert sid not in settlements, sid
        pop = props["population"]
        props.update({
            "elderly": int(round(pop * elderly_share)),
            "elderly_method": "estimate: population x %s; outer islands are probably older" % ELDERLY_SHARE_NOTE,
        })
        settlements[sid] = {"props": props, "pt": pt}

    def slug(text):
        s = re.sub(r"[^a-z0-9]+", "_", text.lower().replace("'", "")).strip("_")
        return s

    unit_sid = {}
    for code in sorted(placed):
        if code == "330903105204":
            continue
        u, p = units[code], placed[code]
        sid = ID_OVERRIDE.get(code) or slug(UNIT_PINYIN[code])
        pop, method = share[code]
        iid = p["island"]
        props = {
            "id": sid, "name": UNIT_PINYIN[code], "name_zh": u["name_short"], "island": iid,
            "kind": unit_kind(u), "village_code": code, "town": u["town"],
            "population": pop, "population_year": islands[iid]["props"]["population_year"],
            "population_method": method,
            "population_source": island_src(iid),
            "location_method": "reported (GCJ-02 converted to WGS84)",
            "location_quality": p["quality"],
            "source": "%s; point: %s" % (SRC_NBS_2021, p["source"]),
        }
        note = "; ".join(x for x in (unit_notes.get(code), replaced.get(code, {}).get("note")) if x)
        if note:
            props["note"] = note
        unit_sid[code] = sid
        add_settlement(sid, props, p["pt"])

    # --- 东极村: one village over four islands, one settlement per island ---
    dj = "330903105204"
    dj_u = units[dj]
    clinic = {r["name"]: r for r in F.health}
    dj_parts = [
        ("miaozihu", placed[dj]["pt"], placed[dj]["quality"], SRC_SAMPLING,
         "reported (GCJ-02 converted to WGS84)"),
        ("qingbang", F.health_pt("东极镇青浜卫生室"),
         "proxy: the island's village clinic (东极镇青浜卫生室, 2022 sampling list)", SRC_SAMPLING,
         "reported (GCJ-02 converted to WGS84)"),
        ("dongfushan", F.health_pt("东极镇东福山卫生室"),
         "proxy: the island's village clinic (东极镇东福山卫生室, 2022 sampling list)", SRC_SAMPLING,
         "reported (GCJ-02 converted to WGS84)"),
        ("huangxing", islands["huangxing"]["pt"], "none: no point for the 黄兴 part; outline centroid",
         SRC_OUTLINES, "estimate: centroid of outline #8 (no point in the facts)"),
    ]
    for iid, pt, quality, src, loc in dj_parts:
        ip = islands[iid]["props"]
        sid = "dongji_cun_" + iid
        add_settlement(sid, {
            "id": sid, "name": "Dongji Cun (%s part)" % ip["name"], "name_zh": "东极村(%s)" % ip["name_zh"],
            "island": iid, "kind": "village", "village_code": dj, "town": dj_u["town"],
            "population": ip["population"], "population_year": ip["population_year"],
            "population_method": ("estimate: island figure %s taken as the part of 东极村 on this island "
                                  "(see the island's method)" % fmt(ip["population"])),
            "population_source": ip["population_source"],
            "location_method": loc, "location_quality": quality,
            "source": "%s; point: %s" % (SRC_NBS_2021, src),
            "note": ("东极村 (330903105204) is the town's only village-level unit in the NBS 2021 list and spans "
                     "庙子湖, 青浜, 东福山 and 黄兴; one settlement per island, all with its code; older pages list "
                     "separate villages"),
        }, pt)

    # --- 大双山: a hamlet (自然村), not a unit of the 2021 list -------------
    dss_p = islands["dashuangshan"]["props"]
    add_settlement("shuangshan_cun", {
        "id": "shuangshan_cun", "name": "Shuangshan Cun (Changbing)", "name_zh": "双山村(長柄村)",
        "island": "dashuangshan", "kind": "hamlet", "town": "虾峙镇",
        "population": dss_p["population"], "population_year": 2018,
        "population_method": "reported", "population_source": "newton.com.tw 長柄村 (22 residents on 2018-02-18)",
        "location_method": "estimate: centroid of outline #20 (no point in the facts)",
        "location_quality": "none: outline centroid",
        "source": "newton.com.tw/wiki/長柄村/2700275",
        "note": ("former 行政村 双山村 (大双山 + 小双山), with its hamlet 長柄村 on the east of 大双山; not in the "
                 "NBS 2021 list, so it is a hamlet (自然村) here, not an administrative village"),
    }, islands["dashuangshan"]["pt"])

    # ------------------------------------------------------------------
    # Territories: Voronoi cells of the settlement points, clipped to the outlines
    # ------------------------------------------------------------------
    territories = {}   # settlement id -> {"polys": lon/lat polygon set, "method": text}
    town_cells = {}    # (island, town) -> cells in micro-degrees, before slivers are dropped
    n_sites = {}
    for iid in sorted(islands):
        sites = sorted(sid for sid, v in settlements.items() if v["props"]["island"] == iid)
        n_sites[iid] = len(sites)
        if not sites:
            continue
        isl_zh = islands[iid]["props"]["name_zh"]
        if len(sites) == 1:
            territories[sites[0]] = {
                "polys": islands[iid]["polys"],
                "method": "estimate: the whole outline of %s (the only settlement point on the island)" % isl_zh}
            continue
        proj = LocalProj(islands[iid]["pt"])
        parts_xy = [[proj.fwd(p) for p in poly[0]] for poly in islands[iid]["polys"]]
        cells = voronoi_pieces(parts_xy, [proj.fwd(settlements[s]["pt"]) for s in sites])
        snap = Snapper()
        covered = 0.0
        for sid, pieces in zip(sites, cells):
            pm = pieces_to_polys([[proj.inv(q) for q in r] for r in pieces], snap)
            town_cells.setdefault((iid, settlements[sid]["props"]["town"]), []).extend(pm)
            polys = [[from_micro(r) for r in poly] for poly in pm]
            covered += polys_area_m2(polys)
            territories[sid] = {
                "polys": drop_slivers(polys),
                "method": ("estimate: Voronoi cell of the settlement point among the %d settlement points of %s, "
                           "clipped to the outline (no village boundaries are public)" % (len(sites), isl_zh))}
        land = polys_area_m2(islands[iid]["polys"])
        if abs(covered - land) > 0.002 * land:
            raise SystemExit("cells of %s cover %.0f m2 of %.0f m2" % (iid, covered, land))

    # --- Area settlements: the units without a usable point, per (town, island) ---
    groups = {}
    for code in sorted(units):
        if code in unit_sid or code == dj:
            continue
        groups.setdefault((unit_island[code], units[code]["town"]), []).append(code)
    assert sum(len(v) for v in groups.values()) == 129 - len(unit_sid) - 1
    town_en = lambda t: TOWN_PINYIN[t].capitalize() + (" Jiedao" if t.endswith("街道") else " Zhen")
    for (iid, town), codes in sorted(groups.items()):
        isl = islands[iid]["props"]
        main = town_island[town] == iid
        sid = "%s_area" % TOWN_PINYIN[town] if main else "%s_%s_area" % (TOWN_PINYIN[town], iid)
        towns_here = sorted({settlements[s]["props"]["town"] for s in settlements
                             if settlements[s]["props"]["island"] == iid})
        if towns_here and towns_here != [town] and (iid, town) in town_cells:
            polys = drop_slivers([[from_micro(r) for r in poly] for poly in dissolve(town_cells[(iid, town)])])
            n_town = sum(1 for s in settlements.values()
                         if s["props"]["island"] == iid and s["props"]["town"] == town)
            tmethod = ("estimate: the land of %s on %s = the union of the Voronoi cells of its %d settlement "
                       "points among the %d of the island, clipped to the outline (no town boundaries are "
                       "public); overlaps those settlements' territories by design"
                       % (town, isl["name_zh"], n_town, n_sites[iid], ))
        else:
            polys = islands[iid]["polys"]
            tmethod = ("estimate: the whole outline of %s (%s); overlaps the other territories on the island by "
                       "design" % (isl["name_zh"], "the island belongs to one town" if towns_here == [town] or
                                   not towns_here else "no other point of the town on the island"))
        pt, how = representative_point(polys)
        n_v = sum(1 for c in codes if unit_kind(units[c]) == "village")
        n_c = len(codes) - n_v
        what_en = ("%d communities" % n_c if not n_v else "%d villages" % n_v if not n_c
                   else "%d communities and villages" % len(codes))
        if len(codes) == 1:
            what_en = "1 %s" % ("village" if n_v else "community")
        why = []
        for c in codes:
            a = anchors[c]
            if c in dropped:
                why.append("%s: %s" % (units[c]["name_short"], dropped[c]))
            elif kinds_q[c] == "weak":
                why.append("%s: only a weak match (%s), not used" % (units[c]["name_short"],
                                                                      a["match_quality"].split(":", 1)[1].strip()))
            if c in unit_notes:
                why.append("%s: %s" % (units[c]["name_short"], unit_notes[c]))
        pop = sum(share[c][0] for c in codes)
        props = {
            "id": sid,
            "name": "%s%s (%s without a point)" % (town_en(town), "" if main else ", " + isl["name"], what_en),
            "name_zh": "%s%s(%d个无点位的村/社区)" % (town, "" if main else isl["name_zh"], len(codes)),
            "island": iid, "kind": "area", "codes": codes, "town": town,
            "population": pop, "population_year": isl["population_year"],
            "population_method": ("estimate: the sum of the shares of the %d units it stands for (%s); each "
                                  "share: %s" % (len(codes), "、".join(units[c]["name_short"] for c in codes),
                                                 share[codes[0]][1][len("estimate: "):])),
            "population_source": isl["population_source"],
            "location_method": "estimate: %s (a representative point, not a place)" % how,
            "location_quality": "none: representative point of the area's territory",
            "source": SRC_NBS_2021,
            "note": ("stands for the units of the NBS 2021 list in %s on %s that have no usable point; its residents "
                     "are spread over its territory" % (town, isl["name_zh"])
                     + ("; " + "; ".join(why) if why else "")),
        }
        add_settlement(sid, props, pt)
        territories[sid] = {"polys": polys, "method": tmethod}

    # Every settlement point lies in its own territory.
    for sid, v in settlements.items():
        t = territories.get(sid)
        if t is None:
            raise SystemExit("settlement %s has no territory" % sid)
        d = dist_to_polys_m(v["pt"], t["polys"])
        if d > IN_TERRITORY_TOL_M:
            raise SystemExit("settlement %s lies %.1f m outside its territory" % (sid, d))

    # Sums: settlements on an island equal the island's population; 大双山 + 黄兴 = 96.
    for iid, isl in islands.items():
        s = sum(v["props"]["population"] for v in settlements.values() if v["props"]["island"] == iid)
        if s != isl["props"]["population"]:
            raise SystemExit("settlements on %s sum to %d, island has %d" % (iid, s, isl["props"]["population"]))
    pair = sum(v["props"]["population"] for v in settlements.values()
               if v["props"]["island"] in ("dashuangshan", "huangxing"))
    if pair != pair_total:
        raise SystemExit("大双山 + 黄兴 = %d, the plan says %d" % (pair, pair_total))
    # Every one of the 129 units is held exactly once (a settlement's code, or in an area's codes).
    held = [v["props"]["village_code"] for v in settlements.values() if "village_code" in v["props"]
            and v["props"]["village_code"] != dj] + [dj]
    held += [c for v in settlements.values() for c in v["props"].get("codes", [])]
    if sorted(held) != sorted(units):
        raise SystemExit("units held %d times for 129 units" % len(held))

    # ------------------------------------------------------------------
    # Facilities
    # ------------------------------------------------------------------
    facilities = {}

    def nearest_part(iid, pt):
        return min(islands[iid]["parts"], key=lambda i: (dist_to_ring_m(pt, rings[i]), i))

    def add_facility(fid, name, name_zh, kind, island, basis, source, pt, loc, settlement=None, note=None):
        polys = islands[island]["polys"]
        if kind != "pier" and not point_in_polys(pt, polys):
            idx = nearest_part(island, pt)
            off = dist_to_ring_m(pt, rings[idx])
            orig = pt
            pt = move_inland(pt, rings[idx], islands[island]["pt"] if idx == islands[island]["props"]["outline_idx"]
                             else centroid_of_ring(rings[idx]))
            loc = ("estimate: the reported point (%.6f, %.6f; %s) lies %.0f m outside the simplified outline; "
                   "moved inland towards the outline centroid" % (orig[0], orig[1], loc, off))
        assert fid not in facilities, fid
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

    # --- Health facilities of the provincial list (pass 3) -------------------
    branch = ("a branch of 普陀医院 (普陀医院%s分院) in the provincial list; the branches are the former township "
              "health centres / community health service centres (卫生院 / 社区卫生服务中心) of the 普陀医院 "
              "medical group, so the tier is health_centre")
    health_map = [
        # name in the list, id, English name, kind, island, settlement, basis, note
        ("普陀医院", "putuo_hospital", "Putuo Hospital (main campus)", "hospital", "zhoushan", None,
         "listed as the district general hospital (二级以上医院), 东港街道文康街19号; the plan's '1+1+N' system "
         "names 普陀医院 (二(二)5)",
         "a public guide page (www.meicimeiju.cn, 2025) gives the same address for 浙江大学医学院附属舟山医院普陀院区"),
        ("普陀医院六横分院", "liuheng_hospital", "Putuo Hospital, Liuheng branch", "health_centre", "liuheng", None,
         branch % "六横",
         "address 六横路227号; the first pass's 六横 dashboard marks the same place as 普陀医院六横第二分院 (15 m "
         "away) and two more points within 0.8 km (六横分院-门诊, 镇医院), taken as the same institution; id kept "
         "from the first pass, where its kind was hospital"),
        ("普陀医院展茅分院", "zhanmao_health_centre", "Putuo Hospital, Zhanmao branch", "health_centre", "zhoushan",
         None, branch % "展茅", "address 柴家沙滩路55号; May 2022 list only"),
        ("普陀医院东港分院", "donggang_health_centre", "Putuo Hospital, Donggang branch (Goushan)", "health_centre",
         "zhoushan", None, branch % "东港", "address 勾山新育路56号; May 2022 list only"),
        ("普陀医院桃花分院", "taohua_health_centre", "Putuo Hospital, Taohua branch", "health_centre", "taohua", None,
         branch % "桃花", "address 公前文卫路12号"),
        ("普陀医院虾峙分院", "xiazhi_health_centre", "Putuo Hospital, Xiazhi branch", "health_centre", "xiazhi", None,
         branch % "虾峙", "address 大岙村三区11号; the May 2022 list's point is 342 m away (122.238489, 29.759594)"),
        ("普陀医院东极分院", "dongji_health_centre", "Putuo Hospital, Dongji branch", "health_centre", "miaozihu",
         None, branch % "东极", "in 庙子湖村, the town seat"),
        ("普陀医院蚂蚁岛分院", "mayi_health_centre", "Putuo Hospital, Mayi Dao branch", "health_centre", "mayi", None,
         branch % "蚂蚁岛", "address 蚂蚁岛村穿山岙蚂蚁大道47-2号; May 2022 list only"),
        ("普陀医院登步岛分院", "dengbu_health_centre", "Putuo Hospital, Dengbu Dao branch", "health_centre", "dengbu",
         None, (branch % "登步岛") + "; it stands for the plan's 登步岛卫生院 (二(二)5: 实施登步岛卫生院人员精简工作)",
         "address 登步永安村21号; May 2022 list only"),
        ("普陀医院白沙分院", "baisha_health_centre", "Putuo Hospital, Baisha branch", "health_centre", "baisha", None,
         (branch % "白沙") + "; it stands for the plan's 白沙岛卫生院 (二(二)5f: 撤销白沙岛卫生院改设为白沙港村卫生室; "
         "the change is a scenario edit)", "address 白沙岛后沙头66号"),
        ("舟山医院普陀山分院", "putuoshan_hospital", "Zhoushan Hospital, Putuoshan branch", "hospital", "putuoshan",
         None, "listed as a hospital branch (舟山医院普陀山分院, 梅岑路95号) in the provincial list; whether it is "
                "also the town's health centre is not stated", None),
        ("东大医院", "dongda_hospital", "Dongda Hospital", "hospital", "zhoushan", None,
         "listed by name as a hospital in the provincial list", "type, level and ownership unknown"),
        ("东极镇青浜卫生室", "qingbang_clinic", "Qingbang village clinic", "village_clinic", "qingbang",
         "dongji_cun_qingbang", "listed as a village clinic (卫生室) in the provincial list", None),
        ("东极镇东福山卫生室", "dongfushan_clinic", "Dongfushan village clinic", "village_clinic", "dongfushan",
         "dongji_cun_dongfushan", "listed as a village clinic (卫生室) in the provincial list", None),
        ("白沙岛港里卫生室", "baisha_gangli_clinic", "Baisha Gangli village clinic", "village_clinic", "baisha",
         "baishagang", "listed as a village clinic (卫生室) in the provincial list",
         "on outline #32 (柴山, part of the baisha island feature)"),
        ("桃花镇盐厂村采样点", "yanchang_clinic", "Yanchang village clinic", "village_clinic", "taohua", "yanchang_cun",
         "the provincial list's 盐厂村 sampling point is at the village clinic (address 连治山路86号盐厂卫生室)", None),
        ("桃花镇茅山村采样点", "maoshan_clinic", "Maoshan village clinic", "village_clinic", "taohua", "maoshan_cun",
         "the provincial list's 茅山村 sampling point is at the village clinic (address 稻蓬胡家塘4号茅山卫生室)", None),
        ("栅棚广场", "chengang_clinic", "Chengang village clinic", "village_clinic", "xiazhi", "chengang_cun",
         "the provincial list's 栅棚广场 sampling point is the square in front of 晨港村卫生室",
         "the point is the square in front of the clinic, not the clinic's door"),
    ]
    assert len(health_map) == len(F.health) == 18
    for name, fid, en, kind, iid, sid, basis, note in health_map:
        r = [x for x in F.health if x["name"] == name]
        assert len(r) == 1, name
        r = r[0]
        pt = (float(r["lon_wgs84"]), float(r["lat_wgs84"]))
        got, off = island_at(pt)
        if got != iid:
            raise SystemExit("facility %s lands on %s, expected %s" % (name, got, iid))
        src = SRC_SAMPLING if r["source"].startswith("ZJ Health Commission") else SRC_SAMPLING_MAY
        if src == SRC_SAMPLING_MAY:
            note = (note + "; " if note else "") + "WGS84 as published by the source repository (converted from GCJ-02)"
        name_zh = name if kind != "village_clinic" or "卫生室" in name else (
            "盐厂卫生室" if "盐厂" in name else "茅山卫生室" if "茅山" in name else "晨港村卫生室")
        add_facility(fid, en, name_zh, kind, iid, basis, src, pt, GCJ, settlement=sid, note=note)

    # --- 六横: the first pass's dashboard facilities that the list does not hold --
    _, cpt = F.point("中心卫生院")
    add_facility(
        "liuheng_health_centre", "Liuheng central health centre (Taimen)", "六横中心卫生院(台门,台兴路156号)",
        "health_centre", "liuheng", "marker and address (台兴路156号) in a public dashboard for 六横; exact "
        "official name not given; the provincial list does not hold it", SRC_LIUHENG_DASH.format("17126481600"),
        cpt, GCJ, note="may be a former township health centre of 台门 now run by the 六横 branch of 普陀医院")
    for fid, part, name, zh, sid in [
        ("liuheng_taimen_station", "台门社区卫生服务站", "Taimen community health station",
         "台门社区卫生服务站", "taimen_shequ"),
        ("liuheng_cangdong_station", "苍洞社区卫生站", "Cangdong community health station",
         "六横镇苍洞社区卫生站", "cangdong_cun"),
        ("liuheng_jiaotou_station", "峧头社区卫生服务室", "Jiaotou community health room",
         "六横镇峧头社区卫生服务室", "jiaotou_xincun"),
    ]:
        _, p = F.point(part)
        add_facility(fid, name, zh, "village_clinic", "liuheng",
                     "marker in a public dashboard for 六横 (community health station tier)",
                     SRC_LIUHENG_DASH.format("17028029184"), p, GCJ, settlement=sid)

    # --- 沈家门: the street's community health service centre and its 西大 station --
    xida_basis = ("registered institution name 普陀区沈家门街道社区卫生服务中心西大社区卫生服务站 (credit code "
                  "12330903472170315M)")
    xida_src = "public code file ref 66686580691 (institution list; repository not identified)"
    _, sjm_place = F.point("沈家门 (place point)")
    add_facility(
        "shenjiamen_health_centre", "Shenjiamen street community health service centre",
        "沈家门街道社区卫生服务中心", "health_centre", "zhoushan",
        "implied by the " + xida_basis, xida_src, sjm_place,
        "estimate: placed at the '沈家门' place point (public code file ref 2424340465, CRS not stated, GCJ-02 "
        "assumed); the centre's address is not in the facts")
    add_facility(
        "xida_health_station", "Xida community health station", "沈家门街道社区卫生服务中心西大社区卫生服务站",
        "village_clinic", "zhoushan", xida_basis, xida_src, spt("xida_shequ"),
        "estimate: placed at the 西大社区 point (AMap centre of the community, GCJ-02 converted to WGS84); the "
        "station's address is not in the facts", settlement="xida_shequ")

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
    # 半升洞: anchored on a point 1 km inland from the main island's east coast at latitude 29.970 (东港 lies on
    # that coast; the plan names '东港(半升洞)客运场站').
    dg_lat = 29.970
    east_x = max(x for x, _ in _crossings(rings[3], dg_lat))
    dg_anchor = (east_x - 1000.0 / (math.cos(math.radians(dg_lat)) * EARTH_R * math.pi / 180.0), dg_lat)
    bsd = estimated_pier(
        "banshengdong_pier", "Shenjiamen Banshengdong pier", "沈家门半升洞码头", "zhoushan", dg_anchor,
        "a point 1 km inland from the main island's east coast at latitude 29.970 (东港; the plan names "
        "'东港(半升洞)客运场站')", rl,
        "sgpabj.com k125967 (2025); %s; %s" % (SRC_ROUTE_LIST, SRC_PLAN))
    daao = facilities["liuheng_daao_pier"]["pt"]
    mc_row, mc_pt = F.may_point("桃花展草屋码头")
    add_facility("maocaowu_pier", "Taohua Maocaowu pier", "桃花茅草屋码头", "pier", "taohua", rl,
                 "%s; %s; point: %s" % (SRC_IPTV, SRC_ROUTE_LIST, SRC_SAMPLING_MAY), mc_pt, GCJ,
                 note=("point: the sampling site listed as '桃花展草屋码头' (address the same), taken as 茅草屋码头, "
                       "the terminal of the 墩头 routes (the names differ by one character); WGS84 as published "
                       "by the source repository"))
    estimated_pier("mayi_pier", "Mayi Dao pier", "蚂蚁岛码头", "mayi", duntou, "the 墩头 pier", rl, SRC_IPTV)
    xz_row, xzp = F.may_point("虾峙轮渡站")
    add_facility("xiazhi_pier", "Xiazhi ferry station (Zhapeng)", "虾峙轮渡站(栅棚)", "pier", "xiazhi", rl,
                 "%s; 9253.org/9172.html; point: %s" % (SRC_IPTV, SRC_SAMPLING_MAY), xzp, GCJ,
                 note=("point: the sampling site '虾峙轮渡站' (普陀区虾峙栅棚村); the island has several terminals "
                       "(大岙, 黄石, 栅棚) and this one stands for them; WGS84 as published by the source "
                       "repository"))
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
              # The estimate is a car's time (the road speed): other profiles cross
              # at their own speed along the bridge's line.
              {"car": int(math.ceil(km / ROAD_KMH * 60.0))},
              "estimate: straight-line length %.1f km between the two endpoints at %d km/h by road, rounded up"
              % (km, int(ROAD_KMH)),
              None, "not applicable (fixed link)",
              "islands table of the Putuo facts (朱家尖岛: 'bridged to main island'); endpoints from %s"
              % SRC_OUTLINES,
              mode="bridge", line=[ea, eb],
              note=("endpoints: the closest pair of outline vertices of the two islands, each moved %d m "
                    "inland; the real bridge alignment is not in the facts" % PIER_INLAND_M))

    return islands, settlements, territories, facilities, ferries, rings




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
SETTLEMENT_KINDS = {"village", "community", "area", "hamlet"}
LOC_OK = ("reported (GCJ-02 converted to WGS84)", "reported WGS84")


def check_point(p, what):
    lon, lat = p
    if any(math.isnan(v) or math.isinf(v) for v in p):
        raise SystemExit("%s has NaN" % what)
    if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
        raise SystemExit("%s out of range: %r" % (what, p))


def check_method(text, what):
    if not (text == "reported" or text.startswith("estimate: ")):
        raise SystemExit("%s: bad population_method %r" % (what, text))


def check(islands, settlements, territories, facilities, ferries, rings):
    for layer in (islands, settlements, facilities, ferries):
        for k, v in layer.items():
            assert SLUG.match(k), k
            assert v["props"]["id"] == k
    for iid, v in islands.items():
        p = v["props"]
        check_point(v["pt"], iid)
        check_method(p["population_method"], iid)
        assert isinstance(p["population"], int) and p["population"] >= 0
        check_polys(v["polys"], "island %s" % iid)
        assert point_in_polys(v["pt"], v["polys"]), iid
    parts = [i for v in islands.values() for i in v["parts"]]
    assert len(parts) == len(set(parts)), "an outline is used twice"
    assert islands["dashuangshan"]["props"]["population"] < 100
    assert islands["huangxing"]["props"]["population"] < 100
    assert islands["dashuangshan"]["props"]["population"] + islands["huangxing"]["props"]["population"] == 96
    codes_seen = {}
    for sid, v in settlements.items():
        p = v["props"]
        check_point(v["pt"], sid)
        check_method(p["population_method"], sid)
        assert p["island"] in islands, sid
        assert p["kind"] in SETTLEMENT_KINDS, sid
        assert isinstance(p["population"], int) and p["population"] >= 0
        assert isinstance(p["elderly"], int) and 0 <= p["elderly"] <= p["population"], sid
        assert p["location_method"] in LOC_OK or p["location_method"].startswith("estimate: "), sid
        if p["kind"] in ("village", "community"):
            assert re.match(r"^3309\d{8}$", p["village_code"]) and "codes" not in p, sid
            codes_seen.setdefault(p["village_code"], []).append(sid)
            assert p["location_quality"].split(":")[0] in ("direct", "proxy", "none"), sid
        elif p["kind"] == "area":
            assert "village_code" not in p and isinstance(p["codes"], list) and p["codes"], sid
            for c in p["codes"]:
                assert re.match(r"^3309\d{8}$", c), sid
                codes_seen.setdefault(c, []).append(sid)
        else:
            assert "village_code" not in p and "codes" not in p, sid
        if not point_in_polys(v["pt"], islands[p["island"]]["polys"]):
            raise SystemExit("settlement %s is not inside the outline of %s" % (sid, p["island"]))
    for c, sids in codes_seen.items():
        if len(sids) > 1 and c != "330903105204":
            raise SystemExit("code %s held by %s" % (c, sids))
    assert len(codes_seen) == 129, len(codes_seen)
    assert set(territories) == set(settlements)
    for tid, t in territories.items():
        check_polys(t["polys"], "territory %s" % tid)
        assert t["method"].startswith("estimate: "), tid
        d = dist_to_polys_m(settlements[tid]["pt"], t["polys"])
        if d > IN_TERRITORY_TOL_M:
            raise SystemExit("settlement %s lies %.1f m outside its territory" % (tid, d))
    for fid, v in facilities.items():
        p = v["props"]
        check_point(v["pt"], fid)
        assert p["kind"] in FAC_KINDS, fid
        assert p["island"] in islands, fid
        assert p["location_method"] in LOC_OK or p["location_method"].startswith("estimate: "), fid
        if p.get("settlement"):
            assert p["settlement"] in settlements, fid
            assert settlements[p["settlement"]]["props"]["island"] == p["island"], fid
        polys = islands[p["island"]]["polys"]
        if p["kind"] == "pier":
            d = dist_to_polys_m(v["pt"], polys)
            if d > PIER_TOLERANCE_M:
                raise SystemExit("pier %s is %.0f m off its island" % (fid, d))
        elif not point_in_polys(v["pt"], polys):
            raise SystemExit("facility %s is not inside the outline of %s (%.0f m off)"
                             % (fid, p["island"], dist_to_polys_m(v["pt"], polys)))
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
                assert point_in_polys(q, islands[end]["polys"]), (eid, end)
        if p["mode"] == "bridge":
            assert isinstance(p["minutes"], dict) and all(
                isinstance(m, int) and m > 0 for m in p["minutes"].values()), eid
        else:
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
    ap.add_argument("--data", required=True,
                    help="folder with the public facts (CSV tables, outlines and the pass3/ folder)")
    ap.add_argument("--out", default=os.path.join(root, "gis"), help="output folder (default: gis/)")
    args = ap.parse_args(argv)

    islands, settlements, territories, facilities, ferries, rings = build(os.path.normpath(args.data))
    check(islands, settlements, territories, facilities, ferries, rings)

    os.makedirs(args.out, exist_ok=True)
    write_collection(os.path.join(args.out, "islands.geojson"),
                     [feature(k, geom_of(v["polys"]), v["props"]) for k, v in islands.items()])
    write_collection(os.path.join(args.out, "settlements.geojson"),
                     [feature(k, {"type": "Point", "coordinates": pt6(v["pt"])}, v["props"])
                      for k, v in settlements.items()])
    write_collection(os.path.join(args.out, "territories.geojson"),
                     [feature(k, geom_of(t["polys"]),
                              {"id": k, "settlement": k, "island": settlements[k]["props"]["island"],
                               "method": t["method"]})
                      for k, t in territories.items()])
    write_collection(os.path.join(args.out, "facilities.geojson"),
                     [feature(k, {"type": "Point", "coordinates": pt6(v["pt"])}, v["props"])
                      for k, v in facilities.items()])
    write_collection(os.path.join(args.out, "ferries.geojson"),
                     [feature(k, {"type": "LineString", "coordinates": [pt6(q) for q in v["line"]]}, v["props"])
                      for k, v in ferries.items()])
    kinds = {}
    for v in settlements.values():
        kinds[v["props"]["kind"]] = kinds.get(v["props"]["kind"], 0) + 1
    fk = {}
    for v in facilities.values():
        fk[v["props"]["kind"]] = fk.get(v["props"]["kind"], 0) + 1
    print("islands %d, settlements %d (%s), territories %d, facilities %d (%s), ferries %d, population %d"
          % (len(islands), len(settlements), ", ".join("%s %d" % kv for kv in sorted(kinds.items())),
             len(territories), len(facilities), ", ".join("%s %d" % kv for kv in sorted(fk.items())),
             len(ferries), sum(v["props"]["population"] for v in islands.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
