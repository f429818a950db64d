"""Edits one layer of a GeoPackage in QGIS, as GIS staff would, and saves it.

Usage: /usr/bin/python3 qgis_edit.py GPKG LAYER SPEC_JSON
SPEC_JSON: {"move": {"<id>": [lon, lat]}, "delete": ["<id>"],
            "add": [{"at": [lon, lat], "<field>": value, ...}]}

Features are found by their `id` field; added features get no `id` (QGIS gives
them a new fid), as when a feature is drawn by hand. Prints the layer's feature
count after saving, as JSON. Run with QT_QPA_PLATFORM=offscreen and
XDG_RUNTIME_DIR set to a 0700 folder. Called by tests/it/byod.rs; exits through
os._exit because PyQGIS may crash at teardown.
"""
import json
import os
import sys

from qgis.core import QgsApplication, QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer


def main():
    path, name, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    app = QgsApplication([], False)
    app.initQgis()
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    if not layer.isValid():
        print(json.dumps({"error": f"layer {name} of {path} is not valid"}))
        os._exit(1)
    fids = {f["id"]: f.id() for f in layer.getFeatures()}
    layer.startEditing()
    for ident, (x, y) in spec.get("move", {}).items():
        if not layer.changeGeometry(fids[ident], QgsGeometry.fromPointXY(QgsPointXY(x, y))):
            print(json.dumps({"error": f"cannot move {ident}"}))
            os._exit(1)
    for ident in spec.get("delete", []):
        if not layer.deleteFeature(fids[ident]):
            print(json.dumps({"error": f"cannot delete {ident}"}))
            os._exit(1)
    for a in spec.get("add", []):
        f = QgsFeature(layer.fields())
        x, y = a["at"]
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        for k, v in a.items():
            if k != "at":
                f.setAttribute(k, v)
        if not layer.addFeature(f):
            print(json.dumps({"error": "cannot add a feature"}))
            os._exit(1)
    if not layer.commitChanges():
        print(json.dumps({"error": "; ".join(layer.commitErrors())}))
        os._exit(1)
    print(json.dumps({"features": layer.featureCount()}))
    sys.stdout.flush()
    os._exit(0)


main()
