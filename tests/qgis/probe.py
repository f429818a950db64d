"""Renders a QGIS project headless, as render.py does, and checks marker colours
at feature positions: for every feature of the probed layers that QGIS draws
(the layer checked in the tree, the feature in a visible category), is the
colour of its symbol present in the rendered image near the feature?

Usage: /usr/bin/python3 probe.py PROJECT.qgs OUT.png WIDTH HEIGHT LAYER_ID...
Prints JSON: one entry per probed feature with its id, the colour sought
(#rrggbb, the symbol's stroke for hollow markers, else its fill), the pixel
position, whether the colour was found within the marker's radius (a filled marker's inner
quarter), and the
layer's visibility in the tree.
Run with QT_QPA_PLATFORM=offscreen and XDG_RUNTIME_DIR set to a 0700 folder.
"""
import json
import os
import sys

from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsProject, QgsRectangle, QgsRenderContext, QgsUnitTypes)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def near(image, x, y, radius, want, tol=40):
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            px, py = x + dx, y + dy
            if 0 <= px < image.width() and 0 <= py < image.height():
                c = QColor(image.pixel(px, py))
                if (abs(c.red() - want.red()) + abs(c.green() - want.green())
                        + abs(c.blue() - want.blue())) <= tol:
                    return True
    return False


def main():
    app = QgsApplication([], False)
    app.initQgis()
    project_path, out = sys.argv[1], sys.argv[2]
    width, height = int(sys.argv[3]), int(sys.argv[4])
    probed = sys.argv[5:]
    project = QgsProject.instance()
    if not project.read(project_path):
        sys.stderr.write("cannot read %s\n" % project_path)
        os._exit(2)
    root = project.layerTreeRoot()
    visible = [n.layer() for n in root.findLayers() if n.layer() is not None and n.isVisible()]
    settings = QgsMapSettings()
    settings.setLayers(visible)
    settings.setDestinationCrs(project.crs())
    settings.setTransformContext(project.transformContext())
    settings.setBackgroundColor(QColor(236, 243, 248))
    settings.setOutputSize(QSize(width, height))
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    settings.setFlag(QgsMapSettings.DrawLabeling, False)
    extent = QgsRectangle()
    extent.setMinimal()
    for layer in visible:
        extent.combineExtentWith(settings.layerExtentToOutputExtent(layer, layer.extent()))
    extent.scale(1.08)
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(out, "PNG")
    m2p = settings.mapToPixel()
    context = QgsRenderContext.fromMapSettings(settings)
    result = []
    for layer_id in probed:
        layer = project.mapLayer(layer_id)
        node = root.findLayer(layer_id)
        if layer is None:
            result.append({"layer": layer_id, "missing": True})
            continue
        renderer = layer.renderer().clone()
        renderer.startRender(context, layer.fields())
        to_map = settings.layerTransform(layer)
        for f in layer.getFeatures():
            sym = renderer.symbolForFeature(f, context)
            if sym is None:
                continue
            sl = sym.symbolLayer(0)
            hollow = sl.fillColor().alpha() == 0
            colour = sl.strokeColor() if hollow else sl.fillColor()
            size_px = context.convertToPainterUnits(sym.size(), QgsUnitTypes.RenderMillimeters)
            p = to_map.transform(f.geometry().asPoint())
            px = m2p.transform(p)
            x, y = int(round(px.x())), int(round(px.y()))
            # A hollow ring is sought anywhere out to its edge; a filled marker
            # in its inner quarter, which anything drawn over it would cover.
            radius = int(size_px / 2 + 2) if hollow else max(1, int(size_px / 4))
            result.append({
                "layer": layer_id,
                "id": f["id"],
                "colour": colour.name(),
                "x": x,
                "y": y,
                "found": near(image, x, y, radius, colour),
                "visible": bool(node.isVisible()),
            })
        renderer.stopRender(context)
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)


main()
