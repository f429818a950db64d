#!/usr/bin/env bash
# Remakes the README pictures from the default scenario and its comparison with
# plan-2024: docs/qgis-project.png and docs/qgis-compare.png (PyQGIS, headless),
# docs/report.png and docs/report-compare.png (headless Chromium). Needs the
# clients .ci/run installs.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/xdg"
cargo run --release --quiet -- run --out "$work/out" --quiet
cargo run --release --quiet -- compare scenarios/baseline-2024.toml scenarios/plan-2024.toml \
    --out "$work/compare" --quiet
render() {
    QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work/xdg" \
        /usr/bin/python3 tests/qgis/render.py "$1" "$2" 1200 860
}
shot() {
    chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/chromium" \
        --window-size=1100,2000 --screenshot="$2" "file://$1" 2>/dev/null
}
render "$work/out/isleplan.qgs" docs/qgis-project.png
render "$work/compare/isleplan.qgs" docs/qgis-compare.png
shot "$work/out/report.html" docs/report.png
shot "$work/compare/report.html" docs/report-compare.png
ls -l docs/*.png
