//! GeoJSON text, written directly: the same bytes serde_json writes for the same
//! values (compact formatter, `preserve_order` maps), without a
//! `serde_json::Value` per feature ([`Props`](crate::output::geojson::Props), [`Val`](crate::output::geojson::Val), [`Geom`](crate::output::geojson::Geom)). A
//! [`LayerSink`](crate::output::geojson::LayerSink) writes one layer feature by feature and collects on the way what
//! the styles, the project and the report need ([`Layer`]), so nothing is parsed
//! back. Features are sorted by id by their writers, coordinates rounded to 7
//! decimals (about 1 cm), so the same inputs give the same bytes.

use std::borrow::Cow;
use std::io::Write;

use geo::{Coord, MultiPolygon, Orient};
use serde_json::{json, Map, Value};

use crate::output::layer::Layer;

/// Appends `s` as a JSON string literal, escaped exactly as serde_json escapes:
/// `"` and `\` by backslash, `\b \f \n \r \t` by name, other C0 controls as
/// `\u00XX` (lower-case hex); everything else, DEL and non-ASCII included, as is.
pub fn push_json_str(buf: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    buf.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let named: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => {
                buf.extend_from_slice(&bytes[start..i]);
                buf.extend_from_slice(b"\\u00");
                buf.push(HEX[usize::from(b >> 4)]);
                buf.push(HEX[usize::from(b & 0xf)]);
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        buf.extend_from_slice(&bytes[start..i]);
        buf.extend_from_slice(named);
        start = i + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

/// Appends a float as serde_json writes it (shortest round-trip form, `null`
/// when not finite).
fn push_f64(buf: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        // serde_json's own float formatting, so the digits are the same.
        let _ = serde_json::to_writer(&mut *buf, &x);
    } else {
        buf.extend_from_slice(b"null");
    }
}

fn push_u64(buf: &mut Vec<u8>, n: u64) {
    let _ = write!(buf, "{n}");
}

/// A property value: the scalars the layers hold, or an input value carried through.
#[derive(Debug, Clone)]
pub enum Val<'a> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A non-negative integer.
    U64(u64),
    /// A signed integer.
    I64(i64),
    /// A float (`null` when not finite, as `json!` makes it).
    F64(f64),
    /// A string.
    Str(Cow<'a, str>),
    /// Any JSON value (input properties carried through).
    Json(&'a Value),
    /// Any JSON value, owned.
    Value(Value),
}

impl Val<'_> {
    /// Appends the value's JSON text.
    pub fn write(&self, buf: &mut Vec<u8>) {
        match self {
            Val::Null => buf.extend_from_slice(b"null"),
            Val::Bool(b) => buf.extend_from_slice(if *b { b"true" } else { b"false" }),
            Val::U64(n) => push_u64(buf, *n),
            Val::I64(n) => {
                let _ = write!(buf, "{n}");
            }
            Val::F64(x) => push_f64(buf, *x),
            Val::Str(s) => push_json_str(buf, s),
            Val::Json(v) => {
                let _ = serde_json::to_writer(&mut *buf, v);
            }
            Val::Value(v) => {
                let _ = serde_json::to_writer(&mut *buf, v);
            }
        }
    }

    /// The same value as a `serde_json::Value` (what parsing the text gives).
    pub fn to_value(&self) -> Value {
        match self {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::U64(n) => Value::from(*n),
            Val::I64(n) => Value::from(*n),
            Val::F64(x) => json!(x),
            Val::Str(s) => Value::String(s.to_string()),
            Val::Json(v) => (*v).clone(),
            Val::Value(v) => v.clone(),
        }
    }

    /// The string, if a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            Val::Json(Value::String(s)) | Val::Value(Value::String(s)) => Some(s),
            _ => None,
        }
    }
}

macro_rules! val_from {
    ($($t:ty => $v:ident as $as:ty),*) => {$(
        impl From<$t> for Val<'_> {
            fn from(x: $t) -> Self {
                Val::$v(x as $as)
            }
        }
    )*};
}
val_from!(u64 => U64 as u64, u32 => U64 as u64, usize => U64 as u64, i64 => I64 as i64, i32 => I64 as i64, f64 => F64 as f64);

impl From<bool> for Val<'_> {
    fn from(b: bool) -> Self {
        Val::Bool(b)
    }
}

impl<'a> From<&'a str> for Val<'a> {
    fn from(s: &'a str) -> Self {
        Val::Str(Cow::Borrowed(s))
    }
}

impl<'a> From<&'a String> for Val<'a> {
    fn from(s: &'a String) -> Self {
        Val::Str(Cow::Borrowed(s))
    }
}

impl From<String> for Val<'_> {
    fn from(s: String) -> Self {
        Val::Str(Cow::Owned(s))
    }
}

impl<'a> From<&'a Value> for Val<'a> {
    fn from(v: &'a Value) -> Self {
        Val::Json(v)
    }
}

impl<'a, T: Into<Val<'a>>> From<Option<T>> for Val<'a> {
    fn from(x: Option<T>) -> Self {
        x.map_or(Val::Null, Into::into)
    }
}

/// A feature's properties in insertion order, with `serde_json::Map`'s
/// `preserve_order` semantics: inserting a key already present replaces its
/// value in place.
#[derive(Debug, Default)]
pub struct Props<'a> {
    items: Vec<(u64, Cow<'a, str>, Val<'a>)>,
}

/// FNV-1a: a cheap key fingerprint so duplicate checks compare integers first.
fn key_hash(k: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in k.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl<'a> Props<'a> {
    /// No properties.
    pub fn new() -> Self {
        Self::default()
    }

    /// Empties the list, keeping its memory.
    pub fn clear(&mut self) {
        self.items.clear();
    }

    fn position(&self, h: u64, key: &str) -> Option<usize> {
        self.items
            .iter()
            .position(|(kh, k, _)| *kh == h && k == key)
    }

    /// Sets `key` to `v`: replaced in place if present, else appended.
    pub fn insert(&mut self, key: impl Into<Cow<'a, str>>, v: impl Into<Val<'a>>) {
        let key = key.into();
        let h = key_hash(&key);
        match self.position(h, &key) {
            Some(i) => self.items[i].2 = v.into(),
            None => self.items.push((h, key, v.into())),
        }
    }

    /// Whether `key` is set.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key_hash(key), key).is_some()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Val<'a>> {
        self.position(key_hash(key), key).map(|i| &self.items[i].2)
    }

    /// Appends the properties as a JSON object.
    pub fn write(&self, buf: &mut Vec<u8>) {
        buf.push(b'{');
        for (i, (_, k, v)) in self.items.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            push_json_str(buf, k);
            buf.push(b':');
            v.write(buf);
        }
        buf.push(b'}');
    }

    /// The properties as a `serde_json` object.
    pub fn to_map(&self) -> Map<String, Value> {
        self.items
            .iter()
            .map(|(_, k, v)| (k.to_string(), v.to_value()))
            .collect()
    }
}

/// Rounds to `dp` decimals for output.
pub fn round_to(x: f64, dp: i32) -> f64 {
    let f = 10f64.powi(dp);
    (x * f).round() / f
}

/// A feature's geometry, before rounding.
#[derive(Debug, Clone)]
pub enum Geom {
    /// A point.
    Point(Coord<f64>),
    /// A straight line between two points.
    Line(Coord<f64>, Coord<f64>),
    /// Polygons, already oriented the RFC 7946 way.
    Area(MultiPolygon<f64>),
}

impl Geom {
    /// RFC 7946 polygons: exterior counter-clockwise, holes clockwise.
    pub fn area(mp: &MultiPolygon<f64>) -> Self {
        Geom::Area(mp.orient(geo::orient::Direction::Default))
    }

    fn type_name(&self) -> &'static str {
        match self {
            Geom::Point(_) => "Point",
            Geom::Line(..) => "LineString",
            Geom::Area(mp) if mp.0.len() == 1 => "Polygon",
            Geom::Area(_) => "MultiPolygon",
        }
    }

    /// Calls `f` on every position, rounded as written.
    fn each(&self, f: &mut impl FnMut(f64, f64)) {
        let mut pos = |c: &Coord<f64>| f(round_to(c.x, 7), round_to(c.y, 7));
        match self {
            Geom::Point(c) => pos(c),
            Geom::Line(a, b) => {
                pos(a);
                pos(b);
            }
            Geom::Area(mp) => {
                for p in &mp.0 {
                    for c in &p.exterior().0 {
                        pos(c);
                    }
                    for r in p.interiors() {
                        for c in &r.0 {
                            pos(c);
                        }
                    }
                }
            }
        }
    }

    fn write(&self, buf: &mut Vec<u8>) {
        let pos = |buf: &mut Vec<u8>, c: &Coord<f64>| {
            buf.push(b'[');
            push_f64(buf, round_to(c.x, 7));
            buf.push(b',');
            push_f64(buf, round_to(c.y, 7));
            buf.push(b']');
        };
        let ring = |buf: &mut Vec<u8>, ls: &geo::LineString<f64>| {
            buf.push(b'[');
            for (i, c) in ls.0.iter().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                pos(buf, c);
            }
            buf.push(b']');
        };
        let polygon = |buf: &mut Vec<u8>, p: &geo::Polygon<f64>| {
            buf.push(b'[');
            ring(buf, p.exterior());
            for r in p.interiors() {
                buf.push(b',');
                ring(buf, r);
            }
            buf.push(b']');
        };
        buf.extend_from_slice(b"{\"type\":\"");
        buf.extend_from_slice(self.type_name().as_bytes());
        buf.extend_from_slice(b"\",\"coordinates\":");
        match self {
            Geom::Point(c) => pos(buf, c),
            Geom::Line(a, b) => {
                buf.push(b'[');
                pos(buf, a);
                buf.push(b',');
                pos(buf, b);
                buf.push(b']');
            }
            Geom::Area(mp) if mp.0.len() == 1 => polygon(buf, &mp.0[0]),
            Geom::Area(mp) => {
                buf.push(b'[');
                for (i, p) in mp.0.iter().enumerate() {
                    if i > 0 {
                        buf.push(b',');
                    }
                    polygon(buf, p);
                }
                buf.push(b']');
            }
        }
        buf.push(b'}');
    }

    fn to_value(&self) -> Value {
        let pos = |c: &Coord<f64>| json!([json!(round_to(c.x, 7)), json!(round_to(c.y, 7))]);
        let ring = |ls: &geo::LineString<f64>| Value::Array(ls.0.iter().map(pos).collect());
        let polygon = |p: &geo::Polygon<f64>| {
            let mut rings = vec![ring(p.exterior())];
            rings.extend(p.interiors().iter().map(ring));
            Value::Array(rings)
        };
        let coordinates = match self {
            Geom::Point(c) => pos(c),
            Geom::Line(a, b) => json!([pos(a), pos(b)]),
            Geom::Area(mp) if mp.0.len() == 1 => polygon(&mp.0[0]),
            Geom::Area(mp) => Value::Array(mp.0.iter().map(polygon).collect()),
        };
        json!({"type": self.type_name(), "coordinates": coordinates})
    }
}

/// Writes one FeatureCollection feature by feature, collecting its [`Layer`].
pub struct LayerSink<'w> {
    w: &'w mut dyn Write,
    buf: Vec<u8>,
    layer: Layer,
}

impl<'w> LayerSink<'w> {
    /// Writes the collection's head.
    pub fn begin(w: &'w mut dyn Write, name: &str) -> std::io::Result<Self> {
        let mut buf = Vec::with_capacity(4096);
        buf.extend_from_slice(b"{\"type\":\"FeatureCollection\",\"name\":");
        push_json_str(&mut buf, name);
        buf.extend_from_slice(b",\"features\":[\n");
        w.write_all(&buf)?;
        Ok(Self {
            w,
            buf,
            layer: Layer::new(name),
        })
    }

    fn open(&mut self, id: &str) {
        self.buf.clear();
        if !self.layer.is_empty() {
            self.buf.extend_from_slice(b",\n");
        }
        self.buf.extend_from_slice(b"{\"type\":\"Feature\",\"id\":");
        push_json_str(&mut self.buf, id);
        self.buf.extend_from_slice(b",\"properties\":");
    }

    fn close(
        &mut self,
        id: &str,
        geom: &Geom,
        props: impl FnOnce() -> Map<String, Value>,
        status: &str,
        gain: Option<(&str, u64)>,
    ) -> std::io::Result<()> {
        self.buf.extend_from_slice(b",\"geometry\":");
        geom.write(&mut self.buf);
        self.buf.push(b'}');
        self.w.write_all(&self.buf)?;
        let mut n = 0;
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        geom.each(&mut |x, y| {
            n += 1;
            if x.is_finite() && y.is_finite() {
                b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            }
        });
        let point = match geom {
            Geom::Point(c) => Some((round_to(c.x, 7), round_to(c.y, 7))),
            _ => None,
        };
        self.layer.record(
            Some(geom.type_name()),
            (b[0] <= b[2]).then_some(b),
            n,
            point,
            status,
            gain,
            || {
                let mut f = Map::with_capacity(4);
                f.insert("type".into(), Value::String("Feature".into()));
                f.insert("id".into(), Value::String(id.into()));
                f.insert("properties".into(), Value::Object(props()));
                f.insert("geometry".into(), geom.to_value());
                Value::Object(f)
            },
        );
        Ok(())
    }

    /// Writes a feature with `props`.
    pub fn feature(&mut self, id: &str, props: &Props, geom: &Geom) -> std::io::Result<()> {
        self.open(id);
        props.write(&mut self.buf);
        let status = props.get("status").and_then(Val::as_str).unwrap_or("");
        let gain = match (
            props.get("rule").and_then(Val::as_str),
            props.get("population_covered"),
        ) {
            (Some(r), Some(Val::U64(n))) => Some((r, *n)),
            _ => None,
        };
        self.close(id, geom, || props.to_map(), status, gain)
    }

    /// Writes a feature whose properties are `value` serialised (a struct's
    /// fields in order), then `extra` set over them as `Map::insert` would.
    /// `status` and `gain` are what the struct holds of the feature's `status`
    /// and (`rule`, `population_covered`), for the layer's summary.
    pub fn feature_of<T: serde::Serialize>(
        &mut self,
        id: &str,
        value: &T,
        extra: &[(&str, Val)],
        geom: &Geom,
        (status, gain): (&str, Option<(&str, u64)>),
    ) -> std::io::Result<()> {
        self.open(id);
        let start = self.buf.len();
        serde_json::to_writer(&mut self.buf, value).map_err(std::io::Error::other)?;
        if !extra.is_empty() {
            let needles: Vec<Vec<u8>> = extra
                .iter()
                .map(|(k, _)| {
                    let mut needle = Vec::with_capacity(k.len() + 3);
                    push_json_str(&mut needle, k);
                    needle.push(b':');
                    needle
                })
                .collect();
            let body = &self.buf[start..];
            let present = needles
                .iter()
                .any(|n| body.windows(n.len()).any(|w| w == n.as_slice()));
            let distinct = extra
                .iter()
                .enumerate()
                .all(|(i, (k, _))| extra[..i].iter().all(|(j, _)| j != k));
            if body.last() == Some(&b'}') && !present && distinct {
                // New keys go at the end, as `insert` puts them.
                self.buf.pop();
                for (needle, (_, v)) in needles.iter().zip(extra) {
                    if self.buf.len() > start + 1 {
                        self.buf.push(b',');
                    }
                    self.buf.extend_from_slice(needle);
                    v.write(&mut self.buf);
                }
                self.buf.push(b'}');
            } else {
                // A key may be there already: through a map, replaced in place.
                let mut map = to_map(value)?;
                for (k, v) in extra {
                    map.insert((*k).to_owned(), v.to_value());
                }
                self.buf.truncate(start);
                serde_json::to_writer(&mut self.buf, &map).map_err(std::io::Error::other)?;
            }
        }
        let map_of = || -> Map<String, Value> {
            let mut map = to_map(value).unwrap_or_default();
            for (k, v) in extra {
                map.insert((*k).to_owned(), v.to_value());
            }
            map
        };
        self.close(id, geom, map_of, status, gain)
    }

    /// Writes the collection's tail; returns the layer's metadata.
    pub fn finish(mut self) -> std::io::Result<Layer> {
        self.w.write_all(b"\n]}\n")?;
        self.layer.seal();
        Ok(self.layer)
    }
}

fn to_map<T: serde::Serialize>(value: &T) -> std::io::Result<Map<String, Value>> {
    match serde_json::to_value(value).map_err(std::io::Error::other)? {
        Value::Object(m) => Ok(m),
        _ => Err(std::io::Error::other(
            "properties must serialise to an object",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRICKY: [&str; 10] = [
        "",
        "plain ascii",
        "quote \" backslash \\ slash /",
        "\u{0}\u{1}\u{7}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1b}\u{1f} controls",
        "del \u{7f} and nbsp \u{a0}",
        "普陀区 桃花岛 二(二)5b",
        "emoji 🏝️⛴️ and 𝄞",
        "line\nbreak\r\ttab",
        "\u{2028}\u{2029} separators",
        "\"\"\\\\\"",
    ];

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for s in TRICKY {
            let mut buf = Vec::new();
            push_json_str(&mut buf, s);

            assert_eq!(
                String::from_utf8(buf).unwrap(),
                serde_json::to_string(s).unwrap(),
                "{s:?}"
            );
        }
        for b in 0u8..0x80 {
            let s = (b as char).to_string();
            let mut buf = Vec::new();
            push_json_str(&mut buf, &s);
            assert_eq!(buf, serde_json::to_vec(&s).unwrap(), "byte {b:#x}");
        }
    }

    #[test]
    fn numbers_are_written_as_json_macro_values_serialise() {
        let floats = [
            0.0,
            -0.0,
            0.1,
            1.0,
            122.123_456_7,
            -33.5,
            1e21,
            1e-7,
            123_456_789.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
        ];
        for x in floats {
            let mut buf = Vec::new();
            Val::from(x).write(&mut buf);
            assert_eq!(buf, serde_json::to_vec(&json!(x)).unwrap(), "{x}");
            assert_eq!(Val::from(x).to_value(), json!(x));
        }
        for (v, expected) in [
            (Val::from(u64::MAX), json!(u64::MAX)),
            (Val::from(i64::MIN), json!(i64::MIN)),
            (Val::from(7usize), json!(7usize)),
            (Val::from(-3i32), json!(-3i32)),
            (Val::from(None::<u64>), json!(null)),
            (Val::from(Some("x")), json!("x")),
            (Val::from(true), json!(true)),
        ] {
            let mut buf = Vec::new();
            v.write(&mut buf);
            assert_eq!(buf, serde_json::to_vec(&expected).unwrap());
            assert_eq!(v.to_value(), expected);
        }
    }

    #[test]
    fn props_replace_in_place_like_a_preserve_order_map() {
        let input = json!({"nested": [1, {"a": "b"}]});
        let mut p = Props::new();
        let mut m = Map::new();
        for (k, v) in [
            ("id", json!("a")),
            ("name", json!("甲")),
            ("status", json!("served")),
            ("id", json!("b")),
            ("extra", input.clone()),
            ("status", json!("gap")),
        ] {
            m.insert(k.to_owned(), v.clone());
            p.insert(k, Val::Value(v));
        }
        let mut buf = Vec::new();

        p.write(&mut buf);

        assert_eq!(buf, serde_json::to_vec(&m).unwrap());
        assert_eq!(p.to_map(), m);
        assert!(p.contains_key("extra") && !p.contains_key("Extra"));
        assert_eq!(p.get("status").and_then(Val::as_str), Some("gap"));
    }

    fn square(x: f64, y: f64, r: f64, hole: bool) -> geo::Polygon<f64> {
        let ring = |r: f64| {
            geo::LineString::from(vec![
                (x - r, y - r),
                (x + r, y - r),
                (x + r, y + r),
                (x - r, y + r),
                (x - r, y - r),
            ])
        };
        let holes = if hole { vec![ring(r / 2.0)] } else { vec![] };
        geo::Polygon::new(ring(r), holes)
    }

    #[test]
    fn geometries_are_written_as_their_values_serialise() {
        let a = Coord {
            x: 122.123_456_789,
            y: 30.000_000_04,
        };
        let b = Coord { x: -1.5, y: 2.0 };
        for g in [
            Geom::Point(a),
            Geom::Point(Coord {
                x: f64::NAN,
                y: 1.0,
            }),
            Geom::Line(a, b),
            Geom::area(&MultiPolygon(vec![square(122.0, 30.0, 0.1, true)])),
            Geom::area(&MultiPolygon(vec![
                square(122.0, 30.0, 0.1, false),
                square(123.0, 31.0, 0.2, true),
            ])),
        ] {
            let mut buf = Vec::new();
            g.write(&mut buf);
            assert_eq!(buf, serde_json::to_vec(&g.to_value()).unwrap(), "{g:?}");
        }
    }

    #[test]
    fn rfc7946_winding_matches_the_old_area_geometry() {
        // Clockwise exterior in: counter-clockwise out, as `orient` makes it.
        let cw = geo::Polygon::new(
            geo::LineString::from(vec![(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (0.0, 0.0)]),
            vec![],
        );
        let g = Geom::area(&MultiPolygon(vec![cw]));

        let v = g.to_value();

        assert_eq!(v["type"], "Polygon");
        assert_eq!(v["coordinates"][0][1], json!([1.0, 1.0]));
    }

    #[derive(serde::Serialize)]
    struct Thing {
        id: String,
        rule: String,
        population_covered: u64,
        minutes: Option<f64>,
    }

    #[test]
    fn struct_features_with_extra_keys_match_the_map_path() {
        let t = Thing {
            id: "t\"1".into(),
            rule: "r".into(),
            population_covered: 12,
            minutes: None,
        };
        let mut text = Vec::new();
        let mut sink = LayerSink::begin(&mut text, "things").unwrap();
        // A new key is appended; a key already there is replaced in place.
        sink.feature_of(
            &t.id,
            &t,
            &[("kind_zh", Val::from("卫生室"))],
            &Geom::Point(Coord { x: 1.0, y: 2.0 }),
            ("", Some((&t.rule, t.population_covered))),
        )
        .unwrap();
        sink.feature_of(
            &t.id,
            &t,
            &[("rule", Val::from("changed")), ("z", Val::Null)],
            &Geom::Point(Coord { x: 1.0, y: 2.0 }),
            ("", Some((&t.rule, t.population_covered))),
        )
        .unwrap();
        let layer = sink.finish().unwrap();

        let v: Value = serde_json::from_slice(&text).unwrap();
        let mut first = serde_json::to_value(&t).unwrap();
        first["kind_zh"] = json!("卫生室");
        assert_eq!(v["features"][0]["properties"], first);
        let keys: Vec<&String> = v["features"][1]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(keys, ["id", "rule", "population_covered", "minutes", "z"]);
        assert_eq!(v["features"][1]["properties"]["rule"], "changed");
        assert_eq!(
            layer.features(),
            v["features"].as_array().unwrap().as_slice()
        );
        assert_eq!(layer.gains().get("r"), Some(&24));
    }

    #[test]
    fn the_sink_collects_what_a_parse_of_its_text_finds() {
        let mut text = Vec::new();
        let mut sink = LayerSink::begin(&mut text, "mixed").unwrap();
        let mut p = Props::new();
        for i in 0..5 {
            p.clear();
            p.insert("id", format!("f{i}"));
            p.insert("status", if i % 2 == 0 { "gap" } else { "served" });
            let g = if i == 4 {
                Geom::Line(Coord { x: 0.0, y: 0.0 }, Coord { x: 3.0, y: 4.0 })
            } else {
                Geom::Point(Coord {
                    x: f64::from(i),
                    y: -f64::from(i),
                })
            };
            sink.feature(&format!("f{i}"), &p, &g).unwrap();
        }
        let written = sink.finish().unwrap();

        let parsed = Layer::parse("mixed", std::str::from_utf8(&text).unwrap()).unwrap();

        for l in [&written, &parsed] {
            assert_eq!(l.len(), 5);
            assert_eq!(
                l.kinds(),
                vec![
                    crate::output::layer::GeomKind::Point,
                    crate::output::layer::GeomKind::Line
                ]
            );
            assert_eq!(l.bbox(), Some([0.0, -3.0, 3.0, 4.0]));
            assert!(l.is_complete());
            assert_eq!(l.geometry_types(), ["LineString", "Point"]);
        }
        assert_eq!(written.features(), parsed.features());
    }

    #[test]
    fn empty_layers_are_written_as_before() {
        let mut text = Vec::new();
        let layer = LayerSink::begin(&mut text, "gaps")
            .unwrap()
            .finish()
            .unwrap();

        assert_eq!(
            String::from_utf8(text).unwrap(),
            "{\"type\":\"FeatureCollection\",\"name\":\"gaps\",\"features\":[\n\n]}\n"
        );
        assert!(layer.is_empty() && layer.bbox().is_none());
    }
}
