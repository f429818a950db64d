#!/bin/sh
# Loading one synthetic district from GeoJSON, from GeoPackage layers and from
# CSV points: `isleplan check` wall time (median of RUNS) and peak memory.
# Usage: scripts/byod_load.sh [SETTLEMENTS] [RUNS]   (needs GDAL's ogr2ogr, a release build)
set -eu
N=${1:-100000}
RUNS=${2:-5}
BIN=${BIN:-target/release/isleplan}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$BIN" gen "$DIR" --settlements "$N" -q
cd "$DIR"
for l in islands settlements facilities; do
  ogr2ogr -f GPKG $( [ "$l" = islands ] || echo -update ) dataset.gpkg "$l.geojson" -nln "$l"
done
for l in settlements facilities; do
  ogr2ogr -f CSV -lco GEOMETRY=AS_XY "$l.csv" "$l.geojson"
done
base=$(grep -v '^dataset' scenario.toml | grep -v '^name')
printf 'name = "g"\n%s\n[dataset]\nfolder = "."\n[dataset.layers]\nislands = { path = "dataset.gpkg", layer = "islands" }\nsettlements = { path = "dataset.gpkg", layer = "settlements" }\nfacilities = { path = "dataset.gpkg", layer = "facilities" }\n' "$base" > gpkg.toml
printf 'name = "c"\n%s\n[dataset]\nfolder = "."\n[dataset.layers]\nsettlements = { path = "settlements.csv", lon = "X", lat = "Y" }\nfacilities = { path = "facilities.csv", lon = "X", lat = "Y" }\n' "$base" > csv.toml
cd - >/dev/null
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for s in scenario gpkg csv; do
  : > "$DIR/times"
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -a -o "$DIR/times" -f '%e %M' "$BIN" check "$DIR/$s.toml" -q >/dev/null 2>&1 || true
  done
  # What was loaded, once, so the three are seen to load the same features.
  "$BIN" check "$DIR/$s.toml" 2>&1 | grep '^checked' || { "$BIN" check "$DIR/$s.toml" 2>&1 | head -3; exit 1; }
  t=$(tail -n "$RUNS" "$DIR/times" | cut -d' ' -f1 | median)
  m=$(tail -n "$RUNS" "$DIR/times" | cut -d' ' -f2 | median)
  printf '%-8s %s settlements: median %s s, peak RSS median %s MB (%s runs)\n' "$s" "$N" "$t" "$((m / 1024))" "$RUNS"
done
