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
    s.push_str("  </layerorder>\n  <properties>\n    <Paths>\n      <Absolute type=\"bool\">false</Absolute>\n    </Paths>\n    <SpatialRefSys>\n      <ProjectionsEnabled type=\"int\">1</ProjectionsEnabled>\n    </SpatialRefSys>\n  </properties>\n</qgis>\n");
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
