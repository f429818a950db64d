"""Exports every print layout of a QGIS project to PDF, headless, and prints what it did as JSON.

Usage: /usr/bin/python3 layout.py PROJECT.qgs OUT_DIR
Prints [{"name", "pages", "items", "result", "pdf"}] per layout: the layout's page count,
the types of its items (title and source label, map, legend, scale bar, north-arrow picture),
QgsLayoutExporter's result (0 = success), the PDF written, and the map item's extent
beside the extent of every layer (project CRS), to check that the map holds every feature.
Run with QT_QPA_PLATFORM=offscreen and XDG_RUNTIME_DIR set to a 0700 folder.
Called by tests/it/qgis.rs; exits through os._exit because PyQGIS may crash at teardown.
"""
import json
import os
import sys

from qgis.core import (QgsApplication, QgsCoordinateTransform, QgsLayoutExporter, QgsLayoutItem,
                       QgsLayoutItemMap, QgsProject, QgsRectangle)

NAMES = {65639: "map", 65641: "label", 65642: "legend", 65646: "scalebar", 65640: "picture"}


def main():
    app = QgsApplication([], False)
    app.initQgis()
    project_path, out_dir = sys.argv[1], sys.argv[2]
    project = QgsProject.instance()
    if not project.read(project_path):
        sys.stderr.write("cannot read %s\n" % project_path)
        os._exit(2)
    # Every layer's extent in the project CRS, combined: what the map must hold.
    data = QgsRectangle()
    data.setMinimal()
    for layer in project.mapLayers().values():
        t = QgsCoordinateTransform(layer.crs(), project.crs(), project)
        data.combineExtentWith(t.transformBoundingBox(layer.extent()))
    result = []
    for n, layout in enumerate(project.layoutManager().printLayouts()):
        pdf = os.path.join(out_dir, "layout-%d.pdf" % n)
        exporter = QgsLayoutExporter(layout)
        r = exporter.exportToPdf(pdf, QgsLayoutExporter.PdfExportSettings())
        items = sorted(NAMES.get(i.type(), str(i.type())) for i in layout.items()
                       if isinstance(i, QgsLayoutItem) and i.type() != 65638)
        maps = [i for i in layout.items() if isinstance(i, QgsLayoutItemMap)]
        extent = maps[0].extent() if maps else QgsRectangle()
        result.append({"name": layout.name(), "pages": layout.pageCollection().pageCount(),
                       "items": items, "result": int(r), "pdf": pdf,
                       "map_extent": [extent.xMinimum(), extent.yMinimum(),
                                      extent.xMaximum(), extent.yMaximum()],
                       "data_extent": [data.xMinimum(), data.yMinimum(),
                                       data.xMaximum(), data.yMaximum()]})
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    os._exit(0)


main()
