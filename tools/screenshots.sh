#!/usr/bin/env bash
# Remakes docs/report.png (headless Chromium) and docs/qgis-project.png (PyQGIS,
# headless) from the default scenario. Needs the clients .ci/run installs.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/xdg"
cargo run --quiet -- run --out "$work/out" --quiet
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work/xdg" \
    /usr/bin/python3 tests/qgis/render.py "$work/out/isleplan.qgs" docs/qgis-project.png 1200 860
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/chromium" \
    --window-size=1100,2000 --screenshot=docs/report.png "file://$work/out/report.html" 2>/dev/null
ls -l docs/report.png docs/qgis-project.png
