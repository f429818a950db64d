//! What a leg costs in minutes: mode profiles for land legs and the expected wait for a ferry.
//!
//! The `[travel]` section of the rules file names the profiles (walk, e-bike, car…), each
//! with a speed and a detour factor, the default profile, and how ferries without a full
//! timetable are costed. This module validates those numbers and turns metres and
//! timetables into minutes; the graph is `network`'s job and the search `travel`'s.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{did_you_mean, Error, Result};
use crate::model::FerryLink;

/// Minutes in a day: the headway of a route with one sailing a day.
pub const DAY_MIN: f64 = 1440.0;
/// Highest profile speed accepted, km/h (faster is a typo, not a mode).
pub const MAX_SPEED_KMH: f64 = 200.0;
/// Highest detour factor accepted.
pub const MAX_DETOUR: f64 = 10.0;
/// Most departures per day assumed for a route of unknown timetable.
pub const MAX_DEPARTURES: f64 = 1440.0;
/// How far from the nearest road a point may lie and still be joined to it by an
/// off-road leg, metres, when the rules file does not say (`travel.max_snap_m`):
/// a setting of this tool, not a measured figure.
pub const DEFAULT_MAX_SNAP_M: f64 = 500.0;
/// Largest `travel.max_snap_m` accepted, metres.
pub const MAX_SNAP_LIMIT_M: f64 = 100_000.0;

/// The `[travel]` section as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TravelFile {
    default_profile: toml::Spanned<String>,
    profiles: BTreeMap<String, ProfileFile>,
    ferry: FerryFile,
    #[serde(default)]
    max_snap_m: Option<toml::Spanned<f64>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    speed_kmh: toml::Spanned<f64>,
    detour: toml::Spanned<f64>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    road_speeds: BTreeMap<String, toml::Spanned<f64>>,
    #[serde(default)]
    offroad_speed_kmh: Option<toml::Spanned<f64>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FerryFile {
    default_service_span_min: toml::Spanned<f64>,
    departures_if_unknown: toml::Spanned<f64>,
}

/// How a mode moves over land: straight-line metres × `detour` at `speed_kmh` where
/// an island has no roads; along roads at their speeds where it has.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Name in the rules file (`walk`, `e-bike`, `car`).
    pub name: String,
    /// Average speed along the way, km/h; also the speed on a road whose class
    /// `road_speeds` does not list (or that has none).
    pub speed_kmh: f64,
    /// Ratio of the way's length to the straight line (≥ 1).
    pub detour: f64,
    /// Where the numbers come from.
    pub note: Option<String>,
    /// Speed per road class, km/h; 0 closes the class to the profile.
    pub road_speeds: BTreeMap<String, f64>,
    /// Speed of the off-road leg between a point and its road, km/h (`None`: `speed_kmh`).
    pub offroad_speed_kmh: Option<f64>,
}

impl Profile {
    /// Metres covered along the way in one minute.
    pub fn speed_m_per_min(&self) -> f64 {
        self.speed_kmh * 1000.0 / 60.0
    }

    /// Minutes for a land leg of `distance_m` straight-line metres.
    pub fn land_min(&self, distance_m: f64) -> f64 {
        distance_m * self.detour / self.speed_m_per_min()
    }

    /// Straight-line metres reachable over land in `minutes`: the inverse of [`Self::land_min`].
    pub fn reach_m(&self, minutes: f64) -> f64 {
        minutes * self.speed_m_per_min() / self.detour
    }

    /// Metres covered off road in one minute (between a point and its road).
    pub fn offroad_m_per_min(&self) -> f64 {
        self.offroad_speed_kmh.unwrap_or(self.speed_kmh) * 1000.0 / 60.0
    }

    /// The fastest this profile goes on any road, km/h: the highest of `speed_kmh`
    /// and its class speeds.
    pub fn top_speed_kmh(&self) -> f64 {
        self.road_speeds
            .values()
            .copied()
            .fold(self.speed_kmh, f64::max)
    }

    /// The speed on a road of `class` with the data's own `speed_kmh`, km/h; 0 when
    /// the profile may not use the class.
    ///
    /// A class the profile closes (speed 0) stays closed; otherwise the road's own
    /// `speed_kmh` wins over the class, capped at [`Self::top_speed_kmh`] (a 60 km/h
    /// road does not make a walker fast); a class the profile does not list, or none,
    /// goes at `speed_kmh`.
    pub fn road_speed_kmh(&self, class: Option<&str>, speed_kmh: Option<f64>) -> f64 {
        let class_speed = class.and_then(|c| self.road_speeds.get(c)).copied();
        match (class_speed, speed_kmh) {
            (Some(c), _) if c <= 0.0 => 0.0,
            (_, Some(v)) => v.min(self.top_speed_kmh()),
            (Some(v), None) => v,
            (None, None) => self.speed_kmh,
        }
    }
}

/// How ferries without a full timetable are costed.
#[derive(Debug, Clone, PartialEq)]
pub struct FerryRules {
    /// Service hours assumed when a route gives no `first`/`last` departure, minutes.
    pub default_service_span_min: f64,
    /// Departures per day assumed when a route gives none; 0 makes such a route unusable.
    pub departures_if_unknown: f64,
}

/// The validated `[travel]` section.
#[derive(Debug, Clone, PartialEq)]
pub struct TravelSettings {
    /// Profile used by rules that name none, and for the per-family minutes in the outputs.
    pub default_profile: String,
    /// Profiles by name.
    pub profiles: BTreeMap<String, Profile>,
    /// Ferry costing.
    pub ferry: FerryRules,
    /// How far from the nearest road a point may lie and be joined to it by an
    /// off-road leg, metres; farther, its leg to the road is costed as a straight
    /// land leg and a warning names it.
    pub max_snap_m: f64,
}

impl TravelSettings {
    /// The profile called `name`.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// The default profile.
    pub fn default(&self) -> &Profile {
        &self.profiles[&self.default_profile]
    }

    /// Makes `name` the default profile (a scenario's "what if 15 minutes means walking?").
    ///
    /// Fails with a "did you mean" when no profile has that name.
    pub fn set_default_profile(&mut self, name: &str) -> std::result::Result<(), String> {
        if !self.profiles.contains_key(name) {
            let mut msg = format!(
                "unknown travel profile {name:?} (profiles: {})",
                self.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
            );
            if let Some(n) = did_you_mean(name, self.profiles.keys().map(String::as_str)) {
                msg.push_str(&format!("; did you mean {n:?}?"));
            }
            return Err(msg);
        }
        self.default_profile = name.to_owned();
        Ok(())
    }
}

/// 1-based line of byte offset `at` in `text`.
pub(crate) fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

impl TravelFile {
    /// Checks every number (finite, in range), with the file and line of a bad one.
    pub(crate) fn validate(self, text: &str, path: &Path) -> Result<TravelSettings> {
        let bad =
            |span: std::ops::Range<usize>, problem: String, hint: Option<String>| Error::Config {
                path: format!("{}:{}", path.display(), line_of(text, span.start)).into(),
                problem,
                hint,
            };
        // Upper bounds keep absurd values (a typo, `1e300`) away from the geometry code.
        let number = |v: &toml::Spanned<f64>, what: &str, min: f64, strict: bool, max: f64| {
            let x = *v.get_ref();
            let ok = x.is_finite() && (if strict { x > min } else { x >= min }) && x <= max;
            if ok {
                Ok(x)
            } else {
                let cmp = if strict { ">" } else { "≥" };
                Err(bad(
                    v.span(),
                    format!("{what} must be a finite number {cmp} {min} and ≤ {max} (got {x})"),
                    None,
                ))
            }
        };
        let mut profiles = BTreeMap::new();
        for (name, p) in self.profiles {
            let speed_kmh = number(
                &p.speed_kmh,
                &format!("travel.profiles.{name}.speed_kmh"),
                0.0,
                true,
                MAX_SPEED_KMH,
            )?;
            let detour = number(
                &p.detour,
                &format!("travel.profiles.{name}.detour"),
                1.0,
                false,
                MAX_DETOUR,
            )?;
            let mut road_speeds = BTreeMap::new();
            for (class, v) in &p.road_speeds {
                let v = number(
                    v,
                    &format!("travel.profiles.{name}.road_speeds.{class}"),
                    0.0,
                    false,
                    MAX_SPEED_KMH,
                )?;
                road_speeds.insert(class.clone(), v);
            }
            let offroad_speed_kmh = p
                .offroad_speed_kmh
                .as_ref()
                .map(|v| {
                    number(
                        v,
                        &format!("travel.profiles.{name}.offroad_speed_kmh"),
                        0.0,
                        true,
                        MAX_SPEED_KMH,
                    )
                })
                .transpose()?;
            profiles.insert(
                name.clone(),
                Profile {
                    name,
                    speed_kmh,
                    detour,
                    note: p.note,
                    road_speeds,
                    offroad_speed_kmh,
                },
            );
        }
        let span = number(
            &self.ferry.default_service_span_min,
            "travel.ferry.default_service_span_min",
            0.0,
            true,
            DAY_MIN,
        )?;
        let departures_if_unknown = number(
            &self.ferry.departures_if_unknown,
            "travel.ferry.departures_if_unknown",
            0.0,
            false,
            MAX_DEPARTURES,
        )?;
        let max_snap_m = self
            .max_snap_m
            .as_ref()
            .map(|v| number(v, "travel.max_snap_m", 0.0, false, MAX_SNAP_LIMIT_M))
            .transpose()?
            .unwrap_or(DEFAULT_MAX_SNAP_M);
        let mut settings = TravelSettings {
            default_profile: String::new(),
            profiles,
            ferry: FerryRules {
                default_service_span_min: span,
                departures_if_unknown,
            },
            max_snap_m,
        };
        let name = self.default_profile.get_ref();
        settings.set_default_profile(name).map_err(|p| {
            bad(
                self.default_profile.span(),
                format!("travel.default_profile: {p}"),
                None,
            )
        })?;
        Ok(settings)
    }
}

/// How a ferry route is costed, or why it cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum FerryCost {
    /// Usable: board after the expected wait, then cross.
    Usable {
        /// Expected wait at the pier, minutes (half the headway).
        wait_min: f64,
        /// Crossing, minutes.
        crossing_min: f64,
        /// What was assumed to get there, if anything (listed in the summary).
        assumed: Option<String>,
    },
    /// Not usable; the reason is listed in the summary.
    Unusable(String),
}

/// The expected wait and crossing of a ferry route.
///
/// # Algorithm
/// A passenger who turns up at a random moment of the service hours waits on average
/// half the headway (the classic result for evenly spaced departures; Welding, "The
/// instability of a close-interval service", *Operational Research Quarterly* 8 (1957);
/// Ceder, *Public Transit Planning and Operation*, 2nd ed. (2015), §4). With `n`
/// departures a day:
/// - `n = 0`: no scheduled service, the route is unusable;
/// - `n ≥ 2`: headway = service span ÷ (n − 1), the span being `last − first` when both
///   are given (`last + 24 h − first` when `last` is before `first`: a service across
///   midnight, 22:00 to 02:00 is 4 hours) and the rules' `default_service_span_min`
///   otherwise (also when the two times are equal, which cannot hold `n ≥ 2`
///   departures);
/// - `0 < n < 2`: the departures do not bracket a span, so the headway is the day over
///   `n` (one sailing a day waits half a day on average).
///
/// Unknown departures use `departures_if_unknown` (0 = unusable); unknown crossing
/// minutes make the route unusable. Every assumption is returned for the summary.
///
/// # Runtime
/// O(1).
pub fn ferry_cost(link: &FerryLink, rules: &FerryRules) -> FerryCost {
    let Some(crossing_min) = link.crossing_min else {
        return FerryCost::Unusable("crossing minutes unknown".into());
    };
    let mut assumed = Vec::new();
    let n = match link.departures_per_day {
        Some(n) => n,
        None if rules.departures_if_unknown > 0.0 => {
            assumed.push(format!(
                "departures per day unknown: assumed {} (travel.ferry.departures_if_unknown)",
                rules.departures_if_unknown
            ));
            rules.departures_if_unknown
        }
        None => {
            return FerryCost::Unusable(
                "departures per day unknown and travel.ferry.departures_if_unknown is 0".into(),
            )
        }
    };
    if n <= 0.0 {
        return FerryCost::Unusable("0 departures per day: no scheduled service".into());
    }
    let headway_min = if n >= 2.0 {
        let span = match (link.first_min, link.last_min) {
            (Some(a), Some(b)) if b > a => b - a,
            // A service across midnight (22:00 to 02:00): the span runs over it.
            (Some(a), Some(b)) if b < a => b + DAY_MIN - a,
            (Some(_), Some(_)) => {
                assumed.push(format!(
                    "first and last departure coincide but {n} departures are given: assumed a service span of {} min",
                    rules.default_service_span_min
                ));
                rules.default_service_span_min
            }
            _ => {
                assumed.push(format!(
                    "first/last departure unknown: assumed a service span of {} min",
                    rules.default_service_span_min
                ));
                rules.default_service_span_min
            }
        };
        span / (n - 1.0)
    } else {
        DAY_MIN / n
    };
    FerryCost::Usable {
        wait_min: headway_min / 2.0,
        crossing_min,
        assumed: (!assumed.is_empty()).then(|| assumed.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LinkId, LinkMode, Provenance};
    use approx::assert_relative_eq;

    fn link(departures: Option<f64>, first: Option<f64>, last: Option<f64>) -> FerryLink {
        FerryLink {
            id: LinkId("f".into()),
            mode: LinkMode::Ferry,
            from: "a".into(),
            to: "b".into(),
            crossing_min: Some(20.0),
            profile_minutes: Vec::new(),
            departures_per_day: departures,
            first_min: first,
            last_min: last,
            line: vec![],
            provenance: Provenance::default(),
        }
    }

    const RULES: FerryRules = FerryRules {
        default_service_span_min: 600.0,
        departures_if_unknown: 0.0,
    };

    fn wait(c: FerryCost) -> f64 {
        match c {
            FerryCost::Usable { wait_min, .. } => wait_min,
            FerryCost::Unusable(why) => panic!("unusable: {why}"),
        }
    }

    #[test]
    fn wait_is_half_the_headway_over_the_timetabled_span() {
        // 07:00–17:00 is 600 min; 9 departures leave 8 gaps of 75 min; the wait is 37.5.
        let l = link(Some(9.0), Some(420.0), Some(1020.0));

        let c = ferry_cost(&l, &RULES);

        assert_relative_eq!(wait(c), 37.5);
    }

    #[test]
    fn an_overnight_service_spans_midnight() {
        // 22:00–02:00 is 240 min; 5 departures leave 4 gaps of 60 min; the wait is 30.
        let l = link(Some(5.0), Some(1320.0), Some(120.0));

        let c = ferry_cost(&l, &RULES);

        assert_relative_eq!(wait(c), 30.0);
    }

    #[test]
    fn missing_times_use_the_default_span_and_say_so() {
        let l = link(Some(5.0), None, None);

        let c = ferry_cost(&l, &RULES);

        let FerryCost::Usable {
            wait_min, assumed, ..
        } = c
        else {
            panic!()
        };
        assert_relative_eq!(wait_min, 75.0); // 600 / 4 / 2
        assert!(assumed.unwrap().contains("service span of 600"));
    }

    #[test]
    fn one_sailing_a_day_waits_half_a_day() {
        let l = link(Some(1.0), Some(720.0), Some(720.0));

        assert_relative_eq!(wait(ferry_cost(&l, &RULES)), 720.0);
    }

    #[test]
    fn zero_departures_make_the_route_unusable() {
        let l = link(Some(0.0), None, None);

        assert!(
            matches!(ferry_cost(&l, &RULES), FerryCost::Unusable(w) if w.contains("0 departures"))
        );
    }

    #[test]
    fn unknown_departures_follow_the_rules_parameter() {
        let l = link(None, None, None);
        let assume = FerryRules {
            departures_if_unknown: 3.0,
            ..RULES
        };

        let strict = ferry_cost(&l, &RULES);
        let lenient = ferry_cost(&l, &assume);

        assert!(matches!(strict, FerryCost::Unusable(_)));
        assert_relative_eq!(wait(lenient), 150.0); // 600 / 2 / 2
    }

    #[test]
    fn land_minutes_and_reach_are_inverse() {
        let p = Profile {
            name: "car".into(),
            speed_kmh: 30.0,
            detour: 1.25,
            note: None,
            road_speeds: BTreeMap::new(),
            offroad_speed_kmh: None,
        };

        let min = p.land_min(1000.0);

        assert_relative_eq!(min, 2.5); // 1000 m × 1.25 ÷ 500 m/min
        assert_relative_eq!(p.reach_m(min), 1000.0);
    }
}
