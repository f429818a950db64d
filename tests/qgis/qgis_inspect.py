"""Opens a QGIS project (or single layers) headless and prints what QGIS sees, as JSON.

Usage: /usr/bin/python3 qgis_inspect.py project PATH.qgs
       /usr/bin/python3 qgis_inspect.py layer URI [URI ...]   (style applied as QGIS does on open)

Run with QT_QPA_PLATFORM=offscreen and XDG_RUNTIME_DIR set to a 0700 folder.
Called by tests/it/qgis.rs; exits through os._exit because PyQGIS may crash at teardown.
"""
import json
import os
import sys

from qgis.core import QgsApplication, QgsProject, QgsVectorLayer, QgsWkbTypes


def describe(layer):
    r = layer.renderer() if layer.isValid() else None
    out = {
        "id": layer.id(),
        "name": layer.name(),
        "source": layer.source(),
        "valid": layer.isValid(),
        "features": layer.featureCount() if layer.isValid() else None,
        "geometry": QgsWkbTypes.geometryDisplayString(layer.geometryType()) if layer.isValid() else None,
        "renderer": r.type() if r else None,
        "labels": bool(layer.labelsEnabled()) if layer.isValid() else False,
        "label_font": None,
        "symbols": [],
        "categories": [],
        # Per field: its type as QGIS sees it, whether numeric, and its alias.
        "fields": {},
    }
    if layer.isValid():
        for i, f in enumerate(layer.fields()):
            out["fields"][f.name()] = {
                "type": f.typeName(),
                "numeric": f.isNumeric(),
                "alias": layer.attributeAlias(i),
            }
    if r is not None:
        out["symbols"] = describe_symbols(r)
        if r.type() == "categorizedSymbol":
            out["field"] = r.classAttribute()
            out["categories"] = [str(c.value()) for c in r.categories()]
        elif r.type() == "graduatedSymbol":
            out["field"] = r.classAttribute()
            out["categories"] = [[g.lowerValue(), g.upperValue()] for g in r.ranges()]
    if layer.isValid() and layer.labelsEnabled() and layer.labeling() is not None:
        s = layer.labeling().settings()
        out["label_font"] = s.format().font().family()
        out["label_field"] = s.fieldName
    return out


def describe_symbol(s):
    return {
        "type": {0: "marker", 1: "line", 2: "fill"}.get(int(s.type()), str(s.type())),
        "colour": s.color().name(),
        "opacity": round(s.opacity(), 3),
        "layers": [sl.layerType() for sl in s.symbolLayers()],
    }


def describe_symbols(r):
    # Keep each list alive while its symbols are read: PyQGIS returns copies
    # whose symbols die with them.
    t = r.type()
    if t == "singleSymbol":
        return [describe_symbol(r.symbol())]
    if t == "categorizedSymbol":
        cats = r.categories()
        return [describe_symbol(c.symbol()) for c in cats]
    if t == "graduatedSymbol":
        ranges = r.ranges()
        return [describe_symbol(g.symbol()) for g in ranges]
    return []


def main():
    app = QgsApplication([], False)
    app.initQgis()
    mode, args = sys.argv[1], sys.argv[2:]
    result = {}
    if mode == "project":
        project = QgsProject.instance()
        ok = project.read(args[0])
        root = project.layerTreeRoot()
        result = {
            "read": ok,
            "crs": project.crs().authid(),
            "groups": [g.name() for g in root.children()],
            "order": [n.layerId() for n in root.findLayers()],
            "layers": [describe(n.layer()) for n in root.findLayers() if n.layer() is not None],
        }
    else:
        result = {"layers": [describe(QgsVectorLayer(uri, os.path.basename(uri), "ogr")) for uri in args]}
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    sys.stdout.flush()
    os._exit(0)


main()
