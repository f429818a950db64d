//! Typed access to a feature's properties, with the field named in every problem.

use serde_json::{Map, Value};

use super::geojson::json_type;

/// A problem with one field of one feature.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    /// The field (`population`, `geometry`, …).
    pub field: String,
    /// What is wrong, with the bad value.
    pub reason: String,
}

impl FieldProblem {
    /// A problem with `field`.
    pub fn new(field: &str, reason: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            reason: reason.into(),
        }
    }
}

/// The largest count a field may hold (residents, departures): 10^15, the bound
/// on a whole dataset's residents (`model::MAX_POPULATION`).
pub const MAX_COUNT: u64 = 1_000_000_000_000_000;

/// A feature's properties, read field by field.
#[derive(Debug, Clone, Copy)]
pub struct Props<'a>(pub &'a Map<String, Value>);

impl Props<'_> {
    fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    /// A text field that must be present and non-empty.
    pub fn text(&self, key: &str) -> Result<String, FieldProblem> {
        self.opt_text(key)?
            .ok_or_else(|| FieldProblem::new(key, format!("`{key}` is missing")))
    }

    /// A text field that may be absent (or null); numbers are accepted as text.
    pub fn opt_text(&self, key: &str) -> Result<Option<String>, FieldProblem> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(v) => Err(FieldProblem::new(
                key,
                format!("`{key}` must be text, found {}", json_type(v)),
            )),
        }
    }

    /// A list of codes: a JSON array of text, or one text of codes separated by
    /// commas or white space; absent or null is empty.
    pub fn opt_list(&self, key: &str) -> Result<Vec<String>, FieldProblem> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(s
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|x| !x.is_empty())
                .map(str::to_owned)
                .collect()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
                    Value::Number(n) => Ok(n.to_string()),
                    other => Err(FieldProblem::new(
                        key,
                        format!("`{key}`[{i}] must be text, found {}", json_type(other)),
                    )),
                })
                .collect(),
            Some(v) => Err(FieldProblem::new(
                key,
                format!("`{key}` must be a list of text, found {}", json_type(v)),
            )),
        }
    }

    /// A count (residents, departures): a whole number ≥ 0, which must be present.
    pub fn count(&self, key: &str) -> Result<u64, FieldProblem> {
        self.opt_count(key)?
            .ok_or_else(|| FieldProblem::new(key, format!("`{key}` is missing")))
    }

    /// A count that may be absent: a whole number from 0 to [`MAX_COUNT`].
    pub fn opt_count(&self, key: &str) -> Result<Option<u64>, FieldProblem> {
        let too_large = |shown: &dyn std::fmt::Display| {
            FieldProblem::new(
                key,
                format!("`{key}` is too large (got {shown}; at most {MAX_COUNT})"),
            )
        };
        // A whole number beyond what f64 holds exactly (2^63, u64::MAX) is too
        // large, not "not a whole number": judge the integer as written.
        if let Some(Value::Number(n)) = self.get(key) {
            if let Some(u) = n.as_u64() {
                return if u > MAX_COUNT {
                    Err(too_large(n))
                } else {
                    Ok(Some(u))
                };
            }
        }
        let Some(x) = self.opt_number(key)? else {
            return Ok(None);
        };
        if x < 0.0 {
            return Err(FieldProblem::new(
                key,
                format!("`{key}` is negative (got {x})"),
            ));
        }
        if x > MAX_COUNT as f64 {
            return Err(too_large(&x));
        }
        if x.fract() != 0.0 {
            return Err(FieldProblem::new(
                key,
                format!("`{key}` must be a whole number (got {x})"),
            ));
        }
        Ok(Some(x as u64))
    }

    /// A non-negative finite number that may be absent.
    pub fn opt_non_negative(&self, key: &str) -> Result<Option<f64>, FieldProblem> {
        let Some(x) = self.opt_number(key)? else {
            return Ok(None);
        };
        if x < 0.0 {
            return Err(FieldProblem::new(
                key,
                format!("`{key}` is negative (got {x})"),
            ));
        }
        Ok(Some(x))
    }

    /// A finite number that may be absent. Text holding a number is refused: a
    /// quoted number usually means a spreadsheet export went wrong.
    pub fn opt_number(&self, key: &str) -> Result<Option<f64>, FieldProblem> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(x) if x.is_finite() => Ok(Some(x)),
                _ => Err(FieldProblem::new(
                    key,
                    format!("`{key}` is not a finite number (got {n})"),
                )),
            },
            Some(v) => Err(FieldProblem::new(
                key,
                format!("`{key}` must be a number, found {} ({v})", json_type(v)),
            )),
        }
    }

    /// A time of day `HH:MM` that may be absent, as minutes after midnight.
    pub fn opt_clock(&self, key: &str) -> Result<Option<f64>, FieldProblem> {
        let Some(text) = self.opt_text(key)? else {
            return Ok(None);
        };
        let bad = || FieldProblem::new(key, format!("`{key}` must be a time HH:MM (got {text:?})"));
        let (h, m) = text.split_once(':').ok_or_else(bad)?;
        let h: u32 = h.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        if h > 24 || m > 59 || (h == 24 && m > 0) {
            return Err(bad());
        }
        Ok(Some(f64::from(h * 60 + m)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn props(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn negative_population_names_the_value() {
        let m = props(json!({"population": -3}));

        let err = Props(&m).count("population").unwrap_err();

        assert_eq!(err.field, "population");
        assert_eq!(err.reason, "`population` is negative (got -3)");
    }

    #[test]
    fn missing_and_null_are_both_missing() {
        let m = props(json!({"population": null}));

        assert!(Props(&m)
            .count("population")
            .unwrap_err()
            .reason
            .contains("missing"));
        assert!(Props(&m)
            .count("elderly")
            .unwrap_err()
            .reason
            .contains("missing"));
    }

    #[test]
    fn quoted_number_is_refused() {
        let m = props(json!({"population": "120"}));

        let err = Props(&m).count("population").unwrap_err();

        assert!(err.reason.contains("must be a number, found a string"));
    }

    #[test]
    fn a_population_past_u64_or_the_bound_is_too_large_not_fractional() {
        for (v, shown) in [
            (json!(9223372036854775808u64), "9223372036854775808"),
            (json!(u64::MAX), "18446744073709551615"),
            (json!(1e20), "100000000000000000000"),
            (json!(1000000000000001u64), "1000000000000001"),
        ] {
            let m = props(json!({ "population": v }));

            let err = Props(&m).count("population").unwrap_err();

            assert_eq!(
                err.reason,
                format!("`population` is too large (got {shown}; at most 1000000000000000)")
            );
        }
        let m = props(json!({"population": 12.5}));
        assert!(Props(&m)
            .count("population")
            .unwrap_err()
            .reason
            .contains("whole number"));
        let m = props(json!({"population": 1000000000000000u64}));
        assert_eq!(Props(&m).count("population").unwrap(), MAX_COUNT);
    }

    #[test]
    fn clock_times_parse() {
        let m = props(json!({"first": "07:20", "last": "25:00"}));

        assert_eq!(Props(&m).opt_clock("first").unwrap(), Some(440.0));
        assert!(Props(&m).opt_clock("last").is_err());
    }
}
