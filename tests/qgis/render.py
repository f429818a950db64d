"""Renders a QGIS project headless to a PNG, layers in the project's order and styles.

Usage: /usr/bin/python3 render.py PROJECT.qgs OUT.png [WIDTH HEIGHT]
Run with QT_QPA_PLATFORM=offscreen and XDG_RUNTIME_DIR set to a 0700 folder.
Used by tests/it/qgis.rs and to make docs/qgis-project.png.
"""
import os
import sys

from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsProject, QgsRectangle)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def main():
    app = QgsApplication([], False)
    app.initQgis()
    project_path, out = sys.argv[1], sys.argv[2]
    width = int(sys.argv[3]) if len(sys.argv) > 3 else 1400
    height = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    project = QgsProject.instance()
    if not project.read(project_path):
        sys.stderr.write("cannot read %s\n" % project_path)
        os._exit(2)
    # The layers the project shows when it opens (a group turned off stays off).
    layers = [n.layer() for n in project.layerTreeRoot().findLayers()
              if n.layer() is not None and n.isVisible()]
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(project.crs())
    settings.setTransformContext(project.transformContext())
    settings.setBackgroundColor(QColor(236, 243, 248))
    settings.setOutputSize(QSize(width, height))
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    settings.setFlag(QgsMapSettings.DrawLabeling, True)
    extent = QgsRectangle()
    extent.setMinimal()
    for layer in layers:
        extent.combineExtentWith(settings.layerExtentToOutputExtent(layer, layer.extent()))
    extent.scale(1.08)
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    ok = image.save(out, "PNG")
    sys.stdout.write("rendered %d layers to %s: %s\n" % (len(layers), out, ok))
    sys.stdout.flush()
    os._exit(0 if ok else 1)


main()
