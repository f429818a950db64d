//! The QGIS project (`isleplan.qgs`): every output layer, styled, grouped and
//! ordered, with paths relative to the project file.
//!
//! Order, top to bottom: findings (gaps, proposals), settlements, facilities and
//! relocations, service areas, then the islands as base map; a layer this module
//! does not know goes in "Other" above the base map, and an absent layer is left
//! out. A layer holding several geometry kinds (a relocation with no destination
//! is a point among lines) becomes one QGIS layer per kind, filtered with
//! `geometrytype=`, as QGIS does itself. The project CRS is the UTM zone of the
//! data (metres, true shapes); layers stay WGS84 and QGIS reprojects on the fly.
//! Layer ids are `isleplan_<layer>`, never random, so the file is byte-stable.

use std::fmt::Write as _;

use geo::Coord;

use crate::output::gpkg::qgis_geometry_filter;
use crate::output::layer::bounds;
use crate::output::layer::GeomKind;
use crate::output::layer::Layer;
use crate::output::legend::Lang;
use crate::output::legend::Legend;
use crate::output::qml;
use crate::output::qml::xml_escape;
use crate::projection::LocalProjection;

/// Where the project's layers are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    /// `./<layer>.geojson` beside the project.
    GeoJson,
    /// `./<file>|layername=<layer>`.
    Gpkg(&'a str),
}

/// Groups, top to bottom: (zh, en, layers top to bottom).
///
/// Gaps lie on top of everything and proposals in a group of their own beneath
/// the settlements and facilities (hollow stars larger than a gap's ring), so a
/// proposal never hides a gap; a reader may turn the group off.
///
/// A comparison's project holds the changes on top, then scenario B's
/// settlements and facilities, then A's (turned off: they lie under B's), then
/// the islands.
const GROUPS: [(&str, &str, &[&str]); 9] = [
    ("未达标", "Gaps", &["gaps"]),
    ("变化", "Changes", &["diff_facilities", "diff_settlements"]),
    ("方案 B", "Scenario B", &["b_facilities", "b_settlements"]),
    ("方案 A", "Scenario A", &["a_facilities", "a_settlements"]),
    (
        "居民点与设施",
        "Settlements and facilities",
        &["settlements", "facilities", "relocations"],
    ),
    ("建议新设施", "Proposals", &["proposed"]),
    ("服务分配", "Allocation", &["allocation"]),
    ("服务范围", "Service areas", &["service_areas"]),
    ("底图", "Base map", &["islands"]),
];

/// Groups turned off when the project opens: A lies under B, and the
/// allocation lines (one per settlement and family) would bury the answer.
const OFF: [&str; 2] = ["Scenario A", "Allocation"];

/// A layer's display name in the layer tree (`a_`/`b_` layers of a comparison
/// are named with their side).
pub fn display_name(layer: &str, lang: Lang) -> String {
    if let (Some(side), base) = qml::side_of(layer) {
        return format!("{} {}", side.to_ascii_uppercase(), display_name(base, lang));
    }
    let (zh, en) = match layer {
        "gaps" => ("未达标", "Gaps"),
        "proposed" => ("建议新设施", "Proposed facilities"),
        "allocation" => ("服务分配", "Allocation lines"),
        "settlements" => ("居民点", "Settlements"),
        "facilities" => ("设施", "Facilities"),
        "relocations" => ("迁居", "Relocations"),
        "service_areas" => ("服务范围", "Service areas"),
        "islands" => ("海岛", "Islands"),
        "diff_settlements" => ("居民点变化", "Settlement changes"),
        "diff_facilities" => ("设施变化", "Facility changes"),
        other => return other.to_owned(),
    };
    match lang {
        Lang::Zh => format!("{zh} {en}"),
        Lang::En => en.to_owned(),
    }
}

/// The WGS84 UTM zone holding lon/lat `c`: (EPSG code, zone, north).
pub fn utm_zone(c: Coord<f64>) -> (u32, u32, bool) {
    let zone = (((c.x + 180.0) / 6.0).floor() as i64).clamp(0, 59) as u32 + 1;
    let north = c.y >= 0.0;
    (if north { 32600 } else { 32700 } + zone, zone, north)
}

/// Lon/lat → UTM metres in `zone`.
///
/// # Algorithm
/// Transverse Mercator (Snyder 1987, via [`LocalProjection`]) on the zone's
/// central meridian and the equator, scaled by 0.9996, false easting 500 km,
/// false northing 10 000 km in the south.
pub fn utm(p: Coord<f64>, zone: u32, north: bool) -> Coord<f64> {
    let lon0 = f64::from(zone) * 6.0 - 183.0;
    let tm = LocalProjection::new(Coord { x: lon0, y: 0.0 });
    let m = tm.forward(p);
    Coord {
        x: 500_000.0 + 0.9996 * m.x,
        y: 0.9996 * m.y + if north { 0.0 } else { 10_000_000.0 },
    }
}

fn srs_wgs84(indent: &str) -> String {
    format!(
        "{indent}<spatialrefsys>\n{indent}  <proj4>+proj=longlat +datum=WGS84 +no_defs</proj4>\n{indent}  <srsid>3452</srsid>\n{indent}  <srid>4326</srid>\n{indent}  <authid>EPSG:4326</authid>\n{indent}  <description>WGS 84</description>\n{indent}  <projectionacronym>longlat</projectionacronym>\n{indent}  <ellipsoidacronym>EPSG:7030</ellipsoidacronym>\n{indent}  <geographicflag>true</geographicflag>\n{indent}</spatialrefsys>\n"
    )
}

fn srs_utm(indent: &str, epsg: u32, zone: u32, north: bool) -> String {
    let south = if north { "" } else { " +south" };
    let hemi = if north { "N" } else { "S" };
    format!(
        "{indent}<spatialrefsys>\n{indent}  <proj4>+proj=utm +zone={zone}{south} +datum=WGS84 +units=m +no_defs</proj4>\n{indent}  <srid>{epsg}</srid>\n{indent}  <authid>EPSG:{epsg}</authid>\n{indent}  <description>WGS 84 / UTM zone {zone}{hemi}</description>\n{indent}  <projectionacronym>utm</projectionacronym>\n{indent}  <ellipsoidacronym>EPSG:7030</ellipsoidacronym>\n{indent}  <geographicflag>false</geographicflag>\n{indent}</spatialrefsys>\n"
    )
}

/// One QGIS layer: a layer, or one geometry kind of a mixed layer.
struct Entry<'a> {
    layer: &'a Layer,
    kind: GeomKind,
    id: String,
    mixed: bool,
}

impl Entry<'_> {
    fn datasource(&self, source: Source) -> String {
        let mut s = match source {
            Source::GeoJson => format!("./{}.geojson", self.layer.name),
            Source::Gpkg(file) => format!("./{file}|layername={}", self.layer.name),
        };
        if self.mixed {
            let _ = write!(s, "|geometrytype={}", qgis_geometry_filter(self.kind));
        }
        s
    }

    fn name(&self, lang: Lang) -> String {
        let n = display_name(&self.layer.name, lang);
        if self.mixed {
            format!("{n} ({})", self.kind.qgis_name())
        } else {
            n
        }
    }
}

fn entries(layers: &[Layer]) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    for layer in layers {
        let kinds = layer.kinds();
        let mixed = kinds.len() > 1;
        // Lines and polygons above points of the same layer is rarely wanted:
        // points on top.
        for &kind in &kinds {
            out.push(Entry {
                layer,
                kind,
                // QGIS keeps a layer id only if it is over 10 characters long
                // (QgsMapLayer::readLayerXml), else it makes a random one.
                id: if mixed {
                    format!(
                        "isleplan_{}_{}",
                        layer.name,
                        kind.qgis_name().to_lowercase()
                    )
                } else {
                    format!("isleplan_{}", layer.name)
                },
                mixed,
            });
        }
    }
    out
}

/// The project XML for `layers` (absent ones are simply not in the slice).
pub fn project(title: &str, layers: &[Layer], legend: &Legend, source: Source) -> String {
    let lang = legend.lang;
    let all = entries(layers);
    // Group the entries, top to bottom; unknown layers in "Other" above the base.
    let mut groups: Vec<(String, bool, Vec<&Entry>)> = Vec::new();
    let known: Vec<&str> = GROUPS.iter().flat_map(|g| g.2.iter().copied()).collect();
    let others: Vec<&Entry> = all
        .iter()
        .filter(|e| !known.contains(&e.layer.name.as_str()))
        .collect();
    for (zh, en, names) in GROUPS {
        if en == "Base map" && !others.is_empty() {
            groups.push((group_name(lang, "其他", "Other"), true, others.clone()));
        }
        let mut members: Vec<&Entry> = Vec::new();
        for n in names {
            let mut of_layer: Vec<&Entry> = all.iter().filter(|e| e.layer.name == *n).collect();
            of_layer.sort_by_key(|e| e.kind);
            members.extend(of_layer);
        }
        if !members.is_empty() {
            groups.push((group_name(lang, zh, en), !OFF.contains(&en), members));
        }
    }

    let centre = bounds(layers).map_or(Coord { x: 0.0, y: 0.0 }, |b| Coord {
        x: (b[0] + b[2]) / 2.0,
        y: (b[1] + b[3]) / 2.0,
    });
    let (epsg, zone, north) = utm_zone(centre);
    let extent = bounds(layers).map(|b| {
        let corners = [
            Coord { x: b[0], y: b[1] },
            Coord { x: b[0], y: b[3] },
            Coord { x: b[2], y: b[1] },
            Coord { x: b[2], y: b[3] },
        ];
        let pts: Vec<Coord<f64>> = corners.iter().map(|&c| utm(c, zone, north)).collect();
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in pts {
            x0 = x0.min(p.x);
            y0 = y0.min(p.y);
            x1 = x1.max(p.x);
            y1 = y1.max(p.y);
        }
        // A margin of 5 % (at least 1 km) so edge features are not cut.
        let m = ((x1 - x0).max(y1 - y0) * 0.05).max(1000.0);
        [x0 - m, y0 - m, x1 + m, y1 + m]
    });

    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis projectname=\"{t}\" version=\"3.22.16-Białowieża\">\n  <homePath path=\"\"/>\n  <title>{t}</title>\n  <transaction mode=\"Disabled\"/>\n  <projectFlags set=\"\"/>\n  <projectCrs>\n{crs}  </projectCrs>\n",
        t = xml_escape(title),
        crs = srs_utm("    ", epsg, zone, north)
    );
    // The layer tree.
    s.push_str("  <layer-tree-group>\n    <customproperties/>\n");
    for (name, on, members) in &groups {
        let _ = writeln!(
            s,
            "    <layer-tree-group name=\"{}\" checked=\"Qt::{}\" expanded=\"1\">\n      <customproperties/>",
            xml_escape(name),
            if *on { "Checked" } else { "Unchecked" }
        );
        for e in members {
            let _ = writeln!(
                s,
                "      <layer-tree-layer id=\"{id}\" name=\"{name}\" source=\"{src}\" providerKey=\"ogr\" checked=\"Qt::Checked\" expanded=\"1\">\n        <customproperties/>\n      </layer-tree-layer>",
                id = xml_escape(&e.id),
                name = xml_escape(&e.name(lang)),
                src = xml_escape(&e.datasource(source)),
            );
        }
        s.push_str("    </layer-tree-group>\n");
    }
    s.push_str("    <custom-order enabled=\"0\"/>\n  </layer-tree-group>\n");
    // The canvas.
    s.push_str(
        "  <mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\">\n    <units>meters</units>\n",
    );
    if let Some([x0, y0, x1, y1]) = extent {
        let _ = writeln!(
            s,
            "    <extent>\n      <xmin>{x0:.1}</xmin>\n      <ymin>{y0:.1}</ymin>\n      <xmax>{x1:.1}</xmax>\n      <ymax>{y1:.1}</ymax>\n    </extent>"
        );
    }
    let _ = write!(
        s,
        "    <rotation>0</rotation>\n    <destinationsrs>\n{}    </destinationsrs>\n    <rendermaptile>0</rendermaptile>\n  </mapcanvas>\n",
        srs_utm("      ", epsg, zone, north)
    );
    // The layers.
    s.push_str("  <projectlayers>\n");
    for (_, _, members) in &groups {
        for e in members {
            let style = qml::style(&e.layer.name, e.kind, legend);
            let labels = style.as_ref().is_some_and(|st| st.labels.is_some());
            let _ = write!(
                s,
                "    <maplayer type=\"vector\" geometry=\"{geom}\" labelsEnabled=\"{labels}\" autoRefreshEnabled=\"0\" autoRefreshTime=\"0\" refreshOnNotifyEnabled=\"0\" readOnly=\"0\" hasScaleBasedVisibilityFlag=\"0\" minScale=\"100000000\" maxScale=\"0\" simplifyDrawingHints=\"0\" simplifyLocal=\"1\" simplifyMaxScale=\"1\" simplifyAlgorithm=\"0\" simplifyDrawingTol=\"1\" styleCategories=\"AllStyleCategories\">\n      <id>{id}</id>\n      <datasource>{src}</datasource>\n      <layername>{name}</layername>\n      <srs>\n{srs}      </srs>\n      <provider encoding=\"UTF-8\">ogr</provider>\n",
                geom = e.kind.qgis_name(),
                labels = u8::from(labels),
                id = xml_escape(&e.id),
                src = xml_escape(&e.datasource(source)),
                name = xml_escape(&e.name(lang)),
                srs = srs_wgs84("        "),
            );
            if let Some(st) = style {
                s.push_str(&st.body("      "));
            }
            let _ = writeln!(
                s,
                "      <layerGeometryType>{}</layerGeometryType>\n    </maplayer>",
                e.kind.qgis_code()
            );
        }
    }
    s.push_str("  </projectlayers>\n  <layerorder>\n");
    for (_, _, members) in &groups {
        for e in members {
            let _ = writeln!(s, "    <layer id=\"{}\"/>", xml_escape(&e.id));
        }
    }
    s.push_str("  </layerorder>\n  <properties>\n    <Paths>\n      <Absolute type=\"bool\">false</Absolute>\n    </Paths>\n    <SpatialRefSys>\n      <ProjectionsEnabled type=\"int\">1</ProjectionsEnabled>\n    </SpatialRefSys>\n  </properties>\n");
    if let Some(extent) = extent {
        s.push_str(&print_layout(title, extent, epsg, lang));
    }
    s.push_str("</qgis>\n");
    s
}

/// The print layout's page, A4 landscape, and its map frame, millimetres:
/// (x, y, width, height).
const PAGE: (f64, f64) = (297.0, 210.0);
const MAP_FRAME: (f64, f64, f64, f64) = (10.0, 17.0, 165.0, 183.0);

/// `extent` (x0, y0, x1, y1) grown about its centre to the width:height of a
/// frame `w` × `h`, so the map frame shows all of it at one scale.
fn fit_aspect(extent: [f64; 4], w: f64, h: f64) -> [f64; 4] {
    let [x0, y0, x1, y1] = extent;
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (mut ew, mut eh) = (x1 - x0, y1 - y0);
    if ew / eh < w / h {
        ew = eh * w / h;
    } else {
        eh = ew * h / w;
    }
    [cx - ew / 2.0, cy - eh / 2.0, cx + ew / 2.0, cy + eh / 2.0]
}

/// One layout item, in the form QGIS 3.22 saves it (attributes it does not find
/// take its defaults). Uuids are fixed so the file is byte-stable.
fn layout_item(
    kind: u32,
    n: u32,
    (x, y, w, h): (f64, f64, f64, f64),
    framed: bool,
    extra: &str,
    inner: &str,
) -> String {
    let uuid = format!("{{00000000-0000-4000-8000-{n:012}}}");
    let framed = if framed { "true" } else { "false" };
    format!(
        "    <LayoutItem type=\"{kind}\" uuid=\"{uuid}\" templateUuid=\"{uuid}\" id=\"\" position=\"{x},{y},mm\" positionOnPage=\"{x},{y},mm\" size=\"{w},{h},mm\" zValue=\"{n}\" visibility=\"1\" frame=\"{framed}\" background=\"{framed}\" opacity=\"1\" blendMode=\"0\" referencePoint=\"0\" positionLock=\"false\" itemRotation=\"0\" excludeFromExports=\"0\" groupUuid=\"\" outlineWidthM=\"0.3,mm\" frameJoinStyle=\"miter\" {extra}>\n{inner}    </LayoutItem>\n"
    )
}

fn font(points: u32, bold: bool) -> String {
    format!(
        "{},{points},-1,5,{},0,0,0,0,0",
        qml::LABEL_FONT,
        if bold { 75 } else { 50 }
    )
}

/// The print layout: on one A4 landscape page, the title, the map (every layer
/// the project shows, at `extent` in EPSG `epsg`), the legend (filtered to what
/// the map shows; the styles list only categories present), a scale bar, a
/// north arrow and a source line. QGIS exports it to PDF headless
/// (`QgsLayoutExporter`).
fn print_layout(title: &str, extent: [f64; 4], epsg: u32, lang: Lang) -> String {
    let (_, _, mw, mh) = MAP_FRAME;
    let [x0, y0, x1, y1] = fit_aspect(extent, mw, mh);
    let map_uuid = "{00000000-0000-4000-8000-000000000002}";
    let label = |text: &str, size: u32, bold: bool| {
        (
            format!(
                "labelText=\"{}\" htmlState=\"0\" halign=\"1\" valign=\"32\" marginX=\"0\" marginY=\"0\"",
                xml_escape(text)
            ),
            format!(
                "      <LabelFont description=\"{}\" style=\"\"/>\n",
                font(size, bold)
            ),
        )
    };
    let (legend_title, source) = match lang {
        Lang::Zh => (
            "图例",
            format!("来源：各图层的 source 字段与 summary.json；估算值见 population_method 字段。坐标系 EPSG:{epsg}。"),
        ),
        Lang::En => (
            "Legend",
            format!("Sources: each layer's source field and summary.json; estimates are marked in population_method. CRS EPSG:{epsg}."),
        ),
    };
    let style = |name: &str, size: u32, bold: bool| {
        format!(
            "        <style name=\"{name}\" marginBottom=\"1\" alignment=\"1\">\n          <styleFont description=\"{}\" style=\"\"/>\n        </style>\n",
            font(size, bold)
        )
    };
    let legend_styles = format!(
        "      <styles>\n{}{}{}{}      </styles>\n",
        style("title", 10, true),
        style("group", 8, true),
        style("subgroup", 7, false),
        style("symbolLabel", 6, false)
    );
    let mut s = format!(
        "  <Layouts>\n   <Layout name=\"{}\" units=\"mm\" printResolution=\"300\" worldFileMap=\"\">\n    <PageCollection>\n",
        xml_escape(title)
    );
    s.push_str(&layout_item(
        65638,
        0,
        (0.0, 0.0, PAGE.0, PAGE.1),
        false,
        "",
        "",
    ));
    s.push_str("    </PageCollection>\n");
    let (extra, inner) = label(title, 16, true);
    s.push_str(&layout_item(
        65641,
        1,
        (10.0, 5.0, 277.0, 10.0),
        false,
        &extra,
        &inner,
    ));
    s.push_str(&layout_item(
        65639,
        2,
        MAP_FRAME,
        true,
        "keepLayerSet=\"false\" drawCanvasItems=\"true\" mapRotation=\"0\" mapFlags=\"0\" followPreset=\"false\" followPresetName=\"\" isTemporal=\"0\" labelMargin=\"0,mm\"",
        &format!("      <Extent xmin=\"{x0:.1}\" ymin=\"{y0:.1}\" xmax=\"{x1:.1}\" ymax=\"{y1:.1}\"/>\n"),
    ));
    s.push_str(&layout_item(
        65642,
        3,
        (180.0, 17.0, 107.0, 160.0),
        false,
        &format!("map_uuid=\"{map_uuid}\" legendFilterByMap=\"1\" legendFilterByAtlas=\"0\" resizeToContents=\"1\" title=\"{legend_title}\" columnCount=\"2\" splitLayer=\"1\" equalColumnWidth=\"0\" symbolWidth=\"5\" symbolHeight=\"3\" boxSpace=\"1\" columnSpace=\"2\" lineSpacing=\"0.5\" wrapChar=\"\" symbolAlignment=\"1\" titleAlignment=\"1\""),
        &legend_styles,
    ));
    s.push_str(&layout_item(
        65646,
        4,
        (180.0, 182.0, 60.0, 14.0),
        false,
        &format!("mapUuid=\"{map_uuid}\" style=\"Single Box\" unitType=\"kilometers\" unitLabel=\"km\" numSegments=\"2\" numSegmentsLeft=\"0\" numUnitsPerSegment=\"5000\" numMapUnitsPerScaleBarUnit=\"1000\" segmentSizeMode=\"0\" height=\"2\" alignment=\"0\" labelBarSpace=\"2\" boxContentSpace=\"1\" numSubdivisions=\"1\" subdivisionsHeight=\"1.5\" minBarWidth=\"50\" maxBarWidth=\"150\""),
        "",
    ));
    s.push_str(&layout_item(
        65640,
        5,
        (272.0, 180.0, 12.0, 16.0),
        false,
        &format!("mapUuid=\"{map_uuid}\" file=\":/images/north_arrows/layout_default_north_arrow.svg\" mode=\"2\" resizeMode=\"0\" northMode=\"0\" northOffset=\"0\" pictureRotation=\"0\" pictureWidth=\"12\" pictureHeight=\"16\" anchorPoint=\"0\" svgFillColor=\"0,0,0,255\" svgBorderColor=\"0,0,0,255\" svgBorderWidth=\"0.2\""),
        "",
    ));
    let (extra, inner) = label(&source, 7, false);
    s.push_str(&layout_item(
        65641,
        6,
        (10.0, 202.0, 277.0, 6.0),
        false,
        &extra,
        &inner,
    ));
    s.push_str("   </Layout>\n  </Layouts>\n");
    s
}

fn group_name(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => format!("{zh} {en}"),
        Lang::En => en.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utm_zone_of_zhoushan_is_51_north() {
        let (epsg, zone, north) = utm_zone(Coord { x: 122.3, y: 30.0 });

        assert_eq!((epsg, zone, north), (32651, 51, true));
    }

    #[test]
    fn utm_central_meridian_maps_to_false_easting() {
        let p = utm(Coord { x: 123.0, y: 0.0 }, 51, true);

        approx::assert_relative_eq!(p.x, 500_000.0, epsilon = 1e-6);
        approx::assert_relative_eq!(p.y, 0.0, epsilon = 1e-6);
    }

    fn layer(name: &str, geometry: &str) -> Layer {
        Layer::parse(
            name,
            &format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"name":"x"}},"geometry":{geometry}}}]}}"#
            ),
        )
        .unwrap()
    }

    #[test]
    fn layers_are_ordered_findings_first_islands_last() {
        let point = r#"{"type":"Point","coordinates":[122.3,30.0]}"#;
        let layers = vec![
            layer("islands", point),
            layer("settlements", point),
            layer("gaps", point),
            layer("extra", point),
        ];

        let xml = project("t", &layers, &Legend::default(), Source::GeoJson);

        let at = |id: &str| xml.find(&format!("<layer id=\"isleplan_{id}\"/>")).unwrap();
        assert!(at("gaps") < at("settlements"));
        assert!(at("settlements") < at("extra"));
        assert!(at("extra") < at("islands"));
        assert!(xml.contains("<datasource>./gaps.geojson</datasource>"));
        assert!(!xml.contains("service_areas"), "absent layers are skipped");
    }

    #[test]
    fn the_layout_map_extent_holds_the_project_extent_at_the_frame_aspect() {
        // 100 × 50 into a 2:1 frame is unchanged; into a 1:1 frame it grows to
        // 100 × 100 about its centre (y 0..50 → -25..75).
        assert_eq!(
            fit_aspect([0.0, 0.0, 100.0, 50.0], 2.0, 1.0),
            [0.0, 0.0, 100.0, 50.0]
        );
        assert_eq!(
            fit_aspect([0.0, 0.0, 100.0, 50.0], 1.0, 1.0),
            [0.0, -25.0, 100.0, 75.0]
        );
        assert_eq!(
            fit_aspect([0.0, 0.0, 50.0, 100.0], 1.0, 1.0),
            [-25.0, 0.0, 75.0, 100.0]
        );
    }

    #[test]
    fn the_project_holds_one_print_layout_with_map_legend_scale_bar_and_north_arrow() {
        let point = r#"{"type":"Point","coordinates":[122.3,30.0]}"#;
        let layers = vec![layer("islands", point)];

        let xml = project("普陀 & co", &layers, &Legend::default(), Source::GeoJson);

        assert_eq!(xml.matches("<Layout ").count(), 1);
        for kind in [65638, 65639, 65641, 65642, 65646, 65640] {
            assert!(
                xml.contains(&format!("<LayoutItem type=\"{kind}\"")),
                "{kind}"
            );
        }
        assert!(xml.contains("labelText=\"普陀 &amp; co\""));
    }

    #[test]
    fn mixed_layers_become_one_qgis_layer_per_geometry_kind() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}},
            {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}]}"#;
        let layers = vec![Layer::parse("relocations", text).unwrap()];

        let xml = project("t", &layers, &Legend::default(), Source::Gpkg("x.gpkg"));

        assert!(xml.contains("./x.gpkg|layername=relocations|geometrytype=Point"));
        assert!(xml.contains("./x.gpkg|layername=relocations|geometrytype=LineString"));
    }
}
